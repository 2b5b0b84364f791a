#pragma once

#include <QBuffer>
#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>
#include <memory>

class QAudioSink;

namespace tl {

// Plays one audio file from a given time, for the spectrogram view's playhead. The file is
// decoded by core's decoder (the same libsndfile path the analysis reads, so what is heard is
// what was analysed) on a worker, then streamed to the default output with Qt Multimedia's
// QAudioSink. Without an output device it says so (error()) and nothing else happens.
class TrackPlayer : public QObject {
    Q_OBJECT
public:
    explicit TrackPlayer(QObject* parent = nullptr);
    ~TrackPlayer() override;

    void setFile(const QString& path);  // stops; decodes on the first play()
    QString file() const { return path_; }
    void play(double fromSeconds);
    void pause();
    void stop();
    bool isPlaying() const { return playing_; }
    double position() const;

    static constexpr int kRate = 44100;

Q_SIGNALS:
    void positionChanged(double seconds);
    void playingChanged(bool playing);
    void error(const QString& message);

private:
    void startSink(double fromSeconds);
    void onDecoded();

    QString path_;
    QByteArray pcm_;  // 16-bit mono at kRate
    QBuffer buffer_;
    QAudioSink* sink_ = nullptr;
    QTimer tick_;
    double offset_ = 0.0;
    double pendingStart_ = -1.0;
    bool playing_ = false;
    struct Decoded {
        QByteArray pcm;
        QString error;
    };
    QFutureWatcher<Decoded>* decoding_ = nullptr;
};

}  // namespace tl
