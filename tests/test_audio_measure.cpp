// What the spectrogram's measuring layers read from core/audio: a frame's peak frequency between
// bins (PeakFrequency), and a click track's onsets, tempo and beats (Onsets), each checked
// against the sound's known truth.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include <sndfile.h>

#include "SoundFiles.h"
#include "audio/FrontEndOptions.h"
#include "audio/LogMel.h"
#include "audio/Onsets.h"
#include "audio/PeakFrequency.h"
#include "audio/Stft.h"

using namespace tl;
using namespace tl::audio;

namespace {

// The seconds of every single-sample click test::clickTrain() writes: period / 2 + k period.
std::vector<double> clickTimes(double period, double seconds, int rate) {
    std::vector<double> times;
    const std::vector<float> clicks = test::clickTrain(period, seconds, rate);
    for (size_t i = 0; i < clicks.size(); ++i)
        if (clicks[i] != 0.0f) times.push_back(double(i) / rate);
    return times;
}

double nearest(const std::vector<double>& times, double t) {
    double best = 1e9;
    for (double x : times) best = std::min(best, std::abs(x - t));
    return best;
}

}  // namespace

class TestAudioMeasure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A pure sine's frame: the peak is found within 1 Hz at n_fft 2048 / 22,050 Hz (bins are
    // 10.77 Hz apart), on a bin, between bins and half-way between.
    void peakFrequencyOfASine() {
        constexpr int kRate = 22050, kFft = 2048;
        std::vector<float> binHz;
        for (int k = 0; k <= kFft / 2; ++k) binHz.push_back(float(double(k) * kRate / kFft));
        for (double hz : {440.0, 1000.0, 1234.5, 3000.0 + 0.5 * kRate / kFft, 7777.7}) {
            const std::vector<float> signal = test::sine(hz, 1.0, kRate);
            Eigen::MatrixXf power;
            QVERIFY(
                powerSpectrogram(signal.data(), qint64(signal.size()), kFft, 512, power).isOk());
            powerToDb(power, 1e-10, 1.0, 80.0);
            const int frame = int(power.cols() / 2);
            const SpectralPeak peak =
                peakFrequency(power.col(frame).data(), int(power.rows()), binHz.data());
            QVERIFY(peak.valid);
            QCOMPARE(peak.band, int(std::lround(hz * kFft / kRate)));  // the nearest bin
            QVERIFY2(
                std::abs(peak.hz - hz) < 1.0,
                qPrintable(QStringLiteral("%1 Hz read as %2 Hz").arg(hz).arg(peak.hz, 0, 'f', 3)));
            // The bin alone would be up to 5.4 Hz off: the parabola is what gets under 1 Hz.
            if (std::abs(binHz[size_t(peak.band)] - hz) > 2.0)
                QVERIFY(std::abs(peak.offset) > 0.15);
        }
        // A silent (flat) frame has no peak; a loudest band at the edge keeps its centre.
        const float flat[4] = {-80, -80, -80, -80};
        const float centres[4] = {100, 200, 300, 400};
        QVERIFY(!peakFrequency(flat, 4, centres).valid);
        const float edge[4] = {-10, -20, -30, -40};
        const SpectralPeak atEdge = peakFrequency(edge, 4, centres);
        QVERIFY(atEdge.valid);
        QCOMPARE(atEdge.hz, 100.0);
        // Uneven (mel-like) centres: the vertex's fraction of the way to the next centre.
        const float bump[4] = {-40, -10, -4, -40};  // band 2 loudest, band 1 louder than band 3
        const float uneven[4] = {100, 200, 400, 800};
        const SpectralPeak between = peakFrequency(bump, 4, uneven);
        QCOMPARE(between.band, 2);
        // p = (a - c) / (2 (a - 2b + c)) = (-10 + 40) / (2 (-10 + 8 - 40)) = -0.357: toward band 1
        QVERIFY(std::abs(between.offset - 30.0 / (2.0 * -42.0)) < 1e-12);
        QVERIFY(std::abs(between.hz - (400.0 + between.offset * 200.0)) <
                1e-9);  // 400 - 0.357 x 200
    }

    // Clicks every 0.5 s: an onset within one frame of every click and none elsewhere, the
    // tempo 120 BPM, and the beats on the clicks within 30 ms. Clicks every 0.6 s: 100 BPM.
    void clickTrackOnsetsTempoAndBeats() {
        QTemporaryDir dir;
        const FrontEndOptions options;  // 22,050 Hz, n_fft 2048, hop 512: frames of 23.2 ms
        const double frame = double(options.hop) / options.sampleRate;
        for (const double period : {0.5, 0.6}) {
            const double seconds = 12.0;
            const QString path = dir.filePath(QStringLiteral("clicks-%1.wav").arg(period));
            QCOMPARE(test::writeSound(path, test::clickTrain(period, seconds, options.sampleRate),
                                      1, options.sampleRate, SF_FORMAT_WAV | SF_FORMAT_FLOAT),
                     QString());
            const std::vector<double> clicks = clickTimes(period, seconds, options.sampleRate);
            QCOMPARE(clicks.size(), size_t(std::lround(seconds / period)));
            Progress progress;
            const auto rhythm = trackRhythm(path, options, progress);
            QVERIFY2(rhythm.ok(), qPrintable(rhythm.status().message()));
            const Rhythm& r = rhythm.value();

            QCOMPARE(r.onsetSeconds.size(), clicks.size());
            for (size_t i = 0; i < clicks.size(); ++i)
                QVERIFY2(std::abs(r.onsetSeconds[i] - clicks[i]) <= frame,
                         qPrintable(QStringLiteral("click at %1 s, onset at %2 s")
                                        .arg(clicks[i])
                                        .arg(r.onsetSeconds[i])));

            const double bpm = 60.0 / period;
            QVERIFY2(std::abs(r.bpm - bpm) < 1.0, qPrintable(QString::number(r.bpm)));
            QVERIFY(std::abs(r.periodSeconds - 60.0 / r.bpm) < 1e-9);
            // A beat on every click (the grid may add one after the last click).
            QVERIFY(r.beatSeconds.size() >= clicks.size());
            QVERIFY(r.beatSeconds.size() <= clicks.size() + 1);
            for (double click : clicks)
                QVERIFY2(
                    nearest(r.beatSeconds, click) < 0.030,
                    qPrintable(
                        QStringLiteral("no beat within 30 ms of the click at %1 s").arg(click)));
            QCOMPARE(r.phaseSeconds, r.beatSeconds.front());
            QVERIFY(r.phaseSeconds < r.periodSeconds);
        }
    }

    void silenceHasNoOnsetsOrBeats() {
        const FrontEndOptions options;
        std::vector<float> db(size_t(200) * 128, -80.0f);
        const Rhythm r = analyzeRhythm(db.data(), 200, 128, options);
        QCOMPARE(r.envelope.size(), size_t(200));
        QVERIFY(r.onsetSeconds.empty());
        QCOMPARE(r.bpm, 0.0f);
        QVERIFY(r.beatSeconds.empty());
    }
};

QTEST_MAIN(TestAudioMeasure)
#include "test_audio_measure.moc"
