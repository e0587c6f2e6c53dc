#pragma once
// Turns SIGINT/SIGTERM into a Qt signal via a self-pipe, so shutdown runs in the event loop.

#include <QtCore/QObject>

class QSocketNotifier;

namespace tickstock {

class UnixSignalWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr); // watches SIGINT and SIGTERM
    ~UnixSignalWatcher() override;

signals:
    void signalReceived(int signalNumber);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace tickstock
