#include "SoundFiles.h"

#include <sndfile.h>

#include <QFile>
#include <cmath>
#include <numbers>

namespace tl::test {

std::vector<float> sine(double hz, double seconds, int rate, double amplitude, double phase) {
    const auto n = static_cast<size_t>(std::llround(seconds * rate));
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i)
        out[i] = float(amplitude * std::sin(2 * std::numbers::pi * hz * double(i) / rate + phase));
    return out;
}

std::vector<float> whiteNoise(double seconds, int rate, double amplitude, std::uint64_t seed) {
    const auto n = static_cast<size_t>(std::llround(seconds * rate));
    std::vector<float> out(n);
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < n; ++i) {
        state ^= state << 13;  // xorshift64: enough for test noise, and the same everywhere
        state ^= state >> 7;
        state ^= state << 17;
        out[i] = float(amplitude * (2.0 * double(state >> 11) / double(1ull << 53) - 1.0));
    }
    return out;
}

std::vector<float> clickTrain(double period, double seconds, int rate) {
    const auto n = static_cast<size_t>(std::llround(seconds * rate));
    std::vector<float> out(n, 0.0f);
    for (double t = period / 2; t < seconds; t += period) {
        const auto i = static_cast<size_t>(std::llround(t * rate));
        if (i < n) out[i] = 1.0f;
    }
    return out;
}

QString writeSound(const QString& path, const std::vector<float>& interleaved, int channels,
                   int rate, int sfFormat) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = sfFormat;
    const QByteArray native = QFile::encodeName(path);
    SNDFILE* file = sf_open(native.constData(), SFM_WRITE, &info);
    if (!file) return QString::fromLocal8Bit(sf_strerror(nullptr));
    const sf_count_t frames = sf_count_t(interleaved.size()) / channels;
    const sf_count_t done = sf_writef_float(file, interleaved.data(), frames);
    QString error;
    if (done != frames) error = QString::fromLocal8Bit(sf_strerror(file));
    if (sf_close(file) != 0 && error.isEmpty()) error = QStringLiteral("cannot close");
    return error;
}

std::vector<float> interleave(const std::vector<std::vector<float>>& channels) {
    if (channels.empty()) return {};
    const size_t frames = channels.front().size(), c = channels.size();
    std::vector<float> out(frames * c);
    for (size_t f = 0; f < frames; ++f)
        for (size_t k = 0; k < c; ++k) out[f * c + k] = channels[k][f];
    return out;
}

}  // namespace tl::test
