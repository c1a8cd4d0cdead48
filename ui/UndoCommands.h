// Undoable edits of the scene and of the selection (QUndoStack commands). Every command edits
// the shared Scene in place and then calls `changed(what)` so the window refreshes what
// depends on it (overlays, panels, the reasoner, the viewport's geometry).
#pragma once
#include <Eigen/Core>
#include <QUndoCommand>
#include <functional>
#include <memory>

#include "scene/Scene.h"
#include "ui/SelectionController.h"

namespace sl::ui {

// What an edit touched (bit flags for SceneChanged).
enum SceneChange : unsigned {
  kObjectsChanged = 1,
  kMeasurementsChanged = 2,
  kScaleChanged = 4,
  kGeometryChanged = 8,  // the cloud / views moved: picking index and viewport rebuilt
};
using SceneChanged = std::function<void(unsigned what)>;

// Replaces the selection; undo restores the previous one.
class SelectionCommand : public QUndoCommand {
 public:
  SelectionCommand(SelectionController* controller, SelectionState before, SelectionState after,
                   const QString& text);
  void undo() override;
  void redo() override;

 private:
  SelectionController* controller_;
  SelectionState before_, after_;
};

// Appends a named object to the scene (the object takes the next index).
class AddObjectCommand : public QUndoCommand {
 public:
  AddObjectCommand(std::shared_ptr<Scene> scene, SceneObject object, SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  SceneObject object_;
  SceneChanged changed_;
};

// Replaces the scene's object list (automatic proposals, detector labels) and its up axis.
class SetObjectsCommand : public QUndoCommand {
 public:
  SetObjectsCommand(std::shared_ptr<Scene> scene, std::vector<SceneObject> objects,
                    Eigen::Vector3d up, const QString& text, SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  std::vector<SceneObject> before_, after_;
  Eigen::Vector3d up_before_, up_after_;
  SceneChanged changed_;
};

// Renames an object (by index).
class RenameObjectCommand : public QUndoCommand {
 public:
  RenameObjectCommand(std::shared_ptr<Scene> scene, int object, std::string name,
                      SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  int object_;
  std::string before_, after_;
  SceneChanged changed_;
};

// Adds a measurement at the end of Scene::measurements.
class AddMeasurementCommand : public QUndoCommand {
 public:
  AddMeasurementCommand(std::shared_ptr<Scene> scene, Measurement m, SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  Measurement m_;
  SceneChanged changed_;
};

// Removes the measurement at `index`; undo puts it back at the same place.
class RemoveMeasurementCommand : public QUndoCommand {
 public:
  RemoveMeasurementCommand(std::shared_ptr<Scene> scene, int index, SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  int index_;
  Measurement m_;
  SceneChanged changed_;
};

// Sets Scene::scale.
class SetScaleCommand : public QUndoCommand {
 public:
  SetScaleCommand(std::shared_ptr<Scene> scene, Scale after, SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  Scale before_, after_;
  SceneChanged changed_;
};

// Rotates the whole scene about the origin (objects::apply_rotation); undo rotates back.
class RotateSceneCommand : public QUndoCommand {
 public:
  RotateSceneCommand(std::shared_ptr<Scene> scene, const Eigen::Matrix3d& R, const QString& text,
                     SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  Eigen::Matrix3d R_;
  Eigen::Vector3d up_before_;
  SceneChanged changed_;
};

// Keeps only some cloud points (the point filters applied: keep_cloud_points); undo puts the
// whole cloud and the objects' points back.
class KeepPointsCommand : public QUndoCommand {
 public:
  KeepPointsCommand(std::shared_ptr<Scene> scene, std::vector<uint32_t> keep, const QString& text,
                    SceneChanged changed);
  void undo() override;
  void redo() override;

 private:
  std::shared_ptr<Scene> scene_;
  std::vector<uint32_t> keep_;
  PointCloud cloud_before_;
  std::vector<std::vector<uint32_t>> object_points_before_;
  SceneChanged changed_;
};

}  // namespace sl::ui
