#include "playlist/PlaylistHistory.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlQuery>
#include <algorithm>

#include "playlist/IsoWeek.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

const QString kKind = QStringLiteral("playlist.weekly");

QString keyFor(Id user, const QString& week, PlaylistMode mode) {
    return QStringLiteral("%1/%2/%3").arg(user).arg(week, playlistModeName(mode));
}

}  // namespace

Status savePlaylist(ProjectStore& store, const WeeklyPlaylist& p) {
    const QByteArray data = QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
    StoredResult r;
    r.kind = kKind;
    r.key = keyFor(p.userId, isoWeekName(p.weekStart), p.mode);
    r.fingerprint = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    r.data = data;
    r.meta = QJsonObject{{QStringLiteral("week"), isoWeekName(p.weekStart)},
                         {QStringLiteral("mode"), playlistModeName(p.mode)},
                         {QStringLiteral("tracks"), int(p.entries.size())}};
    ProjectStore::Transaction tx(store);
    if (Status s = store.putResult(r); !s.isOk()) return s;
    return tx.commit();
}

Result<WeeklyPlaylist> loadPlaylist(const ProjectStore& store, Id user, const QString& week,
                                    PlaylistMode mode) {
    const auto stored = store.result(kKind, keyFor(user, week, mode));
    if (!stored)
        return Status::error(
            QStringLiteral("no saved %1 playlist for %2").arg(playlistModeName(mode), week));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(stored->data, &error);
    if (!doc.isObject())
        return Status::error(
            QStringLiteral("saved playlist %1 is damaged: %2").arg(week, error.errorString()));
    return WeeklyPlaylist::fromJson(doc.object());
}

std::vector<QString> playlistHistory(ProjectStore& store, Id user) {
    std::vector<QString> out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT key FROM results WHERE kind = ? AND key LIKE ?"));
    q.addBindValue(kKind);
    q.addBindValue(QStringLiteral("%1/%").arg(user));
    if (!q.exec()) return out;
    const QString prefix = QStringLiteral("%1/").arg(user);
    while (q.next()) out.push_back(q.value(0).toString().mid(prefix.size()));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace tl
