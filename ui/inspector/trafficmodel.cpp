// SPDX-License-Identifier: MIT
#include "trafficmodel.h"

#include "inspectorformat.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

/** Numbers line up on the right, in the cells and in their headers. */
QVariant alignment(int column)
{
    switch (column) {
    case TrafficModel::DirectionColumn:
        return int(Qt::AlignCenter);
    case TrafficModel::IdColumn:
    case TrafficModel::SizeColumn:
    case TrafficModel::LatencyColumn:
        return int(Qt::AlignRight | Qt::AlignVCenter); // int: what Qt 6.4 delegates read
    default:
        return {};
    }
}

QString idText(const QJsonValue &id)
{
    if (id.isDouble())
        return QString::number(id.toDouble(), 'g', 17);
    if (id.isString())
        return id.toString();
    return {}; // notifications, and errors about unparsable messages
}

} // namespace

TrafficModel::TrafficModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax<qsizetype>(1, capacity))
{
}

void TrafficModel::appendEvents(QList<Mcp::TrafficEvent> events)
{
    if (events.isEmpty())
        return;
    if (events.size() >= m_capacity) {
        // The batch alone fills the store: one reset is cheaper than a removal plus an insert.
        m_dropped += m_events.size() + events.size() - m_capacity;
        beginResetModel();
        m_events = events.mid(events.size() - m_capacity);
        endResetModel();
        return;
    }
    const qsizetype overflow = m_events.size() + events.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_events.remove(0, overflow);
        endRemoveRows();
        m_dropped += overflow;
    }
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(events.size()) - 1);
    m_events.append(std::move(events));
    endInsertRows();
}

void TrafficModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Mcp::TrafficEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return InspectorFormat::preciseTime(event.atMs);
        case DirectionColumn:
            // Seen from the server: a request comes in (→), a reply goes out (←).
            return event.incoming ? u"→"_s : u"←"_s;
        case MethodColumn:
            return event.method.isEmpty() ? tr("(no method)") : event.method;
        case IdColumn:
            return idText(event.id);
        case SizeColumn:
            return InspectorFormat::bytes(event.bytes);
        case LatencyColumn:
            return InspectorFormat::duration(event.latencyMs);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == DirectionColumn)
            return event.incoming ? tr("Received from the client") : tr("Sent to the client");
        if (index.column() == LatencyColumn && event.latencyMs >= 0)
            return tr("Time from the request's arrival to this reply");
        if (event.isError)
            return tr("An error reply or a message that was refused");
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == DirectionColumn)
            return event.incoming ? tr("received") : tr("sent");
        return {};
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case Qt::ForegroundRole:
        if (event.isError)
            return QColor(0xc0, 0x1c, 0x28);
        return {};
    case SessionIdRole:
        return event.sessionId;
    case MethodRole:
        return event.method;
    case PayloadRole:
        return event.payload;
    case IncomingRole:
        return event.incoming;
    case IsErrorRole:
        return event.isError;
    default:
        return {};
    }
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole)
        return alignment(section);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        //: Column header: direction of a message (received or sent); keep it short
        return tr("Dir.");
    case MethodColumn:
        return tr("Method");
    case IdColumn:
        return tr("Id");
    case SizeColumn:
        return tr("Size");
    case LatencyColumn:
        return tr("Latency");
    default:
        return {};
    }
}

} // namespace Studio::Ui
