// Each export format, read from files in the form people export them (tests/data/import):
// detection by content, and the exact fields of every row — timestamps to the second,
// ms_played, skips, Unicode names, IDs — plus what is skipped and rejected, and why.
#include <QtTest>

#include "importers/HistoryFormat.h"
#include "importers/HistoryParsers.h"
#include "importers/TextSource.h"

using namespace tl;

namespace {

struct Collected : RowSink {
    std::vector<RawListen> listens;
    QStringList rejected;  // "line: reason"
    QStringList skipped;
    void listen(RawListen& row) override { listens.push_back(row); }
    void reject(qint64 line, const QString& reason) override {
        rejected << QStringLiteral("%1: %2").arg(line).arg(reason);
    }
    void skip(qint64 line, const QString& reason) override {
        skipped << QStringLiteral("%1: %2").arg(line).arg(reason);
    }
    std::vector<std::pair<RawListen, qint64>> counts;
    void playCount(RawListen& row, qint64 plays) override { counts.push_back({row, plays}); }
};

QString data(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

HistoryFormat detect(const QString& path) {
    TextSource source;
    if (!source.open(path)) return HistoryFormat::Unknown;
    return detectFormat(path, source.peek(65536)).format;
}

using Parser = void (*)(TextSource&, const ParseOptions&, RowSink&);

Collected parseFile(const QString& path, Parser parser, const ParseOptions& options = {}) {
    Collected c;
    TextSource source;
    if (!source.open(path)) qFatal("cannot open %s", qPrintable(path));
    parser(source, options, c);
    return c;
}

Collected parseBytes(const QByteArray& bytes, Parser parser, const ParseOptions& options = {}) {
    Collected c;
    TextSource source;
    source.openBytes(bytes);
    parser(source, options, c);
    return c;
}

}  // namespace

class ImportFormatsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void detectsByContent_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("format");
        const auto row = [](const char* file, HistoryFormat f) {
            QTest::newRow(file) << QString::fromLatin1(file) << int(f);
        };
        row("spotify-account/StreamingHistory_music_0.json", HistoryFormat::SpotifyAccount);
        row("spotify-account/StreamingHistory0.json", HistoryFormat::SpotifyAccount);
        row("spotify-account/StreamingHistory_podcast_0.json",
            HistoryFormat::SpotifyAccountPodcast);
        row("spotify-account/Userdata.json", HistoryFormat::Unknown);
        row("spotify-account/Playlist1.json", HistoryFormat::Unknown);
        row("spotify-extended/Streaming_History_Audio_2023.json", HistoryFormat::SpotifyExtended);
        row("spotify-extended/endsong_0.json", HistoryFormat::SpotifyExtended);
        row("spotify-extended/Streaming_History_Video_2023.json", HistoryFormat::SpotifyVideo);
        row("listenbrainz-export/listens/2023/1.jsonl", HistoryFormat::ListenBrainzJsonl);
        row("listenbrainz-export/user.json", HistoryFormat::ListenBrainzUser);
        row("listenbrainz-export/feedback.jsonl", HistoryFormat::Unknown);
        row("listenbrainz-export/listenbrainz_rob_old.json", HistoryFormat::ListenBrainzJson);
        row("lastfm/lastfm-to-csv.csv", HistoryFormat::LastfmCsv);
        row("lastfm/lastfm-header.csv", HistoryFormat::LastfmCsv);
        row("lastfm/ghan.csv", HistoryFormat::LastfmGhan);
    }
    void detectsByContent() {
        QFETCH(QString, file);
        QFETCH(int, format);
        QCOMPARE(formatName(detect(data(file))), formatName(HistoryFormat(format)));
    }

    void detectsWhateverTheFileIsCalled() {
        // Renamed files are still recognised: the name only breaks ties for an empty list.
        const QByteArray extended =
            "[{\"ts\":\"2023-03-04T12:34:56Z\",\"ms_played\":1,"
            "\"master_metadata_track_name\":\"a\"}]";
        QCOMPARE(detectFormat(QStringLiteral("my history.txt"), extended).format,
                 HistoryFormat::SpotifyExtended);
        QCOMPARE(detectFormat(QStringLiteral("x.json"), "{\"listened_at\": 1}\n").format,
                 HistoryFormat::ListenBrainzJsonl);
        QCOMPARE(detectFormat(QStringLiteral("StreamingHistory_music_3.json"), "[]").format,
                 HistoryFormat::SpotifyAccount);
        QCOMPARE(detectFormat(QStringLiteral("x.json"), "[]").format, HistoryFormat::Empty);
        QCOMPARE(detectFormat(QStringLiteral("x.csv"), "").format, HistoryFormat::Empty);
        const Detection notes =
            detectFormat(QStringLiteral("notes.txt"), "Dear diary,\nnothing.\n");
        QCOMPARE(notes.format, HistoryFormat::Unknown);
        QVERIFY(notes.reason.contains(QStringLiteral("not a recognised listening history")));
        const Detection png = detectFormat(QStringLiteral("a.png"), QByteArray("\x89PNG\0\0", 6));
        QVERIFY(png.reason.contains(QStringLiteral("binary")));
    }

    void readsSpotifyAccountData() {
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const Collected c =
            parseFile(data(QStringLiteral("spotify-account/StreamingHistory_music_0.json")),
                      parseSpotifyAccount, options);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.skipped, QStringList{QStringLiteral("14: unknown track")});
        QCOMPARE(c.listens.size(), size_t(3));
        const RawListen& first = c.listens[0];
        QCOMPARE(first.user, QStringLiteral("me"));
        QCOMPARE(first.artist, QStringLiteral("Sigur Rós"));
        QCOMPARE(first.title, QStringLiteral("Hoppípolla"));
        QCOMPARE(first.endedAt, qint64(1672647300));  // 2023-01-02 08:15 UTC
        QCOMPARE(first.msPlayed, 268000);
        QCOMPARE(first.line, qint64(2));
        QVERIFY(first.minutePrecision);
        QVERIFY(!first.skipped);
        QCOMPARE(c.listens[2].title, QStringLiteral("Hey Jude - Remastered 2015"));

        const Collected podcasts =
            parseFile(data(QStringLiteral("spotify-account/StreamingHistory_podcast_0.json")),
                      parseSpotifyPodcasts, options);
        QCOMPARE(podcasts.listens.size(), size_t(0));
        QCOMPARE(podcasts.skipped.size(), 2);
    }

    void readsSpotifyExtendedHistory() {
        const Collected c =
            parseFile(data(QStringLiteral("spotify-extended/Streaming_History_Audio_2023.json")),
                      parseSpotifyExtended);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.skipped, (QStringList{QStringLiteral("4: podcast episode"),
                                         QStringLiteral("5: incognito session"),
                                         QStringLiteral("6: audiobook")}));
        QCOMPARE(c.listens.size(), size_t(3));
        const RawListen& a = c.listens[0];
        QCOMPARE(a.user, QStringLiteral("31abcdefghijklmnopqrstuvwxyz"));
        QCOMPARE(a.endedAt, qint64(1677933296));  // 2023-03-04T12:34:56Z
        QCOMPARE(a.msPlayed, 213573);
        QCOMPARE(a.artist, QStringLiteral("Sigur Rós"));
        QCOMPARE(a.title, QStringLiteral("Hoppípolla"));
        QCOMPARE(a.album, QStringLiteral("Takk..."));
        QCOMPARE(a.spotifyUri, QStringLiteral("spotify:track:6eTcxkl9G7C2mwejLJ7Amm"));
        QVERIFY(!a.skipped);
        QVERIFY(!a.minutePrecision);
        // skipped is null, but the forward button ended it after 24 s: a skip.
        QCOMPARE(c.listens[1].endedAt, qint64(1677933320));
        QVERIFY(c.listens[1].skipped);
        // An offline play: ts, not the (millisecond, years-old) offline_timestamp, is the time.
        QCOMPARE(c.listens[2].endedAt, qint64(1677933662));
        QVERIFY(c.listens[2].skipped);  // "skipped": true
        QCOMPARE(c.listens[2].msPlayed, 340000);

        ParseOptions keep;
        keep.includeIncognito = true;
        keep.overrideUser = QStringLiteral("me");
        const Collected all =
            parseFile(data(QStringLiteral("spotify-extended/Streaming_History_Audio_2023.json")),
                      parseSpotifyExtended, keep);
        QCOMPARE(all.listens.size(), size_t(4));
        QCOMPARE(all.listens[3].title, QStringLiteral("Secret Song"));
        QCOMPARE(all.listens[0].user, QStringLiteral("me"));
    }

    void readsOldEndsongFiles() {
        const Collected c = parseFile(data(QStringLiteral("spotify-extended/endsong_0.json")),
                                      parseSpotifyExtended);
        QCOMPARE(c.listens.size(), size_t(1));
        const RawListen& r = c.listens[0];
        QCOMPARE(r.user, QStringLiteral("olduser"));
        QCOMPARE(r.endedAt, qint64(1527883305));  // 2018-06-01T20:01:45Z
        QCOMPARE(r.artist, QStringLiteral("The Killers"));
        QCOMPARE(r.title, QStringLiteral("Mr. Brightside"));
        QCOMPARE(r.line, qint64(2));
        QVERIFY(!r.skipped);
    }

    void rejectsDamagedSpotifyRows() {
        const QByteArray bytes =
            "[{\"ts\":\"03/04/2023 12:34\",\"master_metadata_track_name\":\"A\","
            "\"master_metadata_album_artist_name\":\"B\"},\n"
            "{\"ms_played\": 5, \"master_metadata_track_name\":\"A\"},\n"
            "{\"ts\":\"2023-03-04T12:34:56Z\",\"ms_played\":5,\"master_metadata_track_name\":"
            "\"Ok\","
            "\"master_metadata_album_artist_name\":\"Fine\"},\n"
            "{\"ts\":\"2023-03-04T12:35:56Z\", oops},\n"
            "{\"ts\":\"2023-03-04T12:36:56Z\",\"master_metadata_track_name\":\"Cut";
        const Collected c = parseBytes(bytes, parseSpotifyExtended);
        QCOMPARE(c.listens.size(), size_t(1));
        QCOMPARE(c.listens[0].title, QStringLiteral("Ok"));
        QCOMPARE(c.rejected.size(), 4);
        QVERIFY(c.rejected[0].startsWith(
            QStringLiteral("1: unrecognised timestamp '03/04/2023 12:34'")));
        QVERIFY(c.rejected[1].startsWith(QStringLiteral("2: no 'ts'")));
        QVERIFY(c.rejected[2].startsWith(QStringLiteral("4: invalid JSON")));
        QVERIFY(c.rejected[3].startsWith(QStringLiteral("5: the file ends inside a record")));
    }

    void readsListenBrainzJsonl() {
        ParseOptions options;
        options.defaultUser = QStringLiteral("rob");  // from user.json
        const Collected c =
            parseFile(data(QStringLiteral("listenbrainz-export/listens/2023/1.jsonl")),
                      parseListenBrainzJsonl, options);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.listens.size(), size_t(3));
        const RawListen& a = c.listens[0];
        QCOMPARE(a.user, QStringLiteral("rob"));
        QCOMPARE(a.endedAt, qint64(1672531200));
        QCOMPARE(a.artist, QStringLiteral("Sigur Rós"));
        QCOMPARE(a.title, QStringLiteral("Hoppípolla"));
        QCOMPARE(a.album, QStringLiteral("Takk..."));
        QCOMPARE(a.durationMs, 268000);
        QCOMPARE(a.msPlayed, 0);  // ListenBrainz does not say how long it played
        QCOMPARE(a.recordingMbid, QStringLiteral("9b6ad7a1-1f4b-4c2d-9d3a-1c5e3f2a1b00"));
        QCOMPARE(a.artistMbid, QStringLiteral("f6f2326f-6b25-4170-b89d-e235b25508e8"));
        const RawListen& b = c.listens[1];
        QCOMPARE(b.artist, QStringLiteral("Beyoncé & Jay-Z"));
        QCOMPARE(b.artistMbid, QString());  // two artists credited: no single artist MBID
        QCOMPARE(b.durationMs, 264000);
        QCOMPARE(b.spotifyUri, QStringLiteral("spotify:track:2Gr2W1uHbWjQDxMfbh6G3z"));
        const RawListen& d = c.listens[2];
        QCOMPARE(d.endedAt, qint64(1672538400));    // a decimal listened_at
        QCOMPARE(d.title, QStringLiteral("Jóga"));  // a \u escape
        QCOMPARE(d.line, qint64(4));                // line 3 is blank
    }

    void readsListenBrainzUserNamesAndOldArrays() {
        const QByteArray lines =
            "{\"user_name\": \"ana\", \"listened_at\": 1672531200, \"track_metadata\": "
            "{\"artist_name\": \"A\", \"track_name\": \"T\"}}\n"
            "{\"user_name\": \"bo\", \"listened_at\": \"1672531260\", \"track_metadata\": "
            "{\"artist_name\": \"A\", \"track_name\": \"T\"}}\n"
            "{\"user_name\": \"bo\", \"listened_at\": \"last tuesday\", \"track_metadata\": "
            "{\"artist_name\": \"A\", \"track_name\": \"T\"}}\n"
            "{\"user_name\": \"bo\", \"listened_at\": 1672531320}\n";
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const Collected c = parseBytes(lines, parseListenBrainzJsonl, options);
        QCOMPARE(c.listens.size(), size_t(2));
        QCOMPARE(c.listens[0].user, QStringLiteral("ana"));  // user_name beats --me
        QCOMPARE(c.listens[1].user, QStringLiteral("bo"));
        QCOMPARE(c.listens[1].endedAt, qint64(1672531260));
        QCOMPARE(c.rejected.size(), 2);
        QVERIFY(
            c.rejected[0].startsWith(QStringLiteral("3: unrecognised listened_at 'last tuesday'")));
        QVERIFY(c.rejected[1].startsWith(QStringLiteral("4: no track_metadata")));

        const Collected old =
            parseFile(data(QStringLiteral("listenbrainz-export/listenbrainz_rob_old.json")),
                      parseListenBrainzJson);
        QCOMPARE(old.listens.size(), size_t(1));
        QCOMPARE(old.listens[0].user, QStringLiteral("rob"));
        QCOMPARE(old.listens[0].title, QStringLiteral("Hoppipolla"));
        QCOMPARE(old.listens[0].line, qint64(2));
    }

    void readsLastfmToCsv() {
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const Collected c =
            parseFile(data(QStringLiteral("lastfm/lastfm-to-csv.csv")), parseLastfmCsv, options);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.listens.size(), size_t(4));
        QCOMPARE(c.listens[0].artist, QStringLiteral("Radiohead"));
        QCOMPARE(c.listens[0].album, QStringLiteral("OK Computer"));
        QCOMPARE(c.listens[0].title, QStringLiteral("Paranoid Android"));
        QCOMPARE(c.listens[0].endedAt, qint64(1603188180));  // 20 Oct 2020 10:03 UTC
        QVERIFY(c.listens[0].minutePrecision);
        QCOMPARE(c.listens[1].artist, QStringLiteral("Earth, Wind & Fire"));
        QCOMPARE(c.listens[2].title,
                 QStringLiteral("Where the Wild Roses Grow (feat. Kylie Minogue)"));
        QCOMPARE(c.listens[3].album, QStringLiteral("Album with \"Quotes\""));
        QCOMPARE(c.listens[3].title, QStringLiteral("A title that spans\ntwo lines"));
        QCOMPARE(c.listens[3].line, qint64(4));

        const Collected header =
            parseFile(data(QStringLiteral("lastfm/lastfm-header.csv")), parseLastfmCsv, options);
        QCOMPARE(header.listens.size(), size_t(1));
        QCOMPARE(header.listens[0].artist, QStringLiteral("Sigur Rós"));
        QCOMPARE(header.listens[0].line, qint64(2));
    }

    void rejectsDamagedLastfmRows() {
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const QByteArray bytes =
            "A,B,C,20 Oct 2020 10:03\n"
            "Too,Few\n"
            "A,B,C,2020/10/20 10:03\n"
            "A,B,C,\n"
            "A,B,C,01 Jan 1970 00:00\n"
            "D,E,F,21 Oct 2020 11:00\n";
        const Collected c = parseBytes(bytes, parseLastfmCsv, options);
        QCOMPARE(c.listens.size(), size_t(2));
        QCOMPARE(c.rejected.size(), 4);
        QVERIFY(c.rejected[0].startsWith(QStringLiteral("2: expected 4 columns")));
        QVERIFY(
            c.rejected[1].startsWith(QStringLiteral("3: unrecognised date '2020/10/20 10:03'")));
        QVERIFY(c.rejected[2].startsWith(QStringLiteral("4: no date")));
        QVERIFY(c.rejected[3].startsWith(QStringLiteral("5: unrecognised date")));
    }

    void readsLastfmGhan() {
        ParseOptions options;
        options.defaultUser = QStringLiteral("me");
        const Collected c =
            parseFile(data(QStringLiteral("lastfm/ghan.csv")), parseLastfmGhan, options);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.listens.size(), size_t(2));
        const RawListen& r = c.listens[0];
        QCOMPARE(r.endedAt, qint64(1612122180));
        QCOMPARE(r.artist, QStringLiteral("Röyksopp"));
        QCOMPARE(r.artistMbid, QStringLiteral("1c70a3fc-fa3c-4be1-8b55-c3192db8a884"));
        QCOMPARE(r.album, QStringLiteral("Melody A.M."));
        QCOMPARE(r.title, QStringLiteral("Eple"));
        QCOMPARE(r.recordingMbid, QStringLiteral("b2a5a3c5-0000-4000-8000-000000000002"));
        QVERIFY(!r.minutePrecision);
        QCOMPARE(c.listens[1].line, qint64(3));
    }
};

QTEST_GUILESS_MAIN(ImportFormatsTest)
#include "test_import_formats.moc"
