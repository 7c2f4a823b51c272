// SPDX-License-Identifier: MIT
#pragma once

#include "modelrequest.h"

#include <store/records.h>

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;
class QToolButton;

namespace Studio::Ui {

/** @brief One model call as the inspector shows it: what it cost (tokens, timings, result) and
 *  the exact request, taken apart (system prompt, summary, window messages, options) and as
 *  pretty-printed JSON. Thread: the GUI thread. */
class ModelCallView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelCallView)

public:
    explicit ModelCallView(QWidget *parent = nullptr);

    void setCall(const Store::ModelCallRow &call);
    void clear();

    /** The call shown, or 0. */
    qint64 callId() const { return m_call ? m_call->id : 0; }
    /** The request shown, taken apart (empty when none). */
    const ModelRequest &request() const { return m_request; }

Q_SIGNALS:
    /** The user asked for the memories recalled for the shown call (its "Recalled memories" button). */
    void recalledMemoriesRequested(qint64 modelCallId);

protected:
    void changeEvent(QEvent *event) override;

private:
    /** Shows the current call; the request's views are rebuilt only when asked (keeps their scroll). */
    void render(bool requestChanged = true);
    QString breakdownHtml() const;
    QString statsText() const;

    std::optional<Store::ModelCallRow> m_call;
    ModelRequest m_request;
    QLabel *m_stats;
    QToolButton *m_recalledMemories;
    QTabWidget *m_tabs;
    QTextBrowser *m_breakdown;
    QPlainTextEdit *m_rawJson;
};

} // namespace Studio::Ui
