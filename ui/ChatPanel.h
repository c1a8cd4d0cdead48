// The chat panel: a history of questions and answers, an input line and an Ask button.
// Answers come only from the injectable answer function, so the spatial reasoner can plug in.
#pragma once
#include <QWidget>
#include <functional>
#include <string>
#include <vector>

#include "scene/Scene.h"

class QListWidget;
class QLineEdit;
class QPushButton;

namespace sl::ui {

struct ChatAnswer {
  std::string text;  // shown in the history
  std::string json;  // structured answer, may be empty
};
using AnswerFunction = std::function<ChatAnswer(const std::string& question)>;

// Placeholder used until the reasoner exists.
ChatAnswer placeholder_answer(const std::string& question);

class ChatPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChatPanel(QWidget* parent = nullptr);

  void setAnswerFunction(AnswerFunction answer);
  // Replaces the shown history (e.g. with a loaded scene's Scene::chat).
  void setHistory(const std::vector<ChatTurn>& turns);
  // Asks programmatically, as if typed and Ask pressed. Returns the new turn.
  ChatTurn ask(const QString& question);

  QListWidget* historyView() const { return history_; }
  QLineEdit* inputLine() const { return input_; }
  QPushButton* askButton() const { return ask_; }

 Q_SIGNALS:
  void turnAdded(const sl::ChatTurn& turn);
  // An answer in the history was clicked: its structured answer (ChatTurn::json), so that its
  // drawing (or its photo) can be shown again.
  void answerActivated(const QString& json);

 private:
  void onAsk();
  void appendTurn(const ChatTurn& turn);

  QListWidget* history_;
  QLineEdit* input_;
  QPushButton* ask_;
  AnswerFunction answer_;
};

}  // namespace sl::ui
