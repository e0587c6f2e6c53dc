#include "status/connectionstate.h"

namespace tickstock::status {

ConnectionStatus statusOf(ConnectionPhase phase)
{
    switch (phase) {
    case ConnectionPhase::Disabled:
    case ConnectionPhase::Idle:
    case ConnectionPhase::Closed: return ConnectionStatus::Disconnected;
    case ConnectionPhase::Dialing:
    case ConnectionPhase::Authenticating:
    case ConnectionPhase::Subscribing: return ConnectionStatus::Connecting;
    case ConnectionPhase::Streaming: return ConnectionStatus::Connected;
    case ConnectionPhase::Backoff:
    case ConnectionPhase::AuthFailed:
    case ConnectionPhase::Evicted:
    case ConnectionPhase::Stale:
    case ConnectionPhase::SlowConsumer:
    case ConnectionPhase::Refused: return ConnectionStatus::Error;
    }
    return ConnectionStatus::Error;
}

QString statusName(ConnectionStatus status)
{
    switch (status) {
    case ConnectionStatus::Disconnected: return QStringLiteral("disconnected");
    case ConnectionStatus::Connecting: return QStringLiteral("connecting");
    case ConnectionStatus::Connected: return QStringLiteral("connected");
    case ConnectionStatus::Error: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QString phaseName(ConnectionPhase phase)
{
    switch (phase) {
    case ConnectionPhase::Disabled: return QStringLiteral("disabled");
    case ConnectionPhase::Idle: return QStringLiteral("idle");
    case ConnectionPhase::Closed: return QStringLiteral("closed");
    case ConnectionPhase::Dialing: return QStringLiteral("dialing");
    case ConnectionPhase::Authenticating: return QStringLiteral("authenticating");
    case ConnectionPhase::Subscribing: return QStringLiteral("subscribing");
    case ConnectionPhase::Streaming: return QStringLiteral("streaming");
    case ConnectionPhase::Backoff: return QStringLiteral("backoff");
    case ConnectionPhase::AuthFailed: return QStringLiteral("auth_failed");
    case ConnectionPhase::Evicted: return QStringLiteral("evicted");
    case ConnectionPhase::Stale: return QStringLiteral("stale");
    case ConnectionPhase::SlowConsumer: return QStringLiteral("slow_consumer");
    case ConnectionPhase::Refused: return QStringLiteral("refused");
    }
    return QStringLiteral("unknown");
}

} // namespace tickstock::status
