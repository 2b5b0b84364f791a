// Region playback (issue 22): the spectrogram's track player plays exactly the samples of the
// selected range, once (stopping within one output buffer of its end) or looping, and stops
// pulling when told. The output is a fake that pulls 16-bit mono at the sink's rate a buffer at a
// time, as a sound card does, and records every byte. A real QAudioSink is timed too: on the
// machine's output, or, where there is none and PulseAudio is installed (packaging/install-deps.sh
// installs it), on a null sink of a PulseAudio server this test starts for itself.
#include <QAudioDevice>
#include <QElapsedTimer>
#include <QMediaDevices>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cmath>
#include <memory>

#include <sndfile.h>

#include "RegionPlayback.h"
#include "SoundFiles.h"
#include "TrackPlayer.h"

using namespace tl;

namespace {

constexpr int kRate = TrackPlayer::kRate;
constexpr qint64 kBufferBytes = 2048;  // 1,024 samples: 23.2 ms at 44.1 kHz
constexpr double kBufferMs = 1000.0 * (kBufferBytes / 2) / kRate;

// What a fake output did; outlives the output (the player deletes it when it stops).
struct PullLog {
    QByteArray bytes;         // everything pulled, in order
    qint64 bytesAtStop = -1;  // when stop() was called
    double drainedAtMs = -1;  // when the source first gave nothing
    double stoppedAtMs = -1;
    int outputs = 0;  // how many were made
};

// Pulls like a sink: keeps one buffer ahead of what has been played (elapsed time x rate),
// a buffer at a time, checking every 2 ms.
class PacedOutput : public AudioOutput {
public:
    explicit PacedOutput(std::shared_ptr<PullLog> log) : log_(std::move(log)) {
        ++log_->outputs;
        timer_.setInterval(2);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] { pull(); });
    }
    bool start(QIODevice* source, int rate) override {
        source_ = source;
        rate_ = rate;
        clock_.start();
        timer_.start();
        pull();
        return true;
    }
    void stop() override {
        if (!source_) return;
        timer_.stop();
        source_ = nullptr;
        log_->bytesAtStop = log_->bytes.size();
        log_->stoppedAtMs = clock_.nsecsElapsed() / 1e6;
    }
    qint64 processedUSecs() const override {
        const qint64 pulledUs = qint64(pulled_ / 2 * 1e6 / rate_);
        return std::min(pulledUs, clock_.nsecsElapsed() / 1000);
    }

private:
    void pull() {
        if (!source_) return;
        const qint64 due = qint64(clock_.nsecsElapsed() / 1e9 * rate_) * 2 + kBufferBytes;
        while (pulled_ < due) {
            const QByteArray chunk = source_->read(kBufferBytes);
            if (chunk.isEmpty()) {
                timer_.stop();
                if (log_->drainedAtMs < 0) log_->drainedAtMs = clock_.nsecsElapsed() / 1e6;
                Q_EMIT drained();
                return;
            }
            pulled_ += chunk.size();
            log_->bytes.append(chunk);
        }
    }

    std::shared_ptr<PullLog> log_;
    QIODevice* source_ = nullptr;
    int rate_ = 0;
    qint64 pulled_ = 0;
    QElapsedTimer clock_;
    QTimer timer_;
};

// A 3 s WAV at the player's rate whose every sample differs from its neighbours (a ramp plus a
// sine), so a slice is recognised by its bytes.
QString writeTestTrack(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("track.wav"));
    std::vector<float> samples(size_t(3 * kRate));
    for (size_t i = 0; i < samples.size(); ++i)
        samples[i] = float(0.4 * std::sin(2 * M_PI * 441.0 * double(i) / kRate) +
                           0.5 * double(i % 1000) / 1000.0 - 0.25);
    return test::writeSound(path, samples, 1, kRate, SF_FORMAT_WAV | SF_FORMAT_PCM_16).isEmpty()
               ? path
               : QString();
}

// Decodes (the first play) and leaves the player stopped, with a fake output logging to `log`.
bool prepare(TrackPlayer& player, const QString& path, std::shared_ptr<PullLog>& log) {
    log = std::make_shared<PullLog>();
    player.setOutputFactory([&log] { return std::make_unique<PacedOutput>(log); });
    player.setFile(path);
    QSignalSpy playing(&player, &TrackPlayer::playingChanged);
    player.play(0.0);
    if (!playing.wait(20000)) return false;
    player.stop();
    log = std::make_shared<PullLog>();
    return player.pcm().size() == qsizetype(3 * kRate * 2);
}

}  // namespace

// A PulseAudio server with one null sink, in a private runtime folder, for as long as the test
// runs: a real QAudioSink with a real clock on a machine without a sound card.
class NullSinkServer {
public:
    bool start() {
        const QString pulse = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
        if (pulse.isEmpty() || !dir_.isValid()) return false;
        QFile::setPermissions(dir_.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir_.path().toUtf8());
        qputenv("PULSE_SERVER", QStringLiteral("unix:%1/pulse/native").arg(dir_.path()).toUtf8());
        server_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server_.start(pulse,
                      {QStringLiteral("-n"), QStringLiteral("--daemonize=no"),
                       QStringLiteral("--exit-idle-time=-1"), QStringLiteral("--log-level=error"),
                       QStringLiteral("--load=module-native-protocol-unix"),
                       QStringLiteral("--load=module-null-sink sink_name=tastelab_test")});
        if (!server_.waitForStarted(5000)) return false;
        const QString socket = dir_.filePath(QStringLiteral("pulse/native"));
        for (int i = 0; i < 100 && !QFile::exists(socket); ++i) QTest::qWait(50);
        return QFile::exists(socket);
    }
    ~NullSinkServer() {
        if (server_.state() == QProcess::NotRunning) return;
        server_.terminate();
        if (!server_.waitForFinished(3000)) server_.kill();
        server_.waitForFinished(1000);
    }

private:
    QTemporaryDir dir_;
    QProcess server_;
};

class TestUiSpectrogramPlayback : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<NullSinkServer> pulse_;

private Q_SLOTS:
    void initTestCase() {
        // Before QMediaDevices is first asked: Qt's backend connects to the server it names.
        if (qEnvironmentVariableIsEmpty("PULSE_SERVER") &&
            qEnvironmentVariableIsEmpty("TASTELAB_TEST_SYSTEM_AUDIO")) {
            pulse_ = std::make_unique<NullSinkServer>();
            if (!pulse_->start()) pulse_.reset();
        }
    }
    void cleanupTestCase() { pulse_.reset(); }

    // 1.0-1.5 s: samples 44,100 to 66,150, every one of them and nothing else, in half a
    // second, stopping within one buffer of the range's end.
    void regionPlaysExactlyItsSamples() {
        QTemporaryDir dir;
        const QString path = writeTestTrack(dir);
        QVERIFY(!path.isEmpty());
        TrackPlayer player;
        std::shared_ptr<PullLog> log;
        QVERIFY(prepare(player, path, log));
        player.setRange(1.0, 1.5);
        QCOMPARE(TrackPlayer::sampleAt(player.rangeStart()), qint64(44100));
        QCOMPARE(TrackPlayer::sampleAt(player.rangeEnd()), qint64(66150));
        QSignalSpy playing(&player, &TrackPlayer::playingChanged);
        QSignalSpy positions(&player, &TrackPlayer::positionChanged);
        player.play(0.2);  // outside the range: from its start
        QCOMPARE(player.source()->firstSample(), qint64(44100));
        QCOMPARE(player.source()->endSample(), qint64(66150));
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 5000);
        QCOMPARE(playing.size(), 2);  // started, stopped by itself at the end
        QCOMPARE(log->bytes.size(), qsizetype((66150 - 44100) * 2));
        QVERIFY(log->bytes == player.pcm().mid(44100 * 2, (66150 - 44100) * 2));
        // Half a second: the source ran dry when the output was a buffer from the end, and the
        // player stopped the output there and then.
        QVERIFY2(log->drainedAtMs >= 500.0 - kBufferMs - 1.0 && log->drainedAtMs < 500.0 + 150.0,
                 qPrintable(QString::number(log->drainedAtMs)));
        QVERIFY(log->stoppedAtMs >= log->drainedAtMs);
        QVERIFY2(log->stoppedAtMs - log->drainedAtMs <= kBufferMs,
                 qPrintable(QString::number(log->stoppedAtMs - log->drainedAtMs)));
        // The playhead moved inside the range, then hid.
        QVERIFY(positions.size() >= 3);
        for (int i = 0; i + 1 < positions.size(); ++i) {
            const double s = positions.at(i).at(0).toDouble();
            QVERIFY2(s >= 1.0 && s <= 1.5, qPrintable(QString::number(s)));
        }
        QCOMPARE(positions.last().at(0).toDouble(), -1.0);
    }

    // Looping: the range's bytes again and again, the playhead going round inside it; stop()
    // ends the pulling at once (nothing after it, at most a buffer ahead of what was heard).
    void loopRepeatsTheRangeAndStopStops() {
        QTemporaryDir dir;
        const QString path = writeTestTrack(dir);
        QVERIFY(!path.isEmpty());
        TrackPlayer player;
        std::shared_ptr<PullLog> log;
        QVERIFY(prepare(player, path, log));
        player.setRange(2.0, 2.1);  // 4,410 samples, 0.1 s
        player.setLoop(true);
        const QByteArray range = player.pcm().mid(88200 * 2, 4410 * 2);
        double lowest = 1e9, highest = -1e9;
        QObject::connect(&player, &TrackPlayer::positionChanged, &player, [&](double s) {
            if (s < 0) return;
            lowest = std::min(lowest, s);
            highest = std::max(highest, s);
        });
        player.play(2.05);  // inside: from there, then round from the range's start
        QTRY_VERIFY_WITH_TIMEOUT(log->bytes.size() >= 4 * range.size(), 5000);
        QVERIFY(player.isPlaying());
        player.stop();
        QVERIFY(!player.isPlaying());
        const qsizetype atStop = log->bytes.size();
        QCOMPARE(log->bytesAtStop, qint64(atStop));
        QTest::qWait(60);
        QCOMPARE(log->bytes.size(), atStop);  // nothing pulled after stop()
        // At most one buffer ahead of what had been played when it stopped.
        QVERIFY2(atStop <= qint64(log->stoppedAtMs / 1000.0 * kRate) * 2 + 2 * kBufferBytes,
                 qPrintable(QStringLiteral("%1 bytes at %2 ms").arg(atStop).arg(log->stoppedAtMs)));
        // From 2.05 s to the end of the range, then the range over and over.
        const qsizetype head = (92610 - 90405) * 2;
        QVERIFY(log->bytes.left(head) == player.pcm().mid(90405 * 2, head));
        QByteArray rest = log->bytes.mid(head);
        int rounds = 0;
        for (; rest.size() >= range.size(); ++rounds) {
            QVERIFY(rest.left(range.size()) == range);
            rest.remove(0, range.size());
        }
        QVERIFY(rounds >= 3);
        QVERIFY(range.startsWith(rest));
        QVERIFY2(lowest >= 2.0 && highest < 2.1,
                 qPrintable(QStringLiteral("%1..%2").arg(lowest).arg(highest)));
    }

    // Without a range the whole track plays from where asked; a range set while playing moves
    // playback into it at once.
    void rangeSetWhilePlayingTakesOver() {
        QTemporaryDir dir;
        const QString path = writeTestTrack(dir);
        QVERIFY(!path.isEmpty());
        TrackPlayer player;
        std::shared_ptr<PullLog> log;
        QVERIFY(prepare(player, path, log));
        player.play(0.5);
        QCOMPARE(player.source()->firstSample(), qint64(0));
        QCOMPARE(player.source()->endSample(), qint64(3 * kRate));
        QVERIFY(log->bytes.startsWith(player.pcm().mid(22050 * 2, kBufferBytes)));
        player.setRange(2.5, 2.75);
        QVERIFY(player.isPlaying());
        QCOMPARE(player.source()->firstSample(), qint64(110250));
        QCOMPARE(player.source()->endSample(), qint64(121275));
        QCOMPARE(log->outputs, 2);
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 5000);
        player.clearRange();
        QVERIFY(!player.hasRange());
    }

    // A real QAudioSink, where the machine has an output: the region plays for its length.
    void realSinkPlaysTheRegionsLength() {
        if (QMediaDevices::audioOutputs().isEmpty())
            QSKIP("No audio output device here (QMediaDevices::audioOutputs() is empty)");
        QTemporaryDir dir;
        const QString path = writeTestTrack(dir);
        TrackPlayer player;
        player.setFile(path);
        player.setRange(1.0, 1.5);
        QSignalSpy playing(&player, &TrackPlayer::playingChanged);
        QSignalSpy failed(&player, &TrackPlayer::error);
        QElapsedTimer clock;
        player.play(1.0);
        QTRY_VERIFY_WITH_TIMEOUT(playing.size() + failed.size() > 0, 20000);
        if (!failed.isEmpty()) QSKIP(qPrintable(failed.at(0).at(0).toString()));
        clock.start();
        // The sink's clock (what it has played) against the wall's, from a point well inside
        // the range (1.2 s): before it the backend fills its first buffer, and a null sink waits
        // up to 2 s before it starts consuming (a sound card does not).
        double last = 0, anchor = -1;
        qint64 anchoredAt = -1;
        QObject::connect(&player, &TrackPlayer::positionChanged, &player, [&](double s) {
            if (s < 0) return;
            if (anchor < 0 && s >= 1.2) {
                anchor = s;
                anchoredAt = clock.elapsed();
            }
            last = s;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 8000);
        const qint64 stoppedAt = clock.elapsed();
        QVERIFY2(anchoredAt >= 0, qPrintable(QStringLiteral("the sink played to %1 s").arg(last)));
        // The rest of the range at the sink's rate, and then it stops: not when the backend
        // next reports its buffer idle.
        const double expectedMs = (1.5 - anchor) * 1000.0;
        QVERIFY2(std::abs(double(stoppedAt - anchoredAt) - expectedMs) < 150,
                 qPrintable(QStringLiteral("stopped %1 ms after %2 s; %3 ms expected")
                                .arg(stoppedAt - anchoredAt)
                                .arg(anchor)
                                .arg(expectedMs)));
        QVERIFY2(last > 1.3 && last <= 1.5, qPrintable(QString::number(last)));
    }
};

QTEST_MAIN(TestUiSpectrogramPlayback)
#include "test_ui_spectrogram_playback.moc"
