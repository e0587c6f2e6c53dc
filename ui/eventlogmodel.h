#pragma once
// The event log: connection state changes, errors and operator actions, newest last. A bounded
// ring: when full, the oldest row is removed before the new one is inserted, so the view never
// sees ghost rows and memory stays flat however long the app runs.

#include "ui/formatter.h"

#include <QtCore/QAbstractTableModel>

#include <deque>

namespace tickstock::ui {

struct LogEntry {
    qint64 timeMs = 0;
    QString source;   // connection name, "redis", "http", "ui"
    int level = 0;    // QtMsgType
    QString text;
};

class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)
public:
    enum Column { Time, Source, Level, Message, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole, LevelRole };

    explicit EventLogModel(int capacity = 2000, Formatter formatter = Formatter(), QObject *parent = nullptr);

    void append(const LogEntry &entry);
    void clear();
    int capacity() const { return m_capacity; }
    qint64 evictedCount() const { return m_evicted; } // rows dropped to stay within capacity
    const LogEntry &entryAt(int row) const { return m_entries[std::size_t(row)]; }

    static QString levelName(int level);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Formatter m_formatter;
    std::deque<LogEntry> m_entries;
    int m_capacity;
    qint64 m_evicted = 0;
};

} // namespace tickstock::ui
