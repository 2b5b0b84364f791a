#pragma once

#include <QJsonObject>
#include <QStringList>
#include <map>

#include "job/Progress.h"
#include "job/Result.h"
#include "playlist/Blend.h"
#include "playlist/PlaylistCatalog.h"
#include "playlist/PlaylistSource.h"

namespace tl {

enum class PlaylistMode {
    Blend,        // Tastelab: blended sources, rules, MMR diversity, a smooth order, explanations
    Exploration,  // ListenBrainz Weekly Exploration: top 1,000 ALS recommendations never
                  // played, <= 2 per artist, 50 of them shuffled
    Jams          // ListenBrainz Weekly Jams: the same over tracks last played > 60 days ago
};
QString playlistModeName(PlaylistMode mode);
bool parsePlaylistMode(const QString& text, PlaylistMode* mode);

// The default blend when the project has neither weights of its own nor a back-test's held-out
// choice (playlist/DefaultBlend.h): CF 0.9, text 0.05, audio 0.05. On the demo worlds' back-tests
// (BENCHMARKS.md, "The default blend") it scores a mean NDCG of 0.264 where the former
// 0.5/0.2/0.3 scored 0.159 (better on every world), and it still gives text and audio one or two
// places each for tracks only they can find; CF alone scores 0.336 but hides both.
std::map<QString, double> cfHeavyDefaultWeights();

struct PlaylistSettings {
    PlaylistMode mode = PlaylistMode::Blend;
    int length = 30;  // Exploration and Jams use 50, as ListenBrainz does
    std::map<QString, double> weights = cfHeavyDefaultWeights();
    Normalisation normalisation = Normalisation::Rank;
    int rediscoverWeeks = 0;  // 0: nothing ever played before W; N: nothing played in the
                              // last N weeks before W (older favourites may come back)
    int maxPerArtist = 2;
    double novelty = 0.1;
    double diversity = 0.2;
    quint64 seed = 1;  // base seed; each week plays with weekSeed(seed, week)
    ProfileOptions profile;
};

// The seed a week plays with: a fresh order every week, the same again for the same week.
quint64 weekSeed(quint64 baseSeed, qint64 weekStart);

// "cf=0.5,text=0.2,audio=0.3" -> weights; false with `error` set on a malformed list.
bool parseWeights(const QString& text, std::map<QString, double>* weights, QString* error);

// One source's part in a pick.
struct SourceShare {
    QString source;
    float weight = 0.f;      // the normalised weight the blend used
    float normalised = 0.f;  // the source's normalised score of the track, in [0, 1]
    float share = 0.f;       // weight x normalised / blended: the parts of a pick sum to 1
    SourceEvidence evidence;
    QString phrase;  // "listeners like you", "sounds like your A - T", …
    QString detail;  // the rest of the evidence: "7 of your 20 nearest listeners play it", …
};

struct PlaylistEntry {
    int position = 0;  // 1-based
    Id trackId = 0;
    QString artist, title, album, mbid, artistMbid, filePath;
    int durationMs = 0;
    float score = 0.f;  // blended
    std::vector<SourceShare> sources;
    QString summary;      // "Mostly listeners like you (62%), sounds like A (30%)"
    QStringList because;  // "Artist - Title" of the user's tracks behind the pick
    QString chosenBy;     // whose place it filled: "blend", or a content source ("audio", "text")
};

struct WeeklyPlaylist {
    Id userId = 0;
    QString userName;
    qint64 weekStart = 0;
    PlaylistMode mode = PlaylistMode::Blend;
    quint64 seed = 0;                           // base seed
    quint64 weekSeed = 0;                       // the seed this week played with
    std::map<QString, double> weights;          // as used (missing sources at 0), sum 1
    std::map<QString, QString> missingSources;  // name -> why
    bool fallback = false;                      // no history before W: popularity (+audio)
    QStringList warnings;
    // Why the playlist has fewer tracks than asked, in words the CLI and the desktop app both
    // show: nothing eligible, too few eligible tracks, the per-artist cap, and which sources are
    // not trained yet. Empty when it is full.
    QString shortfall;
    int eligible = 0;  // candidate tracks that passed the rules before the blend
    std::vector<PlaylistEntry> entries;

    QString title() const;  // "Weekly playlist for me, 2026-W48"
    QJsonObject toJson() const;
    static Result<WeeklyPlaylist> fromJson(const QJsonObject& json);
};

// Everything about one user and week that does not depend on the weights: sources, profile and
// the normalised candidate table. Re-ranking it with new weights needs no model.
struct PreparedWeek {
    Id userId = 0;
    qint64 weekStart = 0;
    PlaylistSettings settings;
    std::vector<SourceSlot> sources;
    TasteProfile profile;
    CandidateTable table;
    bool fallback = false;
    QStringList warnings;
    std::map<QString, QString> missing;
};

// Checks the week and the weights and builds the candidate table. Errors: a week before the
// first listen of the project, weights that are all zero or only on missing sources, an unknown
// source. A user with no listens before W gets the popularity (+audio) fallback, flagged.
Result<PreparedWeek> prepareWeek(const PlaylistCatalog& catalog, const std::vector<Listen>& listens,
                                 std::vector<SourceSlot> sources, Id user, qint64 weekStart,
                                 const PlaylistSettings& settings, const Progress& progress);

// Why `picks` picks are fewer than the week's playlist length (WeeklyPlaylist::shortfall);
// empty when they are not.
QString shortfallReason(const PreparedWeek& week, int picks);

// The table's weight vector for `weights` (missing or unknown names count 0).
std::vector<float> tableWeights(const PreparedWeek& week, const std::map<QString, double>& weights);

// Picks, orders and explains the playlist for `weights` (Blend mode).
WeeklyPlaylist finishPlaylist(const PlaylistCatalog& catalog, const PreparedWeek& week,
                              const std::map<QString, double>& weights);

// prepareWeek + finishPlaylist, or the ListenBrainz modes.
Result<WeeklyPlaylist> generateWeeklyPlaylist(const PlaylistCatalog& catalog,
                                              const std::vector<Listen>& listens,
                                              std::vector<SourceSlot> sources, Id user,
                                              qint64 weekStart, const PlaylistSettings& settings,
                                              const Progress& progress);

}  // namespace tl
