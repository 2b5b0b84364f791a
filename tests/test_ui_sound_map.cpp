// A music folder with no listening history (issue 18: "Music folder alone, no history at all:
// the map ... still work[s], from a model that needs no listening data"). The workspace shows
// the map, not a hint that a history is needed; its source is Sound (the analysed
// descriptors), CF is disabled with the reason; Compute Map analyses the files first, then maps
// every one, and the map says it is the weaker guide.
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include "CurrentTrackSelection.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "TestSupport.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "library/MusicFolderScan.h"
#include "library/TaggedAudioWriter.h"
#include "store/ProjectStore.h"

using namespace tl;

class TestUiSoundMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settings_.isValid() && work_.isValid());
        test::isolateSettings(settings_.path());
    }

    void aFolderWithNoHistoryIsMappedBySound() {
        const QString music = work_.filePath(QStringLiteral("music"));
        QVERIFY(QDir().mkpath(music));
        constexpr int kFiles = 12;
        for (int i = 0; i < kFiles; ++i) {
            ToneSpec tone;
            tone.format = QStringLiteral("FLAC");
            tone.sampleRate = 16000;
            tone.frames = 16000 * 3;
            tone.frequency = 110.0 * (1 + i % 6) + 7 * i;
            QVERIFY(writeTone(QStringLiteral("%1/tone%2.flac").arg(music).arg(i), tone).isOk());
        }
        const QString path = work_.filePath(QStringLiteral("folder-only.tastelab"));
        {
            auto store = ProjectStore::create(path);
            QVERIFY(store.ok());
            ScanOptions scan;
            scan.folder = music;
            auto scanned = scanMusicFolder(*store.value(), scan, Progress());
            QVERIFY2(scanned.ok(), qPrintable(scanned.status().message()));
            QCOMPARE(scanned->filesScanned, qint64(kFiles));
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(path));
        MapPanel* panel = w.workspacePage()->map();
        QTRY_VERIFY(panel->isVisible());
        auto* source = panel->findChild<QComboBox*>(QStringLiteral("mapSource"));
        QVERIFY(source);
        QCOMPARE(source->currentData().toString(), QStringLiteral("sound"));
        QCOMPARE(source->currentText(), QStringLiteral("Sound (descriptors)"));
        // CF is listed but cannot be chosen, and says why.
        auto* model = qobject_cast<QStandardItemModel*>(source->model());
        const int cf = source->findData(QStringLiteral("cf"));
        QVERIFY(cf >= 0 && !model->item(cf)->isEnabled());
        QVERIFY(model->item(cf)->toolTip().contains(QStringLiteral("no listening history")));

        QVERIFY(w.computeMap());
        QTRY_VERIFY_WITH_TIMEOUT(!w.jobRunner()->isRunning(), 120000);
        auto* quality = panel->findChild<QLabel*>(QStringLiteral("mapQuality"));
        QVERIFY(quality);
        // The stored map replaces the running frames once the workspace refreshes.
        QTRY_VERIFY2_WITH_TIMEOUT(
            quality->text().contains(QStringLiteral("mapped by sound descriptors alone")),
            qPrintable(quality->text()), 10000);
        QVERIFY2(quality->text().startsWith(QStringLiteral("%1 tracks").arg(kFiles)),
                 qPrintable(quality->text()));
        // "Sounds like" with no history: a track's nearest by the descriptors, in Track details,
        // saying what it is by.
        const Id first = w.store()->tracks().front().id;
        w.workspacePage()->selection()->setCurrentTrack(first,
                                                        CurrentTrackSelection::Origin::Library);
        TrackDetailsPanel* details = w.workspacePage()->details();
        QTRY_VERIFY(!details->soundsLikeText().isEmpty());
        QVERIFY2(details->soundsLikeText().startsWith(QStringLiteral("Sounds like: ")),
                 qPrintable(details->soundsLikeText()));
        QCOMPARE(details->soundsLikeText().count(QStringLiteral(" · ")), 4);  // five tracks
        QVERIFY(!details->soundsLikeText().contains(details->fieldText(QStringLiteral("Title")) +
                                                    QStringLiteral(" ·")));
        QVERIFY(details->findChild<QLabel*>(QStringLiteral("detailsSoundsLike"))
                    ->toolTip()
                    .contains(QStringLiteral("analysed descriptors alone")));
        test::maybeGrab(&w, QStringLiteral("sound-map"), QSize(1440, 900));
    }

private:
    QTemporaryDir settings_, work_;
};

QTEST_MAIN(TestUiSoundMap)
#include "test_ui_sound_map.moc"
