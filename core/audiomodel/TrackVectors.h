// What the audio model gives every track with audio, as stored in the project: result kind
// "audio.vectors", key "predicted" (the CF vector predicted from the sound) or "embedding" (the
// network's last hidden layer), data = track ids + a float matrix, fingerprint = the model's.
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QString>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"

namespace tl {
class ProjectStore;
}

namespace tl::audiomodel {

inline const QString kVectorsKind = QStringLiteral("audio.vectors");
inline const QString kPredictedKey = QStringLiteral("predicted");
inline const QString kEmbeddingKey = QStringLiteral("embedding");

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct TrackVectors {
    std::vector<Id> trackIds;  // row r belongs to trackIds[r]
    RowMatrix vectors;

    QByteArray serialise() const;
    static Result<TrackVectors> deserialise(const QByteArray& bytes);
};

// The stored vectors under `key`; a clear error (how to train the audio model) when absent.
Result<TrackVectors> loadAudioVectors(const ProjectStore& store, const QString& key);

}  // namespace tl::audiomodel
