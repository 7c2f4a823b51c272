// SPDX-License-Identifier: MIT
#include "sessiontreemodel.h"

#include "inspectorformat.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

constexpr quintptr kGroupId = 0; // internalId of group rows; session rows carry group + 1

bool newerFirst(const Store::SessionRow &a, const Store::SessionRow &b)
{
    return a.createdMs > b.createdMs;
}

} // namespace

SessionTreeModel::SessionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_groups{Group{u"desktop"_s, {}}, Group{u"cli"_s, {}}, Group{u"mcp"_s, {}}}
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kBatchIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &SessionTreeModel::flush);
}

int SessionTreeModel::groupFor(const QString &kind)
{
    if (kind == "desktop"_L1)
        return 0;
    if (kind == "cli"_L1)
        return 1;
    return 2; // "mcp", and whatever a newer engine adds: it is a client from outside
}

void SessionTreeModel::setSessions(const QList<Store::SessionRow> &sessions)
{
    beginResetModel();
    for (Group &group : m_groups)
        group.sessions.clear();
    for (const Store::SessionRow &session : sessions)
        m_groups[groupFor(session.kind)].sessions.append(session);
    for (Group &group : m_groups) {
        std::stable_sort(group.sessions.begin(), group.sessions.end(), newerFirst);
        // Over the cap, the oldest closed sessions go first; live ones always stay.
        for (qsizetype i = group.sessions.size() - 1; i >= 0 && group.sessions.size() > kMaxSessionsPerGroup; --i) {
            if (!group.sessions.at(i).isOpen())
                group.sessions.removeAt(i);
        }
    }
    endResetModel();
    if (!m_pending.isEmpty())
        scheduleFlush();
}

void SessionTreeModel::upsert(const Store::SessionRow &session)
{
    if (session.id.isEmpty())
        return;
    if (!m_pending.contains(session.id))
        m_pendingOrder.append(session.id);
    m_pending.insert(session.id, session);
    scheduleFlush();
}

void SessionTreeModel::markClosed(const QString &sessionId, qint64 closedMs)
{
    std::optional<Store::SessionRow> row;
    if (auto it = m_pending.constFind(sessionId); it != m_pending.constEnd())
        row = *it;
    else
        row = session(sessionId);
    if (!row)
        return; // never seen: the next snapshot brings it
    if (!row->closedMs)
        row->closedMs = closedMs;
    upsert(*row);
}

void SessionTreeModel::scheduleFlush()
{
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void SessionTreeModel::flush()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;

    QHash<QString, std::pair<int, int>> where; // id -> (group, row), before any insert
    for (int g = 0; g < int(m_groups.size()); ++g) {
        const QList<Store::SessionRow> &rows = m_groups[g].sessions;
        for (int r = 0; r < rows.size(); ++r)
            where.insert(rows.at(r).id, {g, r});
    }

    std::array<QList<Store::SessionRow>, 3> added;
    std::array<std::pair<int, int>, 3> changed; // first and last changed row per group
    changed.fill({-1, -1});
    for (const QString &id : std::as_const(m_pendingOrder)) {
        auto pending = m_pending.constFind(id);
        if (pending == m_pending.constEnd())
            continue;
        if (auto it = where.constFind(id); it != where.constEnd()) {
            const auto [g, r] = *it;
            m_groups[g].sessions[r] = *pending; // a session never changes its kind
            auto &[first, last] = changed[g];
            first = first < 0 ? r : qMin(first, r);
            last = qMax(last, r);
        } else {
            added[groupFor(pending->kind)].append(*pending);
        }
    }
    m_pending.clear();
    m_pendingOrder.clear();

    for (int g = 0; g < int(m_groups.size()); ++g) {
        const QModelIndex groupIndex = index(g, 0);
        if (const auto [first, last] = changed[g]; first >= 0)
            Q_EMIT dataChanged(index(first, 0, groupIndex), index(last, ColumnCount - 1, groupIndex));
        const bool inserted = !added[g].isEmpty();
        if (inserted) {
            QList<Store::SessionRow> &rows = added[g];
            std::stable_sort(rows.begin(), rows.end(), newerFirst);
            beginInsertRows(groupIndex, 0, int(rows.size()) - 1);
            rows.append(m_groups[g].sessions);
            m_groups[g].sessions = std::move(rows);
            endInsertRows();
            trimGroup(g);
        }
        if (inserted || changed[g].first >= 0)
            Q_EMIT dataChanged(index(g, 0), index(g, ColumnCount - 1)); // the group's live count
    }
}

void SessionTreeModel::trimGroup(int g)
{
    QList<Store::SessionRow> &rows = m_groups[g].sessions;
    const QModelIndex groupIndex = index(g, 0);
    while (rows.size() > kMaxSessionsPerGroup) {
        // Remove the lowest (oldest) run of closed sessions, as one range.
        int last = int(rows.size()) - 1;
        while (last >= 0 && rows.at(last).isOpen())
            --last;
        if (last < 0)
            return; // only live sessions left: they always stay
        const int excess = int(rows.size()) - kMaxSessionsPerGroup;
        int first = last;
        while (first > 0 && last - first + 1 < excess && !rows.at(first - 1).isOpen())
            --first;
        beginRemoveRows(groupIndex, first, last);
        rows.remove(first, last - first + 1);
        endRemoveRows();
    }
}

QModelIndex SessionTreeModel::indexOf(const QString &sessionId, int column) const
{
    for (int g = 0; g < int(m_groups.size()); ++g) {
        const QList<Store::SessionRow> &rows = m_groups[g].sessions;
        for (int r = 0; r < rows.size(); ++r) {
            if (rows.at(r).id == sessionId)
                return index(r, column, index(g, 0));
        }
    }
    return {};
}

std::optional<Store::SessionRow> SessionTreeModel::session(const QString &sessionId) const
{
    return session(indexOf(sessionId));
}

std::optional<Store::SessionRow> SessionTreeModel::session(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == kGroupId)
        return std::nullopt;
    return m_groups[index.internalId() - 1].sessions.at(index.row());
}

QModelIndex SessionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex SessionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int SessionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == kGroupId && parent.column() == 0)
        return int(m_groups[parent.row()].sessions.size());
    return 0;
}

int SessionTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags SessionTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    // A group row is selectable too: it shows the traffic of every session.
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kGroupId)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant SessionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kGroupId)
        return groupData(index.row(), index.column(), role);
    return sessionData(m_groups[index.internalId() - 1].sessions.at(index.row()), index.column(), role);
}

QVariant SessionTreeModel::groupData(int group, int column, int role) const
{
    const Group &g = m_groups[group];
    switch (role) {
    case Qt::DisplayRole:
        if (column == NameColumn) {
            switch (group) {
            case 0:
                return tr("Desktop");
            case 1:
                return tr("Command line");
            default:
                return tr("MCP clients");
            }
        }
        if (column == StateColumn && !g.sessions.isEmpty()) {
            const auto live = std::count_if(g.sessions.cbegin(), g.sessions.cend(),
                                            [](const Store::SessionRow &s) { return s.isOpen(); });
            return tr("%n live", nullptr, int(live));
        }
        return {};
    case Qt::FontRole:
        if (column == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case KindRole:
        return g.kind;
    case IsGroupRole:
        return true;
    case SessionIdRole:
        return QString();
    case IsOpenRole:
        return false;
    default:
        return {};
    }
}

QVariant SessionTreeModel::sessionData(const Store::SessionRow &session, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: {
            if (session.clientName.isEmpty())
                return tr("Unnamed client");
            if (session.clientVersion.isEmpty())
                return session.clientName;
            return u"%1 %2"_s.arg(session.clientName, session.clientVersion); // a name, not a sentence
        }
        case TransportColumn:
            return InspectorFormat::transport(session.transport);
        case StateColumn:
            return session.isOpen() ? tr("Live") : tr("Closed");
        case LastActiveColumn:
            return InspectorFormat::moment(session.lastActiveMs);
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (!session.isOpen())
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (session.isOpen())
            return tr("Session %1\nOpened %2").arg(session.id, InspectorFormat::moment(session.createdMs));
        return tr("Session %1\nOpened %2, closed %3")
            .arg(session.id, InspectorFormat::moment(session.createdMs), InspectorFormat::moment(*session.closedMs));
    case SessionIdRole:
        return session.id;
    case KindRole:
        return session.kind;
    case IsOpenRole:
        return session.isOpen();
    case IsGroupRole:
        return false;
    default:
        return {};
    }
}

QVariant SessionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Session");
    case TransportColumn:
        return tr("Transport");
    case StateColumn:
        return tr("State");
    case LastActiveColumn:
        return tr("Last active");
    default:
        return {};
    }
}

} // namespace Studio::Ui
