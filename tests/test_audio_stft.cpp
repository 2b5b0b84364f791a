// The STFT's windows (core/audio/Stft): each window's coefficients against the textbook
// formula (periodic, as scipy.signal.get_window builds them for an FFT), a pure sine's peak
// bin for every window length the spectrogram view offers, frame counts for every hop, and the
// analysis's Hann path unchanged by the choice of another window.
#include <QtTest>
#include <cmath>
#include <numbers>

#include "audio/Stft.h"

using namespace tl;
using namespace tl::audio;

namespace {

constexpr double kPi = std::numbers::pi;

double textbook(StftWindow w, int n, int N) {
    const double x = 2.0 * kPi * n / N;
    switch (w) {
        case StftWindow::Hann:
            return 0.5 * (1.0 - std::cos(x));
        case StftWindow::Hamming:
            return 0.54 - 0.46 * std::cos(x);
        case StftWindow::BlackmanHarris:
            return 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2 * x) -
                   0.01168 * std::cos(3 * x);
        case StftWindow::Rectangular:
            return 1.0;
    }
    return 0.0;
}

std::vector<float> sine(double hz, int rate, int samples) {
    std::vector<float> s(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i) s[size_t(i)] = float(std::sin(2.0 * kPi * hz * i / rate));
    return s;
}

int peakBin(const Eigen::MatrixXf& power, int frame) {
    Eigen::Index bin = 0;
    power.col(frame).maxCoeff(&bin);
    return int(bin);
}

}  // namespace

class AudioStftTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowsMatchTheirFormulas() {
        for (StftWindow w : kStftWindows)
            for (int N : {4, 7, 512, 2048, 8192}) {
                const std::vector<float> c = windowCoefficients(w, N);
                QCOMPARE(int(c.size()), N);
                for (int n = 0; n < N; ++n)
                    QVERIFY2(std::abs(double(c[size_t(n)]) - textbook(w, n, N)) < 1e-7,
                             qPrintable(QStringLiteral("%1 N=%2 n=%3: %4 vs %5")
                                            .arg(stftWindowName(w))
                                            .arg(N)
                                            .arg(n)
                                            .arg(c[size_t(n)])
                                            .arg(textbook(w, n, N))));
            }
        // scipy.signal.get_window(name, 4): the periodic windows' known values.
        auto four = [](StftWindow w) { return windowCoefficients(w, 4); };
        QCOMPARE(four(StftWindow::Hann), (std::vector<float>{0.0f, 0.5f, 1.0f, 0.5f}));
        QCOMPARE(four(StftWindow::Hamming), (std::vector<float>{0.08f, 0.54f, 1.0f, 0.54f}));
        const std::vector<float> bh = four(StftWindow::BlackmanHarris);
        QVERIFY(std::abs(bh[0] - 6.0e-5f) < 1e-7f);
        QVERIFY(std::abs(bh[1] - 0.21747f) < 1e-6f);
        QVERIFY(std::abs(bh[2] - 1.0f) < 1e-6f);
        QCOMPARE(bh[3], bh[1]);
        QCOMPARE(four(StftWindow::Rectangular), (std::vector<float>{1, 1, 1, 1}));
        QCOMPARE(periodicHann(2048), windowCoefficients(StftWindow::Hann, 2048));
        QCOMPARE(stftWindowName(StftWindow::BlackmanHarris), QStringLiteral("Blackman-Harris"));
    }

    // 1 kHz at 22,050 Hz is bin 1000 n_fft / 22050: 23.2, 46.4, 92.9, 185.8, 371.5 -> the nearest.
    void aSinesPeakBinForEveryWindowLength() {
        const int rate = 22050, samples = 3 * rate;
        const std::vector<float> s = sine(1000.0, rate, samples);
        const std::pair<int, int> expected[] = {
            {512, 23}, {1024, 46}, {2048, 93}, {4096, 186}, {8192, 372}};
        for (StftWindow w : kStftWindows)
            for (auto [nFft, bin] : expected) {
                Eigen::MatrixXf power;
                QVERIFY(powerSpectrogram(s.data(), samples, nFft, 512, power, nullptr, 0, -1, w)
                            .isOk());
                QCOMPARE(int(power.rows()), nFft / 2 + 1);
                const int middle = int(power.cols()) / 2;
                QVERIFY2(peakBin(power, middle) == bin,
                         qPrintable(QStringLiteral("%1, n_fft %2: bin %3, expected %4")
                                        .arg(stftWindowName(w))
                                        .arg(nFft)
                                        .arg(peakBin(power, middle))
                                        .arg(bin)));
                // A sine on a bin's centre peaks there too.
                const double onBin = 100.0 * rate / nFft;
                const std::vector<float> centred = sine(onBin, rate, samples);
                QVERIFY(
                    powerSpectrogram(centred.data(), samples, nFft, 512, power, nullptr, 0, -1, w)
                        .isOk());
                QCOMPARE(peakBin(power, middle), 100);
            }
    }

    // librosa's center=True frame count, 1 + samples / hop, for every hop the view offers.
    void hopSetsTheFrameCount() {
        const int samples = 66150;  // 3 s at 22,050 Hz
        const std::vector<float> s = sine(440.0, 22050, samples);
        for (int hop : {64, 128, 256, 512, 1024, 2048, 4096}) {
            Eigen::MatrixXf power;
            QVERIFY(powerSpectrogram(s.data(), samples, 4096, hop, power).isOk());
            QCOMPARE(int(power.cols()), 1 + samples / hop);
            QCOMPARE(stftFrameCount(samples, hop), 1 + samples / hop);
        }
    }

    // The window changes the values (a rectangular window leaks far more away from the tone);
    // Hann asked for by name is the analysis's default exactly.
    void theWindowChangesTheValues() {
        const int rate = 22050, samples = rate;
        const std::vector<float> s = sine(1000.0, rate, samples);
        Eigen::MatrixXf byDefault, hann, rect, bh;
        QVERIFY(powerSpectrogram(s.data(), samples, 2048, 512, byDefault).isOk());
        QVERIFY(
            powerSpectrogram(s.data(), samples, 2048, 512, hann, nullptr, 0, -1, StftWindow::Hann)
                .isOk());
        QVERIFY(powerSpectrogram(s.data(), samples, 2048, 512, rect, nullptr, 0, -1,
                                 StftWindow::Rectangular)
                    .isOk());
        QVERIFY(powerSpectrogram(s.data(), samples, 2048, 512, bh, nullptr, 0, -1,
                                 StftWindow::BlackmanHarris)
                    .isOk());
        QVERIFY(byDefault == hann);
        const int frame = 20, far = 99;  // six bins above the tone's (93)
        // Leakage relative to the peak, in dB (numpy/scipy give -34, -66 and -103 dB there):
        // rectangular's skirts are the highest, then Hann's, Blackman-Harris's the lowest.
        auto leak = [&](const Eigen::MatrixXf& p) {
            return 10.0 * std::log10(double(p(far, frame)) / double(p.col(frame).maxCoeff()));
        };
        QVERIFY2(leak(rect) > leak(hann) + 20.0,
                 qPrintable(QStringLiteral("%1 %2").arg(leak(rect)).arg(leak(hann))));
        QVERIFY2(leak(hann) > leak(bh) + 20.0,
                 qPrintable(QStringLiteral("%1 %2").arg(leak(hann)).arg(leak(bh))));
        // Rectangular sums the samples unweighted: a 1 kHz sine of amplitude 1 over 2048
        // samples peaks near (2048/2)^2 (less the scalloping of a tone between bins).
        QVERIFY(rect(93, frame) > 0.6 * 1024.0 * 1024.0 &&
                rect(93, frame) <= 1024.0 * 1024.0 * 1.01);
    }
};

QTEST_GUILESS_MAIN(AudioStftTest)
#include "test_audio_stft.moc"
