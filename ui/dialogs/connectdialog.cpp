// SPDX-License-Identifier: MIT
#include "connectdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QWidget *copyableLine(const QString &text, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(text, row);
    edit->setReadOnly(true);
    auto *copy = new QPushButton(QCoreApplication::translate("Studio::Ui::ConnectDialog", "Copy"), row);
    QObject::connect(copy, &QPushButton::clicked, row, [text] { QApplication::clipboard()->setText(text); });
    layout->addWidget(edit, 1);
    layout->addWidget(copy);
    return row;
}

} // namespace

QString ConnectDialog::hostConfiguration(const QString &host, const QString &executable, const QString &token)
{
    QJsonObject server{{u"command"_s, executable}, {u"args"_s, QJsonArray{u"--mcp-stdio"_s}}};
    if (!token.isEmpty())
        server.insert(u"env"_s, QJsonObject{{u"PERSONA_STUDIO_TOKEN"_s, token}});
    QJsonObject root;
    if (host == u"vscode"_s) {
        server.insert(u"type"_s, u"stdio"_s);
        root.insert(u"servers"_s, QJsonObject{{u"persona-studio"_s, server}});
    } else {
        root.insert(u"mcpServers"_s, QJsonObject{{u"persona-studio"_s, server}});
    }
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

ConnectDialog::ConnectDialog(const QUrl &endpoint, const QString &token, const QString &executable, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect a client"));
    setObjectName(u"connectDialog"_s);
    auto *intro = new QLabel(tr("Persona Studio serves its personas over MCP while it runs. Paste one of these "
                                "into your AI host's configuration; the command starts a bridge that talks to "
                                "this app."),
                             this);
    intro->setWordWrap(true);

    auto *tabs = new QTabWidget(this);
    const std::pair<QString, QString> hosts[] = {
        {u"claude"_s, tr("Claude Desktop (claude_desktop_config.json)")},
        {u"cursor"_s, tr("Cursor (.cursor/mcp.json)")},
        {u"vscode"_s, tr("VS Code (.vscode/mcp.json)")},
    };
    for (const auto &[host, label] : hosts) {
        auto *page = new QWidget(tabs);
        auto *layout = new QVBoxLayout(page);
        auto *text = new QPlainTextEdit(hostConfiguration(host, executable, token), page);
        text->setReadOnly(true);
        text->setObjectName(u"config-"_s + host);
        text->setAccessibleName(label);
        auto *copy = new QPushButton(tr("Copy configuration"), page);
        connect(copy, &QPushButton::clicked, this,
                [text] { QApplication::clipboard()->setText(text->toPlainText()); });
        layout->addWidget(text);
        layout->addWidget(copy, 0, Qt::AlignRight);
        tabs->addTab(page, label.section(u" ("_s, 0, 0));
    }

    auto *urls = new QFormLayout;
    if (endpoint.isValid()) {
        QUrl ws = endpoint;
        ws.setScheme(u"ws"_s);
        urls->addRow(tr("Streamable HTTP:"), copyableLine(endpoint.toString(), this));
        urls->addRow(tr("WebSocket:"), copyableLine(ws.toString(), this));
    } else {
        urls->addRow(new QLabel(tr("The MCP endpoint is off; turn it on in Settings."), this));
    }
    if (!token.isEmpty())
        urls->addRow(tr("Token:"), copyableLine(token, this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(tabs, 1);
    layout->addLayout(urls);
    layout->addWidget(buttons);
    resize(600, 480);
}

} // namespace Studio::Ui
