// SPDX-License-Identifier: MIT
#pragma once

#include <persona/persona.h>

#include <QAbstractListModel>
#include <QList>

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Ui {

/** @brief The personas, for the sidebar and pickers; refreshed from the engine whenever they
 *  change (one reset per change: there are few). Thread: GUI. */
class PersonaListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonaListModel)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        DescriptionRole,
        BuiltInRole,
        ModifiedRole,
        InitialRole,
        SearchTextRole,
    };

    explicit PersonaListModel(Engine::EngineClient *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const Personas::Persona *personaAt(int row) const;
    int rowOf(const QString &id) const;
    void refresh();

Q_SIGNALS:
    void refreshed();
    void failed(const QString &message);

private:
    Engine::EngineClient *m_engine;
    QList<Personas::Persona> m_personas;
};

/** The letter shown in a persona's avatar circle. */
QString initialOf(const QString &name);

} // namespace Studio::Ui
