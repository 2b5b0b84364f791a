// Issue 22, the spectrogram as Sonic Visualiser's users expect it: the view's own STFT (window
// length, hop, window type) apart from the analysis's, marked where it equals it; frequency zoom
// kept through every recomputation; the pane as a PNG at 2x and the matrix shown as CSV or .npy.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLayout>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <cmath>

#include <sndfile.h>

#include <QGuiApplication>
#include <QMenu>
#include <QScreen>

#include "LibraryPanel.h"
#include "MainWindow.h"
#include "SoundFiles.h"
#include "SpectrogramExport.h"
#include "SpectrogramPanel.h"
#include "SpectrogramSettings.h"
#include "SpectrogramView.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "cf/FactorFiles.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr int kRate = 22050;
constexpr int kSamples = 3 * kRate;  // the test file: 66,150 samples at the analysis rate

// A 1 kHz sine of 3 s at the analysis rate (no resampling: the sample count is exact).
QString writeSine(const QTemporaryDir& dir, double hz = 1000.0) {
    const QString path = dir.filePath(QStringLiteral("sine.wav"));
    if (!test::writeSound(path, test::sine(hz, 3.0, kRate), 1, kRate,
                          SF_FORMAT_WAV | SF_FORMAT_FLOAT)
             .isEmpty())
        return {};
    return path;
}

// Chooses an item the way a person does: by the combo (activated), not setCurrentIndex alone.
void choose(QComboBox* box, int data) {
    const int index = box->findData(data);
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
    Q_EMIT box->activated(index);
}

bool waitReady(QSignalSpy& ready) {
    ready.clear();
    return ready.wait(20000);
}

using test::settle;

int loudestBand(const SpectrogramData& d, int frame) {
    int best = 0;
    for (int b = 1; b < d.bands; ++b)
        if (d.at(frame, b) > d.at(frame, best)) best = b;
    return best;
}

}  // namespace

class TestUiSpectrogramSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The choices equal to the project's analysis carry "(analysis)", and follow it.
    void analysisSettingsAreMarked() {
        SpectrogramPanel panel;
        SpectrogramSettingsWidget* form = panel.stftButton()->form();
        QCOMPARE(panel.stftSettings(), (StftSettings{2048, 512, audio::StftWindow::Hann}));
        auto marked = [](QComboBox* box) {
            QStringList items;
            for (int i = 0; i < box->count(); ++i)
                if (box->itemText(i).endsWith(QStringLiteral("(analysis)")))
                    items << box->itemText(i);
            return items;
        };
        QCOMPARE(marked(form->fftBox()), QStringList{QStringLiteral("2048 (93 ms) (analysis)")});
        QCOMPARE(marked(form->hopBox()), QStringList{QStringLiteral("512 (23 ms) (analysis)")});
        QCOMPARE(marked(form->windowBox()), QStringList{QStringLiteral("Hann (analysis)")});
        QCOMPARE(form->fftBox()->count(), 5);  // 512 to 8192
        QCOMPARE(form->fftBox()->itemData(0).toInt(), 512);
        QCOMPARE(form->fftBox()->itemData(4).toInt(), 8192);
        QCOMPARE(form->windowBox()->count(), 4);
        QCOMPARE(panel.stftButton()->text(), QStringLiteral("2048/512 Hann"));
        auto* note = form->findChild<QLabel*>(QStringLiteral("spectrogramStftNote"));
        QCOMPARE(note->text(),
                 QStringLiteral("For this view only. The audio model's analysis uses 2048 / 512, "
                                "Hann."));

        audio::FrontEndOptions other;
        other.sampleRate = 16000;
        other.nFft = 1024;
        other.hop = 320;  // not a power of two: offered as well
        panel.setAnalysisOptions(other);
        QCOMPARE(marked(form->fftBox()), QStringList{QStringLiteral("1024 (64 ms) (analysis)")});
        QCOMPARE(marked(form->hopBox()), QStringList{QStringLiteral("320 (20 ms) (analysis)")});
        // What the view shows stays the person's choice.
        QCOMPARE(panel.stftSettings(), (StftSettings{2048, 512, audio::StftWindow::Hann}));
    }

    // n_fft sets the bins (n_fft/2 + 1 on the linear scale), the hop the frames (1 + samples /
    // hop), exactly; the window type changes the values. Each change recomputes on a worker.
    void stftSettingsChangeTheMatrixExactly() {
        QTemporaryDir dir;
        const QString wav = writeSine(dir);
        QVERIFY(!wav.isEmpty());
        SpectrogramPanel panel;
        panel.resize(1000, 420);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        panel.showTrack(wav, QStringLiteral("Sine"));
        QVERIFY(ready.wait(20000));
        const SpectrogramData* d = panel.view()->data();
        QCOMPARE(d->bands, 1025);
        QCOMPARE(d->frames, 1 + kSamples / 512);
        QCOMPARE(d->nFft, 2048);
        QCOMPARE(loudestBand(*d, 60), 93);  // 1000 Hz * 2048 / 22050 = 92.9

        SpectrogramSettingsWidget* form = panel.stftButton()->form();
        for (int nFft : {512, 1024, 4096, 8192}) {
            choose(form->fftBox(), nFft);
            // Off the GUI thread: the old picture is gone at once, the new one comes later.
            QVERIFY(!panel.view()->data());
            QVERIFY(waitReady(ready));
            d = panel.view()->data();
            QCOMPARE(d->bands, nFft / 2 + 1);
            QCOMPARE(d->frames, 1 + kSamples / 512);
            QCOMPARE(d->bandHz[1], float(double(kRate) / nFft));
            QCOMPARE(loudestBand(*d, 60), int(std::lround(1000.0 * nFft / kRate)));
        }
        QCOMPARE(panel.stftButton()->text(), QStringLiteral("8192/512 Hann"));
        for (int hop : {64, 256, 1024, 4096}) {
            choose(form->hopBox(), hop);
            QVERIFY(waitReady(ready));
            QCOMPARE(panel.view()->data()->frames, 1 + kSamples / hop);
            QCOMPARE(panel.view()->data()->secondsPerFrame, double(hop) / kRate);
            QCOMPARE(panel.view()->data()->bands, 4097);
        }
        // A window shorter than the hop would skip samples: the hop follows it (n_fft / 4), and
        // the hops longer than the window are not offered.
        choose(form->fftBox(), 1024);
        QCOMPARE(panel.stftSettings().hop, 256);
        QVERIFY(waitReady(ready));
        QCOMPARE(panel.view()->data()->frames, 1 + kSamples / 256);
        QCOMPARE(panel.view()->data()->bands, 513);
        auto* hops = qobject_cast<QStandardItemModel*>(form->hopBox()->model());
        QVERIFY(hops);
        QVERIFY(hops->item(form->hopBox()->findData(1024))->isEnabled());
        QVERIFY(!hops->item(form->hopBox()->findData(2048))->isEnabled());

        // The window type: another matrix of the same shape. Rectangular leaks 30 dB more six
        // bins from the tone than Hann (scipy: -34 vs -66 dB below the peak).
        panel.setStftSettings({2048, 512, audio::StftWindow::Hann});
        QVERIFY(waitReady(ready));
        const std::vector<float> hann = panel.view()->data()->db;
        choose(form->windowBox(), int(audio::StftWindow::Rectangular));
        QVERIFY(waitReady(ready));
        d = panel.view()->data();
        QCOMPARE(d->window, QStringLiteral("Rectangular"));
        QCOMPARE(d->db.size(), hann.size());
        QVERIFY(d->db != hann);
        const double rectLeak = d->at(60, 99) - d->at(60, 93);
        const double hannLeak = hann[60 * 1025 + 99] - hann[60 * 1025 + 93];
        QVERIFY2(rectLeak > hannLeak + 20.0,
                 qPrintable(QStringLiteral("%1 vs %2 dB").arg(rectLeak).arg(hannLeak)));

        // Log-mel: 128 bands whatever the window length; the hop still sets the frames.
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(0);
        QVERIFY(waitReady(ready));
        panel.setStftSettings({4096, 1024, audio::StftWindow::Hamming});
        QVERIFY(waitReady(ready));
        QCOMPARE(panel.view()->data()->bands, 128);
        QCOMPARE(panel.view()->data()->frames, 1 + kSamples / 1024);
    }

    // A newer setting supersedes a computation still running: only the newest is drawn.
    void aNewerSettingCancelsTheOlder() {
        QTemporaryDir dir;
        const QString wav = writeSine(dir);
        SpectrogramPanel panel;
        panel.resize(900, 400);
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.showTrack(wav, QStringLiteral("Sine"));
        panel.setStftSettings({8192, 64, audio::StftWindow::Hann});
        panel.setStftSettings({1024, 256, audio::StftWindow::Hamming});
        QVERIFY(ready.wait(20000));
        QTRY_VERIFY(!panel.isComputing());
        QTest::qWait(50);
        QCOMPARE(ready.size(), 1);  // the two superseded ones never arrived
        QCOMPARE(panel.view()->data()->nFft, 1024);
        QCOMPARE(panel.view()->data()->frames, 1 + kSamples / 256);
        QCOMPARE(panel.view()->data()->window, QStringLiteral("Hamming"));
    }

    // The frequency zoom (and the time zoom) survive another n_fft, hop, window and scale.
    void frequencyZoomSurvivesEveryRecomputation() {
        QTemporaryDir dir;
        const QString wav = writeSine(dir);
        SpectrogramPanel panel;
        panel.resize(1000, 420);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        auto* axis = panel.findChild<QComboBox*>(QStringLiteral("spectrogramAxis"));
        axis->setCurrentIndex(1);  // a linear frequency axis
        panel.showTrack(wav, QStringLiteral("Sine"));
        QVERIFY(ready.wait(20000));
        SpectrogramView* view = panel.view();
        view->setVisibleTime(1.0, 2.0);
        // Ctrl+wheel over the plot zooms frequency around the cursor.
        const QPoint at(int(view->plotRect().center().x()), int(view->yForHz(1000.0)));
        QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 3 * 120), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view, &wheel);
        const SpectrogramView::ViewWindow zoomed = view->viewWindow();
        QVERIFY(!zoomed.wholeFrequency);
        QVERIFY(zoomed.lowHz < 1000.0 && zoomed.highHz > 1000.0);
        QVERIFY2(zoomed.highHz - zoomed.lowHz < 0.55 * kRate / 2,
                 qPrintable(QStringLiteral("%1-%2").arg(zoomed.lowHz).arg(zoomed.highHz)));

        auto same = [&](const char* what, double tolerance) {
            const SpectrogramView::ViewWindow w = view->viewWindow();
            QVERIFY2(!w.wholeFrequency && std::abs(w.lowHz - zoomed.lowHz) <= tolerance &&
                         std::abs(w.highHz - zoomed.highHz) <= tolerance,
                     qPrintable(QStringLiteral("%1: %2-%3 Hz, was %4-%5 Hz")
                                    .arg(QLatin1String(what))
                                    .arg(w.lowHz)
                                    .arg(w.highHz)
                                    .arg(zoomed.lowHz)
                                    .arg(zoomed.highHz)));
            QCOMPARE(w.start, 1.0);
            QCOMPARE(w.end, 2.0);
        };
        panel.setStftSettings({4096, 512, audio::StftWindow::Hann});
        QVERIFY(waitReady(ready));
        same("n_fft 4096", 1e-3);
        panel.setStftSettings({4096, 256, audio::StftWindow::BlackmanHarris});
        QVERIFY(waitReady(ready));
        same("hop 256, Blackman-Harris", 1e-3);
        // Log-mel and back (issue 19 kept the time zoom; now the frequencies too).
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(0);
        QVERIFY(waitReady(ready));
        same("log-mel", 0.05 * zoomed.highHz);
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        QVERIFY(waitReady(ready));
        same("linear again", 0.05 * zoomed.highHz);

        // Dragging pans frequency as well as time; "All Frequencies" (the context menu's
        // action, here by its effect) and Home reset.
        const SpectrogramView::ViewWindow before = view->viewWindow();
        const QPoint from = view->plotRect().center().toPoint();
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(view, from + QPoint(0, 10));
        QTest::mouseMove(view, from + QPoint(0, 40));
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, from + QPoint(0, 40));
        QVERIFY(view->viewWindow().highHz > before.highHz);  // dragged down: higher up in view
        QTest::keyClick(view, Qt::Key_Home);
        QVERIFY(view->viewWindow().wholeFrequency);
    }

    // The matrix shown, as .npy (read back by the project's reader and by numpy) and CSV, with
    // each row's time and each column's frequency; the pane as a PNG of twice its size.
    void exportsTheMatrixAndThePicture() {
        QTemporaryDir dir;
        const QString wav = writeSine(dir);
        SpectrogramPanel panel;
        panel.resize(900, 400);
        panel.show();
        QSignalSpy ready(&panel, &SpectrogramPanel::spectrogramReady);
        auto* exportButton = panel.findChild<QToolButton*>(QStringLiteral("spectrogramExport"));
        QVERIFY(!exportButton->isEnabled());  // nothing to export yet
        panel.findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        panel.setStftSettings({1024, 256, audio::StftWindow::Hamming});
        panel.showTrack(wav, QStringLiteral("Sine"));
        QVERIFY(ready.wait(20000));
        QVERIFY(exportButton->isEnabled());
        const SpectrogramData& d = *panel.view()->data();
        const int frames = 1 + kSamples / 256, bands = 513;
        QCOMPARE(d.frames, frames);
        QCOMPARE(d.bands, bands);

        const QString npy = dir.filePath(QStringLiteral("sine.npy"));
        QStringList written;
        QVERIFY(panel.exportMatrix(npy, 0, &written).isOk());
        QCOMPARE(written, (QStringList{npy, dir.filePath(QStringLiteral("sine.seconds.npy")),
                                       dir.filePath(QStringLiteral("sine.hz.npy"))}));
        QFile file(npy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto m = parseNpy(file.readAll(), npy, frames);
        QVERIFY2(m.ok(), qPrintable(m.status().message()));
        QCOMPARE(int(m.value().rows()), frames);
        QCOMPARE(int(m.value().cols()), bands);
        for (int f = 0; f < frames; ++f)
            for (int b = 0; b < bands; ++b)
                if (m.value()(f, b) != d.at(f, b))
                    QFAIL(qPrintable(QStringLiteral("frame %1 band %2").arg(f).arg(b)));
        // numpy reads the three files: shape, dtype, a value, the axes.
        const QString script = QStringLiteral(
            "import numpy as np, sys\n"
            "m = np.load(sys.argv[1]); t = np.load(sys.argv[2]); f = np.load(sys.argv[3])\n"
            "print(m.shape, m.dtype, t.shape, t.dtype, f.shape, '%.9g' % m[60, 46], "
            "'%.9g' % t[60], '%.9g' % f[46])\n");
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"), script, written[0], written[1], written[2]});
        QVERIFY(python.waitForFinished(30000));
        const QString out = QString::fromUtf8(python.readAllStandardOutput()).trimmed();
        if (out.isEmpty() && python.readAllStandardError().contains("numpy"))
            qWarning("python3-numpy is not installed: numpy's reading not checked");
        else
            QCOMPARE(out, QStringLiteral("(%1, %2) float32 (%1,) float64 (%2,) %3 %4 %5")
                              .arg(frames)
                              .arg(bands)
                              .arg(QString::number(d.at(60, 46), 'g', 9))
                              .arg(QString::number(60 * 256.0 / kRate, 'g', 9))
                              .arg(QString::number(46 * double(kRate) / 1024, 'g', 9)));

        // CSV: "seconds,<Hz>…" then a line per frame; the values read back exactly.
        const QString csv = dir.filePath(QStringLiteral("sine.csv"));
        QVERIFY(panel.exportMatrix(csv).isOk());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        QCOMPARE(lines.size(), frames + 2);  // header, frames, the last newline's empty piece
        const QList<QByteArray> header = lines[0].split(',');
        QCOMPARE(header.size(), bands + 1);
        QCOMPARE(header[0], QByteArray("seconds"));
        QCOMPARE(header[47].toFloat(), d.bandHz[46]);
        const QList<QByteArray> row = lines[61].split(',');  // frame 60
        QCOMPARE(row.size(), bands + 1);
        QCOMPARE(row[0].toDouble(), 60 * 256.0 / kRate);
        for (int b = 0; b < bands; ++b) QCOMPARE(row[b + 1].toFloat(), d.at(60, b));

        // The PNG: twice the pane's size.
        const QString png = dir.filePath(QStringLiteral("sine.png"));
        QVERIFY(panel.exportPicture(png).isOk());
        QImage image(png);
        QCOMPARE(image.size(), panel.view()->size() * 2);
        // The picture is the plot, not blank: the tone's row is bright in the middle of it.
        QVERIFY(renderSpectrogramPane(panel.view()).devicePixelRatio() == 2.0);
        // Nothing shown: an error, no file.
        panel.clear();
        QVERIFY(!panel.exportPicture(dir.filePath(QStringLiteral("none.png"))).isOk());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("none.png"))));
    }

    // The controls as a person sees them: the STFT settings in one compact button whose popup
    // holds the three lists, nothing cut at the panel's usual width.
    void looksRight() {
        QTemporaryDir dir;
        const QString wav = writeSine(dir);
        QWidget holder;
        auto* panel = new SpectrogramPanel(&holder);
        holder.resize(640, 300);
        panel->setGeometry(0, 0, 640, 300);
        holder.show();
        QSignalSpy ready(panel, &SpectrogramPanel::spectrogramReady);
        panel->showTrack(wav, QStringLiteral("Sine"));
        QVERIFY(ready.wait(20000));
        // What the panel asks of its parent (once its labels have settled) is what it gets.
        for (int round = 0; round < 2; ++round) {
            for (int pass = 0; pass < 4; ++pass) {
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                QCoreApplication::processEvents();
            }
            panel->setGeometry(0, 0, std::max(640, panel->minimumSizeHint().width()), 300);
        }
        holder.resize(panel->size());
        test::maybeGrab(&holder, QStringLiteral("spectrogram-stft-controls"), QSize());
        QVERIFY2(panel->minimumSizeHint().width() <= 700,
                 qPrintable(QString::number(panel->minimumSizeHint().width())));
        QToolButton* stft = panel->stftButton();
        QVERIFY2(stft->width() >= stft->sizeHint().width(),
                 qPrintable(QStringLiteral("%1 < %2, panel %3")
                                .arg(stft->width())
                                .arg(stft->sizeHint().width())
                                .arg(panel->width())));
        QVERIFY(stft->geometry().right() <= panel->width());
    }

    // In the window at the sizes people use: a demo track's spectrogram under the playlist and
    // enlarged into its own window, its controls whole, its STFT popup open. With
    // TASTELAB_UI_GRAB_DIR set the pictures are saved (under xvfb-run the popup is in them too).
    void inTheWindow_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1440x900") << QSize(1440, 900);
    }
    void inTheWindow() {
        QFETCH(QSize, size);
        if (project_.isEmpty()) {
            QVERIFY(work_.isValid());
            test::isolateSettings(work_.filePath(QStringLiteral("settings")));
            project_ = test::smallDemoProject(work_.path(), 22);
            QVERIFY(!project_.isEmpty());
            // The project analyses at 16 kHz: the view computes at that rate too.
            auto store = ProjectStore::open(project_);
            QVERIFY(store.ok());
            ModelSettings settings = readModelSettings(*store.value());
            settings.analysisRate = 16000;
            QVERIFY(writeModelSettings(*store.value(), settings).isOk());
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.resize(size);
        QVERIFY(w.openProject(project_));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        SpectrogramPanel* panel = ws->spectrogram();
        // The first track with a sound file.
        for (Id id = 1; id < 400 && !panel->view()->data(); ++id)
            if (ws->library()->selectTrack(id) && panel->isVisibleTo(&w))
                QTRY_VERIFY_WITH_TIMEOUT(panel->view()->data(), 20000);
        QVERIFY(panel->view()->data());
        QSignalSpy ready(panel, &SpectrogramPanel::spectrogramReady);
        panel->findChild<QComboBox*>(QStringLiteral("spectrogramScale"))->setCurrentIndex(1);
        QVERIFY(ready.wait(20000));
        QCOMPARE(panel->view()->data()->bandHz.back(), 8000.0f);  // the project's 16 kHz
        QCOMPARE(panel->stftButton()->form()->hopBox()->itemText(3),
                 QStringLiteral("512 (32 ms) (analysis)"));
        panel->setStftSettings({4096, 256, audio::StftWindow::BlackmanHarris});
        QVERIFY(waitReady(ready));
        panel->view()->zoomFrequency(2.0, 0.2);
        settle();
        const QString name =
            QStringLiteral("spectrogram-%1x%2").arg(size.width()).arg(size.height());
        test::maybeGrab(&w, name, QSize());
        // Every control whole and inside the panel.
        for (QWidget* c : {static_cast<QWidget*>(panel->stftButton()),
                           panel->findChild<QWidget*>(QStringLiteral("spectrogramExport")),
                           panel->findChild<QWidget*>(QStringLiteral("spectrogramScale")),
                           panel->findChild<QWidget*>(QStringLiteral("spectrogramAxis")),
                           panel->findChild<QWidget*>(QStringLiteral("spectrogramWindow"))}) {
            QVERIFY2(c->width() >= c->sizeHint().width() && c->geometry().right() <= panel->width(),
                     qPrintable(QStringLiteral("%1: %2 px of %3, right %4 of %5")
                                    .arg(c->objectName())
                                    .arg(c->width())
                                    .arg(c->sizeHint().width())
                                    .arg(c->geometry().right())
                                    .arg(panel->width())));
        }

        // The popup, open over the window.
        QMenu* popup = panel->stftButton()->menu();
        popup->popup(panel->stftButton()->mapToGlobal(QPoint(0, panel->stftButton()->height())));
        QTRY_VERIFY(popup->isVisible());
        settle();
        const QString dir = qEnvironmentVariable("TASTELAB_UI_GRAB_DIR");
        if (!dir.isEmpty() && QGuiApplication::platformName() == QLatin1String("xcb"))
            QGuiApplication::primaryScreen()->grabWindow(0).save(
                QDir(dir).filePath(name + QStringLiteral("-popup.png")));
        else
            test::maybeGrab(popup, name + QStringLiteral("-popup"), QSize());
        for (QComboBox* box : popup->findChildren<QComboBox*>())
            QVERIFY2(box->width() >= box->sizeHint().width(), qPrintable(box->objectName()));
        popup->hide();

        // Enlarged: the new controls go with it, the zoom and the settings too.
        const SpectrogramView::ViewWindow before = panel->view()->viewWindow();
        panel->findChild<QToolButton*>(QStringLiteral("spectrogramDetach"))->click();
        QVERIFY(ws->isSpectrogramDetached());
        settle();
        QCOMPARE(panel->stftSettings(),
                 (StftSettings{4096, 256, audio::StftWindow::BlackmanHarris}));
        QCOMPARE(panel->view()->viewWindow().lowHz, before.lowHz);
        QCOMPARE(panel->view()->viewWindow().highHz, before.highHz);
        QVERIFY(panel->view()->height() > 300);
        const QString png = work_.filePath(name + QStringLiteral("-export.png"));
        QVERIFY(panel->exportPicture(png).isOk());
        QCOMPARE(QImage(png).size(), panel->view()->size() * 2);
        test::maybeGrab(ws->spectrogramWindow(), name + QStringLiteral("-enlarged"), QSize());
        if (!dir.isEmpty())
            QFile::copy(png, QDir(dir).filePath(name + QStringLiteral("-export.png")));
        ws->spectrogramWindow()->close();
        QVERIFY(!ws->isSpectrogramDetached());
    }

private:
    QTemporaryDir work_;
    QString project_;
};

QTEST_MAIN(TestUiSpectrogramSettings)
#include "test_ui_spectrogram_settings.moc"
