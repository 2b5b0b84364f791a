// The spectrogram view driven headless: where the image puts a known tone, what the cursor
// read-out says over it, zoom and pan limits, axis labels, colour maps, and clicks that seek.
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include <QComboBox>
#include <QDataStream>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QToolButton>

#include <sndfile.h>

#include "ColorMap.h"
#include "SoundFiles.h"
#include "SpectrogramPanel.h"
#include "SpectrogramView.h"
#include "TrackPlayer.h"
#include "UiTestSupport.h"

using namespace tl;

namespace {

constexpr double kHop = 512.0 / 22050.0;
constexpr int kToneBand = 40;

double hzToMel(double hz) {
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}
double melToHz(double mel) {
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

// 128 mel bands up to 11,025 Hz, silence (the floor) except one band sounding at 0 dB during
// frames 100 to 199.
std::shared_ptr<SpectrogramData> melTone(int frames = 600) {
    auto d = std::make_shared<SpectrogramData>();
    d->scale = SpectrogramData::Scale::Mel;
    d->bands = 128;
    d->frames = frames;
    d->secondsPerFrame = kHop;
    for (int b = 0; b < d->bands; ++b)
        d->bandHz.push_back(float(melToHz(hzToMel(11025.0) * (b + 1) / (d->bands + 1))));
    d->db.assign(size_t(d->frames) * size_t(d->bands), -80.0f);
    for (int f = 100; f < 200 && f < frames; ++f) d->db[size_t(f) * 128 + kToneBand] = 0.0f;
    d->excerpts = {{1.0, 3.0}, {6.0, 3.0}};
    return d;
}

// A 16-bit mono WAV with a sine, written byte by byte (the test needs no audio library).
bool writeSineWav(const QString& path, double hz, double seconds, int rate) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    const qint32 samples = qint32(seconds * rate);
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.writeRawData("RIFF", 4);
    out << qint32(36 + samples * 2);
    out.writeRawData("WAVEfmt ", 8);
    out << qint32(16) << qint16(1) << qint16(1) << qint32(rate) << qint32(rate * 2) << qint16(2)
        << qint16(16);
    out.writeRawData("data", 4);
    out << qint32(samples * 2);
    for (qint32 i = 0; i < samples; ++i)
        out << qint16(std::lround(0.5 * 32767.0 * std::sin(2.0 * M_PI * hz * i / rate)));
    return f.write(data) == data.size();
}

}  // namespace

class TestUiSpectrogram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void imagePutsTheToneInItsBand() {
        SpectrogramView view;
        view.setData(melTone());
        const QImage image = view.image();  // a copy: the view rebuilds its own
        QCOMPARE(image.width(), 600);
        QCOMPARE(image.height(), 128);
        const ColorMap& viridis = ColorMap::get(ColorMap::Viridis);
        const int row = 127 - kToneBand;  // the top row is the highest band
        QCOMPARE(image.pixel(150, row), viridis.color(1.0f));
        QCOMPARE(image.pixel(50, row), viridis.color(0.0f));
        QCOMPARE(image.pixel(150, row - 1), viridis.color(0.0f));
        // The real viridis table, not a fallback: dark purple at the bottom, yellow on top.
        QCOMPARE(viridis.color(0.0f), qRgb(68, 1, 84));
        QCOMPARE(viridis.color(1.0f), qRgb(253, 231, 37));
        QCOMPARE(ColorMap::get(ColorMap::Greyscale).color(1.0f), qRgb(255, 255, 255));

        view.setColorMap(ColorMap::Magma);
        QCOMPARE(view.image().pixel(150, row), ColorMap::get(ColorMap::Magma).color(1.0f));
        QVERIFY(view.image().pixel(150, row) != image.pixel(150, row));
    }

    void readoutNamesTimeFrequencyAndLevel() {
        SpectrogramView view;
        view.resize(900, 320);
        auto data = melTone();
        view.setData(data);
        const double seconds = 150.5 * kHop;
        const double hz = data->bandHz[kToneBand];
        const QPointF over(view.xForSeconds(seconds), view.yForHz(hz));
        const SpectrogramView::Readout r = view.readoutAt(over);
        QVERIFY(r.valid);
        QCOMPARE(r.db, 0.0f);
        QVERIFY(std::abs(r.seconds - seconds) < 0.03);
        QVERIFY2(std::abs(r.hz - hz) < 0.5 * (data->bandHz[kToneBand + 1] - hz),
                 qPrintable(QString::number(r.hz)));
        QCOMPARE(view.readoutAt(QPointF(view.xForSeconds(1.0), over.y())).db, -80.0f);
        QVERIFY(!view.readoutAt(QPointF(2, 2)).valid);  // outside the plot
        const QString text = view.readoutText(r);
        QVERIFY2(text.contains(QStringLiteral("0:03.4")) && text.contains(QStringLiteral("Hz")) &&
                     text.contains(QStringLiteral("0.0 dB")),
                 qPrintable(text));
    }

    void zoomAndPanStayInsideTheTrack() {
        SpectrogramView view;
        view.resize(800, 300);
        view.setData(melTone());
        const double total = 600 * kHop;
        QCOMPARE(view.visibleStart(), 0.0);
        QVERIFY(std::abs(view.visibleEnd() - total) < 1e-9);
        view.zoomTime(2.0, total / 2);
        QVERIFY(std::abs((view.visibleEnd() - view.visibleStart()) - total / 2) < 1e-9);
        QVERIFY(std::abs(view.visibleStart() - total / 4) < 1e-9);
        view.setVisibleTime(total - 1.0, total + 5.0);  // past the end: shifted back
        QVERIFY(std::abs(view.visibleEnd() - total) < 1e-9);
        view.zoomTime(1e6, 3.0);  // at most 8 frames wide
        QVERIFY(std::abs((view.visibleEnd() - view.visibleStart()) - 8 * kHop) < 1e-9);
        view.zoomTime(1e-6, 3.0);
        QCOMPARE(view.visibleStart(), 0.0);
        QVERIFY(std::abs(view.visibleEnd() - total) < 1e-9);

        // The wheel zooms in around the cursor; Home shows everything again.
        const QPointF at(view.xForSeconds(5.0), view.plotRect().center().y());
        QWheelEvent wheel(at, view.mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(&view, &wheel);
        QVERIFY(view.visibleEnd() - view.visibleStart() < total * 0.7);
        QVERIFY(std::abs(view.xForSeconds(5.0) - at.x()) < 1.0);  // the anchor stays put
        QTest::keyClick(&view, Qt::Key_Home);
        QCOMPARE(view.visibleStart(), 0.0);
    }

    void clickSeeksAndDragPans() {
        SpectrogramView view;
        view.resize(800, 300);
        view.setData(melTone());
        QSignalSpy seek(&view, &SpectrogramView::seekRequested);
        const QPoint at(int(view.xForSeconds(4.0)), int(view.plotRect().center().y()));
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(seek.size(), 1);
        QVERIFY(std::abs(seek.at(0).at(0).toDouble() - 4.0) < 0.05);

        view.zoomTime(4.0, 7.0);
        const double before = view.visibleStart();
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, at);
        QTest::mouseMove(&view, at - QPoint(100, 0));
        QTest::mouseMove(&view, at - QPoint(200, 0));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, at - QPoint(200, 0));
        QVERIFY(view.visibleStart() > before);  // dragging left shows later time
        QCOMPARE(seek.size(), 1);               // a drag is not a click
    }

    void axesReadAsMinutesAndHertz() {
        SpectrogramView view;
        view.resize(800, 300);
        view.setData(melTone(int(600.0 / kHop)));  // ten minutes
        const std::vector<SpectrogramView::Tick> times = view.timeTicks();
        QVERIFY(times.size() >= 4 && times.size() <= 12);
        const QRegularExpression mss(QStringLiteral("^\\d+:\\d\\d$"));
        for (const auto& t : times) QVERIFY2(mss.match(t.label).hasMatch(), qPrintable(t.label));
        QCOMPARE(times[1].label, QStringLiteral("2:00"));  // two-minute steps fit 664 px
        view.zoomTime(200.0, 61.0);  // three seconds: ticks at fractions of a second
        QVERIFY(view.timeTicks().front().label.contains(QLatin1Char('.')));

        const std::vector<SpectrogramView::Tick> hz = view.frequencyTicks();
        QVERIFY(hz.size() >= 4);
        QStringList labels;
        for (size_t i = 0; i < hz.size(); ++i) {
            labels << hz[i].label;
            if (i > 0) QVERIFY(view.yForHz(hz[i].position) < view.yForHz(hz[i - 1].position));
        }
        QVERIFY2(labels.contains(QStringLiteral("1 kHz")), qPrintable(labels.join(',')));
        QVERIFY(labels.contains(QStringLiteral("10 kHz")));
    }

    // A linear STFT on a log axis: 440 Hz sits where the axis says 440 Hz.
    void linearDataOnLogAxis() {
        auto d = std::make_shared<SpectrogramData>();
        d->scale = SpectrogramData::Scale::Linear;
        d->bands = 1025;
        d->frames = 200;
        d->secondsPerFrame = kHop;
        for (int b = 0; b < d->bands; ++b) d->bandHz.push_back(float(b * 22050.0 / 2048.0));
        d->db.assign(size_t(d->frames) * size_t(d->bands), -80.0f);
        const int bin = int(std::lround(440.0 / (22050.0 / 2048.0)));  // bin 41
        for (int f = 0; f < d->frames; ++f) d->db[size_t(f) * 1025 + size_t(bin)] = -3.0f;
        SpectrogramView view;
        view.resize(800, 400);
        view.setData(d);
        view.setFrequencyAxis(SpectrogramView::LogAxis);
        const int rows = int(view.plotRect().height());  // one image row per pixel
        QCOMPARE(view.image().height(), rows);
        const double y = view.yForHz(d->bandHz[size_t(bin)]);
        // The one loud bin shows in the image although 1,025 bins share the rows.
        const QRgb loud = ColorMap::get(ColorMap::Viridis).color(77.0f / 80.0f);
        const int row = int(y - view.plotRect().top());
        QVERIFY(view.image().pixel(10, row) == loud || view.image().pixel(10, row - 1) == loud ||
                view.image().pixel(10, row + 1) == loud);
        QCOMPARE(view.readoutAt(QPointF(view.xForSeconds(2.0), y)).db, -3.0f);
        // On a log axis 100-1,000 Hz takes as much height as 1-10 kHz.
        const double lowDecade = view.yForHz(100) - view.yForHz(1000);
        const double highDecade = view.yForHz(1000) - view.yForHz(10000);
        QVERIFY(std::abs(lowDecade - highDecade) < 1.0);
        view.setFrequencyAxis(SpectrogramView::LinearAxis);
        QVERIFY(std::abs((view.yForHz(0) - view.yForHz(5000)) -
                         (view.yForHz(5000) - view.yForHz(10000))) < 1.0);
        view.show();
        test::maybeGrab(&view, QStringLiteral("spectrogram-linear-log"), QSize(900, 320));
    }

    void emptyViewDrawsAndSaysSo() {
        SpectrogramView view;
        view.resize(400, 200);
        QVERIFY(!view.readoutAt(view.plotRect().center()).valid);
        QVERIFY(view.timeTicks().size() >= 1);
        const QImage shot = view.grab().toImage();
        QCOMPARE(shot.size(), QSize(400, 200));
        view.setData(melTone());
        view.setData(nullptr);
        QVERIFY(view.image().isNull());
        view.grab();
    }

    // The panel over a real file: a 440 Hz sine in a WAV written here.
    void panelComputesAndSwitchesScale() {
        QTemporaryDir dir;
        const QString wav = dir.filePath(QStringLiteral("sine.wav"));
        QVERIFY(writeSineWav(wav, 440.0, 3.0, 22050));
        SpectrogramPanel panel;
        panel.resize(900, 400);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.showTrack(wav, QStringLiteral("Test — Sine"));
        QVERIFY(ready.wait(20000));
        const SpectrogramData* d = panel.view()->data();
        QVERIFY(d);
        QCOMPARE(d->bands, 128);
        QVERIFY(std::abs(d->durationSeconds() - 3.0) < 0.1);
        // The loudest band sits at 440 Hz.
        int loudest = 0;
        for (int b = 1; b < d->bands; ++b)
            if (d->at(60, b) > d->at(60, loudest)) loudest = b;
        QVERIFY2(std::abs(d->bandHz[size_t(loudest)] - 440.0f) < 40.0f,
                 qPrintable(QString::number(d->bandHz[size_t(loudest)])));
        auto* window = panel.findChild<QComboBox*>(QStringLiteral("spectrogramWindow"));
        QCOMPARE(window->count(), 2);  // the whole track and its one (shorter) excerpt

        auto* scale = panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"));
        ready.clear();
        scale->setCurrentIndex(1);  // linear frequency
        QVERIFY(ready.wait(20000));
        QCOMPARE(panel.view()->data()->bands, 1025);
        QCOMPARE(panel.view()->frequencyAxis(), SpectrogramView::LogAxis);
        test::maybeGrab(&panel, QStringLiteral("spectrogram-panel"), QSize(900, 400));

        // Play: plays, or says why not (no audio device here); never crashes.
        QSignalSpy playing(panel.player(), &TrackPlayer::playingChanged);
        QSignalSpy failed(panel.player(), &TrackPlayer::error);
        panel.findChild<QToolButton*>(QStringLiteral("spectrogramPlay"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(playing.size() + failed.size() > 0, 20000);
        panel.player()->stop();
    }

    void panelNamesAFileItCannotRead() {
        SpectrogramPanel panel;
        QSignalSpy failed(&panel, &SpectrogramPanel::failed);
        panel.showTrack(QStringLiteral("/nonexistent/gone.flac"), QStringLiteral("Gone"));
        QVERIFY(failed.wait(20000));
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("gone.flac")),
                 qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!panel.statusLabel()->isHidden());
        QVERIFY(!panel.view()->data());
    }

    // A cut Ogg (libsndfile cannot size it: "unknown length") is drawn up to where its audio
    // really ends; before, the view planned windows over 2.09e14 s and the app aborted.
    void panelShowsACutOggUpToItsRealEnd() {
        QTemporaryDir dir;
        const QString ogg = dir.filePath(QStringLiteral("cut.ogg"));
        QVERIFY(test::writeSound(ogg, test::sine(440, 20, 22050), 1, 22050,
                                 SF_FORMAT_OGG | SF_FORMAT_VORBIS)
                    .isEmpty());
        QFile cut(ogg);
        QVERIFY(cut.resize(cut.size() / 2));
        SpectrogramPanel panel;
        panel.resize(900, 400);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        QSignalSpy failed(&panel, &SpectrogramPanel::failed);
        panel.showTrack(ogg, QStringLiteral("Damaged — Cut in half"));
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() + failed.size() > 0, 20000);
        QCOMPARE(failed.size(), 0);
        const SpectrogramData* d = panel.view()->data();
        QVERIFY(d);
        QVERIFY2(d->durationSeconds() > 5.0 && d->durationSeconds() < 20.0,
                 qPrintable(QString::number(d->durationSeconds())));
        for (const auto& window : d->excerpts)
            QVERIFY(window.start + window.seconds <= d->durationSeconds() + 0.05);
        test::maybeGrab(&panel, QStringLiteral("spectrogram-cut-ogg"), QSize(900, 400));
    }

    // Issue 19, item 13: each excerpt the audio model hears is labelled over its strip, whole
    // where there is room, by its number where there is not, and named in its tooltip.
    void excerptMarkersHaveLabels() {
        SpectrogramView view;
        view.resize(900, 320);
        view.setData(melTone());  // excerpts at 1-4 s and 6-9 s of 13.9 s
        std::vector<SpectrogramView::ExcerptMarker> markers = view.excerptMarkers();
        QCOMPARE(markers.size(), size_t(2));
        QCOMPARE(markers[0].label, QStringLiteral("excerpt 1 · 0:01–0:04"));
        QCOMPARE(markers[1].label, QStringLiteral("excerpt 2 · 0:06–0:09"));
        QCOMPARE(markers[0].strip.left(), view.xForSeconds(1.0));
        QCOMPARE(markers[1].strip.left(), view.xForSeconds(6.0));
        QCOMPARE(markers[1].strip.right(), view.xForSeconds(9.0));
        const QRectF plot = view.plotRect();
        for (const auto& m : markers) {
            QVERIFY(m.labelRect.bottom() <= m.strip.top());  // above the strip,
            QVERIFY(m.strip.bottom() <= plot.top());         // the strip above the plot,
            QVERIFY(m.labelRect.top() >= 0);                 // and inside the view
        }
        QVERIFY(markers[0].labelRect.right() < markers[1].labelRect.left());
        // Narrow: the numbers only, the whole name in the tooltip text.
        view.resize(330, 200);
        markers = view.excerptMarkers();
        QCOMPARE(markers.size(), size_t(2));
        QCOMPARE(markers[0].label, QStringLiteral("1"));
        QCOMPARE(markers[1].label, QStringLiteral("2"));
        QCOMPARE(markers[1].fullLabel, QStringLiteral("excerpt 2 · 0:06–0:09"));
        view.show();
        test::maybeGrab(&view, QStringLiteral("spectrogram-excerpt-labels"), QSize(900, 320));
    }

    // Issue 19, item 13: switching log-mel to linear (and the axis) keeps the zoom and the
    // excerpt chosen; before, the new spectrogram showed the whole track again.
    void zoomSurvivesAModeSwitch() {
        QTemporaryDir dir;
        const QString wav = dir.filePath(QStringLiteral("sine.wav"));
        QVERIFY(writeSineWav(wav, 440.0, 8.0, 22050));
        SpectrogramPanel panel;
        panel.resize(1000, 400);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.showTrack(wav, QStringLiteral("Test — Sine"));
        QVERIFY(ready.wait(20000));
        SpectrogramView* view = panel.view();
        view->setVisibleTime(2.0, 3.5);
        view->zoomFrequency(4.0, 0.3);  // mel: a quarter of the bands around 30%
        const SpectrogramView::ViewWindow mel = view->viewWindow();
        QVERIFY(!mel.wholeFrequency);

        auto* scale = panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"));
        ready.clear();
        scale->setCurrentIndex(1);  // linear frequency, on a log axis
        QVERIFY(ready.wait(20000));
        QCOMPARE(view->data()->bands, 1025);
        QCOMPARE(view->visibleStart(), 2.0);
        QCOMPARE(view->visibleEnd(), 3.5);
        // The same Hz in view (within a band of either scale).
        const SpectrogramView::ViewWindow linear = view->viewWindow();
        QVERIFY(!linear.wholeFrequency);
        QVERIFY2(std::abs(linear.lowHz - mel.lowHz) < 25.0 &&
                     std::abs(linear.highHz - mel.highHz) < 0.05 * mel.highHz,
                 qPrintable(QStringLiteral("%1-%2 Hz, was %3-%4 Hz")
                                .arg(linear.lowHz)
                                .arg(linear.highHz)
                                .arg(mel.lowHz)
                                .arg(mel.highHz)));

        auto* axis = panel.findChild<QComboBox*>(QStringLiteral("spectrogramAxis"));
        axis->setCurrentIndex(1);  // linear axis: same time, same Hz
        QCOMPARE(view->frequencyAxis(), SpectrogramView::LinearAxis);
        QCOMPARE(view->visibleStart(), 2.0);
        QVERIFY(std::abs(view->viewWindow().highHz - linear.highHz) < 1.0);

        // An excerpt chosen stays chosen, and in view, through a switch back.
        auto* window = panel.findChild<QComboBox*>(QStringLiteral("spectrogramWindow"));
        QVERIFY(window->count() >= 2);
        window->setCurrentIndex(1);
        Q_EMIT window->activated(1);
        const double start = view->visibleStart(), end = view->visibleEnd();
        ready.clear();
        scale->setCurrentIndex(0);
        QVERIFY(ready.wait(20000));
        QCOMPARE(view->data()->bands, 128);
        QCOMPARE(window->currentIndex(), 1);
        QCOMPARE(view->visibleStart(), start);
        QCOMPARE(view->visibleEnd(), end);

        // Another track starts whole.
        ready.clear();
        panel.showTrack(wav, QStringLiteral("Again"));
        QVERIFY(ready.wait(20000));
        QCOMPARE(view->visibleStart(), 0.0);
        QVERIFY(view->viewWindow().wholeFrequency);
    }

    // Issue 19, item 13: "Log frequenc…" was cut; the combos are never narrower than their text,
    // at the width the workspace gave the panel (530 px) or any other.
    void controlsAreNeverCut() {
        QTemporaryDir dir;
        const QString wav = dir.filePath(QStringLiteral("sine.wav"));
        QVERIFY(writeSineWav(wav, 440.0, 3.0, 22050));
        QWidget holder;  // as in the workspace: a child, 530 px wide
        auto* panel = new SpectrogramPanel(&holder);
        holder.resize(530, 200);
        panel->setGeometry(0, 0, 530, 200);
        holder.show();
        QSignalSpy ready(panel, &SpectrogramPanel::spectrogramReady);
        panel->showTrack(wav, QStringLiteral("Test — Sine"));
        QVERIFY(ready.wait(20000));
        ready.clear();
        panel->findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        QVERIFY(ready.wait(20000));
        // What the panel asks of its parent is what its controls need; given that, none is cut.
        panel->setGeometry(0, 0, std::max(530, panel->minimumSizeHint().width()), 200);
        for (int pass = 0; pass < 4; ++pass) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QCoreApplication::processEvents();
        }
        const QStringList names{
            QStringLiteral("spectrogramScale"), QStringLiteral("spectrogramAxis"),
            QStringLiteral("spectrogramColours"), QStringLiteral("spectrogramWindow")};
        for (const QString& name : names) {
            auto* box = panel->findChild<QComboBox*>(name);
            QVERIFY2(box->width() >= box->sizeHint().width(),
                     qPrintable(QStringLiteral("%1: %2 px for %3 px of text")
                                    .arg(name)
                                    .arg(box->width())
                                    .arg(box->sizeHint().width())));
            QVERIFY(box->geometry().right() <= panel->width());  // and inside the panel
        }
        QCOMPARE(panel->findChild<QComboBox*>(QStringLiteral("spectrogramAxis"))->currentText(),
                 QStringLiteral("Log frequency"));
        // Not wider than a 1280-pixel window's bottom row can give it beside the details.
        QVERIFY2(panel->minimumSizeHint().width() <= 700,
                 qPrintable(QString::number(panel->minimumSizeHint().width())));
        test::maybeGrab(&holder, QStringLiteral("spectrogram-controls"), QSize());
    }

    void looksRight() {
        SpectrogramView view;
        view.setData(melTone());
        view.setPlayhead(4.0);
        view.show();
        test::maybeGrab(&view, QStringLiteral("spectrogram-view"), QSize(900, 320));
    }
};

QTEST_MAIN(TestUiSpectrogram)
#include "test_ui_spectrogram.moc"
