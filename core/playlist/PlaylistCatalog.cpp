#include "playlist/PlaylistCatalog.h"

#include "catalog/NameNormalizer.h"
#include "catalog/TrackLength.h"
#include "store/ProjectStore.h"

namespace tl {

const Track* PlaylistCatalog::track(Id id) const {
    const auto it = trackIndex.find(id);
    return it == trackIndex.end() ? nullptr : &tracks[it->second];
}

int PlaylistCatalog::lengthMs(Id id) const {
    const Track* t = track(id);
    const auto file = fileLengthMs.find(id);
    return trackLengthMs(t ? t->durationMs : 0, file == fileLengthMs.end() ? 0 : file->second);
}

QString PlaylistCatalog::artistName(Id track) const {
    const auto a = trackArtist.find(track);
    if (a == trackArtist.end()) return {};
    const auto it = artists.find(a->second);
    return it == artists.end() ? QString() : it->second.name;
}

QString PlaylistCatalog::artistMbid(Id track) const {
    const auto a = trackArtist.find(track);
    if (a == trackArtist.end()) return {};
    const auto it = artists.find(a->second);
    return it == artists.end() ? QString() : it->second.mbid;
}

QString PlaylistCatalog::songKey(Id id) const {
    const Track* t = track(id);
    if (!t || artistUnknown(id)) return QStringLiteral("#%1").arg(id);
    return artistKey(artistName(id)).key + QLatin1Char('\x1f') + titleKey(t->title).key;
}

bool PlaylistCatalog::artistUnknown(Id id) const {
    return track(id) && isUnknownArtistName(artistName(id));
}

Id PlaylistCatalog::ruleArtist(Id id) const {
    if (artistUnknown(id)) return -id;
    const auto it = trackArtist.find(id);
    return it == trackArtist.end() ? -id : it->second;
}

Id PlaylistCatalog::findUser(const QString& nameOrMe) const {
    for (const User& u : users)
        if (nameOrMe == QLatin1String("me") ? u.isMe : u.name == nameOrMe) return u.id;
    return 0;
}

QString PlaylistCatalog::userName(Id user) const {
    for (const User& u : users)
        if (u.id == user) return u.name;
    return {};
}

void PlaylistCatalog::add(const Track& t, const Artist& artist) {
    trackIndex[t.id] = tracks.size();
    tracks.push_back(t);
    artists[artist.id] = artist;
    trackArtist[t.id] = artist.id;
}

PlaylistCatalog PlaylistCatalog::load(const ProjectStore& store) {
    PlaylistCatalog c;
    for (const Artist& a : store.artists()) c.artists[a.id] = a;
    c.tracks = store.tracks();
    for (size_t i = 0; i < c.tracks.size(); ++i) {
        c.trackIndex[c.tracks[i].id] = i;
        c.trackArtist[c.tracks[i].id] = c.tracks[i].artistId;
    }
    for (const AudioFile& f : store.files())
        if (f.trackId && !c.filePath.count(f.trackId)) {
            c.filePath[f.trackId] = f.path;
            c.fileLengthMs[f.trackId] = f.durationMs;
        }
    c.users = store.users();
    return c;
}

}  // namespace tl
