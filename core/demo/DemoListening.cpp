#include "demo/DemoListening.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "demo/DemoRandom.h"

namespace tl::demo {
namespace {

constexpr qint64 kMinSessionGapS = 31 * 60;  // sessions are more than 30 minutes apart
constexpr int kMaxSessionTracks = 40;
constexpr double kGenreSwitch = 0.2;       // chance per track that a session changes genre
constexpr double kSameArtistShare = 0.25;  // listening on through one artist
constexpr double kAffinitySpread = 0.8;    // log-normal sigma of personal artist preferences
constexpr double kLateShare = 0.12;        // of a liked genre's artists, held back for discovery
constexpr double kLateBoost = 3.0;         // a fresh discovery gets played a lot
constexpr int kScrobbleCapMs = 240000;     // ListenBrainz/Last.fm: half the track or 4 minutes

// What every user shares: the artists of each genre and how plays spread over an artist's tracks.
struct Shared {
    std::vector<std::vector<int>> artistsByGenre;
    std::vector<WeightedPick> trackOfArtist;
};

Shared makeShared(const World& world) {
    Shared shared;
    shared.artistsByGenre.resize(size_t(world.plan.genres));
    for (size_t a = 0; a < world.artists.size(); ++a) {
        const WorldArtist& artist = world.artists[a];
        shared.artistsByGenre[size_t(artist.genre)].push_back(int(a));
        std::vector<double> weights;
        for (int t : artist.tracks) weights.push_back(world.tracks[size_t(t)].popularity);
        shared.trackOfArtist.emplace_back(weights);
    }
    return shared;
}

// One user's way of choosing music: taste over genres, affinity for artists, held-back artists.
class Chooser {
public:
    Chooser(const World& world, const Shared& shared, WorldUser& user, Rng& rng)
        : world_(world), shared_(shared), taste_(user.taste.begin(), user.taste.end()) {
        const double maxTaste = *std::max_element(taste_.begin(), taste_.end());
        relativeTaste_ = taste_;
        for (double& w : relativeTaste_) w /= maxTaste;
        genrePick_ = WeightedPick(taste_);

        std::vector<double> affinity(world.artists.size());
        for (size_t a = 0; a < affinity.size(); ++a)
            affinity[a] = world.artists[a].popularity * std::exp(kAffinitySpread * rng.normal());
        std::vector<bool> late(world.artists.size(), false);
        for (int g = 0; g < world.plan.genres; ++g) {
            if (taste_[size_t(g)] < 0.15) continue;  // discoveries happen where the taste is
            const auto& artists = shared.artistsByGenre[size_t(g)];
            std::vector<double> weights;
            for (int a : artists) weights.push_back(affinity[size_t(a)]);
            const int count = std::max(1, int(std::lround(kLateShare * double(artists.size()))));
            for (int i = 0; i < count && i + 1 < int(artists.size()); ++i) {
                const int k = WeightedPick(weights).pick(rng);
                weights[size_t(k)] = 0.0;
                late[size_t(artists[size_t(k)])] = true;
                user.lateArtists.push_back(artists[size_t(k)]);
            }
        }
        std::sort(user.lateArtists.begin(), user.lateArtists.end());
        for (int g = 0; g < world.plan.genres; ++g) {
            std::vector<double> before;
            std::vector<double> after;
            for (int a : shared.artistsByGenre[size_t(g)]) {
                before.push_back(late[size_t(a)] ? 0.0 : affinity[size_t(a)]);
                after.push_back(late[size_t(a)] ? kLateBoost * affinity[size_t(a)]
                                                : affinity[size_t(a)]);
            }
            artistBefore_.emplace_back(before);
            artistAfter_.emplace_back(after);
        }
    }

    int genre(Rng& rng) const { return genrePick_.pick(rng); }
    double liking(int genre) const { return relativeTaste_[size_t(genre)]; }

    int trackOfArtist(int artist, Rng& rng) const {
        const auto& tracks = world_.artists[size_t(artist)].tracks;
        return tracks[size_t(shared_.trackOfArtist[size_t(artist)].pick(rng))];
    }

    int track(int genre, bool discoveryPhase, Rng& rng) const {
        const WeightedPick& pick =
            discoveryPhase ? artistAfter_[size_t(genre)] : artistBefore_[size_t(genre)];
        const int artist = shared_.artistsByGenre[size_t(genre)][size_t(pick.pick(rng))];
        return trackOfArtist(artist, rng);
    }

private:
    const World& world_;
    const Shared& shared_;
    std::vector<double> taste_;
    std::vector<double> relativeTaste_;
    WeightedPick genrePick_;
    std::vector<WeightedPick> artistBefore_;
    std::vector<WeightedPick> artistAfter_;
};

// Session start times over the window: a Poisson number per week, on random days, around the
// user's preferred hour of the day.
std::vector<qint64> sessionStarts(Rng& rng, double perWeek, double peakHour) {
    std::vector<qint64> starts;
    for (int week = 0; week < kWeeks; ++week) {
        const int count = rng.poisson(perWeek);
        for (int i = 0; i < count; ++i) {
            const double hour = std::clamp(peakHour + 2.5 * rng.normal(), 0.0, 23.99);
            starts.push_back(windowStart() + qint64(week) * 7 * 86400 +
                             qint64(rng.below(7)) * 86400 + qint64(hour * 3600.0));
        }
    }
    std::sort(starts.begin(), starts.end());
    return starts;
}

ReasonStart sessionOpening(Rng& rng) {
    const double r = rng.uniform();
    return r < 0.5   ? ReasonStart::ClickRow
           : r < 0.8 ? ReasonStart::PlayButton
                     : ReasonStart::AppLoad;
}

void simulateUser(const World& world, const Shared& shared, int userIndex, WorldUser& user,
                  std::vector<WorldListen>& out) {
    Rng rng(deriveSeed(world.seed, "listening", quint64(userIndex)));
    const Chooser chooser(world, shared, user, rng);

    // Favourites: tracks the user comes back to, chosen the way the user chooses anything.
    const int favourites = user.isMe ? 15 : rng.between(4, 12);
    std::set<int> favouriteSet;
    for (int i = 0; i < favourites * 4 && int(favouriteSet.size()) < favourites; ++i)
        favouriteSet.insert(chooser.track(chooser.genre(rng), false, rng));
    user.favouriteTracks.assign(favouriteSet.begin(), favouriteSet.end());
    const double favouriteShare = user.isMe ? 0.25 : 0.2;

    const double perWeek = user.isMe
                               ? world.plan.meSessionsPerWeek
                               : world.plan.communitySessionsPerWeek * std::exp(0.5 * rng.normal());
    const double peakHour = user.isMe ? 19.0 : rng.uniform(7.0, 23.0);
    const int platformCount = user.isMe ? 2 : 1;

    qint64 lastEndMs = 0;
    for (qint64 start : sessionStarts(rng, perWeek, peakHour)) {
        if (start * 1000 < lastEndMs + kMinSessionGapS * 1000)
            start = lastEndMs / 1000 + kMinSessionGapS + rng.below(3600);
        if (start >= windowEnd()) break;

        const int length =
            std::min(kMaxSessionTracks, 1 + rng.geometric(world.plan.meanSessionTracks - 1.0));
        const bool shuffle = rng.chance(0.3);
        const bool offline = rng.chance(0.05);
        const auto platform = quint8(rng.below(platformCount));
        const auto ipHost = quint8(1 + rng.below(254));
        int genre = chooser.genre(rng);
        int previous = -1;
        ReasonEnd previousEnd = ReasonEnd::TrackDone;
        qint64 clockMs = start * 1000;
        for (int i = 0; i < length; ++i) {
            const bool discovery = clockMs / 1000 >= discoveryStart();
            if (i > 0 && rng.chance(kGenreSwitch)) genre = chooser.genre(rng);
            const double r = rng.uniform();
            int track = -1;
            bool favourite = false;
            if (!user.favouriteTracks.empty() && r < favouriteShare) {
                track = user.favouriteTracks[size_t(rng.below(int(user.favouriteTracks.size())))];
                favourite = true;
            } else if (previous >= 0 && r < favouriteShare + kSameArtistShare) {
                track = chooser.trackOfArtist(world.tracks[size_t(previous)].artist, rng);
            } else {
                track = chooser.track(genre, discovery, rng);
            }
            if (track == previous) track = chooser.track(genre, discovery, rng);

            const WorldTrack& t = world.tracks[size_t(track)];
            const double skipChance =
                (0.05 + 0.45 * (1.0 - chooser.liking(t.genre))) * (favourite ? 0.3 : 1.0);
            WorldListen listen;
            listen.user = userIndex;
            listen.track = track;
            listen.shuffle = shuffle;
            listen.offline = offline;
            listen.platform = platform;
            listen.ipHost = ipHost;
            listen.reasonStart = i == 0 ? sessionOpening(rng)
                                 : previousEnd == ReasonEnd::ForwardButton
                                     ? ReasonStart::ForwardButton
                                     : ReasonStart::TrackDone;
            if (rng.chance(skipChance)) {
                const double u = rng.uniform();
                listen.msPlayed = 1500 + int(28500.0 * u * u);  // most skips come early
                listen.skipped = true;
                listen.reasonEnd = ReasonEnd::ForwardButton;
            } else if (i == length - 1 && rng.chance(0.3)) {
                listen.msPlayed = int(t.durationMs * rng.uniform(0.3, 0.95));
                listen.reasonEnd = rng.chance(0.2) ? ReasonEnd::Logout : ReasonEnd::EndPlay;
            } else {
                listen.msPlayed = t.durationMs - rng.below(400);
                listen.reasonEnd = ReasonEnd::TrackDone;
            }
            clockMs += listen.msPlayed;
            listen.endedAt = clockMs / 1000;
            if (listen.endedAt >= windowEnd()) break;
            previous = track;
            previousEnd = listen.reasonEnd;
            lastEndMs = clockMs;
            clockMs += rng.below(1500);  // the gap before the next track starts

            if (user.isMe) {
                out.push_back(listen);
            } else if (listen.msPlayed >= std::min(t.durationMs / 2, kScrobbleCapMs)) {
                listen.msPlayed = 0;  // a scrobble says that it was played, not for how long
                listen.skipped = false;
                out.push_back(listen);
            }
        }
    }
}

}  // namespace

Status simulateListening(World& world, const Progress& progress) {
    const Shared shared = makeShared(world);
    world.listens.clear();
    const int users = int(world.users.size());
    for (int u = 0; u < users; ++u) {
        if (progress.cancelled()) return Status::cancelled();
        simulateUser(world, shared, u, world.users[size_t(u)], world.listens);
        if (u % 16 == 0 || u == users - 1)
            progress.report(double(u + 1) / users,
                            QStringLiteral("Simulating listening %1/%2").arg(u + 1).arg(users));
    }
    std::sort(world.listens.begin(), world.listens.end(),
              [](const WorldListen& a, const WorldListen& b) {
                  if (a.endedAt != b.endedAt) return a.endedAt < b.endedAt;
                  if (a.user != b.user) return a.user < b.user;
                  return a.track < b.track;
              });
    return Status::ok();
}

}  // namespace tl::demo
