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

// dL/dx[c][t] = sum over o, k of W[o][c][k] * dy[o][t - k]: a "full" convolution of dy with the
// kernels, done like the forward pass as one GEMM per sample, dxT (frames x in) = D (frames x
// out*width) * Wflip (out*width x in), with column (o, k) of D being dy[o] shifted down by k.
// Its inner dimension out*width beats the out of the im2col-transpose route (W^T dY, then
// scattering in*width columns back), and dxT is the sample's (in x frames) layout in place.
void Conv1d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const int outFrames = dy.frames;
    const int taps = in_ * width_;
    const int chunks = (x.batch + kChunk - 1) / kChunk;
    std::vector<ColMatrix> partialW(size_t(chunks), ColMatrix::Zero(taps, out_));
    std::vector<Eigen::VectorXf> partialB(size_t(chunks), Eigen::VectorXf::Zero(out_));
    ColMatrix wFlip;
    if (dx) {
        dx->resize(x.batch, x.channels, x.frames);
        wFlip.resize(out_ * width_, in_);
        for (int o = 0; o < out_; ++o)
            for (int c = 0; c < in_; ++c)
                for (int k = 0; k < width_; ++k)
                    wFlip(o * width_ + k, c) = weight_.value[(size_t(o) * in_ + c) * width_ + k];
    }
    parallelFor(chunks, 1, threads_, [&](int64_t begin, int64_t end) {
        ColMatrix colsT;
        ColMatrix shifted = ColMatrix::Zero(x.frames, out_ * width_);
        for (int64_t chunk = begin; chunk < end; ++chunk) {
            const int first = int(chunk) * kChunk;
            const int last = std::min(x.batch, first + kChunk);
            for (int b = first; b < last; ++b) {
                const ConstColMap dyT(dy.sample(b), outFrames, out_);
                im2colT(x.sample(b), in_, x.frames, width_, colsT);
                partialW[size_t(chunk)].noalias() += colsT.transpose() * dyT;
                if (hasBias_) partialB[size_t(chunk)] += dyT.colwise().sum().transpose();
                if (!dx) continue;
                // Rows outside [k, k + outFrames) of column (o, k) stay zero from the start.
                for (int o = 0; o < out_; ++o)
                    for (int k = 0; k < width_; ++k)
                        std::memcpy(shifted.col(o * width_ + k).data() + k, dyT.col(o).data(),
                                    sizeof(float) * size_t(outFrames));
                ColMap dxT(dx->sample(b), x.frames, in_);
                dxT.noalias() = shifted * wFlip;
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
