// SecretMasker's rule (util/secretmasker.h): long secrets wherever they occur, short ones only as
// whole tokens, in raw, percent-encoded and JSON-escaped form; JSON documents stay valid.

#include "util/secretmasker.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>
#include <QtTest/QTest>

using tickstock::SecretMasker;

namespace {
QString s(const char16_t *text) { return QString::fromUtf16(text); }
}

class TestSecretMasker final : public QObject {
    Q_OBJECT
private slots:
    void mask_data()
    {
        QTest::addColumn<QStringList>("secrets");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("masked");
        const QString longKey = QStringLiteral("AbC123xyz789QWE");
        const QString hugeKey = QString(QStringLiteral("k9")).repeated(100); // 200 characters
        QTest::newRow("long, between words") << QStringList{longKey} << s(u"key AbC123xyz789QWE invalid") << s(u"key *** invalid");
        QTest::newRow("long, glued to words") << QStringList{longKey} << s(u"key=AbC123xyz789QWEinvalid") << s(u"key=***invalid");
        QTest::newRow("long, twice") << QStringList{longKey} << s(u"AbC123xyz789QWE/AbC123xyz789QWE") << s(u"***/***");
        QTest::newRow("200 characters, percent-encoded too")
            << QStringList{hugeKey + QStringLiteral("/+")} << QString(hugeKey + QStringLiteral("/+ and ?k=") + QString::fromLatin1(QUrl::toPercentEncoding(hugeKey + QStringLiteral("/+"))))
            << s(u"*** and ?k=***");
        QTest::newRow("1 character, a token") << QStringList{QStringLiteral("x")} << s(u"key x invalid, x") << s(u"key *** invalid, ***");
        QTest::newRow("1 character, inside words") << QStringList{QStringLiteral("x")} << s(u"exit max_x x1") << s(u"exit max_x x1");
        QTest::newRow("short, whole text") << QStringList{QStringLiteral("ab")} << s(u"ab") << s(u"***");
        QTest::newRow("short, ends and punctuation") << QStringList{QStringLiteral("ab")} << s(u"ab: \"ab\" (ab).ab") << s(u"***: \"***\" (***).***");
        QTest::newRow("short, ordinary words untouched") << QStringList{QStringLiteral("ab")} << s(u"about a tab, cabal") << s(u"about a tab, cabal");
        QTest::newRow("short with punctuation inside") << QStringList{QStringLiteral("a+b")} << s(u"got a+b; ca+bc") << s(u"got ***; ca+bc");
        QTest::newRow("seven characters is still short") << QStringList{QStringLiteral("tok-999")} << s(u"Bearer tok-999; xtok-999") << s(u"Bearer ***; xtok-999");
        QTest::newRow("eight is long") << QStringList{QStringLiteral("tok-9999")} << s(u"xtok-9999x") << s(u"x***x");
        QTest::newRow("non-ASCII counts as a word character")
            << QStringList{s(u"ключ")} << s(u"bad ключ! ключи") << s(u"bad ***! ключи");
        QTest::newRow("longest first") << QStringList{QStringLiteral("abcdefgh"), QStringLiteral("abcdefgh-long-version")}
                                       << s(u"abcdefgh-long-version and abcdefgh") << s(u"*** and ***");
        QTest::newRow("every secret") << QStringList{longKey, QStringLiteral("zq7"), QStringLiteral("redis-pass"), QString()}
                                      << s(u"AbC123xyz789QWE zq7 redis-pass") << s(u"*** *** ***");
        QTest::newRow("no secrets") << QStringList{} << s(u"nothing to hide") << s(u"nothing to hide");
    }

    void mask()
    {
        QFETCH(QStringList, secrets);
        QFETCH(QString, text);
        QFETCH(QString, masked);
        const SecretMasker masker(secrets);
        QCOMPARE(masker.mask(text), masked);
        QCOMPARE(masker.mask(text.toUtf8()), masked.toUtf8()); // the same rule on bytes
        QCOMPARE(masker.mask(masked), masked);                  // masking again changes nothing
    }

    void jsonStaysValid()
    {
        const QString quoted = QStringLiteral("pa\"ss\\word1");
        const SecretMasker masker({quoted, QStringLiteral("nABCDEFGH"), QStringLiteral("1")});
        const auto doc = [](const QString &message) {
            return QJsonDocument(QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("m"), message}}).toJson(QJsonDocument::Compact);
        };
        // The JSON-escaped form of a long secret is masked.
        const QByteArray escaped = masker.maskJson(doc(QStringLiteral("key ") + quoted + QStringLiteral(" bad")));
        QCOMPARE(escaped, QByteArray(R"({"id":1,"m":"key *** bad"})"));
        // A newline then "ABCDEFGH" is not the secret "nABCDEFGH"; masking the "n" of "\n" would
        // break the document. A backslash then "nABCDEFGH" is.
        const QByteArray newline = doc(QStringLiteral("\nABCDEFGH"));
        QCOMPARE(masker.maskJson(newline), newline);
        QCOMPARE(masker.maskJson(doc(QStringLiteral("\\nABCDEFGH"))), QByteArray(R"({"id":1,"m":"\\***"})"));
        // A short secret would turn "id":1 into "id":*** : short secrets are left to mask(), on text.
        QVERIFY(!QJsonDocument::fromJson(masker.maskJson(doc(QStringLiteral("x 1 y")))).isNull());
        QCOMPARE(masker.maskJson(doc(QStringLiteral("x 1 y"))), doc(QStringLiteral("x 1 y")));
    }

    void longestFormCoversEncodings()
    {
        QCOMPARE(SecretMasker().longestForm(), 0);
        QCOMPARE(SecretMasker({QStringLiteral("a/b")}).longestForm(), 5); // "a%2Fb"
        QVERIFY(SecretMasker().isEmpty());
        QVERIFY(SecretMasker({QString()}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecretMasker)
#include "tst_secretmasker.moc"
