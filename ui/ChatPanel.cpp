#include "ui/ChatPanel.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <exception>

namespace sl::ui {

ChatAnswer placeholder_answer(const std::string& question) {
  (void)question;
  return {"Spatial answers arrive in a later version.", ""};
}

ChatPanel::ChatPanel(QWidget* parent) : QWidget(parent), answer_(placeholder_answer) {
  history_ = new QListWidget(this);
  history_->setObjectName("chatHistory");
  history_->setWordWrap(true);
  history_->setSelectionMode(QAbstractItemView::NoSelection);
  history_->setAlternatingRowColors(true);
  input_ = new QLineEdit(this);
  input_->setObjectName("chatInput");
  input_->setPlaceholderText(tr("Ask about the scene: how far is the chair from the table?"));
  ask_ = new QPushButton(tr("Ask"), this);
  ask_->setObjectName("chatAsk");
  ask_->setEnabled(false);

  auto* row = new QHBoxLayout;
  row->addWidget(input_, 1);
  row->addWidget(ask_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(history_, 1);
  layout->addLayout(row);

  connect(input_, &QLineEdit::textChanged, this,
          [this](const QString& text) { ask_->setEnabled(!text.trimmed().isEmpty()); });
  connect(input_, &QLineEdit::returnPressed, this, &ChatPanel::onAsk);
  connect(ask_, &QPushButton::clicked, this, &ChatPanel::onAsk);
  connect(history_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    const QString json = item->data(Qt::UserRole).toString();
    if (!json.isEmpty()) Q_EMIT answerActivated(json);
  });
}

void ChatPanel::setAnswerFunction(AnswerFunction answer) {
  answer_ = answer ? std::move(answer) : AnswerFunction(placeholder_answer);
}

void ChatPanel::setHistory(const std::vector<ChatTurn>& turns) {
  history_->clear();
  for (const auto& t : turns) appendTurn(t);
}

ChatTurn ChatPanel::ask(const QString& question) {
  ChatTurn turn;
  turn.question = question.trimmed().toStdString();
  try {
    ChatAnswer a = answer_(turn.question);
    turn.answer = a.text;
    turn.json = a.json;
  } catch (const std::exception& e) {
    turn.answer = std::string("Could not answer: ") + e.what();
  }
  appendTurn(turn);
  Q_EMIT turnAdded(turn);
  return turn;
}

void ChatPanel::onAsk() {
  const QString q = input_->text().trimmed();
  if (q.isEmpty()) return;
  input_->clear();
  ask(q);
}

void ChatPanel::appendTurn(const ChatTurn& turn) {
  auto* q = new QListWidgetItem(tr("You: %1").arg(QString::fromStdString(turn.question)));
  QFont bold = q->font();
  bold.setBold(true);
  q->setFont(bold);
  history_->addItem(q);
  auto* a = new QListWidgetItem(QString::fromStdString(turn.answer));
  if (!turn.json.empty()) {
    a->setData(Qt::UserRole, QString::fromStdString(turn.json));
    a->setToolTip(tr("Click to show this answer's drawing again"));
  }
  history_->addItem(a);
  history_->scrollToBottom();
}

}  // namespace sl::ui
