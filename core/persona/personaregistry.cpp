// SPDX-License-Identifier: MIT
#include "personaregistry.h"

#include "personalog.h"

#include <common/jsonutil.h>
#include <store/database.h>
#include <store/personastore.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace.
static void initPersonaResources()
{
    Q_INIT_RESOURCE(personas);
}

namespace Studio::Personas {

PersonaRegistry::PersonaRegistry(Store::Database &database, Clock clock, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_clock(std::move(clock))
{
}

Result<void> PersonaRegistry::loadBuiltIns()
{
    initPersonaResources();
    m_builtIns.clear();
    const QDir dir(u":/personas"_s);
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Internal, u"cannot read the built-in persona %1"_s.arg(file));
        auto object = parseJsonObject(in.readAll());
        if (!object)
            return fail(ErrorCode::Internal, u"built-in persona %1: %2"_s.arg(file, object.error().message));
        auto persona = Persona::fromJson(*object);
        if (!persona)
            return fail(ErrorCode::Internal, u"built-in persona %1: %2"_s.arg(file, persona.error().message));
        if (auto valid = validatePersona(*persona); !valid)
            return fail(ErrorCode::Internal, u"built-in persona %1: %2"_s.arg(file, valid.error().message));
        persona->builtIn = true;
        m_builtIns.append(*persona);
    }
    if (m_builtIns.isEmpty())
        return fail(ErrorCode::Internal, u"no built-in personas were compiled in"_s);
    return {};
}

Result<void> PersonaRegistry::load()
{
    if (auto builtIns = loadBuiltIns(); !builtIns)
        return builtIns;
    m_personas = m_builtIns;
    auto rows = Store::PersonaStore(m_db).all();
    if (!rows)
        return fail(rows.error());
    for (const Store::PersonaRow &row : *rows) {
        auto object = parseJsonObject(row.definition);
        auto persona = object ? Persona::fromJson(*object) : Result<Persona>(fail(object.error()));
        if (!persona) {
            // A damaged row must not take every other persona down with it.
            qCWarning(lcPersona) << "skipping stored persona" << row.id << ":" << persona.error().message;
            continue;
        }
        persona->id = row.id;
        const int builtIn = indexOf(row.id);
        if (builtIn >= 0 && m_personas[builtIn].builtIn) {
            persona->builtIn = true;
            persona->modified = true;
            m_personas[builtIn] = *persona;
        } else {
            m_personas.append(*persona);
        }
    }
    return {};
}

int PersonaRegistry::indexOf(const QString &id) const
{
    for (int i = 0; i < m_personas.size(); ++i) {
        if (m_personas.at(i).id == id)
            return i;
    }
    return -1;
}

Result<Persona> PersonaRegistry::find(const QString &idOrName) const
{
    const QString key = idOrName.trimmed().toCaseFolded();
    if (key.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"no persona was named"_s);
    for (const Persona &persona : m_personas) {
        if (persona.id.toCaseFolded() == key || persona.name.toCaseFolded() == key)
            return persona;
    }
    return fail(ErrorCode::NotFound, u"Persona '%1' not found"_s.arg(idOrName.trimmed()));
}

Result<void> PersonaRegistry::checkNameFree(const QString &name, const QString &exceptId) const
{
    const QString key = name.toCaseFolded();
    for (const Persona &persona : m_personas) {
        if (persona.id == exceptId)
            continue;
        // A name may not shadow another persona's id either, or lookups would be ambiguous.
        if (persona.name.toCaseFolded() == key || persona.id.toCaseFolded() == key)
            return fail(ErrorCode::Conflict, u"a persona named '%1' already exists"_s.arg(persona.name));
    }
    return {};
}

Result<void> PersonaRegistry::save(const Persona &persona)
{
    const qint64 now = m_clock.nowMs();
    return Store::PersonaStore(m_db).save(
        Store::PersonaRow{persona.id, persona.name, toCompactJson(persona.toJson()), now, now});
}

Result<Persona> PersonaRegistry::create(const QJsonObject &fields)
{
    auto persona = Persona::fromJson(fields);
    if (!persona)
        return persona;
    if (auto valid = validatePersona(*persona); !valid)
        return fail(valid.error());
    if (auto free = checkNameFree(persona->name, {}); !free)
        return fail(free.error());

    static const QRegularExpression validId(u"^[a-z0-9][a-z0-9-]{0,47}$"_s);
    if (!persona->id.isEmpty()) {
        if (!validId.match(persona->id).hasMatch())
            return fail(ErrorCode::InvalidArgument,
                        u"'id' must be 1-48 lowercase letters, digits or dashes, starting with a letter or digit"_s);
        if (indexOf(persona->id) >= 0 || !checkNameFree(persona->id, {}))
            return fail(ErrorCode::Conflict, u"the id '%1' is taken"_s.arg(persona->id));
    } else {
        const QString base = slugFor(persona->name).isEmpty() ? u"persona"_s : slugFor(persona->name);
        QString id = base;
        for (int n = 2; indexOf(id) >= 0 || !checkNameFree(id, {}); ++n) {
            // Keep within the 48 characters an id may have, without a dash before the suffix.
            const QString suffix = u'-' + QString::number(n);
            QString stem = base.left(48 - suffix.size());
            while (stem.endsWith(u'-'))
                stem.chop(1);
            id = stem + suffix;
        }
        persona->id = id;
    }
    persona->builtIn = false;
    persona->modified = false;
    if (auto saved = save(*persona); !saved)
        return fail(saved.error());
    m_personas.append(*persona);
    qCInfo(lcPersona) << "created persona" << persona->id;
    Q_EMIT personasChanged();
    return persona;
}

Result<Persona> PersonaRegistry::update(const QString &idOrName, const QJsonObject &patch)
{
    auto current = find(idOrName);
    if (!current)
        return current;
    if (patch.contains("id"_L1) && patch.value("id"_L1).toString() != current->id)
        return fail(ErrorCode::InvalidArgument, u"a persona's id cannot change"_s);
    auto updated = current->patched(patch);
    if (!updated)
        return updated;
    if (auto valid = validatePersona(*updated); !valid)
        return fail(valid.error());
    if (auto free = checkNameFree(updated->name, updated->id); !free)
        return fail(free.error());
    if (updated->builtIn)
        updated->modified = true;
    if (auto saved = save(*updated); !saved)
        return fail(saved.error());
    m_personas[indexOf(updated->id)] = *updated;
    Q_EMIT personasChanged();
    return updated;
}

Result<Persona> PersonaRegistry::remove(const QString &idOrName)
{
    auto persona = find(idOrName);
    if (!persona)
        return persona;
    if (persona->builtIn)
        return fail(ErrorCode::Conflict,
                    u"%1 is a built-in persona and cannot be deleted; reset it to undo your edits"_s.arg(persona->name));
    auto removed = Store::PersonaStore(m_db).remove(persona->id);
    if (!removed)
        return fail(removed.error());
    m_personas.removeAt(indexOf(persona->id));
    qCInfo(lcPersona) << "deleted persona" << persona->id;
    Q_EMIT personasChanged();
    return persona;
}

Result<Persona> PersonaRegistry::reset(const QString &idOrName)
{
    auto persona = find(idOrName);
    if (!persona)
        return persona;
    if (!persona->builtIn)
        return fail(ErrorCode::Conflict, u"only built-in personas can be reset; %1 is your own"_s.arg(persona->name));
    if (!persona->modified)
        return persona;
    auto removed = Store::PersonaStore(m_db).remove(persona->id);
    if (!removed)
        return fail(removed.error());
    for (const Persona &original : std::as_const(m_builtIns)) {
        if (original.id == persona->id) {
            m_personas[indexOf(persona->id)] = original;
            Q_EMIT personasChanged();
            return original;
        }
    }
    return fail(ErrorCode::Internal, u"built-in persona %1 vanished"_s.arg(persona->id));
}

} // namespace Studio::Personas
