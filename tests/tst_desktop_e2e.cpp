// The real tickstock-monitor desktop app under its own Xvfb display (QT_QPA_PLATFORM=xcb):
// --demo reaches three streaming columns with rows (the app's self-test report, written from
// what its window shows), the screen is not blank, SIGTERM closes it cleanly, and a broken
// configuration opens the error dialog instead of an empty window.

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QTest>

#include <csignal>

namespace {

const QString kMonitor = QStringLiteral(TICKSTOCK_BINARY_DIR "/app/monitor/tickstock-monitor");

QString describe(QProcess &p)
{
    return QStringLiteral("exit %1, stderr:\n%2").arg(p.exitCode()).arg(QString::fromLocal8Bit(p.readAllStandardError()));
}

} // namespace

class TestDesktopE2e final : public QObject {
    Q_OBJECT
private:
    QProcess m_xvfb;
    QString m_display;
    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys()) {
            if (key.startsWith(QLatin1String("MASSIVE_")) || key.startsWith(QLatin1String("REDIS_"))
                || key.startsWith(QLatin1String("WEBSOCKET_")) || key.startsWith(QLatin1String("STATUS_HTTP"))
                || key.startsWith(QLatin1String("TICKSTOCK_")) || key == QLatin1String("SYMBOLS")
                || key == QLatin1String("USE_MULTI_CONNECTION") || key == QLatin1String("WAYLAND_DISPLAY"))
                env.remove(key);
        }
        env.insert(QStringLiteral("DISPLAY"), m_display);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("false"));
        env.insert(QStringLiteral("STATUS_HTTP_PORT"), QStringLiteral("0"));
        return env;
    }

    static QJsonObject waitForJson(const QString &path, QProcess &app, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs && app.state() == QProcess::Running) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly)) {
                const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
                if (!o.isEmpty())
                    return o;
            }
            app.waitForFinished(100);
        }
        QFile f(path); // it may have written the file and exited in the same moment
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(kMonitor).isExecutable(), qPrintable(kMonitor));
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        QVERIFY2(!xvfb.isEmpty(), "Xvfb is not installed (scripts/install-deps installs it)");
        for (int n = 90; n <= 99 && m_display.isEmpty(); ++n) {
            if (QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n))
                || QFileInfo::exists(QStringLiteral("/tmp/.X%1-lock").arg(n)))
                continue;
            m_xvfb.setProgram(xvfb);
            m_xvfb.setArguments({QStringLiteral(":%1").arg(n), QStringLiteral("-screen"), QStringLiteral("0"),
                                 QStringLiteral("1600x1000x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
            m_xvfb.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            m_xvfb.start();
            if (!m_xvfb.waitForStarted(5000))
                continue;
            QElapsedTimer timer;
            timer.start();
            const QString socket = QStringLiteral("/tmp/.X11-unix/X%1").arg(n);
            while (!QFileInfo::exists(socket) && m_xvfb.state() == QProcess::Running && timer.elapsed() < 10000)
                m_xvfb.waitForFinished(50);
            // A second Xvfb that raced us to the same number exits at once ("already active"):
            // only a server still running a moment after the socket appeared is ours.
            if (QFileInfo::exists(socket))
                m_xvfb.waitForFinished(300);
            if (QFileInfo::exists(socket) && m_xvfb.state() == QProcess::Running) {
                m_display = QStringLiteral(":%1").arg(n);
            } else {
                m_xvfb.kill();
                m_xvfb.waitForFinished(2000);
            }
        }
        QVERIFY2(!m_display.isEmpty(), "no free X display in :90..:99 or Xvfb failed to start");
    }

    void cleanupTestCase()
    {
        if (m_xvfb.state() != QProcess::NotRunning) {
            m_xvfb.terminate();
            if (!m_xvfb.waitForFinished(5000)) {
                m_xvfb.kill();
                m_xvfb.waitForFinished(2000);
            }
        }
    }

    void demoReachesThreeStreamingColumns()
    {
        const QString report = m_dir.filePath(QStringLiteral("window.json"));
        QProcess app;
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TICKSTOCK_UI_SELFTEST_FILE"), report);
        app.setProcessEnvironment(env);
        app.start(kMonitor, {QStringLiteral("--demo")});
        QVERIFY2(app.waitForStarted(5000), qPrintable(app.errorString()));

        const QJsonObject window = waitForJson(report, app, 60000);
        QVERIFY2(!window.isEmpty(), qPrintable(describe(app)));
        QVERIFY(window.value(QStringLiteral("visible")).toBool());
        const QJsonArray columns = window.value(QStringLiteral("columns")).toArray();
        QCOMPARE(columns.size(), 3);
        QStringList names;
        for (const QJsonValue &v : columns) {
            const QJsonObject c = v.toObject();
            names << c.value(QStringLiteral("name")).toString();
            QCOMPARE(c.value(QStringLiteral("badge")).toString(), QStringLiteral("streaming"));
            QCOMPARE(c.value(QStringLiteral("phase")).toString(), QStringLiteral("streaming"));
            QVERIFY(c.value(QStringLiteral("visible")).toBool());
            QVERIFY2(c.value(QStringLiteral("rows")).toInt() > 0, qPrintable(c.value(QStringLiteral("name")).toString()));
            QVERIFY(c.value(QStringLiteral("width")).toInt() > 200);
            QVERIFY(c.value(QStringLiteral("universe")).toString().contains(QStringLiteral("tickers")));
        }
        QCOMPARE(names, (QStringList{QStringLiteral("primary"), QStringLiteral("secondary"), QStringLiteral("tertiary")}));
        const QJsonObject summary = window.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("feed")).toString(), QStringLiteral("3/3 connected"));
        QVERIFY(summary.value(QStringLiteral("simulated_label")).toBool());
        QCOMPARE(summary.value(QStringLiteral("redis")).toString(), QStringLiteral("Redis disabled"));
        QVERIFY(window.value(QStringLiteral("title")).toString().contains(QStringLiteral("simulated feed")));

        // What the X server shows is a real window, not a blank screen.
        const QString import = QStandardPaths::findExecutable(QStringLiteral("import"));
        QVERIFY2(!import.isEmpty(), "ImageMagick's import is not installed (scripts/install-deps installs it)");
        const QString shot = m_dir.filePath(QStringLiteral("screen.png"));
        QProcess grab;
        grab.setProcessEnvironment(env);
        grab.start(import, {QStringLiteral("-window"), QStringLiteral("root"), shot});
        QVERIFY(grab.waitForFinished(30000));
        QCOMPARE(grab.exitCode(), 0);
        QImage image(shot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1600, 1000));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7) {
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 50, qPrintable(QStringLiteral("only %1 colours on screen").arg(colours.size())));

        // SIGTERM closes the window, stops the feed in order and exits 0.
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY2(app.waitForFinished(20000), "the app did not exit after SIGTERM");
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(app.exitCode() == 0, err.constData());
        QVERIFY(err.contains("stopped"));
        // The layout was saved for next time.
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("config/tickstock/tickstock-monitor.conf"))));
    }

    void selfTestCanCloseTheWindow()
    {
        const QString report = m_dir.filePath(QStringLiteral("window2.json"));
        QProcess app;
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TICKSTOCK_UI_SELFTEST_FILE"), report);
        env.insert(QStringLiteral("TICKSTOCK_UI_SELFTEST_QUIT"), QStringLiteral("1"));
        app.setProcessEnvironment(env);
        app.start(kMonitor, {QStringLiteral("--demo")});
        QVERIFY2(app.waitForFinished(60000), "the app did not close its window after the self-test");
        QVERIFY2(app.exitCode() == 0, qPrintable(describe(app)));
        QCOMPARE(QJsonDocument::fromJson([&] {
                     QFile f(report);
                     return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                 }())
                     .object()
                     .value(QStringLiteral("columns"))
                     .toArray()
                     .size(),
                 3);
    }

    void brokenConfigShowsTheErrorDialog()
    {
        const QString report = m_dir.filePath(QStringLiteral("dialog.json"));
        QProcess app;
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TICKSTOCK_UI_SELFTEST_FILE"), report);
        env.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("maybe"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTIONS_MAX"), QStringLiteral("lots"));
        app.setProcessEnvironment(env);
        app.start(kMonitor, {QStringLiteral("--demo")});
        QVERIFY2(app.waitForFinished(30000), "the error dialog did not close");
        QCOMPARE(app.exitCode(), 2);
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(err.contains("REDIS_ENABLED"), err.constData()); // also on stderr
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject dialog = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(dialog.value(QStringLiteral("dialog")).toString(), QStringLiteral("config_errors"));
        QVERIFY(dialog.value(QStringLiteral("visible")).toBool());
        const QString text = dialog.value(QStringLiteral("text")).toString();
        QVERIFY2(text.contains(QStringLiteral("REDIS_ENABLED")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("WEBSOCKET_CONNECTIONS_MAX")), qPrintable(text));
        QVERIFY(dialog.value(QStringLiteral("errors")).toArray().size() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestDesktopE2e)
#include "tst_desktop_e2e.moc"
