// SPDX-License-Identifier: MIT
#include "memoryeditdialog.h"

#include "memorytablemodel.h"
#include "personacolour.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

constexpr int kImportanceSteps = 100;

} // namespace

MemoryEditDialog::MemoryEditDialog(const QList<std::pair<QString, QString>> &personas, QWidget *parent)
    : QDialog(parent)
    , m_persona(new QComboBox(this))
    , m_content(new QPlainTextEdit(this))
    , m_kind(new QComboBox(this))
    , m_importance(new QSlider(Qt::Horizontal, this))
    , m_importanceValue(new QLabel(this))
    , m_visibility(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"memoryEditDialog"_s);
    setWindowTitle(tr("Add a memory"));

    m_persona->setObjectName(u"memoryPersona"_s);
    const int iconSize = fontMetrics().height();
    for (const auto &[id, name] : personas)
        m_persona->addItem(personaIcon(id, iconSize), name, id);
    m_persona->setAccessibleName(tr("Persona"));

    m_content->setObjectName(u"memoryContent"_s);
    m_content->setTabChangesFocus(true);
    m_content->setPlaceholderText(tr("What the persona should remember, in one or two sentences."));
    m_content->setAccessibleName(tr("Memory text"));
    m_content->setMinimumHeight(fontMetrics().height() * 5);

    m_kind->setObjectName(u"memoryKind"_s);
    for (const QString &kind : Memory::memoryKinds())
        m_kind->addItem(MemoryTableModel::kindText(kind), kind);
    m_kind->setCurrentIndex(m_kind->findData(QString::fromLatin1(Memory::Kind::kNote)));
    m_kind->setAccessibleName(tr("Kind"));

    m_importance->setObjectName(u"memoryImportance"_s);
    m_importance->setRange(0, kImportanceSteps);
    m_importance->setPageStep(10);
    m_importance->setValue(kImportanceSteps / 2);
    m_importance->setAccessibleName(tr("Importance"));
    m_importanceValue->setObjectName(u"memoryImportanceValue"_s);
    m_importanceValue->setMinimumWidth(fontMetrics().horizontalAdvance(QLocale().toString(0.99, 'f', 2)) + 4);
    m_importanceValue->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(m_importance, &QSlider::valueChanged, this, &MemoryEditDialog::updateImportanceLabel);

    m_visibility->setObjectName(u"memoryVisibility"_s);
    m_visibility->addItem(MemoryTableModel::visibilityText(Memory::Visibility::Private),
                          Memory::visibilityName(Memory::Visibility::Private));
    m_visibility->addItem(MemoryTableModel::visibilityText(Memory::Visibility::Shared),
                          Memory::visibilityName(Memory::Visibility::Shared));
    m_visibility->setAccessibleName(tr("Visibility"));
    m_visibility->setToolTip(tr("Shared memories can also be recalled by other personas in a cross-persona search."));

    auto *importanceRow = new QHBoxLayout;
    importanceRow->addWidget(m_importance, 1);
    importanceRow->addWidget(m_importanceValue);

    auto *form = new QFormLayout;
    form->addRow(tr("&Persona:"), m_persona);
    form->addRow(tr("&Memory:"), m_content);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Importance:"), importanceRow);
    form->addRow(tr("&Visibility:"), m_visibility);
    // The row labels are buddies of their fields (mnemonics), except the slider's layout.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(importanceRow)))
        label->setBuddy(m_importance);

    m_buttons->setObjectName(u"memoryEditButtons"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_content, &QPlainTextEdit::textChanged, this, &MemoryEditDialog::updateOkButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_buttons);

    updateImportanceLabel();
    updateOkButton();
    resize(fontMetrics().averageCharWidth() * 60, sizeHint().height());
}

void MemoryEditDialog::setMemory(const Memory::MemoryRecord &memory)
{
    m_original = memory;
    setWindowTitle(tr("Edit a memory"));
    setPersona(memory.personaId);
    m_persona->setEnabled(false);
    m_persona->setToolTip(tr("A memory stays with its persona."));
    m_content->setPlainText(memory.content);
    if (const int kind = m_kind->findData(memory.kind); kind >= 0)
        m_kind->setCurrentIndex(kind);
    m_importance->setValue(int(std::lround(qBound(0.0, memory.importance, 1.0) * kImportanceSteps)));
    m_visibility->setCurrentIndex(m_visibility->findData(Memory::visibilityName(memory.visibility)));
    updateOkButton();
}

void MemoryEditDialog::setPersona(const QString &personaId)
{
    if (const int row = m_persona->findData(personaId); row >= 0)
        m_persona->setCurrentIndex(row);
}

double MemoryEditDialog::importance() const
{
    return double(m_importance->value()) / kImportanceSteps;
}

Memory::MemoryDraft MemoryEditDialog::draft() const
{
    Memory::MemoryDraft draft;
    draft.persona = m_persona->currentData().toString();
    draft.content = m_content->toPlainText().trimmed();
    draft.kind = m_kind->currentData().toString();
    draft.importance = importance();
    draft.visibility = Memory::visibilityFromName(m_visibility->currentData().toString()).value_or(Memory::Visibility::Private);
    return draft;
}

Memory::MemoryPatch MemoryEditDialog::patch() const
{
    Memory::MemoryPatch patch;
    if (!m_original)
        return patch;
    const Memory::MemoryDraft now = draft();
    if (now.content != m_original->content.trimmed())
        patch.content = now.content;
    if (now.kind != m_original->kind)
        patch.kind = now.kind;
    // The slider has 1/100 steps: an untouched slider must not round the stored value.
    if (std::lround(m_original->importance * kImportanceSteps) != m_importance->value())
        patch.importance = importance();
    if (now.visibility != m_original->visibility)
        patch.visibility = now.visibility;
    return patch;
}

void MemoryEditDialog::updateImportanceLabel()
{
    m_importanceValue->setText(QLocale().toString(importance(), 'f', 2));
}

void MemoryEditDialog::updateOkButton()
{
    const bool ok = !m_content->toPlainText().trimmed().isEmpty() && m_persona->currentIndex() >= 0;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace Studio::Ui
