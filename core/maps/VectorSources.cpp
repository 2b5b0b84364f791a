#include "maps/VectorSources.h"

#include "audiomodel/TrackVectors.h"
#include "cf/CfModel.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

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
    if (source == QLatin1String("text")) {
        if (!store.resultMeta(kTextModelKind, kTextModelKey))
            return Status::error(QStringLiteral(
                "the text model is not trained yet in this project, so there are no text "
                "vectors to map (train it: tastelab-cli train --project P text)"));
        auto model = loadTextModel(store);
        if (!model) return model.status();
        // The dense LSA rows of the tracks that have text (their own, or their artist's
        // inherited): the sparse term vectors are too wide for a map's neighbour search.
        for (int e = model->artistRows(); e < model->size(); ++e) {
            if (model->entities[size_t(e)].kind != TextEntityKind::Track) continue;
            out.trackIds.push_back(model->entities[size_t(e)].id);
        }
        const int first = model->artistRows();
        out.vectors = model->lsa.bottomRows(model->lsa.rows() - first);
        if (out.vectors.rows() != qint64(out.trackIds.size()) || out.trackIds.empty())
            return Status::error(QStringLiteral("the text model has no track vectors to map"));
        out.metric = MapMetric::Cosine;  // TextModel::lsaCosine
        return out;
    }
    if (source == QLatin1String("blend"))
        return Status::error(QStringLiteral(
            "a map of the blended vectors is not built yet: map cf, text or audio"));
    return Status::error(QStringLiteral("unknown map source '%1' (known: %2)")
                             .arg(source, mapSourceNames().join(QStringLiteral(", "))));
}

}  // namespace tl
