#pragma once
// Turns SIGINT/SIGTERM (shut down) and SIGHUP (reload the TLS credentials) into a Qt signal via a
// self-pipe, so the work runs in the event loop and never in a signal handler.

#include <QtCore/QObject>

class QSocketNotifier;

namespace tickstock {

class UnixSignalWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr); // watches SIGINT, SIGTERM and SIGHUP
    ~UnixSignalWatcher() override;

    static QString name(int signalNumber); // "SIGTERM"

signals:
    void signalReceived(int signalNumber);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace tickstock
