#include "store/ProjectStore.h"

#include <sqlite3.h>
#include <QAtomicInteger>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <charconv>

#include "catalog/TrackLength.h"
#include "store/Schema.h"
#include "store/SqlStatus.h"

namespace tl {
namespace {

// 'TSLB' in SQLite's application_id header field: lets `file` and Tastelab tell its projects
// from any other SQLite database without reading a table.
constexpr qint32 kApplicationIdValue = 0x54534C42;

// Why the system will not let a file grow, or an empty string if it will. SQLite reduces a
// failed write to "disk I/O error" or "database or disk is full"; a probe write asks the system.
QString writeProblem(const QString& path) {
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return probe.errorString();
    const QByteArray block(64 * 1024, '\0');
    for (qint64 written = 0; written < block.size();) {
        // A short write says nothing; the next one fails with the system's reason.
        const qint64 n = probe.write(block.constData() + written, block.size() - written);
        if (n <= 0) return probe.errorString();
        written += n;
    }
    return {};
}

QString nextConnectionName() {
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("tastelab-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

}  // namespace

ProjectStore::ProjectStore(QString path, QSqlDatabase db, QString connectionName)
    : path_(std::move(path)), db_(std::move(db)), connectionName_(std::move(connectionName)) {}

ProjectStore::~ProjectStore() {
    for (const auto& [sql, statement] : rawStatements_) sqlite3_finalize(statement);
    rawStatements_.clear();
    statements_.clear();  // queries must go before their connection
    db_.close();
    db_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName_);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::openConnection(const QString& path) {
    const QString name = nextConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open()) {
        const QString message = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Status::error(QStringLiteral("%1: cannot open: %2").arg(path, message));
    }
    auto store = std::unique_ptr<ProjectStore>(new ProjectStore(path, db, name));
    db = QSqlDatabase();  // the store's handle must be the last, or removeDatabase() complains
    // A busy timeout lets a GUI reader and a worker writer share the file without spurious
    // "database is locked" errors; FULL sync is what makes a killed process safe.
    QString failure;
    for (const char* pragma :
         {"PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"}) {
        QSqlQuery q(store->db_);
        if (!q.exec(QString::fromLatin1(pragma))) {
            failure = q.lastError().text();
            break;
        }
    }
    if (!failure.isEmpty())  // the first statement on a file that is not SQLite fails here
        return Status::error(
            QStringLiteral("%1: not a Tastelab project (not a readable SQLite database: %2)")
                .arg(path, failure));
    return store;
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::create(const QString& path) {
    const QFileInfo info(path);
    if (info.exists())
        return Status::error(QStringLiteral("%1: a file with this name already exists").arg(path));
    const QString cannot = QStringLiteral("%1: cannot create the project: ").arg(path);
    const QFileInfo folder(info.absolutePath());
    if (!folder.exists())
        return Status::error(cannot +
                             QStringLiteral("the folder %1 does not exist").arg(folder.filePath()));
    if (!folder.isDir())
        return Status::error(cannot + QStringLiteral("%1 is not a folder").arg(folder.filePath()));
    {
        // Made here first, so that a folder Tastelab may not write to, a read-only or full disk
        // or a name too long is reported in the system's words: SQLite says only "unable to open
        // database file". SQLite takes an empty file as a new database.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return Status::error(cannot + file.errorString());
    }
    auto opened = openConnection(path);
    if (!opened) {
        QFile::remove(path);
        return opened.status();
    }
    auto store = std::move(opened).value();
    if (Status s = store->createSchema(); !s.isOk()) {
        store.reset();
        const QString why = writeProblem(path);  // most often: the disk is full
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-journal"));  // left when the rollback failed too
        return Status::error(cannot + (why.isEmpty()
                                           ? s.message()
                                           : QStringLiteral("%1 (%2)").arg(why, s.message())));
    }
    return store;
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::open(const QString& path) {
    return openChecked(path, true);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::openUnchecked(const QString& path) {
    return openChecked(path, false);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::openChecked(const QString& path,
                                                                bool quickCheck) {
    const QFileInfo info(path);
    if (!info.exists()) return Status::error(QStringLiteral("%1: no such file").arg(path));
    if (!info.isFile()) return Status::error(QStringLiteral("%1: not a file").arg(path));
    // SQLite would take an empty file for an empty database, and then for one of another program.
    if (info.size() == 0)
        return Status::error(
            QStringLiteral("%1: the file is empty (0 bytes) and is not a Tastelab project")
                .arg(path));
    auto opened = openConnection(path);
    if (!opened) return opened.status();
    auto store = std::move(opened).value();
    if (Status s = store->checkSchema(quickCheck); !s.isOk()) return s.withContext(path);
    if (Status s = store->upgradeSchema(); !s.isOk()) return s.withContext(path);
    return store;
}

Status ProjectStore::upgradeSchema() {
    const int from = schemaVersion();
    if (from >= kSchemaVersion) return Status::ok();
    Transaction tx(*this);
    if (!tx.status().isOk()) return tx.status();
    const std::vector<QStringList> steps = schema::upgradeSteps();
    for (int version = from; version < kSchemaVersion; ++version)
        for (const QString& sql : steps[static_cast<size_t>(version - 1)])
            if (Status s = exec(sql); !s.isOk())
                return s.withContext(
                    QStringLiteral("upgrading the project from schema %1").arg(from));
    if (Status s = exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)); !s.isOk())
        return s;
    return tx.commit();
}

Status ProjectStore::exec(const QString& sql) {
    QSqlQuery q(db_);
    if (!q.exec(sql)) return queryError(q, sql.left(60));
    return Status::ok();
}

Status ProjectStore::createSchema() {
    Transaction tx(*this);
    if (!tx.status().isOk()) return tx.status();
    for (const QString& sql : schema::createStatementsV1())
        if (Status s = exec(sql); !s.isOk()) return s;
    for (const QStringList& step : schema::upgradeSteps())
        for (const QString& sql : step)
            if (Status s = exec(sql); !s.isOk()) return s;
    if (Status s = exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationIdValue));
        !s.isOk())
        return s;
    if (Status s = exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)); !s.isOk())
        return s;
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"));
    const std::pair<QString, QString> meta[] = {
        {QStringLiteral("application"), QString::fromLatin1(kApplicationId)},
        {QStringLiteral("created_by"), QStringLiteral("Tastelab " TASTELAB_VERSION)},
        {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
    };
    for (const auto& [key, value] : meta) {
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec()) return queryError(q, QStringLiteral("writing project metadata"));
    }
    return tx.commit();
}

Status ProjectStore::checkSchema(bool quickCheck) const {
    QSqlQuery q(db_);
    // The first read of a file that is not SQLite fails here with "file is not a database".
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
        return Status::error(QStringLiteral("not a Tastelab project (not a readable SQLite "
                                            "database: %1)")
                                 .arg(q.lastError().text()));
    const qint32 appId = q.value(0).toInt();
    QSqlQuery v(db_);
    if (!v.exec(QStringLiteral("PRAGMA user_version")) || !v.next())
        return queryError(v, QStringLiteral("reading the schema version"));
    const int version = v.value(0).toInt();
    if (appId != kApplicationIdValue)
        return Status::error(
            QStringLiteral("not a Tastelab project (an SQLite database written "
                           "by another program)"));
    if (version > kSchemaVersion)
        return Status::error(QStringLiteral("written by a newer Tastelab (project schema %1; this "
                                            "version reads up to schema %2). Update Tastelab to "
                                            "open it.")
                                 .arg(version)
                                 .arg(kSchemaVersion));
    if (version < 1)
        return Status::error(QStringLiteral("project schema version %1 is not valid").arg(version));
    if (!quickCheck) return Status::ok();
    QSqlQuery check(db_);
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next())
        return queryError(check, QStringLiteral("checking the database"));
    if (check.value(0).toString() != QLatin1String("ok"))
        return Status::error(
            QStringLiteral("the database is damaged: %1").arg(check.value(0).toString()));
    return Status::ok();
}

int ProjectStore::schemaVersion() const {
    QSqlQuery v(db_);
    if (!v.exec(QStringLiteral("PRAGMA user_version")) || !v.next()) return 0;
    return v.value(0).toInt();
}

// --- transactions ------------------------------------------------------------------------------

ProjectStore::Transaction::Transaction(ProjectStore& store) : store_(store) {
    if (store_.db_.transaction())
        open_ = true;
    else
        status_ = Status::error(
            QStringLiteral("cannot start a transaction: %1").arg(store_.db_.lastError().text()));
}

ProjectStore::Transaction::~Transaction() {
    if (open_) store_.db_.rollback();
}

Status ProjectStore::Transaction::commit() {
    if (!open_)
        return status_.isOk() ? Status::error(QStringLiteral("no open transaction")) : status_;
    open_ = false;
    if (!store_.db_.commit()) {
        status_ =
            Status::error(QStringLiteral("commit failed: %1").arg(store_.db_.lastError().text()));
        store_.db_.rollback();
    }
    return status_;
}

ProjectStore::Savepoint::Savepoint(ProjectStore& store, const QString& name)
    : store_(store), name_(QStringLiteral("\"%1\"").arg(QString(name).remove(QLatin1Char('"')))) {
    status_ = store_.exec(QStringLiteral("SAVEPOINT ") + name_);
    open_ = status_.isOk();
}

ProjectStore::Savepoint::~Savepoint() {
    if (open_) rollback();
}

Status ProjectStore::Savepoint::release() {
    if (!open_) return status_;
    open_ = false;
    status_ = store_.exec(QStringLiteral("RELEASE ") + name_);
    return status_;
}

Status ProjectStore::Savepoint::rollback() {
    if (!open_) return status_;
    open_ = false;
    // ROLLBACK TO keeps the savepoint on SQLite's stack; RELEASE pops it.
    Status s = store_.exec(QStringLiteral("ROLLBACK TO ") + name_);
    if (s.isOk()) s = store_.exec(QStringLiteral("RELEASE ") + name_);
    return s;
}

// --- catalog writes ----------------------------------------------------------------------------

QSqlQuery& ProjectStore::prepared(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        it = statements_.emplace(sql, QSqlQuery(db_)).first;
        it->second.prepare(QString::fromLatin1(sql));
    }
    return it->second;
}

sqlite3* ProjectStore::sqlite() {
    if (!sqliteAsked_) {
        sqliteAsked_ = true;
        const QVariant handle = db_.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            sqlite_ = *static_cast<sqlite3* const*>(handle.constData());
    }
    return sqlite_;
}

sqlite3_stmt* ProjectStore::rawPrepared(const char* sql) {
    if (const auto it = rawStatements_.find(sql); it != rawStatements_.end()) return it->second;
    sqlite3* db = sqlite();
    if (!db) return nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK) {
        sqlite3_finalize(statement);
        return nullptr;
    }
    rawStatements_.emplace(sql, statement);
    return statement;
}

Status ProjectStore::rawError(const QString& what) {
    return Status::error(QStringLiteral("%1 failed: %2")
                             .arg(what, sqlite_ ? QString::fromUtf8(sqlite3_errmsg(sqlite_))
                                                : QStringLiteral("no SQLite connection")));
}

namespace {

// Binds text without copying it: SQLite converts UTF-16 to the database's UTF-8 as it stores.
// A null QString binds as '' (the catalog's "unknown"), never as NULL.
int bindText(sqlite3_stmt* statement, int index, const QString& text) {
    return sqlite3_bind_text16(statement, index, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
}

// Steps a bound INSERT/UPDATE once and resets it (a statement left mid-way would keep the
// transaction from committing).
bool stepOnce(sqlite3_stmt* statement) {
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    return rc == SQLITE_DONE;
}

}  // namespace

Status ProjectStore::addUser(User& user) {
    QSqlQuery& q = prepared("INSERT INTO users(name, is_me) VALUES (?, ?)");
    q.bindValue(0, sqlText(user.name));
    q.bindValue(1, user.isMe ? 1 : 0);
    if (!q.exec()) return queryError(q, QStringLiteral("adding user '%1'").arg(user.name));
    user.id = q.lastInsertId().toLongLong();
    return Status::ok();
}

Status ProjectStore::addArtist(Artist& artist) {
    if (sqlite3_stmt* raw = rawPrepared("INSERT INTO artists(name, mbid) VALUES (?, ?)")) {
        bindText(raw, 1, artist.name);
        bindText(raw, 2, artist.mbid);
        if (!stepOnce(raw)) return rawError(QStringLiteral("adding artist '%1'").arg(artist.name));
        artist.id = sqlite3_last_insert_rowid(sqlite_);
        return Status::ok();
    }
    QSqlQuery& q = prepared("INSERT INTO artists(name, mbid) VALUES (?, ?)");
    q.bindValue(0, sqlText(artist.name));
    q.bindValue(1, sqlText(artist.mbid));
    if (!q.exec()) return queryError(q, QStringLiteral("adding artist '%1'").arg(artist.name));
    artist.id = q.lastInsertId().toLongLong();
    return Status::ok();
}

Status ProjectStore::addTrack(Track& track) {
    if (sqlite3_stmt* raw = rawPrepared(
            "INSERT INTO tracks(artist_id, title, album, mbid, spotify_uri, duration_ms) "
            "VALUES (?, ?, ?, ?, ?, ?)")) {
        sqlite3_bind_int64(raw, 1, track.artistId);
        bindText(raw, 2, track.title);
        bindText(raw, 3, track.album);
        bindText(raw, 4, track.mbid);
        bindText(raw, 5, track.spotifyUri);
        sqlite3_bind_int64(raw, 6, track.durationMs);
        if (!stepOnce(raw)) return rawError(QStringLiteral("adding track '%1'").arg(track.title));
        track.id = sqlite3_last_insert_rowid(sqlite_);
        return Status::ok();
    }
    QSqlQuery& q = prepared(
        "INSERT INTO tracks(artist_id, title, album, mbid, spotify_uri, duration_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bindValue(0, track.artistId);
    q.bindValue(1, sqlText(track.title));
    q.bindValue(2, sqlText(track.album));
    q.bindValue(3, sqlText(track.mbid));
    q.bindValue(4, sqlText(track.spotifyUri));
    q.bindValue(5, track.durationMs);
    if (!q.exec()) return queryError(q, QStringLiteral("adding track '%1'").arg(track.title));
    track.id = q.lastInsertId().toLongLong();
    return Status::ok();
}

Status ProjectStore::addListen(const Listen& listen, bool* added) {
    QSqlQuery& q = prepared(
        "INSERT OR IGNORE INTO listens(user_id, track_id, ended_at, ms_played, skipped, "
        "import_id) VALUES (?, ?, ?, ?, ?, ?)");
    q.bindValue(0, listen.userId);
    q.bindValue(1, listen.trackId);
    q.bindValue(2, listen.endedAt);
    q.bindValue(3, listen.msPlayed);
    q.bindValue(4, listen.skipped ? 1 : 0);
    q.bindValue(5, importId_);
    if (!q.exec()) return queryError(q, QStringLiteral("adding a listen"));
    if (added) *added = q.numRowsAffected() > 0;
    return Status::ok();
}

Status ProjectStore::addListens(const Listen* listens, qsizetype count, qint64* added) {
    // One prepared statement stepped per listen, bound through SQLite's own API (no JSON text
    // to build and take apart, no QVariant): in key order each insert lands next to the last.
    if (sqlite3_stmt* raw = rawPrepared(
            "INSERT OR IGNORE INTO listens(user_id, track_id, ended_at, ms_played, skipped, "
            "import_id) VALUES (?, ?, ?, ?, ?, ?)")) {
        sqlite3_bind_int64(raw, 6, importId_);
        qint64 n = 0;
        for (qsizetype i = 0; i < count; ++i) {
            const Listen& l = listens[i];
            sqlite3_bind_int64(raw, 1, l.userId);
            sqlite3_bind_int64(raw, 2, l.trackId);
            sqlite3_bind_int64(raw, 3, l.endedAt);
            sqlite3_bind_int64(raw, 4, l.msPlayed);
            sqlite3_bind_int64(raw, 5, l.skipped ? 1 : 0);
            if (!stepOnce(raw)) return rawError(QStringLiteral("adding listens"));
            n += sqlite3_changes(sqlite_);
        }
        if (added) *added += n;
        return Status::ok();
    }
    // Without the sqlite3 handle:
    // Qt 6's bindValue() formats a placeholder name and does a hash lookup per value, which cost
    // more than SQLite's insert itself; and SQL text with the rows as literals spends as long in
    // SQLite's parser. So a batch travels as one bound JSON text, [[user,track,end,ms,skip],…],
    // that SQLite's json_each expands into rows: one prepared statement, one bind per 4096
    // listens. SQLite before 3.38 may lack JSON; then the rows go as literals (integers only,
    // formatted here, so nothing can inject SQL).
    const auto put = [](QByteArray& text, qint64 v) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
        text.append(digits, end - digits);
    };
    const auto appendRow = [&](QByteArray& text, const Listen& l, char open, char close) {
        text += open;
        put(text, l.userId);
        text += ',';
        put(text, l.trackId);
        text += ',';
        put(text, l.endedAt);
        text += ',';
        put(text, l.msPlayed);
        text += l.skipped ? ",1" : ",0";
        if (close == ')') {  // literal rows carry the import; JSON batches bind it once
            text += ',';
            put(text, importId_);
        }
        text += close;
    };
    constexpr qsizetype kJsonRows = 4096;
    QSqlQuery& json = prepared(
        "INSERT OR IGNORE INTO listens(user_id, track_id, ended_at, ms_played, skipped, "
        "import_id) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), "
        "?1 FROM json_each(?2)");
    if (jsonInserts_ < 0) jsonInserts_ = json.lastError().type() == QSqlError::NoError ? 1 : 0;
    const bool haveJson = jsonInserts_ == 1;
    const qsizetype rowsPerStatement = haveJson ? kJsonRows : 256;
    QSqlQuery literal(db_);
    QByteArray text;
    for (qsizetype i = 0; i < count; i += rowsPerStatement) {
        const qsizetype end = std::min(count, i + rowsPerStatement);
        text = haveJson ? QByteArray("[")
                        : QByteArray(
                              "INSERT OR IGNORE INTO listens(user_id, track_id, ended_at, "
                              "ms_played, skipped, import_id) VALUES ");
        for (qsizetype r = i; r < end; ++r) {
            if (r > i) text += ',';
            appendRow(text, listens[r], haveJson ? '[' : '(', haveJson ? ']' : ')');
        }
        QSqlQuery& q = haveJson ? json : literal;
        bool ok = false;
        if (haveJson) {
            text += ']';
            json.bindValue(0, importId_);
            json.bindValue(1, QString::fromLatin1(text));
            ok = json.exec();
        } else {
            ok = literal.exec(QString::fromLatin1(text));
        }
        if (!ok) return queryError(q, QStringLiteral("adding listens"));
        if (added) *added += q.numRowsAffected();
    }
    return Status::ok();
}

Status ProjectStore::addFile(AudioFile& file) {
    QSqlQuery& q = prepared(
        "INSERT INTO files(track_id, path, size, mtime, sample_rate, channels, duration_ms, "
        "format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bindValue(0, file.trackId ? QVariant(file.trackId) : QVariant());
    q.bindValue(1, sqlText(file.path));
    q.bindValue(2, file.size);
    q.bindValue(3, file.mtime);
    q.bindValue(4, file.sampleRate);
    q.bindValue(5, file.channels);
    q.bindValue(6, file.durationMs);
    q.bindValue(7, sqlText(file.format));
    if (!q.exec()) return queryError(q, QStringLiteral("adding file '%1'").arg(file.path));
    file.id = q.lastInsertId().toLongLong();
    return Status::ok();
}

// --- import support ----------------------------------------------------------------------------

Status ProjectStore::reserveWriteCache(int megabytes) {
    return exec(QStringLiteral("PRAGMA cache_size = -%1").arg(qint64(megabytes) * 1024));
}

Status ProjectStore::setForeignKeys(bool on) {
    return exec(on ? QStringLiteral("PRAGMA foreign_keys = ON")
                   : QStringLiteral("PRAGMA foreign_keys = OFF"));
}

Result<bool> ProjectStore::hasFewerListensThan(qint64 limit) {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM listens LIMIT ?)"));
    q.addBindValue(limit);
    if (!q.exec() || !q.next()) return queryError(q, QStringLiteral("counting listens"));
    const bool fewer = q.value(0).toLongLong() < limit;
    q.finish();
    return fewer;
}

Result<QStringList> ProjectStore::dropBulkIndexes() {
    // The statements are read back from the schema, so the rebuilt indexes are exactly the ones
    // dropped (same name, same definition) whatever schema version made them.
    QStringList create, names;
    {
        QSqlQuery q(db_);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                   "name IN ('listens_by_track', 'tracks_by_artist') AND sql IS "
                                   "NOT NULL ORDER BY name")))
            return queryError(q, QStringLiteral("reading the indexes"));
        while (q.next()) {
            names << q.value(0).toString();
            create << q.value(1).toString();
        }
    }
    for (const QString& name : names)
        if (Status s = exec(QStringLiteral("DROP INDEX \"%1\"").arg(name)); !s.isOk()) return s;
    return create;
}

Status ProjectStore::rebuildIndexes(const QStringList& createStatements) {
    for (const QString& sql : createStatements)
        if (Status s = exec(sql); !s.isOk()) return s;
    return Status::ok();
}

Status ProjectStore::setMe(Id userId) {
    QSqlQuery& q = prepared("UPDATE users SET is_me = (id = ?)");
    q.bindValue(0, userId);
    if (!q.exec()) return queryError(q, QStringLiteral("marking user %1 as me").arg(userId));
    return Status::ok();
}

Status ProjectStore::fillArtistMbid(Id artistId, const QString& mbid) {
    QSqlQuery& q = prepared("UPDATE artists SET mbid = ? WHERE id = ? AND mbid = ''");
    q.bindValue(0, sqlText(mbid));
    q.bindValue(1, artistId);
    if (!q.exec()) return queryError(q, QStringLiteral("updating artist %1").arg(artistId));
    return Status::ok();
}

Status ProjectStore::fillTrackDetails(const Track& track) {
    QSqlQuery& q = prepared(
        "UPDATE tracks SET album = CASE WHEN album = '' THEN ? ELSE album END, "
        "mbid = CASE WHEN mbid = '' THEN ? ELSE mbid END, "
        "spotify_uri = CASE WHEN spotify_uri = '' THEN ? ELSE spotify_uri END, "
        "duration_ms = CASE WHEN duration_ms = 0 THEN ? ELSE duration_ms END WHERE id = ?");
    q.bindValue(0, sqlText(track.album));
    q.bindValue(1, sqlText(track.mbid));
    q.bindValue(2, sqlText(track.spotifyUri));
    q.bindValue(3, track.durationMs);
    q.bindValue(4, track.id);
    if (!q.exec()) return queryError(q, QStringLiteral("updating track %1").arg(track.id));
    return Status::ok();
}

Status ProjectStore::addMerge(Merge& merge, bool* added) {
    QSqlQuery& q = prepared(
        "INSERT OR IGNORE INTO merges(kind, kept_id, source_name, rule) VALUES (?, ?, ?, ?)");
    q.bindValue(0, sqlText(merge.kind));
    q.bindValue(1, merge.keptId);
    q.bindValue(2, sqlText(merge.sourceName));
    q.bindValue(3, sqlText(merge.rule));
    if (!q.exec()) return queryError(q, QStringLiteral("recording a merge"));
    const bool inserted = q.numRowsAffected() > 0;
    if (inserted) merge.id = q.lastInsertId().toLongLong();
    if (added) *added = inserted;
    return Status::ok();
}

std::vector<Merge> ProjectStore::merges() const {
    std::vector<Merge> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, kind, kept_id, source_name, rule FROM merges ORDER BY id"));
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                       q.value(3).toString(), q.value(4).toString()});
    return out;
}

Result<bool> ProjectStore::hasSecondPrecisionListen(Id userId, Id trackId, qint64 from, qint64 to) {
    QSqlQuery& q = prepared(
        "SELECT 1 FROM listens WHERE user_id = ? AND track_id = ? AND ended_at BETWEEN ? AND ? "
        "AND ended_at % 60 != 0 LIMIT 1");
    q.bindValue(0, userId);
    q.bindValue(1, trackId);
    q.bindValue(2, from);
    q.bindValue(3, to);
    if (!q.exec()) return queryError(q, QStringLiteral("looking up a listen"));
    const bool found = q.next();
    q.finish();  // an unfinished SELECT would block the transaction's COMMIT
    return found;
}

Result<bool> ProjectStore::hasSecondPrecisionListens(Id userId) {
    QSqlQuery& q =
        prepared("SELECT EXISTS (SELECT 1 FROM listens WHERE user_id = ? AND ended_at % 60 != 0)");
    q.bindValue(0, userId);
    if (!q.exec() || !q.next()) return queryError(q, QStringLiteral("looking up listens"));
    const bool found = q.value(0).toBool();
    q.finish();
    return found;
}

Status ProjectStore::forEachListenOf(Id userId,
                                     const std::function<bool(const Listen&)>& visit) const {
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT track_id, ended_at, ms_played, skipped FROM listens "
                       "WHERE user_id = ? ORDER BY ended_at"));
    q.addBindValue(userId);
    if (!q.exec()) return queryError(q, QStringLiteral("reading listens of user %1").arg(userId));
    while (q.next()) {
        const Listen l{userId, q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt(),
                       q.value(3).toBool()};
        if (!visit(l)) break;
    }
    return Status::ok();
}

Status ProjectStore::addUserSource(Id userId, const QString& format, qint64 listens) {
    QSqlQuery& q = prepared(
        "INSERT INTO user_sources(user_id, format, listens) VALUES (?, ?, ?) "
        "ON CONFLICT(user_id, format) DO UPDATE SET listens = listens + excluded.listens");
    q.bindValue(0, userId);
    q.bindValue(1, sqlText(format));
    q.bindValue(2, listens);
    if (!q.exec())
        return queryError(q, QStringLiteral("recording the source of user %1").arg(userId));
    // The same count per import, so deleting the import can take its share back.
    QSqlQuery& share = prepared(
        "INSERT INTO import_user_sources(import_id, user_id, format, listens) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(import_id, user_id, format) DO UPDATE SET listens = listens + "
        "excluded.listens");
    share.bindValue(0, importId_);
    share.bindValue(1, userId);
    share.bindValue(2, sqlText(format));
    share.bindValue(3, listens);
    if (!share.exec())
        return queryError(share, QStringLiteral("recording the source of user %1").arg(userId));
    return Status::ok();
}

QStringList ProjectStore::userSources(Id userId) const {
    QStringList out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT format FROM user_sources WHERE user_id = ? ORDER BY format"));
    q.addBindValue(userId);
    if (q.exec())
        while (q.next()) out << q.value(0).toString();
    return out;
}

// --- catalog reads -----------------------------------------------------------------------------

CatalogCounts ProjectStore::counts() const {
    CatalogCounts c;
    QSqlQuery q(db_);
    if (q.exec(
            QStringLiteral("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM artists), "
                           "(SELECT count(*) FROM tracks), (SELECT count(*) FROM listens), "
                           "(SELECT count(*) FROM files), (SELECT count(*) FROM play_counts)")) &&
        q.next()) {
        c.users = q.value(0).toLongLong();
        c.artists = q.value(1).toLongLong();
        c.tracks = q.value(2).toLongLong();
        c.listens = q.value(3).toLongLong();
        c.files = q.value(4).toLongLong();
        c.playCounts = q.value(5).toLongLong();
    }
    return c;
}

Status ProjectStore::addPlayCounts(const PlayCount* counts, qsizetype n, bool accumulate) {
    // One bound JSON text per batch, expanded by json_each: see addListens() for why. Counts
    // are integers formatted here, so the literal fallback cannot inject SQL either.
    constexpr qsizetype kRows = 4096;
    // A replaced count belongs to the import that replaced it (what deleting that import takes
    // away); an accumulated one stays with the import that first wrote it.
    QSqlQuery& replace = prepared(
        "INSERT INTO play_counts(user_id, track_id, plays, import_id) SELECT "
        "json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
        "?1 FROM json_each(?2) WHERE 1 ON CONFLICT(user_id, track_id) DO UPDATE SET plays = "
        "excluded.plays, import_id = excluded.import_id");
    QSqlQuery& add = prepared(
        "INSERT INTO play_counts(user_id, track_id, plays, import_id) SELECT "
        "json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
        "?1 FROM json_each(?2) WHERE 1 ON CONFLICT(user_id, track_id) DO UPDATE SET plays = "
        "plays + excluded.plays");
    const bool haveJson = replace.lastError().type() == QSqlError::NoError;
    const qsizetype perStatement = haveJson ? kRows : 256;
    QSqlQuery literal(db_);
    QByteArray text;
    for (qsizetype i = 0; i < n; i += perStatement) {
        const qsizetype end = std::min(n, i + perStatement);
        text = haveJson ? QByteArray("[")
                        : QByteArray(
                              "INSERT INTO play_counts(user_id, track_id, plays, import_id) "
                              "VALUES ");
        for (qsizetype r = i; r < end; ++r) {
            if (r > i) text += ',';
            text += haveJson ? '[' : '(';
            text += QByteArray::number(counts[r].userId) + ',' +
                    QByteArray::number(counts[r].trackId) + ',' +
                    QByteArray::number(counts[r].plays);
            if (!haveJson) text += ',' + QByteArray::number(importId_);
            text += haveJson ? ']' : ')';
        }
        QSqlQuery& q = haveJson ? (accumulate ? add : replace) : literal;
        bool ok = false;
        if (haveJson) {
            text += ']';
            q.bindValue(0, importId_);
            q.bindValue(1, QString::fromLatin1(text));
            ok = q.exec();
        } else {
            text += accumulate ? " ON CONFLICT(user_id, track_id) DO UPDATE SET plays = plays + "
                                 "excluded.plays"
                               : " ON CONFLICT(user_id, track_id) DO UPDATE SET plays = "
                                 "excluded.plays, import_id = excluded.import_id";
            ok = literal.exec(QString::fromLatin1(text));
        }
        if (!ok) return queryError(q, QStringLiteral("adding play counts"));
    }
    return Status::ok();
}

Status ProjectStore::forEachPlayCount(const std::function<bool(const PlayCount&)>& visit) const {
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT user_id, track_id, plays FROM play_counts ORDER BY user_id, track_id")))
        return queryError(q, QStringLiteral("reading play counts"));
    while (q.next()) {
        const PlayCount c{q.value(0).toLongLong(), q.value(1).toLongLong(),
                          q.value(2).toLongLong()};
        if (!visit(c)) break;
    }
    return Status::ok();
}

Status ProjectStore::markWholeArtistTrack(Id trackId, Id artistId) {
    QSqlQuery& q =
        prepared("INSERT OR IGNORE INTO whole_artist_tracks(track_id, artist_id) VALUES (?, ?)");
    q.bindValue(0, trackId);
    q.bindValue(1, artistId);
    if (!q.exec()) return queryError(q, QStringLiteral("marking a whole-artist track"));
    return Status::ok();
}

std::vector<Id> ProjectStore::wholeArtistTracks() const {
    std::vector<Id> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT track_id FROM whole_artist_tracks ORDER BY track_id"));
    while (q.next()) out.push_back(q.value(0).toLongLong());
    return out;
}

std::vector<User> ProjectStore::users() const {
    std::vector<User> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, name, is_me FROM users ORDER BY id"));
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toBool()});
    return out;
}

std::vector<Artist> ProjectStore::artists() const {
    std::vector<Artist> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, name, mbid FROM artists ORDER BY id"));
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

std::vector<Track> ProjectStore::tracks() const {
    std::vector<Track> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(
        QStringLiteral("SELECT id, artist_id, title, album, mbid, spotify_uri, duration_ms "
                       "FROM tracks ORDER BY id"));
    while (q.next()) {
        Track t;
        t.id = q.value(0).toLongLong();
        t.artistId = q.value(1).toLongLong();
        t.title = q.value(2).toString();
        t.album = q.value(3).toString();
        t.mbid = q.value(4).toString();
        t.spotifyUri = q.value(5).toString();
        t.durationMs = q.value(6).toInt();
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<Track> ProjectStore::track(Id id) const {
    QSqlQuery q(db_);
    q.prepare(
        QStringLiteral("SELECT id, artist_id, title, album, mbid, spotify_uri, duration_ms "
                       "FROM tracks WHERE id = ?"));
    q.bindValue(0, id);
    if (!q.exec() || !q.next()) return std::nullopt;
    Track t;
    t.id = q.value(0).toLongLong();
    t.artistId = q.value(1).toLongLong();
    t.title = q.value(2).toString();
    t.album = q.value(3).toString();
    t.mbid = q.value(4).toString();
    t.spotifyUri = q.value(5).toString();
    t.durationMs = q.value(6).toInt();
    return t;
}

std::vector<AudioFile> ProjectStore::files() const {
    std::vector<AudioFile> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(
        QStringLiteral("SELECT id, track_id, path, size, mtime, sample_rate, channels, "
                       "duration_ms, format FROM files ORDER BY id"));
    while (q.next()) {
        AudioFile f;
        f.id = q.value(0).toLongLong();
        f.trackId = q.value(1).toLongLong();
        f.path = q.value(2).toString();
        f.size = q.value(3).toLongLong();
        f.mtime = q.value(4).toLongLong();
        f.sampleRate = q.value(5).toInt();
        f.channels = q.value(6).toInt();
        f.durationMs = q.value(7).toInt();
        f.format = q.value(8).toString();
        out.push_back(std::move(f));
    }
    return out;
}

Status ProjectStore::forEachListen(const std::function<bool(const Listen&)>& visit) const {
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT user_id, track_id, ended_at, ms_played, skipped FROM "
                               "listens ORDER BY ended_at, user_id, track_id")))
        return queryError(q, QStringLiteral("reading listens"));
    while (q.next()) {
        const Listen l{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                       q.value(3).toInt(), q.value(4).toBool()};
        if (!visit(l)) break;
    }
    return Status::ok();
}

std::vector<TrackSummary> ProjectStore::trackSummaries() const {
    std::vector<TrackSummary> out;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral(
        "SELECT t.id, a.name, t.title, t.album, coalesce(l.plays, 0), coalesce(l.listeners, 0), "
        "EXISTS (SELECT 1 FROM files f WHERE f.track_id = t.id), t.duration_ms, "
        "(SELECT f.duration_ms FROM files f WHERE f.track_id = t.id ORDER BY f.id LIMIT 1) "
        "FROM tracks t JOIN artists a ON a.id = t.artist_id "
        "LEFT JOIN (SELECT track_id, count(*) AS plays, count(DISTINCT user_id) AS listeners "
        "           FROM listens GROUP BY track_id) l ON l.track_id = t.id ORDER BY t.id"));
    while (q.next()) {
        TrackSummary s;
        s.trackId = q.value(0).toLongLong();
        s.artist = q.value(1).toString();
        s.title = q.value(2).toString();
        s.album = q.value(3).toString();
        s.plays = q.value(4).toLongLong();
        s.listeners = q.value(5).toLongLong();
        s.hasAudio = q.value(6).toBool();
        s.lengthMs = trackLengthMs(q.value(7).toInt(), q.value(8).toInt());
        out.push_back(std::move(s));
    }
    return out;
}

// --- ground truth ------------------------------------------------------------------------------

Status ProjectStore::writeGroundTruth(const GroundTruth& truth) {
    for (const char* table :
         {"truth_genres", "truth_artist_genre", "truth_track_genre", "truth_user_taste"})
        if (Status s = exec(QStringLiteral("DELETE FROM ") + QLatin1String(table)); !s.isOk())
            return s;
    QSqlQuery g(db_);
    g.prepare(QStringLiteral("INSERT INTO truth_genres(id, name) VALUES (?, ?)"));
    for (size_t i = 0; i < truth.genreNames.size(); ++i) {
        g.bindValue(0, qint64(i));
        g.bindValue(1, truth.genreNames[i]);
        if (!g.exec()) return queryError(g, QStringLiteral("writing genres"));
    }
    QSqlQuery a(db_);
    a.prepare(QStringLiteral("INSERT INTO truth_artist_genre(artist_id, genre_id) VALUES (?, ?)"));
    for (const auto& [id, genre] : truth.artistGenre) {
        a.bindValue(0, id);
        a.bindValue(1, genre);
        if (!a.exec()) return queryError(a, QStringLiteral("writing artist genres"));
    }
    QSqlQuery t(db_);
    t.prepare(QStringLiteral("INSERT INTO truth_track_genre(track_id, genre_id) VALUES (?, ?)"));
    for (const auto& [id, genre] : truth.trackGenre) {
        t.bindValue(0, id);
        t.bindValue(1, genre);
        if (!t.exec()) return queryError(t, QStringLiteral("writing track genres"));
    }
    QSqlQuery u(db_);
    u.prepare(
        QStringLiteral("INSERT INTO truth_user_taste(user_id, genre_id, weight) VALUES (?, ?, ?)"));
    for (const auto& taste : truth.userTaste) {
        for (size_t gi = 0; gi < taste.weights.size(); ++gi) {
            u.bindValue(0, taste.userId);
            u.bindValue(1, qint64(gi));
            u.bindValue(2, double(taste.weights[gi]));
            if (!u.exec()) return queryError(u, QStringLiteral("writing user tastes"));
        }
    }
    return Status::ok();
}

GroundTruth ProjectStore::groundTruth() const {
    GroundTruth truth;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, name FROM truth_genres ORDER BY id"));
    while (q.next()) truth.genreNames.push_back(q.value(1).toString());
    if (truth.genreNames.empty()) return truth;
    q.exec(QStringLiteral("SELECT artist_id, genre_id FROM truth_artist_genre ORDER BY artist_id"));
    while (q.next()) truth.artistGenre.emplace_back(q.value(0).toLongLong(), q.value(1).toInt());
    q.exec(QStringLiteral("SELECT track_id, genre_id FROM truth_track_genre ORDER BY track_id"));
    while (q.next()) truth.trackGenre.emplace_back(q.value(0).toLongLong(), q.value(1).toInt());
    q.exec(QStringLiteral(
        "SELECT user_id, genre_id, weight FROM truth_user_taste ORDER BY user_id, genre_id"));
    while (q.next()) {
        const Id user = q.value(0).toLongLong();
        if (truth.userTaste.empty() || truth.userTaste.back().userId != user)
            truth.userTaste.push_back({user, std::vector<float>(truth.genreNames.size(), 0.f)});
        const int genre = q.value(1).toInt();
        if (genre >= 0 && size_t(genre) < truth.genreNames.size())
            truth.userTaste.back().weights[size_t(genre)] = q.value(2).toFloat();
    }
    return truth;
}

// --- results and settings ----------------------------------------------------------------------

Status ProjectStore::putResult(const StoredResult& result) {
    QSqlQuery q(db_);
    q.prepare(
        QStringLiteral("INSERT OR REPLACE INTO results(kind, key, fingerprint, data, meta, "
                       "created) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(result.kind);
    q.addBindValue(result.key);
    q.addBindValue(result.fingerprint.isNull() ? QByteArray("") : result.fingerprint);
    q.addBindValue(result.data.isNull() ? QByteArray("") : result.data);
    q.addBindValue(QString::fromUtf8(QJsonDocument(result.meta).toJson(QJsonDocument::Compact)));
    const QDateTime created =
        result.created.isValid() ? result.created : QDateTime::currentDateTimeUtc();
    q.addBindValue(created.toString(Qt::ISODateWithMs));
    if (!q.exec())
        return queryError(q, QStringLiteral("storing result %1/%2").arg(result.kind, result.key));
    return Status::ok();
}

std::optional<StoredResult> ProjectStore::result(const QString& kind, const QString& key) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral(
        "SELECT fingerprint, data, meta, created FROM results WHERE kind = ? AND key = ?"));
    q.addBindValue(kind);
    q.addBindValue(key);
    if (!q.exec() || !q.next()) return std::nullopt;
    StoredResult r;
    r.kind = kind;
    r.key = key;
    r.fingerprint = q.value(0).toByteArray();
    r.data = q.value(1).toByteArray();
    r.meta = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    r.created = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs);
    return r;
}

std::optional<QByteArray> ProjectStore::resultFingerprint(const QString& kind,
                                                          const QString& key) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT fingerprint FROM results WHERE kind = ? AND key = ?"));
    q.addBindValue(kind);
    q.addBindValue(key);
    if (!q.exec() || !q.next()) return std::nullopt;
    return q.value(0).toByteArray();
}

std::optional<QJsonObject> ProjectStore::resultMeta(const QString& kind, const QString& key) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT meta FROM results WHERE kind = ? AND key = ?"));
    q.addBindValue(kind);
    q.addBindValue(key);
    if (!q.exec() || !q.next()) return std::nullopt;
    return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
}

Status ProjectStore::removeResults(const QString& kind) {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("DELETE FROM results WHERE kind = ?"));
    q.addBindValue(kind);
    if (!q.exec()) return queryError(q, QStringLiteral("removing results of %1").arg(kind));
    return Status::ok();
}

QString ProjectStore::setting(const QString& key, const QString& fallback) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec() || !q.next()) return fallback;
    return q.value(0).toString();
}

Status ProjectStore::setSetting(const QString& key, const QString& value) {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(sqlText(value));
    if (!q.exec()) return queryError(q, QStringLiteral("saving setting %1").arg(key));
    return Status::ok();
}

}  // namespace tl
