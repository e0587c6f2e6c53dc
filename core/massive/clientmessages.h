#pragma once
// Client → server messages of the Massive protocol: auth, subscribe, unsubscribe.

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock::massive {

// Subscribe params above this many bytes are split into several messages.
inline constexpr qsizetype kDefaultMaxParamsBytes = 16 * 1024;

QByteArray authMessage(const QString &apiKey); // {"action":"auth","params":"<key>"}

// "T.AAPL", one per channel × ticker, channel-major, e.g. {T,Q} × {AAPL,MSFT} →
// T.AAPL, T.MSFT, Q.AAPL, Q.MSFT. Empty channels and tickers are skipped.
QStringList subscriptionParams(const QStringList &channels, const QStringList &tickers);

// One or more {"action":"subscribe","params":"T.AAPL,Q.AAPL"} messages; each params string
// stays under maxParamsBytes unless a single param is longer.
QList<QByteArray> subscribeMessages(const QStringList &params, qsizetype maxParamsBytes = kDefaultMaxParamsBytes);
QList<QByteArray> unsubscribeMessages(const QStringList &params, qsizetype maxParamsBytes = kDefaultMaxParamsBytes);

// Splits a subscription param "T.BRK.B" into channel "T" and ticker "BRK.B"; false if malformed.
bool splitParam(QStringView param, QString *channel, QString *ticker);

} // namespace tickstock::massive
