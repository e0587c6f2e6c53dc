// Client → server messages: auth, subscribe/unsubscribe and chunking of long param lists.

#include "massive/clientmessages.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace tickstock::massive;

namespace {
QJsonObject decode(const QByteArray &message)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("not a JSON object: %s", message.constData());
    return doc.object();
}
} // namespace

class TestClientMessages final : public QObject {
    Q_OBJECT
private slots:
    void authEscapesTheKey()
    {
        const QByteArray message = authMessage(QStringLiteral("k\"e\\y"));
        const QJsonObject o = decode(message);
        QCOMPARE(o.value(QStringLiteral("action")).toString(), QStringLiteral("auth"));
        QCOMPARE(o.value(QStringLiteral("params")).toString(), QStringLiteral("k\"e\\y"));
        QCOMPARE(authMessage(QStringLiteral("demo")), QByteArray(R"({"action":"auth","params":"demo"})"));
    }

    void paramsAreChannelTimesTicker()
    {
        const QStringList params = subscriptionParams({QStringLiteral("T"), QStringLiteral(" Q ")},
                                                      {QStringLiteral("AAPL"), QString(), QStringLiteral("BRK.B")});
        QCOMPARE(params, (QStringList{QStringLiteral("T.AAPL"), QStringLiteral("T.BRK.B"), QStringLiteral("Q.AAPL"),
                                      QStringLiteral("Q.BRK.B")}));
    }

    void subscribeIsOneMessageWhenShort()
    {
        const auto messages = subscribeMessages({QStringLiteral("T.AAPL"), QStringLiteral(" Q.AAPL"),
                                                 QStringLiteral("AM.*")});
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0], QByteArray(R"({"action":"subscribe","params":"T.AAPL,Q.AAPL,AM.*"})"));
        const auto unsub = unsubscribeMessages({QStringLiteral("T.AAPL")});
        QCOMPARE(unsub[0], QByteArray(R"({"action":"unsubscribe","params":"T.AAPL"})"));
        QVERIFY(subscribeMessages({}).isEmpty());
    }

    void longListsAreChunkedWithoutLosingParams()
    {
        QStringList tickers;
        for (int i = 0; i < 5000; ++i)
            tickers.append(QStringLiteral("T%1").arg(i, 4, 10, QLatin1Char('0')));
        const QStringList params = subscriptionParams({QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")},
                                                      tickers);
        QCOMPARE(params.size(), 15000);
        const auto messages = subscribeMessages(params, 4096);
        QVERIFY(messages.size() > 1);
        QStringList rebuilt;
        for (const QByteArray &m : messages) {
            const QJsonObject o = decode(m);
            QCOMPARE(o.value(QStringLiteral("action")).toString(), QStringLiteral("subscribe"));
            const QString p = o.value(QStringLiteral("params")).toString();
            QVERIFY2(p.size() <= 4096, qPrintable(QString::number(p.size())));
            rebuilt += p.split(QLatin1Char(','));
        }
        QCOMPARE(rebuilt, params);
    }

    void splitParamHandlesClassSuffix()
    {
        QString channel, ticker;
        QVERIFY(splitParam(u" T.BRK.B ", &channel, &ticker));
        QCOMPARE(channel, QStringLiteral("T"));
        QCOMPARE(ticker, QStringLiteral("BRK.B"));
        QVERIFY(splitParam(u"AM.*", &channel, &ticker));
        QCOMPARE(ticker, QStringLiteral("*"));
        QVERIFY(!splitParam(u"AAPL", nullptr, nullptr));
        QVERIFY(!splitParam(u".AAPL", nullptr, nullptr));
        QVERIFY(!splitParam(u"T.", nullptr, nullptr));
    }
};

QTEST_GUILESS_MAIN(TestClientMessages)
#include "tst_clientmessages.moc"
