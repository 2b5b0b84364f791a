#include "playlist/ContentSources.h"

#include <unordered_set>

#include "audiomodel/TrackVectors.h"
#include "playlist/AudioSource.h"
#include "playlist/VectorSource.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl {

void addTextSource(std::vector<SourceSlot>& slots, const ProjectStore& store,
                   const std::vector<Listen>& listens, qint64 weekStart) {
    auto model = loadTextModel(store);
    if (!model) return;  // no text model: the slot keeps saying why
    const TextModel& text = model.value();
    std::vector<Id> tracks;
    std::vector<int> rows;
    for (int r = 0; r < text.size(); ++r)
        if (text.entities[size_t(r)].kind == TextEntityKind::Track && r < int(text.lsa.rows())) {
            tracks.push_back(text.entities[size_t(r)].id);
            rows.push_back(r);
        }
    if (tracks.empty() || text.lsa.cols() == 0) {
        // A model that found nothing to read says so in a few words, not "no text model yet"
        // (training said why at length, once, with what would give it text).
        if (textModelEmptyReason(store).isError())
            for (SourceSlot& slot : slots)
                if (slot.name == QLatin1String("text"))
                    slot.missingReason =
                        QStringLiteral("the text model found nothing to learn from");
        return;
    }
    FactorMatrix vectors(Eigen::Index(rows.size()), text.lsa.cols());
    for (size_t i = 0; i < rows.size(); ++i) vectors.row(Eigen::Index(i)) = text.lsa.row(rows[i]);
    std::unordered_set<Id> played;
    for (const Listen& l : listens)
        if (l.endedAt < weekStart) played.insert(l.trackId);
    for (SourceSlot& slot : slots)
        if (slot.name == QLatin1String("text")) {
            slot.source = std::make_shared<VectorSource>(QStringLiteral("text"), vectors, tracks,
                                                         std::move(played));
            slot.missingReason.clear();
            return;
        }
}

void addAudioSource(std::vector<SourceSlot>& slots, const ProjectStore& store,
                    const std::vector<Listen>& listens, qint64 weekStart) {
    auto predicted = audiomodel::loadAudioVectors(store, audiomodel::kPredictedKey);
    if (!predicted || predicted->trackIds.empty() || predicted->vectors.cols() == 0) return;
    setAudioSource(slots, predicted->vectors, predicted->trackIds, listens, weekStart);
}

void setAudioSource(std::vector<SourceSlot>& slots, const FactorMatrix& predicted,
                    const std::vector<Id>& tracks, const std::vector<Listen>& listens,
                    qint64 weekStart) {
    std::unordered_set<Id> played;
    for (const Listen& l : listens)
        if (l.endedAt < weekStart) played.insert(l.trackId);
    for (SourceSlot& slot : slots)
        if (slot.name == QLatin1String("audio")) {
            slot.source = std::make_shared<AudioCfSource>(predicted, tracks, std::move(played));
            slot.missingReason.clear();
            return;
        }
}

}  // namespace tl
