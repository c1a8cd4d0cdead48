// The main window: the 3D viewport in the centre, the photo strip (bottom), display options
// (left), the chat (right), the reconstruction panel (bottom, tabbed with the photos).
// Split over MainWindow.cpp (layout, scene, settings), MainWindowActions.cpp (menus, files)
// and MainWindowLoading.cpp (open, drop, reconstruct).
#pragma once
#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <vector>

#include "inference/ReconstructionBackend.h"
#include "scene/Scene.h"
#include "ui/ChatPanel.h"
#include "ui/UndoCommands.h"

class QLabel;
class QMenu;
class QAction;
class QDockWidget;
class QMimeData;
class QUndoStack;
class QImage;
class QProgressBar;

namespace sl::viewer {
class Viewport;
struct PickResult;
}  // namespace sl::viewer

namespace sl::spatial {
struct Context;
}

namespace sl::dense {
struct DenseCache;
}

namespace sl::ui {

class ChatPanel;
class DisplayPanel;
class JobRunner;
class Autosave;
class FileTask;
class MeasurementsPanel;
struct RecoverableSession;
class PhotoStrip;
class PointFilterPanel;
class PhotoDialog;
class SelectionController;
class ProgressPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  viewer::Viewport* viewport() const { return viewport_; }
  ChatPanel* chatPanel() const { return chat_; }
  DisplayPanel* displayPanel() const { return display_; }
  PhotoStrip* photoStrip() const { return photos_; }
  ProgressPanel* progressPanel() const { return progress_; }
  JobRunner* jobRunner() const { return runner_; }
  // MainWindowSelection.cpp: clicking things, measurements, undo.
  SelectionController* selection() const { return selection_; }
  QUndoStack* undoStack() const { return undo_; }
  MeasurementsPanel* measurementsPanel() const { return measurements_; }
  // Names the selection (undoable): a region becomes a new object with an upright box; a
  // single selected object is renamed. False when nothing fitting is selected.
  bool nameSelection(const QString& name);
  // "This distance is X m": sets the metric scale from a distance measurement (undoable).
  bool setScaleFromMeasurement(int index, double meters);
  // Rotates the scene so the selected region's plane is horizontal (undoable).
  bool levelToSelection();

  std::shared_ptr<const Scene> scene() const { return scene_; }
  QString scenePath() const { return scene_path_; }
  // Shows a scene (the window keeps it; chat turns are appended to it).
  void setScene(std::shared_ptr<Scene> scene, const QString& path);
  // "N points · M cameras (K registered)".
  QString sceneStatusText() const;
  QString pickStatusText() const;

  // Opens what the paths are: scenes are loaded (the first one), photos, folders of photos
  // and videos are reconstructed. Problems are reported in a message box; returns false then.
  bool openPaths(const QStringList& paths);
  // Loads a scene-like path (load_any). On error: warning naming the file; returns false.
  bool openScene(const QString& path);
  // Starts a reconstruction with the options of the progress panel.
  bool reconstruct(const ReconstructionInput& input);
  // MainWindowProject.cpp. Saving runs on a worker thread (progress in the status bar); returns
  // false when it cannot start; sceneSaved(path, ok) follows. The project keeps the view state.
  bool saveSceneTo(const QString& path);
  bool isModified() const;
  void markModified();
  Autosave* autosave() const { return autosave_; }
  // Sessions autosaved by instances that crashed or were killed; recovering one loads it as an
  // unsaved scene belonging to its project path. offerRecovery asks the user (at start-up).
  std::vector<RecoverableSession> recoverableSessions() const;
  bool recoverSession(const RecoverableSession& session);
  void offerRecovery();
  // MainWindowExport.cpp. Export (inference/export formats) on a worker thread; exportFinished
  // follows. "screenshot" writes the viewport's next drawn frame as a PNG (exportFinished too).
  bool exportTo(const QString& format, const QString& path);
  // Turntable: `frames` PNGs of the viewport circling the scene into `folder`, one per drawn
  // frame (the GUI stays responsive); exportFinished(folder, ...) when done.
  bool exportTurntable(const QString& folder, int frames);
  QStringList recentFiles() const;
  // MainWindowPhotos.cpp. Opens (or raises) the larger view of photo `view` (0-based), with the
  // selection outlined; clicks on it select there. Null when there is no such photo.
  PhotoDialog* openPhoto(int view);
  std::vector<PhotoDialog*> openPhotos() const;

  // Message boxes are skipped (and the text kept) when false: for tests.
  void setInteractive(bool interactive) { interactive_ = interactive; }
  QString lastWarning() const { return last_warning_; }

 Q_SIGNALS:
  void sceneChanged();
  void reconstructionFinished(bool ok);
  void sceneSaved(const QString& path, bool ok);
  void exportFinished(const QString& path, bool ok, const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  // MainWindow.cpp
  void buildDocks();
  void updateStatus();
  void onPointPicked(const viewer::PickResult& pick);
  void showView(std::shared_ptr<const Scene> scene);
  void loadSettings();
  void saveSettings() const;
  void warn(const QString& title, const QString& text);
  // MainWindowActions.cpp
  void buildActions();
  void rebuildRecentMenu();
  void addRecentFile(const QString& path);
  void openSceneDialog();
  void openPhotosDialog();
  void openFolderDialog();
  void openVideoDialog();
  void saveScene();
  void saveSceneAs();
  void reconstructAction();
  void showAbout();
  QString lastFolder() const;
  void setLastFolder(const QString& path);
  // MainWindowLoading.cpp
  void connectJobRunner();
  // MainWindowProject.cpp
  void buildProjectSupport();
  std::string viewStateJson() const;
  void applyViewState(const std::string& json);
  std::shared_ptr<const Scene> projectSnapshot() const;
  bool confirmClose();
  // MainWindowExport.cpp
  void buildExportMenu(QMenu* file);
  void exportDialog(const QString& format);
  void turntableDialog();
  // MainWindowObjects.cpp
  void buildObjectTools(QMenu* tools_menu);
  // MainWindowPhotos.cpp
  void buildPhotoUi();
  void refreshPhotoOutlines();
  void showGroundedPhoto(const std::string& answer_json);
  // MainWindowFilters.cpp
  void buildPointFilters();
  void updatePointFilter();  // the panel's filter onto the viewport (a mask over scene_)
  void applyPointFilter();   // the filtered cloud becomes scene_'s (undoable)
  void pointFiltersSceneChanged();
  void ensureFilterCache();
  // MainWindowSelection.cpp
  void buildSelectionUi();
  SceneChanged sceneEditedFunction();
  void onSceneEdited(unsigned what);
  AnswerFunction makeChatAnswer();
  spatial::Context chatContext() const;
  void addDistance(const Eigen::Vector3d& a, const Eigen::Vector3d& b);
  void nameSelectionDialog();
  void scaleDialog();
  static QStringList localFiles(const QMimeData* mime);

  viewer::Viewport* viewport_ = nullptr;
  ChatPanel* chat_ = nullptr;
  DisplayPanel* display_ = nullptr;
  PhotoStrip* photos_ = nullptr;
  ProgressPanel* progress_ = nullptr;
  JobRunner* runner_ = nullptr;
  QDockWidget* photo_dock_ = nullptr;
  QDockWidget* progress_dock_ = nullptr;
  QLabel* scene_label_ = nullptr;
  QLabel* pick_label_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QAction* cancel_action_ = nullptr;
  QAction* reconstruct_action_ = nullptr;
  Autosave* autosave_ = nullptr;
  FileTask* save_task_ = nullptr;
  FileTask* export_task_ = nullptr;
  QProgressBar* save_progress_ = nullptr;
  QUndoStack* undo_ = nullptr;
  SelectionController* selection_ = nullptr;
  MeasurementsPanel* measurements_ = nullptr;
  QLabel* selection_label_ = nullptr;
  PointFilterPanel* filters_ = nullptr;
  QDockWidget* filters_dock_ = nullptr;
  std::shared_ptr<const dense::DenseCache> filter_cache_;  // of scene_, built when first needed

  std::shared_ptr<Scene> scene_;
  std::shared_ptr<const Scene> shown_;                // scene_ or a snapshot of a running job
  std::vector<QPointer<PhotoDialog>> photo_dialogs_;  // open photo views
  QString scene_path_;
  ReconstructionInput last_input_;
  bool interactive_ = true;
  bool settings_loaded_ = false;
  QString last_warning_;
};

}  // namespace sl::ui
