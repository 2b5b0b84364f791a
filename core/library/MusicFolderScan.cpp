#include "library/MusicFolderScan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <atomic>
#include <cstdlib>
#include <unordered_map>

#include "catalog/NameNormalizer.h"
#include "importers/EntityResolver.h"
#include "library/FileNameTags.h"
#include "library/FolderWalk.h"
#include "library/LibraryStore.h"
#include "library/MusicFolders.h"
#include "library/TagReader.h"
#include "util/NativePath.h"
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

    // `row`: the names and ID the file was resolved by (its tags' first values or an alias).
    QString rule(Id trackId, bool isNew, const RawListen& row) {
        TrackNames& known = tracks_[trackId];
        if (isNew) {
            known = {row.artist, row.title, row.recordingMbid};
            return QStringLiteral("new-track");
        }
        QString rule;
        if (!row.recordingMbid.isEmpty() && known.mbid == row.recordingMbid) {
            rule = QStringLiteral("musicbrainz-id");
        } else if (known.artist == row.artist && known.title == row.title) {
            rule = QStringLiteral("exact");
        } else {
            unsigned rules = 0;
            if (known.artist != row.artist)
                rules |= mergeRules(artistKey(known.artist).rules, artistKey(row.artist).rules);
            if (known.title != row.title)
                rules |= mergeRules(titleKey(known.title).rules, titleKey(row.title).rules);
            rule = rules ? nameRulesText(rules) : QStringLiteral("earlier-merge");
        }
        if (known.mbid.isEmpty()) known.mbid = row.recordingMbid;  // the resolver fills it too
        return rule;
    }

private:
    std::unordered_map<Id, TrackNames> tracks_;
};

// Finds which of a file's artist and title values name a catalog track: the first values, or
// else the first alias pair that does (a history that knows the artist by the other name). The
// index is built on the first file with aliases, so a scan of files without them pays nothing;
// from then on it learns every track the scan resolves.
class AliasLookup {
public:
    explicit AliasLookup(const ProjectStore& store) : store_(store) {}

    // Sets row.artist and row.title; returns true when an alias was chosen.
    bool choose(const FileTags& tags, RawListen& row) {
        if (tags.artistAliases.isEmpty() && tags.titleAliases.isEmpty()) return false;
        if (!built_) build();
        if (known(tags.artist, tags.title)) return false;
        const QStringList artists = QStringList{tags.artist} + tags.artistAliases;
        const QStringList titles = QStringList{tags.title} + tags.titleAliases;
        for (const QString& artist : artists) {
            for (const QString& title : titles) {
                if (known(artist, title)) {
                    row.artist = artist;
                    row.title = title;
                    return true;
                }
            }
        }
        return false;
    }

    void learn(Id artistId, const QString& artist, const QString& title) {
        if (!built_) return;
        addArtist(artistKey(artist).key, artistId);
        tracks_.insert({artistId, titleKey(title).key});
    }

private:
    void build() {
        built_ = true;
        for (const Artist& a : store_.artists()) addArtist(artistKey(a.name).key, a.id);
        for (const Track& t : store_.tracks()) tracks_.insert({t.artistId, titleKey(t.title).key});
    }
    void addArtist(const QString& key, Id id) {
        if (!artists_.contains(key)) artists_.insert(key, id);  // the first, as the resolver
    }
    bool known(const QString& artist, const QString& title) const {
        const auto a = artists_.constFind(artistKey(artist).key);
        return a != artists_.constEnd() && tracks_.contains({*a, titleKey(title).key});
    }

    const ProjectStore& store_;
    bool built_ = false;
    QHash<QString, Id> artists_;       // artist key -> artist
    QSet<QPair<Id, QString>> tracks_;  // (artist, title key) of every track
};

// Two files whose tags alone (no MusicBrainz recording ID) name one track are two recordings
// when their lengths differ by more than this: a live take, an extended mix, or two different
// pieces whose tags say the same. A few seconds cover the same recording's encodings, fades
// and estimated MP3 lengths.
constexpr int kSameRecordingMaxLengthDifferenceMs = 5000;

// Keeps the lengths of each track's files, so that a file whose names match a track but whose
// audio is longer or shorter than that track's files becomes a track of its own rather than a
// copy of it (the catalog would have one track for two recordings, and only one would be
// analysed). That track has the same artist and title (the names are the file's); it differs by
// its files and its length, and later files of that length find it again, in this scan or the
// next, among the artist's tracks with the same title key.
class SameNameRecordings {
public:
    SameNameRecordings(ProjectStore& store, LibraryStore& library)
        : store_(store), library_(library) {}

    // The files of `rereadFiles` are being read again and will be added with their new lengths.
    Status load(const QSet<Id>& rereadFiles) {
        Result<std::vector<FileLength>> lengths = library_.fileLengths();
        if (!lengths) return lengths.status();
        for (const FileLength& f : *lengths)
            if (!rereadFiles.contains(f.fileId)) lengths_[f.trackId].push_back(f.durationMs);
        return Status::ok();
    }

    // The track for a file `lengthMs` long that the resolver matched by its names (`row`) to
    // `trackId` of `artistId`: that track when the lengths agree, else another of the artist's
    // tracks with the same title key whose files agree, else a new track (*added = true).
    Result<Id> place(Id trackId, Id artistId, const RawListen& row, int lengthMs, bool* added) {
        *added = false;
        if (lengthMs <= 0 || fits(trackId, lengthMs)) return trackId;
        Result<std::vector<std::pair<Id, QString>>> tracks = library_.tracksOf(artistId);
        if (!tracks) return tracks.status();
        const QString key = titleKey(row.title).key;
        for (const auto& [id, title] : *tracks)
            if (id != trackId && fits(id, lengthMs) && titleKey(title).key == key) return id;
        Track t;
        t.artistId = artistId;
        t.title = row.title;
        t.album = row.album;
        t.durationMs = lengthMs;
        if (Status s = store_.addTrack(t); !s.isOk()) return s;
        *added = true;
        return t.id;
    }

    void addFile(Id trackId, int lengthMs) {
        if (lengthMs > 0) lengths_[trackId].push_back(lengthMs);
    }

private:
    bool fits(Id trackId, int lengthMs) const {
        const auto it = lengths_.find(trackId);
        if (it == lengths_.end()) return true;
        for (const int known : it->second)
            if (std::abs(known - lengthMs) > kSameRecordingMaxLengthDifferenceMs) return false;
        return true;
    }

    ProjectStore& store_;
    LibraryStore& library_;
    std::unordered_map<Id, std::vector<int>> lengths_;
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
        AliasLookup aliases(store);
        SameNameRecordings recordings(store, library);
        QSet<Id> rereadFiles;
        for (const PendingFile& p : pending)
            if (p.knownId) rereadFiles.insert(p.knownId);
        for (const KnownFile& k : removed) rereadFiles.insert(k.id);
        if (Status s = recordings.load(rereadFiles); !s.isOk()) return s;
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
            const bool byAlias = aliases.choose(p.tags, row);
            const qint64 tracksBefore = resolver.added().tracks;
            Result<Id> track = resolver.track(row);
            if (!track) return track.status().withContext(p.found->path);
            bool isNew = resolver.added().tracks > tracksBefore;
            const Id artistId = resolver.artistOf(track.value());
            bool otherLength = false;
            if (!isNew && row.recordingMbid.isEmpty()) {
                track =
                    recordings.place(track.value(), artistId, row, row.durationMs, &otherLength);
                if (!track) return track.status().withContext(p.found->path);
                isNew = otherLength;
            }
            recordings.addFile(track.value(), row.durationMs);
            aliases.learn(artistId, row.artist, row.title);
            FileMatch match{track.value(), rules.rule(track.value(), isNew, row)};
            if (otherLength) {
                match.rule = QStringLiteral("new-track-other-length");
            } else if (byAlias) {
                match.rule = match.rule == QLatin1String("exact")
                                 ? QStringLiteral("alias")
                                 : QStringLiteral("alias+") + match.rule;
            }
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
    report.folder = displayPath(root);  // shown, not opened
    if (!statNative(root).isDir)
        return Status::error(QStringLiteral("%1: no such folder").arg(displayPath(root)));

    FolderWalk walk;
    if (Status s = walkMusicFolder(root, walk, progress.sub(0.0, 0.05)); !s.isOk()) return s;
    report.walkSeconds = double(clock.nsecsElapsed()) / 1e9;
    report.filesScanned = qint64(walk.files.size());
    report.filesIgnored = walk.ignored;
    report.loopsSkipped = walk.loopsSkipped;
    for (const WalkProblem& p : walk.problems)
        report.failed.push_back({displayPath(p.path), p.reason});

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
        report.failed.push_back({displayPath(p.found->path), p.error});
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
