#include "RegionPlayback.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>
#include <algorithm>
#include <cstring>
#include <limits>

namespace tl {

SinkAudioOutput::~SinkAudioOutput() {
    stop();
}

bool SinkAudioOutput::start(QIODevice* source, int rate) {
    stop();
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        error_ = tr("No audio output device is available.");
        return false;
    }
    QAudioFormat format;
    format.setSampleRate(rate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
        error_ = tr("The audio output does not take 16-bit mono at %1 Hz.").arg(rate);
        return false;
    }
    sink_ = new QAudioSink(device, format, this);
    connect(sink_, &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state == QAudio::IdleState) Q_EMIT drained();
    });
    // A short buffer (~100 ms): the backend's default (PulseAudio's is about 2 s) would hold a
    // region's end, and the playhead, that long after the range was played.
    sink_->setBufferSize(rate / 10 * int(sizeof(qint16)));
    sink_->start(source);
    if (sink_->error() != QAudio::NoError) {
        error_ = tr("The audio output could not start.");
        stop();
        return false;
    }
    return true;
}

void SinkAudioOutput::stop() {
    if (!sink_) return;
    sink_->disconnect(this);
    sink_->stop();
    sink_->deleteLater();
    sink_ = nullptr;
}

qint64 SinkAudioOutput::processedUSecs() const {
    return sink_ ? sink_->processedUSecs() : 0;
}

PcmRangeSource::PcmRangeSource(QByteArray pcm, qint64 first, qint64 end, qint64 start, bool loop,
                               QObject* parent)
    : QIODevice(parent), pcm_(std::move(pcm)), loop_(loop) {
    const qint64 total = pcm_.size() / qint64(sizeof(qint16));
    first_ = std::clamp(first, qint64(0), total);
    end_ = std::clamp(end, first_, total);
    next_ = std::clamp(start, first_, end_);
    open(QIODevice::ReadOnly);
}

qint64 PcmRangeSource::bytesAvailable() const {
    if (loop_ && end_ > first_) return std::numeric_limits<int>::max();
    return (end_ - next_) * qint64(sizeof(qint16)) + QIODevice::bytesAvailable();
}

qint64 PcmRangeSource::readData(char* data, qint64 maxSize) {
    const qint64 wanted = maxSize / qint64(sizeof(qint16));
    qint64 given = 0;
    while (given < wanted) {
        if (next_ >= end_) {
            if (!loop_ || end_ <= first_) break;
            next_ = first_;
        }
        const qint64 n = std::min(wanted - given, end_ - next_);
        std::memcpy(data + given * qint64(sizeof(qint16)),
                    pcm_.constData() + next_ * qint64(sizeof(qint16)), size_t(n) * sizeof(qint16));
        given += n;
        next_ += n;
    }
    served_ += given * qint64(sizeof(qint16));
    return given * qint64(sizeof(qint16));
}

}  // namespace tl
