// core/nn/: a small neural-network library for the audio model — tensors, layers with forward
// and backward passes (1-D convolution over time, normalisation, pooling, dense, dropout), the
// network built from an Architecture, AdamW, a mini-batch trainer with early stopping, and the
// versioned model file. float32 on Eigen; both cores through tl::parallelFor.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace tl::nn {

// A batch of multichannel sequences, shape (batch, channels, frames), stored batch-major, then
// channel, then frame: one channel's frames are contiguous, so a sample is a row-major
// (channels x frames) matrix. Dense activations have frames == 1 and are a row-major
// (batch x channels) matrix.
struct Tensor {
    int batch = 0, channels = 0, frames = 0;
    std::vector<float> data;

    float* sample(int b) { return data.data() + std::ptrdiff_t(b) * channels * frames; }
    const float* sample(int b) const { return data.data() + std::ptrdiff_t(b) * channels * frames; }
    void resize(int b, int c, int t) {
        batch = b;
        channels = c;
        frames = t;
        data.resize(size_t(b) * size_t(c) * size_t(t));
    }
    size_t size() const { return data.size(); }
    int sampleSize() const { return channels * frames; }
    bool sameShape(const Tensor& o) const {
        return batch == o.batch && channels == o.channels && frames == o.frames;
    }
    bool allFinite() const;
};

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMap = Eigen::Map<RowMatrix>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

// The dense view (batch x channels*frames) of a tensor.
inline RowMap asMatrix(Tensor& t) {
    return RowMap(t.data.data(), t.batch, t.sampleSize());
}
inline ConstRowMap asMatrix(const Tensor& t) {
    return ConstRowMap(t.data.data(), t.batch, t.sampleSize());
}

}  // namespace tl::nn
