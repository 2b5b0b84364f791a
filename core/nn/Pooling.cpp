#include "nn/Pooling.h"

#include <cmath>
#include <cstring>

#include "util/ParallelFor.h"

namespace tl::nn {

namespace {
constexpr double kL2Epsilon = 1e-8;

int firstMax(const float* v, int n) {
    int best = 0;
    for (int i = 1; i < n; ++i)
        if (v[i] > v[best]) best = i;
    return best;
}
}  // namespace

void MaxPool1d::infer(const Tensor& x, Tensor& y) const {
    const int outFrames = x.frames / pool_;
    y.resize(x.batch, x.channels, outFrames);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b)
            for (int c = 0; c < x.channels; ++c) {
                const float* in = x.sample(int(b)) + size_t(c) * x.frames;
                float* out = y.sample(int(b)) + size_t(c) * outFrames;
                for (int t = 0; t < outFrames; ++t) {
                    const float* w = in + size_t(t) * pool_;
                    out[t] = w[firstMax(w, pool_)];
                }
            }
    });
}

void MaxPool1d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    if (!dx) return;
    dx->resize(x.batch, x.channels, x.frames);
    std::fill(dx->data.begin(), dx->data.end(), 0.0f);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b)
            for (int c = 0; c < x.channels; ++c) {
                const float* in = x.sample(int(b)) + size_t(c) * x.frames;
                const float* g = dy.sample(int(b)) + size_t(c) * dy.frames;
                float* out = dx->sample(int(b)) + size_t(c) * x.frames;
                for (int t = 0; t < dy.frames; ++t) {
                    const size_t start = size_t(t) * pool_;
                    out[start + size_t(firstMax(in + start, pool_))] += g[t];
                }
            }
    });
}

void GlobalPool::infer(const Tensor& x, Tensor& y) const {
    const int c = x.channels;
    y.resize(x.batch, c * statistics(), 1);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) {
            float* out = y.sample(int(b));
            for (int ch = 0; ch < c; ++ch) {
                const float* in = x.sample(int(b)) + size_t(ch) * x.frames;
                double sum = 0.0, sumSq = 0.0;
                for (int t = 0; t < x.frames; ++t) {
                    sum += in[t];
                    sumSq += double(in[t]) * in[t];
                }
                int block = 0;
                if (mean_) out[block++ * c + ch] = float(sum / x.frames);
                if (max_) out[block++ * c + ch] = in[firstMax(in, x.frames)];
                if (l2_) out[block++ * c + ch] = float(std::sqrt(sumSq / x.frames + kL2Epsilon));
            }
        }
    });
}

void GlobalPool::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    if (!dx) return;
    const int c = x.channels;
    dx->resize(x.batch, x.channels, x.frames);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) {
            const float* g = dy.sample(int(b));
            const float* pooled = y.sample(int(b));
            for (int ch = 0; ch < c; ++ch) {
                const float* in = x.sample(int(b)) + size_t(ch) * x.frames;
                float* out = dx->sample(int(b)) + size_t(ch) * x.frames;
                int block = 0;
                const float gMean = mean_ ? g[block++ * c + ch] / x.frames : 0.0f;
                const int maxBlock = max_ ? block++ : -1;
                const int l2Block = l2_ ? block++ : -1;
                // d sqrt(mean(x^2)) / dx_t = x_t / (frames * rms)
                const float l2Scale =
                    l2_ ? g[l2Block * c + ch] / (x.frames * pooled[l2Block * c + ch]) : 0.0f;
                for (int t = 0; t < x.frames; ++t) out[t] = gMean + l2Scale * in[t];
                if (max_) out[firstMax(in, x.frames)] += g[maxBlock * c + ch];
            }
        }
    });
}

}  // namespace tl::nn
