// The audio front-end's maths (core/audio/): the mel filterbank and log-mel against reference
// values written from librosa's definitions (tests/data/audio/librosa_reference.py), and what
// known sounds must give: a sine's mel band, flat white noise, a click train's onset rate and
// tempo, silence at the floor, and soxr resampling that keeps 5 kHz and removes 15 kHz.
#include <QFile>
#include <QTextStream>
#include <QtTest>
#include <cmath>
#include <numbers>

#include "SoundFiles.h"
#include "audio/AudioDecoder.h"
#include "audio/Descriptors.h"
#include "audio/Excerpts.h"
#include "audio/LogMel.h"
#include "audio/MelFilterbank.h"
#include "audio/Stft.h"
#include "audio/TrackAnalysis.h"

using namespace tl;
using namespace tl::audio;
using namespace tl::test;

namespace {

QString dataFile(const QString& name) {
    return QFINDTESTDATA(QStringLiteral("data/audio/") + name);
}

std::vector<std::vector<double>> readRows(const QString& name) {
    QFile f(dataFile(name));
    std::vector<std::vector<double>> rows;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return rows;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QStringList parts = in.readLine().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.isEmpty()) continue;
        std::vector<double> row;
        for (const auto& p : parts) row.push_back(p.toDouble());
        rows.push_back(std::move(row));
    }
    return rows;
}

// The same formula as fixed_signal() in librosa_reference.py.
std::vector<float> fixedSignal(int n, int sr) {
    std::vector<float> x(static_cast<size_t>(n));
    std::uint64_t state = 12345;
    const double pi = std::numbers::pi;
    for (int i = 0; i < n; ++i) {
        state = (1103515245ull * state + 12345ull) % 2147483648ull;
        const double noise = double(state) / 2147483648.0 - 0.5;
        const double t = double(i) / sr;
        x[size_t(i)] =
            float(0.5 * std::sin(2 * pi * 440.0 * t) * (0.6 + 0.4 * std::sin(2 * pi * 1.5 * t)) +
                  0.3 * std::sin(2 * pi * 3150.7 * t + 0.3) + 0.1 * std::sin(2 * pi * 97.0 * t) +
                  0.1 * noise);
    }
    return x;
}

double rms(const float* x, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += double(x[i]) * x[i];
    return std::sqrt(s / double(n));
}

Eigen::MatrixXf logMelOf(const std::vector<float>& x, const FrontEndOptions& o = {},
                         Eigen::MatrixXf* power = nullptr) {
    const LogMelFrontEnd fe(o);
    Eigen::MatrixXf out;
    const Status s = fe.logMel(x.data(), qint64(x.size()), out, power);
    if (!s.isOk()) qWarning("%s", qPrintable(s.message()));
    return out;
}

}  // namespace

class AudioFrontendTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void melFrequenciesMatchLibrosa_data() {
        QTest::addColumn<bool>("htk");
        QTest::newRow("slaney") << false;
        QTest::newRow("htk") << true;
    }
    void melFrequenciesMatchLibrosa() {
        QFETCH(bool, htk);
        const auto ref = readRows(htk ? QStringLiteral("mel_frequencies_htk.txt")
                                      : QStringLiteral("mel_frequencies_slaney.txt"));
        QCOMPARE(ref.size(), size_t(130));
        const auto ours = melFrequencies(130, 0.0, 11025.0, htk ? MelScale::Htk : MelScale::Slaney);
        for (size_t i = 0; i < ref.size(); ++i)
            QVERIFY2(std::abs(ours[i] - ref[i][0]) <= 1e-9 * std::max(1.0, ref[i][0]),
                     qPrintable(
                         QStringLiteral("point %1: %2 vs %3").arg(i).arg(ours[i]).arg(ref[i][0])));
        // Slaney's scale is linear below 1 kHz: 1 kHz is mel 15 exactly; HTK's 1 kHz is 999.99 mel.
        QCOMPARE(hzToMel(1000.0, MelScale::Slaney), 15.0);
        QVERIFY(std::abs(hzToMel(1000.0, MelScale::Htk) - 999.9855) < 1e-3);
        QVERIFY(std::abs(melToHz(hzToMel(4321.0, MelScale::Slaney), MelScale::Slaney) - 4321.0) <
                1e-9);
    }

    void melFilterbankMatchesLibrosa_data() { melFrequenciesMatchLibrosa_data(); }
    void melFilterbankMatchesLibrosa() {
        QFETCH(bool, htk);
        FrontEndOptions o;
        o.melScale = htk ? MelScale::Htk : MelScale::Slaney;
        const Eigen::MatrixXf ours = melFilterbank(o);
        QCOMPARE(ours.rows(), Eigen::Index(128));
        QCOMPARE(ours.cols(), Eigen::Index(1025));
        Eigen::MatrixXd ref = Eigen::MatrixXd::Zero(128, 1025);
        const auto rows = readRows(htk ? QStringLiteral("mel_filters_htk.txt")
                                       : QStringLiteral("mel_filters_slaney.txt"));
        QVERIFY(rows.size() > 2000);
        for (const auto& r : rows) ref(int(r[0]), int(r[1])) = r[2];
        double worst = 0;
        for (int b = 0; b < 128; ++b)
            for (int k = 0; k < 1025; ++k) {
                const double d = std::abs(double(ours(b, k)) - ref(b, k));
                QVERIFY2(d <= 1e-4 * std::abs(ref(b, k)) + 1e-9,
                         qPrintable(QStringLiteral("band %1 bin %2: %3 vs %4")
                                        .arg(b)
                                        .arg(k)
                                        .arg(ours(b, k))
                                        .arg(ref(b, k))));
                worst = std::max(worst, d);
            }
        qInfo("largest difference from the reference weights: %.3g", worst);
        // Slaney normalisation: every triangle has area 1 in Hz (sum of weights x bin spacing ~ 1).
        if (!htk) {
            const double binHz = 22050.0 / 2048.0;
            QVERIFY(std::abs(ours.row(64).sum() * binHz - 1.0) < 0.02);
        }
    }

    void logMelOfFixedSignalMatchesLibrosa() {
        const auto ref = readRows(QStringLiteral("logmel_fixed_signal.txt"));
        QCOMPARE(ref.size(), size_t(44));  // 1 + 22050 / 512 frames (center=True)
        const Eigen::MatrixXf ours = logMelOf(fixedSignal(22050, 22050));
        QCOMPARE(ours.cols(), Eigen::Index(44));
        QCOMPARE(ours.rows(), Eigen::Index(128));
        double worst = 0;
        for (int t = 0; t < 44; ++t) {
            QCOMPARE(ref[size_t(t)].size(), size_t(128));
            for (int b = 0; b < 128; ++b)
                worst = std::max(worst, std::abs(double(ours(b, t)) - ref[size_t(t)][size_t(b)]));
        }
        qInfo("largest log-mel difference from the reference: %.3g dB", worst);
        QVERIFY2(worst <= 1e-4, qPrintable(QString::number(worst)));
    }

    void stftFramesAndWindowAreLibrosas() {
        QCOMPARE(stftFrameCount(22050, 512), 44);
        QCOMPARE(stftFrameCount(512, 512), 2);
        const auto w = periodicHann(2048);
        QCOMPARE(w[0], 0.0f);
        QCOMPARE(w[1024], 1.0f);                   // periodic: the peak is at N/2
        QVERIFY(std::abs(w[1] - w[2047]) < 1e-7);  // and w[n] == w[N - n]
    }

    void sinePeaksInItsMelBand() {
        const Eigen::MatrixXf m = logMelOf(sine(440.0, 3.0, 22050));
        Eigen::VectorXf mean = m.rowwise().mean();
        Eigen::Index peak = 0;
        mean.maxCoeff(&peak);
        // 440 Hz is Slaney mel 6.6; 130 points from 0 to mel(11025) = 49.91 are 0.387 apart, so
        // the nearest centre is point 17, band 16 (centres 426.4 and 452.2 Hz around it).
        QCOMPARE(int(peak), 16);
        const auto centres = melBandCentres(FrontEndOptions{});
        QVERIFY(centres[16] < 440.0f && centres[17] > 440.0f);
        QVERIFY(mean[16] - mean[40] > 60.0f);  // ~2.3 kHz, far from the tone: near the floor
    }

    void whiteNoiseIsFlat() {
        Eigen::MatrixXf power;
        const auto noise = whiteNoise(5.0, 22050, 0.5, 3);
        const Eigen::MatrixXf m = logMelOf(noise, {}, &power);
        // Area-normalised bands see the same power per Hz: equal levels for white noise (band
        // power averaged over the 216 frames, then in dB). The lowest bands cover one or two FFT
        // bins, where the sampled triangle's area is off by more, so the check starts at band 8.
        const Eigen::VectorXf bandPower =
            LogMelFrontEnd(FrontEndOptions{}).melPower(power).rowwise().mean();
        Eigen::VectorXf mean(128);
        for (int b = 0; b < 128; ++b) mean[b] = 10.0f * std::log10(bandPower[b]);
        std::vector<float> levels(mean.data() + 8, mean.data() + 127);
        std::sort(levels.begin(), levels.end());
        const float median = levels[levels.size() / 2];
        for (int b = 8; b < 127; ++b)
            QVERIFY2(
                std::abs(mean[b] - median) < (b < 40 ? 1.0f : 0.5f),
                qPrintable(
                    QStringLiteral("band %1: %2 dB vs median %3").arg(b).arg(mean[b]).arg(median)));
        // Spectral flatness of a white-noise periodogram: exp(-Euler gamma) = 0.56.
        DescriptorAccumulator acc(22050, 2048, 512, 128);
        acc.add(m, power);
        const TrackDescriptors d = acc.finish();
        QVERIFY2(d.flatness > 0.50f && d.flatness < 0.62f, qPrintable(QString::number(d.flatness)));
        QVERIFY2(std::abs(d.centroidHz - 5512.5f) < 300.0f,
                 qPrintable(QString::number(d.centroidHz)));
    }

    void clickTrainGivesOnsetRateAndTempo() {
        // 100 BPM: a click every 0.6 s for 12 s, 20 clicks.
        Eigen::MatrixXf power;
        const Eigen::MatrixXf m = logMelOf(clickTrain(0.6, 12.0, 22050), {}, &power);
        DescriptorAccumulator acc(22050, 2048, 512, 128);
        acc.add(m, power);
        const TrackDescriptors d = acc.finish();
        QVERIFY2(std::abs(d.onsetRate - 20.0f / 12.0f) < 0.1f,
                 qPrintable(QString::number(d.onsetRate)));
        QVERIFY2(std::abs(d.tempoBpm - 100.0f) < 2.0f, qPrintable(QString::number(d.tempoBpm)));
        // and 140 BPM
        const Eigen::MatrixXf fast = logMelOf(clickTrain(60.0 / 140.0, 12.0, 22050), {}, &power);
        DescriptorAccumulator acc2(22050, 2048, 512, 128);
        acc2.add(fast, power);
        QVERIFY2(std::abs(acc2.finish().tempoBpm - 140.0f) < 2.8f,
                 qPrintable(QString::number(acc2.finish().tempoBpm)));
    }

    void silenceGivesTheFloorNotNan() {
        Eigen::MatrixXf power;
        const Eigen::MatrixXf m = logMelOf(std::vector<float>(22050 * 2, 0.0f), {}, &power);
        QVERIFY(m.size() > 0);
        QCOMPARE(m.minCoeff(), -100.0f);  // 10 log10(amin = 1e-10)
        QCOMPARE(m.maxCoeff(), -100.0f);
        DescriptorAccumulator acc(22050, 2048, 512, 128);
        acc.add(m, power);
        const TrackDescriptors d = acc.finish();
        for (float v : d.toVector()) QVERIFY(std::isfinite(v));
        QCOMPARE(d.tempoBpm, 0.0f);
        QCOMPARE(d.onsetRate, 0.0f);
        QVERIFY(std::abs(d.flatness - 1.0f) < 1e-4f);  // every bin at amin: perfectly flat
    }

    void blockedMelProductEqualsTheDenseProduct_data() { melFrequenciesMatchLibrosa_data(); }
    void blockedMelProductEqualsTheDenseProduct() {
        // The filterbank is applied in dense blocks of 16 bands over the bins they cover; every
        // weight outside a block is zero, so it must equal the full product (HTK and a narrow
        // fmin..fmax too, where blocks start and end elsewhere).
        QFETCH(bool, htk);
        FrontEndOptions o;
        o.melScale = htk ? MelScale::Htk : MelScale::Slaney;
        o.fmin = htk ? 300.0 : 0.0;
        o.fmax = htk ? 8000.0 : 0.0;
        const LogMelFrontEnd fe(o);
        Eigen::MatrixXf power;
        QVERIFY(powerSpectrogram(fixedSignal(22050, 22050).data(), 22050, 2048, 512, power).isOk());
        const Eigen::MatrixXf ours = fe.melPower(power);
        const Eigen::MatrixXd dense = fe.filterbank().cast<double>() * power.cast<double>();
        QCOMPARE(ours.rows(), Eigen::Index(128));
        const double err = (ours.cast<double>() - dense).cwiseAbs().maxCoeff();
        QVERIFY2(err <= 1e-5 * dense.cwiseAbs().maxCoeff(), qPrintable(QString::number(err)));
    }

    void fusedFrontEndMatchesTheStepByStepOne() {
        // analyseFile's path (power a block of 64 frames at a time, descriptors fed from the
        // blocks) against the whole power matrix then add(): same log-mel, same descriptors.
        // 3 s: 130 frames, so the last block is partial.
        std::vector<float> x = fixedSignal(3 * 22050, 22050);
        const auto clicks = clickTrain(0.5, 3.0, 22050);
        for (size_t i = 0; i < x.size(); ++i) x[i] += clicks[i];
        const LogMelFrontEnd fe(FrontEndOptions{});
        Eigen::MatrixXf stepMel, power, fusedMel;
        QVERIFY(fe.logMel(x.data(), qint64(x.size()), stepMel, &power).isOk());
        DescriptorAccumulator step(22050, 2048, 512, 128), fused(22050, 2048, 512, 128);
        step.add(stepMel, power);
        QVERIFY(fe.logMel(x.data(), qint64(x.size()), fusedMel, &fused).isOk());
        QCOMPARE(fusedMel.cols(), Eigen::Index(130));
        QVERIFY((fusedMel - stepMel).cwiseAbs().maxCoeff() <= 1e-4f);
        const auto a = step.finish().toVector(), b = fused.finish().toVector();
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-5f * std::max(1.0f, std::abs(a[i])),
                     qPrintable(QStringLiteral("value %1: %2 vs %3").arg(i).arg(a[i]).arg(b[i])));
    }

    void flatnessMatchesItsDefinitionInDouble() {
        // Flatness sums ln(power) through exponents and mantissa products (one log per 128
        // bins); compare with a log per bin in double, on power spanning 1e-11 .. 10 (the
        // floor 1e-10 applies to the smallest).
        const int bins = 1025, frames = 7;
        Eigen::MatrixXf power(bins, frames);
        std::uint64_t state = 99;
        for (Eigen::Index i = 0; i < power.size(); ++i) {
            state = (6364136223846793005ull * state + 1442695040888963407ull);
            const double u = double(state >> 11) / 9007199254740992.0;  // [0, 1)
            power.data()[i] = float(std::pow(10.0, -11.0 + 12.0 * u));
        }
        double expected = 0;
        for (int t = 0; t < frames; ++t) {
            double logSum = 0, sum = 0;
            for (int k = 0; k < bins; ++k) {
                const double p = std::max(1e-10, double(power(k, t)));
                logSum += std::log(p);
                sum += p;
            }
            expected += std::exp(logSum / bins) / (sum / bins);
        }
        expected /= frames;
        DescriptorAccumulator acc(22050, 2048, 512, 128);
        acc.addSpectra(power);
        const float flatness = acc.finish().flatness;
        QVERIFY2(std::abs(flatness - expected) <= 1e-5 * expected,
                 qPrintable(QStringLiteral("%1 vs %2").arg(flatness).arg(expected)));
    }

    void resamplingKeeps5kHzAndRemoves15kHz() {
        for (double hz : {5000.0, 15000.0}) {
            const auto in = sine(hz, 2.0, 44100, 0.5);
            std::vector<float> out;
            QVERIFY(resampleMono(in.data(), qint64(in.size()), 44100, 22050, out).isOk());
            QCOMPARE(out.size(), size_t(44100));  // ceil(88200 / 2)
            // Away from the edges (the filter's settling): 0.5 s to 1.5 s.
            const double level =
                20 * std::log10(rms(out.data() + 11025, 22050) / (0.5 / std::sqrt(2.0)));
            if (hz == 5000.0)
                QVERIFY2(std::abs(level) < 0.1, qPrintable(QString::number(level)));
            else
                QVERIFY2(level < -100.0, qPrintable(QString::number(level)));
        }
    }

    void excerptsAreSpreadAndNeverOverlap() {
        FrontEndOptions o;  // 3 x 10 s
        auto w = planExcerpts(180.0, o);
        QCOMPARE(w.size(), size_t(3));
        QCOMPARE(w[0].startSeconds, 37.5);  // gaps of (180 - 30) / 4
        QCOMPARE(w[1].startSeconds, 85.0);
        QCOMPARE(w[2].startSeconds, 132.5);
        w = planExcerpts(25.0, o);  // room for two
        QCOMPARE(w.size(), size_t(2));
        QVERIFY(w[0].startSeconds + w[0].seconds <= w[1].startSeconds);
        w = planExcerpts(4.0, o);  // shorter than one excerpt: the whole track, unpadded
        QCOMPARE(w.size(), size_t(1));
        QCOMPARE(w[0].startSeconds, 0.0);
        QCOMPARE(w[0].seconds, 4.0);
        o.excerptCount = 1;
        o.excerptSeconds = 30.0;
        w = planExcerpts(200.0, o);
        QCOMPARE(w.size(), size_t(1));
        QCOMPARE(w[0].startSeconds, 85.0);  // centred
        o.excerptMode = ExcerptMode::Whole;
        QCOMPARE(planExcerpts(200.0, o).front().seconds, 200.0);
        QVERIFY(planExcerpts(0.0, o).empty());
    }

    void storedLogMelRoundTripsInHalfPrecision() {
        TrackAnalysis a;
        a.windows = {{1.5, 10.0}, {20.0, 10.0}};
        a.logMel = {logMelOf(fixedSignal(22050, 22050)), logMelOf(sine(440.0, 0.5, 22050))};
        const QByteArray bytes = serialiseLogMel(a);
        QCOMPARE(bytes.size(), 16 + 2 * 12 + 2 * 128 * (44 + 22));
        auto back = deserialiseLogMel(bytes);
        QVERIFY(back.ok());
        QCOMPARE(back->windows.size(), size_t(2));
        QCOMPARE(back->windows[1].startSeconds, 20.0);
        QCOMPARE(back->logMel[1].cols(), Eigen::Index(22));
        // half precision: 11 significant bits, so <= 0.0625 dB at |dB| < 128
        QVERIFY((back->logMel[0] - a.logMel[0]).cwiseAbs().maxCoeff() <= 0.0625f);
        QVERIFY(!deserialiseLogMel(bytes.left(100)).ok());
        QVERIFY(!deserialiseLogMel(QByteArray("nonsense")).ok());
    }
};

QTEST_GUILESS_MAIN(AudioFrontendTest)
#include "test_audio_frontend.moc"
