// .env parsing (config/envfile.h): syntax, quoting, comments, duplicates and line-numbered errors.

#include "config/envfile.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace tickstock::config;

using StringMap = QMap<QString, QString>;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
} // namespace

class TestConfigEnvFile final : public QObject {
    Q_OBJECT
private slots:
    void parsesValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<StringMap>("expected");

        QTest::newRow("plain") << s("A=1\nB=two") << StringMap{{s("A"), s("1")}, {s("B"), s("two")}};
        QTest::newRow("export prefix") << s("export A=1\nexport\tB=2") << StringMap{{s("A"), s("1")}, {s("B"), s("2")}};
        QTest::newRow("blanks trimmed") << s("  A  =   spaced value   ") << StringMap{{s("A"), s("spaced value")}};
        QTest::newRow("comments and blank lines")
            << s("# comment\n\n   # indented comment\nA=1\n\n") << StringMap{{s("A"), s("1")}};
        QTest::newRow("inline comment after blank") << s("A=value # note") << StringMap{{s("A"), s("value")}};
        QTest::newRow("hash inside value kept") << s("A=abc#def") << StringMap{{s("A"), s("abc#def")}};
        QTest::newRow("double quotes") << s("A=\"a b # not a comment\"") << StringMap{{s("A"), s("a b # not a comment")}};
        QTest::newRow("double quote escapes")
            << s("A=\"line1\\nline2 \\\"q\\\" back\\\\slash \\$HOME\"")
            << StringMap{{s("A"), s("line1\nline2 \"q\" back\\slash $HOME")}};
        QTest::newRow("single quotes literal") << s("A='raw \\n $x \"q\"'") << StringMap{{s("A"), s("raw \\n $x \"q\"")}};
        QTest::newRow("quoted then comment") << s("A='v'   # comment") << StringMap{{s("A"), s("v")}};
        QTest::newRow("quoted keeps blanks") << s("A=\"  padded  \"") << StringMap{{s("A"), s("  padded  ")}};
        QTest::newRow("empty value") << s("A=\nB=\"\"") << StringMap{{s("A"), QString()}, {s("B"), QString()}};
        QTest::newRow("equals in value") << s("URL=redis://:p=w@h:1/0") << StringMap{{s("URL"), s("redis://:p=w@h:1/0")}};
        QTest::newRow("later duplicate wins") << s("A=1\nB=x\nA=2") << StringMap{{s("A"), s("2")}, {s("B"), s("x")}};
        QTest::newRow("CRLF line ends") << s("A=1\r\nB='2'\r\n") << StringMap{{s("A"), s("1")}, {s("B"), s("2")}};
        QTest::newRow("lower-case and underscore keys") << s("_a1=x\nmy_key=y") << StringMap{{s("_a1"), s("x")}, {s("my_key"), s("y")}};
        QTest::newRow("byte order mark") << (QString(QChar(0xFEFF)) + s("A=1")) << StringMap{{s("A"), s("1")}};
        QTest::newRow("export as a key") << s("export=1") << StringMap{{s("export"), s("1")}};
    }
    void parsesValues()
    {
        QFETCH(QString, text);
        QFETCH(StringMap, expected);
        const EnvFile env = EnvFile::parse(text, s("t.env"));
        QVERIFY2(env.ok(), qPrintable(env.errors().join(QLatin1Char('\n'))));
        QCOMPARE(env.values(), expected);
    }

    void reportsErrorsWithLineNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("errors");
        QTest::addColumn<StringMap>("values"); // the valid lines still count

        QTest::newRow("no equals") << s("A=1\n# c\nJUSTAWORD\n") << QStringList{s("t.env:3: expected KEY=VALUE")}
                                   << StringMap{{s("A"), s("1")}};
        QTest::newRow("missing key") << s("=value") << QStringList{s("t.env:1: missing key before '='")} << StringMap{};
        QTest::newRow("invalid key")
            << s("\n1ABC=x\nMY-KEY=y")
            << QStringList{s("t.env:2: invalid key \"1ABC\" (use letters, digits and '_', not starting with a digit)"),
                           s("t.env:3: invalid key \"MY-KEY\" (use letters, digits and '_', not starting with a digit)")}
            << StringMap{};
        QTest::newRow("unterminated double quote")
            << s("A=1\nB=\"open\nC=3")
            << QStringList{s("t.env:2: B: unterminated double-quoted value (values cannot span lines)")}
            << StringMap{{s("A"), s("1")}, {s("C"), s("3")}};
        QTest::newRow("unterminated single quote")
            << s("B='open") << QStringList{s("t.env:1: B: unterminated single-quoted value (values cannot span lines)")}
            << StringMap{};
        QTest::newRow("text after closing quote")
            << s("A=\"x\" y\nB='x'z")
            << QStringList{s("t.env:1: A: unexpected text after the closing quote"),
                           s("t.env:2: B: unexpected text after the closing quote")}
            << StringMap{};
        QTest::newRow("several at once") << s("OK=1\nbad line\nA='x\n2X=1")
                                         << QStringList{s("t.env:2: expected KEY=VALUE"),
                                                        s("t.env:3: A: unterminated single-quoted value (values cannot "
                                                          "span lines)"),
                                                        s("t.env:4: invalid key \"2X\" (use letters, digits and '_', "
                                                          "not starting with a digit)")}
                                         << StringMap{{s("OK"), s("1")}};
    }
    void reportsErrorsWithLineNumbers()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, errors);
        QFETCH(StringMap, values);
        const EnvFile env = EnvFile::parse(text, s("t.env"));
        QVERIFY(!env.ok());
        QCOMPARE(env.errors(), errors);
        QCOMPARE(env.values(), values);
    }

    void readsFileAndReportsItsPath()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(s("prod.env"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# prod\nexport MASSIVE_API_KEY=\"k\"\nBROKEN\n");
        f.close();

        const EnvFile env = EnvFile::read(path);
        QCOMPARE(env.fileName(), path);
        QCOMPARE(env.values().value(s("MASSIVE_API_KEY")), s("k"));
        QCOMPARE(env.lineOf(s("MASSIVE_API_KEY")), 2);
        QCOMPARE(env.errors(), QStringList{path + s(":3: expected KEY=VALUE")});
    }

    void missingFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("absent.env"));
        const EnvFile env = EnvFile::read(path);
        QVERIFY(!env.ok());
        QCOMPARE(env.errorList().size(), 1);
        QCOMPARE(env.errorList().first().line, 0);
        QVERIFY2(env.errors().first().startsWith(path + s(": cannot read .env file: ")), qPrintable(env.errors().first()));
    }
};

QTEST_GUILESS_MAIN(TestConfigEnvFile)
#include "tst_config_envfile.moc"
