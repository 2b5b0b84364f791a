// The spectrogram's layers and measures (issue 22): onsets, beats and the excerpt windows drawn
// over the picture and toggled, the harmonic cursor's exact multiples, the peak frequency of the
// frame under the cursor, a region selected by Shift+drag or in the time ruler snapped to whole
// frames and handed to the player, and how it all looks over a real file.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <random>

#include <sndfile.h>

#include "SoundFiles.h"
#include "SpectrogramLayers.h"
#include "SpectrogramPanel.h"
#include "SpectrogramView.h"
#include "TrackPlayer.h"
#include "UiTestSupport.h"
#include "audio/LogMel.h"
#include "audio/Stft.h"

using namespace tl;

namespace {

constexpr int kRate = 22050, kFft = 2048, kHop = 512;
constexpr double kFrame = double(kHop) / kRate;

// The linear STFT of `signal` in dB, as the panel hands the view a linear spectrogram.
std::shared_ptr<SpectrogramData> linearData(const std::vector<float>& signal) {
    Eigen::MatrixXf power;
    if (!audio::powerSpectrogram(signal.data(), qint64(signal.size()), kFft, kHop, power).isOk())
        return nullptr;
    audio::powerToDb(power, 1e-10, 1.0, 80.0);
    auto d = std::make_shared<SpectrogramData>();
    d->scale = SpectrogramData::Scale::Linear;
    d->bands = int(power.rows());
    d->frames = int(power.cols());
    d->db.assign(power.data(), power.data() + power.size());
    for (int k = 0; k < d->bands; ++k) d->bandHz.push_back(float(double(k) * kRate / kFft));
    d->secondsPerFrame = kFrame;
    d->topDb = power.maxCoeff();
    d->floorDb = d->topDb - 80.0f;
    d->excerpts = {{1.0, 3.0}, {6.0, 3.0}};
    return d;
}

// A track for the panel and the screenshots: a kick-like thump with a noise click every 0.5 s
// (120 BPM) over a held 220 Hz tone with its harmonics, 35 s (long enough for three 10 s
// excerpt windows).
QString writeBeatTrack(const QString& dir) {
    const int n = 35 * kRate;
    std::vector<float> s(size_t(n), 0.0f);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    for (int i = 0; i < n; ++i)
        for (int k = 1; k <= 6; ++k)
            s[size_t(i)] += float(0.12 / k * std::sin(2 * M_PI * 220.0 * k * i / kRate));
    for (double t = 0.25; t < 35.0; t += 0.5) {
        const int at = int(std::lround(t * kRate));
        for (int j = 0; j < kRate / 8 && at + j < n; ++j) {
            const double decay = std::exp(-j / (0.03 * kRate));
            s[size_t(at + j)] += float(0.5 * decay * std::sin(2 * M_PI * 60.0 * j / kRate) +
                                       0.25 * std::exp(-j / (0.004 * kRate)) * noise(rng));
        }
    }
    const QString path = dir + QStringLiteral("/beat.wav");
    return test::writeSound(path, s, 1, kRate, SF_FORMAT_WAV | SF_FORMAT_FLOAT).isEmpty()
               ? path
               : QString();
}

int countOf(const std::vector<SpectrogramLayers::Item>& items, SpectrogramLayers::Layer layer) {
    return int(std::count_if(items.begin(), items.end(),
                             [layer](const auto& i) { return i.layer == layer; }));
}

// Whether `colour` is drawn within a pixel of column x, at row y, of the view's picture.
bool drawnNear(const QImage& shot, double x, double y, QColor colour) {
    for (int dx = -1; dx <= 1; ++dx)
        if (shot.pixelColor(int(std::lround(x)) + dx, int(y)) == colour) return true;
    return false;
}

// The cursor over `pos`, delivered at once on any platform (QTest::mouseMove without a button
// moves the real pointer on xcb, which arrives later).
void hover(QWidget* w, QPoint pos) {
    QMouseEvent move(QEvent::MouseMove, QPointF(pos), w->mapToGlobal(QPointF(pos)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
}

}  // namespace

class TestUiSpectrogramLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Each layer's toggle adds its items (where the view draws them) and removes them again.
    void eachLayerTogglesItsItems() {
        SpectrogramView view;
        view.resize(900, 320);
        view.setData(linearData(test::sine(440.0, 10.0, kRate)));
        auto* layers = new SpectrogramLayers(&view);
        auto rhythm = std::make_shared<audio::Rhythm>();
        rhythm->onsetSeconds = {1.0, 2.5, 4.0};
        rhythm->bpm = 120.0f;
        rhythm->periodSeconds = 0.5;
        for (double t = 0.25; t < 10.0; t += 0.5) rhythm->beatSeconds.push_back(t);
        layers->setRhythm(rhythm);
        QVERIFY(layers->items().empty());  // all off at first
        QCOMPARE(layers->layerAction(SpectrogramLayers::Beats)->text(),
                 QStringLiteral("Beats (120.0 BPM)"));
        QCOMPARE(layers->layerAction(SpectrogramLayers::Onsets)->text(),
                 QStringLiteral("Onsets (3)"));

        layers->layerAction(SpectrogramLayers::Onsets)->trigger();
        auto items = layers->items();
        QCOMPARE(int(items.size()), 3);
        QCOMPARE(countOf(items, SpectrogramLayers::Onsets), 3);
        for (size_t i = 0; i < items.size(); ++i) {
            QCOMPARE(items[i].seconds, rhythm->onsetSeconds[i]);
            QCOMPARE(items[i].x, view.xForSeconds(rhythm->onsetSeconds[i]));
        }
        view.show();
        QImage shot = view.grab().toImage();
        const QRectF plot = view.plotRect();
        QVERIFY(drawnNear(shot, items[1].x, plot.bottom() - 30, QColor(255, 120, 70)));

        layers->setShown(SpectrogramLayers::Beats, true);
        items = layers->items();
        QCOMPARE(countOf(items, SpectrogramLayers::Beats), 20);
        QCOMPARE(countOf(items, SpectrogramLayers::Onsets), 3);
        shot = view.grab().toImage();
        const double beatX = view.xForSeconds(5.25);
        QVERIFY(drawnNear(shot, beatX, plot.top() + 2, QColor(90, 215, 255)));  // its triangle

        layers->setShown(SpectrogramLayers::ExcerptWindows, true);
        items = layers->items();
        QCOMPARE(countOf(items, SpectrogramLayers::ExcerptWindows), 2);
        QCOMPARE(items[0].label, QStringLiteral("excerpt 1 · 3 s"));
        QCOMPARE(items[0].seconds, 1.0);
        QCOMPARE(items[0].endSeconds, 4.0);
        QCOMPARE(items[1].label, QStringLiteral("excerpt 2 · 3 s"));

        // Only what is in view: 2-5 s holds one onset, six beats and both windows.
        view.setVisibleTime(2.0, 5.0);
        items = layers->items();
        QCOMPARE(countOf(items, SpectrogramLayers::Onsets), 2);  // 2.5 and 4.0
        QCOMPARE(countOf(items, SpectrogramLayers::Beats), 6);   // 2.25 … 4.75
        QCOMPARE(countOf(items, SpectrogramLayers::ExcerptWindows), 1);
        view.resetZoom();

        layers->layerAction(SpectrogramLayers::Onsets)->trigger();
        items = layers->items();
        QCOMPARE(countOf(items, SpectrogramLayers::Onsets), 0);
        QCOMPARE(countOf(items, SpectrogramLayers::Beats), 20);
        shot = view.grab().toImage();
        QVERIFY(!drawnNear(shot, view.xForSeconds(2.5), plot.bottom() - 30, QColor(255, 120, 70)));
        layers->setShown(SpectrogramLayers::Beats, false);
        layers->setShown(SpectrogramLayers::ExcerptWindows, false);
        QVERIFY(layers->items().empty());
    }

    // The harmonic cursor: f0 where the cursor is (to 0.1 Hz) and exactly k f0 up to 10 f0, as
    // far as the top of the range; the read-out lists them, and the frame's peak frequency.
    void harmonicCursorListsExactMultiples() {
        SpectrogramView view;
        view.resize(900, 400);
        view.setData(linearData(test::sine(1234.5, 4.0, kRate)));
        auto* layers = new SpectrogramLayers(&view);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));  // mouse moves reach a shown window only
        QSignalSpy readout(layers, &SpectrogramLayers::readoutChanged);
        const QPoint at(int(view.xForSeconds(2.0)), int(view.yForHz(700.0)));
        hover(&view, at);
        QVERIFY(!readout.isEmpty());
        // Off: the read-out adds the frame's peak (the sine, within 1 Hz), no harmonics.
        QString text = readout.last().at(0).toString();
        const audio::SpectralPeak peak = layers->peakAt(at);
        QVERIFY(peak.valid);
        QVERIFY2(std::abs(peak.hz - 1234.5) < 1.0, qPrintable(QString::number(peak.hz)));
        QVERIFY2(text.contains(QStringLiteral("peak 1234.")), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("harmonics")));

        layers->harmonicAction()->trigger();
        hover(&view, at + QPoint(1, 0));
        const std::vector<double> h = layers->harmonicsAt(at + QPoint(1, 0));
        QCOMPARE(int(h.size()), SpectrogramLayers::kHarmonics);  // 10 f0 < 11,025 Hz
        const double f0 = h[0];
        QCOMPARE(f0, std::round(view.readoutAt(at + QPoint(1, 0)).hz * 10.0) / 10.0);
        QVERIFY(std::abs(f0 - 700.0) < 20.0);
        // The panel's line names f0 and how far the harmonics go; the plot and measureText()
        // list every one.
        text = readout.last().at(0).toString();
        QVERIFY2(text.contains(QStringLiteral("harmonics of %1 Hz to 10×").arg(f0, 0, 'f', 1)),
                 qPrintable(text));
        const QString all = layers->measureText(at + QPoint(1, 0));
        QVERIFY2(all.contains(QStringLiteral("harmonics of %1 Hz: ").arg(f0, 0, 'f', 1)),
                 qPrintable(all));
        for (int k = 2; k <= 10; ++k) {
            QCOMPARE(h[size_t(k - 1)], k * f0);
            QVERIFY2(all.contains(QString::number(k * f0, 'f', 1)), qPrintable(all));
        }
        // Zoomed to 0-3 kHz the harmonics stop under the top: 700 Hz x 4 = 2.8 kHz.
        SpectrogramView::ViewWindow w = view.viewWindow();
        w.wholeFrequency = false;
        w.lowHz = 0.0;
        w.highHz = 3000.0;
        view.setViewWindow(w);
        const QPoint again(int(view.xForSeconds(2.0)), int(view.yForHz(700.0)));
        const std::vector<double> zoomed = layers->harmonicsAt(again);
        QVERIFY(!zoomed.empty());
        QCOMPARE(int(zoomed.size()), int(std::floor(view.viewWindow().highHz / zoomed[0])));
        QVERIFY(zoomed.back() <= view.viewWindow().highHz);
        test::maybeGrab(&view, QStringLiteral("spectrogram-harmonic-cursor"), QSize());
        layers->harmonicAction()->trigger();
        QVERIFY(!layers->measureText(again).contains(QStringLiteral("harmonics")));
    }

    // Shift+drag (or a drag in the time ruler) selects a region of whole frames: frames [100,
    // 200) are 100 and 200 hops; the view neither pans nor seeks; Esc and a Shift+click clear.
    void regionSnapsToFrames() {
        SpectrogramView view;
        view.resize(900, 320);
        view.setData(linearData(test::sine(440.0, 10.0, kRate)));
        auto* layers = new SpectrogramLayers(&view);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy seek(&view, &SpectrogramView::seekRequested);
        QSignalSpy changed(layers, &SpectrogramLayers::regionChanged);
        const double y = view.plotRect().center().y();
        const QPoint from(int(std::lround(view.xForSeconds(100.3 * kFrame))), int(y));
        const QPoint to(int(std::lround(view.xForSeconds(199.6 * kFrame))), int(y));
        QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(&view, (from + to) / 2);
        QTest::mouseMove(&view, to);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, to);
        QVERIFY(layers->region().has_value());
        QCOMPARE(layers->region()->firstFrame, 100);
        QCOMPARE(layers->region()->endFrame, 200);
        QCOMPARE(layers->region()->start, 100 * kFrame);
        QCOMPARE(layers->region()->end, 200 * kFrame);
        QCOMPARE(view.visibleStart(), 0.0);  // no pan
        QCOMPARE(seek.size(), 0);            // no seek
        QVERIFY(changed.size() >= 1);

        QTest::keyClick(&view, Qt::Key_Escape);
        QVERIFY(!layers->region());

        // Right to left in the time ruler under the plot, no modifier.
        const double ruler = view.plotRect().bottom() + 10;
        const QPoint a(int(std::lround(view.xForSeconds(50.2 * kFrame))), int(ruler));
        const QPoint b(int(std::lround(view.xForSeconds(20.4 * kFrame))), int(ruler));
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, a);
        QTest::mouseMove(&view, b);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, b);
        QVERIFY(layers->region().has_value());
        QCOMPARE(layers->region()->firstFrame, 20);
        QCOMPARE(layers->region()->endFrame, 50);
        QVERIFY(layers->regionContains(30 * kFrame));
        QVERIFY(!layers->regionContains(50 * kFrame));
        QCOMPARE(view.visibleStart(), 0.0);

        QTest::mouseClick(&view, Qt::LeftButton, Qt::ShiftModifier, from);
        QVERIFY(!layers->region());
        QCOMPARE(seek.size(), 0);
    }

    // The panel over a real file: the rhythm layers come from core (tempo 120 BPM), the region
    // becomes the player's range to the sample, Loop its loop flag; screenshots with it all on.
    void panelLayersAndRegionOverARealTrack() {
        QTemporaryDir dir;
        const QString path = writeBeatTrack(dir.path());
        QVERIFY(!path.isEmpty());
        SpectrogramPanel panel;
        panel.resize(1200, 460);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.showTrack(path, QStringLiteral("Test — Beat"));
        QVERIFY(ready.wait(20000));
        SpectrogramLayers* layers = panel.layers();
        QVERIFY(layers);
        QSignalSpy rhythm(layers, &SpectrogramLayers::rhythmReady);
        layers->setShown(SpectrogramLayers::Beats, true);
        QVERIFY(layers->isComputing());
        QVERIFY(rhythm.wait(20000));
        QVERIFY(layers->rhythm());
        QVERIFY2(std::abs(layers->rhythm()->bpm - 120.0f) < 1.0f,
                 qPrintable(QString::number(layers->rhythm()->bpm)));
        layers->setShown(SpectrogramLayers::Onsets, true);
        layers->setShown(SpectrogramLayers::ExcerptWindows, true);
        const auto items = layers->items();
        QCOMPARE(countOf(items, SpectrogramLayers::ExcerptWindows), 3);
        QVERIFY(countOf(items, SpectrogramLayers::Onsets) >= 69);
        QVERIFY(countOf(items, SpectrogramLayers::Beats) >= 69);

        SpectrogramView* view = panel.view();
        const double frame = view->data()->secondsPerFrame;
        layers->setRegion(430.2 * frame, 646.7 * frame);  // ~10-15 s
        QCOMPARE(layers->region()->firstFrame, 430);
        QCOMPARE(layers->region()->endFrame, 647);
        TrackPlayer* player = panel.player();
        QVERIFY(player->hasRange());
        QCOMPARE(player->rangeStart(), 430 * frame);
        QCOMPARE(TrackPlayer::sampleAt(player->rangeStart()),
                 qint64(430) * 512 * TrackPlayer::kRate / kRate);
        QCOMPARE(TrackPlayer::sampleAt(player->rangeEnd()),
                 qint64(647) * 512 * TrackPlayer::kRate / kRate);
        layers->loopAction()->trigger();
        QVERIFY(player->loops());
        layers->harmonicAction()->setChecked(true);
        hover(view, QPoint(int(view->xForSeconds(20.0)), int(view->yForHz(440.0))));
        test::maybeGrab(&panel, QStringLiteral("spectrogram-layers"), QSize(1200, 460));
        auto* linear = panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"));
        ready.clear();
        linear->setCurrentIndex(1);
        QVERIFY(ready.wait(20000));
        // The same frames in the linear STFT (the same hop): the region and range stay.
        QCOMPARE(layers->region()->firstFrame, 430);
        QCOMPARE(layers->region()->endFrame, 647);
        QCOMPARE(player->rangeStart(), 430 * frame);
        view->setVisibleTime(9.0, 16.0);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        hover(view, QPoint(int(view->xForSeconds(11.1)), int(view->yForHz(220.0))));
        test::maybeGrab(&panel, QStringLiteral("spectrogram-layers-zoomed"), QSize(1200, 460));
        // A click outside the region clears it and plays from there.
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier,
                          QPoint(int(view->xForSeconds(9.5)), int(view->yForHz(1000.0))));
        QVERIFY(!layers->region());
        QVERIFY(!player->hasRange());
        player->stop();
    }
};

QTEST_MAIN(TestUiSpectrogramLayers)
#include "test_ui_spectrogram_layers.moc"
