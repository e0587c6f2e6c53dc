#pragma once
// Hooks a hiredis async context into the calling thread's Qt event loop: two
// QSocketNotifiers (read, write) toggled with setEnabled() by hiredis' add/del hooks. Not a QObject
// and needs no moc, unlike <hiredis/adapters/qt.h>. Call it on the thread that services the
// context, right after redisAsyncConnect() and before redisAsyncSetConnectCallback().

#include <functional>

struct redisAsyncContext;
class QObject;

namespace tickstock::publish {

// `afterIo` runs after every handled read or write event (the context may have been freed by then:
// it must not touch it without checking). The notifiers are children of `parent`; when hiredis
// frees the context they are disabled at once and deleted later.
void attachQtEventLoop(redisAsyncContext *context, QObject *parent, std::function<void()> afterIo = {});

} // namespace tickstock::publish
