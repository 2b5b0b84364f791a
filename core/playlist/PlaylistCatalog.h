#pragma once

#include <QString>
#include <unordered_map>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

class ProjectStore;

// The project's tracks with what a playlist shows and exports: artist, album, MBIDs, the local
// file where one exists, and the song key that tells two versions of one song apart.
struct PlaylistCatalog {
    std::vector<Track> tracks;
    std::unordered_map<Id, size_t> trackIndex;
    std::unordered_map<Id, Artist> artists;
    std::unordered_map<Id, Id> trackArtist;
    std::unordered_map<Id, QString> filePath;  // track -> local file
    std::unordered_map<Id, int> fileLengthMs;  // track -> that file's length (0: unknown)
    std::vector<User> users;

    const Track* track(Id id) const;
    // The length a playlist shows and exports (catalog/TrackLength.h): the local file's when
    // there is one, else the history's; 0 when unknown.
    int lengthMs(Id track) const;
    QString artistName(Id track) const;
    QString artistMbid(Id track) const;
    // artistKey + titleKey (core/catalog/NameNormalizer): "Hey Jude - Remastered 2015" and
    // "Hey Jude" by "The Beatles" / "Beatles" are one song. A track whose artist is unknown is
    // a song of its own: two untagged "Main Title"s are two soundtracks' themes.
    QString songKey(Id track) const;
    // The track's artist is a placeholder ("Unknown Artist": an untagged file), not a person.
    bool artistUnknown(Id track) const;
    // Who the per-artist rules count a track under: its artist, or the track itself when the
    // artist is unknown (untagged files are not one artist for the two-per-artist rule).
    // Negative for the latter, so it never equals an artist id.
    Id ruleArtist(Id track) const;
    // "me" (the user marked as me) or a user name; 0 when unknown.
    Id findUser(const QString& nameOrMe) const;
    QString userName(Id user) const;

    static PlaylistCatalog load(const ProjectStore& store);
    void add(const Track& track, const Artist& artist);  // builds a catalog by hand (tests)
};

}  // namespace tl
