// Importing into a project: whole export folders, entity resolution and its merges table,
// idempotent and overlapping imports, every kind of damaged input (valid rows kept, bad rows
// counted and quoted, nothing already in the project lost), a file that fails to store rolled
// back alone, progress by bytes, and cancellation that leaves the project as it was.
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <set>
#include <thread>

#include "TestSupport.h"
#include "importers/HistoryImporter.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

QString data(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

QByteArray extendedRow(const char* ts, const char* artist, const char* track, int ms = 200000,
                       const char* user = "31abc") {
    return QStringLiteral(
               "{\"ts\":\"%1\",\"username\":\"%2\",\"ms_played\":%3,"
               "\"master_metadata_track_name\":\"%4\",\"master_metadata_album_artist_name\":\"%5\","
               "\"master_metadata_album_album_name\":\"\",\"spotify_track_uri\":null,"
               "\"reason_end\":\"trackdone\",\"skipped\":false,\"incognito_mode\":false}")
        .arg(QLatin1String(ts), QLatin1String(user))
        .arg(ms)
        .arg(QString::fromUtf8(track), QString::fromUtf8(artist))
        .toUtf8();
}

QByteArray accountRow(const char* end, const char* artist, const char* track, int ms = 200000) {
    return QStringLiteral(
               "{\"endTime\":\"%1\",\"artistName\":\"%2\",\"trackName\":\"%3\","
               "\"msPlayed\":%4}")
        .arg(QLatin1String(end), QString::fromUtf8(artist), QString::fromUtf8(track))
        .arg(ms)
        .toUtf8();
}

QByteArray array(const QList<QByteArray>& rows) {
    return "[\n" + rows.join(",\n") + "\n]\n";
}

// (artist, title) of every track with listens, and the listens per user name.
struct Snapshot {
    std::set<std::pair<QString, QString>> tracks;
    std::map<QString, qint64> listensByUser;
    qint64 listens = 0;
};

Snapshot snapshot(ProjectStore& store) {
    Snapshot s;
    QSqlQuery q(store.database());
    q.exec(
        QStringLiteral("SELECT DISTINCT a.name, t.title FROM listens l JOIN tracks t ON "
                       "t.id = l.track_id JOIN artists a ON a.id = t.artist_id"));
    while (q.next()) s.tracks.insert({q.value(0).toString(), q.value(1).toString()});
    q.exec(
        QStringLiteral("SELECT u.name, count(*) FROM listens l JOIN users u ON u.id = "
                       "l.user_id GROUP BY u.name"));
    while (q.next()) s.listensByUser[q.value(0).toString()] = q.value(1).toLongLong();
    s.listens = store.counts().listens;
    return s;
}

// Listens per artist name, for exact comparisons of what a file stored.
std::map<QString, qint64> listensByArtist(ProjectStore& store) {
    std::map<QString, qint64> out;
    QSqlQuery q(store.database());
    q.exec(
        QStringLiteral("SELECT a.name, count(*) FROM listens l JOIN tracks t ON t.id = l.track_id "
                       "JOIN artists a ON a.id = t.artist_id GROUP BY a.name"));
    while (q.next()) out[q.value(0).toString()] = q.value(1).toLongLong();
    return out;
}

// lastfm-to-csv's date of the i-th minute from 1 Oct 2020 00:00 UTC.
QByteArray lastfmMinute(int i) {
    return QStringLiteral("%1 Oct 2020 %2:%3")
        .arg(1 + i / 1440, 2, 10, QLatin1Char('0'))
        .arg(i / 60 % 24, 2, 10, QLatin1Char('0'))
        .arg(i % 60, 2, 10, QLatin1Char('0'))
        .toLatin1();
}

}  // namespace

class ImportTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int projects_ = 0;

    QString path(const QString& name) const { return dir_.filePath(name); }
    std::unique_ptr<ProjectStore> newProject() {
        auto created = ProjectStore::create(path(QStringLiteral("p%1.tastelab").arg(++projects_)));
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        return std::move(created).value();
    }
    QString write(const QString& name, const QByteArray& bytes) {
        const QString p = path(name);
        QDir().mkpath(QFileInfo(p).absolutePath());
        if (!test::writeFile(p, bytes)) qFatal("cannot write %s", qPrintable(p));
        return p;
    }
    static ImportReport run(ProjectStore& store, const QStringList& paths, const QString& me = {},
                            const Progress& progress = Progress()) {
        ImportOptions options;
        options.paths = paths;
        options.me = me;
        auto result = importHistories(store, options, progress);
        if (!result) qFatal("import failed: %s", qPrintable(result.status().message()));
        return std::move(result).value();
    }
    static const FileReport* fileNamed(const ImportReport& r, const QString& suffix) {
        for (const FileReport& f : r.files)
            if (f.path.endsWith(suffix)) return &f;
        return nullptr;
    }

private Q_SLOTS:
    void importsASpotifyAccountFolder() {
        auto store = newProject();
        const ImportReport r =
            run(*store, {data(QStringLiteral("spotify-account"))}, QStringLiteral("me"));
        QCOMPARE(r.totals.listensImported, qint64(4));
        QCOMPARE(r.totals.rowsSkipped, qint64(3));  // two podcast episodes, one unknown track
        QCOMPARE(r.totals.skippedBy.at(QStringLiteral("podcast episode")), qint64(2));
        QCOMPARE(r.totals.rowsRejected, qint64(0));
        QCOMPARE(r.problemCount, qint64(0));  // Userdata.json and Playlist1.json: passed over
        QCOMPARE(fileNamed(r, QStringLiteral("Userdata.json"))->status, QStringLiteral("ignored"));
        QCOMPARE(fileNamed(r, QStringLiteral("StreamingHistory_music_0.json"))->format,
                 QStringLiteral("spotify-account"));
        QCOMPARE(r.usersAdded, qint64(1));
        QCOMPARE(r.me, QStringLiteral("me"));
        QVERIFY(r.notes.join(QLatin1Char(' ')).contains(QStringLiteral("UTC")));
        // "Beyoncé"/"Halo" (2023) and "Beyonce"/"Halo" (2019) are one artist and one track.
        QCOMPARE(r.artistsAdded, qint64(3));
        QCOMPARE(r.tracksAdded, qint64(3));
        QCOMPARE(r.mergesAdded, qint64(1));
        const std::vector<Merge> merges = store->merges();
        QCOMPARE(merges.size(), size_t(1));
        QCOMPARE(merges[0].kind, QStringLiteral("artist"));
        // Files are read in sorted order and the first spelling seen is kept:
        // StreamingHistory0.json (2019, "Beyonce") before StreamingHistory_music_0.json.
        QCOMPARE(merges[0].sourceName, QStringLiteral("Beyoncé"));
        QCOMPARE(merges[0].rule, QStringLiteral("diacritics"));
        const auto users = store->users();
        QCOMPARE(users.size(), size_t(1));
        QVERIFY(users[0].isMe);
        QCOMPARE(store->counts().listens, qint64(4));
    }

    void importingTwiceAddsNothing() {
        auto store = newProject();
        const QStringList inputs = {
            data(QStringLiteral("spotify-account")), data(QStringLiteral("spotify-extended")),
            data(QStringLiteral("listenbrainz-export")), data(QStringLiteral("lastfm"))};
        const ImportReport first = run(*store, inputs, QStringLiteral("me"));
        QVERIFY(first.totals.listensImported > 10);
        const CatalogCounts before = store->counts();
        const qsizetype mergesBefore = qsizetype(store->merges().size());
        const ImportReport again = run(*store, inputs, QStringLiteral("me"));
        QCOMPARE(again.totals.listensImported, qint64(0));
        QCOMPARE(again.totals.listensDuplicate,
                 first.totals.listensImported + first.totals.listensDuplicate);
        QVERIFY(again.anythingValid());
        const CatalogCounts after = store->counts();
        QCOMPARE(after.listens, before.listens);
        QCOMPARE(after.tracks, before.tracks);
        QCOMPARE(after.artists, before.artists);
        QCOMPARE(after.users, before.users);
        QCOMPARE(qsizetype(store->merges().size()), mergesBefore);
        QCOMPARE(again.mergesAdded, qint64(0));
    }

    void resolvesEntitiesAcrossSources() {
        auto store = newProject();
        run(*store,
            {data(QStringLiteral("spotify-extended/Streaming_History_Audio_2023.json")),
             data(QStringLiteral("listenbrainz-export")), data(QStringLiteral("lastfm/ghan.csv"))},
            QStringLiteral("me"));
        // Spotify's "Sigur Rós"/"Hoppípolla", ListenBrainz's same spelling (with MBIDs) and the
        // old ListenBrainz export's "Sigur Ros"/"Hoppipolla" are one artist and one track.
        int sigurRos = 0;
        Id artistId = 0;
        for (const Artist& a : store->artists())
            if (a.name.startsWith(QStringLiteral("Sigur"))) ++sigurRos, artistId = a.id;
        QCOMPARE(sigurRos, 1);
        int hoppipolla = 0;
        for (const Track& t : store->tracks()) {
            if (t.artistId != artistId) continue;
            ++hoppipolla;
            QCOMPARE(t.title, QStringLiteral("Hoppípolla"));
            // What each source knew is kept together: Spotify's URI, ListenBrainz's MBID.
            QCOMPARE(t.spotifyUri, QStringLiteral("spotify:track:6eTcxkl9G7C2mwejLJ7Amm"));
            QCOMPARE(t.mbid, QStringLiteral("9b6ad7a1-1f4b-4c2d-9d3a-1c5e3f2a1b00"));
            QCOMPARE(t.durationMs, 268000);
        }
        QCOMPARE(hoppipolla, 1);
        for (const Artist& a : store->artists())
            if (a.id == artistId)
                QCOMPARE(a.mbid, QStringLiteral("f6f2326f-6b25-4170-b89d-e235b25508e8"));
        bool sawTrackMerge = false;
        for (const Merge& m : store->merges()) {
            if (m.kind == QLatin1String("track") && m.sourceName == QLatin1String("Hoppipolla")) {
                sawTrackMerge = true;
                QCOMPARE(m.rule, QStringLiteral("diacritics"));
            }
        }
        QVERIFY(sawTrackMerge);
        // The ListenBrainz user comes from the export's user.json. The old array export holds
        // the same first listen under plain-ASCII names: resolved to the same track, it is a
        // duplicate, not a fourth listen.
        const Snapshot s = snapshot(*store);
        QCOMPARE(s.listensByUser.at(QStringLiteral("rob")), qint64(3));
        // "Come Together - Remastered 2009" stays one title with the Beatles' others.
        QVERIFY(s.tracks.count(
            {QStringLiteral("The Beatles"), QStringLiteral("Come Together - Remastered 2009")}));
    }

    void matchesByIdsBeforeNames() {
        auto store = newProject();
        const QString lb = write(
            QStringLiteral("ids.jsonl"),
            "{\"user_name\":\"u\",\"listened_at\":1672531200,\"track_metadata\":{\"artist_name\":"
            "\"Prince\",\"track_name\":\"Purple Rain\",\"additional_info\":{\"recording_mbid\":"
            "\"00000000-0000-4000-8000-000000000001\",\"artist_mbids\":"
            "[\"00000000-0000-4000-8000-0000000000a1\"]}}}\n"
            // The same recording under the name he used in 1993: one track, by its MBID.
            "{\"user_name\":\"u\",\"listened_at\":1672531500,\"track_metadata\":{\"artist_name\":"
            "\"The Artist Formerly Known as Prince\",\"track_name\":\"Purple Rain (Live)\","
            "\"additional_info\":{\"recording_mbid\":\"00000000-0000-4000-8000-000000000001\","
            "\"artist_mbids\":[\"00000000-0000-4000-8000-0000000000a1\"]}}}\n"
            // Same name, a different recording MBID: a different recording, kept apart.
            "{\"user_name\":\"u\",\"listened_at\":1672531800,\"track_metadata\":{\"artist_name\":"
            "\"Prince\",\"track_name\":\"Purple Rain\",\"additional_info\":{\"recording_mbid\":"
            "\"00000000-0000-4000-8000-000000000002\"}}}\n");
        const ImportReport r = run(*store, {lb});
        QCOMPARE(r.totals.listensImported, qint64(3));
        QCOMPARE(store->counts().artists, qint64(1));
        QCOMPARE(store->counts().tracks, qint64(2));
        QStringList rules;
        for (const Merge& m : store->merges()) rules << m.kind + QLatin1Char(':') + m.rule;
        rules.sort();
        QCOMPARE(rules, (QStringList{QStringLiteral("artist:musicbrainz-id"),
                                     QStringLiteral("track:musicbrainz-id")}));
    }

    void overlappingExportsCountEachPlayOnce() {
        // Two extended exports whose years overlap, and the account data of the same plays
        // (minute precision), in both orders.
        const QByteArray a = array({extendedRow("2023-03-04T12:34:56Z", "Sigur Rós", "Hoppípolla"),
                                    extendedRow("2023-03-04T12:40:10Z", "Björk", "Jóga")});
        const QByteArray b = array({extendedRow("2023-03-04T12:40:10Z", "Björk", "Jóga"),
                                    extendedRow("2023-03-05T08:00:00Z", "Björk", "Army of Me")});
        const QByteArray account = array({accountRow("2023-03-04 12:34", "Sigur Rós", "Hoppípolla"),
                                          accountRow("2023-03-04 12:40", "Björk", "Jóga"),
                                          accountRow("2023-03-05 08:00", "Björk", "Army of Me"),
                                          accountRow("2023-03-06 09:00", "Björk", "Hunter")});
        const QString fa =
            write(QStringLiteral("overlap/Streaming_History_Audio_2022-2023.json"), a);
        const QString fb =
            write(QStringLiteral("overlap/Streaming_History_Audio_2023-2024.json"), b);
        const QString fc = write(QStringLiteral("overlap/StreamingHistory_music_0.json"), account);
        for (const QStringList& order : {QStringList{fa, fb, fc}, QStringList{fc, fb, fa}}) {
            auto store = newProject();
            const ImportReport r = run(*store, order, QStringLiteral("me"));
            QCOMPARE(r.totals.listensImported, qint64(4));
            QCOMPARE(r.totals.listensDuplicate, qint64(4));
            QCOMPARE(store->counts().listens, qint64(4));
        }
        // Separate imports, the account data last, then first.
        auto store = newProject();
        run(*store, {fa, fb}, QStringLiteral("me"));
        run(*store, {fc}, QStringLiteral("me"));
        QCOMPARE(store->counts().listens, qint64(4));
        auto reversed = newProject();
        run(*reversed, {fc}, QStringLiteral("me"));
        run(*reversed, {fa}, QStringLiteral("me"));
        run(*reversed, {fb}, QStringLiteral("me"));
        QCOMPARE(reversed->counts().listens, qint64(4));
    }

    void overlappingLastfmExportsCountEachScrobbleOnce() {
        // The same two scrobbles from both Last.fm tools: lastfm.ghan.nl keeps the second,
        // lastfm-to-csv only the minute.
        const QString ghan = write(
            QStringLiteral("lastfm-overlap/ghan.csv"),
            "\"uts\",\"utc_time\",\"artist\",\"artist_mbid\",\"album\",\"album_mbid\",\"track\","
            "\"track_mbid\"\r\n"
            "\"1612122207\",\"31 Jan 2021, 19:43\",\"Röyksopp\",\"\",\"Melody "
            "A.M.\",\"\",\"Eple\",\"\"\r\n"
            "\"1612122530\",\"31 Jan 2021, 19:48\",\"Röyksopp\",\"\",\"Melody A.M.\",\"\",\"Remind "
            "Me\",\"\"\r\n");
        const QString csv = write(QStringLiteral("lastfm-overlap/scrobbles.csv"),
                                  "Röyksopp,Melody A.M.,Eple,31 Jan 2021 19:43\n"
                                  "Röyksopp,Melody A.M.,Remind Me,31 Jan 2021 19:48\n"
                                  "Röyksopp,Melody A.M.,So Easy,31 Jan 2021 19:52\n");
        for (const QStringList& order : {QStringList{ghan, csv}, QStringList{csv, ghan}}) {
            auto store = newProject();
            run(*store, {order[0]}, QStringLiteral("me"));
            const ImportReport r = run(*store, {order[1]}, QStringLiteral("me"));
            QCOMPARE(store->counts().listens, qint64(3));
            QCOMPARE(r.totals.listensDuplicate, qint64(2));
        }
    }

    void keepsRepeatsOfAShortSong() {
        // A 50-second song on repeat ends in every minute: those are plays, not duplicates.
        const QString f = write(QStringLiteral("repeat/StreamingHistory_music_0.json"),
                                array({accountRow("2023-03-04 12:00", "A", "Short", 50000),
                                       accountRow("2023-03-04 12:01", "A", "Short", 50000),
                                       accountRow("2023-03-04 12:02", "A", "Short", 50000)}));
        auto store = newProject();
        QCOMPARE(run(*store, {f}, QStringLiteral("me")).totals.listensImported, qint64(3));
    }

    void robustness_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("imported");
        QTest::addColumn<qint64>("rejected");
        QTest::addColumn<QString>("reason");  // the first problem's reason starts with this
        QTest::addColumn<qint64>("line");

        const QByteArray two =
            array({extendedRow("2023-03-04T12:34:56Z", "Sigur Rós", "Hoppípolla"),
                   extendedRow("2023-03-04T12:40:10Z", "Björk", "Jóga")});
        QTest::newRow("truncated json")
            << QStringLiteral("Streaming_History_Audio_2023.json")
            << two.left(two.lastIndexOf("Jóga")) << qint64(1) << qint64(1)
            << QStringLiteral("the file ends inside a record") << qint64(3);
        QTest::newRow("bom") << QStringLiteral("Streaming_History_Audio_2023.json")
                             << QByteArray("\xEF\xBB\xBF") + two << qint64(2) << qint64(0)
                             << QString() << qint64(0);
        QString text = QString::fromUtf8(two);
        QByteArray utf16("\xFF\xFE", 2);
        for (const QChar c : text) utf16 += QByteArray(reinterpret_cast<const char*>(&c), 2);
        QTest::newRow("utf-16") << QStringLiteral("Streaming_History_Audio_2023.json") << utf16
                                << qint64(2) << qint64(0) << QString() << qint64(0);
        QTest::newRow("latin-1 csv") << QStringLiteral("scrobbles.csv")
                                     << QStringLiteral(
                                            "Björk,Debut,Human Behaviour,20 Oct 2020 10:03\n"
                                            "Sigur Rós,Takk...,Hoppípolla,20 Oct 2020 10:09\n")
                                            .toLatin1()
                                     << qint64(2) << qint64(0) << QString() << qint64(0);
        QTest::newRow("headerless csv with quotes and newlines")
            << QStringLiteral("scrobbles.csv")
            << QByteArray(
                   "\"Nick Cave & The Bad Seeds\",\"Murder, Ballads\",\"Where the Wild\n"
                   "Roses Grow\",21 Oct 2020 22:15\n"
                   "\"A \"\"quoted\"\" artist\",B,C,22 Oct 2020 08:00\n")
            << qint64(2) << qint64(0) << QString() << qint64(0);
        QTest::newRow("unexpected timestamp")
            << QStringLiteral("listens.jsonl")
            << QByteArray(
                   "{\"user_name\":\"u\",\"listened_at\":1672531200,\"track_metadata\":"
                   "{\"artist_name\":\"A\",\"track_name\":\"B\"}}\n"
                   "{\"user_name\":\"u\",\"listened_at\":\"2023-01-01 00:00\","
                   "\"track_metadata\":{\"artist_name\":\"A\",\"track_name\":\"C\"}}\n")
            << qint64(1) << qint64(1) << QStringLiteral("unrecognised listened_at") << qint64(2);
        QTest::newRow("too few columns")
            << QStringLiteral("scrobbles.csv")
            << QByteArray("A,B,C,20 Oct 2020 10:03\nOnly,Two\nD,E,F,20 Oct 2020 10:09\n")
            << qint64(2) << qint64(1) << QStringLiteral("expected 4 columns") << qint64(2);
        QTest::newRow("empty file")
            << QStringLiteral("empty.json") << QByteArray() << qint64(0) << qint64(0)
            << QStringLiteral("the file is empty") << qint64(0);
        QTest::newRow("not a history")
            << QStringLiteral("notes.txt") << QByteArray("Dear diary,\ntoday I listened.\n")
            << qint64(0) << qint64(0) << QStringLiteral("not a recognised listening history")
            << qint64(0);
        QTest::newRow("binary") << QStringLiteral("cover.jpg")
                                << QByteArray("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) << qint64(0)
                                << qint64(0) << QStringLiteral("a binary file") << qint64(0);
        QTest::newRow("very long line")
            << QStringLiteral("listens.jsonl")
            << QByteArray(
                   "{\"user_name\":\"u\",\"listened_at\":1672531200,\"track_metadata\":"
                   "{\"artist_name\":\"A\",\"track_name\":\"B\"}}\n{\"junk\":\"") +
                   QByteArray(8 << 20, 'x') +
                   "\"}\n{\"user_name\":\"u\",\"listened_at\":1672531260,\"track_metadata\":"
                   "{\"artist_name\":\"A\",\"track_name\":\"C\"}}\n"
            << qint64(2) << qint64(1) << QStringLiteral("record longer than 1024 KiB") << qint64(2);
    }

    void robustness() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, imported);
        QFETCH(qint64, rejected);
        QFETCH(QString, reason);
        QFETCH(qint64, line);
        // A project that already holds something: none of it may be lost.
        auto store = newProject();
        run(*store, {data(QStringLiteral("lastfm/ghan.csv"))}, QStringLiteral("me"));
        const Snapshot before = snapshot(*store);
        QCOMPARE(before.listens, qint64(2));

        const QString file = write(QStringLiteral("robust/%1/%2").arg(projects_).arg(name), bytes);
        const ImportReport r = run(*store, {file}, QStringLiteral("me"));
        QCOMPARE(r.totals.listensImported, imported);
        QCOMPARE(r.totals.rowsRejected, rejected);
        if (reason.isEmpty()) {
            QCOMPARE(r.problemCount, qint64(0));
        } else {
            QVERIFY(r.problemCount >= 1);
            QCOMPARE(r.problems[0].file, file);
            QCOMPARE(r.problems[0].line, line);
            QVERIFY2(r.problems[0].reason.startsWith(reason), qPrintable(r.problems[0].reason));
        }
        QCOMPARE(r.anythingValid(), imported > 0);
        QVERIFY(!r.toText().isEmpty());
        QCOMPARE(store->counts().listens, before.listens + imported);
        const Snapshot after = snapshot(*store);
        for (const auto& t : before.tracks) QVERIFY(after.tracks.count(t));
        // Names survive whatever the encoding was.
        if (imported > 0 && name.endsWith(QStringLiteral(".json")))
            QVERIFY(
                after.tracks.count({QStringLiteral("Sigur Rós"), QStringLiteral("Hoppípolla")}));
        if (name == QLatin1String("scrobbles.csv") && bytes.contains("Human"))
            QVERIFY(
                after.tracks.count({QStringLiteral("Björk"), QStringLiteral("Human Behaviour")}));
    }

    void quotesTheFirstTwentyProblems() {
        QByteArray bytes;
        for (int i = 0; i < 100; ++i) bytes += "bad,row\n";
        bytes += "A,B,C,20 Oct 2020 10:03\n";
        const QString file = write(QStringLiteral("many-bad.csv"), bytes);
        auto store = newProject();
        const ImportReport r = run(*store, {file}, QStringLiteral("me"));
        QCOMPARE(r.totals.listensImported, qint64(1));
        QCOMPARE(r.totals.rowsRejected, qint64(100));
        QCOMPARE(r.problemCount, qint64(100));
        QCOMPARE(r.problems.size(), size_t(20));
        QCOMPARE(r.problems[19].line, qint64(20));
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QStringLiteral("errors")).toArray().size(), 20);
        QCOMPARE(json.value(QStringLiteral("rows_rejected")).toInt(), 100);
    }

    // One row that is not UTF-8 near the end of a 20,000-row Last.fm export (a byte damaged, a
    // row pasted from a Windows-1252 spreadsheet) is read as Windows-1252 on its own; every
    // other row is stored exactly as written. It used to make the whole file Latin-1, storing
    // "BjÃ¶rk" for every Björk.
    void aRowThatIsNotUtf8IsDecodedAlone() {
        constexpr int kRows = 20000, kBad = 19993;
        QByteArray bytes;
        std::map<QString, qint64> expected;
        for (int i = 1; i <= kRows; ++i) {
            QByteArray artist;
            QByteArray track;
            if (i == kBad) {
                artist = "Sigur R\xF3s";  // Latin-1 / Windows-1252 bytes
                track = "Hopp\xEDpolla \x96 live";
                ++expected[QStringLiteral("Sigur Rós")];
            } else if (i % 10 == 0) {
                artist = QStringLiteral("Björk").toUtf8();
                track = QStringLiteral("Jóga").toUtf8();
                ++expected[QStringLiteral("Björk")];
            } else {
                artist = "Artist " + QByteArray::number(i % 50);
                track = "Track " + QByteArray::number(i % 500);
                ++expected[QString::fromLatin1(artist)];
            }
            bytes += artist + ",Album," + track + ',' + lastfmMinute(i) + '\n';
        }
        QVERIFY(bytes.size() < (1 << 20));  // one chunk: the bad byte is in what is sniffed
        const QString file = write(QStringLiteral("one-bad-byte/scrobbles.csv"), bytes);
        auto store = newProject();
        const ImportReport r = run(*store, {file}, QStringLiteral("me"));
        QCOMPARE(r.files.size(), size_t(1));
        QCOMPARE(r.files[0].format, QStringLiteral("lastfm-csv"));
        QCOMPARE(r.files[0].encoding, QStringLiteral("utf-8"));
        QCOMPARE(r.files[0].note,
                 QStringLiteral("line 19993 is not valid UTF-8; read as Windows-1252"));
        QCOMPARE(r.totals.listensImported, qint64(kRows));
        QCOMPARE(r.totals.rowsRejected, qint64(0));
        QCOMPARE(r.problemCount, qint64(0));
        const std::map<QString, qint64> stored = listensByArtist(*store);
        QCOMPARE(stored.at(QStringLiteral("Björk")), qint64(2000));
        QCOMPARE(stored.at(QStringLiteral("Sigur Rós")), qint64(1));
        QVERIFY(stored == expected);  // no "BjÃ¶rk", no U+FFFD
        QVERIFY(snapshot(*store).tracks.count(
            {QStringLiteral("Sigur Rós"), QStringLiteral("Hoppípolla – live")}));
    }

    void rejectsARowWithANulByte_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        // 20,010 rows; row 20,000 holds a NUL in a name.
        constexpr int kRows = 20010, kBad = 20000;
        QByteArray csv, tsv, jsonl;
        for (int i = 1; i <= kRows; ++i) {
            const QByteArray n = QByteArray::number(i % 50);
            const QByteArray artist = i == kBad ? QByteArray("Port\0ishead", 11) : "Artist " + n;
            const QByteArray track = "Track " + QByteArray::number(i % 500);
            csv += artist + ",Album," + track + ',' + lastfmMinute(i) + '\n';
            const QByteArray iso = QDateTime::fromSecsSinceEpoch(1241478537 - 60 * i, Qt::UTC)
                                       .toString(Qt::ISODate)
                                       .toLatin1();
            tsv += "user_000001\t" + iso + "\t\t" + "Artist " + n + "\t\t" +
                   (i == kBad ? QByteArray("Glory\0Box", 9) : track) + '\n';
            jsonl += "{\"listened_at\":" + QByteArray::number(1672531200 + 60 * i) +
                     ",\"track_metadata\":{\"artist_name\":\"Artist " + n + "\",\"track_name\":\"" +
                     track + "\",\"release_name\":\"" + (i == kBad ? "Dummy\\u0000" : "Album") +
                     "\"}}\n";
        }
        QTest::newRow("last.fm csv") << QStringLiteral("scrobbles.csv") << csv
                                     << QStringLiteral("a NUL byte in the artist name");
        QTest::newRow("last.fm-1k tsv")
            << QStringLiteral("userid-timestamp-artid-artname-traid-traname.tsv") << tsv
            << QStringLiteral("a NUL byte in the track name");
        QTest::newRow("listenbrainz jsonl (an escaped NUL)")
            << QStringLiteral("listens.jsonl") << jsonl
            << QStringLiteral("a NUL byte in the album name");
    }
    void rejectsARowWithANulByte() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const QString file =
            write(QStringLiteral("nul/%1/%2").arg(QTest::currentDataTag(), name), bytes);
        auto store = newProject();
        const ImportReport r = run(*store, {file}, QStringLiteral("me"));
        QCOMPARE(r.totals.listensImported, qint64(20009));  // the rows around it
        QCOMPARE(r.totals.rowsRejected, qint64(1));
        QCOMPARE(r.problemCount, qint64(1));
        QCOMPARE(r.problems[0].file, file);
        QCOMPARE(r.problems[0].line, qint64(20000));
        QVERIFY2(r.problems[0].reason.startsWith(reason), qPrintable(r.problems[0].reason));
        QCOMPARE(store->counts().listens, qint64(20009));
        QSqlQuery q(store->database());
        for (const char* sql :
             {"SELECT name FROM artists", "SELECT title FROM tracks", "SELECT name FROM users"}) {
            QVERIFY(q.exec(QString::fromLatin1(sql)));
            while (q.next()) QVERIFY2(!q.value(0).toString().contains(QChar(0)), sql);
        }
    }

    void explainsMissingUserNames() {
        auto store = newProject();
        ImportOptions options;
        options.paths = {data(QStringLiteral("spotify-account/StreamingHistory_music_0.json"))};
        const auto r = importHistories(*store, options, Progress());
        QVERIFY(r.ok());
        QCOMPARE(r->totals.listensImported, qint64(0));
        QCOMPARE(r->files[0].status, QStringLiteral("failed"));
        QVERIFY(r->problems[0].reason.contains(QStringLiteral("--me NAME")));
        QCOMPARE(store->counts().users, qint64(0));
        // A JSONL file with neither user_name nor a user.json nearby: each row says so.
        const QString lb = write(QStringLiteral("anon/listens.jsonl"),
                                 "{\"listened_at\":1672531200,\"track_metadata\":"
                                 "{\"artist_name\":\"A\",\"track_name\":\"B\"}}\n");
        const ImportReport anon = run(*store, {lb});
        QCOMPARE(anon.totals.rowsRejected, qint64(1));
        QVERIFY(anon.problems[0].reason.contains(QStringLiteral("--me NAME")));
        QCOMPARE(run(*store, {lb}, QStringLiteral("me")).totals.listensImported, qint64(1));
    }

    void rollsBackAFileThatFailsToStore() {
        auto store = newProject();
        // The store refuses one artist, as a full disk or a broken file would refuse a write.
        QVERIFY(QSqlQuery(store->database())
                    .exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON artists WHEN "
                                         "NEW.name = 'Refused' BEGIN SELECT RAISE(ABORT, "
                                         "'refused by test'); END")));
        const QString good = write(QStringLiteral("rollback/a.csv"),
                                   "A,B,Good,20 Oct 2020 10:03\nA,B,Also good,20 Oct 2020 10:09\n");
        const QString bad = write(QStringLiteral("rollback/b.csv"),
                                  "C,D,Fine,21 Oct 2020 10:03\nRefused,X,Y,21 Oct 2020 10:09\n");
        const ImportReport r = run(*store, {good, bad}, QStringLiteral("me"));
        QCOMPARE(r.files[0].status, QStringLiteral("imported"));
        QCOMPARE(r.files[1].status, QStringLiteral("failed"));
        QVERIFY(r.files[1].note.contains(QStringLiteral("refused by test")));
        QCOMPARE(r.totals.listensImported, qint64(2));
        QCOMPARE(store->counts().listens, qint64(2));
        QCOMPARE(store->counts().artists, qint64(1));  // "C" went with its file
        QCOMPARE(r.artistsAdded, qint64(1));
        // The import goes on after the failed file with a consistent view of the catalog.
        const QString later =
            write(QStringLiteral("rollback/c.csv"), "C,D,Fine,21 Oct 2020 10:03\n");
        QCOMPARE(run(*store, {good, bad, later}, QStringLiteral("me")).totals.listensImported,
                 qint64(1));
        QCOMPARE(store->counts().artists, qint64(2));
    }

    void reportsProgressByBytes() {
        QByteArray bytes;
        for (int i = 0; i < 60000; ++i)
            bytes += QStringLiteral(
                         "{\"user_name\":\"u%1\",\"listened_at\":%2,\"track_metadata\":"
                         "{\"artist_name\":\"Artist %3\",\"track_name\":\"Track %4\"}}\n")
                         .arg(i % 7)
                         .arg(1672531200 + i * 60)
                         .arg(i % 50)
                         .arg(i % 500)
                         .toUtf8();
        const QString file = write(QStringLiteral("progress.jsonl"), bytes);
        std::vector<double> fractions;
        Progress progress([&](double f, const QString&) { fractions.push_back(f); });
        auto store = newProject();
        const ImportReport r = run(*store, {file}, {}, progress);
        QCOMPARE(r.totals.listensImported, qint64(60000));
        QVERIFY(fractions.size() >= 3);  // a file over 4 MiB reports per chunk
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
    }

    void cancellingLeavesTheProjectAsItWas() {
        QByteArray bytes = "[\n";
        for (int i = 0; i < 120000; ++i) {
            if (i) bytes += ",\n";
            bytes += extendedRow(QDateTime::fromSecsSinceEpoch(1672531200 + i * 200, Qt::UTC)
                                     .toString(Qt::ISODate)
                                     .toLatin1()
                                     .constData(),
                                 "Artist", QByteArray("Track ") + QByteArray::number(i % 3000));
        }
        bytes += "\n]\n";
        const QString big =
            write(QStringLiteral("cancel/Streaming_History_Audio_2023.json"), bytes);
        const QString small = data(QStringLiteral("lastfm/ghan.csv"));
        auto store = newProject();
        run(*store, {small}, QStringLiteral("me"));
        const Snapshot before = snapshot(*store);

        // Cancel from another thread once the second file is well under way; the import must
        // notice within 200 ms and roll back the first file too.
        Progress progress;
        std::atomic<bool> halfway{false};
        Progress watched([&](double f, const QString&) {
            if (f > 0.4) halfway = true;
        });
        QElapsedTimer clock;
        qint64 cancelledAt = 0;
        std::thread canceller([&] {
            while (!halfway) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            cancelledAt = clock.nsecsElapsed();
            watched.cancel();
        });
        clock.start();
        ImportOptions options;
        options.paths = {small, big};
        options.me = QStringLiteral("other");
        const auto result = importHistories(*store, options, watched);
        const qint64 returnedAt = clock.nsecsElapsed();
        canceller.join();
        QVERIFY(!result.ok());
        QVERIFY(result.status().isCancelled());
        QVERIFY2(returnedAt - cancelledAt < 200'000'000,
                 qPrintable(QStringLiteral("%1 ms").arg((returnedAt - cancelledAt) / 1e6)));
        const Snapshot after = snapshot(*store);
        QCOMPARE(after.listens, before.listens);
        QCOMPARE(after.tracks, before.tracks);
        QCOMPARE(store->counts().users, qint64(1));
        // And the same import, not cancelled, goes through.
        const ImportReport r = run(*store, {small, big}, QStringLiteral("other"));
        QCOMPARE(r.totals.listensImported, qint64(120000 + 2));
        Q_UNUSED(progress);
    }
};

QTEST_GUILESS_MAIN(ImportTest)
#include "test_import.moc"
