#include "PathListSetting.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "store/ProjectStore.h"

namespace tl {

QStringList readPathList(const ProjectStore& store, const QString& key) {
    QStringList out;
    const QJsonDocument doc = QJsonDocument::fromJson(store.setting(key).toUtf8());
    for (const QJsonValue& v : doc.array())
        if (v.isString()) out << v.toString();
    return out;
}

Status addToPathList(ProjectStore& store, const QString& key, const QStringList& paths,
                     int* added) {
    QStringList list = readPathList(store, key);
    int count = 0;
    for (const QString& path : paths) {
        const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (list.contains(absolute)) continue;
        list << absolute;
        ++count;
    }
    if (added) *added = count;
    if (count == 0) return Status::ok();
    const QJsonDocument doc(QJsonArray::fromStringList(list));
    return store.setSetting(key, QString::fromUtf8(doc.toJson(QJsonDocument::Compact)));
}

Status removeFromPathList(ProjectStore& store, const QString& key, const QString& path) {
    QStringList list = readPathList(store, key);
    if (list.removeAll(QDir::cleanPath(QFileInfo(path).absoluteFilePath())) == 0)
        return Status::ok();
    const QJsonDocument doc(QJsonArray::fromStringList(list));
    return store.setSetting(key, QString::fromUtf8(doc.toJson(QJsonDocument::Compact)));
}

}  // namespace tl
