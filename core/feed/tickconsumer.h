#pragma once
// A downstream consumer of every parsed event (the Redis publisher). Called on the feed thread:
// an implementation must only enqueue (bounded, drop-oldest) and never block.

#include "massive/frameparser.h"

namespace tickstock::feed {

class TickConsumer {
public:
    virtual ~TickConsumer() = default;
    virtual void consume(int connection, const massive::ParseResult &result, qint64 nowMs) = 0;
};

} // namespace tickstock::feed
