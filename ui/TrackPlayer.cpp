#include "TrackPlayer.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>

#include "audio/AudioDecoder.h"

namespace tl {

TrackPlayer::TrackPlayer(QObject* parent) : QObject(parent) {
    tick_.setInterval(30);  // ~33 playhead updates a second: smooth, and cheap to draw
    connect(&tick_, &QTimer::timeout, this, [this] { Q_EMIT positionChanged(position()); });
}

TrackPlayer::~TrackPlayer() {
    if (sink_) sink_->stop();
    if (decoding_) decoding_->waitForFinished();
}

void TrackPlayer::setFile(const QString& path) {
    if (path == path_) return;
    stop();
    path_ = path;
    pcm_.clear();
}

double TrackPlayer::position() const {
    if (!sink_) return offset_;
    return offset_ + double(sink_->processedUSecs()) / 1e6;
}

void TrackPlayer::play(double fromSeconds) {
    if (path_.isEmpty()) return;
    if (!pcm_.isEmpty()) {
        startSink(fromSeconds);
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
    if (pendingStart_ >= 0.0) startSink(std::exchange(pendingStart_, -1.0));
}

void TrackPlayer::startSink(double fromSeconds) {
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        Q_EMIT error(tr("No audio output device is available."));
        return;
    }
    QAudioFormat format;
    format.setSampleRate(kRate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
        Q_EMIT error(tr("The audio output does not take 16-bit mono at %1 Hz.").arg(kRate));
        return;
    }
    if (sink_) {
        sink_->stop();
        sink_->deleteLater();
    }
    sink_ = new QAudioSink(device, format, this);
    connect(sink_, &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state == QAudio::IdleState) stop();  // the end of the track
    });
    const qint64 totalSamples = pcm_.size() / qint64(sizeof(qint16));
    const qint64 first = std::clamp(qint64(fromSeconds * kRate), qint64(0), totalSamples);
    offset_ = double(first) / kRate;
    buffer_.close();
    buffer_.setData(pcm_);
    buffer_.open(QIODevice::ReadOnly);
    buffer_.seek(first * qint64(sizeof(qint16)));
    sink_->start(&buffer_);
    if (sink_->error() != QAudio::NoError) {
        Q_EMIT error(tr("The audio output could not start."));
        return;
    }
    playing_ = true;
    tick_.start();
    Q_EMIT playingChanged(true);
}

void TrackPlayer::pause() {
    if (!playing_) return;
    const double at = position();
    if (sink_) sink_->stop();
    offset_ = at;
    if (sink_) {
        sink_->deleteLater();
        sink_ = nullptr;
    }
    playing_ = false;
    tick_.stop();
    Q_EMIT playingChanged(false);
}

void TrackPlayer::stop() {
    pendingStart_ = -1.0;
    if (sink_) {
        sink_->stop();
        sink_->deleteLater();
        sink_ = nullptr;
    }
    offset_ = 0.0;
    tick_.stop();
    if (playing_) {
        playing_ = false;
        Q_EMIT playingChanged(false);
    }
    Q_EMIT positionChanged(-1.0);
}

}  // namespace tl
