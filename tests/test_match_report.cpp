// The match report (core/store/MatchReport): how much of my history and music folder meets the
// other listeners', before any training. Exact figures on a hand-made project; the same song
// written as a Spotify export, a Last.fm-1K data set and a file's tags resolve to one track, and
// namesakes are kept apart and listed; `import --json` and `scan --json` carry it as "match".
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "importers/HistoryImporter.h"
#include "library/MusicFolderScan.h"
#include "library/TaggedAudioWriter.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

struct Built {
    std::unique_ptr<ProjectStore> store;
    std::map<QString, Id> users, artists, tracks;
};

Id addUser(ProjectStore& s, const QString& name) {
    User u{0, name, false};
    return s.addUser(u).isOk() ? u.id : 0;
}

Id addArtist(ProjectStore& s, const QString& name, const QString& mbid = {}) {
    Artist a{0, name, mbid};
    return s.addArtist(a).isOk() ? a.id : 0;
}

Id addTrack(ProjectStore& s, Id artist, const QString& title) {
    Track t;
    t.artistId = artist;
    t.title = title;
    return s.addTrack(t).isOk() ? t.id : 0;
}

void listen(ProjectStore& s, Id user, Id track, int times) {
    static qint64 clock = 1'700'000'000;
    for (int i = 0; i < times; ++i) QVERIFY(s.addListen({user, track, clock += 300}).isOk());
}

void addFile(ProjectStore& s, const QString& path, Id track) {
    AudioFile f;
    f.path = path;
    f.trackId = track;
    f.size = 1000;
    f.format = QStringLiteral("FLAC");
    QVERIFY(s.addFile(f).isOk());
}

// Me (ana) with 10 plays on 5 tracks; 6 of them on 3 tracks bob or cy played too (cy by a play
// count without timestamps), 4 on two tracks nobody else played: "Song (Live)", of which others
// played the studio "Song", and "Nirvana - Lithium" of the 1960s Nirvana, while others played
// the Nirvana of the 1990s' "Lithium". Four files: of ana's tracks, of bob's, one nobody played.
void buildHandMade(const QString& path, Built& b) {
    auto created = ProjectStore::create(path);
    QVERIFY(created);
    b.store = std::move(created).value();
    ProjectStore& s = *b.store;
    ProjectStore::Transaction tx(s);
    const Id ana = addUser(s, QStringLiteral("ana"));
    const Id bob = addUser(s, QStringLiteral("bob"));
    const Id cy = addUser(s, QStringLiteral("cy"));
    addUser(s, QStringLiteral("dee"));  // no plays: not a listener
    QVERIFY(s.setMe(ana).isOk());
    const Id a = addArtist(s, QStringLiteral("Alpha"));
    const Id n90 = addArtist(s, QStringLiteral("Nirvana"), QStringLiteral("5b11f4ce"));
    const Id n60 = addArtist(s, QStringLiteral("Nirvana"), QStringLiteral("9282c8b4"));
    const Id one = addTrack(s, a, QStringLiteral("One"));
    const Id two = addTrack(s, a, QStringLiteral("Two"));
    const Id song = addTrack(s, a, QStringLiteral("Song"));
    const Id live = addTrack(s, a, QStringLiteral("Song (Live)"));
    const Id lithium60 = addTrack(s, n60, QStringLiteral("Lithium"));
    const Id lithium90 = addTrack(s, n90, QStringLiteral("Lithium"));
    const Id bobs = addTrack(s, a, QStringLiteral("Bob's Song"));
    const Id cold = addTrack(s, a, QStringLiteral("Nobody's"));
    listen(s, ana, one, 3);
    listen(s, ana, two, 2);
    listen(s, ana, song, 1);
    listen(s, ana, live, 2);
    const PlayCount anaCount{ana, live, 1};  // ana's "Song (Live)": 2 listens + 1 counted play
    QVERIFY(s.addPlayCounts(&anaCount, 1, false).isOk());
    listen(s, ana, lithium60, 1);
    listen(s, bob, one, 1);
    listen(s, bob, song, 4);
    listen(s, bob, lithium90, 2);
    listen(s, bob, bobs, 1);
    const PlayCount cyCount{cy, two, 7};
    QVERIFY(s.addPlayCounts(&cyCount, 1, false).isOk());
    addFile(s, QStringLiteral("/music/one.flac"), one);
    addFile(s, QStringLiteral("/music/live.flac"), live);
    addFile(s, QStringLiteral("/music/bobs.flac"), bobs);
    addFile(s, QStringLiteral("/music/cold.flac"), cold);
    QVERIFY(tx.commit().isOk());
    b.tracks = {{QStringLiteral("live"), live}, {QStringLiteral("lithium60"), lithium60}};
}

QByteArray spotifyRow(const char* ts, const char* artist, const char* title, const char* album) {
    return QByteArray("{\"ts\":\"") + ts +
           "\",\"username\":\"31abc\",\"platform\":\"linux\",\"ms_played\":200000,"
           "\"master_metadata_track_name\":\"" +
           title + "\",\"master_metadata_album_artist_name\":\"" + artist +
           "\",\"master_metadata_album_album_name\":\"" + album +
           "\",\"spotify_track_uri\":null,\"episode_name\":null,\"episode_show_name\":null,"
           "\"spotify_episode_uri\":null,\"reason_start\":\"trackdone\",\"reason_end\":"
           "\"trackdone\",\"shuffle\":false,\"skipped\":false,\"offline\":false,"
           "\"offline_timestamp\":0,\"incognito_mode\":false}";
}

}  // namespace

class TestMatchReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handMadeProjectHasExactShares() {
        QTemporaryDir dir;
        Built b;
        buildHandMade(dir.filePath(QStringLiteral("p.tastelab")), b);
        if (QTest::currentTestFailed()) return;
        const auto computed = computeMatchReport(*b.store);
        QVERIFY2(computed, qPrintable(computed.status().message()));
        const MatchReport& r = computed.value();
        QCOMPARE(r.me, QStringLiteral("ana"));
        QCOMPARE(r.otherListeners, qint64(2));  // bob and cy; dee has no plays
        QCOMPARE(r.myPlays, qint64(10));
        QCOMPARE(r.mySharedPlays, qint64(6));
        QCOMPARE(r.playShare(), 0.6);
        QCOMPARE(r.myTracks, qint64(5));
        QCOMPARE(r.mySharedTracks, qint64(3));
        QCOMPARE(r.trackShare(), 0.6);
        QCOMPARE(r.files, qint64(4));
        QCOMPARE(r.filesPlayed, qint64(3));  // one, live (ana's), bob's song
        QCOMPARE(r.fileShare(), 0.75);
        QCOMPARE(r.filesMine, qint64(2));
        QVERIFY(r.cfCanPlaceMe());
        QCOMPARE(r.topUnmatched.size(), size_t(2));
        QCOMPARE(r.topUnmatched[0].title, QStringLiteral("Song (Live)"));
        QCOMPARE(r.topUnmatched[0].plays, qint64(3));
        QCOMPARE(r.topUnmatched[1].artist, QStringLiteral("Nirvana"));
        QCOMPARE(r.topUnmatched[1].plays, qint64(1));
        // Neither near name was merged; both are listed with the reason.
        QCOMPARE(r.keptApart.size(), size_t(2));
        QCOMPARE(r.keptApart[0].mine, QStringLiteral("Alpha - Song (Live)"));
        QCOMPARE(r.keptApart[0].other, QStringLiteral("Alpha - Song"));
        QCOMPARE(r.keptApart[0].why, QStringLiteral("another version (live) is another recording"));
        QCOMPARE(r.keptApart[1].mine, QStringLiteral("Nirvana - Lithium"));
        QCOMPARE(r.keptApart[1].why,
                 QStringLiteral("two artists are named Nirvana (different MusicBrainz IDs)"));
        QCOMPARE(r.verdict(), QStringLiteral("60% of your plays are on tracks the other listeners "
                                             "played: collaborative filtering can place you among "
                                             "them."));
        const QStringList lines = r.lines();
        QCOMPARE(lines.value(1), QStringLiteral("  Your plays on tracks others played: 6 of 10 "
                                                "(60%); your tracks: 3 of 5 (60%)."));
        QCOMPARE(lines.value(2), QStringLiteral("  Music folder: 3 of 4 files (75%) are tracks "
                                                "someone played; you played 2 of them."));
        QCOMPARE(lines.value(3), QStringLiteral("  Played by no one else, most played first: Alpha "
                                                "- Song (Live) (3 plays); Nirvana - Lithium (1 "
                                                "play)"));
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QStringLiteral("my_plays_shared_share")).toDouble(), 0.6);
        QCOMPARE(json.value(QStringLiteral("files_played")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("top_unmatched")).toArray().size(), 2);
        QCOMPARE(json.value(QStringLiteral("cf_can_place_me")).toBool(), true);
    }

    void sharingNothingSaysCfCannotPlaceMe() {
        QTemporaryDir dir;
        auto created = ProjectStore::create(dir.filePath(QStringLiteral("p.tastelab")));
        QVERIFY(created);
        ProjectStore& s = *created.value();
        const Id me = addUser(s, QStringLiteral("me"));
        const Id other = addUser(s, QStringLiteral("other"));
        QVERIFY(s.setMe(me).isOk());
        const Id a = addArtist(s, QStringLiteral("A"));
        listen(s, me, addTrack(s, a, QStringLiteral("Mine")), 4);
        listen(s, other, addTrack(s, a, QStringLiteral("Theirs")), 2);
        const auto r = computeMatchReport(s);
        QVERIFY(r);
        QCOMPARE(r->myPlays, qint64(4));
        QCOMPARE(r->mySharedPlays, qint64(0));
        QCOMPARE(r->playShare(), 0.0);
        QVERIFY(!r->cfCanPlaceMe());
        QCOMPARE(r->verdict(), QStringLiteral("Your history shares no track with the other "
                                              "listeners: collaborative filtering cannot place "
                                              "you; your playlist will come from sound and text "
                                              "only."));
        QCOMPARE(r->lines().value(2), QStringLiteral("  Music folder: none scanned yet."));
        QVERIFY(r->keptApart.empty());  // "Mine" and "Theirs" are not near names
    }

    void fewSharedAndNoMeAndAlone() {
        QTemporaryDir dir;
        auto created = ProjectStore::create(dir.filePath(QStringLiteral("p.tastelab")));
        QVERIFY(created);
        ProjectStore& s = *created.value();
        const Id me = addUser(s, QStringLiteral("me"));
        const Id a = addArtist(s, QStringLiteral("A"));
        const Id shared = addTrack(s, a, QStringLiteral("Shared"));
        listen(s, me, shared, 1);
        listen(s, me, addTrack(s, a, QStringLiteral("Mine")), 9);
        auto r = computeMatchReport(s);
        QVERIFY(r);
        QCOMPARE(r->meId, Id(0));
        QVERIFY(r->verdict().startsWith(QStringLiteral("No user is marked as you")));
        QVERIFY(s.setMe(me).isOk());
        r = computeMatchReport(s);
        QCOMPARE(r->otherListeners, qint64(0));
        QVERIFY(r->verdict().startsWith(QStringLiteral("Yours is the only history")));
        listen(s, addUser(s, QStringLiteral("other")), shared, 1);
        r = computeMatchReport(s);
        QCOMPARE(r->playShare(), 0.1);
        QCOMPARE(r->verdict(), QStringLiteral("Only 10% of your plays are on tracks the other "
                                              "listeners played: collaborative filtering places "
                                              "you by those few tracks; sound and text carry more "
                                              "of your playlist."));
        // 1,991 of 2,000 plays shared (a play count of 1,990): 99.55% is "over 99%", never
        // "100%", and the sentence starts with a capital.
        const PlayCount many{me, shared, 1990};
        QVERIFY(s.addPlayCounts(&many, 1, false).isOk());
        r = computeMatchReport(s);
        QCOMPARE(r->myPlays, qint64(2000));
        QCOMPARE(r->mySharedPlays, qint64(1991));
        QCOMPARE(r->verdict(), QStringLiteral("Over 99% of your plays are on tracks the other "
                                              "listeners played: collaborative filtering can "
                                              "place you among them."));
    }

    // One song per variant, written by a community data set (Last.fm-1K, with MusicBrainz
    // artist IDs) one way and by my Spotify export (master_metadata_*, no IDs) another: every one
    // resolves to the community's track, so all my plays are shared, except the one whose
    // version differs ("(Live)" against the studio title), which is kept apart and listed. Two
    // namesake artists (two MBIDs) stay two, and my row without ID goes to the one whose title
    // it is. Then a folder whose tags spell them a third way.
    void variantsFromThreeSourcesResolveToOneTrack() {
        QTemporaryDir dir;
        const QString tsv = dir.filePath(QStringLiteral("lastfm1k.tsv"));
        QByteArray rows;
        const auto row = [&](const char* user, const char* ts, const char* artistMbid,
                             const char* artist, const char* title) {
            rows += QByteArray(user) + '\t' + ts + '\t' + artistMbid + '\t' + artist + "\t\t" +
                    title + '\n';
        };
        // 11 songs, each played by user_000001; the 1960s Nirvana's by user_000002.
        row("user_000001", "2009-05-01T10:00:00Z", "", "Daft Punk", "Get Lucky");
        row("user_000001", "2009-05-01T10:05:00Z", "", "Calvin Harris", "Feel So Close");
        row("user_000001", "2009-05-01T10:10:00Z", "", "Mark Ronson", "Uptown Funk");
        row("user_000001", "2009-05-01T10:15:00Z", "", "Beatles", "Hey Jude");
        row("user_000001", "2009-05-01T10:20:00Z", "", "Oasis", "Wonderwall (Live)");
        row("user_000001", "2009-05-01T10:25:00Z", "", "Queen", "Bohemian Rhapsody");
        row("user_000001", "2009-05-01T10:30:00Z", "", "Sigur Rós", "Hoppípolla");
        row("user_000001", "2009-05-01T10:35:00Z", "", "Simon & Garfunkel", "The Boxer");
        row("user_000001", "2009-05-01T10:40:00Z", "", "Blur", "Song 2");
        row("user_000001", "2009-05-01T10:45:00Z", "5b11f4ce-a62d-471e-81fc-a69a8278c7da",
            "Nirvana", "Lithium");
        row("user_000002", "2009-05-01T10:50:00Z", "9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6",
            "Nirvana", "Rainbow Chaser");
        QVERIFY(test::writeFile(tsv, rows));

        const QString spotify = dir.filePath(QStringLiteral("Streaming_History_Audio_2024.json"));
        const QList<QByteArray> mine = {
            spotifyRow("2024-01-01T10:00:00Z", "Daft Punk", "Get Lucky (feat. Pharrell Williams)",
                       "Random Access Memories"),  // feat.
            spotifyRow("2024-01-01T10:05:00Z", "Calvin Harris ft. Rihanna", "Feel So Close",
                       "18 Months"),  // ft.
            spotifyRow("2024-01-01T10:10:00Z", "Mark Ronson featuring Bruno Mars", "Uptown Funk",
                       "Uptown Special"),  // featuring
            spotifyRow("2024-01-01T10:15:00Z", "The Beatles", "Hey Jude - Remastered 2015",
                       "1"),  // remaster, The
            spotifyRow("2024-01-01T10:20:00Z", "Oasis", "Wonderwall - Live Version",
                       "Familiar"),  // (Live) / - Live Version
            spotifyRow("2024-01-01T10:25:00Z", "QUEEN", "bohemian rhapsody", "A Night"),  // case
            spotifyRow("2024-01-01T10:30:00Z", "Sigur Ros", "Hoppipolla", "Takk"),        // accents
            spotifyRow("2024-01-01T10:35:00Z", "Simon and Garfunkel", "The Boxer",
                       "Bridge"),  // & / and
            spotifyRow("2024-01-01T10:40:00Z", "Blur", "Song 2 (Live)", "Live at Hyde Park"),
            spotifyRow("2024-01-01T10:45:00Z", "Nirvana", "Rainbow Chaser", "All of Us"),
            spotifyRow("2024-01-01T10:50:00Z", "Nirvana", "Lithium", "Nevermind"),
        };
        QByteArray json = "[";
        for (qsizetype i = 0; i < mine.size(); ++i) json += (i ? ",\n" : "") + mine[i];
        QVERIFY(test::writeFile(spotify, json + "]"));

        const QString path = dir.filePath(QStringLiteral("p.tastelab"));
        auto created = ProjectStore::create(path);
        QVERIFY(created);
        ProjectStore& store = *created.value();
        ImportOptions options;
        options.paths = {tsv};
        QVERIFY(importHistories(store, options, Progress()));
        options.paths = {spotify};
        options.me = QStringLiteral("ana");
        const auto imported = importHistories(store, options, Progress());
        QVERIFY(imported);
        QCOMPARE(imported->totals.listensImported, qint64(11));

        auto r = computeMatchReport(store);
        QVERIFY(r);
        QCOMPARE(r->me, QStringLiteral("ana"));
        QCOMPARE(r->otherListeners, qint64(2));
        QCOMPARE(r->myPlays, qint64(11));
        // Every variant but "Song 2 (Live)" (the community played the studio "Song 2").
        QCOMPARE(r->mySharedPlays, qint64(10));
        QCOMPARE(r->mySharedTracks, qint64(10));
        QCOMPARE(r->topUnmatched.size(), size_t(1));
        QCOMPARE(r->topUnmatched[0].title, QStringLiteral("Song 2 (Live)"));
        QCOMPARE(r->keptApart.size(), size_t(1));
        QCOMPARE(r->keptApart[0].other, QStringLiteral("Blur - Song 2"));
        // Two Nirvanas, never merged; my "Rainbow Chaser" is the 1960s band's.
        int nirvanas = 0;
        for (const Artist& a : store.artists()) nirvanas += a.name == QStringLiteral("Nirvana");
        QCOMPARE(nirvanas, 2);
        QCOMPARE(store.counts().tracks, qint64(12));  // 11 community tracks + "Song 2 (Live)"

        // The folder spells them a third way: tags with featuring, "&", remasters, cases.
        const QString music = dir.filePath(QStringLiteral("music"));
        QVERIFY(QDir().mkpath(music));
        const auto file = [&](const QString& name, const QString& artist, const QString& title) {
            const QString p = music + QLatin1Char('/') + name + QStringLiteral(".flac");
            ToneSpec tone;
            tone.format = QStringLiteral("FLAC");
            QVERIFY(writeTone(p, tone).isOk());
            FileTags tags;
            tags.artist = artist;
            tags.title = title;
            tags.album = QStringLiteral("Another Album");
            QVERIFY(writeFileTags(p, tags).isOk());
        };
        file(QStringLiteral("1"), QStringLiteral("Daft Punk feat. Pharrell Williams"),
             QStringLiteral("Get Lucky"));
        file(QStringLiteral("2"), QStringLiteral("The Beatles"),
             QStringLiteral("Hey Jude (2009 Remaster)"));
        file(QStringLiteral("3"), QStringLiteral("Simon & Garfunkel"),
             QStringLiteral("The Boxer - Remastered"));
        file(QStringLiteral("4"), QStringLiteral("Oasis"),
             QStringLiteral("Wonderwall - Live / Remastered 2011"));
        file(QStringLiteral("5"), QStringLiteral("Nobody"), QStringLiteral("Unheard"));
        if (QTest::currentTestFailed()) return;
        ScanOptions scan;
        scan.folder = music;
        const auto scanned = scanMusicFolder(store, scan, Progress());
        QVERIFY(scanned);
        QCOMPARE(scanned->matched, 4);
        QCOMPARE(scanned->newTracks, 1);
        r = computeMatchReport(store);
        QVERIFY(r);
        QCOMPARE(r->files, qint64(5));
        QCOMPARE(r->filesPlayed, qint64(4));
        QCOMPARE(r->filesMine, qint64(4));
        QCOMPARE(r->fileShare(), 0.8);
    }

    // The CLI's import --json and scan --json carry the report as "match", and their text says it.
    void cliPrintsTheMatch() {
        QTemporaryDir dir;
        Built b;
        const QString path = dir.filePath(QStringLiteral("p.tastelab"));
        buildHandMade(path, b);
        if (QTest::currentTestFailed()) return;
        b.store.reset();
        const QString csv = dir.filePath(QStringLiteral("ana.csv"));
        // Two more of ana's plays: one of bob's "One", one of a song no one else knows.
        QVERIFY(test::writeFile(csv,
                                "artist,album,name,date\nAlpha,,One,01 Jan 2024 12:00\n"
                                "Alpha,,Unknown Pleasure,01 Jan 2024 12:05\n"));
        test::CliRun run = test::runCli({QStringLiteral("import"), QStringLiteral("--project"),
                                         path, QStringLiteral("--me"), QStringLiteral("ana"),
                                         QStringLiteral("--json"), csv});
        QCOMPARE(run.exitCode, 0);
        QJsonObject match = run.json().value(QStringLiteral("match")).toObject();
        QCOMPARE(match.value(QStringLiteral("me")).toString(), QStringLiteral("ana"));
        QCOMPARE(match.value(QStringLiteral("my_plays")).toInt(), 12);
        QCOMPARE(match.value(QStringLiteral("my_plays_shared")).toInt(), 7);
        QCOMPARE(match.value(QStringLiteral("my_tracks")).toInt(), 6);
        QCOMPARE(match.value(QStringLiteral("files_played")).toInt(), 3);
        QCOMPARE(match.value(QStringLiteral("verdict")).toString(),
                 QStringLiteral("58% of your plays are on tracks the other listeners played: "
                                "collaborative filtering can place you among them."));

        run = test::runCli({QStringLiteral("import"), QStringLiteral("--project"), path,
                            QStringLiteral("--me"), QStringLiteral("ana"), csv});
        QCOMPARE(run.exitCode, 0);
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(QStringLiteral("Your plays on tracks others played: 7 of 12 (58%)")),
                 qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("Kept apart, not merged: Alpha - Song (Live) / "
                                         "Alpha - Song: another version (live) is another "
                                         "recording.")));

        const QString music = dir.filePath(QStringLiteral("music"));
        QVERIFY(QDir().mkpath(music));
        ToneSpec tone;
        QVERIFY(writeTone(music + QStringLiteral("/a.wav"), tone).isOk());
        FileTags tags;
        tags.artist = QStringLiteral("ALPHA");
        tags.title = QStringLiteral("unknown pleasure");
        QVERIFY(writeFileTags(music + QStringLiteral("/a.wav"), tags).isOk());
        run = test::runCli({QStringLiteral("scan"), QStringLiteral("--project"), path,
                            QStringLiteral("--json"), music});
        QCOMPARE(run.exitCode, 0);
        match = run.json().value(QStringLiteral("match")).toObject();
        QCOMPARE(match.value(QStringLiteral("files")).toInt(), 5);
        QCOMPARE(match.value(QStringLiteral("files_played")).toInt(), 4);
        QCOMPARE(match.value(QStringLiteral("files_mine")).toInt(), 3);
        run = test::runCli({QStringLiteral("scan"), QStringLiteral("--project"), path,
                            QStringLiteral("--threads"), QStringLiteral("1"), music});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(QString::fromUtf8(run.out).contains(
                     QStringLiteral("Music folder: 4 of 5 files (80%) are tracks "
                                    "someone played; you played 3 of them.")),
                 run.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestMatchReport)
#include "test_match_report.moc"
