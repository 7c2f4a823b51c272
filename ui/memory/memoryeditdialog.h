// SPDX-License-Identifier: MIT
#pragma once

#include <memory/memorytypes.h>

#include <QDialog>
#include <QList>

#include <optional>
#include <utility>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QSlider;

namespace Studio::Ui {

/** @brief Adds or edits one memory: persona, content, kind, importance and visibility. It only
 *  collects the fields; the inspector stores them. Thread: the GUI thread. */
class MemoryEditDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryEditDialog)

public:
    /** personas: (id, name) in the order to list them. */
    explicit MemoryEditDialog(const QList<std::pair<QString, QString>> &personas, QWidget *parent = nullptr);

    /** Edit mode: shows the memory; its persona cannot change. */
    void setMemory(const Memory::MemoryRecord &memory);
    void setPersona(const QString &personaId);
    bool isEditing() const { return m_original.has_value(); }
    const std::optional<Memory::MemoryRecord> &original() const { return m_original; }

    Memory::MemoryDraft draft() const;
    /** The fields that differ from the memory being edited. */
    Memory::MemoryPatch patch() const;

private:
    void updateImportanceLabel();
    void updateOkButton();
    double importance() const;

    std::optional<Memory::MemoryRecord> m_original;
    QComboBox *m_persona;
    QPlainTextEdit *m_content;
    QComboBox *m_kind;
    QSlider *m_importance;
    QLabel *m_importanceValue;
    QComboBox *m_visibility;
    QDialogButtonBox *m_buttons;
};

} // namespace Studio::Ui
