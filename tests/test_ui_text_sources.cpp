// A project whose music has no tags, sidecars or corpus (issue 18, "no text at all"): Train Text
// Model says once, in the GUI's words, that there is nothing to learn from and which menu items
// give it text (Models > Add Text Folder…, Add Tag Data Set…), never a command line. The map's
// text source then gives that reason, and the items exist, enabled with a project open.
#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "MainWindow.h"
#include "Remedies.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "job/JobRunner.h"
#include "maps/VectorSources.h"
#include "store/ProjectStore.h"

using namespace tl;

class TestUiTextSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settings_.isValid() && work_.isValid());
        test::isolateSettings(settings_.path());
    }

    void noTextIsSaidOnceWithTheMenuItemsThatGiveIt() {
        const QString path = work_.filePath(QStringLiteral("no-text.tastelab"));
        {
            auto store = ProjectStore::create(path);
            QVERIFY(store.ok());
            Artist a{0, QStringLiteral("Nobody Wrote About Me"), {}};
            QVERIFY(store.value()->addArtist(a).isOk());
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(path));
        auto* addFolder = w.findChild<QAction*>(QStringLiteral("addTextFolderAction"));
        auto* addTags = w.findChild<QAction*>(QStringLiteral("addTagDataSetAction"));
        auto* train = w.findChild<QAction*>(QStringLiteral("trainTextAction"));
        QVERIFY(addFolder && addTags && train);
        QVERIFY(addFolder->isEnabled() && addTags->isEnabled());
        QCOMPARE(addFolder->text(), QStringLiteral("Add Te&xt Folder…"));

        QSignalSpy done(&w, &MainWindow::jobCompleted);
        train->trigger();
        QVERIFY(done.count() > 0 || done.wait(60000));
        // Said once, in the status bar, when the job ends.
        const QString expected =
            QStringLiteral(
                "Text model: found nothing to learn from (the project header says "
                "why). ") +
            remedyForGui(Remedy::AddTextSources);
        QTRY_COMPARE(w.statusBar()->currentMessage(), expected);
        const QString shown = w.statusBar()->currentMessage();
        // The header line gives the engine's reason, as `train text` prints it.
        auto* header = w.findChild<QLabel*>(QStringLiteral("projectModels"));
        QVERIFY(header);
        QTRY_VERIFY2(header->text().contains(QStringLiteral(
                         "Text: No text to learn from: no music folder is scanned; no "
                         "corpus folder is set; no tag data set is set")),
                     qPrintable(header->text()));
        QVERIFY2(shown.endsWith(remedyForGui(Remedy::AddTextSources)), qPrintable(shown));
        QVERIFY(shown.contains(QStringLiteral("Models > Add Text Folder…")));
        QVERIFY(!shown.contains(QStringLiteral("tastelab-cli")) &&
                !shown.contains(QStringLiteral("--")));
        test::maybeGrab(&w, QStringLiteral("no-text"));

        // The text map says the same reason, not "not trained yet".
        auto store = ProjectStore::open(path);
        const Status text = mapSourceTrained(*store.value(), QStringLiteral("text"));
        QVERIFY(text.message().startsWith(QStringLiteral("no text to learn from")));
    }

private:
    QTemporaryDir settings_, work_;
};

QTEST_MAIN(TestUiTextSources)
#include "test_ui_text_sources.moc"
