#include "demo/DemoWorld.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>

#include "demo/DemoAudioFiles.h"
#include "demo/DemoCatalogBuilder.h"
#include "demo/DemoExports.h"
#include "demo/DemoListening.h"
#include "demo/DemoProject.h"
#include "demo/DemoStaging.h"
#include "demo/DemoText.h"
#include "demo/DemoTruthFile.h"

namespace tl {

using namespace demo;

namespace {

// What a finished demo folder holds. The project goes last: its presence means "complete".
QStringList outputEntries() {
    return {QStringLiteral("history"), QStringLiteral("music"), QStringLiteral("text"),
            QString::fromLatin1(kTruthFile), QString::fromLatin1(kProjectFile)};
}

Status prepareOutDir(const QString& outDir) {
    const QFileInfo info(outDir);
    if (info.exists() && !info.isDir())
        return Status::error(QStringLiteral("%1: exists and is not a folder").arg(outDir));
    if (!QDir().mkpath(outDir))
        return Status::error(QStringLiteral("%1: cannot create the folder").arg(outDir));
    for (const QString& entry : outputEntries()) {
        const QString path = QDir(outDir).filePath(entry);
        if (QFileInfo::exists(path))
            return Status::error(
                QStringLiteral("%1 already exists: the demo writes into a folder without an "
                               "earlier demo; choose another folder or remove it")
                    .arg(path));
    }
    return Status::ok();
}

// Few folders on purpose: see writeAudioFiles() for why the music tree comes last.
Status makeFolders(const Staging& staging) {
    const QStringList folders{QStringLiteral("history/listenbrainz"),
                              QString::fromLatin1(kSpotifyDir), QStringLiteral("text")};
    for (const QString& folder : folders)
        if (!QDir().mkpath(staging.filePath(folder)))
            return Status::error(
                QStringLiteral("%1: cannot create the folder").arg(staging.filePath(folder)));
    return Status::ok();
}

qint64 bytesUnder(const QString& outDir) {
    qint64 bytes = 0;
    for (const QString& entry : outputEntries()) {
        const QFileInfo info(QDir(outDir).filePath(entry));
        if (info.isFile()) bytes += info.size();
        QDirIterator it(info.filePath(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            bytes += it.fileInfo().size();
        }
    }
    return bytes;
}

// The steps, with the share of the progress bar each gets (audio is most of the time).
Status generateInto(World& world, const Staging& staging, const QString& outDir, int* textDocuments,
                    const Progress& progress) {
    if (Status s = simulateListening(world, progress.sub(0.01, 0.06)); !s.isOk()) return s;
    if (Status s = makeFolders(staging); !s.isOk()) return s;
    if (Status s =
            writeListenBrainz(world, staging.filePath(QString::fromLatin1(kListenBrainzFile)),
                              progress.sub(0.06, 0.12));
        !s.isOk())
        return s;
    if (Status s = writeSpotifyHistory(world, staging.filePath(QString::fromLatin1(kSpotifyDir)),
                                       progress.sub(0.12, 0.13));
        !s.isOk())
        return s;
    if (Status s = writeTextDocuments(world, staging.filePath(QStringLiteral("text")),
                                      textDocuments, progress.sub(0.13, 0.14));
        !s.isOk())
        return s;
    std::vector<WrittenAudio> written;
    if (Status s = writeAudioFiles(world, staging.path(), written, progress.sub(0.14, 0.88));
        !s.isOk())
        return s;
    if (progress.cancelled()) return Status::cancelled();
    if (Status s = writeTruthFile(world, staging.filePath(QString::fromLatin1(kTruthFile)));
        !s.isOk())
        return s;
    if (Status s = writeProject(world, written, staging.filePath(QString::fromLatin1(kProjectFile)),
                                outDir, progress.sub(0.88, 0.99));
        !s.isOk())
        return s;
    // The last point where a cancel is honoured: what follows is renames, quick to finish and
    // slow to undo.
    if (progress.cancelled()) return Status::cancelled();
    progress.report(0.99, QStringLiteral("Moving the demo world into place"));
    return arrangeMusic(world, staging.path());
}

}  // namespace

std::optional<DemoSize> parseDemoSize(const QString& text) {
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("small")) return DemoSize::Small;
    if (t == QLatin1String("medium")) return DemoSize::Medium;
    if (t == QLatin1String("large")) return DemoSize::Large;
    return std::nullopt;
}

QString demoSizeName(DemoSize size) {
    switch (size) {
        case DemoSize::Small:
            return QStringLiteral("small");
        case DemoSize::Medium:
            return QStringLiteral("medium");
        case DemoSize::Large:
            return QStringLiteral("large");
    }
    return {};
}

Result<DemoSummary> generateDemo(const DemoOptions& options, const Progress& progress) {
    QElapsedTimer clock;
    clock.start();
    if (options.outDir.trimmed().isEmpty())
        return Status::error(QStringLiteral("no output folder given"));
    const QString outDir = QDir::cleanPath(QFileInfo(options.outDir).absoluteFilePath());
    if (Status s = prepareOutDir(outDir); !s.isOk()) return s;
    if (progress.cancelled()) return Status::cancelled();

    Staging staging(outDir);  // removed, with anything left inside, on every way out
    if (Status s = staging.status(); !s.isOk()) return s;
    progress.report(0.0, QStringLiteral("Building the catalogue"));
    World world = buildCatalog(options.seed, options.size);
    int textDocuments = 0;
    if (Status s = generateInto(world, staging, outDir, &textDocuments, progress); !s.isOk())
        return progress.cancelled() ? Status::cancelled() : s;
    if (Status s = staging.publish(outputEntries()); !s.isOk()) return s;

    DemoSummary summary;
    summary.outDir = outDir;
    summary.projectPath = QDir(outDir).filePath(QString::fromLatin1(kProjectFile));
    summary.musicDir = QDir(outDir).filePath(QStringLiteral("music"));
    summary.historyDir = QDir(outDir).filePath(QStringLiteral("history"));
    summary.textDir = QDir(outDir).filePath(QStringLiteral("text"));
    summary.truthPath = QDir(outDir).filePath(QString::fromLatin1(kTruthFile));
    summary.genres = int(world.genreNames.size());
    summary.artists = int(world.artists.size());
    summary.tracks = int(world.tracks.size());
    summary.tracksWithAudio = int(world.audio.size());
    for (const auto& track : world.tracks) summary.coldStartTracks += track.coldStart ? 1 : 0;
    summary.users = int(world.users.size());
    summary.listens = qint64(world.listens.size());
    summary.textDocuments = textDocuments;
    summary.bytesOnDisk = bytesUnder(outDir);
    summary.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("Demo world ready"));
    return summary;
}

}  // namespace tl
