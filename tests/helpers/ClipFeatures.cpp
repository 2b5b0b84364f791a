#include "ClipFeatures.h"

#include <sndfile.h>

#include <QFile>
#include <algorithm>
#include <cmath>
#include <complex>

namespace tl::test {
namespace {

QString tag(SNDFILE* file, int kind) {
    const char* value = sf_get_string(file, kind);
    return value ? QString::fromUtf8(value) : QString();
}

// In-place iterative radix-2 FFT; n must be a power of two.
void fft(std::vector<std::complex<double>>& a) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2.0 * M_PI / double(len);
        const std::complex<double> step(std::cos(angle), std::sin(angle));
        for (size_t i = 0; i < n; i += len) {
            std::complex<double> w(1.0);
            for (size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k];
                const auto v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= step;
            }
        }
    }
}

}  // namespace

DecodedAudio decodeAudio(const QString& path, bool readSamples) {
    DecodedAudio out;
    SF_INFO info{};
    const QByteArray native = QFile::encodeName(path);
    SNDFILE* file = sf_open(native.constData(), SFM_READ, &info);
    if (!file) {
        out.error = QString::fromLocal8Bit(sf_strerror(nullptr));
        return out;
    }
    out.sampleRate = info.samplerate;
    out.channels = info.channels;
    out.frames = info.frames;
    out.format = info.format & SF_FORMAT_TYPEMASK;
    out.artist = tag(file, SF_STR_ARTIST);
    out.title = tag(file, SF_STR_TITLE);
    out.album = tag(file, SF_STR_ALBUM);
    out.genre = tag(file, SF_STR_GENRE);
    out.trackNumber = tag(file, SF_STR_TRACKNUMBER);
    if (readSamples) {
        out.samples.resize(size_t(info.frames) * size_t(info.channels));
        const sf_count_t got = sf_readf_float(file, out.samples.data(), info.frames);
        if (got != info.frames) {
            out.error = QStringLiteral("read %1 of %2 frames").arg(got).arg(info.frames);
            sf_close(file);
            return out;
        }
    }
    sf_close(file);
    out.ok = true;
    return out;
}

ClipFeatures clipFeatures(const DecodedAudio& audio) {
    // Mono mix, then frames of ~46 ms (1024 at 22.05 kHz, 2048 at 44.1 kHz) with half overlap.
    const size_t frames = size_t(audio.frames);
    std::vector<double> mono(frames, 0.0);
    for (size_t i = 0; i < frames; ++i)
        for (int c = 0; c < audio.channels; ++c)
            mono[i] +=
                double(audio.samples[i * size_t(audio.channels) + size_t(c)]) / audio.channels;
    size_t n = 1024;
    while (double(n) / audio.sampleRate < 0.04) n <<= 1;
    const size_t hop = n / 2;
    const double binHz = double(audio.sampleRate) / double(n);
    std::vector<double> window(n);
    for (size_t i = 0; i < n; ++i)
        window[i] = 0.5 - 0.5 * std::cos(2.0 * M_PI * double(i) / double(n));

    double centroidSum = 0.0, flatnessSum = 0.0, weightSum = 0.0;
    double total = 0.0, low = 0.0, high = 0.0;
    std::vector<double> flux;
    std::vector<double> previous(n / 2, 0.0);
    std::vector<std::complex<double>> buffer(n);
    for (size_t start = 0; start + n <= frames; start += hop) {
        for (size_t i = 0; i < n; ++i) buffer[i] = mono[start + i] * window[i];
        fft(buffer);
        double energy = 0.0, weighted = 0.0, logSum = 0.0, f = 0.0;
        for (size_t k = 1; k < n / 2; ++k) {
            const double magnitude = std::abs(buffer[k]);
            const double power = magnitude * magnitude;
            const double hz = double(k) * binHz;
            energy += power;
            weighted += power * hz;
            logSum += std::log(power + 1e-12);
            if (hz < 200.0) low += power;
            if (hz > 4000.0) high += power;
            f += std::max(0.0, magnitude - previous[k]);
            previous[k] = magnitude;
        }
        total += energy;
        flux.push_back(f);
        if (energy < 1e-9) continue;  // silence says nothing about timbre
        const double bins = double(n / 2 - 1);
        centroidSum += energy * (weighted / energy);
        flatnessSum += energy * (std::exp(logSum / bins) / (energy / bins));
        weightSum += energy;
    }
    // Onsets: local maxima of spectral flux above mean + one standard deviation.
    double mean = 0.0, var = 0.0;
    for (double v : flux) mean += v / double(flux.size());
    for (double v : flux) var += (v - mean) * (v - mean) / double(flux.size());
    const double threshold = mean + std::sqrt(var);
    int onsets = 0;
    for (size_t i = 1; i + 1 < flux.size(); ++i)
        if (flux[i] > threshold && flux[i] >= flux[i - 1] && flux[i] > flux[i + 1]) ++onsets;
    const double seconds = double(frames) / audio.sampleRate;
    return {std::log2(centroidSum / std::max(weightSum, 1e-12) + 1.0),
            flatnessSum / std::max(weightSum, 1e-12), low / std::max(total, 1e-12),
            high / std::max(total, 1e-12), onsets / seconds};
}

}  // namespace tl::test
