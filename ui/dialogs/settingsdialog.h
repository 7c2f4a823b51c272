// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Ui {

/** @brief Every setting, stored in the settings file (QSettings INI). The composition root
 *  applies them live when settingsSaved() fires: the engine takes new model settings at once, a
 *  changed MCP address restarts the endpoint. Thread: GUI. */
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(Engine::EngineClient *engine, const QString &settingsFile, QWidget *parent = nullptr);

    /** Writes the fields to the settings file. */
    bool save();

Q_SIGNALS:
    void settingsSaved();

private:
    void load();
    void refreshModels();
    void verify();

    Engine::EngineClient *m_engine;
    QString m_settingsFile;
    QLineEdit *m_ollamaUrl;
    QComboBox *m_model;
    QSpinBox *m_numCtx;
    QSpinBox *m_window;
    QSpinBox *m_connectTimeout;
    QSpinBox *m_firstTokenTimeout;
    QSpinBox *m_idleTimeout;
    QLineEdit *m_listen;
    QLineEdit *m_token;
    QLineEdit *m_origins;
    QDoubleSpinBox *m_sessionTimeout;
    QComboBox *m_language;
    QLabel *m_verifyResult;
    quint64 m_verifyTicket = 0; // the newest Verify; older answers are dropped
};

} // namespace Studio::Ui
