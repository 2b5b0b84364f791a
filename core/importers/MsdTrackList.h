// The Million Song Dataset's track list (unique_tracks.txt: track_id<SEP>song_id<SEP>artist
// <SEP>title, one line per track, ~1 M lines): the names behind the song IDs of the Echo Nest
// Taste Profile, whose triplets name songs only by ID. Read first when an import holds both.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include "importers/RawListen.h"
#include "importers/TextSource.h"

namespace tl {

class MsdTrackList {
public:
    struct Name {
        QString artist;
        QString title;
    };

    // Adds the songs of one track list; a damaged line is rejected through `sink` (with its line
    // and reason) and the rest still read. The first track of a song ID names it (the MSD has
    // duplicate tracks of one song).
    void read(TextSource& in, const ParseOptions& options, RowSink& sink);

    const Name* find(QByteArrayView songId) const {
        const auto it = bySong_.constFind(songId.toByteArray());
        return it == bySong_.constEnd() ? nullptr : &*it;
    }
    qsizetype size() const { return bySong_.size(); }

private:
    QHash<QByteArray, Name> bySong_;
};

}  // namespace tl
