#include "ProjectSnapshot.h"

#include <QFileInfo>

#include "PathListSetting.h"
#include "store/ProjectStore.h"

namespace tl {

const TrackSummary* ProjectSnapshot::summary(Id trackId) const {
    for (const TrackSummary& s : tracks)
        if (s.trackId == trackId) return &s;
    return nullptr;
}

QString ProjectSnapshot::genreOf(Id trackId) const {
    const auto it = trackGenre.constFind(trackId);
    if (it == trackGenre.constEnd() || *it < 0 || *it >= genreNames.size()) return {};
    return genreNames.at(*it);
}

ProjectSnapshot loadProjectSnapshot(const ProjectStore& store) {
    ProjectSnapshot snap;
    snap.path = store.path();
    snap.name = QFileInfo(store.path()).completeBaseName();
    snap.counts = store.counts();
    snap.tracks = store.trackSummaries();
    for (Track& t : store.tracks()) snap.trackRecords.insert(t.id, std::move(t));
    for (AudioFile& f : store.files())
        if (f.trackId != 0 && !snap.audioByTrack.contains(f.trackId))
            snap.audioByTrack.insert(f.trackId, std::move(f));
    const GroundTruth truth = store.groundTruth();
    for (const QString& genre : truth.genreNames) snap.genreNames << genre;
    for (const auto& [track, genre] : truth.trackGenre) snap.trackGenre.insert(track, genre);
    snap.pendingImports = readPathList(store, path_setting::kPendingImports);
    snap.musicFolders = readPathList(store, path_setting::kMusicFolders);
    if (const auto cf = store.resultMeta(QStringLiteral("cf.als"), QStringLiteral("model")))
        snap.cfModel = *cf;
    return snap;
}

}  // namespace tl
