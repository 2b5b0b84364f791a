#pragma once

#include <QJsonObject>
#include <QString>
#include <vector>

#include "job/Result.h"

namespace tl::nn {

enum class Norm { None, Batch, Layer };

// conv (valid, stride 1) -> norm -> ReLU -> max-pool by `pool` (1: none)
struct ConvBlock {
    int filters = 64;
    int width = 4;
    int pool = 4;
    bool operator==(const ConvBlock&) const = default;
};

// The audio CNN's shape as Dieleman (2014) described it — convolutions over time with the mel
// bands as channels, max-pooling by 4 then 2, global mean/max/L2 pooling, dense layers, a linear
// output of the CF vector size — shrunk for a 2-core CPU. A setting saved with the weights.
struct Architecture {
    int inputBands = 128;   // input channels (mel bands)
    int inputFrames = 216;  // crop length in frames (~5 s at hop 512 / 22.05 kHz)
    std::vector<ConvBlock> conv{{64, 4, 4}, {64, 4, 2}, {128, 4, 1}};
    Norm norm = Norm::Batch;
    bool poolMean = true, poolMax = true, poolL2 = true;  // global temporal pooling, concatenated
    std::vector<int> dense{256};  // hidden dense layers (ReLU); the last is the embedding
    float dropout = 0.3f;         // before each dense layer (the output one too), training only
    int outputs = 32;             // predicted CF vector size (set from the CF model)

    QJsonObject toJson() const;
    static Result<Architecture> fromJson(const QJsonObject& json);
    qint64 parameterCount() const;
    int embeddingSize() const;   // the last hidden dense layer's width (the pooled size if none)
    int pooledFeatures() const;  // channels out of the global pooling
    // Frames left after each conv block, in order; empty when validate() fails on frames.
    std::vector<int> framesPerBlock() const;
    QString validate() const;  // empty when usable (e.g. frames long enough for the pools)

    bool operator==(const Architecture&) const = default;
};

QString normName(Norm norm);

}  // namespace tl::nn
