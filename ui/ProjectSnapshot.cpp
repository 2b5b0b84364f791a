#include "ProjectSnapshot.h"

#include <QFileInfo>

#include "PathListSetting.h"
#include "audiomodel/AudioModelFile.h"
#include "store/CatalogQueries.h"
#include "store/ImportRecords.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl {

bool needsBackgroundLoad(const QString& path) {
    return QFileInfo(path).size() > kSynchronousProjectBytes;
}

ProjectSnapshot loadingSnapshot(const QString& path) {
    ProjectSnapshot snap;
    snap.path = path;
    snap.name = QFileInfo(path).completeBaseName();
    snap.loading = true;
    return snap;
}

QString ProjectSnapshot::genreOf(Id trackId) const {
    const auto it = trackGenre.constFind(trackId);
    if (it == trackGenre.constEnd() || *it < 0 || *it >= genreNames.size()) return {};
    return genreNames.at(*it);
}

ProjectSnapshot loadProjectSnapshot(ProjectStore& store, const Progress& progress) {
    ProjectSnapshot snap;
    snap.path = store.path();
    snap.name = QFileInfo(store.path()).completeBaseName();
    snap.counts = store.counts();
    if (auto loaded = loadCatalogTables(store, CatalogTracks, progress))
        snap.tracks = loaded.value().tracks;
    for (AudioFile& f : store.files())
        if (f.trackId != 0 && !snap.audioByTrack.contains(f.trackId))
            snap.audioByTrack.insert(f.trackId, std::move(f));
    const GroundTruth truth = store.groundTruth();
    for (const QString& genre : truth.genreNames) snap.genreNames << genre;
    for (const auto& [track, genre] : truth.trackGenre) snap.trackGenre.insert(track, genre);
    snap.pendingImports = readPathList(store, path_setting::kPendingImports);
    snap.musicFolders = readPathList(store, path_setting::kPendingMusicFolders);
    if (const auto cf = store.resultMeta(QStringLiteral("cf.als"), QStringLiteral("model")))
        snap.cfModel = *cf;
    const ModelSettings settings = readModelSettings(store);  // what Preferences asks for now
    snap.cfOutOfDate = cfModelOutOfDate(snap.cfModel, settings);
    const QString trainedOn = snap.cfModel.value(QStringLiteral("inputs")).toString();
    snap.cfInputsChanged = !trainedOn.isEmpty() && trainedOn != listensDigest(store);
    if (const auto text = store.resultMeta(kTextModelKind, kTextModelKey)) snap.textModel = *text;
    if (const auto audio = store.resultMeta(audiomodel::kModelKind, audiomodel::kModelKey))
        snap.audioModel = *audio;
    snap.audioOutOfDate = audioModelOutOfDate(snap.audioModel, settings);
    return snap;
}

}  // namespace tl
