#include "importers/HistoryImporter.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "importers/ArchiveReader.h"
#include "importers/EntityResolver.h"
#include "importers/HistoryFormat.h"
#include "importers/HistoryParsers.h"
#include "importers/JsonLite.h"
#include "importers/ListenWriter.h"
#include "importers/MsdTrackList.h"
#include "importers/TextSource.h"
#include "store/ImportRecords.h"

namespace tl {
namespace {

constexpr qsizetype kSniffBytes = 64 * 1024;
constexpr int kCancelPollRows = 4096;
// SQLite's page cache for the import's transaction. The listens go in key order and the indexes
// that would take random writes are built at the end, so the cache holds the working set of a
// bulk load easily; more only held dirty pages (512 MB made a 5 M-row import peak at 1.03 GB).
constexpr int kWriteCacheMegabytes = 256;
constexpr qint64 kBulkBytesPerRow = 1024;  // see dropBulkIndexes below

struct Input {
    QString path;
    bool named = false;    // named on the command line (not found in a folder)
    bool archive = false;  // a .zip / .tar.gz / .gz read entry by entry
};

// "export.zip!/Spotify Account Data/StreamingHistory0.json": where an archive entry came from.
QString entryPath(const QString& archive, const QString& entry) {
    return archive + QStringLiteral("!/") + entry;
}

bool looksLikeArchiveName(const QString& name) {
    static const char* kSuffixes[] = {".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z"};
    for (const char* suffix : kSuffixes)
        if (name.endsWith(QLatin1String(suffix), Qt::CaseInsensitive)) return true;
    return false;
}

// Collects what the import will read and the problems it will report.
class ProblemLog {
public:
    ProblemLog(ImportReport& report, int max) : report_(report), max_(max) {}
    void add(const QString& file, qint64 line, const QString& reason) {
        ++report_.problemCount;
        if (qsizetype(report_.problems.size()) < max_)
            report_.problems.push_back({file, line, reason});
    }

private:
    ImportReport& report_;
    int max_;
};

// The user a ListenBrainz export names in its user.json, looked up in the folders above a
// listens file (the export's layout is user.json + listens/<YYYY>/<M>.jsonl).
class ListenBrainzUsers {
public:
    // user.json files read from archives, by the display path of their folder.
    QHash<QString, QString> inArchives;

    QString nearInArchive(const QString& displayPath) const {
        QString dir = displayPath;
        for (int up = 0; up < 3; ++up) {
            const qsizetype slash = dir.lastIndexOf(QLatin1Char('/'));
            if (slash < 0) break;
            dir.truncate(slash);
            if (const auto it = inArchives.constFind(dir); it != inArchives.constEnd()) return *it;
        }
        return {};
    }
    static QString nameIn(const QByteArray& bytes) {
        JsonLite json;
        if (!json.parse(bytes)) return {};
        QString name = json.string(json.member(JsonLite::kRoot, "username")).trimmed();
        if (name.isEmpty()) name = json.string(json.member(JsonLite::kRoot, "user_name")).trimmed();
        return name;
    }
    QString near(const QString& filePath) {
        QDir dir = QFileInfo(filePath).absoluteDir();
        for (int up = 0; up < 3; ++up) {
            const QString name = userIn(dir.absolutePath());
            if (!name.isEmpty()) return name;
            if (!dir.cdUp()) break;
        }
        return {};
    }

private:
    QString userIn(const QString& dir) {
        if (const auto it = cache_.constFind(dir); it != cache_.constEnd()) return *it;
        QString name;
        QFile file(QDir(dir).filePath(QStringLiteral("user.json")));
        if (file.size() < 65536 && file.open(QIODevice::ReadOnly)) name = nameIn(file.readAll());
        cache_.insert(dir, name);
        return name;
    }
    QHash<QString, QString> cache_;
};

// The field of `row` that holds a NUL byte, if one does. A NUL is damage (a disk error, a broken
// export tool), never part of a name: stored, it would cut the name short wherever it is used
// as C text, and two damaged copies of a name would not match.
const char* fieldWithNul(const RawListen& row) {
    const std::pair<const QString*, const char*> fields[] = {
        {&row.artist, "artist name"},     {&row.title, "track name"},
        {&row.album, "album name"},       {&row.user, "user name"},
        {&row.artistMbid, "artist MBID"}, {&row.recordingMbid, "recording MBID"},
        {&row.spotifyUri, "Spotify URI"}};
    for (const auto& [text, what] : fields)
        if (text->contains(QChar(0))) return what;
    return nullptr;
}

QString nulReason(const char* field) {
    return QStringLiteral("a NUL byte in the %1 (the file is damaged here)")
        .arg(QLatin1String(field));
}

// Receives one file's rows: resolves entities, writes listens, counts and logs.
class FileSink : public RowSink {
public:
    FileSink(ProjectStore& store, EntityResolver& resolver, ListenWriter& writer,
             ProblemLog& problems, FileReport& file, const Progress& progress)
        : store_(store),
          resolver_(resolver),
          writer_(writer),
          problems_(problems),
          file_(file),
          progress_(progress) {}

    void listen(RawListen& row) override {
        if (!failure_.isOk()) return;
        if (const char* field = fieldWithNul(row)) return reject(row.line, nulReason(field));
        ImportCounts& c = file_.counts;
        if (row.user.isEmpty()) {
            reject(row.line, QStringLiteral("the row names no user: pass --me NAME"));
            return;
        }
        ++c.rows;
        if (!resolveUser(row.user)) return;
        addedByUser_.try_emplace(lastUser_, 0);  // a user seen, even if nothing is new
        const Result<Id> track = resolver_.track(row);
        if (!track) return fail(track.status());
        const Listen listen{lastUser_, track.value(), row.endedAt, row.msPlayed, row.skipped};
        const Result<bool> queued = writer_.add(listen, row.minutePrecision);
        if (!queued) return fail(queued.status());
        if (queued.value())
            ++queued_;
        else
            ++c.listensDuplicate;
        if (writer_.pending() >= ListenWriter::kMaxPending) flush();
        if (c.rows % kCancelPollRows == 0 && progress_.cancelled()) cancelled_ = true;
    }
    // Play counts of one user come in a run (both data sets are grouped by user): summed in
    // memory per run, then written. A count replaces what the project had for that (user,
    // track), so re-importing a data set changes nothing; a user whose rows appear in two runs
    // of one file has the second run added to the first.
    void playCount(RawListen& row, qint64 plays) override {
        if (!failure_.isOk()) return;
        if (const char* field = fieldWithNul(row)) return reject(row.line, nulReason(field));
        ++file_.counts.rows;
        if (!resolveUser(row.user)) return;
        if (lastUser_ != runUser_) endRun();
        runUser_ = lastUser_;
        const Result<Id> track = resolver_.track(row);
        if (!track) return fail(track.status());
        if (row.wholeArtist) wholeArtistTracks_.insert(track.value());
        run_[track.value()] += plays;
        if (file_.counts.rows % kCancelPollRows == 0 && progress_.cancelled()) cancelled_ = true;
    }

    // Writes what is queued and settles the counts: queued listens the store already had are
    // duplicates.
    void finish() {
        if (failure_.isOk()) endRun();
        if (failure_.isOk()) flushCounts();
        if (failure_.isOk()) flush();
        qint64 added = 0;
        for (const auto& [user, n] : addedByUser_) added += n;
        file_.counts.listensImported = added;
        file_.counts.listensDuplicate += queued_ - added;
    }
    void reject(qint64 line, const QString& reason) override {
        if (!failure_.isOk()) return;
        ++file_.counts.rows;
        ++file_.counts.rowsRejected;
        problems_.add(file_.path, line, reason);
    }
    void skip(qint64, const QString& reason) override {
        if (!failure_.isOk()) return;
        ++file_.counts.rows;
        ++file_.counts.rowsSkipped;
        ++file_.counts.skippedBy[reason];
    }

    bool stopped() const { return cancelled_ || !failure_.isOk(); }
    const Status& failure() const { return failure_; }
    const std::map<Id, qint64>& addedByUser() const { return addedByUser_; }
    const std::map<Id, qint64>& countsByUser() const { return countsByUser_; }
    const QSet<QString>& userNames() const { return userNames_; }
    const std::set<Id>& wholeArtistTracks() const { return wholeArtistTracks_; }

private:
    static constexpr size_t kMaxPendingCounts = 1 << 16;

    void fail(const Status& status) { failure_ = status; }
    bool resolveUser(const QString& name) {
        if (name == lastUserName_ && lastUser_ != 0) return true;
        const Result<Id> user = resolver_.user(name);
        if (!user) {
            fail(user.status());
            return false;
        }
        lastUser_ = user.value();
        lastUserName_ = name;
        if (userNames_.size() < 1000) userNames_.insert(name);
        return true;
    }
    void endRun() {
        if (runUser_ == 0 || run_.empty()) return;
        // A user met again in this file adds to what the first run wrote.
        const bool again = !usersCounted_.insert(runUser_).second;
        std::vector<PlayCount>& into = again ? pendingAdd_ : pendingReplace_;
        for (const auto& [track, plays] : run_) into.push_back({runUser_, track, plays});
        countsByUser_[runUser_] += again ? 0 : qint64(run_.size());
        if (!again) file_.counts.playCountsImported += qint64(run_.size());
        run_.clear();
        if (pendingReplace_.size() + pendingAdd_.size() >= kMaxPendingCounts) flushCounts();
    }
    void flushCounts() {
        for (auto* pending : {&pendingReplace_, &pendingAdd_}) {
            std::sort(pending->begin(), pending->end(), [](const PlayCount& a, const PlayCount& b) {
                return std::tie(a.userId, a.trackId) < std::tie(b.userId, b.trackId);
            });
            const Status s = store_.addPlayCounts(pending->data(), qsizetype(pending->size()),
                                                  pending == &pendingAdd_);
            pending->clear();
            if (!s.isOk()) return fail(s);
            if (progress_.cancelled()) cancelled_ = true;
        }
    }
    void flush() {
        if (Status s = writer_.flush(progress_, &addedByUser_); !s.isOk()) fail(s);
    }

    ProjectStore& store_;
    EntityResolver& resolver_;
    ListenWriter& writer_;
    ProblemLog& problems_;
    FileReport& file_;
    const Progress& progress_;
    Status failure_;
    bool cancelled_ = false;
    qint64 queued_ = 0;
    Id lastUser_ = 0;  // rows come in runs of one user: skip the lookup
    QString lastUserName_;
    std::map<Id, qint64> addedByUser_;
    QSet<QString> userNames_;
    // Play counts (research data sets).
    Id runUser_ = 0;
    std::unordered_map<Id, qint64> run_;  // track -> plays of runUser_'s current run
    std::unordered_set<Id> usersCounted_;
    std::vector<PlayCount> pendingReplace_, pendingAdd_;
    std::map<Id, qint64> countsByUser_;
    std::set<Id> wholeArtistTracks_;
};

std::vector<Input> collectInputs(const QStringList& paths, ImportReport& report,
                                 ProblemLog& problems) {
    std::vector<Input> inputs;
    const auto add = [&](const QString& path, bool named) {
        inputs.push_back({path, named, ArchiveReader::isArchive(path)});
    };
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            FileReport f;
            f.path = path;
            f.format = formatName(HistoryFormat::Unknown);
            f.status = QStringLiteral("failed");
            f.note = QStringLiteral("no such file or folder");
            report.files.push_back(f);
            problems.add(path, 0, f.note);
            continue;
        }
        if (!info.isDir()) {
            add(path, true);
            continue;
        }
        QStringList found;  // sorted, so an import reads files in the same order every time
        QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) found << it.next();
        std::sort(found.begin(), found.end());
        for (const QString& f : found) add(f, false);
    }
    return inputs;
}

struct ImportRun {
    ProjectStore& store;
    const ImportOptions& options;
    const Progress& progress;
    ImportReport& report;
    ProblemLog& problems;
    EntityResolver resolver;
    ListenWriter writer;
    ListenBrainzUsers listenBrainzUsers;
    std::set<HistoryFormat> formatsRead;
    qint64 doneBytes = 0;
    qint64 totalBytes = 1;
    MsdTrackList songNames;
    QSet<QString> readFirst;  // track lists read before everything else (display paths)
    size_t filesCounted = 0;  // report.files before this index are counted in the report
    QStringList formatsImported;

    // Counts the files reported since the last call (totals, files by status and reason) and
    // drops those past the list's limit: an archive of 300,000 notes costs no record per note.
    // Called between files, never while one is being read (FileSink holds a reference to it).
    void settleFiles();

    // Returns an error only for what ends the whole import (cancellation, a broken store).
    Status importFile(const Input& input);
    Status importArchive(const Input& input);
    // One history, from a file or an archive entry. `position` is the input's bytes consumed
    // (for progress); `exportUser` the ListenBrainz user.json beside it, if any.
    Status importSource(const QString& path, bool named, TextSource& source,
                        const std::function<qint64()>& position, const QString& exportUser);
    // Reads the MSD track lists among the inputs first, so Taste Profile rows find their names
    // wherever the list sits; and the user.json files inside archives.
    Status readCatalogLists(const std::vector<Input>& inputs);
    void readTrackList(const QString& path, TextSource& source);
    void parse(HistoryFormat format, TextSource& source, const ParseOptions& po, FileSink& sink);
};

void ImportRun::settleFiles() {
    for (; filesCounted < report.files.size(); ++filesCounted) {
        const FileReport& f = report.files[filesCounted];
        report.count(f);
        if (f.status == QLatin1String("imported") && !formatsImported.contains(f.format))
            formatsImported << f.format;
    }
    const qsizetype limit = options.maxFilesListed;
    if (limit > 0 && report.files.size() > size_t(limit)) {
        report.files.erase(report.files.begin() + limit, report.files.end());
        filesCounted = report.files.size();
    }
}

void ImportRun::parse(HistoryFormat format, TextSource& source, const ParseOptions& po,
                      FileSink& sink) {
    switch (format) {
        case HistoryFormat::SpotifyAccount:
            parseSpotifyAccount(source, po, sink);
            break;
        case HistoryFormat::SpotifyAccountPodcast:
            parseSpotifyPodcasts(source, po, sink);
            break;
        case HistoryFormat::SpotifyExtended:
            parseSpotifyExtended(source, po, sink);
            break;
        case HistoryFormat::ListenBrainzJsonl:
            parseListenBrainzJsonl(source, po, sink);
            break;
        case HistoryFormat::ListenBrainzJson:
            parseListenBrainzJson(source, po, sink);
            break;
        case HistoryFormat::LastfmCsv:
            parseLastfmCsv(source, po, sink);
            break;
        case HistoryFormat::LastfmGhan:
            parseLastfmGhan(source, po, sink);
            break;
        case HistoryFormat::Lastfm1k:
            parseLastfm1k(source, po, sink);
            break;
        case HistoryFormat::Lastfm360k:
            parseLastfm360k(source, po, sink);
            break;
        case HistoryFormat::TasteProfile:
            parseTasteProfile(source, po, sink);
            break;
        default:
            break;
    }
}

void ImportRun::readTrackList(const QString& path, TextSource& source) {
    report.files.emplace_back();
    FileReport& file = report.files.back();
    file.path = path;
    file.format = formatName(HistoryFormat::MsdTrackList);
    file.encoding = source.encoding();
    file.bytes = source.fileSize();
    FileSink sink(store, resolver, writer, problems, file, progress);
    ParseOptions po;
    po.maxRecordBytes = options.maxRecordBytes;
    const qsizetype before = songNames.size();
    source.setChunkCallback([&] { return !progress.cancelled(); });
    songNames.read(source, po, sink);
    file.status =
        songNames.size() > before ? QStringLiteral("imported") : QStringLiteral("nothing");
    file.note =
        QStringLiteral("names of %1 songs for the Taste Profile").arg(songNames.size() - before);
    readFirst.insert(path);
}

Status ImportRun::readCatalogLists(const std::vector<Input>& inputs) {
    for (const Input& input : inputs) {
        if (progress.cancelled()) return Status::cancelled();
        if (!input.archive) {
            TextSource source;
            if (!source.open(input.path)) continue;  // reported by the main pass
            if (detectFormat(input.path, source.peek(kSniffBytes)).format ==
                HistoryFormat::MsdTrackList) {
                readTrackList(input.path, source);
                settleFiles();
            }
            continue;
        }
        // Archives are read twice: this pass decompresses only the first chunk of each entry
        // (and the whole of a track list or user.json), the main pass everything else.
        ArchiveReader archive;
        if (!archive.open(input.path)) continue;
        while (archive.next() == ArchiveReader::Next::Entry) {
            if (progress.cancelled()) return Status::cancelled();
            const QString path = entryPath(input.path, archive.entryPath());
            TextSource source;
            source.openArchiveEntry(archive);
            const HistoryFormat format =
                detectFormat(archive.entryPath(), source.peek(kSniffBytes)).format;
            if (format == HistoryFormat::MsdTrackList) {
                readTrackList(path, source);
                settleFiles();
            } else if (format == HistoryFormat::ListenBrainzUser) {
                const QString name = ListenBrainzUsers::nameIn(source.peek(65536));
                const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
                if (!name.isEmpty() && slash > 0)
                    listenBrainzUsers.inArchives.insert(path.left(slash), name);
            }
        }
    }
    return Status::ok();
}

Status ImportRun::importFile(const Input& input) {
    TextSource source;
    if (!source.open(input.path)) {
        report.files.emplace_back();
        FileReport& file = report.files.back();
        file.path = input.path;
        file.format = formatName(HistoryFormat::Unknown);
        file.bytes = source.fileSize();
        file.status = QStringLiteral("failed");
        file.note = QStringLiteral("cannot read: %1").arg(source.error());
        problems.add(file.path, 0, file.note);
        return Status::ok();
    }
    return importSource(
        input.path, input.named, source, [&] { return source.bytesRead(); }, QString());
}

Status ImportRun::importArchive(const Input& input) {
    ArchiveReader archive;
    const auto failed = [&](const QString& why) {
        report.files.emplace_back();
        FileReport& file = report.files.back();
        file.path = input.path;
        file.format = QStringLiteral("archive");
        file.bytes = QFileInfo(input.path).size();
        file.status = QStringLiteral("failed");
        file.note = why;
        problems.add(file.path, 0, why);
        return Status::ok();
    };
    if (!archive.open(input.path))
        return failed(QStringLiteral("cannot read the archive: %1").arg(archive.error()));
    int entries = 0;
    for (;;) {
        if (progress.cancelled()) return Status::cancelled();
        settleFiles();  // the entry before this one
        const ArchiveReader::Next next = archive.next();
        if (next == ArchiveReader::Next::End) break;
        if (next == ArchiveReader::Next::Error)
            return failed(entries == 0
                              ? QStringLiteral("cannot read the archive: %1").arg(archive.error())
                              : QStringLiteral("the archive is damaged after %1 files: %2")
                                    .arg(entries)
                                    .arg(archive.error()));
        ++entries;
        const QString path = entryPath(input.path, archive.entryPath());
        if (readFirst.contains(path)) continue;
        if (looksLikeArchiveName(archive.entryPath())) {
            report.files.emplace_back();
            FileReport& file = report.files.back();
            file.path = path;
            file.format = QStringLiteral("archive");
            file.bytes = archive.entrySize();
            file.status = QStringLiteral("ignored");
            file.note = QStringLiteral("an archive inside an archive is not read: extract it");
            continue;
        }
        TextSource source;
        source.openArchiveEntry(archive);
        if (Status s = importSource(
                path, false, source, [&] { return archive.position(); },
                listenBrainzUsers.nearInArchive(path));
            !s.isOk())
            return s;
    }
    if (entries == 0) return failed(QStringLiteral("the archive holds no files"));
    return Status::ok();
}

Status ImportRun::importSource(const QString& path, bool named, TextSource& source,
                               const std::function<qint64()>& position, const QString& exportUser) {
    report.files.emplace_back();
    FileReport& file = report.files.back();
    file.path = path;
    file.format = formatName(HistoryFormat::Unknown);
    const auto giveUp = [&](const QString& status, const QString& note, bool isProblem) {
        file.status = status;
        file.note = note;
        if (isProblem) problems.add(file.path, 0, note);
        return Status::ok();
    };

    const QString fileName = QFileInfo(path).fileName();
    file.bytes = source.fileSize();
    file.encoding = source.encoding();
    if (!source.error().isEmpty())
        return giveUp(QStringLiteral("failed"),
                      QStringLiteral("cannot read: %1").arg(source.error()), true);
    const Detection detected = detectFormat(path, source.peek(kSniffBytes));
    file.format = formatName(detected.format);
    switch (detected.format) {
        case HistoryFormat::Unknown:
            // Spotify and ListenBrainz export folders hold other files (payments, playlists,
            // feedback): found in a folder they are passed over; named explicitly, an error.
            return giveUp(named ? QStringLiteral("failed") : QStringLiteral("ignored"),
                          detected.reason, named);
        case HistoryFormat::Empty:
            return giveUp(QStringLiteral("nothing"), QStringLiteral("the file is empty"), named);
        case HistoryFormat::SpotifyVideo:
            return giveUp(QStringLiteral("ignored"), QStringLiteral("video plays are not music"),
                          false);
        case HistoryFormat::ListenBrainzUser:
            return giveUp(QStringLiteral("ignored"),
                          QStringLiteral("names the user of the ListenBrainz listens beside it"),
                          false);
        case HistoryFormat::MsdTrackList:
            // Read before everything else (readCatalogLists); here only when that pass could
            // not see it.
            report.files.pop_back();
            readTrackList(path, source);
            return Status::ok();
        default:
            break;
    }
    if (needsUserName(detected.format) && options.me.isEmpty())
        return giveUp(QStringLiteral("failed"),
                      QStringLiteral("%1 does not say whose it is: pass --me NAME")
                          .arg(formatTitle(detected.format)),
                      true);
    if (file.encoding == QLatin1String("latin-1"))
        file.note = QStringLiteral("not valid UTF-8; read as Latin-1");

    ParseOptions po;
    po.maxRecordBytes = options.maxRecordBytes;
    po.includeIncognito = options.includeIncognito;
    po.defaultUser = options.me;
    po.songNames = &songNames;
    if (detected.format == HistoryFormat::SpotifyExtended) po.overrideUser = options.me;
    // A ListenBrainz user name is one its owner chose, so the export's user.json beats --me
    // (which names only lines that name no one). A Spotify account name is an opaque ID, which
    // --me replaces.
    if (detected.format == HistoryFormat::ListenBrainzJsonl ||
        detected.format == HistoryFormat::ListenBrainzJson) {
        const QString user = exportUser.isEmpty() ? listenBrainzUsers.near(path) : exportUser;
        if (!user.isEmpty()) po.defaultUser = user;
    }

    ProjectStore::Savepoint savepoint(store, QStringLiteral("tastelab_import_file"));
    if (!savepoint.status().isOk()) return savepoint.status();
    const EntityResolver::Added before = resolver.added();
    FileSink sink(store, resolver, writer, problems, file, progress);
    source.setChunkCallback([&] {
        progress.report(double(doneBytes + position()) / double(totalBytes), fileName);
        return !progress.cancelled() && !sink.stopped();
    });
    parse(detected.format, source, po, sink);
    sink.finish();
    if (progress.cancelled()) return Status::cancelled();
    if (source.recodedLines() > 0)
        file.note = source.recodedLines() == 1
                        ? QStringLiteral("line %1 is not valid UTF-8; read as Windows-1252")
                              .arg(source.firstRecodedLine())
                        : QStringLiteral(
                              "%1 lines are not valid UTF-8 (the first: line %2); "
                              "read as Windows-1252")
                              .arg(source.recodedLines())
                              .arg(source.firstRecodedLine());
    if (!source.error().isEmpty() && !source.stopped()) {
        // The valid rows before the damage are kept.
        ++file.counts.rowsRejected;
        problems.add(file.path, source.lineNumber(),
                     QStringLiteral("reading stopped: %1").arg(source.error()));
    }

    Status stored = sink.failure();
    if (stored.isOk()) {
        for (const auto& [userId, listens] : sink.addedByUser()) {
            stored = store.addUserSource(userId, file.format, listens);
            if (!stored.isOk()) break;
        }
    }
    if (stored.isOk()) {
        for (const auto& [userId, counts] : sink.countsByUser()) {
            stored = store.addUserSource(userId, file.format, counts);
            if (!stored.isOk()) break;
        }
    }
    if (stored.isOk()) {
        for (const Id track : sink.wholeArtistTracks()) {
            stored = store.markWholeArtistTrack(track, resolver.artistOf(track));
            if (!stored.isOk()) break;
        }
    }
    if (!stored.isOk()) {
        // Only this file is undone; the in-memory view of the catalog is re-read to match.
        if (Status s = savepoint.rollback(); !s.isOk()) return s;
        resolver.restoreAdded(before);
        writer.reset();
        if (Status s = resolver.load(); !s.isOk()) return s;
        file.counts = {};
        return giveUp(QStringLiteral("failed"),
                      QStringLiteral("not stored, rolled back: %1").arg(stored.message()), true);
    }
    if (Status s = savepoint.release(); !s.isOk()) return s;
    for (const QString& name : sink.userNames())
        if (!report.users.contains(name)) report.users << name;
    const ImportCounts& c = file.counts;
    const bool any = c.listensImported + c.listensDuplicate + c.playCountsImported > 0;
    file.status = any ? QStringLiteral("imported") : QStringLiteral("nothing");
    if (any) formatsRead.insert(detected.format);
    return Status::ok();
}

}  // namespace

Result<ImportReport> importHistories(ProjectStore& store, const ImportOptions& options,
                                     const Progress& progress) {
    QElapsedTimer clock;
    clock.start();
    ImportReport report;
    ProblemLog problems(report, options.maxProblems);
    const std::vector<Input> inputs = collectInputs(options.paths, report, problems);

    if (Status s = store.reserveWriteCache(kWriteCacheMegabytes); !s.isOk()) return s;
    struct CacheRestore {
        ProjectStore& store;
        ~CacheRestore() { store.reserveWriteCache(ProjectStore::kDefaultCacheMegabytes); }
    } restoreCache{store};
    if (Status s = store.setForeignKeys(false); !s.isOk()) return s;
    struct ForeignKeysRestore {
        ProjectStore& store;
        ~ForeignKeysRestore() { store.setForeignKeys(true); }
    } restoreForeignKeys{store};
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    // Every row this import writes belongs to its record, so the source can be deleted later.
    QStringList names;
    for (const QString& path : options.paths) names << QFileInfo(path).fileName();
    auto record =
        beginImportRecord(store, names.join(QStringLiteral(", ")), options.paths, options.me);
    if (!record) return record.status();
    struct CurrentImportReset {  // an early return must not leave later writes on this record
        ProjectStore& store;
        ~CurrentImportReset() { store.setImportId(kEarlierImportsId); }
    } resetImport{store};
    ImportRun run{store,
                  options,
                  progress,
                  report,
                  problems,
                  EntityResolver(store),
                  ListenWriter(store),
                  {},
                  {},
                  0,
                  1,
                  {},
                  {},
                  0,
                  {}};
    for (const Input& input : inputs) run.totalBytes += QFileInfo(input.path).size();
    // A load larger than what the project holds builds the indexes the import never reads
    // once, at the end, instead of row by row (ProjectStore::dropBulkIndexes). An export row is
    // 100-700 bytes, so kBulkBytesPerRow under-estimates the rows to come: an import into a
    // large project keeps its indexes, and rebuilding is never much more than maintaining.
    QStringList deferredIndexes;
    if (const qint64 rows = run.totalBytes / kBulkBytesPerRow; rows > 0) {
        const Result<bool> fewer = store.hasFewerListensThan(rows);
        if (!fewer) return fewer.status();
        if (fewer.value()) {
            auto dropped = store.dropBulkIndexes();
            if (!dropped) return dropped.status();
            deferredIndexes = dropped.value();
        }
    }
    if (Status s = run.resolver.load(); !s.isOk()) return s;
    run.settleFiles();  // the inputs that do not exist

    if (Status s = run.readCatalogLists(inputs); !s.isOk()) return s;
    if (progress.cancelled()) return Status::cancelled();
    for (const Input& input : inputs) {
        if (progress.cancelled()) return Status::cancelled();
        if (run.readFirst.contains(input.path)) {
            run.doneBytes += QFileInfo(input.path).size();
            continue;
        }
        if (Status s = input.archive ? run.importArchive(input) : run.importFile(input); !s.isOk())
            return s;
        run.settleFiles();
        run.doneBytes += QFileInfo(input.path).size();
    }

    if (!options.me.isEmpty()) {
        if (const auto me = run.resolver.findUser(options.me)) {
            if (Status s = store.setMe(*me); !s.isOk()) return s;
            report.me = options.me;
        } else {
            report.notes << QStringLiteral(
                                "no listens of \"%1\" were read, so no user was "
                                "marked as me")
                                .arg(options.me);
        }
    }
    if (progress.cancelled()) return Status::cancelled();
    run.settleFiles();
    if (Status s = store.rebuildIndexes(deferredIndexes); !s.isOk()) return s;
    if (Status s =
            finishImportRecord(store, record.value(), run.formatsImported,
                               report.totals.listensImported, report.totals.playCountsImported);
        !s.isOk())
        return s;
    if (Status s = tx.commit(); !s.isOk()) return s;

    const EntityResolver::Added& added = run.resolver.added();
    report.usersAdded = added.users;
    report.artistsAdded = added.artists;
    report.tracksAdded = added.tracks;
    report.mergesAdded = added.merges;
    if (run.formatsRead.count(HistoryFormat::SpotifyAccount))
        report.notes << QStringLiteral(
            "Spotify account data gives end times to the minute "
            "without a time zone; they were read as UTC.");
    if (run.formatsRead.count(HistoryFormat::LastfmCsv) ||
        run.formatsRead.count(HistoryFormat::LastfmGhan))
        report.notes << QStringLiteral(
            "Last.fm times are UTC scrobble times; Last.fm does not "
            "record how long a track played.");
    if (run.formatsRead.count(HistoryFormat::Lastfm360k))
        report.notes << QStringLiteral(
                            "Last.fm-360K counts plays per artist: each artist became one track, "
                            "\"%1\", that "
                            "stands for the artist as a whole (CF recommends artists from it).")
                            .arg(QLatin1String(kWholeArtistTitle));
    if (run.formatsRead.count(HistoryFormat::TasteProfile) && run.songNames.size() == 0)
        report.notes << QStringLiteral(
            "No MSD track list (unique_tracks.txt) was in this import: Taste Profile songs are "
            "known by their song IDs only.");
    if (run.formatsRead.count(HistoryFormat::Lastfm360k) ||
        run.formatsRead.count(HistoryFormat::TasteProfile))
        report.notes << QStringLiteral(
            "Play counts have no timestamps: they count as history before any week.");
    if (const qint64 ignored = report.filesWithStatus(QStringLiteral("ignored")); ignored > 0)
        report.notes << QStringLiteral(
                            "%1 files in the folders were not listening histories "
                            "and were passed over.")
                            .arg(ignored);
    report.project = store.counts();
    report.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("done"));
    return report;
}

}  // namespace tl
