// Codec throughput: FrameParser (simdjson) against QJsonDocument on the same 50-event frames.
// Usage: bench_codec [--seconds S] [--json FILE] [--only-codec] [--frames FILE]
// --frames: parse these frames (one JSON array per line, e.g. tickstock-feedsim --firehose-dump)
// instead of the built-in synthetic ones; scripts/bench uses it for the simdjson limit.

#include "massive/frameparser.h"

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace tickstock::massive;
using Clock = std::chrono::steady_clock;

namespace {

// Realistic mixed frames: 1 trade : 4 quotes, optional fields sometimes present, as the feed sends.
std::vector<std::string> makeFrames(int frameCount, int eventsPerFrame)
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> price(10, 900);
    std::vector<std::string> frames;
    long long seq = 1000;
    for (int f = 0; f < frameCount; ++f) {
        std::string s = "[";
        for (int e = 0; e < eventsPerFrame; ++e) {
            if (e)
                s += ',';
            const std::string sym = "S" + std::to_string(rng() % 500);
            const long long t = 1764094000000LL + f * 10 + e;
            char buf[512];
            if (rng() % 5 == 0) {
                const bool conds = rng() % 2;
                std::snprintf(buf, sizeof buf,
                              R"({"ev":"T","sym":"%s","i":"%llu","x":%d,"p":%.2f,"s":%d,%s"t":%lld,"q":%lld,"z":3})",
                              sym.c_str(), static_cast<unsigned long long>(rng() % 100000000), int(rng() % 20),
                              price(rng), int(rng() % 500 + 1), conds ? R"("c":[12,37],)" : "", t, seq += 3);
            } else {
                const double bid = price(rng);
                std::snprintf(buf, sizeof buf,
                              R"({"ev":"Q","sym":"%s","bx":%d,"bp":%.2f,"bs":%d,"ax":%d,"ap":%.2f,"as":%d,"c":1,"i":[604],"t":%lld,"q":%lld,"z":3})",
                              sym.c_str(), int(rng() % 20), bid, int(rng() % 50 + 1), int(rng() % 20), bid + 0.02,
                              int(rng() % 50 + 1), t, seq += 2);
            }
            s += buf;
        }
        s += ']';
        frames.push_back(std::move(s));
    }
    return frames;
}

struct Result {
    const char *name;
    double eventsPerSecond;
    double megabytesPerSecond;
};

// Runs `parseOne` over all frames repeatedly for `seconds`; best of 3 rounds.
Result measure(const char *name, const std::vector<std::string> &frames, int eventsPerFrame, double seconds,
               const std::function<std::size_t(const std::string &)> &parseOne)
{
    std::size_t bytesPerPass = 0;
    for (const auto &f : frames)
        bytesPerPass += f.size();
    double best = 0;
    double bestMb = 0;
    for (int round = 0; round < 3; ++round) {
        std::size_t events = 0;
        std::size_t bytes = 0;
        const auto start = Clock::now();
        const auto deadline = start + std::chrono::duration<double>(seconds / 3);
        while (Clock::now() < deadline) {
            for (const auto &f : frames)
                events += parseOne(f);
            bytes += bytesPerPass;
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (events / elapsed > best) {
            best = events / elapsed;
            bestMb = bytes / elapsed / 1e6;
        }
    }
    (void)eventsPerFrame;
    return {name, best, bestMb};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    double seconds = 3;
    QString jsonPath;
    bool onlyCodec = false; // for profiling the codec alone
    QString framesPath;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = args[++i].toDouble();
        else if (args[i] == QLatin1String("--only-codec"))
            onlyCodec = true;
        else if (args[i] == QLatin1String("--json") && i + 1 < args.size())
            jsonPath = args[++i];
        else if (args[i] == QLatin1String("--frames") && i + 1 < args.size())
            framesPath = args[++i];
        else {
            std::fprintf(stderr, "usage: bench_codec [--seconds S] [--json FILE] [--only-codec] [--frames FILE]\n");
            return 2;
        }
    }

    constexpr int kEventsPerFrame = 50;
    std::vector<std::string> frames;
    if (framesPath.isEmpty()) {
        frames = makeFrames(1000, kEventsPerFrame);
    } else {
        QFile in(framesPath);
        if (!in.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench_codec: cannot read %s: %s\n", qPrintable(framesPath), qPrintable(in.errorString()));
            return 1;
        }
        for (const QByteArray &line : in.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                frames.push_back(line.toStdString());
        }
        if (frames.empty()) {
            std::fprintf(stderr, "bench_codec: no frames in %s\n", qPrintable(framesPath));
            return 1;
        }
    }

    FrameParser parser;
    ParseResult result;
    const Result codec = measure("FrameParser (simdjson On-Demand, all fields)", frames, kEventsPerFrame, seconds,
                                 [&](const std::string &f) {
                                     parser.parse(f, result);
                                     return result.events.size();
                                 });

    if (onlyCodec) {
        std::printf("FrameParser: %.0f events/s\n", codec.eventsPerSecond);
        return 0;
    }
    simdjson::dom::parser raw;
    const Result limit = measure("simdjson DOM parse only (limit)", frames, kEventsPerFrame, seconds,
                                 [&](const std::string &f) {
                                     simdjson::dom::element doc;
                                     if (raw.parse(f.data(), f.size(), true).get(doc))
                                         return std::size_t(0);
                                     simdjson::dom::array arr;
                                     return doc.get_array().get(arr) ? std::size_t(0) : arr.size();
                                 });

    const Result qjson = measure("QJsonDocument (same fields)", frames, kEventsPerFrame, seconds,
                                 [](const std::string &f) {
                                     const QJsonDocument doc = QJsonDocument::fromJson(
                                         QByteArray::fromRawData(f.data(), qsizetype(f.size())));
                                     std::size_t n = 0;
                                     double sink = 0;
                                     for (const QJsonValue v : doc.array()) {
                                         const QJsonObject o = v.toObject();
                                         const QString ev = o.value(QLatin1String("ev")).toString();
                                         const QString sym = o.value(QLatin1String("sym")).toString();
                                         for (auto it = o.begin(); it != o.end(); ++it)
                                             sink += it.value().toDouble();
                                         n += !ev.isEmpty() && !sym.isEmpty();
                                     }
                                     return n + (sink < 0 ? 1 : 0);
                                 });

    const Result rows[] = {codec, limit, qjson};
    std::printf("%-42s %16s %12s\n", "parser", "events/s", "MB/s");
    for (const Result &r : rows)
        std::printf("%-42s %16.0f %12.1f\n", r.name, r.eventsPerSecond, r.megabytesPerSecond);
    std::printf("speed-up over QJsonDocument: %.1fx\n", codec.eventsPerSecond / qjson.eventsPerSecond);

    if (!jsonPath.isEmpty()) {
        QJsonArray list;
        for (const Result &r : rows)
            list.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(r.name)},
                                    {QStringLiteral("events_per_second"), r.eventsPerSecond},
                                    {QStringLiteral("megabytes_per_second"), r.megabytesPerSecond}});
        QFile out(jsonPath);
        if (!out.open(QIODevice::WriteOnly))
            return 1;
        out.write(QJsonDocument(QJsonObject{{QStringLiteral("benchmark"), QStringLiteral("codec")},
                                            {QStringLiteral("frames"), framesPath.isEmpty() ? QStringLiteral("synthetic") : framesPath},
                                            {QStringLiteral("frame_count"), qint64(frames.size())},
                                            {QStringLiteral("results"), list}})
                      .toJson());
    }
    return 0;
}
