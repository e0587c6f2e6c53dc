#include "config/configslots.h"

#include "config/configkeys.h"
#include "util/logging.h"

#include <QtCore/QHash>

namespace tickstock::config {
namespace {

// Built-in tickers for the demo when no universes file can be found.
QStringList builtinDemoTickers(int slot)
{
    switch (slot) {
    case 1: return QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                               QStringLiteral("AMZN"), QStringLiteral("GOOGL"), QStringLiteral("META"),
                               QStringLiteral("TSLA"), QStringLiteral("AVGO")};
    case 2: return QStringList{QStringLiteral("JPM"), QStringLiteral("BAC"), QStringLiteral("WFC"),
                               QStringLiteral("GS"), QStringLiteral("MS"), QStringLiteral("C"),
                               QStringLiteral("SCHW"), QStringLiteral("BLK")};
    default: return QStringList{QStringLiteral("UNH"), QStringLiteral("JNJ"), QStringLiteral("LLY"),
                                QStringLiteral("PFE"), QStringLiteral("MRK"), QStringLiteral("ABBV"),
                                QStringLiteral("TMO"), QStringLiteral("ABT")};
    }
}

const QStringList &demoUniverses()
{
    static const QStringList keys = {QStringLiteral("market_leaders:top_50"), QStringLiteral("sector:finance"),
                                     QStringLiteral("sector:healthcare")};
    return keys;
}

QString joinShort(const QStringList &items, qsizetype max = 10)
{
    if (items.size() <= max)
        return items.join(QStringLiteral(", "));
    return items.mid(0, max).join(QStringLiteral(", ")) + QStringLiteral(", … (+%1 more)").arg(items.size() - max);
}

QString tickerCount(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 ticker") : QStringLiteral("%1 tickers").arg(n);
}

QString slotLabel(const SlotConfig &s)
{
    return s.connectionId() + QStringLiteral(" (") + s.name + QLatin1Char(')');
}

} // namespace

SlotInputs readSlotInputs(const Reader &in, const MonitorConfig &c, QStringList *warnings)
{
    SlotInputs out;
    for (int n = 1; n <= c.connectionsMax; ++n) {
        SlotInput s;
        s.slot.index = n;
        s.slot.enabled = in.boolean(slotKey(n, u"ENABLED"), false);
        s.slot.name = in.text(slotKey(n, u"NAME"), defaultSlotName(n));
        s.slot.universeKey = in.text(slotKey(n, u"UNIVERSE_KEY"));
        s.slot.symbols = in.tickers(slotKey(n, u"SYMBOLS"));
        s.urlOverride = in.webSocketUrl(slotKey(n, u"URL"));
        s.apiKeyOverride = in.text(slotKey(n, u"API_KEY"));
        s.universeKeyName = slotKey(n, u"UNIVERSE_KEY");
        s.symbolsKeyName = slotKey(n, u"SYMBOLS");
        out.perSlot.append(s);
    }
    out.singleUniverse = in.text(key("SYMBOL_UNIVERSE_KEY"));
    out.singleSymbols = in.tickers(key("SYMBOLS"));

    if (c.multiConnection) {
        for (int n = c.connectionsMax + 1; n <= kMaxSlots; ++n) {
            for (const QString &suffix : slotKeySuffixes()) {
                if (in.has(slotKey(n, suffix))) {
                    warnings->append(slotKey(n, u"*")
                                     + QStringLiteral(": slot %1 is beyond WEBSOCKET_CONNECTIONS_MAX=%2 and is ignored")
                                           .arg(n)
                                           .arg(c.connectionsMax));
                    break;
                }
            }
        }
    } else {
        for (const SlotInput &s : std::as_const(out.perSlot)) {
            if (s.slot.enabled) {
                warnings->append(slotKey(s.slot.index, u"ENABLED")
                                 + QStringLiteral("=true is ignored: USE_MULTI_CONNECTION is false (single mode uses "
                                                  "SYMBOL_UNIVERSE_KEY / SYMBOLS)"));
                break;
            }
        }
    }
    return out;
}

bool decideDemo(const Reader &in, std::optional<bool> demoFlag, const SlotInputs &inputs, MonitorConfig *c,
                QString *demoReason)
{
    bool keyOrUrlConfigured = in.has(key("MASSIVE_API_KEY")) || in.has(key("MASSIVE_WEBSOCKET_URL"));
    bool explicitSlots = false;
    if (c->multiConnection) {
        for (const SlotInput &s : inputs.perSlot) {
            if (!s.slot.enabled)
                continue;
            explicitSlots = true;
            keyOrUrlConfigured = keyOrUrlConfigured || !s.urlOverride.isEmpty() || !s.apiKeyOverride.isEmpty();
        }
    } else {
        explicitSlots = !inputs.singleUniverse.isEmpty() || in.has(key("SYMBOLS"));
    }
    if (demoFlag) {
        c->demo = *demoFlag;
        if (c->demo) {
            const int layer = in.layer(key("DEMO"));
            *demoReason = layer == LayerCli ? QStringLiteral("--demo")
                                            : QStringLiteral("DEMO=true (") + originName(layer) + QLatin1Char(')');
        }
    } else if (!keyOrUrlConfigured) {
        c->demo = true;
        *demoReason = QStringLiteral("no MASSIVE_API_KEY and no MASSIVE_WEBSOCKET_URL configured");
    }
    return explicitSlots;
}

QList<SlotInput> buildSlots(const SlotInputs &inputs, bool explicitSlots, MonitorConfig *c, bool *autoDemoSlots)
{
    QList<SlotInput> built;
    *autoDemoSlots = false;
    if (c->demo && !explicitSlots) {
        *autoDemoSlots = true;
        c->multiConnection = true;
        c->connectionsMax = 3;
        for (int n = 1; n <= 3; ++n) {
            SlotInput s;
            s.slot.index = n;
            s.slot.enabled = true;
            s.slot.name = defaultSlotName(n);
            s.slot.universeKey = demoUniverses().at(n - 1);
            s.universeKeyName = QStringLiteral("demo universe");
            built.append(s);
        }
    } else if (c->multiConnection) {
        built = inputs.perSlot;
    } else {
        SlotInput s;
        s.slot.index = 1;
        s.slot.enabled = true;
        s.slot.name = QStringLiteral("primary");
        s.slot.universeKey = inputs.singleUniverse;
        s.slot.symbols = inputs.singleSymbols;
        s.universeKeyName = key("SYMBOL_UNIVERSE_KEY");
        s.symbolsKeyName = key("SYMBOLS");
        built.append(s);
    }
    return built;
}

void resolveSlotTickers(QList<SlotInput> *built, const UniverseSource &universes, bool autoDemoSlots,
                        const QString &hint, QStringList *warnings)
{
    for (SlotInput &s : *built) {
        SlotConfig &slot = s.slot;
        const bool warn = slot.enabled;
        if (!slot.universeKey.isEmpty()) {
            QString how;
            if (const std::optional<QStringList> tickers = resolveUniverse(universes, slot.universeKey, &how)) {
                slot.tickers = *tickers;
                slot.tickerSource = QStringLiteral("universe:") + slot.universeKey;
                qCDebug(lcConfig) << slot.connectionId() << "tickers from" << how << slot.tickers.size();
                continue;
            }
            if (autoDemoSlots) {
                slot.tickers = builtinDemoTickers(slot.index);
                slot.tickerSource = QStringLiteral("demo");
                warnings->append(QStringLiteral("demo universe ") + slot.universeKey + QStringLiteral(" not found")
                                 + hint + QStringLiteral("; ") + slotLabel(slot)
                                 + QStringLiteral(" uses built-in demo tickers"));
                continue;
            }
            if (warn) {
                QString fallback;
                if (slot.symbols.isEmpty())
                    fallback = QStringLiteral("; ") + s.symbolsKeyName + QStringLiteral(" is empty");
                else
                    fallback = QStringLiteral("; using ") + s.symbolsKeyName + QStringLiteral(" (")
                               + tickerCount(slot.symbols.size()) + QLatin1Char(')');
                warnings->append(s.universeKeyName + QLatin1Char('=') + slot.universeKey
                                 + QStringLiteral(": unknown universe") + hint + fallback);
            }
        }
        if (!slot.symbols.isEmpty()) {
            slot.tickers = slot.symbols;
            slot.tickerSource = QStringLiteral("symbols");
        } else {
            slot.tickerSource = QStringLiteral("none");
        }
    }
}

void deduplicateTickers(QList<SlotInput> *built, bool autoDemoSlots, QStringList *warnings)
{
    QHash<QString, int> owner;
    QHash<int, QString> labels;
    for (const SlotInput &s : std::as_const(*built))
        labels.insert(s.slot.index, slotLabel(s.slot));
    for (int pass = 0; pass < 2; ++pass) {
        for (SlotInput &s : *built) {
            SlotConfig &slot = s.slot;
            if (slot.enabled != (pass == 0))
                continue;
            QStringList kept;
            QMap<int, QStringList> removed; // owner slot -> tickers
            for (const QString &t : std::as_const(slot.tickers)) {
                const auto it = owner.constFind(t);
                if (it != owner.constEnd() && *it != slot.index) {
                    removed[*it].append(t);
                    continue;
                }
                kept.append(t);
                if (slot.enabled)
                    owner.insert(t, slot.index);
            }
            slot.tickers = kept;
            if (!slot.enabled || autoDemoSlots)
                continue;
            for (auto it = removed.cbegin(); it != removed.cend(); ++it) {
                const bool one = it.value().size() == 1;
                warnings->append(labels.value(slot.index) + QStringLiteral(": ") + joinShort(it.value())
                                 + (one ? QStringLiteral(" is") : QStringLiteral(" are"))
                                 + QStringLiteral(" already on ") + labels.value(it.key())
                                 + (one ? QStringLiteral(" and stays there") : QStringLiteral(" and stay there"))
                                 + QStringLiteral(" (a ticker belongs to its first connection)"));
            }
        }
    }
}

void assignEndpoints(const QList<SlotInput> &built, MonitorConfig *c, QStringList *warnings)
{
    QStringList keyless;
    for (const SlotInput &s : built) {
        SlotConfig slot = s.slot;
        if (c->demo) {
            slot.url.clear();
            slot.apiKey = QStringLiteral("demo");
        } else {
            slot.url = s.urlOverride.isEmpty() ? c->websocketUrl : s.urlOverride;
            slot.apiKey = s.apiKeyOverride.isEmpty() ? c->apiKey : s.apiKeyOverride;
            if (slot.enabled && slot.apiKey.isEmpty())
                keyless.append(slotLabel(slot));
        }
        if (slot.enabled && slot.tickers.isEmpty()) {
            warnings->append(slotLabel(slot) + QStringLiteral(" is enabled but has no tickers; it will stay idle"));
        }
        c->feedSlots.append(slot);
    }
    if (c->demo)
        c->websocketUrl.clear();
    if (!keyless.isEmpty()) {
        warnings->append(QStringLiteral("MASSIVE_API_KEY is not set; ") + keyless.join(QStringLiteral(", "))
                         + QStringLiteral(" will most likely fail to authenticate"));
    }
    if (c->multiConnection && c->enabledSlotCount() == 0) {
        warnings->append(QStringLiteral("USE_MULTI_CONNECTION=true but no WEBSOCKET_CONNECTION_N_ENABLED is true; "
                                        "no connection will be opened"));
    }
}

} // namespace tickstock::config
