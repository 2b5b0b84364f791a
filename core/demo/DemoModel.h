// The demo world in memory: the plain records every writer (exports, audio, text, ground truth,
// project store) reads. Indices, not ids: the store assigns ids when the world is written.
#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

#include "demo/DemoPlan.h"

namespace tl::demo {

enum class AudioFormat { Flac, Ogg, Wav };

struct WorldArtist {
    QString name;
    QString mbid;
    int genre = 0;
    double popularity = 0.0;  // Zipf weight within its genre
    std::vector<int> tracks;  // indices into World::tracks, in track-number order
    bool hasText = false;
};

struct WorldTrack {
    int artist = 0;
    int genre = 0;
    int number = 1;  // 1-based position in the artist's discography: the NN of the file name
    QString title;
    QString album;
    QString mbid;         // MusicBrainz recording; empty when MusicBrainz "does not know it"
    QString releaseMbid;  // empty with mbid
    QString msid;         // ListenBrainz's own id for what was submitted; always set
    QString spotifyUri;
    int durationMs = 0;
    double popularity = 0.0;  // Zipf weight within its artist; 0 = nobody plays it
    bool coldStart = false;   // a new release: a file, but no listens
    int audio = -1;           // index into World::audio, -1 when there is no file
};

struct WorldAudio {
    int track = 0;
    QString relativePath;  // music/<Genre>/<Artist>/<NN> - <Title>.<ext>
    AudioFormat format = AudioFormat::Flac;
    int sampleRate = 22050;
    int channels = 1;
    int frames = 0;
    quint64 seed = 0;  // from (world seed, track index): synthesis order does not matter
};

struct WorldUser {
    QString name;
    bool isMe = false;
    std::vector<float> taste;          // one weight per genre, sums to 1
    std::vector<int> favouriteTracks;  // replayed often
    std::vector<int> lateArtists;      // only discovered in the last kDiscoveryWeeks
};

enum class ReasonStart : quint8 { ClickRow, PlayButton, AppLoad, TrackDone, ForwardButton };
enum class ReasonEnd : quint8 { TrackDone, ForwardButton, EndPlay, Logout };

// One play as the exports record it: community plays are ListenBrainz scrobbles (no play time,
// no skips), plays by "me" carry everything Spotify's extended history has.
struct WorldListen {
    int user = 0;
    int track = 0;
    qint64 endedAt = 0;  // Unix seconds, end of play
    int msPlayed = 0;    // 0 for scrobbles: the source does not say
    bool skipped = false;
    ReasonStart reasonStart = ReasonStart::TrackDone;
    ReasonEnd reasonEnd = ReasonEnd::TrackDone;
    bool shuffle = false;
    bool offline = false;
    quint8 platform = 0;
    quint8 ipHost = 1;  // the last byte of a TEST-NET address
};

struct World {
    quint64 seed = 1;
    DemoSize size = DemoSize::Small;
    DemoPlan plan;
    std::vector<QString> genreNames;  // index = genre id; the first plan.genres of the catalogue
    std::vector<WorldArtist> artists;
    std::vector<WorldTrack> tracks;
    std::vector<WorldAudio> audio;
    std::vector<WorldUser> users;      // users[0] is "me"
    std::vector<WorldListen> listens;  // ordered by (endedAt, user, track)
};

}  // namespace tl::demo
