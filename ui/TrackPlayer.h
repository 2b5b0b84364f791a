#pragma once

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>
#include <cmath>
#include <memory>

#include "RegionPlayback.h"

namespace tl {

// Plays one audio file from a given time, for the spectrogram view's playhead, or a region of
// it, once or looping. The file is decoded by core's decoder (the same libsndfile/FFmpeg path
// the analysis reads, so what is heard is what was analysed) on a worker, then streamed as
// 16-bit mono PCM to an AudioOutput (QAudioSink on the default output, or what
// setOutputFactory() makes). Without an output device it says so (error()) and nothing else
// happens.
class TrackPlayer : public QObject {
    Q_OBJECT
public:
    explicit TrackPlayer(QObject* parent = nullptr);
    ~TrackPlayer() override;

    void setFile(const QString& path);  // stops; decodes on the first play()
    QString file() const { return path_; }
    // Tests put a fake output here; the default makes a SinkAudioOutput.
    void setOutputFactory(AudioOutputFactory factory);
    // Plays from `fromSeconds`; with a range set, inside it (from its start when `fromSeconds`
    // is outside), to its end or round again.
    void play(double fromSeconds);
    void pause();
    void stop();
    bool isPlaying() const { return playing_; }
    double position() const;

    // A region of the track to play, in seconds, cut at the samples nearest its ends
    // (sampleAt()); end <= start clears it (the whole track). While playing, playback moves
    // into the new range.
    void setRange(double startSeconds, double endSeconds);
    void clearRange() { setRange(0.0, 0.0); }
    bool hasRange() const { return rangeEnd_ > rangeStart_; }
    double rangeStart() const { return rangeStart_; }
    double rangeEnd() const { return rangeEnd_; }
    void setLoop(bool loop);
    bool loops() const { return loop_; }

    static constexpr int kRate = 44100;
    static qint64 sampleAt(double seconds) { return qint64(std::llround(seconds * kRate)); }
    // The decoded track, 16-bit mono at kRate (empty until the first play() has decoded it).
    const QByteArray& pcm() const { return pcm_; }
    const PcmRangeSource* source() const { return source_.get(); }

Q_SIGNALS:
    void positionChanged(double seconds);  // negative: stopped
    void playingChanged(bool playing);
    void error(const QString& message);

private:
    void startOutput(double fromSeconds);
    void onDecoded();
    void releaseOutput();

    QString path_;
    QByteArray pcm_;
    AudioOutputFactory factory_;
    std::unique_ptr<AudioOutput> output_;
    std::unique_ptr<PcmRangeSource> source_;
    QTimer tick_;
    qint64 startSample_ = 0;  // where the current output started
    double offset_ = 0.0;     // the position while paused
    double pendingStart_ = -1.0;
    double rangeStart_ = 0.0, rangeEnd_ = 0.0;
    bool loop_ = false;
    bool playing_ = false;
    struct Decoded {
        QByteArray pcm;
        QString error;
    };
    QFutureWatcher<Decoded>* decoding_ = nullptr;
};

}  // namespace tl
