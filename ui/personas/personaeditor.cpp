// SPDX-License-Identifier: MIT
#include "personaeditor.h"

#include <engine/engineclient.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QPlainTextEdit *textBox(QWidget *parent, int lines)
{
    auto *box = new QPlainTextEdit(parent);
    box->setTabChangesFocus(true);
    box->setMinimumHeight(box->fontMetrics().lineSpacing() * lines + 12);
    return box;
}

QStringList nonEmptyLines(const QString &text, QChar separator)
{
    QStringList result;
    for (const QString &part : text.split(separator)) {
        if (!part.trimmed().isEmpty())
            result.append(part.trimmed());
    }
    return result;
}

} // namespace

PersonaEditor::PersonaEditor(Engine::EngineClient *engine, const Personas::Persona &persona, QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_original(persona)
    , m_name(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_personality(textBox(this, 3))
    , m_traits(new QLineEdit(this))
    , m_speakingStyle(textBox(this, 2))
    , m_greeting(new QLineEdit(this))
    , m_examples(textBox(this, 3))
    , m_systemPrompt(textBox(this, 5))
    , m_model(new QLineEdit(this))
    , m_ownTemperature(new QCheckBox(tr("Own temperature:"), this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_thinking(new QCheckBox(tr("Let thinking models think before answering"), this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    const bool isNew = persona.id.isEmpty();
    setWindowTitle(isNew ? tr("New persona") : tr("Edit %1").arg(persona.name));
    setObjectName(u"personaEditor"_s);

    m_name->setText(persona.name);
    m_name->setMaxLength(Personas::PersonaLimits::kNameMax + 10); // over the limit shows the message
    m_description->setText(persona.description);
    m_personality->setPlainText(persona.personality);
    m_traits->setText(persona.traits.join(u", "_s));
    m_traits->setPlaceholderText(tr("curious, warm, playful"));
    m_speakingStyle->setPlainText(persona.speakingStyle);
    m_greeting->setText(persona.greeting);
    m_examples->setPlainText(persona.exampleLines.join(u'\n'));
    m_examples->setPlaceholderText(tr("One example line per row"));
    m_systemPrompt->setPlainText(persona.systemPromptTemplate);
    m_systemPrompt->setPlaceholderText(tr("Leave empty for the standard prompt. Placeholders: {{name}}, "
                                          "{{description}}, {{personality}}, {{traits}}, {{speaking_style}}, "
                                          "{{greeting}}, {{examples}}"));
    m_model->setText(persona.model);
    m_model->setPlaceholderText(tr("The app's model"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(persona.temperature.value_or(0.8));
    m_ownTemperature->setChecked(persona.temperature.has_value());
    m_temperature->setEnabled(persona.temperature.has_value());
    m_thinking->setChecked(persona.thinking);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(u"problem"_s);
    QPalette warning = m_problem->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x30, 0x20));
    m_problem->setPalette(warning);

    m_name->setAccessibleName(tr("Name"));
    m_description->setAccessibleName(tr("Description"));
    m_personality->setAccessibleName(tr("Personality"));
    m_traits->setAccessibleName(tr("Traits"));
    m_speakingStyle->setAccessibleName(tr("Speaking style"));
    m_greeting->setAccessibleName(tr("Greeting"));
    m_examples->setAccessibleName(tr("Example lines"));
    m_systemPrompt->setAccessibleName(tr("System prompt template"));
    m_model->setAccessibleName(tr("Model"));
    m_temperature->setAccessibleName(tr("Temperature"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Personality:"), m_personality);
    form->addRow(tr("&Traits:"), m_traits);
    form->addRow(tr("&Speaking style:"), m_speakingStyle);
    form->addRow(tr("&Greeting:"), m_greeting);
    form->addRow(tr("&Example lines:"), m_examples);
    form->addRow(tr("System &prompt:"), m_systemPrompt);
    form->addRow(tr("&Model:"), m_model);
    auto *temperatureRow = new QHBoxLayout;
    temperatureRow->addWidget(m_ownTemperature);
    temperatureRow->addWidget(m_temperature);
    temperatureRow->addStretch();
    form->addRow(QString(), temperatureRow);
    form->addRow(QString(), m_thinking);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(620, sizeHint().height());

    connect(m_ownTemperature, &QCheckBox::toggled, m_temperature, &QWidget::setEnabled);
    for (QLineEdit *edit : {m_name, m_description, m_traits, m_greeting, m_model})
        connect(edit, &QLineEdit::textChanged, this, &PersonaEditor::validate);
    for (QPlainTextEdit *edit : {m_personality, m_speakingStyle, m_examples, m_systemPrompt})
        connect(edit, &QPlainTextEdit::textChanged, this, &PersonaEditor::validate);
    connect(m_ownTemperature, &QCheckBox::toggled, this, &PersonaEditor::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PersonaEditor::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

Personas::Persona PersonaEditor::draft() const
{
    Personas::Persona persona = m_original;
    persona.name = m_name->text();
    persona.description = m_description->text().trimmed();
    persona.personality = m_personality->toPlainText().trimmed();
    persona.traits = nonEmptyLines(m_traits->text(), u',');
    persona.speakingStyle = m_speakingStyle->toPlainText().trimmed();
    persona.greeting = m_greeting->text().trimmed();
    persona.exampleLines = nonEmptyLines(m_examples->toPlainText(), u'\n');
    persona.systemPromptTemplate = m_systemPrompt->toPlainText();
    persona.model = m_model->text().trimmed();
    persona.temperature = m_ownTemperature->isChecked() ? std::optional<double>(m_temperature->value()) : std::nullopt;
    persona.thinking = m_thinking->isChecked();
    return persona;
}

QString PersonaEditor::problem() const
{
    return m_problem->text();
}

void PersonaEditor::validate()
{
    // The engine's own rules, checked locally as the user types; save asks the engine again.
    auto valid = Personas::validatePersona(draft());
    m_problem->setText(valid ? QString() : valid.error().message);
    m_problem->setVisible(!valid);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(valid && !m_saving);
}

void PersonaEditor::save()
{
    const Personas::Persona persona = draft();
    QJsonObject fields = persona.toJson();
    fields.remove(u"id"_s);
    if (!persona.temperature)
        fields.insert(u"temperature"_s, QJsonValue::Null);
    m_saving = true;
    validate();
    auto future = m_original.id.isEmpty() ? m_engine->createPersona(fields)
                                          : m_engine->updatePersona(m_original.id, fields);
    future.then(this, [this](const Result<Personas::Persona> &result) {
        m_saving = false;
        if (!result) {
            m_problem->setText(result.error().message);
            m_problem->setVisible(true);
            m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
            return;
        }
        Q_EMIT saved(*result);
        accept();
    });
}

} // namespace Studio::Ui
