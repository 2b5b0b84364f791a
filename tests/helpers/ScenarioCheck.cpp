#include "ScenarioCheck.h"

#include <QHash>
#include <QSet>
#include <unordered_map>
#include <vector>

#include "ScenarioWriter.h"
#include "store/ProjectStore.h"

namespace tl::test {

ScenarioCheck checkScenario(const Scenario& scenario, const ProjectStore& store, int maxProblems) {
    ScenarioCheck c;
    auto problem = [&](const QString& text) {
        if (c.problems.size() < maxProblems) c.problems << text;
    };
    std::unordered_map<Id, QString> userNames;
    for (const User& u : store.users()) userNames[u.id] = u.name;
    std::unordered_map<Id, Track> tracks;
    for (Track& t : store.tracks()) tracks.emplace(t.id, std::move(t));
    std::unordered_map<Id, QString> artistNames;
    for (const Artist& a : store.artists()) artistNames[a.id] = a.name;
    auto label = [&](Id trackId) {
        const auto it = tracks.find(trackId);
        if (it == tracks.end()) return QStringLiteral("track %1 (missing)").arg(trackId);
        return QStringLiteral("'%1 - %2' (track %3)")
            .arg(artistNames[it->second.artistId], it->second.title)
            .arg(trackId);
    };
    const auto& songs = scenario.tracks();
    const auto& artists = scenario.artists();
    auto songLabel = [&](qint64 song) {
        if (scenario.isTail(song)) return QStringLiteral("tail song %1").arg(song);
        const ScenarioTrack& t = songs[size_t(song)];
        const ScenarioArtist& a = artists[size_t(t.artist)];
        return QStringLiteral("'%1 - %2' [%3; me: '%4 - %5', community: '%6 - %7']")
            .arg(a.name, t.title, t.variant, a.myName, t.myTitle, a.communityName,
                 t.communityTitle);
    };

    // Which song each catalog track holds, and which track each song went to.
    std::vector<Id> trackOfSong(size_t(scenario.trackCount()), 0);
    std::vector<Id> communityTrackOfSong(size_t(scenario.trackCount()), 0);
    std::unordered_map<Id, qint64> songOfTrack;
    QSet<Id> mergedTracks;
    QSet<qint64> splitSongs;
    struct Mine {
        qint64 song;
        Id track;
    };
    std::vector<Mine> mine;
    auto place = [&](qint64 song, Id trackId, const QString& who) {
        const auto [it, added] = songOfTrack.emplace(trackId, song);
        if (!added && it->second != song && !mergedTracks.contains(trackId)) {
            mergedTracks.insert(trackId);
            problem(QStringLiteral("false merge: %1 holds %2 and %3 (%4)")
                        .arg(label(trackId), songLabel(it->second), songLabel(song), who));
        }
        Id& first = trackOfSong[size_t(song)];
        if (first == 0) {
            first = trackId;
        } else if (first != trackId && !splitSongs.contains(song)) {
            splitSongs.insert(song);
            problem(QStringLiteral("split: %1 is on %2 and %3 (%4)")
                        .arg(songLabel(song), label(first), label(trackId), who));
        }
    };
    store.forEachListen([&](const Listen& l) {
        ++c.listens;
        const QString& user = userNames[l.userId];
        const qint64 song = scenario.trueTrackOfListen(user, l.endedAt);
        if (song < 0) {
            ++c.unknownListens;
            return true;
        }
        if (user == QLatin1String("me")) {
            mine.push_back({song, l.trackId});
        } else {
            Id& ct = communityTrackOfSong[size_t(song)];
            if (ct == 0) ct = l.trackId;
        }
        place(song, l.trackId, user);
        return true;
    });
    for (const Mine& m : mine) {
        ++c.myListens;
        if (scenario.isTail(m.song) || !songs[size_t(m.song)].community) continue;
        ++c.myListensInCommunity;
        if (communityTrackOfSong[size_t(m.song)] == m.track)
            ++c.myListensMatched;
        else if (c.myListensInCommunity - c.myListensMatched <= 3)
            problem(QStringLiteral("my listen of %1 is on %2, the community's on %3")
                        .arg(songLabel(m.song), label(m.track),
                             label(communityTrackOfSong[size_t(m.song)])));
    }

    // Files: a played song's file on that song's track; a song nobody played on a track of its
    // own (placed like a listen, so two files of different songs on one track are a merge).
    QHash<QString, int> songOfPath;
    for (const ScenarioFile& f : scenario.files()) songOfPath.insert(f.path, f.track);
    for (const AudioFile& f : store.files()) {
        const auto it = songOfPath.constFind(f.path);
        if (it == songOfPath.constEnd()) continue;
        ++c.files;
        if (f.trackId == 0) {
            ++c.filesUnmatched;
            problem(QStringLiteral("file %1 has no track").arg(f.path));
            continue;
        }
        const qint64 song = *it;
        const Id expected = trackOfSong[size_t(song)];
        if (expected != 0 && expected != f.trackId) {
            problem(QStringLiteral("file %1 of %2 is on %3, its listens on %4")
                        .arg(f.path, songLabel(song), label(f.trackId), label(expected)));
            place(song, f.trackId, QStringLiteral("file"));
            continue;
        }
        const auto held = songOfTrack.find(f.trackId);
        if (held != songOfTrack.end() && held->second != song) {
            place(song, f.trackId, QStringLiteral("file ") + f.path);
            continue;
        }
        place(song, f.trackId, QStringLiteral("file ") + f.path);
        ++c.filesRight;
    }
    c.falseMergedTracks = int(mergedTracks.size());
    c.splitSongs = int(splitSongs.size());

    // Artists: every true artist behind a catalog artist.
    std::unordered_map<Id, int> trueArtistOf;
    QSet<Id> mergedArtists;
    for (const auto& [trackId, song] : songOfTrack) {
        const auto t = tracks.find(trackId);
        if (t == tracks.end()) continue;
        const int trueArtist = scenario.trueArtistOf(song);
        const auto [it, added] = trueArtistOf.emplace(t->second.artistId, trueArtist);
        if (!added && it->second != trueArtist && !mergedArtists.contains(t->second.artistId)) {
            mergedArtists.insert(t->second.artistId);
            problem(QStringLiteral("artist '%1' holds two artists (%2)")
                        .arg(artistNames[t->second.artistId], label(trackId)));
        }
    }
    c.falseMergedArtists = int(mergedArtists.size());

    for (const AmbiguousPair& p : scenario.ambiguous()) {
        ++c.ambiguousPairs;
        bool apart = false;
        if (p.kind == QLatin1String("homonym")) {
            QSet<Id> ofA, ofB;
            for (size_t i = 0; i < songs.size(); ++i) {
                const Id t = trackOfSong[i];
                if (t == 0) continue;
                if (songs[i].artist == p.a) ofA.insert(tracks[t].artistId);
                if (songs[i].artist == p.b) ofB.insert(tracks[t].artistId);
            }
            apart = !ofA.isEmpty() && !ofB.isEmpty() && !ofA.intersects(ofB);
        } else {
            const Id a = trackOfSong[size_t(p.a)], b = trackOfSong[size_t(p.b)];
            apart = a != 0 && b != 0 && a != b;
        }
        if (apart)
            ++c.ambiguousApart;
        else if (p.kind == QLatin1String("homonym"))
            problem(QStringLiteral("homonym artists not apart: '%1' (%2) / '%3' (%4)")
                        .arg(artists[size_t(p.a)].name, artists[size_t(p.a)].mbid,
                             artists[size_t(p.b)].name, artists[size_t(p.b)].mbid));
        else
            problem(QStringLiteral("%1 pair not apart: %2 / %3")
                        .arg(p.kind, songLabel(p.a), songLabel(p.b)));
    }
    return c;
}

}  // namespace tl::test
