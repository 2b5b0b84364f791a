#include "maps/MapCsv.h"

#include <QSaveFile>
#include <unordered_map>

#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"

namespace tl {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

Status writeMapCsv(const QString& path, const ProjectMap& map, const ProjectStore& store) {
    std::unordered_map<Id, QString> artistName;
    for (const Artist& a : store.artists()) artistName[a.id] = a.name;
    std::unordered_map<Id, const Track*> trackOf;
    const std::vector<Track> tracks = store.tracks();
    for (const Track& t : tracks) trackOf[t.id] = &t;

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Status::error(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    QByteArray out = "track_id,artist,title,x,y\n";
    for (size_t i = 0; i < map.trackIds.size(); ++i) {
        const Id id = map.trackIds[i];
        const auto it = trackOf.find(id);
        const QString artist = it != trackOf.end() ? artistName[it->second->artistId] : QString();
        const QString title = it != trackOf.end() ? it->second->title : QString();
        out += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(id)
                   .arg(csvField(artist), csvField(title))
                   .arg(double(map.points(qint64(i), 0)), 0, 'g', 9)
                   .arg(double(map.points(qint64(i), 1)), 0, 'g', 9)
                   .toUtf8();
    }
    file.write(out);
    if (!file.commit())
        return Status::error(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return Status::ok();
}

}  // namespace tl
