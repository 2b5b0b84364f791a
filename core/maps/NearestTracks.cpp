#include "maps/NearestTracks.h"

#include <QSqlQuery>
#include <algorithm>
#include <cmath>

#include "audio/ProjectAnalysis.h"
#include "store/ProjectStore.h"

namespace tl {

QString distanceName(MapMetric metric) {
    return metric == MapMetric::Cosine ? QStringLiteral("cosine distance")
                                       : QStringLiteral("Euclidean distance");
}

NeighbourSearch::NeighbourSearch(std::shared_ptr<const SourceVectors> vectors)
    : vectors_(vectors ? std::move(vectors) : std::make_shared<const SourceVectors>()) {
    const VectorMatrix& v = vectors_->vectors;
    rowOf_.reserve(vectors_->trackIds.size());
    for (size_t r = 0; r < vectors_->trackIds.size(); ++r)
        rowOf_.emplace(vectors_->trackIds[r], int(r));
    norms_.resize(size_t(v.rows()));
    for (Eigen::Index r = 0; r < v.rows(); ++r)
        norms_[size_t(r)] = std::sqrt(v.row(r).cast<double>().squaredNorm());
}

int NeighbourSearch::rowOf(Id track) const {
    const auto it = rowOf_.find(track);
    return it == rowOf_.end() ? -1 : it->second;
}

bool NeighbourSearch::hasVector(Id track) const {
    const int row = rowOf(track);
    if (row < 0) return false;
    const double norm = norms_[size_t(row)];
    return std::isfinite(norm) && (metric() != MapMetric::Cosine || norm > 0.0);
}

std::vector<NearTrack> NeighbourSearch::nearest(Id track, int k,
                                                const std::vector<char>* allowedRows) const {
    const int q = rowOf(track);
    if (q < 0 || k <= 0 || !hasVector(track)) return {};
    const VectorMatrix& v = vectors_->vectors;
    const bool cosine = metric() == MapMetric::Cosine;
    // The query in double once; every row is converted as it is read (no copy of the matrix).
    const Eigen::RowVectorXd query = v.row(q).cast<double>();
    const double qNorm = norms_[size_t(q)];
    std::vector<NearTrack> all;
    all.reserve(size_t(v.rows()));
    for (Eigen::Index r = 0; r < v.rows(); ++r) {
        if (r == q || (allowedRows && !(*allowedRows)[size_t(r)])) continue;
        const double norm = norms_[size_t(r)];
        if (cosine && !(norm > 0.0)) continue;  // no direction: no opinion about this track
        // The difference itself for Euclidean, not |a|^2 + |b|^2 - 2 a.b, which cancels badly
        // for near duplicates.
        const double d = cosine ? 1.0 - v.row(r).cast<double>().dot(query) / (norm * qNorm)
                                : (v.row(r).cast<double>() - query).norm();
        if (std::isfinite(d)) all.push_back({vectors_->trackIds[size_t(r)], d});
    }
    const size_t n = std::min(all.size(), size_t(k));
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(),
                      [](const NearTrack& a, const NearTrack& b) {
                          return a.distance != b.distance ? a.distance < b.distance
                                                          : a.trackId < b.trackId;
                      });
    all.resize(n);
    return all;
}

std::vector<NearTrack> nearestTracks(const SourceVectors& v, Id track, int k) {
    // A non-owning view of the caller's vectors: the search lives only for this call.
    const NeighbourSearch search(std::shared_ptr<const SourceVectors>(&v, [](auto*) {}));
    return search.nearest(track, k);
}

namespace {

qint64 playsOf(const ProjectStore& store, Id track) {
    QSqlQuery q(const_cast<ProjectStore&>(store).database());
    q.prepare(
        QStringLiteral("SELECT (SELECT COUNT(*) FROM listens WHERE track_id = ?) + "
                       "(SELECT COALESCE(SUM(plays), 0) FROM play_counts WHERE track_id = ?)"));
    q.addBindValue(track);
    q.addBindValue(track);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

// The track's audio files, and how many of them the analysis has read.
std::pair<int, int> filesOf(const ProjectStore& store, Id track) {
    QSqlQuery q(const_cast<ProjectStore&>(store).database());
    q.prepare(
        QStringLiteral("SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM results r WHERE r.kind = ? "
                       "AND r.key = CAST(f.id AS TEXT))) FROM files f WHERE f.track_id = ?"));
    q.addBindValue(audio::kDescriptorsKind);
    q.addBindValue(track);
    if (!q.exec() || !q.next()) return {0, 0};
    return {q.value(0).toInt(), q.value(1).toInt()};
}

QString sourceLabel(const QString& source) {
    if (source == QLatin1String("cf")) return QStringLiteral("CF");
    if (source == QLatin1String("text")) return QStringLiteral("text");
    if (source == QLatin1String("audio")) return QStringLiteral("audio-model");
    if (source == QLatin1String("sound")) return QStringLiteral("sound-descriptor");
    if (source == QLatin1String("blend")) return QStringLiteral("blend");
    return source;
}

}  // namespace

QString missingVectorReason(const ProjectStore& store, const QString& source, Id track,
                            const SourceVectors* vectors, const QString& loadError) {
    const QString no = QStringLiteral("No %1 vector: ").arg(sourceLabel(source));
    if (!vectors) {
        QString why =
            loadError.isEmpty() ? QStringLiteral("the source could not be read") : loadError;
        return no + why + (why.endsWith(QLatin1Char('.')) ? QString() : QStringLiteral("."));
    }
    const auto row = std::find(vectors->trackIds.begin(), vectors->trackIds.end(), track);
    if (row != vectors->trackIds.end())
        return QStringLiteral(
                   "Its %1 vector is all zeros, so it has no direction to compare "
                   "by cosine.")
            .arg(sourceLabel(source));
    if (source == QLatin1String("cf"))
        return no + (playsOf(store, track) == 0
                         ? QStringLiteral("nobody has played it.")
                         : QStringLiteral("its plays came after the CF model was trained (or "
                                          "were too few to keep it); train CF again."));
    if (source == QLatin1String("text"))
        return no + QStringLiteral(
                        "nothing is written about it or its artist (no tags, comments "
                        "or text sources mention them).");
    if (source == QLatin1String("audio") || source == QLatin1String("sound")) {
        const auto [files, analysed] = filesOf(store, track);
        if (files == 0) return no + QStringLiteral("no audio file is linked to it.");
        if (analysed == 0)
            return no + QStringLiteral(
                            "its audio file is not analysed yet (or could not be "
                            "decoded).");
        if (source == QLatin1String("audio"))
            return no + QStringLiteral(
                            "its audio was analysed after the audio model was "
                            "trained; train the audio model again.");
        return no + QStringLiteral("its descriptors could not be read.");
    }
    if (source == QLatin1String("blend"))
        return no + QStringLiteral("none of the blended models has a vector for it.");
    return no + QStringLiteral("the source has no vector for it.");
}

Result<QString> soundsLikeSource(const ProjectStore& store) {
    if (mapSourceTrained(store, QStringLiteral("audio")).isOk()) return QStringLiteral("audio");
    const Status sound = mapSourceTrained(store, QStringLiteral("sound"));
    if (sound.isOk()) return QStringLiteral("sound");
    return sound;
}

}  // namespace tl
