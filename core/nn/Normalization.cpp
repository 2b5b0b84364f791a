#include "nn/Normalization.h"

#include <cmath>

#include "util/ParallelFor.h"

namespace tl::nn {

namespace {

// Sum over batch and frames of channel c of f(value, batch, frame), in double, in a fixed order.
template <class F>
double channelSum(const Tensor& t, int c, F f) {
    double s = 0.0;
    for (int b = 0; b < t.batch; ++b) {
        const float* row = t.sample(b) + size_t(c) * t.frames;
        for (int i = 0; i < t.frames; ++i) s += f(row[i], b, i);
    }
    return s;
}

}  // namespace

BatchNorm::BatchNorm(int channels, float momentum, float epsilon)
    : channels_(channels), momentum_(momentum), epsilon_(epsilon) {
    gamma_.init(QStringLiteral("gamma"), channels, false);
    gamma_.value.setOnes();
    beta_.init(QStringLiteral("beta"), channels, false);
    runningMean_ = {QStringLiteral("running_mean"), Eigen::VectorXf::Zero(channels)};
    runningVar_ = {QStringLiteral("running_var"), Eigen::VectorXf::Ones(channels)};
}

void BatchNorm::normalise(const Tensor& x, Tensor& y, const Eigen::VectorXf& mean,
                          const Eigen::VectorXf& invStd) const {
    y.resize(x.batch, x.channels, x.frames);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b)
            for (int c = 0; c < channels_; ++c) {
                const float scale = gamma_.value[c] * invStd[c];
                const float shift = beta_.value[c] - mean[c] * scale;
                const float* in = x.sample(int(b)) + size_t(c) * x.frames;
                float* out = y.sample(int(b)) + size_t(c) * x.frames;
                for (int i = 0; i < x.frames; ++i) out[i] = in[i] * scale + shift;
            }
    });
}

void BatchNorm::infer(const Tensor& x, Tensor& y) const {
    const Eigen::VectorXf invStd = (runningVar_.value.array() + epsilon_).rsqrt().matrix();
    normalise(x, y, runningMean_.value, invStd);
}

void BatchNorm::forwardTrain(const Tensor& x, Tensor& y) {
    const double n = double(x.batch) * x.frames;
    batchMean_.resize(channels_);
    batchInvStd_.resize(channels_);
    parallelFor(channels_, 8, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
            const double mean = channelSum(x, int(c), [](float v, int, int) { return v; }) / n;
            const double var =
                channelSum(x, int(c), [&](float v, int, int) { return (v - mean) * (v - mean); }) /
                n;
            batchMean_[c] = float(mean);
            batchInvStd_[c] = float(1.0 / std::sqrt(var + epsilon_));
            const double unbiased = n > 1 ? var * n / (n - 1) : var;
            runningMean_.value[c] =
                (1 - momentum_) * runningMean_.value[c] + momentum_ * float(mean);
            runningVar_.value[c] =
                (1 - momentum_) * runningVar_.value[c] + momentum_ * float(unbiased);
        }
    });
    normalise(x, y, batchMean_, batchInvStd_);
}

// dx = gamma * invStd / n * (n * dy - sum(dy) - xhat * sum(dy * xhat)), per channel.
void BatchNorm::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const double n = double(x.batch) * x.frames;
    if (dx) dx->resize(x.batch, x.channels, x.frames);
    parallelFor(channels_, 8, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t ci = begin; ci < end; ++ci) {
            const int c = int(ci);
            const float mean = batchMean_[c], invStd = batchInvStd_[c];
            const double sumDy = channelSum(dy, c, [](float v, int, int) { return v; });
            const double sumDyXhat = channelSum(dy, c, [&](float g, int b, int i) {
                return double(g) * (x.sample(b)[size_t(c) * x.frames + i] - mean) * invStd;
            });
            gamma_.grad[c] += float(sumDyXhat);
            beta_.grad[c] += float(sumDy);
            if (!dx) continue;
            const float k = float(gamma_.value[c] * invStd / n);
            for (int b = 0; b < x.batch; ++b) {
                const float* in = x.sample(b) + size_t(c) * x.frames;
                const float* g = dy.sample(b) + size_t(c) * x.frames;
                float* out = dx->sample(b) + size_t(c) * x.frames;
                for (int i = 0; i < x.frames; ++i) {
                    const double xhat = (in[i] - mean) * invStd;
                    out[i] = k * float(n * g[i] - sumDy - xhat * sumDyXhat);
                }
            }
        }
    });
}

LayerNorm::LayerNorm(int channels, float epsilon) : channels_(channels), epsilon_(epsilon) {
    gamma_.init(QStringLiteral("gamma"), channels, false);
    gamma_.value.setOnes();
    beta_.init(QStringLiteral("beta"), channels, false);
}

namespace {

struct Moments {
    float mean, invStd;
};

Moments sampleMoments(const float* v, int n, float epsilon) {
    double s = 0.0;
    for (int i = 0; i < n; ++i) s += v[i];
    const double mean = s / n;
    double ss = 0.0;
    for (int i = 0; i < n; ++i) ss += (v[i] - mean) * (v[i] - mean);
    return {float(mean), float(1.0 / std::sqrt(ss / n + epsilon))};
}

}  // namespace

void LayerNorm::infer(const Tensor& x, Tensor& y) const {
    y.resize(x.batch, x.channels, x.frames);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) {
            const float* in = x.sample(int(b));
            float* out = y.sample(int(b));
            const Moments m = sampleMoments(in, x.sampleSize(), epsilon_);
            for (int c = 0; c < channels_; ++c)
                for (int i = 0; i < x.frames; ++i) {
                    const size_t j = size_t(c) * x.frames + i;
                    out[j] = gamma_.value[c] * (in[j] - m.mean) * m.invStd + beta_.value[c];
                }
        }
    });
}

// With g = dy * gamma: dx = invStd / n * (n * g - sum(g) - xhat * sum(g * xhat)), per example.
void LayerNorm::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const int n = x.sampleSize();
    Tensor xhat;
    xhat.resize(x.batch, x.channels, x.frames);
    if (dx) dx->resize(x.batch, x.channels, x.frames);
    parallelFor(x.batch, 1, threads_, [&](int64_t begin, int64_t end) {
        for (int64_t bi = begin; bi < end; ++bi) {
            const int b = int(bi);
            const float* in = x.sample(b);
            const float* d = dy.sample(b);
            float* xh = xhat.sample(b);
            const Moments m = sampleMoments(in, n, epsilon_);
            double sumG = 0.0, sumGXhat = 0.0;
            for (int c = 0; c < channels_; ++c)
                for (int i = 0; i < x.frames; ++i) {
                    const size_t j = size_t(c) * x.frames + i;
                    xh[j] = (in[j] - m.mean) * m.invStd;
                    const double g = double(d[j]) * gamma_.value[c];
                    sumG += g;
                    sumGXhat += g * xh[j];
                }
            if (!dx) continue;
            float* out = dx->sample(b);
            for (int c = 0; c < channels_; ++c)
                for (int i = 0; i < x.frames; ++i) {
                    const size_t j = size_t(c) * x.frames + i;
                    const double g = double(d[j]) * gamma_.value[c];
                    out[j] = float(m.invStd / n * (n * g - sumG - xh[j] * sumGXhat));
                }
        }
    });
    for (int c = 0; c < channels_; ++c) {
        gamma_.grad[c] += float(channelSum(dy, c, [&](float g, int b, int i) {
            return double(g) * xhat.sample(b)[size_t(c) * x.frames + i];
        }));
        beta_.grad[c] += float(channelSum(dy, c, [](float g, int, int) { return g; }));
    }
}

}  // namespace tl::nn
