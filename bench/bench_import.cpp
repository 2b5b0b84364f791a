// bench_import: how fast listening histories import. Generates a Spotify extended streaming
// history (records shaped like Spotify's, all 21 fields), a ListenBrainz JSONL dump and a
// lastfm-to-csv file, then measures parsing alone (one core, no store) and the whole import into
// a fresh project (detection, entity resolution, one transaction of prepared inserts).
//
//   bench_import [--spotify-rows N] [--listenbrainz-rows N] [--lastfm-rows N] [--dir DIR]
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <functional>
#include <random>

#include "importers/HistoryImporter.h"
#include "importers/HistoryParsers.h"
#include "importers/TextSource.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

struct Counter : RowSink {
    qint64 listens = 0, rejected = 0, skipped = 0;
    qint64 checksum = 0;  // keeps the compiler from skipping work
    void listen(RawListen& row) override {
        ++listens;
        checksum += row.endedAt + row.title.size();
    }
    void reject(qint64, const QString&) override { ++rejected; }
    void skip(qint64, const QString&) override { ++skipped; }
    void playCount(RawListen& row, qint64 plays) override {
        ++listens;
        checksum += plays + row.title.size();
    }
};

// A catalog with a long tail: a few artists and tracks get most plays, as in real histories.
struct World {
    int artists;
    int tracks;
    std::mt19937_64 rng{20240601};
    QByteArray artistName(int a) const { return "Artist " + QByteArray::number(a) + " Ensemble"; }
    QByteArray title(int t) const { return "Track Title Number " + QByteArray::number(t); }
    int pickTrack() {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        return int(double(tracks) * std::pow(u(rng), 2.5));
    }
};

QByteArray isoUtc(qint64 t) {
    return QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate).toLatin1();
}

bool writeSpotify(const QString& path, qint64 rows) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    World w{4000, 40000};
    QByteArray out = "[\n";
    qint64 t = 1577836800;  // 2020-01-01
    for (qint64 i = 0; i < rows; ++i) {
        const int track = w.pickTrack();
        const int artist = track % w.artists;
        const int ms = int(w.rng() % 300000);
        t += 30 + qint64(w.rng() % 400);
        if (i) out += ",\n";
        out += "{\"ts\":\"" + isoUtc(t) +
               "\",\"username\":\"31abcdefghijklmnopqrstuvwxyz\",\"platform\":\"android\","
               "\"ms_played\":" +
               QByteArray::number(ms) +
               ",\"conn_country\":\"DE\",\"ip_addr\":\"192.0.2.1\",\"master_metadata_track_name\":"
               "\"" +
               w.title(track) + "\",\"master_metadata_album_artist_name\":\"" +
               w.artistName(artist) + "\",\"master_metadata_album_album_name\":\"Album " +
               QByteArray::number(track / 12) + "\",\"spotify_track_uri\":\"spotify:track:" +
               QByteArray::number(track).rightJustified(22, '0') +
               "\",\"episode_name\":null,\"episode_show_name\":null,\"spotify_episode_uri\":null,"
               "\"audiobook_title\":null,\"audiobook_uri\":null,\"audiobook_chapter_uri\":null,"
               "\"audiobook_chapter_title\":null,\"reason_start\":\"trackdone\",\"reason_end\":\"" +
               (ms < 30000 ? "fwdbtn" : "trackdone") +
               "\",\"shuffle\":false,\"skipped\":false,\"offline\":false,\"offline_timestamp\":0,"
               "\"incognito_mode\":false}";
        if (out.size() > (8 << 20)) {
            f.write(out);
            out.clear();
        }
    }
    out += "\n]\n";
    return f.write(out) == out.size();
}

bool writeListenBrainz(const QString& path, qint64 rows) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    World w{20000, 200000};
    QByteArray out;
    qint64 t = 1577836800;
    for (qint64 i = 0; i < rows; ++i) {
        const int track = w.pickTrack();
        const int artist = track % w.artists;
        t += qint64(w.rng() % 40);
        const QByteArray id = QByteArray::number(track).rightJustified(12, '0');
        out += "{\"user_name\":\"user" + QByteArray::number(qint64(w.rng() % 2000)) +
               "\",\"listened_at\":" + QByteArray::number(t) +
               ",\"track_metadata\":{\"artist_name\":\"" + w.artistName(artist) +
               "\",\"track_name\":\"" + w.title(track) + "\",\"release_name\":\"Album " +
               QByteArray::number(track / 12) + "\",\"additional_info\":{\"duration_ms\":" +
               QByteArray::number(180000 + track % 90000) +
               ",\"recording_msid\":\"00000000-0000-4000-8000-" + id +
               "\",\"submission_client\":\"bench\"},\"mbid_mapping\":{\"recording_mbid\":"
               "\"11111111-0000-4000-8000-" +
               id + "\",\"artist_mbids\":[\"22222222-0000-4000-8000-" +
               QByteArray::number(artist).rightJustified(12, '0') + "\"]}}}\n";
        if (out.size() > (8 << 20)) {
            f.write(out);
            out.clear();
        }
    }
    return f.write(out) == out.size();
}

bool writeLastfm(const QString& path, qint64 rows) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    World w{4000, 40000};
    QByteArray out;
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    qint64 t = 1577836800;
    for (qint64 i = 0; i < rows; ++i) {
        const int track = w.pickTrack();
        t += 60 + qint64(w.rng() % 300);
        const QDateTime d = QDateTime::fromSecsSinceEpoch(t, Qt::UTC);
        out += "\"" + w.artistName(track % w.artists) + "\",\"Album " +
               QByteArray::number(track / 12) + "\",\"" + w.title(track) + "\"," +
               QByteArray::number(d.date().day()).rightJustified(2, '0') + ' ' +
               kMonths[d.date().month() - 1] + ' ' + QByteArray::number(d.date().year()) + ' ' +
               d.time().toString(QStringLiteral("HH:mm")).toLatin1() + '\n';
        if (out.size() > (8 << 20)) {
            f.write(out);
            out.clear();
        }
    }
    return f.write(out) == out.size();
}

using Parser = void (*)(TextSource&, const ParseOptions&, RowSink&);

// Wall time and this process's CPU time: on a shared machine the CPU time is the figure that
// says what the code costs, the wall time what a user waited.
struct Timer {
    QElapsedTimer wall;
    std::clock_t cpu = std::clock();
    Timer() { wall.start(); }
    double wallSeconds() const { return double(wall.nsecsElapsed()) / 1e9; }
    double cpuSeconds() const { return double(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

void benchParse(const char* name, const QString& path, Parser parser) {
    double wall = 1e9, cpu = 1e9;
    Counter counter;
    for (int run = 0; run < 3; ++run) {  // best of three: the machine is shared
        TextSource source;
        source.open(path);
        counter = Counter();
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const Timer timer;
        parser(source, options, counter);
        wall = std::min(wall, timer.wallSeconds());
        cpu = std::min(cpu, timer.cpuSeconds());
    }
    const double mb = double(QFileInfo(path).size()) / 1e6;
    std::printf(
        "parse    %-19s %8lld rows %6.1f MB  wall %6.3f s  cpu %6.3f s  %8.0f rows/s  "
        "%4.0f MB/s (cpu)\n",
        name, static_cast<long long>(counter.listens), mb, wall, cpu, double(counter.listens) / cpu,
        mb / cpu);
}

void benchImport(const char* name, const QString& dir, const QString& path, const QString& me) {
    const QString project =
        QDir(dir).filePath(QStringLiteral("bench-%1.tastelab").arg(QLatin1String(name)));
    QFile::remove(project);
    auto store = ProjectStore::create(project);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.status().message()));
        return;
    }
    ImportOptions options;
    options.paths = {path};
    options.me = me;
    const Timer first;
    const auto report = importHistories(*store.value(), options, Progress());
    const double wall = first.wallSeconds(), cpu = first.cpuSeconds();
    if (!report) {
        std::fprintf(stderr, "%s\n", qPrintable(report.status().message()));
        return;
    }
    std::printf(
        "import   %-19s %8lld rows %6.1f MB  wall %6.3f s  cpu %6.3f s  %8.0f rows/s  "
        "(cpu; %lld users, %lld artists, %lld tracks)\n",
        name, static_cast<long long>(report->totals.listensImported),
        double(QFileInfo(path).size()) / 1e6, wall, cpu,
        double(report->totals.listensImported) / cpu, static_cast<long long>(report->usersAdded),
        static_cast<long long>(report->artistsAdded), static_cast<long long>(report->tracksAdded));
    // Again: every listen is already there (the cost of re-importing an export).
    const Timer second;
    const auto again = importHistories(*store.value(), options, Progress());
    std::printf("reimport %-19s %8lld dups            wall %6.3f s  cpu %6.3f s\n", name,
                static_cast<long long>(again ? again->totals.listensDuplicate : -1),
                second.wallSeconds(), second.cpuSeconds());

    // Deleting the source (File > Imported Sources), undoing that, deleting again and purging
    // when the project closes: each one transaction over every listen of the source.
    const auto records = importRecords(*store.value());
    if (!records || records->empty()) return;
    const Id source = records->front().id;
    const std::pair<const char*, std::function<Status()>> steps[] = {
        {"delete", [&] { return deleteImport(*store.value(), source); }},
        {"undo", [&] { return restoreImport(*store.value(), source); }},
        {"redo", [&] { return deleteImport(*store.value(), source); }},
        {"purge", [&] { return purgeDeletedImports(*store.value()).status(); }},
    };
    for (const auto& [step, run] : steps) {
        const Timer timer;
        const Status s = run();
        std::printf("%-8s %-19s %8lld rows            wall %6.3f s  cpu %6.3f s%s\n", step, name,
                    static_cast<long long>(records->front().listens), timer.wallSeconds(),
                    timer.cpuSeconds(),
                    s.isOk() ? "" : qPrintable(QStringLiteral("  FAILED: ") + s.message()));
    }
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    qint64 spotifyRows = 200000, listenBrainzRows = 1000000, lastfmRows = 1000000;
    QString dirArg;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--spotify-rows"))
            spotifyRows = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--listenbrainz-rows"))
            listenBrainzRows = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--lastfm-rows"))
            lastfmRows = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--dir"))
            dirArg = args[i + 1];
    }
    QTemporaryDir temp;
    const QString dir = dirArg.isEmpty() ? temp.path() : dirArg;
    QDir().mkpath(dir);
    const QString spotify =
        QDir(dir).filePath(QStringLiteral("Streaming_History_Audio_2020-2024.json"));
    const QString listenBrainz = QDir(dir).filePath(QStringLiteral("listens.jsonl"));
    const QString lastfm = QDir(dir).filePath(QStringLiteral("scrobbles.csv"));
    if (!writeSpotify(spotify, spotifyRows) || !writeListenBrainz(listenBrainz, listenBrainzRows) ||
        !writeLastfm(lastfm, lastfmRows)) {
        std::fprintf(stderr, "bench_import: cannot write test files in %s\n", qPrintable(dir));
        return 1;
    }
    std::printf("bench_import: Tastelab %s, %d threads available\n", TASTELAB_VERSION,
                QThread::idealThreadCount());
    benchParse("spotify-extended", spotify, parseSpotifyExtended);
    benchParse("listenbrainz-jsonl", listenBrainz, parseListenBrainzJsonl);
    benchParse("lastfm-csv", lastfm, parseLastfmCsv);
    benchImport("spotify-extended", dir, spotify, QStringLiteral("me"));
    benchImport("listenbrainz-jsonl", dir, listenBrainz, QString());
    benchImport("lastfm-csv", dir, lastfm, QStringLiteral("me"));
    return 0;
}
