// SPDX-License-Identifier: MIT
#pragma once

#include "persona.h"

#include <common/clock.h>
#include <common/error.h>

#include <QList>
#include <QObject>

namespace Studio::Store {
class Database;
}

namespace Studio::Personas {

/** @brief Every persona: the built-ins from resources, overlaid by user copies, plus user
 *  personas from the store. Lookup by id or case-insensitive name. Thread: the engine's. */
class PersonaRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonaRegistry)

public:
    PersonaRegistry(Store::Database &database, Clock clock, QObject *parent = nullptr);

    /** Reads the built-ins and the stored personas; call once before use. */
    Result<void> load();

    /** Built-ins first (resource order), then user personas in creation order. */
    QList<Persona> list() const { return m_personas; }
    int count() const { return int(m_personas.size()); }

    /** By id or by name, case-insensitive, surrounding spaces ignored. */
    Result<Persona> find(const QString &idOrName) const;
    /** The persona a new session starts with: the first built-in. */
    Persona defaultPersona() const { return m_personas.constFirst(); }

    /** fields: a definition (Persona::fromJson keys); "name" required; "id" optional (derived from the name). */
    Result<Persona> create(const QJsonObject &fields);
    /** Applies a patch; editing a built-in stores a user copy of it. The id never changes. */
    Result<Persona> update(const QString &idOrName, const QJsonObject &patch);
    /** Deletes a user persona; built-ins are refused (reset them instead). */
    Result<Persona> remove(const QString &idOrName);
    /** Drops the user copy of a built-in, bringing back its original definition. */
    Result<Persona> reset(const QString &idOrName);

Q_SIGNALS:
    void personasChanged();

private:
    Result<void> loadBuiltIns();
    Result<void> checkNameFree(const QString &name, const QString &exceptId) const;
    Result<void> save(const Persona &persona);
    int indexOf(const QString &id) const;

    Store::Database &m_db;
    Clock m_clock;
    QList<Persona> m_builtIns;
    QList<Persona> m_personas;
};

} // namespace Studio::Personas
