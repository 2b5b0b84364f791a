#include "cf/Interactions.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

#include "store/ProjectStore.h"

namespace tl {

int Interactions::columnOf(Id track) const {
    const auto it = trackColumn.find(track);
    return it == trackColumn.end() ? -1 : it->second;
}

int Interactions::rowOf(Id user) const {
    const auto it = userRow.find(user);
    return it == userRow.end() ? -1 : it->second;
}

Interactions buildInteractions(const std::vector<Listen>& listens,
                               const InteractionOptions& options) {
    Interactions out;
    // Strength of each listen, or < 0 when the options drop it.
    auto strength = [&](const Listen& l) -> float {
        // msPlayed 0 means the source does not say (Last.fm scrobbles): a full play.
        const bool known = l.msPlayed > 0;
        const bool isShort =
            (known && l.msPlayed < options.shortPlayMs) || (options.skipsAreShort && l.skipped);
        if (isShort && options.shortPlays == InteractionOptions::ShortPlays::Drop) return -1.f;
        const float factor = isShort ? options.weakWeight : 1.f;
        // A play count without timestamps (count > 1) is that many full plays of the track.
        const float plays = float(std::max(1, l.count));
        if (options.strength == InteractionOptions::Strength::PlayMinutes)
            return plays * factor * (known ? float(l.msPlayed) / 60000.f : 3.5f);  // a song
        return plays * factor;
    };

    std::vector<const Listen*> kept;
    kept.reserve(listens.size());
    std::unordered_set<Id> users;
    for (const Listen& l : listens) {
        if (options.before > 0 && l.endedAt >= options.before) continue;
        if (strength(l) < 0.f) {
            ++out.listensDropped;
            continue;
        }
        kept.push_back(&l);
        users.insert(l.userId);
    }
    out.listensCounted = qint64(kept.size());
    out.sessionRows = options.rows == InteractionOptions::Rows::Sessions ||
                      (options.rows == InteractionOptions::Rows::Auto && users.size() == 1);

    // Stable order: by user, then time, so session boundaries and ids are deterministic.
    std::sort(kept.begin(), kept.end(), [](const Listen* a, const Listen* b) {
        if (a->userId != b->userId) return a->userId < b->userId;
        if (a->endedAt != b->endedAt) return a->endedAt < b->endedAt;
        return a->trackId < b->trackId;
    });
    std::vector<Id> tracks;
    for (const Listen* l : kept) tracks.push_back(l->trackId);
    std::sort(tracks.begin(), tracks.end());
    tracks.erase(std::unique(tracks.begin(), tracks.end()), tracks.end());
    out.itemTrack = tracks;
    for (size_t c = 0; c < tracks.size(); ++c) out.trackColumn.emplace(tracks[c], int(c));

    std::vector<SparseMatrix::Entry> entries;
    entries.reserve(kept.size());
    const qint64 gap = qint64(options.sessionGapMinutes) * 60;
    Id currentUser = -1;
    qint64 lastTime = 0;
    int row = -1;
    for (const Listen* l : kept) {
        const bool newUser = l->userId != currentUser;
        if (newUser || (out.sessionRows && l->endedAt - lastTime > gap)) {
            ++row;
            out.rowUser.push_back(l->userId);
            if (newUser && !out.sessionRows) out.userRow.emplace(l->userId, row);
        }
        currentUser = l->userId;
        lastTime = l->endedAt;
        entries.push_back({row, out.trackColumn.at(l->trackId), strength(*l)});
    }
    out.userItems = SparseMatrix::fromEntries(row + 1, int(tracks.size()), std::move(entries));
    return out;
}

Result<std::vector<Listen>> loadListens(const ProjectStore& store, const Progress& progress) {
    std::vector<Listen> listens;
    const qint64 total = std::max<qint64>(1, store.counts().listens);
    listens.reserve(size_t(total));
    bool cancelled = false;
    const Status s = store.forEachListen([&](const Listen& l) {
        listens.push_back(l);
        if ((listens.size() & 0xFFFF) == 0) {
            progress.report(double(listens.size()) / double(total),
                            QStringLiteral("Reading listens"));
            if (progress.cancelled()) {
                cancelled = true;
                return false;
            }
        }
        return true;
    });
    if (cancelled) return Status::cancelled();
    if (!s.isOk()) return s;
    // Research data sets without timestamps (Last.fm-360K, the Taste Profile) store play counts:
    // each becomes one record of `count` plays with no time (endedAt 0), which time filters
    // treat as history from before any week.
    const Status counts = store.forEachPlayCount([&](const PlayCount& c) {
        Listen l;
        l.userId = c.userId;
        l.trackId = c.trackId;
        l.count = int(std::min<qint64>(c.plays, std::numeric_limits<int>::max()));
        if (l.count <= 0) return true;  // a zero count is no evidence of taste
        listens.push_back(l);
        if ((listens.size() & 0xFFFF) == 0 && progress.cancelled()) {
            cancelled = true;
            return false;
        }
        return true;
    });
    if (cancelled) return Status::cancelled();
    if (!counts.isOk()) return counts;
    return listens;
}

}  // namespace tl
