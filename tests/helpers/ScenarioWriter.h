// A real person's data, generated (issue 18): "my" Spotify extended streaming history, a
// Last.fm-1K TSV of other listeners and a music folder of tagged audio files, written in the
// formats the importers and the scan read. One song appears under the spellings real data uses
// ("feat." / "ft." / "featuring", "- Remastered 2011", "(Live)", "The " prefixes, case,
// accents, "&" vs "and", Spotify's names against Last.fm's, albums that differ), and a few names
// are deliberately ambiguous (a live recording and the studio one, "The Lighthouse" and
// "Lighthouse", two artists called "Harbor" with different MusicBrainz IDs): they are different
// songs and must stay apart. The generator knows the truth, so a test or a benchmark can check
// exactly which rows and files the import and the scan put together.
//
// Seeded: one seed and size give byte-identical files. Used by tests/test_scenario.cpp (small)
// and bench/bench_scenario.cpp (Last.fm-1K scale), which compiles this file in.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <vector>

namespace tl::test {

struct ScenarioSize {
    int genres = 4;               // the first N of the demo's genres: their sound and their words
    int artistsPerGenre = 6;      // artists with music in the folder and the histories
    int tracksPerArtist = 6;      // each also gets a live recording and a "The X" / "X" pair
    int communityUsers = 30;      // user_000001 …
    qint64 communityRows = 9000;  // listens of the genre catalogue
    qint64 tailTracks = 0;        // community-only long-tail tracks (Last.fm-1K: ~1 M tracks)
    qint64 tailRows = 0;          // their listens (at least one each)
    int tailArtists = 0;
    int myRows = 600;      // my Spotify export's listens (plus a few podcast records)
    int folderFiles = 60;  // music files
    double clipSeconds = 4.0;
    int sampleRate = 22050;
    int spotifyFileRows = 12000;  // records per Streaming_History_Audio file, as Spotify splits

    static ScenarioSize small();
    static ScenarioSize lastfm1k();  // 1,000 users, ~1 M tracks, 20,000 listens, 2,000 files
    ScenarioSize scaled(double fraction) const;  // community, export and folder shrunk alike
};

// What one true song is called where, and who plays it.
struct ScenarioTrack {
    int artist = 0;  // index into artists
    int genre = 0;
    QString title;           // canonical
    QString communityTitle;  // as the Last.fm-1K rows write it
    QString myTitle;         // as my Spotify export writes it (first URI)
    QString myTitle2;        // a second Spotify version (another album, another URI), or empty
    QString folderTitle;     // as the file's tags write it
    QString mbid;            // recording MBID in the community rows and some tags, or empty
    QString uri, uri2;
    QString variant;         // which spelling rule it exercises: "plain", "feat", "remaster", …
    bool community = false;  // someone in the community data plays it
    bool mine = false;       // candidate for my plays (community-played or mine only)
};

struct ScenarioArtist {
    QString name;           // canonical
    QString communityName;  // Last.fm-1K spelling
    QString myName;         // Spotify spelling
    QString folderName;     // tag spelling
    QString mbid;           // in the community rows, or empty
    QString variant;        // "plain", "the", "accent", "ampersand", "case", "homonym"
    int genre = -1;         // -1: the long tail
};

struct ScenarioFile {
    QString path;  // absolute
    int track = -1;
    bool tagged = true;
    bool genreTag = false;
};

// Two different songs whose names could be taken for one: they must stay two catalog tracks
// (or, for "homonym", two artists).
struct AmbiguousPair {
    QString kind;      // "live", "the-title", "same-title", "homonym"
    int a = 0, b = 0;  // track indices (for "homonym": artist indices)
};

struct ScenarioTruth {
    qint64 myListens = 0;             // listens in my export (podcast records not counted)
    qint64 myListensInCommunity = 0;  // of them, of songs someone in the community played
    int myTracks = 0;                 // distinct songs I played
    int myTracksInCommunity = 0;
    qint64 communityListens = 0;
    int communityTracks = 0;  // distinct songs the community played (tail included)
    int communityArtists = 0;
    qint64 lastMyListen = 0;  // Unix seconds
    QString defaultWeek;      // the ISO week after my last listen, "2009-W18"
    int folderFiles = 0;
    int folderFilesPlayed = 0;  // files of songs someone (I or the community) played
    int folderFilesMine = 0;    // files of songs I played
    int folderFilesNobody = 0;  // files of songs nobody played
    int folderFilesUntagged = 0;
    int sidecars = 0;
    QHash<QString, int> myListensByVariant;  // my listens of community songs, by spelling rule
};

class Scenario {
public:
    Scenario(quint64 seed, ScenarioSize size);

    // Streaming_History_Audio_<years>[_N].json files into `dir`; returns their paths.
    QStringList writeSpotifyExport(const QString& dir, QString* error) const;
    // userid-timestamp-artid-artname-traid-traname.tsv into `dir`; returns its path.
    QString writeCommunity(const QString& dir, QString* error) const;
    // <dir>/<Genre>/<Artist>/NN - Title.{flac,ogg,wav}, untagged files as "Artist - Title.ext",
    // a few artist sidecars (about.txt). `threads` 0 = all cores.
    bool writeMusicFolder(const QString& dir, QString* error, int threads = 0,
                          const std::function<void(int done, int total)>& progress = {});

    const ScenarioTruth& truth() const { return truth_; }
    const std::vector<ScenarioTrack>& tracks() const { return tracks_; }  // genre catalogue
    const std::vector<ScenarioArtist>& artists() const { return artists_; }
    const std::vector<AmbiguousPair>& ambiguous() const { return ambiguous_; }
    const std::vector<ScenarioFile>& files() const { return files_; }  // after writeMusicFolder
    int genreOfFile(const ScenarioFile& f) const { return tracks_[size_t(f.track)].genre; }
    QString genreName(int genre) const;
    int myGenre(int rank) const { return myGenres_[size_t(rank)]; }  // 0: favourite, 1: second

    // The true song of a listen as the import stores it: `user` is "me" or "user_000001" …,
    // `endedAt` its Unix time. Tail songs are numbered after the genre catalogue. -1: not ours.
    qint64 trueTrackOfListen(const QString& user, qint64 endedAt) const;
    qint64 trackCount() const { return qint64(tracks_.size()) + size_.tailTracks; }
    bool isTail(qint64 track) const { return track >= qint64(tracks_.size()); }
    int trueArtistOf(qint64 track) const;  // tail artists numbered after artists()

private:
    struct Row {
        qint64 endedAt;
        qint64 track;  // tail tracks after the genre catalogue
        int version;   // my export: 0 first URI/title, 1 the second
    };
    void buildCatalogue();
    void buildCommunity();
    void buildMine();
    QString tailArtistName(int tailArtist) const;
    QString tailTitle(qint64 tailTrack) const;
    int tailArtistOf(qint64 tailTrack) const;

    quint64 seed_;
    ScenarioSize size_;
    std::vector<ScenarioArtist> artists_;
    std::vector<ScenarioTrack> tracks_;
    std::vector<AmbiguousPair> ambiguous_;
    std::vector<int> myGenres_;
    std::vector<std::vector<Row>> communityRows_;  // per user, time order
    std::vector<Row> myRows_;                      // time order
    std::vector<ScenarioFile> files_;
    ScenarioTruth truth_;
};

}  // namespace tl::test
