// bench_scenario: a real person's whole path at Last.fm-1K scale (issue 18). Generates the
// scenario of tests/helpers/ScenarioWriter (my Spotify extended history, a Last.fm-1K TSV of the
// community, a music folder of tagged audio with the same songs under other spellings), then runs
// tastelab-cli as a person would and times each stage: import my export, import the community,
// scan, analyse, train all (CF, text and audio from its --json), the first weekly playlist on the
// default week. Finally it reads the project and checks it against the generator's truth: the
// match rate of my plays of songs the community played, false merges, ambiguous names apart.
//
//   bench_scenario [--dir DIR] [--fraction F] [--seed S] [--cli PATH]
//
// --fraction scales the community, my export and the folder alike (1 = Last.fm-1K scale: 1,000
// users, ~1 M tracks, 20,000 listens of mine, 2,000 files).
#include <sys/resource.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <cstdio>
#include <map>

#include "ScenarioCheck.h"
#include "ScenarioWriter.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

struct ChildUsage {
    double cpu = 0;
    long maxRssKb = 0;
};

ChildUsage childUsage() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return {double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
                double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6,
            u.ru_maxrss};
}

double selfCpu() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly)) return QStringLiteral("?");
    return QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2);
}

struct Stage {
    QString name;
    double wall = 0, cpu = 0;
};
std::vector<Stage> stages;

// Runs one CLI verb, prints and records its wall and CPU time; returns its JSON (exits on error).
QJsonObject runStage(const QString& cli, const QString& name, const QStringList& args,
                     const QString& logDir) {
    const ChildUsage before = childUsage();
    QElapsedTimer timer;
    timer.start();
    QProcess p;
    p.setStandardErrorFile(QDir(logDir).filePath(name + QStringLiteral(".log")));
    p.start(cli, args);
    if (!p.waitForStarted() || !p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit ||
        p.exitCode() != 0) {
        std::fprintf(stderr, "stage %s failed (exit %d); see %s/%s.log\n", qPrintable(name),
                     p.exitCode(), qPrintable(logDir), qPrintable(name));
        std::exit(1);
    }
    const double wall = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = childUsage().cpu - before.cpu;
    stages.push_back({name, wall, cpu});
    std::printf("%-18s %8.1f s wall %8.1f s CPU   (load %s)\n", qPrintable(name), wall, cpu,
                qPrintable(loadAverage()));
    std::fflush(stdout);
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QString dir = QStringLiteral("/tmp/tl-bench-scenario");
    QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/tastelab-cli");
    double fraction = 1.0;
    quint64 seed = 18;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool more = i + 1 < args.size();
        if (a == QLatin1String("--dir") && more)
            dir = args[++i];
        else if (a == QLatin1String("--fraction") && more)
            fraction = args[++i].toDouble();
        else if (a == QLatin1String("--seed") && more)
            seed = args[++i].toULongLong();
        else if (a == QLatin1String("--cli") && more)
            cli = args[++i];
        else {
            std::fprintf(stderr,
                         "usage: bench_scenario [--dir DIR] [--fraction F] [--seed S] [--cli "
                         "PATH]\n");
            return 2;
        }
    }
    if (!(fraction > 0 && fraction <= 1)) {
        std::fprintf(stderr, "--fraction takes a number in (0, 1]\n");
        return 2;
    }
    test::ScenarioSize size = test::ScenarioSize::lastfm1k();
    if (fraction < 1) size = size.scaled(fraction);
    const QDir root(dir);
    const QString exportDir = root.filePath(QStringLiteral("export"));
    const QString music = root.filePath(QStringLiteral("Music"));
    const QString logs = root.filePath(QStringLiteral("logs"));
    const QString project = root.filePath(QStringLiteral("me.tastelab"));
    QDir(dir).removeRecursively();
    QDir().mkpath(exportDir);
    QDir().mkpath(logs);
    QFile::remove(project);
    std::printf(
        "scenario: seed %llu, fraction %.3g: %d community users, %lld + %lld community "
        "rows, %lld tail tracks, %d of my listens, %d files of %.0f s; %d cores; load %s\n",
        static_cast<unsigned long long>(seed), fraction, size.communityUsers,
        static_cast<long long>(size.communityRows), static_cast<long long>(size.tailRows),
        static_cast<long long>(size.tailTracks), size.myRows, size.folderFiles, size.clipSeconds,
        QThread::idealThreadCount(), qPrintable(loadAverage()));

    QElapsedTimer timer;
    timer.start();
    double cpu0 = selfCpu();
    test::Scenario scenario(seed, size);
    QString error;
    QStringList exportFiles;
    QString community;
    exportFiles = scenario.writeSpotifyExport(exportDir, &error);
    if (!exportFiles.isEmpty()) community = scenario.writeCommunity(dir, &error);
    if (community.isEmpty() || !scenario.writeMusicFolder(music, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    stages.push_back(
        {QStringLiteral("generate"), double(timer.nsecsElapsed()) / 1e9, selfCpu() - cpu0});
    std::printf("%-18s %8.1f s wall %8.1f s CPU   (load %s)\n", "generate", stages.back().wall,
                stages.back().cpu, qPrintable(loadAverage()));
    const test::ScenarioTruth& truth = scenario.truth();
    std::printf(
        "truth: my listens %lld (%lld of songs the community played), community listens "
        "%lld of %d songs by %d artists, %d files (%d of played songs, %d nobody played, "
        "%d untagged), last listen week after: %s\n",
        static_cast<long long>(truth.myListens), static_cast<long long>(truth.myListensInCommunity),
        static_cast<long long>(truth.communityListens), truth.communityTracks,
        truth.communityArtists, truth.folderFiles, truth.folderFilesPlayed, truth.folderFilesNobody,
        truth.folderFilesUntagged, qPrintable(truth.defaultWeek));

    const QJsonObject mine =
        runStage(cli, QStringLiteral("import export"),
                 QStringList{QStringLiteral("import"), QStringLiteral("--project"), project,
                             QStringLiteral("--create"), QStringLiteral("--me"),
                             QStringLiteral("me"), QStringLiteral("--json")} +
                     exportFiles,
                 logs);
    const QJsonObject others = runStage(cli, QStringLiteral("import community"),
                                        {QStringLiteral("import"), QStringLiteral("--project"),
                                         project, QStringLiteral("--json"), community},
                                        logs);
    const QJsonObject scan = runStage(cli, QStringLiteral("scan"),
                                      {QStringLiteral("scan"), QStringLiteral("--project"), project,
                                       QStringLiteral("--json"), music},
                                      logs);
    runStage(
        cli, QStringLiteral("analyze"),
        {QStringLiteral("analyze"), QStringLiteral("--project"), project, QStringLiteral("--json")},
        logs);
    const QJsonObject train = runStage(cli, QStringLiteral("train all"),
                                       {QStringLiteral("train"), QStringLiteral("--project"),
                                        project, QStringLiteral("all"), QStringLiteral("--json")},
                                       logs);
    for (const char* model : {"cf", "text", "audio"})
        std::printf("  %-16s %8.1f s (from train --json)\n", model,
                    train.value(QLatin1String(model))
                        .toObject()
                        .value(QStringLiteral("seconds"))
                        .toDouble());
    const QJsonObject weekly =
        runStage(cli, QStringLiteral("first weekly"),
                 {QStringLiteral("weekly"), QStringLiteral("--project"), project,
                  QStringLiteral("--user"), QStringLiteral("me"), QStringLiteral("--out"),
                  root.filePath(QStringLiteral("week.jspf")), QStringLiteral("--json")},
                 logs);
    double total = 0;
    for (const Stage& s : stages) total += s.wall;
    std::printf("%-18s %8.1f s wall; largest child peak memory %ld MB\n", "whole path", total,
                childUsage().maxRssKb / 1024);

    // What landed where.
    const QJsonObject match = scan.value(QStringLiteral("match")).toObject();
    std::printf("import: %d + %d listens; project %s\n",
                mine.value(QStringLiteral("listens_imported")).toInt(),
                others.value(QStringLiteral("listens_imported")).toInt(),
                QJsonDocument(others.value(QStringLiteral("project")).toObject())
                    .toJson(QJsonDocument::Compact)
                    .constData());
    if (!match.isEmpty())
        std::printf("match report: %s\n",
                    QJsonDocument(match).toJson(QJsonDocument::Compact).left(600).constData());
    std::map<QString, int> chosenBy;
    int cold = 0;
    for (const QJsonValue& v : weekly.value(QStringLiteral("tracks")).toArray()) {
        const QJsonObject t = v.toObject();
        ++chosenBy[t.value(QStringLiteral("chosen_by")).toString()];
        bool isCold = false;
        for (const QJsonValue& s : t.value(QStringLiteral("sources")).toArray())
            isCold = isCold || s.toObject()
                                   .value(QStringLiteral("evidence"))
                                   .toObject()
                                   .value(QStringLiteral("cold_start"))
                                   .toBool();
        cold += isCold;
    }
    std::printf("weekly %s: %d tracks (%s); chosen by:",
                qPrintable(weekly.value(QStringLiteral("week")).toString()),
                weekly.value(QStringLiteral("count")).toInt(),
                qPrintable(weekly.value(QStringLiteral("week_reason")).toString()));
    for (const auto& [k, n] : chosenBy) std::printf(" %s %d", qPrintable(k), n);
    std::printf("; %d nobody had played\n", cold);

    timer.restart();
    auto store = ProjectStore::open(project);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.status().message()));
        return 1;
    }
    const test::ScenarioCheck c = test::checkScenario(scenario, *store.value());
    std::printf(
        "check (%.1f s): %lld listens (%lld not the scenario's); my listens %lld, of songs "
        "the community played %lld, on the community's track %lld: match rate %.4f%%\n",
        double(timer.nsecsElapsed()) / 1e9, static_cast<long long>(c.listens),
        static_cast<long long>(c.unknownListens), static_cast<long long>(c.myListens),
        static_cast<long long>(c.myListensInCommunity), static_cast<long long>(c.myListensMatched),
        100.0 * c.matchRate());
    std::printf(
        "false merges: %d tracks, %d artists; songs split: %d; ambiguous pairs apart: "
        "%d of %d; files on the right track: %d of %d (%d without a track)\n",
        c.falseMergedTracks, c.falseMergedArtists, c.splitSongs, c.ambiguousApart, c.ambiguousPairs,
        c.filesRight, c.files, c.filesUnmatched);
    for (const QString& p : c.problems) std::printf("  problem: %s\n", qPrintable(p));
    const bool ok = c.matchRate() >= 0.98 && c.falseMergedTracks == 0 &&
                    c.falseMergedArtists == 0 && c.ambiguousApart == c.ambiguousPairs;
    std::printf("goal (match rate >= 98%%, no false merges, ambiguous names apart): %s\n",
                ok ? "met" : "NOT met");
    return ok ? 0 : 1;
}
