// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "ollamaadvice.h"

#include <engine/engineclient.h>
#include <engine/settings.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QSpinBox *spin(QWidget *parent, int min, int max, const QString &suffix)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

SettingsDialog::SettingsDialog(Engine::EngineClient *engine, const QString &settingsFile, QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_settingsFile(settingsFile)
    , m_ollamaUrl(new QLineEdit(this))
    , m_model(new QComboBox(this))
    , m_numCtx(spin(this, 512, 1048576, QString()))
    , m_window(spin(this, 2, 500, QString()))
    , m_connectTimeout(spin(this, 0, 600000, tr(" ms")))
    , m_firstTokenTimeout(spin(this, 0, 3600000, tr(" ms")))
    , m_idleTimeout(spin(this, 0, 3600000, tr(" ms")))
    , m_listen(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_origins(new QLineEdit(this))
    , m_sessionTimeout(new QDoubleSpinBox(this))
    , m_language(new QComboBox(this))
    , m_verifyResult(new QLabel(this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(u"settingsDialog"_s);
    m_model->setEditable(true);
    m_model->setObjectName(u"model"_s);
    m_ollamaUrl->setObjectName(u"ollamaUrl"_s);
    m_listen->setObjectName(u"listen"_s);
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_token->setPlaceholderText(tr("none (loopback only)"));
    m_origins->setPlaceholderText(tr("e.g. https://app.example, comma-separated"));
    m_listen->setPlaceholderText(tr("127.0.0.1:8000, or off"));
    m_sessionTimeout->setRange(0.01, 87600);
    m_sessionTimeout->setSuffix(tr(" h"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"Deutsch"_s, u"de"_s);
    m_language->setObjectName(u"language"_s);
    m_verifyResult->setWordWrap(true);
    m_verifyResult->setObjectName(u"verifyResult"_s);

    auto *refresh = new QPushButton(tr("Refresh list"), this);
    auto *verify = new QPushButton(tr("Verify"), this);
    verify->setObjectName(u"verify"_s);
    connect(refresh, &QPushButton::clicked, this, &SettingsDialog::refreshModels);
    connect(verify, &QPushButton::clicked, this, &SettingsDialog::verify);
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(refresh);
    modelRow->addWidget(verify);

    auto *llm = new QGroupBox(tr("Model"), this);
    auto *llmForm = new QFormLayout(llm);
    llmForm->addRow(tr("Ollama &URL:"), m_ollamaUrl);
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model); // a layout row has no buddy of its own
    llmForm->addRow(modelLabel, modelRow);
    llmForm->addRow(QString(), m_verifyResult);
    llmForm->addRow(tr("&Context size (num_ctx):"), m_numCtx);
    llmForm->addRow(tr("Messages sent &verbatim:"), m_window);
    llmForm->addRow(tr("Connect &timeout:"), m_connectTimeout);
    llmForm->addRow(tr("&First token timeout:"), m_firstTokenTimeout);
    llmForm->addRow(tr("&Idle timeout:"), m_idleTimeout);

    auto *mcp = new QGroupBox(tr("MCP endpoint"), this);
    auto *mcpForm = new QFormLayout(mcp);
    mcpForm->addRow(tr("&Address:"), m_listen);
    mcpForm->addRow(tr("T&oken:"), m_token);
    mcpForm->addRow(tr("Allowed &origins:"), m_origins);
    mcpForm->addRow(tr("&Session timeout:"), m_sessionTimeout);

    auto *general = new QGroupBox(tr("General"), this);
    auto *generalForm = new QFormLayout(general);
    generalForm->addRow(tr("&Language:"), m_language);

    auto *note = new QLabel(tr("Environment variables and command-line flags override these settings."), this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(llm);
    layout->addWidget(mcp);
    layout->addWidget(general);
    layout->addWidget(note);
    layout->addWidget(buttons);
    load();
    refreshModels();
}

void SettingsDialog::load()
{
    // Start from what is in effect (defaults, file, environment, flags), so nothing shows empty.
    m_engine->settings().then(this, [this](const Engine::Settings &current) {
        QSettings file(m_settingsFile, QSettings::IniFormat);
        m_ollamaUrl->setText(current.ollamaUrl.toString());
        m_model->setCurrentText(current.model);
        m_numCtx->setValue(current.numCtx);
        m_window->setValue(current.windowMessages);
        m_connectTimeout->setValue(current.connectTimeoutMs);
        m_firstTokenTimeout->setValue(current.firstTokenTimeoutMs);
        m_idleTimeout->setValue(current.idleTimeoutMs);
        m_listen->setText(current.mcpListen);
        m_token->setText(file.value(key(Engine::Keys::kMcpToken)).toString());
        m_origins->setText(current.mcpAllowedOrigins);
        m_sessionTimeout->setValue(current.sessionTimeoutHours);
        const int language = m_language->findData(file.value(u"ui/language"_s).toString());
        m_language->setCurrentIndex(qMax(0, language));
    });
}

void SettingsDialog::refreshModels()
{
    m_engine->listModels().then(this, [this](const Result<QList<Llm::ModelInfo>> &models) {
        const QString current = m_model->currentText();
        if (!models) {
            m_verifyResult->setText(models.error().message);
            return;
        }
        m_model->clear();
        for (const Llm::ModelInfo &model : *models)
            m_model->addItem(model.name);
        m_model->setCurrentText(current);
    });
}

void SettingsDialog::verify()
{
    // What is typed is checked, before anything is saved or applied.
    const QUrl url = QUrl::fromUserInput(m_ollamaUrl->text().trimmed());
    const QString model = m_model->currentText().trimmed();
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        m_verifyResult->setText(tr("%1 is not a URL like http://127.0.0.1:11434.").arg(m_ollamaUrl->text()));
        return;
    }
    m_verifyResult->setText(tr("Checking…"));
    const quint64 ticket = ++m_verifyTicket;
    m_engine->checkServerAt(url, model).then(this, [this, ticket](const Llm::ServerReport &report) {
        if (ticket != m_verifyTicket)
            return; // an older check; a newer one is under way
        if (report.reachable && report.modelPresent)
            m_verifyResult->setText(tr("Ollama %1 has %2 (context %3).").arg(report.version, report.model)
                                        .arg(report.contextLength));
        else if (report.reachable && report.model.isEmpty())
            m_verifyResult->setText(tr("Ollama %1 is reachable; choose a model.").arg(report.version));
        else
            m_verifyResult->setText(OllamaAdvice::text(report));
    });
}

bool SettingsDialog::save()
{
    QSettings file(m_settingsFile, QSettings::IniFormat);
    file.setValue(key(Engine::Keys::kOllamaUrl), m_ollamaUrl->text().trimmed());
    file.setValue(key(Engine::Keys::kModel), m_model->currentText().trimmed());
    file.setValue(key(Engine::Keys::kNumCtx), m_numCtx->value());
    file.setValue(key(Engine::Keys::kWindowMessages), m_window->value());
    file.setValue(key(Engine::Keys::kConnectTimeoutMs), m_connectTimeout->value());
    file.setValue(key(Engine::Keys::kFirstTokenTimeoutMs), m_firstTokenTimeout->value());
    file.setValue(key(Engine::Keys::kIdleTimeoutMs), m_idleTimeout->value());
    file.setValue(key(Engine::Keys::kMcpListen), m_listen->text().trimmed());
    if (m_token->text().isEmpty())
        file.remove(key(Engine::Keys::kMcpToken));
    else
        file.setValue(key(Engine::Keys::kMcpToken), m_token->text());
    file.setValue(key(Engine::Keys::kMcpAllowedOrigins), m_origins->text().trimmed());
    file.setValue(key(Engine::Keys::kSessionTimeoutHours), m_sessionTimeout->value());
    file.setValue(u"ui/language"_s, m_language->currentData().toString());
    file.sync();
    if (file.status() != QSettings::NoError) {
        m_verifyResult->setText(tr("Cannot write the settings file %1.").arg(m_settingsFile));
        return false;
    }
    Q_EMIT settingsSaved();
    return true;
}

} // namespace Studio::Ui
