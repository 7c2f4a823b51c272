// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QUrl>

class QPlainTextEdit;

namespace Studio::Ui {

/** @brief Ready-to-paste configuration for MCP hosts (Claude Desktop, Cursor, VS Code) and the
 *  endpoint's URLs. Thread: GUI. */
class ConnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)

public:
    ConnectDialog(const QUrl &endpoint, const QString &token, const QString &executable, QWidget *parent = nullptr);

    /** The JSON snippet for a host ("claude", "cursor", "vscode"). */
    static QString hostConfiguration(const QString &host, const QString &executable, const QString &token);
};

} // namespace Studio::Ui
