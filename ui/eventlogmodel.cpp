#include "ui/eventlogmodel.h"

namespace tickstock::ui {

EventLogModel::EventLogModel(int capacity, Formatter formatter, QObject *parent)
    : QAbstractTableModel(parent)
    , m_formatter(std::move(formatter))
    , m_capacity(std::max(1, capacity))
{
}

QString EventLogModel::levelName(int level)
{
    switch (QtMsgType(level)) {
    case QtDebugMsg: return tr("debug");
    case QtInfoMsg: return tr("info");
    case QtWarningMsg: return tr("warning");
    case QtCriticalMsg:
    case QtFatalMsg: return tr("error");
    }
    return tr("info");
}

void EventLogModel::append(const LogEntry &entry)
{
    if (int(m_entries.size()) >= m_capacity) {
        beginRemoveRows(QModelIndex(), 0, 0);
        m_entries.pop_front();
        ++m_evicted;
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.push_back(entry);
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    const LogEntry &e = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time: return m_formatter.timeOfDayMs(e.timeMs);
        case Source: return e.source;
        case Level: return levelName(e.level);
        case Message: return e.text;
        case ColumnCount: break;
        }
        return {};
    case RawValueRole:
        switch (Column(index.column())) {
        case Time: return e.timeMs;
        case Source: return e.source;
        case Level: return e.level;
        case Message: return e.text;
        case ColumnCount: break;
        }
        return {};
    case LevelRole: return e.level;
    case Qt::ToolTipRole:
        return index.column() == Message ? QVariant(e.text) : QVariant();
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time: return tr("Time");
    case Source: return tr("Source");
    case Level: return tr("Level");
    case Message: return tr("Message");
    case ColumnCount: break;
    }
    return {};
}

} // namespace tickstock::ui
