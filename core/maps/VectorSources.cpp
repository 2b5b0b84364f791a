#include "maps/VectorSources.h"

#include <QSqlQuery>
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include "audio/Descriptors.h"
#include "audio/ProjectAnalysis.h"
#include "audiomodel/AudioDataSet.h"
#include "audiomodel/TrackVectors.h"
#include "cf/CfModel.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl {

namespace {
Status textUntrained() {
    return Status::error(QStringLiteral("the text model is not trained yet in this project, so "
                                        "there are no text vectors to map"),
                         Remedy::TrainText);
}
}  // namespace

std::map<QString, double> defaultBlendWeights() {
    // The weekly playlist's default blend (the CF-heavy one the demo back-tests support).
    return cfHeavyDefaultWeights();
}

Result<SourceVectors> blendSourceVectors(const ProjectStore& store,
                                         const std::map<QString, double>& weights) {
    // Each model's unit track vectors, scaled by sqrt(weight), side by side: the cosine of two
    // tracks every model has is then sum_s w_s cos_s, the blend's own similarity. A model that
    // lacks a track leaves zeros in its block (the others place it).
    std::vector<SourceVectors> parts;
    std::vector<double> scales;
    QStringList untrained;
    double total = 0.0;
    for (const auto& [name, weight] : weights) {
        if (name == QLatin1String("blend") || !(weight > 0.0)) continue;
        auto part = loadSourceVectors(store, name);
        if (!part) {
            untrained << name;
            continue;
        }
        parts.push_back(std::move(part).value());
        scales.push_back(weight);
        total += weight;
    }
    if (parts.empty())
        return Status::error(QStringLiteral("no model with a weight in the blend is trained yet "
                                            "(%1): train cf, text or audio first")
                                 .arg(untrained.join(QStringLiteral(", "))));
    SourceVectors out;
    out.source = QStringLiteral("blend");
    out.metric = MapMetric::Cosine;
    std::unordered_map<Id, int> rowOf;
    for (const SourceVectors& part : parts)
        for (Id track : part.trackIds)
            if (rowOf.emplace(track, int(out.trackIds.size())).second)
                out.trackIds.push_back(track);
    Eigen::Index cols = 0;
    for (const SourceVectors& part : parts) cols += part.vectors.cols();
    out.vectors = VectorMatrix::Zero(Eigen::Index(out.trackIds.size()), cols);
    Eigen::Index offset = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
        const SourceVectors& part = parts[p];
        const float scale = float(std::sqrt(scales[p] / total));
        for (Eigen::Index r = 0; r < part.vectors.rows(); ++r) {
            const float norm = part.vectors.row(r).norm();
            if (!(norm > 0.f) || !std::isfinite(norm)) continue;  // zero vector: no opinion
            out.vectors.block(rowOf.at(part.trackIds[size_t(r)]), offset, 1, part.vectors.cols()) =
                part.vectors.row(r) * (scale / norm);
        }
        offset += part.vectors.cols();
    }
    return out;
}

namespace {

// The sound descriptors need no model, only analysed audio: one cheap query, as the GUI asks on
// every refresh.
bool hasDescriptors(const ProjectStore& store) {
    QSqlQuery q(const_cast<ProjectStore&>(store).database());
    q.prepare(QStringLiteral("SELECT 1 FROM results WHERE kind = ? LIMIT 1"));
    q.addBindValue(audio::kDescriptorsKind);
    return q.exec() && q.next();
}

// Every analysed track's descriptors (MFCC mean and variance, spectral shape, onsets, tempo),
// each column standardised over the tracks (z-scores), so that no unit (Hz against dB) outweighs
// the others; compared by Euclidean distance.
Result<SourceVectors> soundDescriptorVectors(const ProjectStore& store) {
    SourceVectors out;
    out.source = QStringLiteral("sound");
    out.metric = MapMetric::Euclidean;
    constexpr int kValues = audio::TrackDescriptors::kValues;
    std::vector<std::array<float, kValues>> rows;
    for (const audiomodel::TrackAudioFile& f : audiomodel::analysedTrackFiles(store)) {
        const auto d = audio::loadDescriptors(store, f.file.id);
        if (!d) continue;
        const auto values = d->toVector();
        if (!std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); }))
            continue;
        out.trackIds.push_back(f.trackId);
        rows.push_back(values);
    }
    if (rows.size() < 2)
        return Status::error(
            QStringLiteral("fewer than two tracks have analysed audio, so there is nothing to map "
                           "by sound yet"),
            Remedy::AnalyzeAudio);
    const Eigen::Index n = Eigen::Index(rows.size());
    out.vectors.resize(n, kValues);
    for (Eigen::Index r = 0; r < n; ++r)
        for (int c = 0; c < kValues; ++c) out.vectors(r, c) = rows[size_t(r)][size_t(c)];
    for (int c = 0; c < kValues; ++c) {
        auto column = out.vectors.col(c);
        const double mean = column.cast<double>().mean();
        const double var = (column.cast<double>().array() - mean).square().mean();
        // A constant column (tempo 0 everywhere) says nothing: zero, not a division by 0.
        const double scale = var > 1e-12 ? 1.0 / std::sqrt(var) : 0.0;
        column = ((column.cast<double>().array() - mean) * scale).cast<float>().matrix();
    }
    out.warnings << QStringLiteral(
        "mapped by sound descriptors alone (timbre, brightness, onsets, tempo), with no "
        "listening data: a weaker guide to what sounds alike than the audio model, which learns "
        "it from plays");
    return out;
}

}  // namespace

Status mapSourceTrained(const ProjectStore& store, const QString& source) {
    if (source == QLatin1String("sound"))
        return hasDescriptors(store)
                   ? Status::ok()
                   : Status::error(QStringLiteral("no track has analysed audio yet, so there "
                                                  "is nothing to map by sound"),
                                   Remedy::AnalyzeAudio);
    const auto has = [&store](const QString& kind, const QString& key) {
        return store.resultFingerprint(kind, key).has_value();
    };
    if (source == QLatin1String("cf"))
        return has(QStringLiteral("cf.als"), QStringLiteral("model"))
                   ? Status::ok()
                   : Status::error(
                         QStringLiteral(
                             "collaborative filtering is not trained yet in this project"),
                         Remedy::TrainCf);
    if (source == QLatin1String("text"))
        return has(kTextModelKind, kTextModelKey) ? textModelEmptyReason(store) : textUntrained();
    if (source == QLatin1String("audio"))
        return has(audiomodel::kVectorsKind, audiomodel::kEmbeddingKey)
                   ? Status::ok()
                   : Status::error(QStringLiteral("the audio model is not trained yet in this "
                                                  "project, so there are no audio vectors"),
                                   Remedy::TrainAudio);
    if (source == QLatin1String("blend")) {
        for (const auto& [name, weight] : defaultBlendWeights())
            if (weight > 0.0 && mapSourceTrained(store, name).isOk()) return Status::ok();
        return Status::error(QStringLiteral(
            "no model with a weight in the blend is trained yet: train cf, text or audio first"));
    }
    return Status::error(QStringLiteral("unknown map source '%1'").arg(source));
}

QStringList mapSourceNames() {
    return {QStringLiteral("cf"), QStringLiteral("text"), QStringLiteral("audio"),
            QStringLiteral("sound"), QStringLiteral("blend")};
}

Result<SourceVectors> loadSourceVectors(const ProjectStore& store, const QString& source) {
    SourceVectors out;
    out.source = source;
    if (source == QLatin1String("cf")) {
        auto model = loadCfModel(store);
        if (!model) return model.status();
        out.trackIds = model->itemTrack;
        out.vectors = model->itemFactors;
        // Mapped as trained, but never silently: listens imported or deleted since then are
        // not in these vectors (the workspace header says the same).
        const auto meta = store.resultMeta(QStringLiteral("cf.als"), QStringLiteral("model"));
        const QString trainedOn =
            meta ? meta->value(QStringLiteral("inputs")).toString() : QString();
        if (!trainedOn.isEmpty() && trainedOn != listensDigest(store))
            out.warnings << QStringLiteral(
                                "the CF model is out of date: the listens changed since it was "
                                "trained, so this map shows the %1 tracks it was trained on; "
                                "train CF again to include the rest")
                                .arg(out.trackIds.size());
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
        if (!store.resultMeta(kTextModelKind, kTextModelKey)) return textUntrained();
        if (Status empty = textModelEmptyReason(store); empty.isError()) return empty;
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
    if (source == QLatin1String("sound")) return soundDescriptorVectors(store);
    if (source == QLatin1String("blend")) return blendSourceVectors(store, defaultBlendWeights());
    return Status::error(QStringLiteral("unknown map source '%1' (known: %2)")
                             .arg(source, mapSourceNames().join(QStringLiteral(", "))));
}

}  // namespace tl
