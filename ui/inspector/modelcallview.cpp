// SPDX-License-Identifier: MIT
#include "modelcallview.h"

#include "inspectorformat.h"
#include "modelcallsmodel.h"

#include <conversation/chattypes.h>

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QString preWrap(const QString &text)
{
    return u"<div style=\"white-space: pre-wrap;\">%1</div>"_s.arg(text.toHtmlEscaped());
}

} // namespace

ModelCallView::ModelCallView(QWidget *parent)
    : QWidget(parent)
    , m_stats(new QLabel(this))
    , m_recalledMemories(new QToolButton(this))
    , m_tabs(new QTabWidget(this))
    , m_breakdown(new QTextBrowser(m_tabs))
    , m_rawJson(new QPlainTextEdit(m_tabs))
{
    m_stats->setObjectName(u"modelCallStats"_s);
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_stats->setTextFormat(Qt::PlainText);

    m_recalledMemories->setObjectName(u"recalledMemories"_s);
    m_recalledMemories->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_recalledMemories, &QToolButton::clicked, this, [this] {
        if (m_call)
            Q_EMIT recalledMemoriesRequested(m_call->id);
    });

    m_breakdown->setObjectName(u"modelRequestBreakdown"_s);
    m_breakdown->setOpenLinks(false);
    m_rawJson->setObjectName(u"modelRequestJson"_s);
    m_rawJson->setReadOnly(true);
    m_rawJson->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawJson->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_tabs->setObjectName(u"modelRequestTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_breakdown, QString());
    m_tabs->addTab(m_rawJson, QString());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    header->addWidget(m_stats, 1);
    header->addWidget(m_recalledMemories, 0, Qt::AlignTop);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    render();
}

void ModelCallView::setCall(const Store::ModelCallRow &call)
{
    // The request never changes once sent: parse and lay it out only when another call is shown,
    // so a call finishing while its request is read updates the figures without a jump.
    const bool requestChanged = !m_call || m_call->id != call.id || m_call->request != call.request;
    if (requestChanged)
        m_request = ModelRequest::parse(call.request);
    m_call = call;
    render(requestChanged);
}

void ModelCallView::clear()
{
    m_call.reset();
    m_request = {};
    render();
}

void ModelCallView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange)
        render();
}

void ModelCallView::render(bool requestChanged)
{
    m_tabs->setTabText(0, tr("Request"));
    m_tabs->setTabText(1, tr("Raw JSON"));
    m_tabs->setAccessibleName(tr("Model request views"));
    m_stats->setAccessibleName(tr("Model call summary"));
    m_breakdown->setAccessibleName(tr("Model request, taken apart"));
    m_rawJson->setAccessibleName(tr("Model request as JSON"));
    m_recalledMemories->setText(tr("Recalled memories"));
    m_recalledMemories->setToolTip(tr("Show the memories recalled for this turn, and why, in the memory inspector"));
    m_recalledMemories->setAccessibleName(tr("Show the memories recalled for this model call"));
    m_recalledMemories->setEnabled(m_call && m_call->purpose == "chat"_L1); // summaries recall nothing

    if (!m_call) {
        m_stats->setText(tr("Select a model call to see the exact request sent to the model."));
        m_breakdown->clear();
        m_rawJson->clear();
        m_tabs->setEnabled(false);
        return;
    }
    m_tabs->setEnabled(true);
    m_stats->setText(statsText());
    if (requestChanged) {
        m_breakdown->setHtml(breakdownHtml());
        m_rawJson->setPlainText(m_request.prettyJson);
    }
}

QString ModelCallView::statsText() const
{
    const Store::ModelCallRow &call = *m_call;
    QStringList parts;
    parts << (call.purpose == "summary"_L1 ? tr("Summary") : tr("Chat"));
    if (!call.model.isEmpty())
        parts << call.model;
    if (ModelCallsModel::isRunning(call)) {
        parts << tr("Running…");
    } else {
        parts << tr("%1 prompt + %2 completion tokens")
                     .arg(InspectorFormat::count(call.promptTokens), InspectorFormat::count(call.completionTokens));
        parts << tr("took %1").arg(InspectorFormat::duration(double(call.durationMs)));
        if (call.firstTokenMs >= 0)
            parts << tr("first token after %1").arg(InspectorFormat::duration(double(call.firstTokenMs)));
        if (!call.error.isEmpty())
            parts << tr("failed: %1").arg(call.error);
        else if (!call.doneReason.isEmpty())
            parts << tr("done: %1").arg(call.doneReason);
    }
    return parts.join(u" · "_s); // a list of facts, not a sentence: the separator needs no translation
}

QString ModelCallView::breakdownHtml() const
{
    if (!m_request.valid)
        return u"<p><i>%1</i></p>"_s.arg(tr("The stored request is not valid JSON; see Raw JSON.").toHtmlEscaped());

    // Secondary text: between text and background, still readable (disabled grey is too faint).
    const QColor fg = palette().color(QPalette::Text);
    const QColor bg = palette().color(QPalette::Base);
    const QString muted =
        QColor((fg.red() * 3 + bg.red() * 2) / 5, (fg.green() * 3 + bg.green() * 2) / 5, (fg.blue() * 3 + bg.blue() * 2) / 5)
            .name();
    auto meta = [&](const QString &text) {
        return u"<span style=\"color: %1;\">%2</span>"_s.arg(muted, text.toHtmlEscaped());
    };
    auto size = [&](const QString &text) {
        return meta(tr("estimated tokens: %1").arg(InspectorFormat::count(Conversation::estimateTokens(text))));
    };
    auto heading = [](const QString &text) { return u"<h4>%1</h4>"_s.arg(text.toHtmlEscaped()); };

    QString html;
    html += heading(tr("System prompt")) + u"<p>"_s + size(m_request.systemPrompt) + u"</p>"_s;
    html += m_request.systemPrompt.isEmpty() ? u"<p><i>%1</i></p>"_s.arg(tr("No system message was sent.").toHtmlEscaped())
                                             : preWrap(m_request.systemPrompt);

    html += heading(tr("Summary"));
    if (m_request.summary.isEmpty())
        html += u"<p><i>%1</i></p>"_s.arg(tr("No summary was sent.").toHtmlEscaped());
    else
        html += u"<p>"_s + size(m_request.summary) + u"</p>"_s + preWrap(m_request.summary);

    html += heading(tr("Window messages (%n)", nullptr, int(m_request.window.size())));
    for (const ModelRequest::Message &message : m_request.window) {
        html += u"<p><b><tt>%1</tt></b> %2</p>"_s.arg(message.role.toHtmlEscaped(), size(message.content));
        html += preWrap(message.content);
    }

    html += heading(tr("Options"));
    html += u"<table cellspacing=\"0\" cellpadding=\"2\">"_s;
    for (const auto &[key, value] : m_request.options)
        html += u"<tr><td><tt>%1</tt></td><td>%2</td></tr>"_s.arg(key.toHtmlEscaped(), value.toHtmlEscaped());
    html += u"</table>"_s;
    return html;
}

} // namespace Studio::Ui
