// SPDX-License-Identifier: MIT
#include "personalistmodel.h"

#include <engine/engineclient.h>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

QString initialOf(const QString &name)
{
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            return QString(c).toUpper();
    }
    return u"?"_s;
}

PersonaListModel::PersonaListModel(Engine::EngineClient *engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(engine->engine(), &Engine::Engine::personasChanged, this, &PersonaListModel::refresh);
    refresh();
}

void PersonaListModel::refresh()
{
    m_engine->listPersonas().then(this, [this](const Result<QList<Personas::Persona>> &personas) {
        if (!personas)
            return Q_EMIT failed(personas.error().message);
        beginResetModel();
        m_personas = *personas;
        endResetModel();
        Q_EMIT refreshed();
    });
}

int PersonaListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_personas.size());
}

QVariant PersonaListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Personas::Persona &persona = m_personas.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return persona.name;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return persona.description;
    case IdRole:
        return persona.id;
    case BuiltInRole:
        return persona.builtIn;
    case ModifiedRole:
        return persona.modified;
    case InitialRole:
        return initialOf(persona.name);
    case SearchTextRole:
        return QString(persona.name + u' ' + persona.id + u' ' + persona.description + u' ' + persona.traits.join(u' '));
    default:
        return {};
    }
}

QHash<int, QByteArray> PersonaListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "personaId");
    names.insert(DescriptionRole, "description");
    names.insert(BuiltInRole, "builtIn");
    return names;
}

const Personas::Persona *PersonaListModel::personaAt(int row) const
{
    return row >= 0 && row < m_personas.size() ? &m_personas.at(row) : nullptr;
}

int PersonaListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_personas.size(); ++i) {
        if (m_personas.at(i).id == id)
            return i;
    }
    return -1;
}

} // namespace Studio::Ui
