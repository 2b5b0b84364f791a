#include "importers/EntityResolver.h"

namespace tl {
namespace {

constexpr QChar kSeparator(0x1F);  // cannot occur in names as exports write them

const QString& ruleMusicBrainz() {
    static const QString rule = QStringLiteral("musicbrainz-id");
    return rule;
}

RawKey keyOf(const QString& text) {
    return RawKey().add(text);
}

RawKey keyOf(Id id, const QString& text) {
    return RawKey().add(id).add(text);
}

const QString& ruleSpotify() {
    static const QString rule = QStringLiteral("spotify-uri");
    return rule;
}

}  // namespace

EntityResolver::EntityResolver(ProjectStore& store) : store_(store) {}

void EntityResolver::indexArtist(Id id, const ArtistEntry& entry, const QString& key) {
    if (!entry.mbid.isEmpty()) artistByMbid_.insertIfAbsent(entry.mbid.key(), id);
    const RawKey k = keyOf(key);
    if (const Id oldest = artistByKey_.find(k); oldest == 0) {
        artistByKey_.insert(k, id);  // the oldest entity wins a name without ID...
    } else if (oldest != id) {
        // ...unless a title tells the namesakes apart (namesakeWithTitle).
        QList<Id>& all = namesakes_[key];
        if (all.isEmpty()) all << oldest;
        if (!all.contains(id)) all << id;
    }
    artists_[id] = entry;
}

void EntityResolver::indexTrack(Id id, const TrackEntry& entry, const QString& key,
                                const QString& spotifyUri) {
    if (!entry.mbid.isEmpty()) trackByMbid_.insertIfAbsent(entry.mbid.key(), id);
    if (!spotifyUri.isEmpty()) trackByUri_.insertIfAbsent(keyOf(spotifyUri), id);
    trackByKey_.insertIfAbsent(keyOf(entry.artistId, key), id);
    tracks_[id] = entry;
}

Status EntityResolver::load() {
    users_.clear();
    artists_.clear();
    artistByMbid_.clear();
    artistByKey_.clear();
    namesakes_.clear();
    tracks_.clear();
    trackByMbid_.clear();
    trackByUri_.clear();
    trackByKey_.clear();
    merges_.clear();
    rawArtists_.clear();
    rawTracks_.clear();
    for (const User& u : store_.users()) users_.insert(u.name, u.id);
    for (const Artist& a : store_.artists()) {
        NameKey key = artistKey(a.name);
        indexArtist(a.id, {a.name, a.mbid, key.rules}, key.key);
    }
    for (const Track& t : store_.tracks()) {
        NameKey key = titleKey(t.title);
        indexTrack(t.id,
                   {t.artistId, t.title, t.mbid, !t.spotifyUri.isEmpty(), !t.album.isEmpty(),
                    t.durationMs > 0, key.rules},
                   key.key, t.spotifyUri);
    }
    // A merged spelling keeps resolving to its entity even when a later file has no ID for it.
    for (const Merge& m : store_.merges()) {
        merges_.insert(m.kind + kSeparator + QString::number(m.keptId) + kSeparator + m.sourceName);
        if (m.kind == QLatin1String("artist") && artists_.contains(m.keptId)) {
            artistByKey_.insertIfAbsent(keyOf(artistKey(m.sourceName).key), m.keptId);
        } else if (m.kind == QLatin1String("track") && tracks_.contains(m.keptId)) {
            trackByKey_.insertIfAbsent(
                keyOf(tracks_[m.keptId].artistId, titleKey(m.sourceName).key), m.keptId);
        }
    }
    return Status::ok();
}

Id EntityResolver::artistOf(Id trackId) const {
    const TrackEntry* entry = tracks_.find(trackId);
    return entry ? entry->artistId : 0;
}

std::optional<Id> EntityResolver::findUser(const QString& name) const {
    const auto it = users_.constFind(name);
    if (it == users_.constEnd()) return std::nullopt;
    return *it;
}

Result<Id> EntityResolver::user(const QString& name) {
    if (const auto it = users_.constFind(name); it != users_.constEnd()) return *it;
    User u{0, name, false};
    if (Status s = store_.addUser(u); !s.isOk()) return s;
    users_.insert(name, u.id);
    ++added_.users;
    return u.id;
}

Status EntityResolver::recordMerge(const char* kind, Id keptId, const QString& source,
                                   const QString& rule) {
    const QString key =
        QLatin1String(kind) + kSeparator + QString::number(keptId) + kSeparator + source;
    if (merges_.contains(key)) return Status::ok();
    Merge merge{0, QLatin1String(kind), keptId, source, rule};
    bool added = false;
    if (Status s = store_.addMerge(merge, &added); !s.isOk()) return s;
    merges_.insert(key);
    if (added) ++added_.merges;
    return Status::ok();
}

Result<Id> EntityResolver::artist(const QString& name, const QString& mbid) {
    const RawKey raw = RawKey().add(name).add(mbid);
    if (const Id cached = rawArtists_.find(raw)) return cached;
    Id id = 0;
    QString rule;
    if (!mbid.isEmpty()) {
        if (const Id found = artistByMbid_.find(keyOf(mbid))) {
            id = found;
            rule = ruleMusicBrainz();
        }
    }
    const NameKey key = artistKey(name);
    if (id == 0) {
        if (const Id found = artistByKey_.find(keyOf(key.key))) {
            ArtistEntry& entry = artists_[found];
            // Two different MusicBrainz IDs are two artists who share a name (there are several
            // bands called Nirvana); without an ID on either side the name decides.
            if (mbid.isEmpty() || entry.mbid.isEmpty() || entry.mbid == mbid) {
                id = found;
                rule = nameRulesText(mergeRules(entry.rules, key.rules));
                if (entry.mbid.isEmpty() && !mbid.isEmpty()) {
                    if (Status s = store_.fillArtistMbid(id, mbid); !s.isOk()) return s;
                    entry.mbid = mbid;
                    artistByMbid_.insertIfAbsent(keyOf(mbid), id);
                }
            }
        }
    }
    if (id == 0) {
        Artist a{0, name, mbid};
        if (Status s = store_.addArtist(a); !s.isOk()) return s;
        ++added_.artists;
        id = a.id;
        indexArtist(id, {name, mbid, key.rules}, key.key);
    } else if (artists_[id].name != name) {
        if (Status s = recordMerge("artist", id, name, rule); !s.isOk()) return s;
    }
    rawArtists_.insert(raw, id);
    return id;
}

Id EntityResolver::namesakeWithTitle(const QString& artistName, Id resolved,
                                     const QString& titleKey) const {
    if (namesakes_.isEmpty()) return resolved;
    const auto it = namesakes_.constFind(artistKey(artistName).key);
    if (it == namesakes_.constEnd() || !it->contains(resolved)) return resolved;
    Id found = 0;
    for (const Id candidate : *it) {
        if (!trackByKey_.contains(keyOf(candidate, titleKey))) continue;
        if (found != 0) return resolved;  // several have it: the name cannot say which
        found = candidate;
    }
    return found != 0 ? found : resolved;
}

Result<Id> EntityResolver::track(const RawListen& row) {
    // Keyed on the artist's raw name and ID rather than the artist they resolve to (which they
    // always do the same way within an import): a repeated row costs one lookup, not two.
    const RawKey raw = RawKey()
                           .add(row.artist)
                           .add(row.artistMbid)
                           .add(row.title)
                           .add(row.recordingMbid)
                           .add(row.spotifyUri);
    if (const Id cached = rawTracks_.find(raw)) return cached;
    const Result<Id> artistId = artist(row.artist, row.artistMbid);
    if (!artistId) return artistId.status();
    Id aid = artistId.value();

    Id id = 0;
    QString rule;
    const NameKey key = titleKey(row.title);
    // "Nirvana" without an ID names two bands (two MusicBrainz IDs): the title decides which,
    // rather than the oldest taking every row by the name alone.
    if (row.artistMbid.isEmpty()) aid = namesakeWithTitle(row.artist, aid, key.key);
    if (!row.spotifyUri.isEmpty()) {
        if (const Id found = trackByUri_.find(keyOf(row.spotifyUri))) {
            id = found;
            rule = ruleSpotify();
        }
    }
    if (id == 0 && !row.recordingMbid.isEmpty()) {
        if (const Id found = trackByMbid_.find(keyOf(row.recordingMbid))) {
            id = found;
            rule = ruleMusicBrainz();
        }
    }
    if (id == 0) {
        if (const Id found = trackByKey_.find(keyOf(aid, key.key))) {
            const TrackEntry& entry = tracks_[found];
            // Different recording MBIDs are different recordings. Different Spotify URIs are
            // not: Spotify gives the same song one URI per album, single and compilation.
            if (row.recordingMbid.isEmpty() || entry.mbid.isEmpty() ||
                entry.mbid == row.recordingMbid) {
                id = found;
                rule = nameRulesText(mergeRules(entry.rules, key.rules));
            }
        }
    }
    if (id == 0) {
        Track t;
        t.artistId = aid;
        t.title = row.title;
        t.album = row.album;
        t.mbid = row.recordingMbid;
        t.spotifyUri = row.spotifyUri;
        t.durationMs = row.durationMs;
        if (Status s = store_.addTrack(t); !s.isOk()) return s;
        ++added_.tracks;
        id = t.id;
        indexTrack(id,
                   {aid, row.title, row.recordingMbid, !row.spotifyUri.isEmpty(),
                    !row.album.isEmpty(), row.durationMs > 0, key.rules},
                   key.key, row.spotifyUri);
    } else {
        TrackEntry& entry = tracks_[id];
        // What one source knows and another does not (Spotify URIs, MusicBrainz IDs, albums,
        // lengths) is added to the entity, so the next import matches by ID.
        const bool newMbid = entry.mbid.isEmpty() && !row.recordingMbid.isEmpty();
        const bool newUri = !entry.hasSpotifyUri && !row.spotifyUri.isEmpty();
        const bool newAlbum = !entry.hasAlbum && !row.album.isEmpty();
        const bool newDuration = !entry.hasDuration && row.durationMs > 0;
        if (newMbid || newUri || newAlbum || newDuration) {
            Track t;
            t.id = id;
            t.album = row.album;
            t.mbid = row.recordingMbid;
            t.spotifyUri = row.spotifyUri;
            t.durationMs = row.durationMs;
            if (Status s = store_.fillTrackDetails(t); !s.isOk()) return s;
            if (newMbid) entry.mbid = row.recordingMbid;
            if (newUri) entry.hasSpotifyUri = true;
            entry.hasAlbum = entry.hasAlbum || newAlbum;
            entry.hasDuration = entry.hasDuration || newDuration;
        }
        if (!row.spotifyUri.isEmpty()) trackByUri_.insertIfAbsent(keyOf(row.spotifyUri), id);
        if (!row.recordingMbid.isEmpty()) trackByMbid_.insertIfAbsent(keyOf(row.recordingMbid), id);
        if (entry.title != row.title) {
            if (Status s = recordMerge("track", id, row.title, rule); !s.isOk()) return s;
        }
    }
    rawTracks_.insert(raw, id);
    return id;
}

}  // namespace tl
