#include "audio/Descriptors.h"

#include "audio/Onsets.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace tl::audio {

std::array<float, TrackDescriptors::kValues> TrackDescriptors::toVector() const {
    std::array<float, kValues> v{};
    std::copy(mfccMean.begin(), mfccMean.end(), v.begin());
    std::copy(mfccVar.begin(), mfccVar.end(), v.begin() + kMfccCount);
    float* rest = v.data() + 2 * kMfccCount;
    rest[0] = centroidHz;
    rest[1] = bandwidthHz;
    rest[2] = flatness;
    rest[3] = onsetStrength;
    rest[4] = onsetRate;
    rest[5] = tempoBpm;
    return v;
}

TrackDescriptors TrackDescriptors::fromVector(const float* v) {
    TrackDescriptors d;
    std::copy(v, v + kMfccCount, d.mfccMean.begin());
    std::copy(v + kMfccCount, v + 2 * kMfccCount, d.mfccVar.begin());
    const float* rest = v + 2 * kMfccCount;
    d.centroidHz = rest[0];
    d.bandwidthHz = rest[1];
    d.flatness = rest[2];
    d.onsetStrength = rest[3];
    d.onsetRate = rest[4];
    d.tempoBpm = rest[5];
    return d;
}

QJsonObject TrackDescriptors::toJson() const {
    return QJsonObject{{QStringLiteral("centroid_hz"), centroidHz},
                       {QStringLiteral("bandwidth_hz"), bandwidthHz},
                       {QStringLiteral("flatness"), flatness},
                       {QStringLiteral("onset_strength"), onsetStrength},
                       {QStringLiteral("onset_rate"), onsetRate},
                       {QStringLiteral("tempo_bpm"), tempoBpm},
                       {QStringLiteral("mfcc0_mean"), mfccMean[0]}};
}

Eigen::MatrixXf dctMatrix(int count, int n) {
    Eigen::MatrixXf m(count, n);
    for (int k = 0; k < count; ++k) {
        const double scale = k == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
        for (int i = 0; i < n; ++i)
            m(k, i) = float(scale * std::cos(std::numbers::pi * k * (2 * i + 1) / (2.0 * n)));
    }
    return m;
}

std::vector<float> onsetStrength(const Eigen::MatrixXf& logMelDb) {
    const Eigen::Index frames = logMelDb.cols(), bands = logMelDb.rows();
    std::vector<float> env(size_t(frames), 0.0f);
    for (Eigen::Index t = 1; t < frames; ++t) {
        float sum = 0;
        for (Eigen::Index b = 0; b < bands; ++b)
            sum += std::max(0.0f, logMelDb(b, t) - logMelDb(b, t - 1));
        env[size_t(t)] = bands > 0 ? sum / float(bands) : 0.0f;
    }
    return env;
}

namespace {

// sum ln(max(amin, x[i])), the numerator of the spectral flatness's geometric mean. A log per
// bin was half of the descriptors' time, so it uses ln x = e ln 2 + ln m (x = m 2^e, m in
// [1, 2)): exponents are summed as integers and mantissas multiplied, 8 lanes at a time, for
// 128 values (a lane's product of 16 mantissas stays below 2^16), before one log per 128. The
// float products round ~1e-6 relative per block: the sum is closer to the exact value than a
// float log per bin (measured: 1e-11 vs 5e-11 relative).
double sumLogFloored(const float* x, int n, float amin) {
    double total = 0;
    int k = 0;
#if defined(__AVX2__)
    constexpr int kBlock = 128;
    const __m256 floor = _mm256_set1_ps(amin);
    const __m256i mantissaMask = _mm256_set1_epi32(0x7fffff);
    const __m256i exponentOfOne = _mm256_set1_epi32(0x3f800000);
    __m256i exponents = _mm256_setzero_si256();  // biased; at most 255 x 128 x blocks per lane
    qint64 blocks = 0;
    for (; k + kBlock <= n; k += kBlock, ++blocks) {
        __m256 product = _mm256_set1_ps(1.0f);
        for (int j = 0; j < kBlock; j += 8) {
            const __m256i bits =
                _mm256_castps_si256(_mm256_max_ps(floor, _mm256_loadu_ps(x + k + j)));
            exponents = _mm256_add_epi32(exponents, _mm256_srli_epi32(bits, 23));
            product =
                _mm256_mul_ps(product, _mm256_castsi256_ps(_mm256_or_si256(
                                           _mm256_and_si256(bits, mantissaMask), exponentOfOne)));
        }
        alignas(32) float p[8];
        _mm256_store_ps(p, product);
        double all = 1;  // < 2^128: no overflow in double
        for (float v : p) all *= double(v);
        total += std::log(all);
    }
    alignas(32) std::int32_t e[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(e), exponents);
    qint64 exponentSum = -127 * qint64(kBlock) * blocks;
    for (std::int32_t v : e) exponentSum += v;
    total += double(exponentSum) * std::numbers::ln2;
#endif
    for (; k < n; ++k) total += std::log(double(std::max(amin, x[k])));
    return total;
}

}  // namespace

float estimateTempo(const std::vector<std::vector<float>>& envelopes, double framesPerSecond) {
    const int minLag = std::max(1, int(std::ceil(60.0 * framesPerSecond / 300.0)));
    const int maxLag = int(std::floor(60.0 * framesPerSecond / 30.0));
    std::vector<double> ac(size_t(maxLag + 2), 0.0);
    for (const auto& raw : envelopes) {
        const int n = int(raw.size());
        const double mean = n ? std::accumulate(raw.begin(), raw.end(), 0.0) / n : 0.0;
        // A triangular smoothing over +-2 frames first: onsets fall between frames, and a period
        // of 18.46 frames would otherwise split its peak over lags 18 and 19 while twice the
        // period (36.9) lands on one lag, halving the tempo found.
        std::vector<double> env(size_t(n), 0.0);
        constexpr double kTaps[5] = {1 / 9.0, 2 / 9.0, 3 / 9.0, 2 / 9.0, 1 / 9.0};
        for (int t = 0; t < n; ++t)
            for (int j = -2; j <= 2; ++j)
                if (t + j >= 0 && t + j < n)
                    env[size_t(t)] += kTaps[j + 2] * (raw[size_t(t + j)] - mean);
        for (int lag = minLag - 1; lag <= maxLag + 1 && lag < n; ++lag) {
            double sum = 0;
            for (int t = 0; t + lag < n; ++t) sum += env[size_t(t)] * env[size_t(t + lag)];
            ac[size_t(lag)] += sum;
        }
    }
    int best = -1;
    double bestScore = 0;
    for (int lag = minLag; lag <= maxLag; ++lag) {
        const double bpm = 60.0 * framesPerSecond / lag;
        const double prior = std::exp(-0.5 * std::pow(std::log2(bpm / 120.0), 2));
        const double score = ac[size_t(lag)] * prior;
        if (score > bestScore) {
            bestScore = score;
            best = lag;
        }
    }
    if (best < 0) return 0.0f;
    // Parabolic interpolation around the best lag: integer lags quantise 100 BPM to +-2%.
    double lag = best;
    const double a = ac[size_t(best - 1)], b = ac[size_t(best)], c = ac[size_t(best + 1)];
    const double denom = a - 2 * b + c;
    if (denom < 0) lag += std::clamp(0.5 * (a - c) / denom, -0.5, 0.5);
    return float(60.0 * framesPerSecond / lag);
}

DescriptorAccumulator::DescriptorAccumulator(int sampleRate, int nFft, int hop, int nMels)
    : sampleRate_(sampleRate),
      hop_(hop),
      dct_(dctMatrix(kMfccCount, nMels)),
      binHz_(nFft / 2 + 1),
      binHz2_(nFft / 2 + 1),
      mfccSum_(Eigen::VectorXd::Zero(kMfccCount)),
      mfccSumSq_(Eigen::VectorXd::Zero(kMfccCount)) {
    for (int k = 0; k <= nFft / 2; ++k) {
        binHz_[k] = float(double(k) * sampleRate / nFft);
        binHz2_[k] = binHz_[k] * binHz_[k];
    }
}

void DescriptorAccumulator::add(const Eigen::MatrixXf& logMelDb, const Eigen::MatrixXf& power) {
    addSpectra(power);
    addLogMel(logMelDb);
}

void DescriptorAccumulator::addSpectra(const Eigen::Ref<const Eigen::MatrixXf>& power) {
    // Whole-block, vectorised forms (Eigen's packet sqrt, matrix-vector products): per-bin
    // scalar loops here cost twice the STFT. Centroid and bandwidth weigh bins by magnitude |X|
    // (librosa's default S); bandwidth^2 = sum(w f^2) / sum(w) - centroid^2.
    const Eigen::Index frames = power.cols();
    const Eigen::MatrixXf mag = power.array().sqrt().matrix();
    const Eigen::RowVectorXf magSum = mag.colwise().sum();
    const Eigen::RowVectorXf m1 = binHz_.transpose() * mag;
    const Eigen::RowVectorXf m2 = binHz2_.transpose() * mag;
    constexpr float kAmin = 1e-10f;  // librosa.feature.spectral_flatness's amin
    const auto bins = int(power.rows());
    for (Eigen::Index t = 0; t < frames; ++t) {
        const double logMean = sumLogFloored(power.col(t).data(), bins, kAmin) / bins;
        const double powMean = double(power.col(t).array().max(kAmin).sum()) / bins;
        if (magSum[t] > 0) {
            const double centroid = double(m1[t]) / magSum[t];
            centroidSum_ += centroid;
            bandwidthSum_ +=
                std::sqrt(std::max(0.0, double(m2[t]) / magSum[t] - centroid * centroid));
        }
        flatnessSum_ += std::exp(logMean) / powMean;
    }
    spectralFrames_ += frames;
}

void DescriptorAccumulator::addLogMel(const Eigen::MatrixXf& logMelDb) {
    const Eigen::MatrixXf mfcc = dct_ * logMelDb;  // kMfccCount x frames
    mfccSum_ += mfcc.rowwise().sum().cast<double>();
    mfccSumSq_ += mfcc.array().square().rowwise().sum().matrix().cast<double>();
    frames_ += logMelDb.cols();
    std::vector<float> env = onsetStrength(logMelDb);
    onsetSum_ += std::accumulate(env.begin(), env.end(), 0.0);
    onsetFrames_ += qint64(env.size());
    onsets_ += qint64(pickOnsets(env, double(sampleRate_) / hop_).size());
    envelopes_.push_back(std::move(env));
}

TrackDescriptors DescriptorAccumulator::finish() const {
    TrackDescriptors d;
    if (frames_ == 0 && spectralFrames_ == 0) return d;
    const double n = double(std::max<qint64>(frames_, 1));
    for (int k = 0; k < kMfccCount && frames_ > 0; ++k) {
        const double mean = mfccSum_[k] / n;
        d.mfccMean[size_t(k)] = float(mean);
        d.mfccVar[size_t(k)] = float(std::max(0.0, mfccSumSq_[k] / n - mean * mean));
    }
    const double spectra = double(std::max<qint64>(spectralFrames_, 1));
    d.centroidHz = float(centroidSum_ / spectra);
    d.bandwidthHz = float(bandwidthSum_ / spectra);
    d.flatness = float(flatnessSum_ / spectra);
    const double fps = double(sampleRate_) / hop_;
    d.onsetStrength = onsetFrames_ ? float(onsetSum_ / double(onsetFrames_)) : 0.0f;
    d.onsetRate = onsetFrames_ ? float(double(onsets_) / (double(onsetFrames_) / fps)) : 0.0f;
    d.tempoBpm = estimateTempo(envelopes_, fps);
    return d;
}

}  // namespace tl::audio
