#pragma once
// The feed connection slots (WEBSOCKET_CONNECTION_N_*, or the single connection): read, decide the
// demo, build the slot list, resolve tickers, de-duplicate them across slots, fill URL and key.
// Each step appends its warnings; bad values are errors through the Reader.

#include "config/configreader.h"
#include "config/monitorconfig.h"
#include "config/universes.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace tickstock::config {

// Per-slot raw settings before ticker resolution.
struct SlotInput {
    SlotConfig slot;
    QString urlOverride;
    QString apiKeyOverride;
    QString universeKeyName; // the key the universe came from, for messages
    QString symbolsKeyName;
};

struct SlotInputs {
    QList<SlotInput> perSlot;  // slots 1..connectionsMax, whatever the mode (not `slots`: a Qt macro)
    QString singleUniverse;    // SYMBOL_UNIVERSE_KEY
    QStringList singleSymbols; // SYMBOLS
};

// Reads every slot key of slots 1..connectionsMax whatever the mode, so bad values are reported;
// warns about slot keys the mode ignores.
SlotInputs readSlotInputs(const Reader &in, const MonitorConfig &c, QStringList *warnings);

// Sets c->demo (forced by DEMO, or the default when neither a key nor a URL is configured anywhere)
// and *demoReason; returns whether the user configured slots or tickers of their own.
bool decideDemo(const Reader &in, std::optional<bool> demoFlag, const SlotInputs &inputs, MonitorConfig *c,
                QString *demoReason);

// The slots in use: the demo's three built-in slots, the multi-mode slots, or the single connection.
QList<SlotInput> buildSlots(const SlotInputs &inputs, bool explicitSlots, MonitorConfig *c, bool *autoDemoSlots);

// Tickers per slot: the universe first, else SYMBOLS (the demo falls back to built-in tickers).
void resolveSlotTickers(QList<SlotInput> *built, const UniverseSource &universes, bool autoDemoSlots,
                        const QString &hint, QStringList *warnings);

// Enabled slots claim tickers in index order; a disabled slot keeps only tickers no enabled slot has.
void deduplicateTickers(QList<SlotInput> *built, bool autoDemoSlots, QStringList *warnings);

// URL and key per slot into c->feedSlots; the demo uses the in-process simulator (the app fills in its URL).
void assignEndpoints(const QList<SlotInput> &built, MonitorConfig *c, QStringList *warnings);

} // namespace tickstock::config
