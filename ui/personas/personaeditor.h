// SPDX-License-Identifier: MIT
#pragma once

#include <persona/persona.h>

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Ui {

/** @brief Creates a persona (empty id) or edits one, checking the fields as they are typed
 *  with the engine's own rules; the engine has the last word on save (e.g. a taken name).
 *  Thread: GUI. */
class PersonaEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonaEditor)

public:
    PersonaEditor(Engine::EngineClient *engine, const Personas::Persona &persona, QWidget *parent = nullptr);

    /** The persona as the fields describe it now. */
    Personas::Persona draft() const;
    QString problem() const;

Q_SIGNALS:
    void saved(const Studio::Personas::Persona &persona);

private:
    void validate();
    void save();

    Engine::EngineClient *m_engine;
    Personas::Persona m_original;
    QLineEdit *m_name;
    QLineEdit *m_description;
    QPlainTextEdit *m_personality;
    QLineEdit *m_traits;
    QPlainTextEdit *m_speakingStyle;
    QLineEdit *m_greeting;
    QPlainTextEdit *m_examples;
    QPlainTextEdit *m_systemPrompt;
    QLineEdit *m_model;
    QCheckBox *m_ownTemperature;
    QDoubleSpinBox *m_temperature;
    QCheckBox *m_thinking;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_saving = false;
};

} // namespace Studio::Ui
