// Dashboard cost on the GUI thread (issue #6), offscreen, in one process.
//
// (1) apply: one coalesced batch that updates every one of --tickers tickers (10,000 across three
//     connections), timed on the GUI thread over --batches batches — the model alone, and the real
//     MainWindow path (mailbox take → router → three models → sort/filter proxies → views),
//     sorted by symbol (the default) and by last price (every batch re-sorts), plus one full
//     synchronous repaint of the window.
// (2) busy feed: the real MainWindow against the in-process simulator in firehose mode
//     (--events-per-second over --tickers tickers on three connections) through a real
//     FeedService; the GUI thread's CPU time (CLOCK_THREAD_CPUTIME_ID) over --seconds of wall time.
//
// Usage: bench_ui [--tickers 10000] [--batches 300] [--events-per-second 60000] [--seconds 10]
//                 [--apply-only | --feed-only] [--json FILE|-]

#include "feed/batchmailbox.h"
#include "feed/feedservice.h"
#include "sim/simulatorthread.h"
#include "status/snapshotstore.h"
#include "ui/connectioncolumn.h"
#include "status/statusview.h"
#include "ui/mainwindow.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QPixmap>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QTableView>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace tickstock;

namespace {

constexpr int kSlots = 3;
FILE *g_text = stdout; // the human-readable report; stderr when the JSON goes to stdout
const QStringList kNames{QStringLiteral("primary"), QStringLiteral("secondary"), QStringLiteral("tertiary")};

QString syntheticTicker(int index) // "YAAAA", "YAAAB", ...: valid simulator tickers, no real listing
{
    QString name = QStringLiteral("Y");
    QChar letters[4];
    for (int i = 3; i >= 0; --i) {
        letters[i] = QChar(u'A' + index % 26);
        index /= 26;
    }
    name.append(letters, 4);
    return name;
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Stats {
    double medianMs = 0, p99Ms = 0, maxMs = 0, meanMs = 0;
    int samples = 0;
};

Stats summarise(std::vector<double> ms)
{
    Stats s;
    if (ms.empty())
        return s;
    std::sort(ms.begin(), ms.end());
    s.samples = int(ms.size());
    s.medianMs = ms[ms.size() / 2];
    s.p99Ms = ms[std::min(ms.size() - 1, std::size_t(double(ms.size()) * 0.99))];
    s.maxMs = ms.back();
    double sum = 0;
    for (double v : ms)
        sum += v;
    s.meanMs = sum / double(ms.size());
    return s;
}

QJsonObject toJson(const Stats &s)
{
    return {{QStringLiteral("median_ms"), s.medianMs}, {QStringLiteral("p99_ms"), s.p99Ms},
            {QStringLiteral("max_ms"), s.maxMs},       {QStringLiteral("mean_ms"), s.meanMs},
            {QStringLiteral("samples"), s.samples}};
}

void print(const char *what, const Stats &s)
{
    std::fprintf(g_text, "  %-46s median %7.3f ms   p99 %7.3f ms   max %7.3f ms   (%d batches)\n", what, s.medianMs, s.p99Ms,
                s.maxMs, s.samples);
}

// Every ticker changes: price random walk, quote, volume, count and time, as in a busy second.
class BatchMaker {
public:
    explicit BatchMaker(int tickers)
    {
        for (int i = 0; i < tickers; ++i) {
            status::TickUpdate u;
            u.symbol = syntheticTicker(i);
            u.connection = 1 + i % kSlots;
            u.price = 20.0 + (i % 500);
            m_ticks.append(u);
        }
    }
    // fraction < 1: a random subset changes (scattered rows: the most dataChanged ranges)
    status::TickBatch next(qint64 nowMs, double fraction = 1.0)
    {
        status::TickBatch out;
        if (fraction < 1.0)
            out.reserve(qsizetype(double(m_ticks.size()) * fraction * 1.1));
        for (status::TickUpdate &u : m_ticks) {
            if (fraction < 1.0 && m_unit(m_rng) >= fraction)
                continue;
            const double step = (m_unit(m_rng) - 0.5) * 0.02 * u.price;
            const double price = std::max(0.01, std::round((u.price + step) * 100) / 100);
            u.direction = price > u.price ? 1 : price < u.price ? -1 : 0;
            u.price = price;
            u.bid = price - 0.01;
            u.ask = price + 0.01;
            u.volume += 100;
            ++u.tickCount;
            u.receivedMs = nowMs;
            u.eventTimeMs = nowMs - 2;
            if (fraction < 1.0)
                out.append(u);
        }
        return fraction < 1.0 ? out : m_ticks;
    }

private:
    status::TickBatch m_ticks;
    std::mt19937 m_rng{42};
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
};

status::SnapshotPtr streamingSnapshot(int tickers)
{
    auto s = std::make_shared<status::StatusSnapshot>();
    s->timestampMs = QDateTime::currentMSecsSinceEpoch();
    s->simulated = true;
    for (int slot = 1; slot <= kSlots; ++slot) {
        status::ConnectionSnapshot c;
        c.id = slot;
        c.name = kNames.at(slot - 1);
        c.enabled = true;
        c.phase = status::ConnectionPhase::Streaming;
        c.status = status::ConnectionStatus::Connected;
        c.connectedSinceMs = s->timestampMs - 60'000;
        for (int i = slot - 1; i < tickers; i += kSlots)
            c.tickers.append(syntheticTicker(i));
        s->connections.append(c);
    }
    return s;
}

QJsonObject benchApply(int tickers, int batches, const QString &settingsFile)
{
    QJsonObject out;
    std::fprintf(g_text, "apply one batch updating all %d tickers (GUI thread):\n", tickers);

    // The model alone.
    {
        ui::TickerTableModel model;
        BatchMaker maker(tickers);
        model.applyBatch(maker.next(QDateTime::currentMSecsSinceEpoch()), QDateTime::currentMSecsSinceEpoch());
        std::vector<double> ms;
        for (int i = 0; i < batches; ++i) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const status::TickBatch batch = maker.next(now);
            QElapsedTimer t;
            t.start();
            model.applyBatch(batch, now);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const Stats s = summarise(ms);
        print("TickerTableModel::applyBatch (one model)", s);
        out.insert(QStringLiteral("model_only"), toJson(s));
    }

    // The dashboard: mailbox → router → 3 models → proxies → views, in a shown window.
    status::SnapshotStore store;
    status::StatusSource source(&store);
    feed::BatchMailbox mailbox;
    ui::DashboardOptions options;
    options.settingsFile = settingsFile;
    options.restoreLayout = false;
    ui::MainWindow window({&source, &mailbox, nullptr}, options);
    window.resize(1600, 1000);
    window.show();
    store.publish(streamingSnapshot(tickers));
    window.applyLatestSnapshot();
    BatchMaker maker(tickers);
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        mailbox.post(maker.next(now));
        QElapsedTimer t;
        t.start();
        window.takeTicks();
        const double insertMs = double(t.nsecsElapsed()) / 1e6;
        std::fprintf(g_text, "  %-46s %7.3f ms (one beginInsertRows per column)\n", "first batch: insert every ticker", insertMs);
        out.insert(QStringLiteral("insert_all_ms"), insertMs);
    }
    int rows = 0;
    for (const ui::ConnectionColumn *c : window.columns())
        rows += c->model()->rowCount();
    out.insert(QStringLiteral("rows"), rows);

    const auto run = [&](const char *label, const QString &key, double fraction = 1.0) {
        std::vector<double> ms;
        for (int i = 0; i < batches; ++i) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            mailbox.post(maker.next(now, fraction)); // the feed thread's side, not timed
            QElapsedTimer t;
            t.start();
            window.takeTicks();
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const Stats s = summarise(ms);
        print(label, s);
        out.insert(key, toJson(s));
    };
    run("MainWindow::takeTicks, sorted by symbol", QStringLiteral("dashboard_sorted_by_symbol"));
    run("  same, 45% of tickers changed (scattered)", QStringLiteral("dashboard_45_percent_scattered"), 0.45);
    for (ui::ConnectionColumn *c : window.columns())
        c->view()->sortByColumn(ui::TickerTableModel::Last, Qt::DescendingOrder);
    run("MainWindow::takeTicks, sorted by last (re-sort)", QStringLiteral("dashboard_sorted_by_last"));
    for (ui::ConnectionColumn *c : window.columns()) {
        c->view()->sortByColumn(ui::TickerTableModel::Symbol, Qt::AscendingOrder);
        c->filterEdit()->setText(QStringLiteral("YA"));
    }
    run("MainWindow::takeTicks, filtered \"YA\"", QStringLiteral("dashboard_filtered"));
    for (ui::ConnectionColumn *c : window.columns())
        c->filterEdit()->clear();

    std::vector<double> paint;
    for (int i = 0; i < 50; ++i) {
        mailbox.post(maker.next(QDateTime::currentMSecsSinceEpoch()));
        window.takeTicks();
        QElapsedTimer t;
        t.start();
        const QPixmap frame = window.grab(); // renders every widget of the 1600x1000 window
        paint.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    const Stats p = summarise(paint);
    print("paint the whole window after a batch", p);
    out.insert(QStringLiteral("window_repaint"), toJson(p));
    window.close();
    return out;
}

// The real window on a real feed: simulator (firehose) → FeedService → mailbox/snapshots → MainWindow.
class BusyFeed final : public QObject {
public:
    BusyFeed(int tickers, int eventsPerSecond, double seconds, const QString &settingsFile)
        : m_tickers(tickers)
        , m_seconds(seconds)
    {
        sim::SimConfig simConfig;
        simConfig.firehoseEventsPerSecond = std::max(1, eventsPerSecond / kSlots);
        simConfig.seed = 1;
        QString error;
        if (!m_simulator.start(simConfig, &error))
            qFatal("simulator: %s", qPrintable(error));
        QList<feed::ConnectionSettings> connectionSlots;
        for (int s = 0; s < kSlots; ++s) {
            feed::ConnectionSettings c;
            c.index = s + 1;
            c.name = kNames.at(s);
            c.enabled = true;
            c.url = m_simulator.url();
            c.apiKey = QStringLiteral("demo");
            c.tickerSource = QStringLiteral("symbols");
            c.channels = {QStringLiteral("T"), QStringLiteral("Q")};
            for (int i = s; i < tickers; i += kSlots)
                c.tickers.append(syntheticTicker(i));
            connectionSlots.append(c);
        }
        feed::ManagerOptions options;
        options.version = QStringLiteral("bench");
        options.simulated = true;
        m_feed = std::make_unique<feed::FeedService>(connectionSlots, options);
        m_mailbox = m_feed->createMailbox();
        m_status = std::make_unique<status::StatusSource>(m_feed->snapshots());
        ui::DashboardOptions ui;
        ui.settingsFile = settingsFile;
        ui.restoreLayout = false;
        m_window = std::make_unique<ui::MainWindow>(ui::DashboardSources{m_status.get(), m_mailbox, m_feed.get()}, ui);
        m_window->resize(1600, 1000);
        m_window->show();
        m_feed->start();
        m_poll.setInterval(200);
        connect(&m_poll, &QTimer::timeout, this, &BusyFeed::poll);
        m_poll.start();
        m_warmup.start();
    }

    ~BusyFeed() override
    {
        m_window.reset();
        m_feed->stop();
        m_simulator.stop();
    }

    QJsonObject result() const { return m_result; }

private:
    int rows() const
    {
        int n = 0;
        for (const ui::ConnectionColumn *c : m_window->columns())
            n += c->model()->rowCount();
        return n;
    }

    void poll()
    {
        if (!m_measuring) {
            const status::SnapshotPtr s = m_feed->snapshots()->latest();
            const bool streaming = s && s->connectedCount() == kSlots;
            if ((!streaming || rows() < m_tickers * 99 / 100) && m_warmup.elapsed() < 60'000)
                return;
            QTimer::singleShot(2000, this, [this] { begin(); }); // settle
            m_measuring = true;
            return;
        }
        if (m_wall.isValid() && double(m_wall.elapsed()) >= m_seconds * 1000.0)
            end();
    }

    void begin()
    {
        m_threadCpu = threadCpuSeconds();
        m_processCpu = processCpuSeconds();
        m_batches = m_window->batchesApplied();
        m_ticks = m_feed->snapshots()->latest()->ticksTotal();
        connect(m_window.get(), &ui::MainWindow::ticksApplied, this, [this](int updates) { m_updates += updates; });
        m_wall.start();
    }

    void end()
    {
        if (!m_result.isEmpty())
            return;
        const double wall = double(m_wall.nsecsElapsed()) / 1e9;
        const double gui = threadCpuSeconds() - m_threadCpu;
        const double process = processCpuSeconds() - m_processCpu;
        const qint64 batches = m_window->batchesApplied() - m_batches;
        const qint64 ticks = m_feed->snapshots()->latest()->ticksTotal() - m_ticks;
        m_result = QJsonObject{
            {QStringLiteral("tickers"), m_tickers},
            {QStringLiteral("rows"), rows()},
            {QStringLiteral("wall_seconds"), wall},
            {QStringLiteral("feed_events_per_second"), double(ticks) / wall},
            {QStringLiteral("gui_thread_cpu_seconds"), gui},
            {QStringLiteral("gui_thread_cpu_share"), gui / wall},
            {QStringLiteral("process_cpu_share"), process / wall},
            {QStringLiteral("batches_per_second"), double(batches) / wall},
            {QStringLiteral("ticker_updates_per_second"), double(m_updates) / wall},
            {QStringLiteral("gui_ms_per_batch"), batches > 0 ? gui * 1000.0 / double(batches) : 0.0},
        };
        std::fprintf(g_text, "busy feed, real MainWindow (offscreen, 1600x1000), %.1f s:\n", wall);
        std::fprintf(g_text, "  feed                 %10.0f events/s over %d tickers on %d connections\n", double(ticks) / wall,
                    m_tickers, kSlots);
        std::fprintf(g_text, "  dashboard            %10.1f batches/s, %.0f ticker updates/s, %d rows\n", double(batches) / wall,
                    double(m_updates) / wall, rows());
        std::fprintf(g_text, "  GUI thread CPU       %10.1f %% of one core (%.2f ms per batch incl. paint, chart, cards)\n",
                    100.0 * gui / wall, batches > 0 ? gui * 1000.0 / double(batches) : 0.0);
        std::fprintf(g_text, "  whole process CPU    %10.1f %% (simulator + feed + GUI threads)\n", 100.0 * process / wall);
        m_poll.stop();
        QCoreApplication::quit();
    }

    int m_tickers;
    double m_seconds;
    sim::SimulatorThread m_simulator;
    std::unique_ptr<feed::FeedService> m_feed;
    feed::BatchMailbox *m_mailbox = nullptr;
    std::unique_ptr<status::StatusSource> m_status;
    std::unique_ptr<ui::MainWindow> m_window;
    QTimer m_poll;
    QElapsedTimer m_warmup;
    QElapsedTimer m_wall;
    bool m_measuring = false;
    double m_threadCpu = 0;
    double m_processCpu = 0;
    qint64 m_batches = 0;
    qint64 m_ticks = 0;
    qint64 m_updates = 0;
    QJsonObject m_result;
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "*.info=false;*.debug=false");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GUI-thread cost of the TickStock dashboard"));
    parser.addHelpOption();
    const QCommandLineOption tickersOpt(QStringLiteral("tickers"), QStringLiteral("Tickers across the three columns."),
                                        QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption batchesOpt(QStringLiteral("batches"), QStringLiteral("Batches to time per case."),
                                        QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption rateOpt(QStringLiteral("events-per-second"),
                                     QStringLiteral("Simulated feed rate (all connections)."), QStringLiteral("N"),
                                     QStringLiteral("60000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("CPU measurement window."),
                                        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Write the results as JSON (- = stdout)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption skipFeedOpt(QStringLiteral("apply-only"), QStringLiteral("Skip the busy-feed run."));
    const QCommandLineOption feedOnlyOpt(QStringLiteral("feed-only"), QStringLiteral("Only the busy-feed run."));
    parser.addOptions({tickersOpt, batchesOpt, rateOpt, secondsOpt, jsonOpt, skipFeedOpt, feedOnlyOpt});
    parser.process(app);
    const int tickers = std::max(kSlots, parser.value(tickersOpt).toInt());
    const int batches = std::max(10, parser.value(batchesOpt).toInt());
    const int rate = std::max(1, parser.value(rateOpt).toInt());
    const double seconds = std::max(1.0, parser.value(secondsOpt).toDouble());
    if (parser.value(jsonOpt) == QLatin1String("-"))
        g_text = stderr;

    QTemporaryDir dir;
    QJsonObject out;
    if (!parser.isSet(feedOnlyOpt))
        out.insert(QStringLiteral("apply"), benchApply(tickers, batches, dir.filePath(QStringLiteral("apply.ini"))));
    if (!parser.isSet(skipFeedOpt)) {
        BusyFeed busy(tickers, rate, seconds, dir.filePath(QStringLiteral("busy.ini")));
        QApplication::exec();
        out.insert(QStringLiteral("busy_feed"), busy.result());
    }

    if (parser.isSet(jsonOpt)) {
        const QByteArray json = QJsonDocument(out).toJson(QJsonDocument::Indented);
        const QString path = parser.value(jsonOpt);
        if (path == QLatin1String("-")) {
            std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
        } else {
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size()) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
                return 1;
            }
        }
    }
    return 0;
}
