// Replays every committed fuzz corpus (tests/fixtures) through the checks of the libFuzzer targets
// (tests/fuzz/check_*.h) in the normal build, so CI runs them without clang. Crash inputs found by
// scripts/fuzz are committed to these corpora and stay fixed this way. A broken invariant aborts
// with its file and line (the checks are the fuzzers' own).

#include "fuzz/check_config.h"
#include "fuzz/check_frameparser.h"
#include "fuzz/check_requestparser.h"
#include "fuzz/check_wsframe.h"

#include <QtCore/QDir>
#include <QtTest/QTest>

using Check = void (*)(const std::uint8_t *, std::size_t);
Q_DECLARE_METATYPE(Check)

class TestFuzzCorpus final : public QObject {
    Q_OBJECT

private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Check>("check");
        const QList<std::pair<const char *, Check>> corpora = {
            {"frames", &tickstock::fuzz::checkFrameParser},
            {"fuzz/http-requests", &tickstock::fuzz::checkRequestParser},
            {"fuzz/ws-frames", &tickstock::fuzz::checkWsFrameReader},
            {"fuzz/envfile", &tickstock::fuzz::checkEnvFile},
            {"fuzz/config-ini", &tickstock::fuzz::checkConfigIni},
            {"fuzz/universes", &tickstock::fuzz::checkUniverses},
        };
        for (const auto &[dir, check] : corpora) {
            const QDir d(QStringLiteral(TICKSTOCK_FIXTURES_DIR "/") + QLatin1String(dir));
            const QStringList files = d.entryList(QDir::Files, QDir::Name);
            QVERIFY2(!files.isEmpty(), dir);
            for (const QString &f : files)
                QTest::newRow(qPrintable(QLatin1String(dir) + u'/' + f)) << d.filePath(f) << check;
        }
    }
    void replay()
    {
        QFETCH(QString, file);
        QFETCH(Check, check);
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        check(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()));
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
