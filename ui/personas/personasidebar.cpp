// SPDX-License-Identifier: MIT
#include "personasidebar.h"

#include "personaeditor.h"
#include "personalistmodel.h"

#include <engine/engineclient.h>
#include <memory/personacolour.h>

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

/** Avatar circle with the initial, the name, and one line of description. */
class PersonaDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        const int line = option.fontMetrics.height();
        return {200, line * 2 + 16};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const QRect r = option.rect.adjusted(8, 6, -8, -6);
        const int diameter = r.height();
        const QRect avatar(r.left(), r.top(), diameter, diameter);
        const QColor colour = personaColour(index.data(PersonaListModel::IdRole).toString());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(avatar);
        QFont initialFont = option.font;
        initialFont.setBold(true);
        initialFont.setPixelSize(qMax(8, diameter / 2));
        painter->setFont(initialFont);
        painter->setPen(Qt::white);
        painter->drawText(avatar, Qt::AlignCenter, index.data(PersonaListModel::InitialRole).toString());

        const bool selected = option.state & QStyle::State_Selected;
        const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
        const QRect textRect = r.adjusted(diameter + 8, 0, 0, 0);
        QFont nameFont = option.font;
        nameFont.setBold(true);
        painter->setFont(nameFont);
        painter->setPen(option.palette.color(textRole));
        QString name = index.data(Qt::DisplayRole).toString();
        if (index.data(PersonaListModel::ModifiedRole).toBool())
            name += QCoreApplication::translate("Studio::Ui::PersonaSidebar", " (edited)");
        painter->drawText(textRect.adjusted(0, 0, 0, -textRect.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, textRect.width()));
        painter->setFont(option.font);
        QColor secondary = option.palette.color(textRole);
        secondary.setAlphaF(0.7f);
        painter->setPen(secondary);
        painter->drawText(textRect.adjusted(0, textRect.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(index.data(PersonaListModel::DescriptionRole).toString(),
                                                        Qt::ElideRight, textRect.width()));
        painter->restore();
    }
};

QToolButton *toolButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(true);
    return button;
}

} // namespace

PersonaSidebar::PersonaSidebar(Engine::EngineClient *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new PersonaListModel(engine, this))
    , m_filterModel(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_new(toolButton(this))
    , m_edit(toolButton(this))
    , m_duplicate(toolButton(this))
    , m_delete(toolButton(this))
    , m_reset(toolButton(this))
{
    m_filterModel->setSourceModel(m_model);
    m_filterModel->setFilterRole(PersonaListModel::SearchTextRole);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filterModel->setFilterFixedString(text);
        // Keep a match selected so Enter opens it.
        if (!m_list->currentIndex().isValid() && m_filterModel->rowCount() > 0)
            m_list->setCurrentIndex(m_filterModel->index(0, 0));
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        QModelIndex index = m_list->currentIndex();
        if (!index.isValid() && m_filterModel->rowCount() > 0)
            index = m_filterModel->index(0, 0);
        if (index.isValid())
            Q_EMIT chatRequested(index.data(PersonaListModel::IdRole).toString());
    });
    m_list->setModel(m_filterModel);
    m_list->setItemDelegate(new PersonaDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT chatRequested(index.data(PersonaListModel::IdRole).toString());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &PersonaSidebar::updateButtons);
    connect(m_model, &PersonaListModel::modelReset, this, [this] {
        if (!m_list->currentIndex().isValid() && m_filterModel->rowCount() > 0)
            m_list->setCurrentIndex(m_filterModel->index(0, 0));
        updateButtons();
    });
    connect(m_model, &PersonaListModel::failed, this, &PersonaSidebar::errorOccurred);

    connect(m_new, &QToolButton::clicked, this, &PersonaSidebar::newPersona);
    connect(m_edit, &QToolButton::clicked, this, &PersonaSidebar::editPersona);
    connect(m_duplicate, &QToolButton::clicked, this, &PersonaSidebar::duplicatePersona);
    connect(m_delete, &QToolButton::clicked, this, &PersonaSidebar::deletePersona);
    connect(m_reset, &QToolButton::clicked, this, &PersonaSidebar::resetPersona);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    for (QToolButton *button : {m_new, m_edit, m_duplicate, m_delete, m_reset})
        buttons->addWidget(button);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    retranslate();
    updateButtons();
}

void PersonaSidebar::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter personas (Ctrl+K)"));
    m_filter->setAccessibleName(tr("Persona filter"));
    m_list->setAccessibleName(tr("Personas"));
    m_new->setText(tr("New"));
    m_new->setToolTip(tr("Create a persona"));
    m_edit->setText(tr("Edit"));
    m_edit->setToolTip(tr("Edit the selected persona"));
    m_duplicate->setText(tr("Duplicate"));
    m_duplicate->setToolTip(tr("Create a copy of the selected persona"));
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Delete the selected persona (your own personas only)"));
    m_reset->setText(tr("Reset"));
    m_reset->setToolTip(tr("Undo your edits of a built-in persona"));
}

void PersonaSidebar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QString PersonaSidebar::currentPersonaId() const
{
    return m_list->currentIndex().data(PersonaListModel::IdRole).toString();
}

void PersonaSidebar::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void PersonaSidebar::updateButtons()
{
    const QModelIndex current = m_list->currentIndex();
    const bool builtIn = current.data(PersonaListModel::BuiltInRole).toBool();
    m_edit->setEnabled(current.isValid());
    m_duplicate->setEnabled(current.isValid());
    m_delete->setEnabled(current.isValid() && !builtIn);
    m_reset->setEnabled(current.isValid() && builtIn && current.data(PersonaListModel::ModifiedRole).toBool());
}

void PersonaSidebar::newPersona()
{
    auto *editor = new PersonaEditor(m_engine, {}, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->open();
}

void PersonaSidebar::editPersona()
{
    const Personas::Persona *persona = m_model->personaAt(m_model->rowOf(currentPersonaId()));
    if (!persona)
        return;
    auto *editor = new PersonaEditor(m_engine, *persona, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->open();
}

void PersonaSidebar::duplicatePersona()
{
    const Personas::Persona *persona = m_model->personaAt(m_model->rowOf(currentPersonaId()));
    if (!persona)
        return;
    Personas::Persona copy = *persona;
    copy.id.clear();
    copy.builtIn = false;
    copy.modified = false;
    copy.name = tr("%1 (copy)").arg(persona->name).left(Personas::PersonaLimits::kNameMax);
    auto *editor = new PersonaEditor(m_engine, copy, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->open();
}

void PersonaSidebar::deletePersona()
{
    const QString id = currentPersonaId();
    const Personas::Persona *persona = m_model->personaAt(m_model->rowOf(id));
    if (!persona)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete persona"),
        tr("Delete %1 and everything %1 remembers? Past conversations stay in the history.").arg(persona->name));
    if (answer != QMessageBox::Yes)
        return;
    m_engine->deletePersona(id).then(this, [this](const Result<Engine::PersonaDeletion> &deleted) {
        if (!deleted)
            Q_EMIT errorOccurred(deleted.error().message);
    });
}

void PersonaSidebar::resetPersona()
{
    m_engine->resetPersona(currentPersonaId()).then(this, [this](const Result<Personas::Persona> &reset) {
        if (!reset)
            Q_EMIT errorOccurred(reset.error().message);
    });
}

} // namespace Studio::Ui
