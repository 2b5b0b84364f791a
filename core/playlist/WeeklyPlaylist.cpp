#include "playlist/WeeklyPlaylist.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "playlist/CfSource.h"
#include "playlist/IsoWeek.h"
#include "util/Random.h"

namespace tl {
namespace {

constexpr qint64 kWeek = 7 * 86400;
constexpr int kListenBrainzTop = 1000;
constexpr int kListenBrainzLength = 50;
constexpr qint64 kJamsAge = 60 * 86400;

QString percent(float share) {
    return QStringLiteral("%1%").arg(int(std::lround(share * 100.f)));
}

QString trackLabel(const PlaylistCatalog& catalog, Id track) {
    const Track* t = catalog.track(track);
    return catalog.artistName(track) + QStringLiteral(" - ") + (t ? t->title : QString());
}

// What a source says of a pick, in a few words for the summary line. Content sources name the
// user's own track the pick is closest to.
QString phraseFor(const PlaylistCatalog& catalog, const QString& source, const SourceEvidence& e) {
    if (source == QLatin1String("cf")) return QStringLiteral("listeners like you");
    if (source == QLatin1String("popularity"))
        return e.listeners >= 0 ? QStringLiteral("popular with %1 listeners").arg(e.listeners)
                                : QStringLiteral("popular");
    const QString verb = source == QLatin1String("audio")  ? QStringLiteral("sounds like")
                         : source == QLatin1String("text") ? QStringLiteral("reads like")
                                                           : source + QStringLiteral(" like");
    return e.becauseOf.empty()
               ? verb + QStringLiteral(" what you play")
               : verb + QStringLiteral(" your ") + trackLabel(catalog, e.becauseOf[0]);
}

// The rest of what the evidence says, true of it as it stands: how many listeners near the user
// play the pick (and whether "near" is everyone), or that nobody has played the pick and only the
// source's own model placed it.
QString detailFor(const QString& source, const SourceEvidence& e) {
    if (e.similarListeners >= 0) {
        if (e.otherListeners >= 0 && e.neighbours >= e.otherListeners)
            return QStringLiteral("%1 of the %2 other listeners play it")
                .arg(e.similarListeners)
                .arg(e.otherListeners);
        return QStringLiteral("%1 of your %2 nearest listeners play it")
            .arg(e.similarListeners)
            .arg(e.neighbours);
    }
    if (e.coldStart)
        return source == QLatin1String("audio")
                   ? QStringLiteral(
                         "nobody has played it yet: the audio model placed it by its "
                         "sound alone")
               : source == QLatin1String("text")
                   ? QStringLiteral(
                         "nobody has played it yet: placed by what is written about "
                         "it alone")
                   : QStringLiteral("nobody has played it yet");
    return {};
}

// The summary line: the parts worth naming, largest first; a pick nobody has played says so
// first, once.
QString summaryFor(const std::vector<SourceShare>& parts, bool fallback) {
    std::vector<const SourceShare*> sorted;
    bool cold = false;
    for (const SourceShare& s : parts) {
        if (s.share >= 0.05f) sorted.push_back(&s);
        cold = cold || s.evidence.coldStart;
    }
    std::sort(sorted.begin(), sorted.end(), [](const SourceShare* a, const SourceShare* b) {
        return a->share != b->share ? a->share > b->share : a->source < b->source;
    });
    QStringList bits;
    for (const SourceShare* s : sorted)
        bits << QStringLiteral("%1 (%2)").arg(s->phrase, percent(s->share));
    QString line = bits.join(QStringLiteral(", "));
    if (!sorted.empty() && sorted[0]->share >= 0.5f && sorted.size() > 1)
        line = QStringLiteral("mostly ") + line;
    if (cold) line = QStringLiteral("new, nobody has played it: ") + line;
    if (!line.isEmpty()) line[0] = line[0].toUpper();
    if (fallback) line = QStringLiteral("Popularity fallback (no history yet): ") + line;
    return line;
}

PlaylistEntry entryFor(const PlaylistCatalog& catalog, Id track) {
    PlaylistEntry e;
    e.trackId = track;
    if (const Track* t = catalog.track(track)) {
        e.title = t->title;
        e.album = t->album;
        e.mbid = t->mbid;
    }
    e.durationMs = catalog.lengthMs(track);
    e.artist = catalog.artistName(track);
    e.artistMbid = catalog.artistMbid(track);
    if (const auto f = catalog.filePath.find(track); f != catalog.filePath.end())
        e.filePath = f->second;
    return e;
}

const SourceSlot* findSlot(const std::vector<SourceSlot>& sources, const QString& name) {
    for (const SourceSlot& s : sources)
        if (s.name == name) return &s;
    return nullptr;
}

WeeklyPlaylist headerFor(const PlaylistCatalog& catalog, Id user, qint64 weekStart,
                         const PlaylistSettings& settings) {
    WeeklyPlaylist p;
    p.userId = user;
    p.userName = catalog.userName(user);
    p.weekStart = weekStart;
    p.mode = settings.mode;
    p.seed = settings.seed;
    p.weekSeed = weekSeed(settings.seed, weekStart);
    return p;
}

// ListenBrainz's Weekly Exploration and Weekly Jams: the top 1,000 ALS recommendations, kept
// when never played (exploration) or last played over 60 days ago (jams), at most 2 per artist,
// 50 of them in a seeded shuffle.
Result<WeeklyPlaylist> listenBrainzPlaylist(const PlaylistCatalog& catalog,
                                            const std::vector<Listen>& listens,
                                            const std::vector<SourceSlot>& sources, Id user,
                                            qint64 weekStart, const PlaylistSettings& settings) {
    const SourceSlot* slot = findSlot(sources, QStringLiteral("cf"));
    const auto* cf = slot ? dynamic_cast<const CfSource*>(slot->source.get()) : nullptr;
    if (!cf)
        return Status::error(QStringLiteral("%1 mode needs the CF model: %2")
                                 .arg(playlistModeName(settings.mode),
                                      slot ? slot->missingReason : QStringLiteral("missing")));
    const TasteProfile profile =
        buildTasteProfile(listens, user, weekStart, catalog.trackArtist, settings.profile);
    if (profile.empty())
        return Status::error(QStringLiteral("%1 has no listens before %2: %3 mode needs a history")
                                 .arg(catalog.userName(user), isoWeekName(weekStart),
                                      playlistModeName(settings.mode)));
    WeeklyPlaylist p = headerFor(catalog, user, weekStart, settings);
    p.weights = {{QStringLiteral("cf"), 1.0}};
    const bool jams = settings.mode == PlaylistMode::Jams;
    std::vector<TrackScore> kept;
    std::unordered_map<Id, int> perArtist;
    for (const TrackScore& s : cf->top(profile, kListenBrainzTop)) {
        const auto played = profile.played.find(s.track);
        const bool ok = jams ? played != profile.played.end() &&
                                   played->second.lastPlayed < weekStart - kJamsAge
                             : played == profile.played.end();
        if (!ok || !catalog.track(s.track)) continue;
        int& n = perArtist[catalog.ruleArtist(s.track)];
        if (n >= settings.maxPerArtist) continue;
        ++n;
        kept.push_back(s);
    }
    p.eligible = int(kept.size());
    SplitMix64 rng(p.weekSeed, 0x1b);
    for (size_t i = kept.size(); i > 1; --i) std::swap(kept[i - 1], kept[rng.below(i)]);
    const int length = settings.length > 0 ? settings.length : kListenBrainzLength;
    if (int(kept.size()) > length) kept.resize(size_t(length));
    if (int(kept.size()) < length)
        p.shortfall = QStringLiteral("only %1 tracks qualify for %2; the playlist has %1")
                          .arg(kept.size())
                          .arg(playlistModeName(settings.mode));
    std::vector<Id> ids;
    for (const TrackScore& s : kept) ids.push_back(s.track);
    const std::vector<SourceEvidence> evidence = cf->evidence(profile, ids);
    for (size_t i = 0; i < kept.size(); ++i) {
        PlaylistEntry e = entryFor(catalog, kept[i].track);
        e.position = int(i) + 1;
        e.score = kept[i].score;
        SourceShare s{QStringLiteral("cf"),
                      1.f,
                      1.f,
                      1.f,
                      evidence[i],
                      QStringLiteral("listeners like you"),
                      detailFor(QStringLiteral("cf"), evidence[i])};
        for (Id b : evidence[i].becauseOf) e.because << trackLabel(catalog, b);
        e.chosenBy = QStringLiteral("cf");
        e.sources.push_back(s);
        e.summary = jams ? QStringLiteral("Listeners like you (100%), last played over 60 days ago")
                         : QStringLiteral("Listeners like you (100%)");
        p.entries.push_back(std::move(e));
    }
    return p;
}

}  // namespace

std::map<QString, double> cfHeavyDefaultWeights() {
    return {{QStringLiteral("cf"), 0.9},
            {QStringLiteral("text"), 0.05},
            {QStringLiteral("audio"), 0.05}};
}

QString playlistModeName(PlaylistMode mode) {
    switch (mode) {
        case PlaylistMode::Blend:
            return QStringLiteral("blend");
        case PlaylistMode::Exploration:
            return QStringLiteral("exploration");
        case PlaylistMode::Jams:
            return QStringLiteral("jams");
    }
    return {};
}

bool parsePlaylistMode(const QString& text, PlaylistMode* mode) {
    for (PlaylistMode m : {PlaylistMode::Blend, PlaylistMode::Exploration, PlaylistMode::Jams})
        if (text == playlistModeName(m)) {
            *mode = m;
            return true;
        }
    return false;
}

quint64 weekSeed(quint64 baseSeed, qint64 weekStart) {
    return SplitMix64(baseSeed, uint64_t(weekStart / kWeek)).next();
}

bool parseWeights(const QString& text, std::map<QString, double>* weights, QString* error) {
    weights->clear();
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList kv = part.split(QLatin1Char('='));
        bool ok = false;
        const double v = kv.size() == 2 ? kv[1].trimmed().toDouble(&ok) : 0.0;
        if (!ok || kv[0].trimmed().isEmpty() || !std::isfinite(v) || v < 0.0) {
            *error = QStringLiteral(
                         "weights: '%1' is not SOURCE=NUMBER with a number >= 0 "
                         "(e.g. cf=0.5,text=0.2,audio=0.3)")
                         .arg(part);
            return false;
        }
        (*weights)[kv[0].trimmed()] = v;
    }
    if (weights->empty()) {
        *error = QStringLiteral("weights: empty list (e.g. cf=0.5,text=0.2,audio=0.3)");
        return false;
    }
    return true;
}

QString WeeklyPlaylist::title() const {
    const QString kind = mode == PlaylistMode::Blend         ? QStringLiteral("Weekly playlist")
                         : mode == PlaylistMode::Exploration ? QStringLiteral("Weekly Exploration")
                                                             : QStringLiteral("Weekly Jams");
    return QStringLiteral("%1 for %2, %3").arg(kind, userName, isoWeekName(weekStart));
}

Result<PreparedWeek> prepareWeek(const PlaylistCatalog& catalog, const std::vector<Listen>& listens,
                                 std::vector<SourceSlot> sources, Id user, qint64 weekStart,
                                 const PlaylistSettings& settings, const Progress& progress) {
    PreparedWeek w;
    w.userId = user;
    w.weekStart = weekStart;
    w.settings = settings;
    const QString week = isoWeekName(weekStart);
    if (listens.empty()) return Status::error(QStringLiteral("the project has no listens"));
    qint64 first = listens.front().endedAt, last = first;
    for (const Listen& l : listens)
        first = std::min(first, l.endedAt), last = std::max(last, l.endedAt);
    if (weekStart <= first)
        return Status::error(
            QStringLiteral("week %1 is outside the data: the first listen is in %2, so nothing "
                           "was known before %1")
                .arg(week, isoWeekName(first)));
    if (weekStart > last + 26 * kWeek)
        w.warnings << QStringLiteral("week %1 is far after the data: the last listen is in %2")
                          .arg(week, isoWeekName(last));

    // Weights: every name must be a source; missing sources are disabled, never fatal.
    double given = 0.0, usable = 0.0;
    for (const auto& [name, weight] : settings.weights) {
        const SourceSlot* slot = findSlot(sources, name);
        if (!slot) {
            QStringList known;
            for (const SourceSlot& s : sources) known << s.name;
            return Status::error(QStringLiteral("unknown source '%1' in the weights (sources: %2)")
                                     .arg(name, known.join(QStringLiteral(", "))));
        }
        given += weight;
        if (slot->source) usable += weight;
    }
    for (const SourceSlot& s : sources)
        if (!s.source) {
            w.missing[s.name] = s.missingReason;
            const auto it = settings.weights.find(s.name);
            if (it != settings.weights.end() && it->second > 0.0)
                w.warnings << QStringLiteral("%1 is missing (%2): its weight %3 is disabled")
                                  .arg(s.name, s.missingReason)
                                  .arg(it->second);
        }
    if (!(given > 0.0))
        return Status::error(
            QStringLiteral("all weights are zero: give at least one source a weight > 0"));
    w.profile = buildTasteProfile(listens, user, weekStart, catalog.trackArtist, settings.profile);
    if (w.profile.empty()) {
        // Nothing to personalise with: what many people play, plus what sounds like it if the
        // audio model is there, labelled as such.
        w.fallback = true;
        std::map<QString, double> fallbackWeights{{QStringLiteral("popularity"), 1.0}};
        const SourceSlot* audio = findSlot(sources, QStringLiteral("audio"));
        if (audio && audio->source) fallbackWeights[QStringLiteral("audio")] = 0.5;
        w.settings.weights = fallbackWeights;
        w.warnings << QStringLiteral(
                          "%1 has no listens before %2: a popularity%3 fallback, not "
                          "a personal playlist")
                          .arg(catalog.userName(user), week,
                               fallbackWeights.size() > 1 ? QStringLiteral("-plus-audio")
                                                          : QString());
        if (!findSlot(sources, QStringLiteral("popularity")))
            return Status::error(QStringLiteral("no popularity source for the fallback"));
    } else if (!(usable > 0.0)) {
        return Status::error(
            QStringLiteral("no available source has a weight > 0 (the weighted ones are missing)"));
    }
    if (progress.cancelled()) return Status::cancelled();

    // Eligibility: nothing played before W (or, with rediscover, in the last N weeks), and no
    // other version of a song played then.
    const qint64 playedFrom =
        settings.rediscoverWeeks > 0 ? weekStart - qint64(settings.rediscoverWeeks) * kWeek : 0;
    std::unordered_set<QString> playedSongs;
    std::unordered_set<Id> blocked;
    for (const auto& [track, played] : w.profile.played)
        if (played.lastPlayed >= playedFrom) {
            blocked.insert(track);
            playedSongs.insert(catalog.songKey(track));
        }
    std::vector<const PlaylistSource*> present;
    for (const SourceSlot& s : sources)
        if (s.source) {
            present.push_back(s.source.get());
            w.table.sources.push_back(s.name);
        }
    std::vector<std::vector<TrackScore>> scores;
    std::unordered_map<Id, int> candidate;
    std::unordered_map<QString, int> songIndex;
    std::unordered_map<Id, int> artistIndex;
    CandidateTable& t = w.table;
    for (const PlaylistSource* s : present) {
        scores.push_back(s->score(w.profile));
        if (progress.cancelled()) return Status::cancelled();
        for (const TrackScore& ts : scores.back()) {
            if (candidate.count(ts.track) || blocked.count(ts.track) || !catalog.track(ts.track))
                continue;
            const QString song = catalog.songKey(ts.track);
            if (playedSongs.count(song)) continue;
            candidate.emplace(ts.track, int(t.tracks.size()));
            t.tracks.push_back(ts.track);
            t.version.push_back(songIndex.emplace(song, int(songIndex.size())).first->second);
            // Untagged files count as artists of their own (ruleArtist), and nothing says the
            // user knows an unknown artist: full novelty.
            const Id artist = catalog.ruleArtist(ts.track);
            t.artist.push_back(artistIndex.emplace(artist, int(artistIndex.size())).first->second);
            const auto plays = w.profile.artistPlays.find(artist);
            t.novelty.push_back(plays == w.profile.artistPlays.end() ||
                                        w.profile.topArtistPlays <= 0
                                    ? 1.f
                                    : float(1.0 - plays->second / w.profile.topArtistPlays));
        }
    }
    // Sort candidates by track id so the table (and ties) do not depend on hash order.
    {
        std::vector<int> order(t.tracks.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
        std::sort(order.begin(), order.end(),
                  [&](int a, int b) { return t.tracks[size_t(a)] < t.tracks[size_t(b)]; });
        CandidateTable s = t;
        for (size_t i = 0; i < order.size(); ++i) {
            s.tracks[i] = t.tracks[size_t(order[i])];
            s.version[i] = t.version[size_t(order[i])];
            s.artist[i] = t.artist[size_t(order[i])];
            s.novelty[i] = t.novelty[size_t(order[i])];
            candidate[s.tracks[i]] = int(i);
        }
        t = std::move(s);
    }
    const size_t n = t.tracks.size();
    t.normalised.assign(present.size() * n, std::numeric_limits<float>::quiet_NaN());
    t.known.assign(present.size() * n, 0);
    t.content.assign(present.size(), 0);
    for (size_t s = 0; s < present.size(); ++s) {
        t.content[s] = present[s]->contentSource() ? 1 : 0;
        for (const TrackScore& ts : scores[s])
            if (const auto it = candidate.find(ts.track); it != candidate.end())
                t.normalised[s * n + size_t(it->second)] = ts.score;
        for (size_t c = 0; c < n; ++c) t.known[s * n + c] = std::isfinite(t.normalised[s * n + c]);
        normaliseScores(std::span<float>(t.normalised.data() + s * n, n), settings.normalisation);
    }
    // Vectors for diversity and transitions: the sound where there is audio, else CF, else text.
    for (const QString& name :
         {QStringLiteral("audio"), QStringLiteral("cf"), QStringLiteral("text")}) {
        const SourceSlot* slot = findSlot(sources, name);
        if (!slot || !slot->source) continue;
        t.vectors.assign(n, nullptr);
        for (size_t c = 0; c < n; ++c) {
            const std::span<const float> v = slot->source->unitVector(t.tracks[c]);
            if (v.empty()) continue;
            t.vectors[c] = v.data();
            t.dims = int(v.size());
        }
        break;
    }
    w.sources = std::move(sources);
    return w;
}

QString shortfallReason(const PreparedWeek& week, int picks) {
    const PlaylistSettings& settings = week.settings;
    if (picks >= settings.length) return {};
    const CandidateTable& t = week.table;
    const QString weekName = isoWeekName(week.weekStart);
    QString why;
    if (t.size() == 0) {
        why = QStringLiteral(
                  "nothing is eligible for %1: every track the models know was played "
                  "before it")
                  .arg(weekName);
    } else if (int(t.size()) < settings.length) {
        why = QStringLiteral(
                  "only %1 eligible tracks (fewer than %2): the playlist is shorter "
                  "(eligible: a model knows the track and it was not played before %3)")
                  .arg(t.size())
                  .arg(settings.length)
                  .arg(weekName);
    } else {
        // The rules: at most maxPerArtist per artist, one version of a song.
        std::unordered_map<int32_t, std::unordered_set<int32_t>> versions;
        for (size_t c = 0; c < t.size(); ++c) versions[t.artist[c]].insert(t.version[c]);
        int fit = 0;
        for (const auto& [artist, songs] : versions)
            fit += std::min(int(songs.size()), settings.maxPerArtist);
        why = QStringLiteral(
                  "the per-artist cap binds: at most %1 tracks per artist, and the %2 "
                  "eligible tracks are by %3 artists, so %4 fit")
                  .arg(settings.maxPerArtist)
                  .arg(t.size())
                  .arg(versions.size())
                  .arg(fit);
    }
    if (!week.missing.empty()) {
        QStringList names;
        for (const auto& [name, reason] : week.missing) names << name;
        why += QStringLiteral("; not trained yet: %1, which would bring candidates of %2 own")
                   .arg(names.join(QStringLiteral(", ")),
                        names.size() == 1 ? QStringLiteral("its") : QStringLiteral("their"));
    }
    return why;
}

std::vector<float> tableWeights(const PreparedWeek& week,
                                const std::map<QString, double>& weights) {
    std::vector<float> out;
    for (const QString& name : week.table.sources) {
        const auto it = weights.find(name);
        out.push_back(it == weights.end() ? 0.f : float(std::max(0.0, it->second)));
    }
    return out;
}

WeeklyPlaylist finishPlaylist(const PlaylistCatalog& catalog, const PreparedWeek& week,
                              const std::map<QString, double>& requested) {
    const PlaylistSettings& settings = week.settings;
    const std::map<QString, double>& weights = week.fallback ? settings.weights : requested;
    WeeklyPlaylist p = headerFor(catalog, week.userId, week.weekStart, settings);
    p.fallback = week.fallback;
    p.warnings = week.warnings;
    p.missingSources = week.missing;
    p.eligible = int(week.table.size());
    std::vector<float> w = tableWeights(week, weights);
    float total = 0.f;
    for (float v : w) total += v;
    for (size_t s = 0; s < w.size(); ++s) {
        if (total > 0.f) w[s] /= total;
        p.weights[week.table.sources[s]] = w[s];
    }
    for (const auto& [name, why] : week.missing) p.weights[name] = 0.0;

    RerankOptions options;
    options.length = settings.length;
    options.maxPerArtist = settings.maxPerArtist;
    options.novelty = settings.novelty;
    options.diversity = settings.diversity;
    const std::vector<Pick> picks = rerank(week.table, w, options);
    const std::vector<int> order = pleasantOrder(week.table, picks, p.weekSeed);

    std::vector<Id> ids;
    for (int i : order) ids.push_back(week.table.tracks[size_t(picks[size_t(i)].candidate)]);
    // Evidence per present source, in table column order.
    std::vector<std::vector<SourceEvidence>> evidence;
    for (const QString& name : week.table.sources) {
        const SourceSlot* slot = findSlot(week.sources, name);
        evidence.push_back(slot->source->evidence(week.profile, ids));
    }
    const CandidateTable& table = week.table;
    for (size_t k = 0; k < order.size(); ++k) {
        const Pick& pick = picks[size_t(order[k])];
        const size_t c = size_t(pick.candidate);
        PlaylistEntry e = entryFor(catalog, ids[k]);
        e.position = int(k) + 1;
        e.score = pick.blended;
        e.chosenBy = pick.slot >= 0 ? table.sources[size_t(pick.slot)] : QStringLiteral("blend");
        // The parts: weighted sources that know the track (one that does not has nothing to say
        // of it), each by its part of the blend. A pick no such source scores above 0 splits by
        // weight, so the shares still sum to 1.
        std::vector<size_t> listed;
        for (size_t s = 0; s < table.sources.size(); ++s)
            if (w[s] > 0.f && table.knows(s, c)) listed.push_back(s);
        if (listed.empty())
            for (size_t s = 0; s < table.sources.size(); ++s)
                if (w[s] > 0.f) listed.push_back(s);
        float sum = 0.f, weightSum = 0.f;
        for (size_t s : listed) sum += w[s] * table.at(s, c), weightSum += w[s];
        for (size_t s : listed) {
            SourceShare share;
            share.source = table.sources[s];
            share.weight = w[s];
            share.normalised = table.at(s, c);
            share.share = sum > 0.f ? w[s] * share.normalised / sum : w[s] / weightSum;
            if (!(share.share > 0.f)) continue;  // a source with no share says nothing
            share.evidence = evidence[s][k];
            share.phrase = phraseFor(catalog, share.source, share.evidence);
            share.detail = detailFor(share.source, share.evidence);
            e.sources.push_back(std::move(share));
        }
        // "Because you played": the evidence of the source that chose the pick (CF's for the
        // blend's places).
        const QString evidenceOf = pick.slot >= 0 ? e.chosenBy : QStringLiteral("cf");
        for (const SourceShare& share : e.sources)
            if (share.source == evidenceOf)
                for (Id b : share.evidence.becauseOf) e.because << trackLabel(catalog, b);
        e.summary = summaryFor(e.sources, p.fallback);
        p.entries.push_back(std::move(e));
    }
    p.shortfall = shortfallReason(week, int(p.entries.size()));
    return p;
}

Result<WeeklyPlaylist> generateWeeklyPlaylist(const PlaylistCatalog& catalog,
                                              const std::vector<Listen>& listens,
                                              std::vector<SourceSlot> sources, Id user,
                                              qint64 weekStart, const PlaylistSettings& settings,
                                              const Progress& progress) {
    if (catalog.userName(user).isEmpty())
        return Status::error(QStringLiteral("no user with id %1 in this project").arg(user));
    if (settings.mode != PlaylistMode::Blend) {
        PlaylistSettings s = settings;
        if (s.length == PlaylistSettings{}.length) s.length = kListenBrainzLength;
        // The week checks are the same as the blend's.
        if (listens.empty() || std::all_of(listens.begin(), listens.end(),
                                           [&](const Listen& l) { return l.endedAt >= weekStart; }))
            return Status::error(
                QStringLiteral("week %1 is outside the data: nothing was known before it")
                    .arg(isoWeekName(weekStart)));
        return listenBrainzPlaylist(catalog, listens, sources, user, weekStart, s);
    }
    auto week = prepareWeek(catalog, listens, std::move(sources), user, weekStart, settings,
                            progress.sub(0.0, 0.8));
    if (!week) return week.status();
    WeeklyPlaylist p = finishPlaylist(catalog, week.value(), week->settings.weights);
    progress.report(1.0, QStringLiteral("weekly playlist ready"));
    return p;
}

}  // namespace tl
