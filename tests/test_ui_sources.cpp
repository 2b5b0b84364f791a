// File > Imported Sources and Edit > Undo, headless: the demo world plus an imported Last.fm
// file are two sources; deleting the Last.fm one (a job) takes its listens away and the header
// calls the CF model out of date; Undo puts every row back byte for byte and the model is
// current again; Redo deletes again; closing the project purges what Undo could have restored.
#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include "ImportedSourcesDialog.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr int kJobTimeoutMs = 120000;

QByteArray dump(ProjectStore& store) {
    QByteArray out;
    for (const char* sql : {
             "SELECT * FROM listens ORDER BY user_id, track_id, ended_at",
             "SELECT * FROM play_counts ORDER BY user_id, track_id",
             "SELECT user_id, format, listens FROM user_sources ORDER BY user_id, format",
         }) {
        QSqlQuery q(store.database());
        if (!q.exec(QString::fromLatin1(sql))) return "failed";
        while (q.next()) {
            for (int c = 0; c < q.record().count(); ++c)
                out += q.value(c).toString().toUtf8() + '|';
            out += '\n';
        }
    }
    return out;
}

bool lastJobOk(const QSignalSpy& completed) {
    return completed.last().at(0).value<Status>().isOk();
}

}  // namespace

class TestUiSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deleteUndoRedoAnImportedSource() {
        QTemporaryDir work;
        test::isolateSettings(work.path());
        const QString project = test::smallDemoProject(work.path(), 4);
        QVERIFY(!project.isEmpty());
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        w.show();
        QSignalSpy completed(&w, &MainWindow::jobCompleted);

        ImportOptions options;
        options.paths = {QFINDTESTDATA("data/import/lastfm/lastfm-to-csv.csv")};
        options.me = w.suggestedMeName();
        QVERIFY(w.startImport(options));
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        const qint64 lastfmListens = w.lastImportReport()->totals.listensImported;
        QVERIFY(lastfmListens > 0);
        w.findChild<QAction*>(QStringLiteral("trainCfAction"))->trigger();
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        auto* models = w.findChild<QLabel*>(QStringLiteral("projectModels"));
        QVERIFY(!models->text().contains(QStringLiteral("Out of date")));

        auto* sourcesAction = w.findChild<QAction*>(QStringLiteral("importedSourcesAction"));
        QVERIFY(sourcesAction && sourcesAction->isEnabled());
        sourcesAction->trigger();
        ImportedSourcesDialog* dialog = w.importedSourcesDialog();
        QVERIFY(dialog && dialog->isVisible());
        QTreeWidget* table = dialog->table();
        QCOMPARE(table->topLevelItemCount(), 2);
        QVERIFY(table->topLevelItem(0)->text(0).startsWith(QStringLiteral("Generated demo world")));
        QCOMPARE(table->topLevelItem(1)->text(0), QStringLiteral("lastfm-to-csv.csv"));
        QCOMPARE(table->topLevelItem(1)->text(4), QLocale().toString(lastfmListens));
        QVERIFY(!table->headerItem()->toolTip(4).isEmpty());
        test::maybeGrab(dialog, QStringLiteral("imported-sources"), QSize(860, 340));

        auto* undo = w.findChild<QAction*>(QStringLiteral("undoAction"));
        auto* redo = w.findChild<QAction*>(QStringLiteral("redoAction"));
        QVERIFY(undo && redo);
        QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(redo->shortcut(), QKeySequence(QKeySequence::Redo));
        QVERIFY(!undo->isEnabled());

        const QByteArray before = dump(*w.store());
        const qint64 listensBefore = w.store()->counts().listens;
        table->setCurrentItem(table->topLevelItem(1));
        QVERIFY(dialog->deleteButton()->isEnabled());
        QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
        // The rows move in a job: meanwhile neither Undo nor another Delete can start.
        QVERIFY(!undo->isEnabled());
        QVERIFY(!dialog->deleteButton()->isEnabled());
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        QCOMPARE(w.store()->counts().listens, listensBefore - lastfmListens);
        QCOMPARE(table->topLevelItemCount(), 1);
        QVERIFY2(models->text().contains(QStringLiteral("listens changed")),
                 qPrintable(models->text()));
        QVERIFY(undo->isEnabled());
        QCOMPARE(undo->text(), QStringLiteral("&Undo Delete Source “lastfm-to-csv.csv”"));
        const QByteArray afterDelete = dump(*w.store());
        test::maybeGrab(&w, QStringLiteral("source-deleted"));

        undo->trigger();
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        QCOMPARE(dump(*w.store()), before);
        QCOMPARE(table->topLevelItemCount(), 2);
        QVERIFY(!models->text().contains(QStringLiteral("Out of date")));
        QVERIFY(redo->isEnabled());
        QVERIFY(!undo->isEnabled());

        redo->trigger();
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        QCOMPARE(dump(*w.store()), afterDelete);
        QVERIFY(models->text().contains(QStringLiteral("listens changed")));

        // A queued run (Train All) is busy between its stages too: no Delete, no Undo until it
        // ends, then both again.
        QSignalSpy runEnded(&w, &MainWindow::queuedRunFinished);
        QVERIFY(w.trainAll());
        QVERIFY(!undo->isEnabled());
        QVERIFY(!dialog->deleteButton()->isEnabled());
        QVERIFY(!w.deleteImportedSource(table->topLevelItem(0)->data(0, Qt::UserRole).toLongLong(),
                                        QStringLiteral("refused")));
        QVERIFY(runEnded.wait(kJobTimeoutMs));
        QVERIFY(undo->isEnabled());
        QVERIFY(dialog->deleteButton()->isEnabled());

        // Closing ends the undo history: the set-aside rows are purged, the deletion stays.
        w.closeProject();
        QCOMPARE(w.undoStack()->count(), 0);
        QVERIFY(!undo->isEnabled());
        QVERIFY(w.openProject(project));
        QVERIFY(!hasDeletedImports(*w.store()));
        QCOMPARE(dump(*w.store()), afterDelete);
        QCOMPARE(importRecords(*w.store()).value().size(), size_t(1));

        // An import ends the history too (a restore would undo the counts it changed).
        sourcesAction->trigger();
        table = w.importedSourcesDialog()->table();
        table->setCurrentItem(table->topLevelItem(0));
        QTest::mouseClick(w.importedSourcesDialog()->deleteButton(), Qt::LeftButton);
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        QCOMPARE(w.store()->counts().listens, 0);
        QVERIFY(undo->isEnabled());
        QVERIFY(w.startImport(options));
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY(lastJobOk(completed));
        QCOMPARE(w.store()->counts().listens, lastfmListens);
        QCOMPARE(w.undoStack()->count(), 0);
        QVERIFY(!undo->isEnabled());
        QCOMPARE(table->topLevelItemCount(), 1);  // the listed sources follow the import
    }
};

QTEST_MAIN(TestUiSources)
#include "test_ui_sources.moc"
