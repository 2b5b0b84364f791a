// How well "my" history and music folder meet the rest of the project, before anything is
// trained: the share of my plays on tracks other listeners played (what collaborative filtering
// can place me by), the share of the folder's files that are tracks somebody played, my most
// played tracks that no one else played, and names of mine kept apart from a near namesake (a
// merge is never forced, so it is listed instead). `tastelab-cli import --json` / `scan --json`
// print it as "match"; the import summary of the window shows the same lines.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

struct MatchReport {
    // A track of mine that no other listener played.
    struct Unmatched {
        Id trackId = 0;
        QString artist;
        QString title;
        qint64 plays = 0;  // my plays of it
    };
    // A name of mine that resolution kept apart from a near one (never merged by force): a track
    // other listeners played under the same artist whose title differs only by a version
    // ("Song (Live)" / "Song"), or an artist whose name another artist entity shares (two
    // MusicBrainz IDs).
    struct KeptApart {
        QString mine;   // "Artist - Title"
        QString other;  // "Artist - Title" or the artist's name
        QString why;    // in words
    };

    Id meId = 0;  // 0: no user is marked as me
    QString me;
    qint64 otherListeners = 0;  // users other than me with listens or play counts

    qint64 myPlays = 0;        // my listens plus my play counts
    qint64 mySharedPlays = 0;  // of them, on tracks at least one other user played
    qint64 myTracks = 0;       // distinct tracks I played
    qint64 mySharedTracks = 0;

    qint64 files = 0;        // files of the music folders
    qint64 filesPlayed = 0;  // matched to a track anyone played
    qint64 filesMine = 0;    // matched to a track I played

    std::vector<Unmatched> topUnmatched;  // by my plays, most first (ties: artist, title)
    std::vector<KeptApart> keptApart;

    double playShare() const { return myPlays > 0 ? double(mySharedPlays) / double(myPlays) : 0; }
    double trackShare() const {
        return myTracks > 0 ? double(mySharedTracks) / double(myTracks) : 0;
    }
    double fileShare() const { return files > 0 ? double(filesPlayed) / double(files) : 0; }
    // Collaborative filtering can put me among the others: some of my plays are theirs too.
    bool cfCanPlaceMe() const { return mySharedPlays > 0; }

    // One sentence in words: what the figures mean for the playlist.
    QString verdict() const;
    // The few lines the CLI prints and the import summary shows (the same words).
    QStringList lines() const;
    QJsonObject toJson() const;
};

// Reads the figures from the store in a few grouped queries. `topUnmatched` names at most that
// many of my tracks.
Result<MatchReport> computeMatchReport(const ProjectStore& store, int topUnmatched = 10);

}  // namespace tl
