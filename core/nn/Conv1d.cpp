#include "nn/Conv1d.h"

#include <cstring>

#include "util/ParallelFor.h"

namespace tl::nn {

namespace {

using ColMatrix = Eigen::MatrixXf;
using ColMap = Eigen::Map<ColMatrix>;
using ConstColMap = Eigen::Map<const ColMatrix>;

// colsT(t, c*width + k) = x[c][t + k]: column (c, k) is frames k .. k+outFrames of channel c.
void im2colT(const float* x, int channels, int frames, int width, ColMatrix& colsT) {
    const int outFrames = frames - width + 1;
    colsT.resize(outFrames, channels * width);
    for (int c = 0; c < channels; ++c)
        for (int k = 0; k < width; ++k)
            std::memcpy(colsT.col(c * width + k).data(), x + size_t(c) * frames + k,
                        sizeof(float) * size_t(outFrames));
}

}  // namespace

Conv1d::Conv1d(int inChannels, int outChannels, int width, bool bias)
    : in_(inChannels), out_(outChannels), width_(width), hasBias_(bias) {
    weight_.init(QStringLiteral("weight"), Eigen::Index(out_) * in_ * width_, true);
    if (hasBias_) bias_.init(QStringLiteral("bias"), out_, false);
}

std::vector<Parameter*> Conv1d::parameters() {
    if (hasBias_) return {&weight_, &bias_};
    return {&weight_};
}

void Conv1d::infer(const Tensor& x, Tensor& y) const {
    const int outFrames = x.frames - width_ + 1;
    y.resize(x.batch, out_, outFrames);
    // Row-major [out][in*width] is column-major (in*width x out): W^T without a copy.
    const ConstColMap wT(weight_.value.data(), in_ * width_, out_);
    parallelFor(x.batch, kChunk, threads_, [&](int64_t begin, int64_t end) {
        ColMatrix colsT;
        for (int64_t b = begin; b < end; ++b) {
            im2colT(x.sample(int(b)), in_, x.frames, width_, colsT);
            // y as (out x frames) row-major is (frames x out) column-major.
            ColMap yT(y.sample(int(b)), outFrames, out_);
            yT.noalias() = colsT * wT;
            if (hasBias_) yT.rowwise() += bias_.value.transpose();
        }
    });
}

void Conv1d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const int outFrames = dy.frames;
    const int taps = in_ * width_;
    const int chunks = (x.batch + kChunk - 1) / kChunk;
    std::vector<ColMatrix> partialW(size_t(chunks), ColMatrix::Zero(taps, out_));
    std::vector<Eigen::VectorXf> partialB(size_t(chunks), Eigen::VectorXf::Zero(out_));
    if (dx) dx->resize(x.batch, x.channels, x.frames);
    // W as (out x in*width): row-major storage seen as its transpose's column-major.
    const Eigen::Map<const RowMatrix> w(weight_.value.data(), out_, taps);
    parallelFor(chunks, 1, threads_, [&](int64_t begin, int64_t end) {
        ColMatrix colsT, dcolsT;
        for (int64_t chunk = begin; chunk < end; ++chunk) {
            const int first = int(chunk) * kChunk;
            const int last = std::min(x.batch, first + kChunk);
            for (int b = first; b < last; ++b) {
                const ConstColMap dyT(dy.sample(b), outFrames, out_);
                im2colT(x.sample(b), in_, x.frames, width_, colsT);
                partialW[size_t(chunk)].noalias() += colsT.transpose() * dyT;
                if (hasBias_) partialB[size_t(chunk)] += dyT.colwise().sum().transpose();
                if (!dx) continue;
                dcolsT.noalias() = dyT * w;
                float* dxs = dx->sample(b);
                std::memset(dxs, 0, sizeof(float) * size_t(x.sampleSize()));
                for (int c = 0; c < in_; ++c)
                    for (int k = 0; k < width_; ++k) {
                        Eigen::Map<Eigen::VectorXf> run(dxs + size_t(c) * x.frames + k, outFrames);
                        run += dcolsT.col(c * width_ + k);
                    }
            }
        }
    });
    // (in*width x out) column-major is the [out][in][tap] row-major layout of the weight.
    Eigen::Map<ColMatrix> gradW(weight_.grad.data(), taps, out_);
    for (int c = 0; c < chunks; ++c) {
        gradW += partialW[size_t(c)];
        if (hasBias_) bias_.grad += partialB[size_t(c)];
    }
}

}  // namespace tl::nn
