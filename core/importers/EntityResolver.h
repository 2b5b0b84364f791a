// Maps the names and IDs an export writes to catalog entities, adding what is new. An artist or
// track is the same entity when an ID matches (MusicBrainz IDs, Spotify track URIs) or, failing
// that, when the normalised names do (catalog/NameNormalizer.h); tracks key on (artist, title).
// Every merge of a differently written name is recorded in the store's merges table.
//
// The existing catalog is read once into hash maps, so resolving a row costs a hash lookup, and
// a raw-name cache skips normalisation for names already seen in this import. The maps hold
// 128-bit keys of the names (RawKeyCache.h), not the names.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <optional>

#include "catalog/Catalog.h"
#include "catalog/NameNormalizer.h"
#include "importers/RawKeyCache.h"
#include "importers/RawListen.h"
#include "job/Result.h"
#include "store/ProjectStore.h"

namespace tl {

class EntityResolver {
public:
    explicit EntityResolver(ProjectStore& store);

    // (Re)reads users, artists, tracks and merges from the store: once per import, and again
    // after a file's changes were rolled back.
    Status load();

    Result<Id> user(const QString& name);    // adds the user when new
    Result<Id> track(const RawListen& row);  // resolves the artist, then the track
    std::optional<Id> findUser(const QString& name) const;
    Id artistOf(Id trackId) const;  // 0 for a track this resolver does not know

    struct Added {
        qint64 users = 0;
        qint64 artists = 0;
        qint64 tracks = 0;
        qint64 merges = 0;
    };
    const Added& added() const { return added_; }
    void restoreAdded(const Added& added) { added_ = added; }  // after a rolled-back file

private:
    // What resolving needs of each entity: names and IDs only to compare (TextKey).
    struct ArtistEntry {
        TextKey name;
        TextKey mbid;
        unsigned rules = 0;  // how name became its key
    };
    struct TrackEntry {
        Id artistId = 0;
        TextKey title;
        TextKey mbid;
        bool hasSpotifyUri = false;
        bool hasAlbum = false;
        bool hasDuration = false;
        unsigned rules = 0;
    };
    Result<Id> artist(const QString& name, const QString& mbid);
    // For a row without an artist ID whose name keys several artists (namesakes with different
    // MusicBrainz IDs): the one namesake that has this title, else `resolved` (the oldest).
    Id namesakeWithTitle(const QString& artistName, Id resolved, const QString& titleKey) const;
    Status recordMerge(const char* kind, Id keptId, const QString& source, const QString& rule);
    void indexArtist(Id id, const ArtistEntry& entry, const QString& key);
    void indexTrack(Id id, const TrackEntry& entry, const QString& key, const QString& spotifyUri);

    ProjectStore& store_;
    QHash<QString, Id> users_;
    // Names, keys and IDs are looked up by their RawKey (RawKeyCache.h): 24 bytes an entry
    // instead of a QString node, which at Last.fm-1K scale (1.5 M tracks) was most of the
    // import's memory and a string hash and comparison per lookup.
    DenseIdMap<ArtistEntry> artists_;
    RawKeyCache artistByMbid_;
    RawKeyCache artistByKey_;
    QHash<QString, QList<Id>> namesakes_;  // artist key -> every artist with it, when 2 or more
    DenseIdMap<TrackEntry> tracks_;
    RawKeyCache trackByMbid_;
    RawKeyCache trackByUri_;
    RawKeyCache trackByKey_;  // (artist id, title key)
    QSet<QString> merges_;    // kind, kept id, source name: what is recorded already
    // Names and IDs exactly as a file wrote them -> the entity they resolved to: the per-import
    // cache that lets a repeated row skip normalisation.
    RawKeyCache rawArtists_;  // (name, mbid)
    RawKeyCache rawTracks_;   // (artist name, artist mbid, title, recording mbid, Spotify URI)
    Added added_;
};

}  // namespace tl
