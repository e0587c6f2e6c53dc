#include "sim/simcounters.h"

namespace tickstock::sim {

std::string_view eventTypeName(EventType type)
{
    switch (type) {
    case EventType::Trade: return "T";
    case EventType::Quote: return "Q";
    case EventType::SecondAggregate: return "A";
    case EventType::MinuteAggregate: return "AM";
    case EventType::Status: return "status";
    }
    return "?";
}

std::string_view malformedKindName(MalformedKind kind)
{
    switch (kind) {
    case MalformedKind::TruncatedJson: return "truncated_json";
    case MalformedKind::ObjectNotArray: return "object_not_array";
    case MalformedKind::WrongType: return "wrong_type";
    case MalformedKind::UnknownEv: return "unknown_ev";
    case MalformedKind::BinaryFrame: return "binary_frame";
    }
    return "?";
}

qint64 SimCounters::tickerCount(std::string_view symbol, EventType type) const
{
    const auto it = tickers.find(symbol);
    if (it == tickers.end() || static_cast<int>(type) >= kDataChannelCount)
        return 0;
    return it->second.events[static_cast<int>(type)];
}

namespace {
QString name(std::string_view text) { return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size())); }
} // namespace

QJsonObject SimCounters::toJson() const
{
    QJsonObject events;
    for (int i = 0; i < kEventTypeCount; ++i)
        events.insert(name(eventTypeName(static_cast<EventType>(i))), this->events[i]);

    QJsonObject malformedJson;
    qint64 malformedFrames = 0;
    for (int i = 0; i < kMalformedKindCount; ++i) {
        malformedFrames += malformed[i].frames;
        malformedJson.insert(name(malformedKindName(static_cast<MalformedKind>(i))),
                             QJsonObject{{QStringLiteral("frames"), malformed[i].frames},
                                         {QStringLiteral("good_events"), malformed[i].goodEvents},
                                         {QStringLiteral("lost_events"), malformed[i].lostEvents}});
    }
    malformedJson.insert(QStringLiteral("frames"), malformedFrames);

    const QJsonObject totals{
        {QStringLiteral("connections_accepted"), connectionsAccepted},
        {QStringLiteral("connections_open"), connectionsOpen},
        {QStringLiteral("http_rejected"), httpRejected},
        {QStringLiteral("auth_ok"), authOk},
        {QStringLiteral("auth_failed"), authFailed},
        {QStringLiteral("auth_timeouts"), authTimeouts},
        {QStringLiteral("auth_required"), authRequired},
        {QStringLiteral("client_messages"), clientMessages},
        {QStringLiteral("client_messages_ignored"), clientMessagesIgnored},
        {QStringLiteral("frames"), frames},
        {QStringLiteral("bytes"), bytes},
        {QStringLiteral("events"), events},
        {QStringLiteral("acks"), acks},
        {QStringLiteral("refusals"), refusals},
        {QStringLiteral("evictions"), evictions},
        {QStringLiteral("rejections"), rejections},
        {QStringLiteral("aborts"), aborts},
        {QStringLiteral("freezes"), freezes},
        {QStringLiteral("force_disconnects"), forceDisconnects},
        {QStringLiteral("slow_consumer_kills"), slowConsumerKills},
        {QStringLiteral("malformed"), malformedJson},
        {QStringLiteral("firehose"),
         QJsonObject{{QStringLiteral("frames_sent"), firehoseFramesSent},
                     {QStringLiteral("frames_skipped"), firehoseFramesSkippedBacklog + firehoseFramesSkippedLate},
                     {QStringLiteral("frames_skipped_backlog"), firehoseFramesSkippedBacklog},
                     {QStringLiteral("frames_skipped_late"), firehoseFramesSkippedLate},
                     {QStringLiteral("events_sent"), firehoseEventsSent}}},
    };

    QJsonObject tickersJson;
    for (const auto &[symbol, counts] : tickers) {
        QJsonObject perType;
        for (int i = 0; i < kDataChannelCount; ++i)
            perType.insert(name(eventTypeName(static_cast<EventType>(i))), counts.events[i]);
        tickersJson.insert(QString::fromStdString(symbol), perType);
    }
    return QJsonObject{{QStringLiteral("totals"), totals}, {QStringLiteral("tickers"), tickersJson}};
}

} // namespace tickstock::sim
