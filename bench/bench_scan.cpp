// bench_scan: how fast a music folder scans. Generates N tiny tagged audio files (seeded: half
// WAV, half FLAC, 50 ms of tone, artist/title/album/genre/comment tags, a MusicBrainz recording
// ID on every tenth) laid out as Artist/Album/NN - Title.ext, then times
//   - a cold scan into a fresh project with one tag-reading thread, and with one per core
//     (every file read, matched and added as a cold-start track: the most writes a scan does);
//   - a rescan with nothing changed (best of three);
//   - a rescan after 1 % of the files were touched.
// The files are generated once per (N, seed) and reused; the OS page cache is warm.
//
//   bench_scan [--files N] [--seed S] [--dir DIR]
#include <sys/resource.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <atomic>
#include <cstdio>

#include "library/MusicFolderScan.h"
#include "library/TaggedAudioWriter.h"
#include "store/ProjectStore.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

using namespace tl;

namespace {

constexpr int kFilesPerAlbum = 10;
constexpr int kAlbumsPerArtist = 2;

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

QString mbidFor(SplitMix64& rng) {
    const auto hex = [&](int digits) {
        QString s;
        for (int i = 0; i < digits; ++i) s += QLatin1Char("0123456789abcdef"[rng.below(16)]);
        return s;
    };
    return hex(8) + QLatin1Char('-') + hex(4) + QStringLiteral("-4") + hex(3) +
           QStringLiteral("-8") + hex(3) + QLatin1Char('-') + hex(12);
}

// File i of the folder: its path and tags, from (seed, i) alone.
void describe(int i, uint64_t seed, const QString& music, QString& path, FileTags& tags,
              QString& format) {
    SplitMix64 rng(seed, uint64_t(i));
    const int album = i / kFilesPerAlbum;
    const int artist = album / kAlbumsPerArtist;
    static const char* const kGenres[] = {"Rock", "Jazz", "Techno", "Folk", "Ambient", "Hip Hop"};
    tags.artist = QStringLiteral("Artist %1").arg(artist, 4, 10, QLatin1Char('0'));
    tags.album = QStringLiteral("Album %1").arg(album);
    tags.title = QStringLiteral("Song %1 %2").arg(i).arg(rng.below(1000000));
    tags.genre = QString::fromLatin1(kGenres[rng.below(6)]);
    tags.comment = QStringLiteral("bench_scan seed %1").arg(seed);
    if (i % 10 == 0) tags.trackMbid = mbidFor(rng);
    format = i % 2 ? QStringLiteral("FLAC") : QStringLiteral("WAV");
    path = QStringLiteral("%1/%2/%3/%4 - %5.%6")
               .arg(music, tags.artist, tags.album)
               .arg(i % kFilesPerAlbum + 1, 2, 10, QLatin1Char('0'))
               .arg(tags.title, format == QLatin1String("FLAC") ? QStringLiteral("flac")
                                                                : QStringLiteral("wav"));
}

bool generate(const QString& music, int files, uint64_t seed) {
    const QString marker = music + QStringLiteral("/.generated");
    const QByteArray stamp = QByteArray::number(files) + ' ' + QByteArray::number(seed);
    QFile done(marker);
    if (done.open(QIODevice::ReadOnly) && done.readAll() == stamp) return true;
    QDir(music).removeRecursively();
    QElapsedTimer clock;
    clock.start();
    std::atomic<bool> failed{false};
    parallelFor(files, 16, 0, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            QString path, format;
            FileTags tags;
            describe(int(i), seed, music, path, tags, format);
            QDir().mkpath(QFileInfo(path).path());
            ToneSpec spec;
            spec.format = format;
            spec.frames = 400;
            spec.frequency = 220.0 + double(i % 50) * 10.0;
            Status s = writeTone(path, spec);
            if (s.isOk()) s = writeFileTags(path, tags);
            if (!s.isOk()) {
                std::fprintf(stderr, "%s\n", qPrintable(s.message()));
                failed = true;
            }
        }
    });
    if (failed) return false;
    QFile out(marker);
    if (!out.open(QIODevice::WriteOnly) || out.write(stamp) != stamp.size()) return false;
    std::printf("generated %d files in %.1f s\n", files, double(clock.elapsed()) / 1000.0);
    return true;
}

struct Timed {
    ScanReport report;
    double wall = 0.0;
    double cpu = 0.0;
};

Timed timedScan(ProjectStore& store, const QString& music, int threads) {
    ScanOptions options;
    options.folder = music;
    options.threads = threads;
    const double cpu0 = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    Result<ScanReport> r = scanMusicFolder(store, options, Progress());
    Timed t;
    t.wall = double(clock.nsecsElapsed()) / 1e9;
    t.cpu = cpuSeconds() - cpu0;
    if (!r) {
        std::fprintf(stderr, "scan failed: %s\n", qPrintable(r.status().message()));
        std::exit(1);
    }
    t.report = std::move(r).value();
    return t;
}

void print(const char* what, const Timed& t) {
    const ScanReport& r = t.report;
    std::printf(
        "%-36s %6.2f s wall %5.2f s CPU (walk %.2f, read %.2f, write %.2f)  scanned %lld "
        "new %lld changed %lld unchanged %lld failed %lld new_tracks %lld matched %lld\n",
        what, t.wall, t.cpu, r.walkSeconds, r.readSeconds, r.writeSeconds,
        static_cast<long long>(r.filesScanned), static_cast<long long>(r.filesNew),
        static_cast<long long>(r.filesChanged), static_cast<long long>(r.filesUnchanged),
        static_cast<long long>(r.filesFailed), static_cast<long long>(r.newTracks),
        static_cast<long long>(r.matched));
    std::fflush(stdout);
}

std::unique_ptr<ProjectStore> freshProject(const QString& path) {
    QFile::remove(path);
    auto created = ProjectStore::create(path);
    if (!created) {
        std::fprintf(stderr, "%s\n", qPrintable(created.status().message()));
        std::exit(1);
    }
    return std::move(created).value();
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int files = 10000;
    uint64_t seed = 20261125;
    QString dir = QStringLiteral("/tmp/tl-bench-scan");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--files"))
            files = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seed"))
            seed = args[i + 1].toULongLong();
        else if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
        else {
            std::fprintf(stderr, "usage: bench_scan [--files N] [--seed S] [--dir DIR]\n");
            return 2;
        }
    }
    const QString music = dir + QStringLiteral("/music");
    if (!QDir().mkpath(music) || !generate(music, files, seed)) return 1;

    {
        auto store = freshProject(dir + QStringLiteral("/one-thread.tastelab"));
        print("cold scan, 1 thread", timedScan(*store, music, 1));
    }
    auto store = freshProject(dir + QStringLiteral("/bench.tastelab"));
    print("cold scan, threads = cores", timedScan(*store, music, 0));
    Timed best;
    for (int run = 0; run < 3; ++run) {
        Timed t = timedScan(*store, music, 0);
        if (run == 0 || t.wall < best.wall) best = t;
    }
    print("rescan, nothing changed (best of 3)", best);

    // Touch 1 % of the files: a new modification time, same content.
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
    for (int i = 0; i < files; i += 100) {
        QString path, format;
        FileTags tags;
        describe(i, seed, music, path, tags, format);
        QFile f(path);
        if (!f.open(QIODevice::ReadWrite) ||
            !f.setFileTime(later, QFileDevice::FileModificationTime))
            return 1;
    }
    print("rescan, 1 % touched", timedScan(*store, music, 0));
    return 0;
}
