#include "audio/FfmpegReader.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/time.h>
}

#include <QStringList>
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace tl::audio {
namespace {

// The containers FFmpeg is used for (demuxer names as av_match_list sees them): everything else
// is libsndfile's, and a file that is something else entirely (an HLS playlist naming other
// files, a concat list, a video) is never opened.
constexpr const char* kFormats = "mov,aac,asf,matroska";
// Decoders (by name) for the audio those containers carry. Cover art (an MJPEG or PNG stream in
// an M4A) is not decoded, not even while probing.
constexpr const char* kDecoders =
    "aac,aac_fixed,alac,opus,vorbis,mp3float,mp3,flac,wmav1,wmav2,wmapro,wmalossless";
constexpr AVCodecID kCodecs[] = {AV_CODEC_ID_AAC,        AV_CODEC_ID_ALAC,  AV_CODEC_ID_OPUS,
                                 AV_CODEC_ID_VORBIS,     AV_CODEC_ID_MP3,   AV_CODEC_ID_FLAC,
                                 AV_CODEC_ID_WMAV1,      AV_CODEC_ID_WMAV2, AV_CODEC_ID_WMAPRO,
                                 AV_CODEC_ID_WMALOSSLESS};
// Probing reads at most this much of the file, and this much of its audio.
constexpr const char* kProbeBytes = "1048576";
constexpr const char* kAnalyseMicroseconds = "5000000";
// Opening (headers, probing, the first frame) gives up after this long: no header may keep a
// scan's worker busy for longer, whatever it makes the demuxer do.
constexpr int64_t kOpenMicroseconds = 20 * 1000000;
// A seek lands this far before its target and decodes up to it: transform codecs (AAC, Opus,
// WMA) need the frames before a position to decode it right.
constexpr double kPrerollSeconds = 0.2;
// A target at most this far ahead of the read position is reached by decoding, which is exact
// and, this close, no slower than a seek.
constexpr double kDecodeAheadSeconds = 10.0;

// FFmpeg's log, per thread: the last error line is the clearest reason a file failed ("moov atom
// not found"), so it is kept for the error message instead of going to stderr.
thread_local char t_lastLog[256];

void logCallback(void*, int level, const char* format, va_list args) {
    if (level > AV_LOG_ERROR) return;
    std::vsnprintf(t_lastLog, sizeof t_lastLog, format, args);
}

void installLog() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(logCallback); });
}

QString lastLog() {
    return QString::fromUtf8(t_lastLog).trimmed();
}

QString errorText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

// "moov atom not found (Invalid data found when processing input)"; the code's text alone when
// FFmpeg logged nothing.
QString reason(int code) {
    const QString log = lastLog();
    const QString text = errorText(code);
    return log.isEmpty() || log == text ? text : QStringLiteral("%1 (%2)").arg(log, text);
}

struct Deadline {
    int64_t until = 0;
};

int interrupted(void* opaque) {
    const auto* d = static_cast<const Deadline*>(opaque);
    return d->until > 0 && av_gettime_relative() > d->until;
}

// Interleaved float from any of FFmpeg's sample formats: `count` frames from `offset`.
template <typename T>
void convert(const AVFrame* frame, int channels, bool planar, int offset, int count, float scale,
             float bias, float* out) {
    if (planar) {
        for (int c = 0; c < channels; ++c) {
            const T* in = reinterpret_cast<const T*>(frame->extended_data[c]) + offset;
            for (int i = 0; i < count; ++i)
                out[size_t(i) * channels + c] = (float(in[i]) - bias) * scale;
        }
    } else {
        const T* in = reinterpret_cast<const T*>(frame->data[0]) + size_t(offset) * channels;
        const size_t n = size_t(count) * channels;
        for (size_t i = 0; i < n; ++i) out[i] = (float(in[i]) - bias) * scale;
    }
}

bool convertFrame(const AVFrame* frame, int channels, int offset, int count, float* out) {
    const auto format = AVSampleFormat(frame->format);
    const bool planar = av_sample_fmt_is_planar(format);
    switch (av_get_packed_sample_fmt(format)) {
        case AV_SAMPLE_FMT_FLT:
            convert<float>(frame, channels, planar, offset, count, 1.0f, 0.0f, out);
            return true;
        case AV_SAMPLE_FMT_DBL:
            convert<double>(frame, channels, planar, offset, count, 1.0f, 0.0f, out);
            return true;
        case AV_SAMPLE_FMT_S16:
            convert<int16_t>(frame, channels, planar, offset, count, 1.0f / 32768.0f, 0.0f, out);
            return true;
        case AV_SAMPLE_FMT_S32:
            convert<int32_t>(frame, channels, planar, offset, count, 1.0f / 2147483648.0f, 0.0f,
                             out);
            return true;
        case AV_SAMPLE_FMT_U8:
            convert<uint8_t>(frame, channels, planar, offset, count, 1.0f / 128.0f, 128.0f, out);
            return true;
        default:
            return false;
    }
}

}  // namespace

struct FfmpegReader::State {
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* frame = nullptr;
    Deadline deadline;
    int stream = -1;
    int channels = 0;
    int rate = 0;
    bool sampleExactTimestamps = false;  // seeking by timestamp lands on the right sample
    int frameOffset = 0;                 // frames of `frame` already handed on
    bool haveFrame = false;              // `frame` holds decoded audio
    bool flushed = false;                // the demuxer ended: the decoder was sent its final flush
    bool ended = false;                  // the decoder has nothing more
    qint64 position = 0;                 // frames handed on since the start (or the last seek)
    QString error;

    ~State() { release(); }
    void release() {
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
        stream = -1;
        channels = rate = 0;
        haveFrame = flushed = ended = false;
        frameOffset = 0;
        position = 0;
        error.clear();
    }

    // The next decoded frame into `frame`. False at the end of the stream or on an error.
    bool nextFrame() {
        haveFrame = false;
        frameOffset = 0;
        while (!ended) {
            const int received = avcodec_receive_frame(codec, frame);
            if (received == 0) {
                if (frame->nb_samples <= 0) continue;
                if (frame->ch_layout.nb_channels != channels || frame->sample_rate != rate) {
                    error = QStringLiteral(
                                "the stream changes from %1 channels at %2 Hz to %3 at %4 Hz")
                                .arg(channels)
                                .arg(rate)
                                .arg(frame->ch_layout.nb_channels)
                                .arg(frame->sample_rate);
                    ended = true;
                    return false;
                }
                haveFrame = true;
                return true;
            }
            if (received == AVERROR_EOF) {
                ended = true;
                return false;
            }
            if (received != AVERROR(EAGAIN)) {
                error = reason(received);
                ended = true;
                return false;
            }
            if (flushed) {  // EAGAIN after the flush: the decoder is done
                ended = true;
                return false;
            }
            t_lastLog[0] = 0;  // a reason logged now is about this packet
            const int read = av_read_frame(format, packet);
            if (read == AVERROR_EOF) {
                flushed = true;
                avcodec_send_packet(codec, nullptr);
                continue;
            }
            if (read < 0) {
                error = reason(read);
                ended = true;
                return false;
            }
            if (packet->stream_index != stream) {
                av_packet_unref(packet);
                continue;
            }
            const int sent = avcodec_send_packet(codec, packet);
            av_packet_unref(packet);
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                error = reason(sent);
                ended = true;
                return false;
            }
        }
        return false;
    }

    // Discards `frames` frames (decoding them). False when the stream ends first.
    bool skip(qint64 frames) {
        while (frames > 0) {
            if (!haveFrame && !nextFrame()) return false;
            const qint64 take = std::min<qint64>(frames, frame->nb_samples - frameOffset);
            frameOffset += int(take);
            position += take;
            frames -= take;
            if (frameOffset >= frame->nb_samples) haveFrame = false;
        }
        return true;
    }
};

FfmpegReader::FfmpegReader() : d(std::make_unique<State>()) {}
FfmpegReader::~FfmpegReader() = default;

void FfmpegReader::close() {
    d->release();
}

bool FfmpegReader::isOpen() const {
    return d->codec != nullptr;
}

QString FfmpegReader::open(const QByteArray& native) {
    installLog();
    d->release();
    t_lastLog[0] = 0;
    d->format = avformat_alloc_context();
    if (!d->format) return QStringLiteral("out of memory");
    d->deadline.until = av_gettime_relative() + kOpenMicroseconds;
    d->format->interrupt_callback = {interrupted, &d->deadline};
    AVDictionary* options = nullptr;
    av_dict_set(&options, "format_whitelist", kFormats, 0);
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    av_dict_set(&options, "codec_whitelist", kDecoders, 0);
    av_dict_set(&options, "probesize", kProbeBytes, 0);
    av_dict_set(&options, "formatprobesize", kProbeBytes, 0);
    av_dict_set(&options, "analyzeduration", kAnalyseMicroseconds, 0);
    // "file:" so that no part of a path is taken for another protocol's name.
    const QByteArray url = QByteArrayLiteral("file:") + native;
    int result = avformat_open_input(&d->format, url.constData(), nullptr, &options);
    av_dict_free(&options);
    if (result < 0) {  // avformat_open_input freed the context
        d->format = nullptr;
        if (result == AVERROR(ENOENT)) return QStringLiteral("file not found");
        // Nothing matched the content, or what did is a format FFmpeg is not used for (a WAV,
        // a playlist): not FFmpeg's file.
        if ((result == AVERROR_INVALIDDATA && lastLog().isEmpty()) ||
            (result == AVERROR(EINVAL) && lastLog().contains(QLatin1String("not on whitelist"))))
            return ffmpegUnknownFormat();
        return reason(result);
    }
    result = avformat_find_stream_info(d->format, nullptr);
    if (result < 0) return reason(result);
    const AVCodec* decoder = nullptr;
    d->stream = av_find_best_stream(d->format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (d->stream < 0 || !decoder) return QStringLiteral("no audio stream FFmpeg decodes");
    AVStream* stream = d->format->streams[d->stream];
    d->sampleExactTimestamps = std::strncmp(d->format->iformat->name, "mov,", 4) == 0;
    if (std::find(std::begin(kCodecs), std::end(kCodecs), stream->codecpar->codec_id) ==
        std::end(kCodecs))
        return QStringLiteral("audio in %1, not a codec Tastelab reads")
            .arg(QString::fromLatin1(avcodec_get_name(stream->codecpar->codec_id)));
    for (unsigned i = 0; i < d->format->nb_streams; ++i)
        if (int(i) != d->stream) d->format->streams[i]->discard = AVDISCARD_ALL;
    d->codec = avcodec_alloc_context3(decoder);
    d->packet = av_packet_alloc();
    d->frame = av_frame_alloc();
    if (!d->codec || !d->packet || !d->frame) return QStringLiteral("out of memory");
    if ((result = avcodec_parameters_to_context(d->codec, stream->codecpar)) < 0)
        return reason(result);
    d->codec->thread_count = 1;  // the front-end parallelises across files
    d->codec->pkt_timebase = stream->time_base;
    AVDictionary* codecOptions = nullptr;
    av_dict_set(&codecOptions, "codec_whitelist", kDecoders, 0);
    result = avcodec_open2(d->codec, decoder, &codecOptions);
    av_dict_free(&codecOptions);
    if (result < 0) {
        const QString why = reason(result);
        avcodec_free_context(&d->codec);
        return why;
    }
    // The rate and channel count are the decoded audio's (HE-AAC decodes at twice the rate its
    // header gives, parametric stereo to two channels from one): the first frame says.
    while (true) {
        const int received = avcodec_receive_frame(d->codec, d->frame);
        if (received == 0 && d->frame->nb_samples > 0) break;
        if (received == 0) continue;
        if (received != AVERROR(EAGAIN) || d->flushed) {
            const QString why = received == AVERROR_EOF || received == AVERROR(EAGAIN)
                                    ? QStringLiteral("holds no audio that decodes")
                                    : reason(received);
            avcodec_free_context(&d->codec);
            return why;
        }
        const int read = av_read_frame(d->format, d->packet);
        if (read == AVERROR_EOF) {
            d->flushed = true;
            avcodec_send_packet(d->codec, nullptr);
            continue;
        }
        if (read < 0) {
            const QString why = reason(read);
            avcodec_free_context(&d->codec);
            return why;
        }
        if (d->packet->stream_index == d->stream) {
            const int sent = avcodec_send_packet(d->codec, d->packet);
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                av_packet_unref(d->packet);
                const QString why = reason(sent);
                avcodec_free_context(&d->codec);
                return why;
            }
        }
        av_packet_unref(d->packet);
    }
    d->channels = d->frame->ch_layout.nb_channels;
    d->rate = d->frame->sample_rate;
    d->haveFrame = true;
    d->deadline.until = 0;  // reading is bounded by the decoder's own checks and cancels
    t_lastLog[0] = 0;
    if (d->channels <= 0 || d->rate <= 0) {
        avcodec_free_context(&d->codec);
        return QStringLiteral("no channels or no sample rate");
    }
    return {};
}

int FfmpegReader::channels() const {
    return d->channels;
}

int FfmpegReader::sampleRate() const {
    return d->rate;
}

qint64 FfmpegReader::claimedFrames() const {
    if (!d->format || d->stream < 0 || d->rate <= 0) return -1;
    const AVStream* stream = d->format->streams[d->stream];
    int64_t frames = -1;
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0 && stream->time_base.num > 0 &&
        stream->time_base.den > 0)
        frames = av_rescale_q(stream->duration, stream->time_base, AVRational{1, d->rate});
    else if (d->format->duration != AV_NOPTS_VALUE && d->format->duration > 0)
        frames =
            av_rescale_q(d->format->duration, AVRational{1, AV_TIME_BASE}, AVRational{1, d->rate});
    return frames > 0 ? qint64(frames) : -1;
}

FfmpegTags FfmpegReader::tags() const {
    FfmpegTags t;
    if (!d->format) return t;
    const AVDictionary* dictionaries[] = {
        d->format->metadata, d->stream >= 0 ? d->format->streams[d->stream]->metadata : nullptr};
    const std::pair<QString*, const char*> fields[] = {
        {&t.artist, "artist"},   {&t.title, "title"}, {&t.album, "album"}, {&t.genre, "genre"},
        {&t.comment, "comment"}, {&t.date, "date"},   {&t.date, "year"}};
    for (const auto& [field, key] : fields)
        for (const AVDictionary* dict : dictionaries) {
            if (!field->isEmpty() || !dict) continue;
            if (const AVDictionaryEntry* e = av_dict_get(dict, key, nullptr, 0))
                *field = QString::fromUtf8(e->value).trimmed();
        }
    return t;
}

qint64 FfmpegReader::read(float* interleaved, qint64 frames) {
    if (!d->codec) return 0;
    qint64 done = 0;
    while (done < frames) {
        if (!d->haveFrame && !d->nextFrame()) break;
        const int count =
            int(std::min<qint64>(frames - done, d->frame->nb_samples - d->frameOffset));
        if (!convertFrame(d->frame, d->channels, d->frameOffset, count,
                          interleaved + size_t(done) * size_t(d->channels))) {
            d->error = QStringLiteral("decodes to samples of an unknown format");
            d->ended = true;
            d->haveFrame = false;
            break;
        }
        d->frameOffset += count;
        d->position += count;
        done += count;
        if (d->frameOffset >= d->frame->nb_samples) d->haveFrame = false;
    }
    return done;
}

bool FfmpegReader::seek(qint64 target) {
    if (!d->codec || target < 0 || !d->error.isEmpty()) return false;
    // Matroska and ASF time their packets in milliseconds, and WMA's and Opus' decoder delays
    // are not in the timestamps: a seek there lands tens of samples (Opus) to 90 ms (WMA) off.
    // Those are read forward, which is exact (and fast: these codecs decode at hundreds of times
    // real time). MP4 timestamps count samples: seeking there is exact.
    const bool ahead = target >= d->position;
    if (!d->sampleExactTimestamps) return ahead && d->skip(target - d->position);
    if (ahead && target - d->position <= qint64(kDecodeAheadSeconds * d->rate))
        return d->skip(target - d->position);
    AVStream* stream = d->format->streams[d->stream];
    const qint64 from = std::max<qint64>(0, target - qint64(kPrerollSeconds * d->rate));
    const int64_t ts = av_rescale_q(from, AVRational{1, d->rate}, stream->time_base);
    if (av_seek_frame(d->format, d->stream, ts, AVSEEK_FLAG_BACKWARD) < 0) return false;
    avcodec_flush_buffers(d->codec);
    d->haveFrame = d->flushed = d->ended = false;
    d->frameOffset = 0;
    // Where the decoded audio now starts, by the first frame's timestamp.
    if (!d->nextFrame()) return false;
    const int64_t pts = d->frame->best_effort_timestamp != AV_NOPTS_VALUE
                            ? d->frame->best_effort_timestamp
                            : d->frame->pts;
    if (pts == AV_NOPTS_VALUE) return false;
    const qint64 at = av_rescale_q(pts, stream->time_base, AVRational{1, d->rate});
    if (at > target) return false;  // landed past it: only reading forward finds it
    d->position = at;
    return d->skip(target - at);
}

QString FfmpegReader::error() const {
    return d->error;
}

QString FfmpegReader::versions() {
    const unsigned f = avformat_version(), c = avcodec_version();
    return QStringLiteral("libavformat %1.%2.%3, libavcodec %4.%5.%6")
        .arg(f >> 16)
        .arg((f >> 8) & 0xff)
        .arg(f & 0xff)
        .arg(c >> 16)
        .arg((c >> 8) & 0xff)
        .arg(c & 0xff);
}

bool isFfmpegSuffix(const QString& fileName) {
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0) return false;
    static const QStringList kSuffixes = {QStringLiteral("m4a"),  QStringLiteral("mp4"),
                                          QStringLiteral("m4b"),  QStringLiteral("aac"),
                                          QStringLiteral("alac"), QStringLiteral("wma"),
                                          QStringLiteral("mka"),  QStringLiteral("webm")};
    return kSuffixes.contains(fileName.mid(dot + 1).toLower());
}

}  // namespace tl::audio
