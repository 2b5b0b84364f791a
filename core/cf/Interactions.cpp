#include "cf/Interactions.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

#include "store/ProjectStore.h"

namespace tl {
namespace {

// Strength of one listen, or < 0 when the options drop it.
float listenStrength(const Listen& l, const InteractionOptions& options) {
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
}

// A research data set's play count as CF reads it: one record of `count` plays with no time
// (endedAt 0). False for a count that is no evidence of taste (zero or less).
bool playCountAsListen(const PlayCount& c, Listen& l) {
    l = Listen{};
    l.userId = c.userId;
    l.trackId = c.trackId;
    l.count = int(std::min<qint64>(c.plays, std::numeric_limits<int>::max()));
    return l.count > 0;
}

}  // namespace

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
    auto strength = [&](const Listen& l) { return listenStrength(l, options); };

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
        if (!playCountAsListen(c, l)) return true;
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

Result<Interactions> loadInteractions(const ProjectStore& store, const InteractionOptions& options,
                                      const Progress& progress) {
    auto viaListens = [&]() -> Result<Interactions> {
        auto listens = loadListens(store, progress);
        if (!listens) return listens.status();
        return buildInteractions(listens.value(), options);
    };
    if (options.rows == InteractionOptions::Rows::Sessions) return viaListens();

    // Both tables in primary-key order, (user, track[, time]): SQLite walks its b-trees, no
    // sort and no copy, and the two streams are merged pair by pair below.
    const bool timeLimit = options.before > 0;
    QSqlQuery listens(store.database());
    listens.setForwardOnly(true);
    listens.prepare(QStringLiteral("SELECT user_id, track_id, ms_played, skipped FROM listens%1 "
                                   "ORDER BY user_id, track_id, ended_at")
                        .arg(timeLimit ? QStringLiteral(" WHERE ended_at < ?") : QString()));
    if (timeLimit) listens.addBindValue(options.before);
    if (!listens.exec())
        return Status::error(QStringLiteral("reading listens: %1").arg(listens.lastError().text()));
    QSqlQuery counts(store.database());
    counts.setForwardOnly(true);
    if (!counts.exec(QStringLiteral(
            "SELECT user_id, track_id, plays FROM play_counts ORDER BY user_id, track_id")))
        return Status::error(
            QStringLiteral("reading play counts: %1").arg(counts.lastError().text()));

    Listen l;
    PlayCount c;
    auto nextListen = [&] {
        if (!listens.next()) return false;
        l.userId = listens.value(0).toLongLong();
        l.trackId = listens.value(1).toLongLong();
        l.msPlayed = listens.value(2).toInt();
        l.skipped = listens.value(3).toBool();
        return true;
    };
    auto nextCount = [&] {
        if (!counts.next()) return false;
        c = {counts.value(0).toLongLong(), counts.value(1).toLongLong(),
             counts.value(2).toLongLong()};
        return true;
    };
    bool haveListen = nextListen(), haveCount = nextCount();

    Interactions out;
    SparseMatrix& m = out.userItems;
    std::vector<Id> entryTrack;  // track id of each entry, mapped to its column at the end
    const qint64 total = std::max<qint64>(1, store.counts().listens);
    qint64 read = 0;
    while (haveListen || haveCount) {
        const bool countFirst = haveCount && (!haveListen || c.userId < l.userId ||
                                              (c.userId == l.userId && c.trackId <= l.trackId));
        const Id user = countFirst ? c.userId : l.userId;
        const Id track = countFirst ? c.trackId : l.trackId;
        // Summed in the order buildInteractions sums a pair's duplicates: the play count
        // (loadListens gives it time 0) before the listens, the listens by time.
        float sum = 0.f;
        bool kept = false;
        auto add = [&](const Listen& one) {
            const float s = listenStrength(one, options);
            if (s < 0.f) {
                ++out.listensDropped;
                return;
            }
            sum = kept ? sum + s : s;
            kept = true;
            ++out.listensCounted;
        };
        if (countFirst) {
            if (Listen asListen; playCountAsListen(c, asListen)) add(asListen);
            haveCount = nextCount();
        }
        while (haveListen && l.userId == user && l.trackId == track) {
            add(l);
            haveListen = nextListen();
            if ((++read & 0xFFFF) == 0) {
                progress.report(double(read) / double(total), QStringLiteral("Reading listens"));
                if (progress.cancelled()) return Status::cancelled();
            }
        }
        if (!kept) continue;
        if (out.rowUser.empty() || out.rowUser.back() != user) {
            if (!out.rowUser.empty()) m.rowStart.push_back(int64_t(entryTrack.size()));
            out.userRow.emplace(user, int(out.rowUser.size()));
            out.rowUser.push_back(user);
        }
        entryTrack.push_back(track);
        m.values.push_back(sum);
    }
    if (!out.rowUser.empty()) m.rowStart.push_back(int64_t(entryTrack.size()));
    // One listener: sessions stand in for users (Rows::Auto), which needs time order.
    if (options.rows == InteractionOptions::Rows::Auto && out.rowUser.size() == 1) {
        out = Interactions();
        std::vector<Id>().swap(entryTrack);
        return viaListens();
    }

    // Columns: the tracks with a counted listen, by id. Track ids rise within each row, and
    // so do their columns: every row stays sorted.
    out.itemTrack = entryTrack;
    std::sort(out.itemTrack.begin(), out.itemTrack.end());
    out.itemTrack.erase(std::unique(out.itemTrack.begin(), out.itemTrack.end()),
                        out.itemTrack.end());
    out.itemTrack.shrink_to_fit();
    out.trackColumn.reserve(out.itemTrack.size());
    for (size_t col = 0; col < out.itemTrack.size(); ++col)
        out.trackColumn.emplace(out.itemTrack[col], int(col));
    m.colIndex.resize(entryTrack.size());
    for (size_t k = 0; k < entryTrack.size(); ++k)
        m.colIndex[k] = int32_t(out.trackColumn.at(entryTrack[k]));
    std::vector<Id>().swap(entryTrack);  // frees it (`= {}` would keep the capacity)
    m.values.shrink_to_fit();
    m.rows = int(out.rowUser.size());
    m.cols = int(out.itemTrack.size());
    return out;
}

}  // namespace tl
