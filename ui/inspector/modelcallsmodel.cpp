// SPDX-License-Identifier: MIT
#include "modelcallsmodel.h"

#include "inspectorformat.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

/** Numbers line up on the right, in the cells and in their headers. */
QVariant alignment(int column)
{
    switch (column) {
    case ModelCallsModel::PromptTokensColumn:
    case ModelCallsModel::CompletionTokensColumn:
    case ModelCallsModel::DurationColumn:
    case ModelCallsModel::FirstTokenColumn:
        return int(Qt::AlignRight | Qt::AlignVCenter); // int: what Qt 6.4 delegates read
    default:
        return {};
    }
}

} // namespace

ModelCallsModel::ModelCallsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ModelCallsModel::setCalls(const QList<Store::ModelCallRow> &calls)
{
    beginResetModel();
    m_calls = calls.mid(qMax<qsizetype>(0, calls.size() - kMaxCalls));
    endResetModel();
}

void ModelCallsModel::clear()
{
    if (m_calls.isEmpty())
        return;
    beginResetModel();
    m_calls.clear();
    endResetModel();
}

void ModelCallsModel::upsert(const Store::ModelCallRow &call)
{
    if (const int row = rowOf(call.id); row >= 0) {
        m_calls[row] = call;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    if (m_calls.size() >= kMaxCalls) {
        beginRemoveRows({}, 0, 0);
        m_calls.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_calls.size());
    beginInsertRows({}, row, row);
    m_calls.append(call);
    endInsertRows();
}

int ModelCallsModel::rowOf(qint64 callId) const
{
    // Search from the end: updates are for the newest calls.
    for (int row = int(m_calls.size()) - 1; row >= 0; --row) {
        if (m_calls.at(row).id == callId)
            return row;
    }
    return -1;
}

std::optional<Store::ModelCallRow> ModelCallsModel::call(int row) const
{
    if (row < 0 || row >= m_calls.size())
        return std::nullopt;
    return m_calls.at(row);
}

bool ModelCallsModel::isRunning(const Store::ModelCallRow &call)
{
    return call.doneReason.isEmpty() && call.error.isEmpty() && call.durationMs == 0;
}

int ModelCallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

int ModelCallsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ModelCallsModel::resultText(const Store::ModelCallRow &call) const
{
    if (!call.error.isEmpty())
        return call.error;
    if (isRunning(call))
        return tr("Running…");
    return call.doneReason;
}

QVariant ModelCallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Store::ModelCallRow &call = m_calls.at(index.row());
    const bool running = isRunning(call);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return InspectorFormat::preciseTime(call.startedMs);
        case PurposeColumn:
            if (call.purpose == "chat"_L1)
                return tr("Chat");
            if (call.purpose == "summary"_L1)
                return tr("Summary");
            return call.purpose;
        case ModelColumn:
            return call.model;
        case PromptTokensColumn:
            return running ? QString() : InspectorFormat::count(call.promptTokens);
        case CompletionTokensColumn:
            return running ? QString() : InspectorFormat::count(call.completionTokens);
        case DurationColumn:
            return running ? QString() : InspectorFormat::duration(double(call.durationMs));
        case FirstTokenColumn:
            return InspectorFormat::duration(double(call.firstTokenMs));
        case ResultColumn:
            return resultText(call);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case Qt::ForegroundRole:
        if (!call.error.isEmpty())
            return QColor(0xc0, 0x1c, 0x28); // the same red in light and dark themes reads as "failed"
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ResultColumn && !call.error.isEmpty())
            return call.error;
        if (index.column() == ModelColumn && !call.digest.isEmpty())
            return tr("Digest %1").arg(call.digest);
        return {};
    case CallIdRole:
        return call.id;
    case RequestRole:
        return call.request;
    case IsRunningRole:
        return running;
    case IsErrorRole:
        return !call.error.isEmpty();
    default:
        return {};
    }
}

QVariant ModelCallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PromptTokensColumn:
            return tr("Prompt tokens, as counted by the model server");
        case CompletionTokensColumn:
            return tr("Reply (completion) tokens, as counted by the model server");
        case FirstTokenColumn:
            return tr("Time until the first token arrived");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case PurposeColumn:
        return tr("Purpose");
    case ModelColumn:
        return tr("Model");
    case PromptTokensColumn:
        //: Column header: tokens of the prompt (Ollama's prompt_eval_count); keep it short
        return tr("Prompt");
    case CompletionTokensColumn:
        //: Column header: tokens the model generated (Ollama's eval_count); keep it short
        return tr("Reply");
    case DurationColumn:
        return tr("Duration");
    case FirstTokenColumn:
        return tr("First token");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

} // namespace Studio::Ui
