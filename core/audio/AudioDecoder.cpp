#include "audio/AudioDecoder.h"

#include <sndfile.h>
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "audio/FfmpegReader.h"
#include "audio/PlausibleLength.h"
#include "audio/RiffCheck.h"
#include "job/Progress.h"
#include "util/NativePath.h"

namespace tl::audio {
namespace {

// Samples (frames x channels) per sf_readf_float call: ~1.5 s of stereo at 44.1 kHz, so a
// cancel is seen within milliseconds, and a header claiming 1,024 channels costs no more memory
// than a stereo file (the block shrinks in frames instead).
constexpr sf_count_t kChunkSamples = 131072;
// The sample rates audio files use (telephone speech at 4 kHz to 768 kHz studio masters),
// with room on both sides.
constexpr int kMinSampleRate = 1000;
constexpr int kMaxSampleRate = 1536000;
// The most audio one decode hands on (whole-track decodes: the spectrogram view, --excerpts
// whole): 3 hours at the output rate, ~950 MB of float at 22.05 kHz.
constexpr double kMaxDecodedSeconds = 3.0 * 3600.0;
// Float audio's full scale is +-1; a sample past this is a damaged file, not a loud one (and
// NaN fails the comparison too).
constexpr float kMaxSampleMagnitude = 1000.0f;
// Codecs pad and trim (Opus' pre-skip, the last Vorbis packet): a stream may end this much
// before its header's length without being damaged.
constexpr double kEndSlackSeconds = 0.25;
// What readMono reserves ahead of the audio it has actually read: the rest grows with the data,
// so memory follows what is decoded, never what a header claims.
constexpr size_t kMaxReserveFrames = size_t(1) << 22;

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

// A decoder open on one file, and the length it was found to have. The reader is libsndfile, or
// FFmpeg for what libsndfile cannot read (audio/FfmpegReader.h); everything past reading
// interleaved frames and seeking (lengths, windows, mono, resampling, checks) is shared.
struct OpenFile {
    QString path;
    SndfilePtr file;
    std::unique_ptr<FfmpegReader> ffmpeg;  // set when FFmpeg reads this file
    SF_INFO info{};
    sf_count_t frames = 0;  // checked: the header's, or counted by decoding to the end
    bool counted = false;   // the header's length was not usable
    bool forward = false;   // read forward only, never sf_seek (counted, or seeking failed)
    sf_count_t position = 0;
};

// The reader's part: interleaved frames, a seek, and its error (empty: none).
sf_count_t readInterleaved(OpenFile& f, float* out, sf_count_t frames) {
    if (f.ffmpeg) return f.ffmpeg->read(out, frames);
    return sf_readf_float(f.file.get(), out, frames);
}

bool seekTo(OpenFile& f, sf_count_t frame) {
    if (f.ffmpeg) return f.ffmpeg->seek(frame);
    return sf_seek(f.file.get(), frame, SEEK_SET) >= 0;
}

QString readerError(OpenFile& f) {
    if (f.ffmpeg) return f.ffmpeg->error();
    if (sf_error(f.file.get()) == SF_ERR_NO_ERROR) return {};
    return QString::fromLocal8Bit(sf_strerror(f.file.get())).trimmed();
}

sf_count_t blockFrames(int channels) {
    return std::max<sf_count_t>(1, kChunkSamples / std::max(1, channels));
}

// Decodes `frames` frames from the current position into `mono` (appended as channel means;
// with mono == nullptr they are only counted). Returns the frames read: fewer at the end of the
// stream or on a decode error (sf_error says which).
sf_count_t readFrames(OpenFile& f, sf_count_t frames, std::vector<float>* mono,
                      std::vector<float>& chunk, const Progress* progress, bool* cancelled) {
    const int channels = f.info.channels;
    const sf_count_t block = blockFrames(channels);
    chunk.resize(size_t(block) * size_t(channels));
    sf_count_t done = 0;
    while (done < frames) {
        if (progress && progress->cancelled()) {
            *cancelled = true;
            return done;
        }
        const sf_count_t want = std::min(block, frames - done);
        const sf_count_t got = readInterleaved(f, chunk.data(), want);
        if (got > 0 && mono) {
            const size_t base = mono->size();
            mono->resize(base + size_t(got));
            float* dest = mono->data() + base;
            const float* in = chunk.data();
            if (channels == 1) {
                std::copy(in, in + got, dest);
            } else if (channels == 2) {  // the common case, as a loop the compiler vectorises
                for (sf_count_t i = 0; i < got; ++i) dest[i] = (in[2 * i] + in[2 * i + 1]) * 0.5f;
            } else {
                const float scale = 1.0f / float(channels);
                for (sf_count_t i = 0; i < got; ++i) {
                    const float* frame = in + i * channels;
                    float sum = 0;
                    for (int c = 0; c < channels; ++c) sum += frame[c];
                    dest[i] = sum * scale;
                }
            }
        }
        if (got > 0) done += got;
        f.position += std::max<sf_count_t>(got, 0);
        // A short read is not the end: libsndfile's Opus reader returns less at some page
        // boundaries (and flags an error it then recovers from). Only nothing read is the end.
        if (got <= 0) break;
    }
    return done;
}

// FFmpeg's part of openFile: fills f.info as sf_open would (the length is the container's claim,
// checked like a header's). Returns FFmpeg's reason on failure.
QString openFfmpeg(const QByteArray& native, OpenFile& f) {
    f.file.reset();
    if (!f.ffmpeg) f.ffmpeg = std::make_unique<FfmpegReader>();
    if (QString why = f.ffmpeg->open(native); !why.isEmpty()) {
        f.ffmpeg.reset();
        return why;
    }
    f.info = SF_INFO{};
    f.info.channels = f.ffmpeg->channels();
    f.info.samplerate = f.ffmpeg->sampleRate();
    f.info.frames = f.ffmpeg->claimedFrames();
    return {};
}

// libsndfile's part of openFile. Returns its reason on failure.
QString openSndfile(const QByteArray& native, OpenFile& f) {
    f.ffmpeg.reset();
    f.file.reset(sf_open(native.constData(), SFM_READ, &f.info));
    if (!f.file) return QString::fromLocal8Bit(sf_strerror(nullptr));
    return {};
}

Status openFile(const QString& path, OpenFile& f) {
    f.path = path;
    const QByteArray native = nativePath(path);
    // Before libsndfile: a header that makes its sf_open loop forever is refused here.
    auto riffProblem = [&] {
        const QString problem = riffChunkProblem(path);
        return problem.isEmpty()
                   ? Status::ok()
                   : Status::error(QStringLiteral("%1: %2").arg(displayPath(path), problem));
    };
    if (isFfmpegSuffix(path)) {
        // M4A, AAC, WMA, Matroska/WebM: libsndfile reads none of them. Unless it is not one at
        // all (a WAV named .m4a): then libsndfile tries it, as it reads any file by content.
        if (const QString why = openFfmpeg(native, f); !why.isEmpty()) {
            if (why != ffmpegUnknownFormat()) {
                return Status::error(QStringLiteral("%1: not audio FFmpeg can read (%2)")
                                         .arg(displayPath(path), why));
            }
            if (Status s = riffProblem(); !s.isOk()) return s;
            if (!openSndfile(native, f).isEmpty())
                return Status::error(QStringLiteral("%1: not audio FFmpeg can read (%2)")
                                         .arg(displayPath(path), why));
        }
    } else {
        if (Status s = riffProblem(); !s.isOk()) return s;
        if (const QString sndfileWhy = openSndfile(native, f); !sndfileWhy.isEmpty()) {
            // What libsndfile cannot read may be a container FFmpeg is used for under another
            // name (an M4A named .mp3, a file without a suffix).
            const QString why = openFfmpeg(native, f);
            if (why == ffmpegUnknownFormat())  // not FFmpeg's either
                return Status::error(QStringLiteral("%1: not audio libsndfile can read (%2)")
                                         .arg(displayPath(path), sndfileWhy));
            if (!why.isEmpty())
                return Status::error(QStringLiteral("%1: not audio libsndfile or FFmpeg can read "
                                                    "(libsndfile: %2; FFmpeg: %3)")
                                         .arg(displayPath(path), sndfileWhy, why));
        }
    }
    if (f.info.channels <= 0 || f.info.samplerate <= 0)
        return Status::error(
            QStringLiteral("%1: no channels or no sample rate").arg(displayPath(path)));
    // A header's rate is a count read from the file too: 1 Hz resampled to the analysis rate
    // would make 22,050 samples of every one read.
    if (f.info.samplerate < kMinSampleRate || f.info.samplerate > kMaxSampleRate)
        return Status::error(QStringLiteral("%1: a sample rate of %2 Hz is not one audio uses")
                                 .arg(displayPath(path))
                                 .arg(f.info.samplerate));
    f.position = 0;
    return Status::ok();
}

// Opens `path` and settles its length. When the header's length is not believable the file is
// decoded to its real end (where the stream stops or the codec fails) and that is the length:
// the windows are then planned inside audio that is known to decode.
Status openChecked(const QString& path, qint64 fileBytes, OpenFile& f, const Progress* progress) {
    if (Status s = openFile(path, f); !s.isOk()) return s;
    if (plausibleFrameCount(f.info.frames, f.info.samplerate, fileBytes)) {
        f.frames = f.info.frames;
        return Status::ok();
    }
    const sf_count_t limit = sf_count_t(kMaxTrackSeconds * f.info.samplerate) + 1;
    std::vector<float> chunk;
    bool cancelled = false;
    const sf_count_t real = readFrames(f, limit, nullptr, chunk, progress, &cancelled);
    if (cancelled) return Status::cancelled();
    if (real >= limit)
        return Status::error(QStringLiteral("%1: longer than %2 hours; not analysed")
                                 .arg(displayPath(path))
                                 .arg(kMaxTrackSeconds / 3600.0));
    if (real <= 0)
        return Status::error(
            QStringLiteral("%1: holds no audio that decodes (the header's length is not usable)")
                .arg(displayPath(path)));
    // Back to the start on a fresh decoder: a damaged stream may not seek.
    if (Status s = openFile(path, f); !s.isOk()) return s;
    f.frames = real;
    f.counted = true;
    f.forward = true;
    return Status::ok();
}

// Reads [start, start + frames) as mono (channel mean). A short read is an error: the file holds
// less than its header promised (truncated), or the codec failed. A file whose length had to be
// counted, or whose seek failed, is read forward from where it is (skipping by decoding). A
// clean end of stream at most kEndSlackSeconds early is the codec's padding, not damage: the
// excerpt is then that much shorter.
Status readMono(OpenFile& f, sf_count_t start, sf_count_t frames, std::vector<float>& mono,
                const Progress* progress) {
    mono.clear();
    mono.reserve(size_t(std::min<sf_count_t>(frames, sf_count_t(kMaxReserveFrames))));
    const double rate = f.info.samplerate;
    std::vector<float> chunk;
    bool cancelled = false;
    if (f.forward) {
        if (start < f.position) {  // a window before the last one: start again from the top
            if (Status s = openFile(f.path, f); !s.isOk()) return s;
        }
        const sf_count_t skip = start - f.position;
        if (readFrames(f, skip, nullptr, chunk, progress, &cancelled) < skip && !cancelled)
            return Status::error(
                QStringLiteral("damaged: decoding stopped at %1").arg(seconds(f.position / rate)));
    } else if (!seekTo(f, start)) {
        const QString why = readerError(f);
        return Status::error(QStringLiteral("cannot seek to %1%2")
                                 .arg(seconds(start / rate),
                                      why.isEmpty() ? QString() : QStringLiteral(": ") + why));
    } else {
        f.position = start;
    }
    const sf_count_t got =
        cancelled ? 0 : readFrames(f, frames, &mono, chunk, progress, &cancelled);
    if (cancelled) return Status::cancelled();
    if (got < frames) {
        const QString why = readerError(f);
        if (why.isEmpty() && got > 0 && frames - got <= sf_count_t(kEndSlackSeconds * rate))
            return Status::ok();  // mono holds the `got` frames there are
        const double at = (start + got) / rate;
        if (!why.isEmpty())
            return Status::error(
                QStringLiteral("truncated or damaged: decoding stopped at %1 of %2 (%3)")
                    .arg(seconds(at), seconds(f.frames / rate), why));
        return Status::error(
            QStringLiteral("truncated: the audio ends at %1 but the header says %2")
                .arg(seconds(at), seconds(f.frames / rate)));
    }
    return Status::ok();
}

using WindowPlanner = std::function<std::vector<ExcerptWindow>(double trackSeconds)>;

Result<DecodedTrack> decodeImpl(const QString& path, int sampleRate, const WindowPlanner& plan,
                                const Progress* progress) {
    const NativeFileInfo fileInfo = statNative(path);
    if (!fileInfo.exists)
        return Status::error(QStringLiteral("%1: file not found (moved or deleted since the scan)")
                                 .arg(displayPath(path)));
    if (fileInfo.size == 0)
        return Status::error(QStringLiteral("%1: empty file (0 bytes)").arg(displayPath(path)));
    if (sampleRate <= 0)
        return Status::error(QStringLiteral("%1: no output sample rate").arg(displayPath(path)));
    OpenFile f;
    if (Status s = openChecked(path, fileInfo.size, f, progress); !s.isOk()) return s;
    const int rate = f.info.samplerate;
    DecodedTrack track;
    track.sourceRate = rate;
    track.sourceChannels = f.info.channels;
    track.sourceFrames = f.frames;
    track.lengthCounted = f.counted;
    track.seconds = double(f.frames) / rate;
    std::vector<float> mono;
    double decodedSeconds = 0;
    for (const ExcerptWindow& w : plan(track.seconds)) {
        // Windows come from planners and callers: clamp in seconds first, so no product below
        // can overflow whatever they hold.
        if (!std::isfinite(w.startSeconds) || !std::isfinite(w.seconds)) continue;
        const double from = std::clamp(w.startSeconds, 0.0, track.seconds);
        const double length = std::clamp(w.seconds, 0.0, track.seconds - from);
        const sf_count_t start = std::clamp<sf_count_t>(std::llround(from * rate), 0, f.frames);
        const sf_count_t frames =
            std::min<sf_count_t>(std::llround(length * rate), f.frames - start);
        if (frames <= 0) continue;
        decodedSeconds += double(frames) / rate;
        if (decodedSeconds > kMaxDecodedSeconds)
            return Status::error(QStringLiteral("%1: more than %2 hours of audio to decode at "
                                                "once; analyse it in excerpts")
                                     .arg(displayPath(path))
                                     .arg(kMaxDecodedSeconds / 3600.0));
        Status read = readMono(f, start, frames, mono, progress);
        if (!read.isOk() && !read.isCancelled() && !f.forward) {
            // libsndfile's seek is not reliable on every stream (Ogg Opus files written by
            // ffmpeg fail right after sf_seek, even to 0, and decode whole when read forward):
            // read this file forward from its start instead.
            if (Status s = openFile(path, f); !s.isOk()) return s;
            f.forward = true;
            read = readMono(f, start, frames, mono, progress);
        }
        if (!read.isOk()) return read.withContext(path);
        // A float file can hold NaN, infinity, or values so large their power overflows: every
        // log-mel after them would be NaN or infinite, stored and trained on. librosa refuses
        // non-finite audio; the front-end also refuses samples past +-1000 (full scale is +-1:
        // that is 60 dB over it, no recording's overshoot).
        if (!std::all_of(mono.begin(), mono.end(),
                         [](float x) { return std::abs(x) <= kMaxSampleMagnitude; }))
            return Status::error(
                QStringLiteral("%1: holds samples that are not audio (NaN, infinity or beyond "
                               "+-%2) between %3 and %4")
                    .arg(displayPath(path))
                    .arg(kMaxSampleMagnitude)
                    .arg(seconds(double(start) / rate), seconds(double(start + frames) / rate)));
        DecodedExcerpt excerpt;
        excerpt.window = {double(start) / rate, double(mono.size()) / rate};
        if (rate == sampleRate) {
            excerpt.mono = std::move(mono);
            mono = {};
        } else if (Status s = resampleMono(mono.data(), qint64(mono.size()), rate, sampleRate,
                                           excerpt.mono, progress);
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
