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

#include "importers/EntityResolver.h"
#include "importers/HistoryFormat.h"
#include "importers/HistoryParsers.h"
#include "importers/JsonLite.h"
#include "importers/ListenWriter.h"
#include "importers/TextSource.h"

namespace tl {
namespace {

constexpr qsizetype kSniffBytes = 64 * 1024;
constexpr int kCancelPollRows = 4096;
constexpr int kWriteCacheMegabytes = 512;  // a million listens fit; more spills, still correct

struct Input {
    QString path;
    bool named = false;  // named on the command line (not found in a folder)
};

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
        if (file.size() < 65536 && file.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = file.readAll();
            JsonLite json;
            if (json.parse(bytes)) {
                name = json.string(json.member(JsonLite::kRoot, "username")).trimmed();
                if (name.isEmpty())
                    name = json.string(json.member(JsonLite::kRoot, "user_name")).trimmed();
            }
        }
        cache_.insert(dir, name);
        return name;
    }
    QHash<QString, QString> cache_;
};

// Receives one file's rows: resolves entities, writes listens, counts and logs.
class FileSink : public RowSink {
public:
    FileSink(EntityResolver& resolver, ListenWriter& writer, ProblemLog& problems, FileReport& file,
             const Progress& progress)
        : resolver_(resolver),
          writer_(writer),
          problems_(problems),
          file_(file),
          progress_(progress) {}

    void listen(RawListen& row) override {
        if (!failure_.isOk()) return;
        ImportCounts& c = file_.counts;
        if (row.user.isEmpty()) {
            reject(row.line, QStringLiteral("the row names no user: pass --me NAME"));
            return;
        }
        ++c.rows;
        if (row.user != lastUserName_ || lastUser_ == 0) {
            const Result<Id> user = resolver_.user(row.user);
            if (!user) return fail(user.status());
            lastUser_ = user.value();
            lastUserName_ = row.user;
            addedByUser_.try_emplace(lastUser_, 0);  // a user seen, even if nothing is new
            if (userNames_.size() < 1000) userNames_.insert(row.user);
        }
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
    // Writes what is queued and settles the counts: queued listens the store already had are
    // duplicates.
    void finish() {
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
    const QSet<QString>& userNames() const { return userNames_; }

private:
    void fail(const Status& status) { failure_ = status; }
    void flush() {
        if (Status s = writer_.flush(progress_, &addedByUser_); !s.isOk()) fail(s);
    }

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
};

std::vector<Input> collectInputs(const QStringList& paths, ImportReport& report,
                                 ProblemLog& problems) {
    std::vector<Input> inputs;
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
            inputs.push_back({path, true});
            continue;
        }
        QStringList found;  // sorted, so an import reads files in the same order every time
        QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) found << it.next();
        std::sort(found.begin(), found.end());
        for (const QString& f : found) inputs.push_back({f, false});
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

    // Returns an error only for what ends the whole import (cancellation, a broken store).
    Status importFile(const Input& input);
    void parse(HistoryFormat format, TextSource& source, const ParseOptions& po, FileSink& sink);
};

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
        default:
            break;
    }
}

Status ImportRun::importFile(const Input& input) {
    report.files.emplace_back();
    FileReport& file = report.files.back();
    file.path = input.path;
    file.format = formatName(HistoryFormat::Unknown);
    const auto giveUp = [&](const QString& status, const QString& note, bool isProblem) {
        file.status = status;
        file.note = note;
        if (isProblem) problems.add(file.path, 0, note);
        return Status::ok();
    };

    TextSource source;
    const QString fileName = QFileInfo(input.path).fileName();
    source.setChunkCallback([&] {
        progress.report(double(doneBytes + source.bytesRead()) / double(totalBytes), fileName);
        return !progress.cancelled();
    });
    if (!source.open(input.path)) {
        file.bytes = source.fileSize();
        return giveUp(QStringLiteral("failed"),
                      QStringLiteral("cannot read: %1").arg(source.error()), true);
    }
    file.bytes = source.fileSize();
    file.encoding = source.encoding();
    const Detection detected = detectFormat(input.path, source.peek(kSniffBytes));
    file.format = formatName(detected.format);
    switch (detected.format) {
        case HistoryFormat::Unknown:
            // Spotify and ListenBrainz export folders hold other files (payments, playlists,
            // feedback): found in a folder they are passed over; named explicitly, an error.
            return giveUp(input.named ? QStringLiteral("failed") : QStringLiteral("ignored"),
                          detected.reason, input.named);
        case HistoryFormat::Empty:
            return giveUp(QStringLiteral("nothing"), QStringLiteral("the file is empty"),
                          input.named);
        case HistoryFormat::SpotifyVideo:
            return giveUp(QStringLiteral("ignored"), QStringLiteral("video plays are not music"),
                          false);
        case HistoryFormat::ListenBrainzUser:
            return giveUp(QStringLiteral("ignored"),
                          QStringLiteral("names the user of the ListenBrainz listens beside it"),
                          false);
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
    if (detected.format == HistoryFormat::SpotifyExtended) po.overrideUser = options.me;
    // A ListenBrainz user name is one its owner chose, so the export's user.json beats --me
    // (which names only lines that name no one). A Spotify account name is an opaque ID, which
    // --me replaces.
    if (detected.format == HistoryFormat::ListenBrainzJsonl ||
        detected.format == HistoryFormat::ListenBrainzJson) {
        const QString exportUser = listenBrainzUsers.near(input.path);
        if (!exportUser.isEmpty()) po.defaultUser = exportUser;
    }

    ProjectStore::Savepoint savepoint(store, QStringLiteral("tastelab_import_file"));
    if (!savepoint.status().isOk()) return savepoint.status();
    const EntityResolver::Added before = resolver.added();
    FileSink sink(resolver, writer, problems, file, progress);
    source.setChunkCallback([&] {
        progress.report(double(doneBytes + source.bytesRead()) / double(totalBytes), fileName);
        return !progress.cancelled() && !sink.stopped();
    });
    parse(detected.format, source, po, sink);
    sink.finish();
    if (progress.cancelled()) return Status::cancelled();

    Status stored = sink.failure();
    if (stored.isOk()) {
        for (const auto& [userId, listens] : sink.addedByUser()) {
            stored = store.addUserSource(userId, file.format, listens);
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
    file.status = c.listensImported + c.listensDuplicate > 0 ? QStringLiteral("imported")
                                                             : QStringLiteral("nothing");
    if (c.listensImported + c.listensDuplicate > 0) formatsRead.insert(detected.format);
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
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    ImportRun run{
        store, options, progress, report, problems, EntityResolver(store), ListenWriter(store),
        {},    {},      0,        1};
    for (const Input& input : inputs) run.totalBytes += QFileInfo(input.path).size();
    if (Status s = run.resolver.load(); !s.isOk()) return s;

    for (const Input& input : inputs) {
        if (progress.cancelled()) return Status::cancelled();
        if (Status s = run.importFile(input); !s.isOk()) return s;
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
    if (Status s = tx.commit(); !s.isOk()) return s;

    for (const FileReport& f : report.files) report.totals.add(f.counts);
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
    qint64 ignored = 0;
    for (const FileReport& f : report.files)
        if (f.status == QLatin1String("ignored")) ++ignored;
    if (ignored > 0)
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
