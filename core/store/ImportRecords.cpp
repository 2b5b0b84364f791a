#include "store/ImportRecords.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <map>

#include "store/ProjectStore.h"
#include "store/SqlStatus.h"

namespace tl {
namespace {

constexpr QChar kPathSeparator = QLatin1Char('\n');  // cannot occur in a file name Qt returns
constexpr QChar kFormatSeparator = QLatin1Char(',');

// Runs `sql` with every `?` bound to `id`.
Status execWithId(ProjectStore& store, const char* sql, Id id, qint64* rows = nullptr) {
    QSqlQuery q(store.database());
    q.prepare(QString::fromLatin1(sql));
    for (int i = 0, n = int(QByteArray(sql).count('?')); i < n; ++i) q.bindValue(i, id);
    if (!q.exec()) return queryError(q, QString::fromLatin1(sql).left(60));
    if (rows) *rows += q.numRowsAffected();
    return Status::ok();
}

Result<int> deletedFlag(const ProjectStore& store, Id id) {
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT deleted FROM imports WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) return queryError(q, QStringLiteral("reading imported source %1").arg(id));
    return q.next() ? q.value(0).toInt() : -1;  // -1: no record
}

// Moving a million listens touches pages all over the listens tree and its by-track index:
// with SQLite's default 2 MB cache the deletion spilled and re-read pages (6 s for 1M listens of
// 2,000 users in bench_import). Memory is used only as needed and handed back afterwards.
struct LargeWriteCache {
    explicit LargeWriteCache(ProjectStore& store) : store_(store) { store_.reserveWriteCache(256); }
    ~LargeWriteCache() { store_.reserveWriteCache(ProjectStore::kDefaultCacheMegabytes); }
    ProjectStore& store_;
};

// The (user, format) pairs the source added listens to.
constexpr const char* kSharesOfImport =
    "SELECT 1 FROM import_user_sources i WHERE i.import_id = ? AND i.user_id = "
    "user_sources.user_id AND i.format = user_sources.format";

}  // namespace

Result<Id> beginImportRecord(ProjectStore& store, const QString& label, const QStringList& paths,
                             const QString& user) {
    QSqlQuery q(store.database());
    q.prepare(
        QStringLiteral("INSERT INTO imports(label, paths, user_name, imported_at) VALUES (?, ?, "
                       "?, ?)"));
    q.addBindValue(sqlText(label));
    q.addBindValue(paths.join(kPathSeparator));
    q.addBindValue(sqlText(user));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!q.exec()) return queryError(q, QStringLiteral("recording the import"));
    const Id id = q.lastInsertId().toLongLong();
    store.setImportId(id);
    return id;
}

Status finishImportRecord(ProjectStore& store, Id id, const QStringList& formats, qint64 listens,
                          qint64 playCounts) {
    store.setImportId(kEarlierImportsId);
    if (listens + playCounts == 0) {  // its share rows can only be zeros then
        if (Status s = execWithId(store, "DELETE FROM import_user_sources WHERE import_id = ?", id);
            !s.isOk())
            return s;
        return execWithId(store, "DELETE FROM imports WHERE id = ?", id);
    }
    QSqlQuery u(store.database());
    u.prepare(
        QStringLiteral("UPDATE imports SET formats = ?, listens = ?, play_counts = ? WHERE "
                       "id = ?"));
    u.addBindValue(formats.join(kFormatSeparator));
    u.addBindValue(listens);
    u.addBindValue(playCounts);
    u.addBindValue(id);
    if (!u.exec()) return queryError(u, QStringLiteral("recording the import"));
    if (playCounts == 0) return Status::ok();
    // A replaced play count now belongs to this import: count every source's again.
    std::map<Id, qint64> owned;
    QSqlQuery c(store.database());
    c.setForwardOnly(true);
    if (!c.exec(QStringLiteral("SELECT import_id, count(*) FROM play_counts GROUP BY import_id")))
        return queryError(c, QStringLiteral("counting play counts per source"));
    while (c.next()) owned[c.value(0).toLongLong()] = c.value(1).toLongLong();
    c.finish();
    QSqlQuery ids(store.database());
    ids.setForwardOnly(true);
    if (!ids.exec(
            QStringLiteral("SELECT id FROM imports WHERE play_counts > 0 OR id = %1").arg(id)))
        return queryError(ids, QStringLiteral("reading the imported sources"));
    std::vector<Id> records;
    while (ids.next()) records.push_back(ids.value(0).toLongLong());
    ids.finish();
    QSqlQuery set(store.database());
    set.prepare(QStringLiteral("UPDATE imports SET play_counts = ? WHERE id = ?"));
    for (const Id record : records) {
        set.addBindValue(owned[record]);
        set.addBindValue(record);
        if (!set.exec()) return queryError(set, QStringLiteral("recording play counts per source"));
    }
    return Status::ok();
}

Result<std::vector<ImportRecord>> importRecords(const ProjectStore& store) {
    std::vector<ImportRecord> out;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, label, paths, formats, user_name, imported_at, "
                               "listens, play_counts FROM imports WHERE deleted = 0 ORDER BY id")))
        return queryError(q, QStringLiteral("reading the imported sources"));
    while (q.next()) {
        ImportRecord r;
        r.id = q.value(0).toLongLong();
        r.label = q.value(1).toString();
        r.paths = q.value(2).toString().split(kPathSeparator, Qt::SkipEmptyParts);
        r.formats = q.value(3).toString().split(kFormatSeparator, Qt::SkipEmptyParts);
        r.user = q.value(4).toString();
        r.importedAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODate);
        r.listens = q.value(6).toLongLong();
        r.playCounts = q.value(7).toLongLong();
        out.push_back(std::move(r));
    }
    return out;
}

Status deleteImport(ProjectStore& store, Id id, qint64* listens) {
    const LargeWriteCache cache(store);
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    auto flag = deletedFlag(store, id);
    if (!flag) return flag.status();
    if (flag.value() == 1)
        return Status::error(QStringLiteral("imported source %1 is already deleted").arg(id));
    if (flag.value() < 0) {
        if (id != kEarlierImportsId)
            return Status::error(QStringLiteral("no imported source %1").arg(id));
        // Rows written without a record (tools, tests): the deletion needs one to be undone.
        if (Status s = execWithId(store,
                                  "INSERT INTO imports(id, label, imported_at) VALUES (?, "
                                  "'Earlier imports', '')",
                                  id);
            !s.isOk())
            return s;
    }
    const char* steps[] = {
        "INSERT INTO deleted_listens(user_id, track_id, ended_at, ms_played, skipped, import_id) "
        "SELECT user_id, track_id, ended_at, ms_played, skipped, import_id FROM listens WHERE "
        "import_id = ?",
        "DELETE FROM listens WHERE import_id = ?",
        "INSERT INTO deleted_play_counts(user_id, track_id, plays, import_id) SELECT user_id, "
        "track_id, plays, import_id FROM play_counts WHERE import_id = ?",
        "DELETE FROM play_counts WHERE import_id = ?",
        // The user_sources rows this changes, as they are now: restoring puts them back as such.
        "INSERT INTO deleted_user_sources(import_id, user_id, format, listens) SELECT ?, "
        "s.user_id, s.format, s.listens FROM user_sources s JOIN import_user_sources i ON "
        "i.user_id = s.user_id AND i.format = s.format WHERE i.import_id = ?",
    };
    qint64 moved = 0;  // the first step sets the listens aside: its row count is how many leave
    for (const char* sql : steps)
        if (Status s = execWithId(store, sql, id, sql == steps[0] ? &moved : nullptr); !s.isOk())
            return s;
    if (listens) *listens = moved;
    const QString subtract =
        QStringLiteral(
            "UPDATE user_sources SET listens = listens - (SELECT i.listens FROM "
            "import_user_sources i WHERE i.import_id = ? AND i.user_id = user_sources.user_id "
            "AND i.format = user_sources.format) WHERE EXISTS (%1)")
            .arg(QLatin1String(kSharesOfImport));
    const QString dropEmpty =
        QStringLiteral("DELETE FROM user_sources WHERE listens <= 0 AND EXISTS (%1)")
            .arg(QLatin1String(kSharesOfImport));
    for (const QString& sql : {subtract, dropEmpty})
        if (Status s = execWithId(store, sql.toLatin1().constData(), id); !s.isOk()) return s;
    if (Status s = execWithId(store, "UPDATE imports SET deleted = 1 WHERE id = ?", id); !s.isOk())
        return s;
    return tx.commit();
}

Status restoreImport(ProjectStore& store, Id id, qint64* restored) {
    const LargeWriteCache cache(store);
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    auto flag = deletedFlag(store, id);
    if (!flag) return flag.status();
    if (flag.value() != 1)
        return Status::error(QStringLiteral("imported source %1 is not deleted").arg(id));
    // OR IGNORE: a row another import stored meanwhile stays with that import, and the record
    // counts what came back. The rows were set aside in key order, so they go back in it
    // (an ORDER BY here only added a sort: 3.8 s against 3.2 s for 1M listens).
    qint64 listens = 0, playCounts = 0;
    if (Status s = execWithId(store,
                              "INSERT OR IGNORE INTO listens(user_id, track_id, ended_at, "
                              "ms_played, skipped, import_id) SELECT user_id, track_id, ended_at, "
                              "ms_played, skipped, import_id FROM deleted_listens WHERE "
                              "import_id = ?",
                              id, &listens);
        !s.isOk())
        return s;
    if (Status s = execWithId(store,
                              "INSERT OR IGNORE INTO play_counts(user_id, track_id, plays, "
                              "import_id) SELECT user_id, track_id, plays, import_id FROM "
                              "deleted_play_counts WHERE import_id = ?",
                              id, &playCounts);
        !s.isOk())
        return s;
    QSqlQuery counted(store.database());
    counted.prepare(QStringLiteral("UPDATE imports SET listens = ?, play_counts = ? WHERE id = ?"));
    counted.addBindValue(listens);
    counted.addBindValue(playCounts);
    counted.addBindValue(id);
    if (!counted.exec()) return queryError(counted, QStringLiteral("recording the restored rows"));
    if (restored) *restored = listens;
    const char* steps[] = {
        "DELETE FROM deleted_listens WHERE import_id = ?",
        "DELETE FROM deleted_play_counts WHERE import_id = ?",
        ("DELETE FROM user_sources WHERE EXISTS (SELECT 1 FROM deleted_user_sources d WHERE "
         "d.import_id = ? AND d.user_id = user_sources.user_id AND d.format = "
         "user_sources.format)"),
        ("INSERT INTO user_sources(user_id, format, listens) SELECT user_id, format, listens "
         "FROM deleted_user_sources WHERE import_id = ?"),
        "DELETE FROM deleted_user_sources WHERE import_id = ?",
        "UPDATE imports SET deleted = 0 WHERE id = ?",
    };
    for (const char* sql : steps)
        if (Status s = execWithId(store, sql, id); !s.isOk()) return s;
    return tx.commit();
}

bool hasDeletedImports(const ProjectStore& store) {
    QSqlQuery q(store.database());
    return q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM imports WHERE deleted = 1)")) &&
           q.next() && q.value(0).toBool();
}

Result<qint64> purgeDeletedImports(ProjectStore& store) {
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    qint64 rows = 0;
    const char* steps[] = {
        "DELETE FROM deleted_listens WHERE import_id IN (SELECT id FROM imports WHERE deleted)",
        "DELETE FROM deleted_play_counts WHERE import_id IN (SELECT id FROM imports WHERE "
        "deleted)",
    };
    for (const char* sql : steps) {
        QSqlQuery q(store.database());
        if (!q.exec(QString::fromLatin1(sql))) return queryError(q, QStringLiteral("purging"));
        rows += q.numRowsAffected();
    }
    for (const char* sql : {
             "DELETE FROM deleted_user_sources WHERE import_id IN (SELECT id FROM imports WHERE "
             "deleted)",
             "DELETE FROM import_user_sources WHERE import_id IN (SELECT id FROM imports WHERE "
             "deleted)",
             "DELETE FROM imports WHERE deleted",
         }) {
        QSqlQuery q(store.database());
        if (!q.exec(QString::fromLatin1(sql))) return queryError(q, QStringLiteral("purging"));
    }
    if (Status s = tx.commit(); !s.isOk()) return s;
    return rows;
}

QString listensDigest(const ProjectStore& store) {
    // Only the key columns, so SQLite answers from the listens_by_track index (it holds the
    // whole key) instead of the table. Terms are reduced below 2^31, so the sums cannot
    // overflow for any project SQLite can hold.
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral(
            "SELECT (SELECT count(*) FROM listens), (SELECT sum((user_id * 1000003 + track_id * "
            "7919 + ended_at) % 2147483647) FROM listens), (SELECT count(*) FROM play_counts), "
            "(SELECT sum((user_id * 1000003 + track_id * 7919 + plays) % 2147483647) FROM "
            "play_counts)")) ||
        !q.next())
        return {};
    return QStringLiteral("%1:%2:%3:%4")
        .arg(q.value(0).toLongLong())
        .arg(q.value(1).toLongLong())
        .arg(q.value(2).toLongLong())
        .arg(q.value(3).toLongLong());
}

}  // namespace tl
