// core/playlist/: the weekly playlist — a user's taste profile, the sources that score candidate
// tracks for it (CF, popularity, item vectors for text and audio), the weighted blend with the
// rules a listener expects, explanations per pick, back-tests over past weeks, the history of
// saved weekly playlists and their export (M3U8, XSPF, JSPF).
#pragma once

#include <QString>
#include <memory>
#include <span>
#include <vector>

#include "catalog/Catalog.h"
#include "playlist/TasteProfile.h"

namespace tl {

struct TrackScore {
    Id track = 0;
    float score = 0.f;
};

// Why a source scored a track the way it did, for the explanation of a pick.
struct SourceEvidence {
    std::vector<Id> becauseOf;  // the user's own tracks behind the score, strongest first
    int similarListeners = -1;  // CF: how many of the user's nearest listeners play it
    int neighbours = 0;         // CF: how many nearest listeners were asked
    int otherListeners = -1;    // CF: how many listeners besides the user the model knows
    int listeners = -1;         // popularity: listeners before the week
    bool coldStart = false;     // nobody had played it before the week: a model's vector
};

// One source of candidates. CF implements it now; the text and audio models plug in through
// VectorSource by handing it their item vectors.
class PlaylistSource {
public:
    virtual ~PlaylistSource() = default;
    // The key of its weight: "cf", "text", "audio", "popularity".
    virtual QString name() const = 0;
    // A score for every track the source knows (higher is better); tracks left out are unknown.
    virtual std::vector<TrackScore> score(const TasteProfile& profile) const = 0;
    // The evidence behind each of `tracks` (same order).
    virtual std::vector<SourceEvidence> evidence(const TasteProfile& profile,
                                                 std::span<const Id> tracks) const = 0;
    // True for a content source (text, audio): it can score tracks nobody has played, and its
    // weight is also its share of the playlist's places (rerank).
    virtual bool contentSource() const { return false; }
    // A unit vector for the track, for diversity and smooth transitions; empty when none.
    virtual std::span<const float> unitVector(Id track) const {
        (void)track;
        return {};
    }
};

// A source by name: present, or missing with the reason (its weight is then disabled).
struct SourceSlot {
    QString name;
    std::shared_ptr<const PlaylistSource> source;  // null when missing
    QString missingReason;
};

}  // namespace tl
