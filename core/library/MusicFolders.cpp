#include "library/MusicFolders.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "store/ProjectStore.h"

namespace tl {

QStringList musicFolders(const ProjectStore& store) {
    QStringList out;
    const QJsonDocument doc =
        QJsonDocument::fromJson(store.setting(QLatin1String(kMusicFoldersSetting)).toUtf8());
    for (const QJsonValue& v : doc.array())
        if (v.isString()) out << v.toString();
    return out;
}

Status rememberMusicFolder(ProjectStore& store, const QString& folder) {
    QStringList list = musicFolders(store);
    const QString absolute = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (list.contains(absolute)) return Status::ok();
    list << absolute;
    const QJsonDocument doc(QJsonArray::fromStringList(list));
    return store.setSetting(QLatin1String(kMusicFoldersSetting),
                            QString::fromUtf8(doc.toJson(QJsonDocument::Compact)));
}

}  // namespace tl
