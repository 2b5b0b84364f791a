// core/store/: the project file — one SQLite database (Qt Sql, QSQLITE) holding the catalog,
// every job's results keyed by the fingerprint of their inputs, and settings.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/Merge.h"
#include "job/Result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tl {

// A stored job result: e.g. kind "cf.als", key "track_vectors". `fingerprint` identifies the
// inputs and settings it was computed from; a job recomputes only when its fingerprint differs.
struct StoredResult {
    QString kind;
    QString key;
    QByteArray fingerprint;
    QByteArray data;
    QJsonObject meta;
    QDateTime created;
};

// One open project file. A ProjectStore owns one SQLite connection and must be used on the
// thread that opened it (a Qt Sql rule); a worker thread opens its own ProjectStore on the same
// path. Every write happens inside a transaction, so a process killed mid-write leaves the last
// committed state, which SQLite's rollback journal restores on the next open.
class ProjectStore {
public:
    static constexpr int kSchemaVersion = 5;  // == schema::latestVersion()
    static constexpr const char* kApplicationId = "tastelab";

    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    // Creates a new, empty project; fails if the file exists.
    static Result<std::unique_ptr<ProjectStore>> create(const QString& path);
    // Opens an existing project, checking it is a Tastelab file of a schema this build reads.
    static Result<std::unique_ptr<ProjectStore>> open(const QString& path);
    // The same without SQLite's quick_check of every page (seconds on a large project): for the
    // GUI thread, when a worker opens the same file with open() right after and reports damage.
    static Result<std::unique_ptr<ProjectStore>> openUnchecked(const QString& path);

    const QString& path() const { return path_; }
    int schemaVersion() const;

    // --- transactions ---------------------------------------------------------------------
    // RAII: rolls back unless commit() succeeded. Nesting is not supported (SQLite has none).
    class Transaction {
    public:
        explicit Transaction(ProjectStore& store);
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        const Status& status() const { return status_; }
        Status commit();

    private:
        ProjectStore& store_;
        Status status_;
        bool open_ = false;
    };

    // RAII savepoint inside an open Transaction: a part of the work that can fail on its own
    // (one imported file) rolls back to here without losing the rest. Rolls back unless
    // release() succeeded.
    class Savepoint {
    public:
        Savepoint(ProjectStore& store, const QString& name);
        ~Savepoint();
        Savepoint(const Savepoint&) = delete;
        Savepoint& operator=(const Savepoint&) = delete;
        const Status& status() const { return status_; }
        Status release();
        Status rollback();  // back to the savepoint now; release() is then a no-op

    private:
        ProjectStore& store_;
        QString name_;
        Status status_;
        bool open_ = false;
    };

    // --- catalog --------------------------------------------------------------------------
    // Inserts assign ids into the records. Call them inside a Transaction for speed and safety.
    Status addUser(User& user);
    Status addArtist(Artist& artist);
    Status addTrack(Track& track);
    // Adds a listen unless the same (user, track, endedAt) exists; `added` says which happened.
    Status addListen(const Listen& listen, bool* added = nullptr);
    // Bulk form for imports: adds those of `count` listens that are not there yet and counts them
    // in `added`. Several rows per statement; sorted input (by user, track, end) is fastest.
    Status addListens(const Listen* listens, qsizetype count, qint64* added);
    Status addFile(AudioFile& file);
    // The import (core/store/ImportRecords) that the listens, play counts and user sources
    // written from now on on this connection belong to; 0, the default, is "earlier imports".
    void setImportId(Id id) { importId_ = id; }
    Id importId() const { return importId_; }

    // --- import support (entity resolution, merges, overlapping exports) -------------------
    // Lets this connection keep up to `megabytes` of changed pages in memory. SQLite's default
    // (2 MB) makes a large transaction spill pages to the file mid-way, and each spill syncs the
    // journal: a bulk import of a million listens became I/O-bound. Memory is used only as
    // needed and returned when the connection closes.
    Status reserveWriteCache(int megabytes);
    static constexpr int kDefaultCacheMegabytes = 2;  // SQLite's default, to return to
    // A bulk load into a project that holds few listens: drops the secondary indexes an import
    // never reads (listens_by_track, tracks_by_artist) and returns the statements that build
    // them again. Maintained row by row, each of them costs a random b-tree descent per insert;
    // built once at the end (rebuildIndexes(), same transaction, before commit) they are a sort.
    // Call inside a Transaction: a rollback brings them back with everything else.
    Result<QStringList> dropBulkIndexes();
    Status rebuildIndexes(const QStringList& createStatements);
    // Foreign-key enforcement on this connection, on by default; SQLite ignores a change inside
    // a transaction. The importer turns it off around its one transaction: every id it writes
    // is one the store gave it in that transaction, and checking each listen's user and track
    // rows cost a b-tree descent per parent per listen.
    Status setForeignKeys(bool on);
    // Whether the project holds fewer than `limit` listens (reads at most `limit` keys).
    Result<bool> hasFewerListensThan(qint64 limit);
    // Marks one user as "me" (the person the weekly playlist is for) and clears the others.
    Status setMe(Id userId);
    // Fills the artist's MusicBrainz ID when the store does not know it yet.
    Status fillArtistMbid(Id artistId, const QString& mbid);
    // Fills album, mbid, spotifyUri and durationMs of track.id where the store has them empty.
    Status fillTrackDetails(const Track& track);
    // Records that `merge.sourceName` now resolves to `merge.keptId`; a repeat is ignored.
    Status addMerge(Merge& merge, bool* added = nullptr);
    std::vector<Merge> merges() const;
    // Whether `userId` has a listen of `trackId` ending in [from, to] (inclusive) on a second
    // that is not a full minute: a play recorded to the second, which an export that writes
    // whole minutes may repeat.
    Result<bool> hasSecondPrecisionListen(Id userId, Id trackId, qint64 from, qint64 to);
    // Whether `userId` has any listen recorded to the second (not on a full minute).
    Result<bool> hasSecondPrecisionListens(Id userId);
    // Streams one user's listens ordered by endedAt; return false from `visit` to stop.
    Status forEachListenOf(Id userId, const std::function<bool(const Listen&)>& visit) const;
    // Counts `listens` more listens of `userId` from export `format` ("spotify-account", …).
    Status addUserSource(Id userId, const QString& format, qint64 listens);
    QStringList userSources(Id userId) const;

    // --- play counts without timestamps (research data sets) -------------------------------
    // Writes (user, track, plays) rows. A stored count of the same (user, track) is replaced, so
    // re-importing a data set changes nothing; with `accumulate` it is added to instead (a user
    // whose rows are split within one file). Batched like addListens().
    Status addPlayCounts(const PlayCount* counts, qsizetype n, bool accumulate);
    // Streams play counts ordered by (user, track); return false from `visit` to stop.
    Status forEachPlayCount(const std::function<bool(const PlayCount&)>& visit) const;
    // Records that `trackId` stands for `artistId` as a whole (an artist-level play count).
    Status markWholeArtistTrack(Id trackId, Id artistId);
    std::vector<Id> wholeArtistTracks() const;

    CatalogCounts counts() const;
    std::vector<User> users() const;
    std::vector<Artist> artists() const;
    std::vector<Track> tracks() const;
    std::optional<Track> track(Id id) const;  // one track by id (a primary-key lookup)
    std::vector<AudioFile> files() const;
    // Streams listens ordered by (endedAt, user, track); return false from `visit` to stop.
    Status forEachListen(const std::function<bool(const Listen&)>& visit) const;
    std::vector<TrackSummary> trackSummaries() const;

    Status writeGroundTruth(const GroundTruth& truth);
    GroundTruth groundTruth() const;  // empty for projects that are not demo worlds

    // --- results and settings -------------------------------------------------------------
    Status putResult(const StoredResult& result);  // replaces any result with the same kind/key
    std::optional<StoredResult> result(const QString& kind, const QString& key) const;
    std::optional<QByteArray> resultFingerprint(const QString& kind, const QString& key) const;
    // The meta of a stored result without reading its (possibly large) data.
    std::optional<QJsonObject> resultMeta(const QString& kind, const QString& key) const;
    Status removeResults(const QString& kind);

    QString setting(const QString& key, const QString& fallback = {}) const;
    Status setSetting(const QString& key, const QString& value);

    QSqlDatabase& database() { return db_; }
    const QSqlDatabase& database() const { return db_; }

private:
    ProjectStore(QString path, QSqlDatabase db, QString connectionName);
    static Result<std::unique_ptr<ProjectStore>> openConnection(const QString& path);
    static Result<std::unique_ptr<ProjectStore>> openChecked(const QString& path, bool quickCheck);
    Status createSchema();
    Status checkSchema(bool quickCheck = true) const;
    Status upgradeSchema();  // runs the schema steps this file has not had yet
    Status exec(const QString& sql);
    QSqlQuery& prepared(const char* sql);  // prepared once per connection, reused for bulk writes
    // The connection's sqlite3 handle (Qt's QSQLITE driver over the system SQLite), for the
    // bulk writes: a QSqlQuery::bindValue costs ~1 us (it formats a placeholder name and looks
    // it up), more than SQLite's insert. Null if the driver is not SQLite's.
    sqlite3* sqlite();
    sqlite3_stmt* rawPrepared(const char* sql);  // null (with rawError()) when it cannot be
    Status rawError(const QString& what);

    QString path_;
    QSqlDatabase db_;
    QString connectionName_;
    std::map<const char*, QSqlQuery> statements_;
    std::map<const char*, sqlite3_stmt*> rawStatements_;
    sqlite3* sqlite_ = nullptr;
    bool sqliteAsked_ = false;
    int jsonInserts_ = -1;
    Id importId_ = 0;  // addListens(): whether this SQLite has json_each (-1: not asked)
};

}  // namespace tl
