// The chat panel: a history of questions and answers, an input line and an Ask button.
// Answers come only from the injectable answer function, so the spatial reasoner can plug in.
#pragma once
#include <QWidget>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scene/Scene.h"

class QListWidget;
class QLineEdit;
class QPushButton;
class QCheckBox;

namespace sl::ui {

struct ChatAnswer {
  std::string text;  // shown in the history (while `deferred` runs: a placeholder)
  std::string json;  // structured answer, may be empty
  // Set when the answer takes long (a VLM server): run on a worker thread; its result replaces
  // this answer in the history and only then is the turn added (turnAdded).
  std::function<ChatAnswer()> deferred;
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
  // Answers still being computed on a worker (deferred answers).
  int pendingAnswers() const { return pending_; }
  // The optional VLM server (chat panel's "Ask a VLM server" box, remembered in QSettings):
  // {base URL, model}, or empty when off.
  std::optional<std::pair<std::string, std::string>> vlmServer() const;
  void setVlmServer(bool enabled, const QString& url, const QString& model = "default");
  QCheckBox* vlmCheckBox() const { return vlm_box_; }
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
  QCheckBox* vlm_box_;
  QLineEdit* vlm_url_;
  QString vlm_model_ = "default";
  AnswerFunction answer_;
  int pending_ = 0;
  int generation_ = 0;  // bumped by setHistory: late answers for an old history are dropped
};

}  // namespace sl::ui
