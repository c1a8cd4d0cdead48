#include "ui/ChatPanel.h"

#include <QCheckBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace sl::ui {

ChatAnswer placeholder_answer(const std::string& question) {
  (void)question;
  return {"Spatial answers arrive in a later version.", "", {}};
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
  // The optional VLM server: off by default, remembered.
  QSettings settings;
  vlm_box_ = new QCheckBox(tr("Ask a VLM server the rest:"), this);
  vlm_box_->setObjectName("chatVlmEnabled");
  vlm_box_->setToolTip(
      tr("Questions SceneLens cannot answer itself go to a local "
         "OpenAI-compatible vision-language model server, with the object list "
         "and photos; it can call SceneLens's measuring tools"));
  vlm_box_->setChecked(settings.value("vlm/enabled", false).toBool());
  vlm_url_ = new QLineEdit(settings.value("vlm/url", "http://127.0.0.1:8000/v1").toString(), this);
  vlm_url_->setObjectName("chatVlmUrl");
  vlm_model_ = settings.value("vlm/model", "default").toString();
  auto* vlm_row = new QHBoxLayout;
  vlm_row->addWidget(vlm_box_);
  vlm_row->addWidget(vlm_url_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(history_, 1);
  layout->addLayout(row);
  layout->addLayout(vlm_row);
  const auto save = [this] {
    QSettings s;
    s.setValue("vlm/enabled", vlm_box_->isChecked());
    s.setValue("vlm/url", vlm_url_->text().trimmed());
  };
  connect(vlm_box_, &QCheckBox::toggled, this, save);
  connect(vlm_url_, &QLineEdit::editingFinished, this, save);

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

std::optional<std::pair<std::string, std::string>> ChatPanel::vlmServer() const {
  const QString url = vlm_url_->text().trimmed();
  if (!vlm_box_->isChecked() || url.isEmpty()) return std::nullopt;
  return std::make_pair(url.toStdString(), vlm_model_.toStdString());
}

void ChatPanel::setVlmServer(bool enabled, const QString& url, const QString& model) {
  vlm_url_->setText(url);
  vlm_model_ = model;
  vlm_box_->setChecked(enabled);
  QSettings s;
  s.setValue("vlm/url", url);
  s.setValue("vlm/model", model);
}

void ChatPanel::setHistory(const std::vector<ChatTurn>& turns) {
  ++generation_;
  history_->clear();
  for (const auto& t : turns) appendTurn(t);
}

ChatTurn ChatPanel::ask(const QString& question) {
  ChatTurn turn;
  turn.question = question.trimmed().toStdString();
  std::function<ChatAnswer()> deferred;
  try {
    ChatAnswer a = answer_(turn.question);
    turn.answer = a.text;
    turn.json = a.json;
    deferred = std::move(a.deferred);
  } catch (const std::exception& e) {
    turn.answer = std::string("Could not answer: ") + e.what();
  }
  appendTurn(turn);
  if (!deferred) {
    Q_EMIT turnAdded(turn);
    return turn;
  }
  // A long answer: computed on a worker; its placeholder is replaced when it arrives.
  QListWidgetItem* item = history_->item(history_->count() - 1);
  item->setForeground(QColor(140, 140, 140));
  ++pending_;
  auto* watcher = new QFutureWatcher<ChatAnswer>(this);
  const int generation = generation_;
  connect(watcher, &QFutureWatcher<ChatAnswer>::finished, this,
          [this, watcher, item, turn, generation]() mutable {
            watcher->deleteLater();
            --pending_;
            if (generation != generation_) return;  // the history was replaced meanwhile
            const ChatAnswer a = watcher->result();
            turn.answer = a.text;
            turn.json = a.json;
            item->setText(QString::fromStdString(a.text));
            item->setForeground(palette().color(QPalette::Text));
            if (!a.json.empty()) item->setData(Qt::UserRole, QString::fromStdString(a.json));
            Q_EMIT turnAdded(turn);
          });
  watcher->setFuture(QtConcurrent::run([deferred]() {
    try {
      return deferred();
    } catch (const std::exception& e) {
      return ChatAnswer{std::string("Could not answer: ") + e.what(), "", {}};
    }
  }));
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
