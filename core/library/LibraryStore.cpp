#include "library/LibraryStore.h"

#include <QSqlError>
#include <QVariant>

#include "store/SqlStatus.h"

namespace tl {

LibraryStore::LibraryStore(ProjectStore& store)
    : store_(store),
      insertFile_(store.database()),
      updateFile_(store.database()),
      putTags_(store.database()),
      putMatch_(store.database()),
      deleteTags_(store.database()),
      deleteMatch_(store.database()),
      deleteFile_(store.database()) {
    const std::pair<QSqlQuery*, const char*> statements[] = {
        {&insertFile_,
         "INSERT INTO files(track_id, path, size, mtime, sample_rate, channels, duration_ms, "
         "format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"},
        {&updateFile_,
         "UPDATE files SET track_id = ?, size = ?, mtime = ?, sample_rate = ?, channels = ?, "
         "duration_ms = ?, format = ? WHERE id = ?"},
        {&putTags_,
         "INSERT OR REPLACE INTO file_tags(file_id, artist, title, album, genre, comment, "
         "track_mbid, artist_mbid, album_mbid, description, mood, grouping, tag_fields, year) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&putMatch_,
         "INSERT OR REPLACE INTO file_matches(file_id, tag_source, rule) VALUES (?, ?, ?)"},
        {&deleteTags_, "DELETE FROM file_tags WHERE file_id = ?"},
        {&deleteMatch_, "DELETE FROM file_matches WHERE file_id = ?"},
        {&deleteFile_, "DELETE FROM files WHERE id = ?"},
    };
    for (const auto& [query, sql] : statements) {
        if (!query->prepare(QString::fromLatin1(sql)) && prepareStatus_.isOk())
            prepareStatus_ = queryError(
                *query, QStringLiteral("preparing '%1'").arg(QString::fromLatin1(sql).left(40)));
    }
}

Result<std::vector<KnownFile>> LibraryStore::filesUnder(const QString& root) const {
    if (!prepareStatus_.isOk()) return prepareStatus_;
    // A range on the unique path index: "root/" <= path < "root0" ('0' follows '/').
    const QString from = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    const QString to = from.chopped(1) + QLatin1Char('0');
    QSqlQuery q(store_.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT f.id, f.path, f.size, f.mtime, t.file_id IS NOT NULL, coalesce(t.tag_fields, 0) "
        "FROM files f LEFT JOIN file_tags t ON t.file_id = f.id WHERE f.path >= ? AND f.path < "
        "? ORDER BY f.path"));
    q.addBindValue(from);
    q.addBindValue(to);
    if (!q.exec()) return queryError(q, QStringLiteral("reading the files under %1").arg(root));
    std::vector<KnownFile> out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                       q.value(3).toLongLong(), q.value(4).toBool(),
                       q.value(5).toInt() >= kTagFieldsVersion});
    return out;
}

Result<std::vector<FileLength>> LibraryStore::fileLengths() const {
    QSqlQuery q(store_.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, track_id, duration_ms FROM files WHERE track_id IS NOT "
                               "NULL AND duration_ms > 0")))
        return queryError(q, QStringLiteral("reading the files' lengths"));
    std::vector<FileLength> out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt()});
    return out;
}

Result<std::vector<std::pair<Id, QString>>> LibraryStore::tracksOf(Id artistId) const {
    QSqlQuery q(store_.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, title FROM tracks WHERE artist_id = ? ORDER BY id"));
    q.addBindValue(artistId);
    if (!q.exec())
        return queryError(q, QStringLiteral("reading the tracks of artist %1").arg(artistId));
    std::vector<std::pair<Id, QString>> out;
    while (q.next()) out.emplace_back(q.value(0).toLongLong(), q.value(1).toString());
    return out;
}

Status LibraryStore::putFile(AudioFile& file, const FileTags& tags, const FileMatch& match) {
    if (!prepareStatus_.isOk()) return prepareStatus_;
    const QVariant trackId = match.trackId ? QVariant(match.trackId) : QVariant();
    if (file.id == 0) {
        QSqlQuery& q = insertFile_;
        q.bindValue(0, trackId);
        q.bindValue(1, sqlText(file.path));
        q.bindValue(2, file.size);
        q.bindValue(3, file.mtime);
        q.bindValue(4, file.sampleRate);
        q.bindValue(5, file.channels);
        q.bindValue(6, file.durationMs);
        q.bindValue(7, sqlText(file.format));
        if (!q.exec()) return queryError(q, QStringLiteral("adding file '%1'").arg(file.path));
        file.id = q.lastInsertId().toLongLong();
    } else {
        QSqlQuery& q = updateFile_;
        q.bindValue(0, trackId);
        q.bindValue(1, file.size);
        q.bindValue(2, file.mtime);
        q.bindValue(3, file.sampleRate);
        q.bindValue(4, file.channels);
        q.bindValue(5, file.durationMs);
        q.bindValue(6, sqlText(file.format));
        q.bindValue(7, file.id);
        if (!q.exec()) return queryError(q, QStringLiteral("updating file '%1'").arg(file.path));
    }
    file.trackId = match.trackId;

    QSqlQuery& t = putTags_;
    const QString values[] = {tags.artist,      tags.title,     tags.album,      tags.genre,
                              tags.comment,     tags.trackMbid, tags.artistMbid, tags.albumMbid,
                              tags.description, tags.mood,      tags.grouping};
    t.bindValue(0, file.id);
    for (int i = 0; i < 11; ++i) t.bindValue(i + 1, sqlText(values[i]));
    t.bindValue(12, kTagFieldsVersion);
    t.bindValue(13, tags.year);
    if (!t.exec()) return queryError(t, QStringLiteral("storing the tags of '%1'").arg(file.path));

    QSqlQuery& m = putMatch_;
    m.bindValue(0, file.id);
    m.bindValue(1, sqlText(tags.source));
    m.bindValue(2, sqlText(match.rule));
    if (!m.exec()) return queryError(m, QStringLiteral("storing the match of '%1'").arg(file.path));
    return Status::ok();
}

Status LibraryStore::removeFile(Id fileId) {
    if (!prepareStatus_.isOk()) return prepareStatus_;
    for (QSqlQuery* q : {&deleteTags_, &deleteMatch_, &deleteFile_}) {
        q->bindValue(0, fileId);
        if (!q->exec()) return queryError(*q, QStringLiteral("removing file %1").arg(fileId));
    }
    return Status::ok();
}

}  // namespace tl
