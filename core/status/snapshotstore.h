#pragma once
// The latest StatusSnapshot, readable from any thread without touching the feed thread.

#include "status/statussnapshot.h"

#include <QtCore/QMutex>
#include <QtCore/QObject>

namespace tickstock::status {

class SnapshotStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotStore)
public:
    explicit SnapshotStore(QObject *parent = nullptr);

    void publish(SnapshotPtr snapshot); // feed thread
    SnapshotPtr latest() const;         // any thread; never null after the first publish
    qint64 publishCount() const;

signals:
    void published(); // at most ~4 Hz plus state changes

private:
    mutable QMutex m_mutex;
    SnapshotPtr m_latest;
    qint64 m_count = 0;
};

} // namespace tickstock::status
