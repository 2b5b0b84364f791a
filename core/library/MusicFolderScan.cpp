#include "library/MusicFolderScan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <atomic>
#include <unordered_map>

#include "catalog/NameNormalizer.h"
#include "importers/EntityResolver.h"
#include "library/FileNameTags.h"
#include "library/FolderWalk.h"
#include "library/LibraryStore.h"
#include "library/MusicFolders.h"
#include "library/TagReader.h"
#include "util/ParallelFor.h"

namespace tl {
namespace {

constexpr int kWriteCancelCheckEvery = 128;  // rows written between cancellation checks
constexpr int64_t kReadGrain = 4;            // files per parallel work item

// One file that must be (re)read: where it is, what the store has, and what reading gave.
struct PendingFile {
    const FoundFile* found = nullptr;
    Id knownId = 0;  // 0: not in the files table yet
    FileTags tags;
    QString error;  // empty when read
};

// What the catalog calls a track, to say how a file's names matched it.
struct TrackNames {
    QString artist;
    QString title;
    QString mbid;
};

class MatchRules {
public:
    explicit MatchRules(const ProjectStore& store) {
        std::unordered_map<Id, QString> artistNames;
        for (const Artist& a : store.artists()) artistNames[a.id] = a.name;
        for (const Track& t : store.tracks())
            tracks_[t.id] = {artistNames[t.artistId], t.title, t.mbid};
    }

    QString rule(Id trackId, bool isNew, const FileTags& tags) {
        TrackNames& known = tracks_[trackId];
        if (isNew) {
            known = {tags.artist, tags.title, tags.trackMbid};
            return QStringLiteral("new-track");
        }
        QString rule;
        if (!tags.trackMbid.isEmpty() && known.mbid == tags.trackMbid) {
            rule = QStringLiteral("musicbrainz-id");
        } else if (known.artist == tags.artist && known.title == tags.title) {
            rule = QStringLiteral("exact");
        } else {
            unsigned rules = 0;
            if (known.artist != tags.artist)
                rules |= mergeRules(artistKey(known.artist).rules, artistKey(tags.artist).rules);
            if (known.title != tags.title)
                rules |= mergeRules(titleKey(known.title).rules, titleKey(tags.title).rules);
            rule = rules ? nameRulesText(rules) : QStringLiteral("earlier-merge");
        }
        if (known.mbid.isEmpty()) known.mbid = tags.trackMbid;  // the resolver fills it too
        return rule;
    }

private:
    std::unordered_map<Id, TrackNames> tracks_;
};

// Reads every pending file's tags on `threads` threads. Returns false when cancelled.
bool readPending(std::vector<PendingFile>& pending, const QString& root, int threads,
                 const Progress& progress) {
    std::atomic<int64_t> done{0};
    const int64_t total = int64_t(pending.size());
    return parallelFor(
        total, kReadGrain, threads,
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                if (progress.cancelled()) return;
                PendingFile& p = pending[size_t(i)];
                Result<FileTags> read = readFileTags(p.found->path, p.found->format, p.found->size);
                if (read) {
                    p.tags = std::move(read).value();
                    fillFromFileName(p.tags, p.found->path, root);
                } else {
                    p.error = read.status().message();
                }
            }
            const int64_t finished = done.fetch_add(end - begin) + (end - begin);
            progress.report(double(finished) / double(total),
                            QStringLiteral("Reading tags %1/%2").arg(finished).arg(total));
        },
        &progress);
}

bool under(const QString& path, const QString& folder) {
    const QString prefix = folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/');
    return path.startsWith(prefix);
}

Status writeScan(ProjectStore& store, LibraryStore& library, const QString& root,
                 std::vector<PendingFile>& pending, const std::vector<KnownFile>& removed,
                 const ScanOptions& options, ScanReport& report, const Progress& progress) {
    if (!pending.empty()) {
        EntityResolver resolver(store);
        if (Status s = resolver.load(); !s.isOk()) return s;
        MatchRules rules(store);
        qint64 written = 0;
        for (PendingFile& p : pending) {
            if (written++ % kWriteCancelCheckEvery == 0) {
                if (progress.cancelled()) return Status::cancelled();
                progress.report(double(written) / double(pending.size()),
                                QStringLiteral("Matching files to tracks %1/%2")
                                    .arg(written)
                                    .arg(pending.size()));
            }
            if (!p.error.isEmpty()) continue;
            RawListen row;
            row.artist = p.tags.artist;
            row.title = p.tags.title;
            row.album = p.tags.album;
            row.artistMbid = p.tags.artistMbid;
            row.recordingMbid = p.tags.trackMbid;
            row.durationMs = p.tags.durationMs;
            const qint64 tracksBefore = resolver.added().tracks;
            const Result<Id> track = resolver.track(row);
            if (!track) return track.status().withContext(p.found->path);
            const bool isNew = resolver.added().tracks > tracksBefore;
            const FileMatch match{track.value(), rules.rule(track.value(), isNew, p.tags)};
            ++(isNew ? report.newTracks : report.matched);
            ++report.matchRules[match.rule];
            ++report.tagSources[p.tags.source];

            AudioFile file;
            file.id = p.knownId;
            file.path = p.found->path;
            file.size = p.found->size;
            file.mtime = p.found->mtime;
            file.sampleRate = p.tags.sampleRate;
            file.channels = p.tags.channels;
            file.durationMs = p.tags.durationMs;
            file.format = p.found->format;
            if (Status s = library.putFile(file, p.tags, match); !s.isOk()) return s;
        }
        report.newArtists = resolver.added().artists;
        report.merges = resolver.added().merges;
    }
    for (size_t i = 0; i < removed.size(); ++i) {
        if (i % kWriteCancelCheckEvery == 0 && progress.cancelled()) return Status::cancelled();
        if (Status s = library.removeFile(removed[i].id); !s.isOk()) return s;
    }
    if (options.remember) {
        if (Status s = rememberMusicFolder(store, root); !s.isOk()) return s;
    }
    return Status::ok();
}

}  // namespace

Result<ScanReport> scanMusicFolder(ProjectStore& store, const ScanOptions& options,
                                   const Progress& progress) {
    QElapsedTimer clock;
    clock.start();
    ScanReport report;
    const QString root = QDir::cleanPath(QFileInfo(options.folder).absoluteFilePath());
    report.folder = root;
    if (!QFileInfo(root).isDir())
        return Status::error(QStringLiteral("%1: no such folder").arg(root));

    FolderWalk walk;
    if (Status s = walkMusicFolder(root, walk, progress.sub(0.0, 0.05)); !s.isOk()) return s;
    report.walkSeconds = double(clock.nsecsElapsed()) / 1e9;
    report.filesScanned = qint64(walk.files.size());
    report.filesIgnored = walk.ignored;
    report.loopsSkipped = walk.loopsSkipped;
    for (const WalkProblem& p : walk.problems) report.failed.push_back({p.path, p.reason});

    LibraryStore library(store);
    Result<std::vector<KnownFile>> known = library.filesUnder(root);
    if (!known) return known.status();
    QHash<QString, const KnownFile*> knownByPath;
    knownByPath.reserve(qsizetype(known->size()));
    for (const KnownFile& k : *known) knownByPath.insert(k.path, &k);

    std::vector<PendingFile> pending;
    QSet<QString> seen;
    seen.reserve(qsizetype(walk.files.size()));
    for (const FoundFile& f : walk.files) {
        seen.insert(f.path);
        const KnownFile* k = knownByPath.value(f.path, nullptr);
        if (k && k->scanned && k->currentFields && k->size == f.size && k->mtime == f.mtime) {
            ++report.filesUnchanged;
            continue;
        }
        const bool changed = k && k->scanned;
        ++(changed ? report.filesChanged : report.filesNew);
        pending.push_back({&f, k ? k->id : 0, {}, {}});
    }
    // Gone since the last scan — unless inside a folder that could not be read this time.
    std::vector<KnownFile> removed;
    for (const KnownFile& k : *known) {
        if (seen.contains(k.path)) continue;
        bool unreadableFolder = false;
        for (const WalkProblem& p : walk.problems) unreadableFolder |= under(k.path, p.path);
        if (!unreadableFolder) removed.push_back(k);
    }
    report.filesRemoved = qint64(removed.size());

    report.threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const qint64 readStart = clock.nsecsElapsed();
    if (!readPending(pending, root, report.threads, progress.sub(0.05, 0.85)))
        return Status::cancelled();
    report.readSeconds = double(clock.nsecsElapsed() - readStart) / 1e9;
    const qint64 writeStart = clock.nsecsElapsed();
    for (const PendingFile& p : pending) {
        if (p.error.isEmpty()) continue;
        ++report.filesFailed;
        report.failed.push_back({p.found->path, p.error});
    }

    ProjectStore::Transaction transaction(store);
    if (!transaction.status().isOk()) return transaction.status();
    if (Status s = writeScan(store, library, root, pending, removed, options, report,
                             progress.sub(0.85, 0.99));
        !s.isOk())
        return s;  // the transaction rolls back
    if (progress.cancelled()) return Status::cancelled();
    if (Status s = transaction.commit(); !s.isOk()) return s;
    progress.report(1.0, QStringLiteral("Scanned %1 files").arg(report.filesScanned));
    report.writeSeconds = double(clock.nsecsElapsed() - writeStart) / 1e9;
    report.seconds = double(clock.nsecsElapsed()) / 1e9;
    return report;
}

}  // namespace tl
