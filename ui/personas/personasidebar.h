// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QToolButton;

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Ui {

class PersonaListModel;

/** @brief The persona list: filter, open a chat, new / edit / duplicate / delete / reset.
 *  Thread: GUI. */
class PersonaSidebar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonaSidebar)

public:
    PersonaSidebar(Engine::EngineClient *engine, QWidget *parent = nullptr);

    PersonaListModel *model() const { return m_model; }
    /** The selected persona's id, or empty. */
    QString currentPersonaId() const;
    void focusFilter();

Q_SIGNALS:
    void chatRequested(const QString &personaId);
    void errorOccurred(const QString &message);

private:
    void newPersona();
    void editPersona();
    void duplicatePersona();
    void deletePersona();
    void resetPersona();
    void updateButtons();
    void retranslate();
    void changeEvent(QEvent *event) override;

    Engine::EngineClient *m_engine;
    PersonaListModel *m_model;
    QSortFilterProxyModel *m_filterModel;
    QLineEdit *m_filter;
    QListView *m_list;
    QToolButton *m_new;
    QToolButton *m_edit;
    QToolButton *m_duplicate;
    QToolButton *m_delete;
    QToolButton *m_reset;
};

} // namespace Studio::Ui
