// What the track player plays through, and what it plays: an audio output behind a small
// interface (Qt Multimedia's QAudioSink in the app, a paced fake in tests, so region playback's
// exact samples and timing are tested without a sound card), and a QIODevice that hands out one
// range of the decoded PCM, looping it or ending at its last sample.
#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <functional>
#include <memory>

class QAudioSink;

namespace tl {

// Pulls 16-bit mono PCM from a QIODevice at a sample rate, as a sound card does.
class AudioOutput : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Starts pulling from `source` (which must outlive the output); false, with errorString()
    // saying why, when it cannot.
    virtual bool start(QIODevice* source, int rate) = 0;
    virtual void stop() = 0;
    // Microseconds of audio played since start(): what has been heard, not what was pulled.
    virtual qint64 processedUSecs() const = 0;
    QString errorString() const { return error_; }

Q_SIGNALS:
    void drained();  // the source has nothing more: what was asked for has been played

protected:
    QString error_;
};

using AudioOutputFactory = std::function<std::unique_ptr<AudioOutput>()>;

// The real output: a QAudioSink on the default device (none here: start() says so).
class SinkAudioOutput : public AudioOutput {
    Q_OBJECT
public:
    using AudioOutput::AudioOutput;
    ~SinkAudioOutput() override;
    bool start(QIODevice* source, int rate) override;
    void stop() override;
    qint64 processedUSecs() const override;

private:
    QAudioSink* sink_ = nullptr;
};

// Serves 16-bit mono samples [first, end) of `pcm`, beginning at `start`; at `end` it starts
// again at `first` when looping, else reads give nothing more (and atEnd() is true), which an
// output takes for the end. Counts what it has handed out.
class PcmRangeSource : public QIODevice {
    Q_OBJECT
public:
    PcmRangeSource(QByteArray pcm, qint64 first, qint64 end, qint64 start, bool loop,
                   QObject* parent = nullptr);
    void setLoop(bool loop) { loop_ = loop; }
    bool loops() const { return loop_; }
    qint64 firstSample() const { return first_; }
    qint64 endSample() const { return end_; }
    qint64 bytesServed() const { return served_; }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray pcm_;
    qint64 first_, end_, next_;  // samples
    bool loop_;
    qint64 served_ = 0;
};

}  // namespace tl
