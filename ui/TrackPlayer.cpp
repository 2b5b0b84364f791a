#include "TrackPlayer.h"

#include <QtConcurrent>
#include <algorithm>
#include <cmath>

#include "audio/AudioDecoder.h"

namespace tl {

TrackPlayer::TrackPlayer(QObject* parent) : QObject(parent) {
    factory_ = [] { return std::make_unique<SinkAudioOutput>(); };
    tick_.setInterval(30);  // ~33 playhead updates a second: smooth, and cheap to draw
    connect(&tick_, &QTimer::timeout, this, [this] {
        // The range (or the track) has been played to its end: stop now, not when the backend
        // next reports its buffer idle (PulseAudio's can lag by a second).
        if (output_ && source_ && !source_->loops() && source_->atEnd()) {
            const qint64 played = qint64(double(output_->processedUSecs()) * kRate / 1e6);
            if (startSample_ + played >= source_->endSample()) {
                stop();
                return;
            }
        }
        Q_EMIT positionChanged(position());
    });
}

TrackPlayer::~TrackPlayer() {
    releaseOutput();
    if (decoding_) decoding_->waitForFinished();
}

void TrackPlayer::setFile(const QString& path) {
    if (path == path_) return;
    stop();
    path_ = path;
    pcm_.clear();
}

void TrackPlayer::setOutputFactory(AudioOutputFactory factory) {
    stop();
    factory_ = std::move(factory);
}

double TrackPlayer::position() const {
    if (!output_ || !source_) return offset_;
    // What has been heard, from where this output started; past the range's end a loop has
    // gone round again from its first sample.
    const qint64 heard = qint64(double(output_->processedUSecs()) * kRate / 1e6);
    qint64 at = startSample_ + heard;
    const qint64 first = source_->firstSample(), end = source_->endSample();
    if (at >= end) at = source_->loops() && end > first ? first + (at - end) % (end - first) : end;
    return double(at) / kRate;
}

void TrackPlayer::setRange(double startSeconds, double endSeconds) {
    if (!(endSeconds > startSeconds)) startSeconds = endSeconds = 0.0;
    if (startSeconds == rangeStart_ && endSeconds == rangeEnd_) return;
    const double at = position();
    rangeStart_ = startSeconds;
    rangeEnd_ = endSeconds;
    if (playing_) startOutput(at);
}

void TrackPlayer::setLoop(bool loop) {
    loop_ = loop;
    if (source_) source_->setLoop(loop);
}

void TrackPlayer::play(double fromSeconds) {
    if (path_.isEmpty()) return;
    if (!pcm_.isEmpty()) {
        startOutput(fromSeconds);
        return;
    }
    pendingStart_ = fromSeconds;
    if (decoding_) return;  // already decoding: it starts at the newest position when done
    decoding_ = new QFutureWatcher<Decoded>(this);
    connect(decoding_, &QFutureWatcher<Decoded>::finished, this, &TrackPlayer::onDecoded);
    const QString path = path_;
    decoding_->setFuture(QtConcurrent::run([path]() -> Decoded {
        auto decoded = audio::decodeWindows(path, kRate, nullptr);
        if (!decoded) return {{}, decoded.status().message()};
        Decoded out;
        for (const audio::DecodedExcerpt& part : decoded.value().excerpts) {
            const qsizetype at = out.pcm.size();
            out.pcm.resize(at + qsizetype(part.mono.size() * sizeof(qint16)));
            auto* samples = reinterpret_cast<qint16*>(out.pcm.data() + at);
            for (size_t i = 0; i < part.mono.size(); ++i)
                samples[i] = qint16(std::lround(std::clamp(part.mono[i], -1.0f, 1.0f) * 32767.0f));
        }
        return out;
    }));
}

void TrackPlayer::onDecoded() {
    const Decoded result = decoding_->result();
    decoding_->deleteLater();
    decoding_ = nullptr;
    if (!result.error.isEmpty()) {
        Q_EMIT error(tr("Cannot play: %1").arg(result.error));
        return;
    }
    pcm_ = result.pcm;
    if (pendingStart_ >= 0.0) startOutput(std::exchange(pendingStart_, -1.0));
}

void TrackPlayer::releaseOutput() {
    if (output_) {
        output_->disconnect(this);
        output_->stop();
    }
    output_.reset();  // before its source: it may still hold a pointer to it
    source_.reset();
}

void TrackPlayer::startOutput(double fromSeconds) {
    releaseOutput();
    const qint64 total = pcm_.size() / qint64(sizeof(qint16));
    qint64 first = 0, end = total;
    if (hasRange()) {
        first = std::clamp(sampleAt(rangeStart_), qint64(0), total);
        end = std::clamp(sampleAt(rangeEnd_), first, total);
    }
    qint64 start = std::clamp(sampleAt(fromSeconds), qint64(0), total);
    if (start < first || start >= end) start = first;
    startSample_ = start;
    source_ = std::make_unique<PcmRangeSource>(pcm_, first, end, start, loop_);
    output_ = factory_();
    // Queued: the output is not deleted inside its own signal. By then another output may be
    // playing; it stops only if its source is at its end.
    connect(
        output_.get(), &AudioOutput::drained, this,
        [this] {
            if (source_ && source_->atEnd()) stop();  // the end of the track or the range
        },
        Qt::QueuedConnection);
    if (!output_->start(source_.get(), kRate)) {
        const QString why = output_->errorString();
        releaseOutput();
        offset_ = double(start) / kRate;
        Q_EMIT error(why);
        if (playing_) {
            playing_ = false;
            tick_.stop();
            Q_EMIT playingChanged(false);
        }
        return;
    }
    if (!playing_) {
        playing_ = true;
        Q_EMIT playingChanged(true);
    }
    tick_.start();
}

void TrackPlayer::pause() {
    if (!playing_) return;
    offset_ = position();
    releaseOutput();
    playing_ = false;
    tick_.stop();
    Q_EMIT playingChanged(false);
}

void TrackPlayer::stop() {
    pendingStart_ = -1.0;
    releaseOutput();
    offset_ = 0.0;
    tick_.stop();
    if (playing_) {
        playing_ = false;
        Q_EMIT playingChanged(false);
    }
    Q_EMIT positionChanged(-1.0);
}

}  // namespace tl
