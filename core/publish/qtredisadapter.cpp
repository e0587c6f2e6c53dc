#include "publish/qtredisadapter.h"

#include <QtCore/QSocketNotifier>

#include <hiredis/async.h>

#include <memory>

namespace tickstock::publish {
namespace {

struct Adapter {
    redisAsyncContext *context = nullptr;
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
};

void addRead(void *data) { static_cast<Adapter *>(data)->read->setEnabled(true); }
void delRead(void *data) { static_cast<Adapter *>(data)->read->setEnabled(false); }
void addWrite(void *data) { static_cast<Adapter *>(data)->write->setEnabled(true); }
void delWrite(void *data) { static_cast<Adapter *>(data)->write->setEnabled(false); }

void cleanup(void *data)
{
    auto *adapter = static_cast<Adapter *>(data);
    *adapter->alive = false;
    // hiredis may still be inside one of our notifier callbacks: disable now (which also removes a
    // pending activation from the dispatcher), delete once control is back in the event loop.
    adapter->read->setEnabled(false);
    adapter->write->setEnabled(false);
    adapter->read->deleteLater();
    adapter->write->deleteLater();
    redisAsyncContext *context = adapter->context;
    context->ev.addRead = nullptr;
    context->ev.delRead = nullptr;
    context->ev.addWrite = nullptr;
    context->ev.delWrite = nullptr;
    context->ev.cleanup = nullptr;
    context->ev.data = nullptr;
    delete adapter;
}

} // namespace

void attachQtEventLoop(redisAsyncContext *context, QObject *parent, std::function<void()> afterIo)
{
    auto *adapter = new Adapter;
    adapter->context = context;
    const int fd = context->c.fd;
    adapter->read = new QSocketNotifier(fd, QSocketNotifier::Read, parent);
    adapter->write = new QSocketNotifier(fd, QSocketNotifier::Write, parent);
    adapter->read->setEnabled(false);
    adapter->write->setEnabled(false);
    const std::shared_ptr<bool> alive = adapter->alive;
    QObject::connect(adapter->read, &QSocketNotifier::activated, adapter->read, [context, alive, afterIo] {
        if (!*alive)
            return;
        redisAsyncHandleRead(context); // may free the context (and run cleanup)
        if (afterIo)
            afterIo();
    });
    QObject::connect(adapter->write, &QSocketNotifier::activated, adapter->write, [context, alive, afterIo] {
        if (!*alive)
            return;
        redisAsyncHandleWrite(context);
        if (afterIo)
            afterIo();
    });
    context->ev.data = adapter;
    context->ev.addRead = addRead;
    context->ev.delRead = delRead;
    context->ev.addWrite = addWrite;
    context->ev.delWrite = delWrite;
    context->ev.cleanup = cleanup;
}

} // namespace tickstock::publish
