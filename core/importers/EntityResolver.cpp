#include "importers/EntityResolver.h"

namespace tl {
namespace {

constexpr QChar kSeparator(0x1F);  // cannot occur in names as exports write them

const QString& ruleMusicBrainz() {
    static const QString rule = QStringLiteral("musicbrainz-id");
    return rule;
}

const QString& ruleSpotify() {
    static const QString rule = QStringLiteral("spotify-uri");
    return rule;
}

}  // namespace

EntityResolver::EntityResolver(ProjectStore& store) : store_(store) {}

void EntityResolver::indexArtist(Id id, ArtistEntry entry, const QString& key) {
    if (!entry.mbid.isEmpty() && !artistByMbid_.contains(entry.mbid))
        artistByMbid_.insert(entry.mbid, id);
    if (const auto it = artistByKey_.constFind(key); it == artistByKey_.constEnd()) {
        artistByKey_.insert(key, id);  // the oldest entity wins a name without ID...
    } else if (*it != id) {
        // ...unless a title tells the namesakes apart (namesakeWithTitle).
        QList<Id>& all = namesakes_[key];
        if (all.isEmpty()) all << *it;
        if (!all.contains(id)) all << id;
    }
    artists_[id] = std::move(entry);
}

void EntityResolver::indexTrack(Id id, TrackEntry entry, const QString& key) {
    if (!entry.mbid.isEmpty() && !trackByMbid_.contains(entry.mbid))
        trackByMbid_.insert(entry.mbid, id);
    if (!entry.spotifyUri.isEmpty() && !trackByUri_.contains(entry.spotifyUri))
        trackByUri_.insert(entry.spotifyUri, id);
    const TrackKey k{entry.artistId, key};
    if (!trackByKey_.contains(k)) trackByKey_.insert(k, id);
    tracks_[id] = std::move(entry);
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
                   {t.artistId, t.title, t.mbid, t.spotifyUri, !t.album.isEmpty(), t.durationMs > 0,
                    key.rules},
                   key.key);
    }
    // A merged spelling keeps resolving to its entity even when a later file has no ID for it.
    for (const Merge& m : store_.merges()) {
        merges_.insert(m.kind + kSeparator + QString::number(m.keptId) + kSeparator + m.sourceName);
        if (m.kind == QLatin1String("artist") && artists_.count(m.keptId)) {
            const QString key = artistKey(m.sourceName).key;
            if (!artistByKey_.contains(key)) artistByKey_.insert(key, m.keptId);
        } else if (m.kind == QLatin1String("track") && tracks_.count(m.keptId)) {
            const TrackKey key{tracks_[m.keptId].artistId, titleKey(m.sourceName).key};
            if (!trackByKey_.contains(key)) trackByKey_.insert(key, m.keptId);
        }
    }
    return Status::ok();
}

Id EntityResolver::artistOf(Id trackId) const {
    const auto it = tracks_.find(trackId);
    return it == tracks_.end() ? 0 : it->second.artistId;
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
    const RawArtist raw{name, mbid};
    if (const auto it = rawArtists_.constFind(raw); it != rawArtists_.constEnd()) return *it;
    Id id = 0;
    QString rule;
    if (!mbid.isEmpty()) {
        if (const auto it = artistByMbid_.constFind(mbid); it != artistByMbid_.constEnd()) {
            id = *it;
            rule = ruleMusicBrainz();
        }
    }
    const NameKey key = artistKey(name);
    if (id == 0) {
        if (const auto it = artistByKey_.constFind(key.key); it != artistByKey_.constEnd()) {
            ArtistEntry& entry = artists_[*it];
            // Two different MusicBrainz IDs are two artists who share a name (there are several
            // bands called Nirvana); without an ID on either side the name decides.
            if (mbid.isEmpty() || entry.mbid.isEmpty() || entry.mbid == mbid) {
                id = *it;
                rule = nameRulesText(mergeRules(entry.rules, key.rules));
                if (entry.mbid.isEmpty() && !mbid.isEmpty()) {
                    if (Status s = store_.fillArtistMbid(id, mbid); !s.isOk()) return s;
                    entry.mbid = mbid;
                    if (!artistByMbid_.contains(mbid)) artistByMbid_.insert(mbid, id);
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
        if (!trackByKey_.contains({candidate, titleKey})) continue;
        if (found != 0) return resolved;  // several have it: the name cannot say which
        found = candidate;
    }
    return found != 0 ? found : resolved;
}

Result<Id> EntityResolver::track(const RawListen& row) {
    const Result<Id> artistId = artist(row.artist, row.artistMbid);
    if (!artistId) return artistId.status();
    Id aid = artistId.value();
    const RawTrack raw{aid, row.title, row.recordingMbid, row.spotifyUri};
    if (const auto it = rawTracks_.constFind(raw); it != rawTracks_.constEnd()) return *it;

    Id id = 0;
    QString rule;
    const NameKey key = titleKey(row.title);
    // "Nirvana" without an ID names two bands (two MusicBrainz IDs): the title decides which,
    // rather than the oldest taking every row by the name alone.
    if (row.artistMbid.isEmpty()) aid = namesakeWithTitle(row.artist, aid, key.key);
    if (!row.spotifyUri.isEmpty()) {
        if (const auto it = trackByUri_.constFind(row.spotifyUri); it != trackByUri_.constEnd()) {
            id = *it;
            rule = ruleSpotify();
        }
    }
    if (id == 0 && !row.recordingMbid.isEmpty()) {
        if (const auto it = trackByMbid_.constFind(row.recordingMbid);
            it != trackByMbid_.constEnd()) {
            id = *it;
            rule = ruleMusicBrainz();
        }
    }
    if (id == 0) {
        if (const auto it = trackByKey_.constFind({aid, key.key}); it != trackByKey_.constEnd()) {
            const TrackEntry& entry = tracks_[*it];
            // Different recording MBIDs are different recordings. Different Spotify URIs are
            // not: Spotify gives the same song one URI per album, single and compilation.
            if (row.recordingMbid.isEmpty() || entry.mbid.isEmpty() ||
                entry.mbid == row.recordingMbid) {
                id = *it;
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
                   {aid, row.title, row.recordingMbid, row.spotifyUri, !row.album.isEmpty(),
                    row.durationMs > 0, key.rules},
                   key.key);
    } else {
        TrackEntry& entry = tracks_[id];
        // What one source knows and another does not (Spotify URIs, MusicBrainz IDs, albums,
        // lengths) is added to the entity, so the next import matches by ID.
        const bool newMbid = entry.mbid.isEmpty() && !row.recordingMbid.isEmpty();
        const bool newUri = entry.spotifyUri.isEmpty() && !row.spotifyUri.isEmpty();
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
            if (newUri) entry.spotifyUri = row.spotifyUri;
            entry.hasAlbum = entry.hasAlbum || newAlbum;
            entry.hasDuration = entry.hasDuration || newDuration;
        }
        if (!row.spotifyUri.isEmpty() && !trackByUri_.contains(row.spotifyUri))
            trackByUri_.insert(row.spotifyUri, id);
        if (!row.recordingMbid.isEmpty() && !trackByMbid_.contains(row.recordingMbid))
            trackByMbid_.insert(row.recordingMbid, id);
        if (entry.title != row.title) {
            if (Status s = recordMerge("track", id, row.title, rule); !s.isOk()) return s;
        }
    }
    rawTracks_.insert(raw, id);
    return id;
}

}  // namespace tl
