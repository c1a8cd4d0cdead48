// The measurements of the scene as a list ("Distance 1: 1.234 m"), with Delete; the owner
// performs the deletion (through the undo stack) when deleteRequested is emitted.
#pragma once
#include <QWidget>
#include <memory>

#include "scene/Scene.h"

class QListWidget;
class QPushButton;

namespace sl::ui {

class MeasurementsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit MeasurementsPanel(QWidget* parent = nullptr);
  // Rebuilds the list from the scene (call after every change of its measurements or scale).
  void setScene(std::shared_ptr<const Scene> scene);
  QListWidget* list() const { return list_; }
  QPushButton* deleteButton() const { return delete_; }
  int currentIndex() const;

 Q_SIGNALS:
  void deleteRequested(int index);
  void currentChanged(int index);

 private:
  QListWidget* list_;
  QPushButton* delete_;
};

}  // namespace sl::ui
