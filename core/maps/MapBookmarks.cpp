#include "maps/MapBookmarks.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

#include "store/ProjectStore.h"

namespace tl {

Status saveMapBookmark(ProjectStore& store, const QString& name, const QJsonObject& state) {
    const QString key = name.trimmed();
    if (key.isEmpty()) return Status::error(QStringLiteral("a map bookmark needs a name"));
    StoredResult result;
    result.kind = QString::fromLatin1(kMapBookmarkKind);
    result.key = key;
    result.data = QJsonDocument(state).toJson(QJsonDocument::Compact);
    // A bookmark is not computed from inputs: its fingerprint is its own content.
    result.fingerprint = result.data;
    result.meta = QJsonObject{{QStringLiteral("source"), state.value(QStringLiteral("source"))}};
    ProjectStore::Transaction tx(store);
    if (Status s = store.putResult(result); !s.isOk()) return s;
    return tx.commit();
}

Result<QJsonObject> loadMapBookmark(const ProjectStore& store, const QString& name) {
    const auto stored = store.result(QString::fromLatin1(kMapBookmarkKind), name.trimmed());
    if (!stored) return Status::error(QStringLiteral("no map bookmark named '%1'").arg(name));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(stored->data, &error);
    if (!doc.isObject())
        return Status::error(
            QStringLiteral("map bookmark '%1' is damaged: %2").arg(name, error.errorString()));
    return doc.object();
}

QStringList mapBookmarkNames(const ProjectStore& store) {
    QStringList names;
    QSqlQuery q(const_cast<ProjectStore&>(store).database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT key FROM results WHERE kind = ? ORDER BY key"));
    q.addBindValue(QString::fromLatin1(kMapBookmarkKind));
    if (q.exec())
        while (q.next()) names << q.value(0).toString();
    return names;
}

}  // namespace tl
