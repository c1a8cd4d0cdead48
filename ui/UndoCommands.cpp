#include "ui/UndoCommands.h"

#include <QObject>
#include <utility>

#include "inference/objects/Frame.h"
#include "scene/CloudEdit.h"

namespace sl::ui {

SelectionCommand::SelectionCommand(SelectionController* controller, SelectionState before,
                                   SelectionState after, const QString& text)
    : QUndoCommand(text),
      controller_(controller),
      before_(std::move(before)),
      after_(std::move(after)) {}

void SelectionCommand::undo() {
  controller_->setSelection(before_);
}

void SelectionCommand::redo() {
  controller_->setSelection(after_);
}

AddObjectCommand::AddObjectCommand(std::shared_ptr<Scene> scene, SceneObject object,
                                   SceneChanged changed)
    : QUndoCommand(QObject::tr("Name \"%1\"").arg(QString::fromStdString(object.name))),
      scene_(std::move(scene)),
      object_(std::move(object)),
      changed_(std::move(changed)) {}

void AddObjectCommand::undo() {
  if (!scene_->objects.empty()) scene_->objects.pop_back();
  changed_(kObjectsChanged);
}

void AddObjectCommand::redo() {
  scene_->objects.push_back(object_);
  changed_(kObjectsChanged);
}

SetObjectsCommand::SetObjectsCommand(std::shared_ptr<Scene> scene, std::vector<SceneObject> objects,
                                     Eigen::Vector3d up, const QString& text, SceneChanged changed)
    : QUndoCommand(text),
      scene_(std::move(scene)),
      before_(scene_->objects),
      after_(std::move(objects)),
      up_before_(scene_->up),
      up_after_(up),
      changed_(std::move(changed)) {}

void SetObjectsCommand::undo() {
  scene_->objects = before_;
  scene_->up = up_before_;
  changed_(kObjectsChanged);
}

void SetObjectsCommand::redo() {
  scene_->objects = after_;
  scene_->up = up_after_;
  changed_(kObjectsChanged);
}

RenameObjectCommand::RenameObjectCommand(std::shared_ptr<Scene> scene, int object, std::string name,
                                         SceneChanged changed)
    : QUndoCommand(QObject::tr("Rename to \"%1\"").arg(QString::fromStdString(name))),
      scene_(std::move(scene)),
      object_(object),
      before_(scene_->objects.at(size_t(object)).name),
      after_(std::move(name)),
      changed_(std::move(changed)) {}

void RenameObjectCommand::undo() {
  scene_->objects.at(size_t(object_)).name = before_;
  changed_(kObjectsChanged);
}

void RenameObjectCommand::redo() {
  scene_->objects.at(size_t(object_)).name = after_;
  changed_(kObjectsChanged);
}

AddMeasurementCommand::AddMeasurementCommand(std::shared_ptr<Scene> scene, Measurement m,
                                             SceneChanged changed)
    : QUndoCommand(QObject::tr("Measure %1").arg(QString::fromStdString(m.label))),
      scene_(std::move(scene)),
      m_(std::move(m)),
      changed_(std::move(changed)) {}

void AddMeasurementCommand::undo() {
  if (!scene_->measurements.empty()) scene_->measurements.pop_back();
  changed_(kMeasurementsChanged);
}

void AddMeasurementCommand::redo() {
  scene_->measurements.push_back(m_);
  changed_(kMeasurementsChanged);
}

RemoveMeasurementCommand::RemoveMeasurementCommand(std::shared_ptr<Scene> scene, int index,
                                                   SceneChanged changed)
    : QUndoCommand(QObject::tr("Delete measurement")),
      scene_(std::move(scene)),
      index_(index),
      m_(scene_->measurements.at(size_t(index))),
      changed_(std::move(changed)) {}

void RemoveMeasurementCommand::undo() {
  scene_->measurements.insert(scene_->measurements.begin() + index_, m_);
  changed_(kMeasurementsChanged);
}

void RemoveMeasurementCommand::redo() {
  scene_->measurements.erase(scene_->measurements.begin() + index_);
  changed_(kMeasurementsChanged);
}

SetScaleCommand::SetScaleCommand(std::shared_ptr<Scene> scene, Scale after, SceneChanged changed)
    : QUndoCommand(QObject::tr("Set scale")),
      scene_(std::move(scene)),
      before_(scene_->scale),
      after_(after),
      changed_(std::move(changed)) {}

void SetScaleCommand::undo() {
  scene_->scale = before_;
  changed_(kScaleChanged | kMeasurementsChanged);
}

void SetScaleCommand::redo() {
  scene_->scale = after_;
  changed_(kScaleChanged | kMeasurementsChanged);
}

RotateSceneCommand::RotateSceneCommand(std::shared_ptr<Scene> scene, const Eigen::Matrix3d& R,
                                       const QString& text, SceneChanged changed)
    : QUndoCommand(text),
      scene_(std::move(scene)),
      R_(R),
      up_before_(scene_->up),
      changed_(std::move(changed)) {}

void RotateSceneCommand::undo() {
  objects::apply_rotation(*scene_, R_.transpose());
  scene_->up = up_before_;
  changed_(kGeometryChanged | kObjectsChanged | kMeasurementsChanged);
}

void RotateSceneCommand::redo() {
  objects::apply_rotation(*scene_, R_);
  changed_(kGeometryChanged | kObjectsChanged | kMeasurementsChanged);
}

KeepPointsCommand::KeepPointsCommand(std::shared_ptr<Scene> scene, std::vector<uint32_t> keep,
                                     const QString& text, SceneChanged changed)
    : QUndoCommand(text),
      scene_(std::move(scene)),
      keep_(std::move(keep)),
      changed_(std::move(changed)) {}

void KeepPointsCommand::undo() {
  scene_->cloud = std::move(cloud_before_);
  for (size_t i = 0; i < scene_->objects.size() && i < object_points_before_.size(); ++i)
    scene_->objects[i].point_indices = std::move(object_points_before_[i]);
  changed_(kGeometryChanged | kObjectsChanged);
}

void KeepPointsCommand::redo() {
  cloud_before_ = scene_->cloud;
  object_points_before_.clear();
  for (const SceneObject& o : scene_->objects) object_points_before_.push_back(o.point_indices);
  keep_cloud_points(*scene_, keep_);
  changed_(kGeometryChanged | kObjectsChanged);
}

}  // namespace sl::ui
