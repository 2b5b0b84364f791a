#include "maps/VectorSources.h"

#include "audiomodel/TrackVectors.h"
#include "cf/CfModel.h"
#include "store/ProjectStore.h"

namespace tl {

QStringList mapSourceNames() {
    return {QStringLiteral("cf"), QStringLiteral("text"), QStringLiteral("audio"),
            QStringLiteral("blend")};
}

Result<SourceVectors> loadSourceVectors(const ProjectStore& store, const QString& source) {
    SourceVectors out;
    out.source = source;
    if (source == QLatin1String("cf")) {
        auto model = loadCfModel(store);
        if (!model) return model.status();
        out.trackIds = model->itemTrack;
        out.vectors = model->itemFactors;
        // ALS item vectors are compared by cosine (ImplicitAls::similarItems does the same):
        // their length mostly follows popularity.
        out.metric = MapMetric::Cosine;
        return out;
    }
    if (source == QLatin1String("audio")) {
        // The network's last hidden layer: what the sound alone says a track is like.
        auto embedding = audiomodel::loadAudioVectors(store, audiomodel::kEmbeddingKey);
        if (!embedding) return embedding.status();
        out.trackIds = embedding->trackIds;
        out.vectors = embedding->vectors;
        out.metric = MapMetric::Cosine;
        return out;
    }
    if (source == QLatin1String("text") || source == QLatin1String("blend"))
        return Status::error(QStringLiteral("the %1 model is not trained yet in this project, so "
                                            "there are no %1 vectors to map")
                                 .arg(source));
    return Status::error(QStringLiteral("unknown map source '%1' (known: %2)")
                             .arg(source, mapSourceNames().join(QStringLiteral(", "))));
}

}  // namespace tl
