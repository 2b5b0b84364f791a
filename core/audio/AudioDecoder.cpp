#include "audio/AudioDecoder.h"

#include <sndfile.h>
#include <soxr.h>

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "job/Progress.h"

namespace tl::audio {
namespace {

// Frames per sf_readf_float call: ~1.5 s at 44.1 kHz, so a cancel is seen within milliseconds.
constexpr sf_count_t kChunkFrames = 65536;

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

struct SoxrDeleter {
    void operator()(soxr_t s) const { soxr_delete(s); }
};

QString seconds(double s) {
    return QString::number(s, 'f', 2) + QStringLiteral(" s");
}

// Reads [start, start + frames) as mono (channel mean). A short read is an error: the file holds
// less than its header promised (truncated), or the codec failed.
Status readMono(SNDFILE* file, const SF_INFO& info, sf_count_t start, sf_count_t frames,
                std::vector<float>& mono, const Progress* progress) {
    // One channel is read straight into `mono`; more go through `chunk` and are averaged.
    mono.resize(size_t(frames));
    const double rate = info.samplerate;
    if (sf_seek(file, start, SEEK_SET) < 0)
        return Status::error(
            QStringLiteral("cannot seek to %1: %2")
                .arg(seconds(start / rate), QString::fromLocal8Bit(sf_strerror(file))));
    const int channels = info.channels;
    std::vector<float> chunk(channels == 1 ? 0 : size_t(kChunkFrames) * size_t(channels));
    sf_count_t done = 0;
    while (done < frames) {
        if (progress && progress->cancelled()) return Status::cancelled();
        const sf_count_t want = std::min(kChunkFrames, frames - done);
        float* dest = mono.data() + done;
        const sf_count_t got = sf_readf_float(file, channels == 1 ? dest : chunk.data(), want);
        if (got > 0) {
            if (channels == 2) {  // the common case, as a loop the compiler vectorises
                const float* in = chunk.data();
                for (sf_count_t i = 0; i < got; ++i) dest[i] = (in[2 * i] + in[2 * i + 1]) * 0.5f;
            } else if (channels > 2) {
                const float scale = 1.0f / float(channels);
                for (sf_count_t i = 0; i < got; ++i) {
                    const float* frame = chunk.data() + i * channels;
                    float sum = 0;
                    for (int c = 0; c < channels; ++c) sum += frame[c];
                    dest[i] = sum * scale;
                }
            }
            done += got;
        }
        if (got < want) {
            const int code = sf_error(file);
            const double at = (start + done) / rate;
            if (code != SF_ERR_NO_ERROR)
                return Status::error(
                    QStringLiteral("truncated or damaged: decoding stopped at %1 of %2 (%3)")
                        .arg(seconds(at), seconds(info.frames / rate),
                             QString::fromLocal8Bit(sf_strerror(file)).trimmed()));
            return Status::error(
                QStringLiteral("truncated: the audio ends at %1 but the header says %2")
                    .arg(seconds(at), seconds(info.frames / rate)));
        }
    }
    return Status::ok();
}

using WindowPlanner = std::function<std::vector<ExcerptWindow>(double trackSeconds)>;

Result<DecodedTrack> decodeImpl(const QString& path, int sampleRate, const WindowPlanner& plan,
                                const Progress* progress) {
    const QFileInfo fileInfo(path);
    if (!fileInfo.exists())
        return Status::error(
            QStringLiteral("%1: file not found (moved or deleted since the scan)").arg(path));
    if (fileInfo.size() == 0)
        return Status::error(QStringLiteral("%1: empty file (0 bytes)").arg(path));
    SF_INFO info{};
    const QByteArray native = QFile::encodeName(path);
    SndfilePtr file(sf_open(native.constData(), SFM_READ, &info));
    if (!file)
        return Status::error(QStringLiteral("%1: not audio libsndfile can read (%2)")
                                 .arg(path, QString::fromLocal8Bit(sf_strerror(nullptr))));
    if (info.channels <= 0 || info.samplerate <= 0)
        return Status::error(QStringLiteral("%1: no channels or no sample rate").arg(path));
    if (info.frames <= 0) return Status::error(QStringLiteral("%1: holds no audio").arg(path));
    DecodedTrack track;
    track.sourceRate = info.samplerate;
    track.sourceChannels = info.channels;
    track.sourceFrames = info.frames;
    track.seconds = double(info.frames) / info.samplerate;
    std::vector<float> mono;
    for (const ExcerptWindow& w : plan(track.seconds)) {
        const sf_count_t start =
            std::clamp<sf_count_t>(std::llround(w.startSeconds * info.samplerate), 0, info.frames);
        const sf_count_t frames =
            std::min<sf_count_t>(std::llround(w.seconds * info.samplerate), info.frames - start);
        if (frames <= 0) continue;
        if (Status s = readMono(file.get(), info, start, frames, mono, progress); !s.isOk())
            return s.withContext(path);
        DecodedExcerpt excerpt;
        excerpt.window = {double(start) / info.samplerate, double(frames) / info.samplerate};
        if (info.samplerate == sampleRate) {
            excerpt.mono = std::move(mono);
            mono = {};
        } else if (Status s = resampleMono(mono.data(), qint64(mono.size()), info.samplerate,
                                           sampleRate, excerpt.mono, progress);
                   !s.isOk()) {
            return s.withContext(path);
        }
        track.excerpts.push_back(std::move(excerpt));
    }
    return track;
}

}  // namespace

Status resampleMono(const float* in, qint64 samples, int fromRate, int toRate,
                    std::vector<float>& out, const Progress* progress) {
    const double ratio = double(toRate) / fromRate;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    soxr_error_t error = nullptr;
    std::unique_ptr<soxr, SoxrDeleter> soxr(
        soxr_create(fromRate, toRate, 1, &error, &io, &quality, &runtime));
    if (error || !soxr)
        return Status::error(QStringLiteral("cannot resample %1 Hz to %2 Hz: %3")
                                 .arg(fromRate)
                                 .arg(toRate)
                                 .arg(QString::fromLatin1(error ? error : "soxr_create failed")));
    // librosa's length: ceil(samples * ratio); soxr gives that once flushed.
    const qint64 expected = qint64(std::ceil(double(samples) * ratio));
    const size_t base = out.size();
    out.resize(base + size_t(expected) + 64);
    qint64 written = 0, consumed = 0;
    constexpr qint64 kChunk = 1 << 17;
    while (true) {
        if (progress && progress->cancelled()) return Status::cancelled();
        const bool flushing = consumed >= samples;
        const qint64 give = flushing ? 0 : std::min(kChunk, samples - consumed);
        size_t idone = 0, odone = 0;
        error = soxr_process(soxr.get(), flushing ? nullptr : in + consumed, size_t(give), &idone,
                             out.data() + base + written, size_t(expected + 64 - written), &odone);
        if (error)
            return Status::error(
                QStringLiteral("resampling failed: %1").arg(QString::fromLatin1(error)));
        consumed += qint64(idone);
        written += qint64(odone);
        if (flushing && odone == 0) break;
        if (written >= expected + 64) break;
    }
    out.resize(base + size_t(std::min(written, expected)));
    return Status::ok();
}

Result<DecodedTrack> decodeExcerpts(const QString& path, const FrontEndOptions& options,
                                    const Progress* progress) {
    return decodeImpl(
        path, options.sampleRate, [&](double s) { return planExcerpts(s, options); }, progress);
}

Result<DecodedTrack> decodeWindows(const QString& path, int sampleRate,
                                   const std::vector<ExcerptWindow>* windows,
                                   const Progress* progress) {
    return decodeImpl(
        path, sampleRate,
        [&](double s) {
            return windows ? *windows : std::vector<ExcerptWindow>{ExcerptWindow{0.0, s}};
        },
        progress);
}

}  // namespace tl::audio
