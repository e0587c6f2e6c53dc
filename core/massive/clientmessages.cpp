#include "massive/clientmessages.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace tickstock::massive {
namespace {

QByteArray actionMessage(const char *action, const QString &params)
{
    QJsonObject message;
    message.insert(QStringLiteral("action"), QLatin1String(action));
    message.insert(QStringLiteral("params"), params);
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QList<QByteArray> chunkedMessages(const char *action, const QStringList &params, qsizetype maxParamsBytes)
{
    QList<QByteArray> messages;
    QString current;
    for (const QString &param : params) {
        const QString trimmed = param.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (!current.isEmpty() && current.size() + 1 + trimmed.size() > maxParamsBytes) {
            messages.append(actionMessage(action, current));
            current.clear();
        }
        if (!current.isEmpty())
            current += QLatin1Char(',');
        current += trimmed;
    }
    if (!current.isEmpty())
        messages.append(actionMessage(action, current));
    return messages;
}

} // namespace

QByteArray authMessage(const QString &apiKey) { return actionMessage("auth", apiKey); }

QStringList subscriptionParams(const QStringList &channels, const QStringList &tickers)
{
    QStringList params;
    params.reserve(channels.size() * tickers.size());
    for (const QString &channel : channels) {
        const QString c = channel.trimmed();
        if (c.isEmpty())
            continue;
        for (const QString &ticker : tickers) {
            const QString t = ticker.trimmed();
            if (!t.isEmpty())
                params.append(c + QLatin1Char('.') + t);
        }
    }
    return params;
}

QList<QByteArray> subscribeMessages(const QStringList &params, qsizetype maxParamsBytes)
{
    return chunkedMessages("subscribe", params, maxParamsBytes);
}

QList<QByteArray> unsubscribeMessages(const QStringList &params, qsizetype maxParamsBytes)
{
    return chunkedMessages("unsubscribe", params, maxParamsBytes);
}

bool splitParam(QStringView param, QString *channel, QString *ticker)
{
    const QStringView trimmed = param.trimmed();
    const qsizetype dot = trimmed.indexOf(QLatin1Char('.'));
    if (dot <= 0 || dot == trimmed.size() - 1)
        return false;
    if (channel)
        *channel = trimmed.left(dot).toString();
    if (ticker)
        *ticker = trimmed.mid(dot + 1).toString();
    return true;
}

} // namespace tickstock::massive
