// The match report in the window (issue 18): "Open my data" with my Spotify export, a data set
// of other listeners (Last.fm-1K) and a music folder ends, before the models train, with the
// import summary saying in the CLI's words how much of my history and folder matches the
// others'. And the summary dialog shows a report it is given line for line.
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

#include "ImportSummaryDialog.h"
#include "MainWindow.h"
#include "OpenDataWizard.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "job/StageQueue.h"
#include "library/TaggedAudioWriter.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr int kJobTimeoutMs = 60000;

QByteArray spotifyRow(const char* ts, const char* artist, const char* title) {
    return QByteArray("{\"ts\":\"") + ts +
           "\",\"username\":\"31abc\",\"platform\":\"linux\",\"ms_played\":200000,"
           "\"master_metadata_track_name\":\"" +
           title + "\",\"master_metadata_album_artist_name\":\"" + artist +
           "\",\"master_metadata_album_album_name\":\"An Album\",\"spotify_track_uri\":null,"
           "\"episode_name\":null,\"episode_show_name\":null,\"spotify_episode_uri\":null,"
           "\"reason_start\":\"trackdone\",\"reason_end\":\"trackdone\",\"shuffle\":false,"
           "\"skipped\":false,\"offline\":false,\"offline_timestamp\":0,"
           "\"incognito_mode\":false}";
}

bool writeTagged(const QString& path, const QString& artist, const QString& title) {
    ToneSpec tone;
    tone.format = QStringLiteral("FLAC");
    FileTags tags;
    tags.artist = artist;
    tags.title = title;
    return writeTone(path, tone).isOk() && writeFileTags(path, tags).isOk();
}

// The label's lines as plain text, as a person reads them.
QString plainText(const QLabel* label) {
    QString html = label->text();
    html.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    html.remove(QStringLiteral("<b>")).remove(QStringLiteral("</b>"));
    html.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return html;
}

}  // namespace

class TestUiMatchReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settings_.isValid());
        QVERIFY(work_.isValid());
        test::isolateSettings(settings_.path());
    }

    void openMyDataEndsWithTheMatch() {
        // Others: Get Lucky, Song 2 and Wonderwall (user 1), Bohemian Rhapsody (user 2).
        const QString community = work_.filePath(QStringLiteral("lastfm1k.tsv"));
        QVERIFY(
            test::writeFile(community,
                            "user_000001\t2009-05-01T10:00:00Z\t\tDaft Punk\t\tGet Lucky\n"
                            "user_000001\t2009-05-01T10:05:00Z\t\tBlur\t\tSong 2\n"
                            "user_000001\t2009-05-01T10:10:00Z\t\tOasis\t\tWonderwall\n"
                            "user_000002\t2009-05-01T10:15:00Z\t\tQueen\t\tBohemian Rhapsody\n"));
        // Me: 6 plays, 4 of them on the others' tracks as Spotify spells them.
        const QString mine = work_.filePath(QStringLiteral("Streaming_History_Audio_2024.json"));
        QVERIFY(test::writeFile(
            mine, "[" +
                      spotifyRow("2024-02-01T10:00:00Z", "Daft Punk",
                                 "Get Lucky (feat. Pharrell Williams)") +
                      "," +
                      spotifyRow("2024-02-01T10:05:00Z", "Daft Punk",
                                 "Get Lucky (feat. Pharrell Williams)") +
                      "," +
                      spotifyRow("2024-02-01T10:10:00Z", "Daft Punk",
                                 "Get Lucky (feat. Pharrell Williams)") +
                      "," + spotifyRow("2024-02-01T10:15:00Z", "Blur", "Song 2 - Remastered 2012") +
                      "," + spotifyRow("2024-02-01T10:20:00Z", "Mine Only", "Private Song") + "," +
                      spotifyRow("2024-02-01T10:25:00Z", "Mine Only", "Private Song") + "]"));
        // The folder: one of mine (tags spell it a third way), one only others played, one no one.
        const QString music = work_.filePath(QStringLiteral("music"));
        QVERIFY(QDir().mkpath(music));
        QVERIFY(writeTagged(music + QStringLiteral("/lucky.flac"),
                            QStringLiteral("Daft Punk feat. Pharrell Williams"),
                            QStringLiteral("Get Lucky")));
        QVERIFY(writeTagged(music + QStringLiteral("/queen.flac"), QStringLiteral("QUEEN"),
                            QStringLiteral("Bohemian Rhapsody")));
        QVERIFY(writeTagged(music + QStringLiteral("/fresh.flac"), QStringLiteral("Nobody Yet"),
                            QStringLiteral("Unheard")));

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // The summary is a dialog: dialogs on for the import and scan, off once the models'
        // training starts (its failures on this tiny project would wait in message boxes).
        w.setModalDialogsEnabled(true);
        QSignalSpy done(&w, &MainWindow::myDataImported);
        connect(&w, &MainWindow::myDataImported, &w, [&w] { w.setModalDialogsEnabled(false); });
        OpenDataRequest request;
        request.histories = {community, mine};
        request.musicFolder = music;
        request.me = QStringLiteral("ana");
        request.projectPath = work_.filePath(QStringLiteral("mine.tastelab"));
        QVERIFY(w.openMyData(request));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kJobTimeoutMs);

        // One summary, shown once the folder was scanned too (not after the import alone).
        const auto dialogs = w.findChildren<ImportSummaryDialog*>();
        QCOMPARE(dialogs.size(), qsizetype(1));
        ImportSummaryDialog* summary = dialogs.first();
        QTRY_VERIFY(summary->isVisible());
        QVERIFY(summary->matchLabel()->isVisible());
        QVERIFY(w.lastMatchReport());
        const MatchReport& r = *w.lastMatchReport();
        QCOMPARE(r.myPlays, qint64(6));
        QCOMPARE(r.mySharedPlays, qint64(4));
        QCOMPARE(r.files, qint64(3));
        QCOMPARE(r.filesPlayed, qint64(2));
        QCOMPARE(r.filesMine, qint64(1));
        const QString shown = plainText(summary->matchLabel());
        // The verdict first, in bold; the figures below it; the heading names the box.
        QCOMPARE(summary->findChild<QGroupBox*>(QStringLiteral("importMatch"))->title(),
                 QStringLiteral("Match with the other listeners (you are ana; 2 other listeners)"));
        QCOMPARE(shown, QStringLiteral(
                            "67% of your plays are on tracks the other listeners played: "
                            "collaborative filtering can place you among them.\n"
                            "Your plays on tracks others played: 4 of 6 (67%); your tracks: 2 of "
                            "3 (67%).\n"
                            "Music folder: 2 of 3 files (67%) are tracks someone played; you "
                            "played 1 of them.\n"
                            "Played by no one else, most played first: Mine Only - Private Song "
                            "(2 plays)"));
        QVERIFY(summary->matchLabel()->text().startsWith(QStringLiteral("<b>67% of your plays")));
        // The CLI's words: every line of MatchReport::lines(), as `tastelab-cli import` prints.
        const QStringList lines = r.lines();
        for (qsizetype i = 1; i < lines.size(); ++i)
            QVERIFY2(shown.contains(lines[i].trimmed()), qPrintable(lines[i]));
        test::maybeGrab(summary, QStringLiteral("match-report-summary"), QSize(1100, 720));

        summary->close();
        // Then the models train as one queued run; let it end before the window goes.
        QVERIFY(w.queuedRun());
        QTRY_VERIFY_WITH_TIMEOUT(w.queuedRun()->finished(), kJobTimeoutMs);
    }

    // Sharing nothing: the summary says what that means for the playlist, in bold.
    void summaryShowsTheVerdictWhenNothingIsShared() {
        const QString path = work_.filePath(QStringLiteral("alone.tastelab"));
        auto created = ProjectStore::create(path);
        QVERIFY(created);
        ProjectStore& s = *created.value();
        User me{0, QStringLiteral("me"), false};
        User other{0, QStringLiteral("other"), false};
        QVERIFY(s.addUser(me).isOk() && s.addUser(other).isOk());
        QVERIFY(s.setMe(me.id).isOk());
        Artist a{0, QStringLiteral("A & B"), {}};
        QVERIFY(s.addArtist(a).isOk());
        Track t1, t2;
        t1.artistId = t2.artistId = a.id;
        t1.title = QStringLiteral("Mine");
        t2.title = QStringLiteral("Theirs");
        QVERIFY(s.addTrack(t1).isOk() && s.addTrack(t2).isOk());
        QVERIFY(s.addListen({me.id, t1.id, 1000}).isOk());
        QVERIFY(s.addListen({other.id, t2.id, 2000}).isOk());
        const auto match = computeMatchReport(s);
        QVERIFY(match);

        ImportSummaryDialog dialog{ImportReport{}};
        QVERIFY(!dialog.findChild<QGroupBox*>(QStringLiteral("importMatch"))->isVisibleTo(&dialog));
        dialog.setMatchReport(*match);
        QVERIFY(dialog.findChild<QGroupBox*>(QStringLiteral("importMatch"))->isVisibleTo(&dialog));
        const QString html = dialog.matchLabel()->text();
        QVERIFY2(html.startsWith(QStringLiteral(
                     "<b>Your history shares no track with the other listeners: collaborative "
                     "filtering cannot place you; your playlist will come from sound and text "
                     "only.</b><br>")),
                 qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("A &amp; B - Mine (1 play)")));  // escaped
        QVERIFY(plainText(dialog.matchLabel()).contains(QStringLiteral("A & B - Mine (1 play)")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        test::maybeGrab(&dialog, QStringLiteral("match-report-nothing-shared"), QSize(1100, 600));
    }

private:
    QTemporaryDir settings_;
    QTemporaryDir work_;
};

QTEST_MAIN(TestUiMatchReport)
#include "test_ui_match_report.moc"
