// bench_import_datasets: a Last.fm-1K-sized import. Generates a TSV in the data set's shape
// (userid, ISO-8601 time, artist MBID, artist, track MBID, track; no header, no quoting; 992
// users, 19,150,868 rows, ~176k artists, ~1.5 M tracks, 12 % of MBIDs empty; seeded), then
// measures parsing alone on one core (rows/s, no store) and the whole import into a fresh
// project (seconds, and the process's peak memory from getrusage).
//
//   bench_import_datasets [--rows N] [--seed N] [--dir DIR] [--keep] [--parse-only]
//                         [--generate-only]
// The file is reused when it exists with the same row count and seed in its name.
// --generate-only writes (or finds) the file, prints its path on the last line and stops
// (bench/import_vs_sqlite.sh times sqlite3's .import and tastelab-cli on it).
#include <sys/resource.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "importers/HistoryImporter.h"
#include "importers/HistoryParsers.h"
#include "importers/TextSource.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr qint64 kOneKRows = 19150868;
constexpr int kUsers = 992;
constexpr int kArtists = 176000;
constexpr int kTracks = 1500000;

struct Counter : RowSink {
    qint64 rows = 0, rejected = 0, checksum = 0;
    void listen(RawListen& row) override {
        ++rows;
        checksum += row.endedAt + row.title.size() + row.artist.size() + row.user.size();
    }
    void reject(qint64, const QString&) override { ++rejected; }
    void skip(qint64, const QString&) override {}
    void playCount(RawListen&, qint64) override {}
};

QByteArray uuid(std::uint64_t id, std::uint64_t salt) {
    // Deterministic, MBID-shaped (8-4-4-4-12 hex digits).
    std::mt19937_64 g(id * 0x9E3779B97F4A7C15ull + salt);
    const std::uint64_t a = g(), b = g();
    char s[37];
    std::snprintf(s, sizeof s, "%08x-%04x-4%03x-8%03x-%012llx", unsigned(a >> 32),
                  unsigned(a >> 16) & 0xFFFF, unsigned(a) & 0xFFF, unsigned(b >> 52) & 0xFFF,
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
    return QByteArray(s, 36);
}

QByteArray isoUtc(qint64 t) {
    const qint64 days = t / 86400, secs = t % 86400;
    // civil_from_days (Howard Hinnant)
    const qint64 z = days + 719468, era = z / 146097, doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    const qint64 d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    const qint64 y = yoe + era * 400 + (m <= 2);
    char s[64];
    std::snprintf(s, sizeof s, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60));
    return QByteArray(s);
}

bool generate(const QString& path, qint64 rows, std::uint64_t seed) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    // Users' shares are long-tailed (a few heavy scrobblers), as in the real set.
    std::vector<double> share(kUsers);
    double sum = 0;
    for (double& s : share) sum += (s = std::pow(u(rng), 2.0) + 0.01);
    std::vector<QByteArray> artistName(kArtists), artistMbid(kArtists);
    for (int a = 0; a < kArtists; ++a) {
        artistName[size_t(a)] = "The Artist " + QByteArray::number(a);
        if (a % 8 != 7) artistMbid[size_t(a)] = uuid(std::uint64_t(a), 1);
    }
    QByteArray out;
    out.reserve(9 << 20);
    qint64 written = 0;
    for (int user = 0; user < kUsers && written < rows; ++user) {
        const qint64 n = user == kUsers - 1
                             ? rows - written
                             : std::min<qint64>(rows - written,
                                                qint64(double(rows) * share[size_t(user)] / sum));
        const QByteArray userId = "user_" + QByteArray::number(user + 1).rightJustified(6, '0');
        qint64 t = 1241478537;  // newest first, as the data set orders each user's scrobbles
        for (qint64 i = 0; i < n; ++i) {
            t -= 60 + qint64(rng() % 400);
            const int track = int(double(kTracks) * std::pow(u(rng), 3.0));
            const int artist = int((std::uint64_t(track) * 2654435761u) % kArtists);
            out += userId;
            out += '\t';
            out += isoUtc(t);
            out += '\t';
            out += artistMbid[size_t(artist)];
            out += '\t';
            out += artistName[size_t(artist)];
            out += '\t';
            if (track % 9 != 4) out += uuid(std::uint64_t(track), 2);
            out += "\tTrack ";
            out += QByteArray::number(track);
            out += " Title";
            out += '\n';
            if (out.size() > (8 << 20)) {
                if (f.write(out) != out.size()) return false;
                out.clear();
            }
        }
        written += n;
    }
    return f.write(out) == out.size();
}

struct Timer {
    QElapsedTimer wall;
    std::clock_t cpu = std::clock();
    Timer() { wall.start(); }
    double wallSeconds() const { return double(wall.nsecsElapsed()) / 1e9; }
    double cpuSeconds() const { return double(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

double peakMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    qint64 rows = kOneKRows;
    std::uint64_t seed = 20100501;
    QString dir = QStringLiteral("/tmp/tl-bench-1k");
    bool keep = false, parseOnly = false, generateOnly = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QLatin1String("--rows") && hasValue)
            rows = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--seed") && hasValue)
            seed = args[++i].toULongLong();
        else if (args[i] == QLatin1String("--dir") && hasValue)
            dir = args[++i];
        else if (args[i] == QLatin1String("--keep"))
            keep = true;
        else if (args[i] == QLatin1String("--parse-only"))
            parseOnly = true;
        else if (args[i] == QLatin1String("--generate-only"))
            generateOnly = true;
        else {
            std::fprintf(stderr,
                         "usage: bench_import_datasets [--rows N] [--seed N] [--dir DIR] "
                         "[--keep] [--parse-only] [--generate-only]\n");
            return 2;
        }
    }
    QDir().mkpath(dir);
    const QString tsv =
        QDir(dir).filePath(QStringLiteral("userid-timestamp-artid-artname-traid-traname-%1-%2.tsv")
                               .arg(rows)
                               .arg(seed));
    std::printf("bench_import_datasets: Tastelab %s, %d threads available\n", TASTELAB_VERSION,
                QThread::idealThreadCount());
    if (!QFileInfo::exists(tsv)) {
        const Timer timer;
        if (!generate(tsv, rows, seed)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(tsv));
            return 1;
        }
        std::printf("generated %lld rows, %.1f MB in %.1f s: %s\n", static_cast<long long>(rows),
                    double(QFileInfo(tsv).size()) / 1e6, timer.wallSeconds(), qPrintable(tsv));
    }
    if (generateOnly) {
        std::printf("%s\n", qPrintable(tsv));
        return 0;
    }
    const double mb = double(QFileInfo(tsv).size()) / 1e6;

    {
        TextSource source;
        source.open(tsv);
        Counter counter;
        const Timer timer;
        parseLastfm1k(source, ParseOptions{}, counter);
        const double wall = timer.wallSeconds(), cpu = timer.cpuSeconds();
        std::printf(
            "parse   lastfm-1k %lld rows (%lld rejected) %.0f MB  wall %.2f s  cpu %.2f s  "
            "%.0f rows/s (cpu)  %.0f rows/s (wall)  %.0f MB/s (cpu)\n",
            static_cast<long long>(counter.rows), static_cast<long long>(counter.rejected), mb,
            wall, cpu, double(counter.rows) / cpu, double(counter.rows) / wall, mb / cpu);
    }
    std::printf("peak memory after parsing: %.0f MB\n", peakMegabytes());
    if (parseOnly) return 0;

    const QString project = QDir(dir).filePath(QStringLiteral("bench-1k.tastelab"));
    QFile::remove(project);
    auto store = ProjectStore::create(project);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.status().message()));
        return 1;
    }
    ImportOptions options;
    options.paths = {tsv};
    const Timer timer;
    QElapsedTimer lastPrint;
    lastPrint.start();
    const Progress progress([&](double fraction, const QString&) {
        if (lastPrint.elapsed() < 10000) return;
        lastPrint.restart();
        std::fprintf(stderr, "  %.0f %% after %.0f s, peak %.0f MB\n", fraction * 100.0,
                     timer.wallSeconds(), peakMegabytes());
    });
    const auto report = importHistories(*store.value(), options, progress);
    const double wall = timer.wallSeconds(), cpu = timer.cpuSeconds();
    if (!report) {
        std::fprintf(stderr, "%s\n", qPrintable(report.status().message()));
        return 1;
    }
    std::printf(
        "import  lastfm-1k %lld listens, %lld users, %lld artists, %lld tracks  wall %.1f s  "
        "cpu %.1f s  %.0f rows/s (wall)  peak memory %.0f MB  project %.0f MB\n",
        static_cast<long long>(report->totals.listensImported),
        static_cast<long long>(report->usersAdded), static_cast<long long>(report->artistsAdded),
        static_cast<long long>(report->tracksAdded), wall, cpu,
        double(report->totals.listensImported) / wall, peakMegabytes(),
        double(QFileInfo(project).size()) / 1e6);
    store.value().reset();
    if (!keep) QFile::remove(project);
    return 0;
}
