#include "demo/DemoCatalogBuilder.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "demo/DemoGenres.h"
#include "demo/DemoNames.h"

namespace tl::demo {
namespace {

// Zipf exponents: a few artists and a few tracks per artist take most of the plays, as in real
// listening data (and what makes "top 10% of tracks hold most plays" true).
constexpr double kArtistZipf = 1.3;
constexpr double kTrackZipf = 1.1;
constexpr double kGenreZipf = 0.5;       // some genres are more popular than others
constexpr double kUnmappedShare = 0.08;  // recordings MusicBrainz "does not know"

QString extension(AudioFormat format) {
    switch (format) {
        case AudioFormat::Flac:
            return QStringLiteral("flac");
        case AudioFormat::Ogg:
            return QStringLiteral("ogg");
        case AudioFormat::Wav:
            return QStringLiteral("wav");
    }
    return {};
}

void addArtistsAndTracks(World& world) {
    const auto& catalogue = genreCatalogue();
    Rng rng(deriveSeed(world.seed, "catalogue"));
    std::set<QString> artistNames;
    std::set<QString> albumNames;
    int albumCount = 0;
    for (int g = 0; g < world.plan.genres; ++g) {
        const GenreSound& sound = catalogue[size_t(g)].sound;
        for (int rank = 0; rank < world.plan.artistsPerGenre; ++rank) {
            const int artistIndex = int(world.artists.size());
            WorldArtist artist;
            artist.name = makeArtistName(rng, artistNames);
            artist.mbid = makeUuid(world.seed, "artist", quint64(artistIndex));
            artist.genre = g;
            artist.popularity = 1.0 / std::pow(rank + 1.0, kArtistZipf);

            const int count =
                rng.between(world.plan.minTracksPerArtist, world.plan.maxTracksPerArtist);
            const int albums = 1 + (count > 5 ? 1 : 0) + (count > 10 ? 1 : 0);
            std::vector<int> popularityRank(static_cast<size_t>(count));
            for (int i = 0; i < count; ++i) popularityRank[size_t(i)] = i;
            rng.shuffle(popularityRank);  // hits are not always track 1

            std::set<QString> titles;
            QString album;
            QString releaseMbid;
            for (int i = 0; i < count; ++i) {
                if (i * albums / count != (i - 1) * albums / count || i == 0) {
                    album = makeAlbumTitle(rng, albumNames);
                    releaseMbid = makeUuid(world.seed, "release", quint64(albumCount++));
                }
                const int trackIndex = int(world.tracks.size());
                WorldTrack track;
                track.artist = artistIndex;
                track.genre = g;
                track.number = i + 1;
                track.title = makeTrackTitle(rng, titles);
                track.album = album;
                if (!rng.chance(kUnmappedShare)) {
                    track.mbid = makeUuid(world.seed, "recording", quint64(trackIndex));
                    track.releaseMbid = releaseMbid;
                }
                track.msid = makeUuid(world.seed, "msid", quint64(trackIndex));
                track.spotifyUri = makeSpotifyTrackUri(world.seed, quint64(trackIndex));
                track.durationMs =
                    rng.between(sound.minDurationS * 1000, sound.maxDurationS * 1000);
                track.popularity = 1.0 / std::pow(popularityRank[size_t(i)] + 1.0, kTrackZipf);
                artist.tracks.push_back(trackIndex);
                world.tracks.push_back(std::move(track));
            }
            world.artists.push_back(std::move(artist));
        }
    }
}

// New releases nobody has heard yet: the last track of some artists, spread over the genres.
// They get files (so an audio model can place them) and zero popularity (so nobody plays them).
std::vector<int> markColdStart(World& world, Rng& rng) {
    std::vector<std::vector<int>> artistsByGenre(size_t(world.plan.genres));
    for (size_t a = 0; a < world.artists.size(); ++a)
        artistsByGenre[size_t(world.artists[a].genre)].push_back(int(a));
    for (auto& list : artistsByGenre) rng.shuffle(list);
    std::vector<int> cold;
    // Round robin over the genres: visits every (genre, artist) pair at most once.
    for (int i = 0; int(cold.size()) < world.plan.coldStartTracks && i < int(world.artists.size());
         ++i) {
        const auto& list = artistsByGenre[size_t(i % world.plan.genres)];
        const size_t round = size_t(i / world.plan.genres);
        if (round >= list.size()) continue;
        const int trackIndex = world.artists[size_t(list[round])].tracks.back();
        WorldTrack& track = world.tracks[size_t(trackIndex)];
        track.coldStart = true;
        track.popularity = 0.0;
        cold.push_back(trackIndex);
    }
    return cold;
}

// The music folder holds part of the catalogue, the same number of files per genre (so every
// genre's sound is represented), cold-start tracks first.
void chooseAudio(World& world, const std::vector<int>& cold, Rng& rng) {
    std::vector<std::vector<int>> candidates(size_t(world.plan.genres));
    std::vector<std::vector<int>> chosen(size_t(world.plan.genres));
    for (int t : cold) chosen[size_t(world.tracks[size_t(t)].genre)].push_back(t);
    for (size_t t = 0; t < world.tracks.size(); ++t)
        if (!world.tracks[t].coldStart) candidates[size_t(world.tracks[t].genre)].push_back(int(t));
    std::vector<int> selected;
    for (int g = 0; g < world.plan.genres; ++g) {
        const int quota = world.plan.audioTracks / world.plan.genres +
                          (g < world.plan.audioTracks % world.plan.genres ? 1 : 0);
        auto& pool = candidates[size_t(g)];
        rng.shuffle(pool);
        auto& list = chosen[size_t(g)];
        for (size_t i = 0; int(list.size()) < quota && i < pool.size(); ++i)
            list.push_back(pool[i]);
        selected.insert(selected.end(), list.begin(), list.end());
    }
    std::sort(selected.begin(), selected.end());  // files in catalogue order

    // Exact shares (at least one of each kind) rather than independent coin flips, so even the
    // small world has Ogg, WAV, 44.1 kHz and stereo files for the tests to open.
    const int n = int(selected.size());
    auto share = [n](double fraction) {
        return n == 0 ? 0 : std::max(1, int(std::lround(fraction * n)));
    };
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) order[size_t(i)] = i;
    std::vector<AudioFormat> formats(size_t(n), AudioFormat::Flac);
    rng.shuffle(order);
    const int oggs = share(world.plan.oggShare);
    const int wavs = share(world.plan.wavShare);
    for (int i = 0; i < n; ++i) {
        if (i < oggs)
            formats[size_t(order[size_t(i)])] = AudioFormat::Ogg;
        else if (i < oggs + wavs)
            formats[size_t(order[size_t(i)])] = AudioFormat::Wav;
    }
    std::vector<int> rates(size_t(n), 22050);
    rng.shuffle(order);
    for (int i = 0; i < share(world.plan.rate44kShare) && i < n; ++i)
        rates[size_t(order[size_t(i)])] = 44100;
    std::vector<int> channels(size_t(n), 1);
    rng.shuffle(order);
    for (int i = 0; i < share(world.plan.stereoShare) && i < n; ++i)
        channels[size_t(order[size_t(i)])] = 2;

    const auto& catalogue = genreCatalogue();
    for (int i = 0; i < n; ++i) {
        const int t = selected[size_t(i)];
        WorldTrack& track = world.tracks[size_t(t)];
        const WorldArtist& artist = world.artists[size_t(track.artist)];
        WorldAudio audio;
        audio.track = t;
        audio.format = formats[size_t(i)];
        audio.sampleRate = rates[size_t(i)];
        audio.channels = channels[size_t(i)];
        audio.frames = int(std::lround(world.plan.clipSeconds * audio.sampleRate));
        audio.seed = deriveSeed(world.seed, "audio", quint64(t));
        audio.relativePath =
            QStringLiteral("music/%1/%2/%3 - %4.%5")
                .arg(QString::fromLatin1(catalogue[size_t(track.genre)].name), artist.name,
                     QStringLiteral("%1").arg(track.number, 2, 10, QLatin1Char('0')), track.title,
                     extension(audio.format));
        track.audio = int(world.audio.size());
        world.audio.push_back(std::move(audio));
    }
}

// A taste is a Dirichlet-like mixture: most weight on one to three genres (gamma draws), a
// little spread over all of them (exploration), normalised to sum to 1.
std::vector<float> makeTaste(Rng& rng, const std::vector<double>& genrePopularity, bool isMe) {
    const int genres = int(genrePopularity.size());
    const double r = rng.uniform();
    int focus = isMe ? (r < 0.5 ? 2 : 3) : (r < 0.3 ? 1 : r < 0.75 ? 2 : 3);
    focus = std::min(focus, genres);
    std::vector<double> main(size_t(genres), 0.0);
    std::vector<double> weights = genrePopularity;
    for (int i = 0; i < focus; ++i) {
        const int g = WeightedPick(weights).pick(rng);
        weights[size_t(g)] = 0.0;  // without replacement
        main[size_t(g)] = rng.gamma(2.0);
    }
    double mainSum = 0.0;
    for (double w : main) mainSum += w;
    std::vector<double> explore(static_cast<size_t>(genres));
    double exploreSum = 0.0;
    for (double& w : explore) exploreSum += (w = rng.gamma(0.5) + 1e-9);
    const double epsilon = rng.uniform(0.03, 0.10);
    std::vector<float> taste(static_cast<size_t>(genres));
    double total = 0.0;
    for (int g = 0; g < genres; ++g) {
        const double w =
            (1.0 - epsilon) * main[size_t(g)] / mainSum + epsilon * explore[size_t(g)] / exploreSum;
        taste[size_t(g)] = float(w);
        total += double(taste[size_t(g)]);
    }
    for (float& w : taste) w = float(double(w) / total);  // exact to float rounding
    return taste;
}

void addUsers(World& world) {
    Rng rng(deriveSeed(world.seed, "users"));
    std::vector<double> genrePopularity(size_t(world.plan.genres));
    std::vector<int> order(size_t(world.plan.genres));
    for (int g = 0; g < world.plan.genres; ++g) order[size_t(g)] = g;
    rng.shuffle(order);  // which genres are popular depends on the seed
    for (int rank = 0; rank < world.plan.genres; ++rank)
        genrePopularity[size_t(order[size_t(rank)])] = 1.0 / std::pow(rank + 1.0, kGenreZipf);

    std::set<QString> names{QStringLiteral("me")};
    WorldUser me;
    me.name = QStringLiteral("me");
    me.isMe = true;
    me.taste = makeTaste(rng, genrePopularity, true);
    world.users.push_back(std::move(me));
    for (int i = 0; i < world.plan.communityUsers; ++i) {
        WorldUser user;
        user.name = makeUserName(rng, names);
        user.taste = makeTaste(rng, genrePopularity, false);
        world.users.push_back(std::move(user));
    }
}

}  // namespace

World buildCatalog(quint64 seed, DemoSize size) {
    World world;
    world.seed = seed;
    world.size = size;
    world.plan = demoPlan(size);
    const auto& catalogue = genreCatalogue();
    world.plan.genres = std::min(world.plan.genres, int(catalogue.size()));
    for (int g = 0; g < world.plan.genres; ++g)
        world.genreNames.push_back(QString::fromLatin1(catalogue[size_t(g)].name));

    addArtistsAndTracks(world);
    Rng rng(deriveSeed(seed, "files"));
    const std::vector<int> cold = markColdStart(world, rng);
    chooseAudio(world, cold, rng);
    Rng text(deriveSeed(seed, "text-coverage"));
    for (auto& artist : world.artists) artist.hasText = text.chance(world.plan.textCoverage);
    addUsers(world);
    return world;
}

}  // namespace tl::demo
