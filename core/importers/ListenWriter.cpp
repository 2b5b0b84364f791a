#include "importers/ListenWriter.h"

#include <algorithm>
#include <tuple>

#include "importers/HistoryFormat.h"

namespace tl {
namespace {

qint64 floorMinute(qint64 t) {
    return t - ((t % 60) + 60) % 60;
}

}  // namespace

Result<ListenWriter::UserState*> ListenWriter::userState(Id userId) {
    if (userId == lastUser_ && lastState_) return lastState_;
    if (auto it = users_.find(userId); it != users_.end()) {
        lastUser_ = userId;
        lastState_ = &it->second;
        return lastState_;
    }
    UserState& state = users_[userId];
    lastUser_ = userId;
    lastState_ = &state;
    for (const QString& format : store_.userSources(userId)) {
        for (HistoryFormat f : {HistoryFormat::SpotifyAccount, HistoryFormat::LastfmCsv})
            if (format == formatName(f)) state.hasMinuteListens = true;
    }
    const Result<bool> seconds = store_.hasSecondPrecisionListens(userId);
    if (!seconds) return seconds.status();
    state.hasSecondListens = seconds.value();
    return &state;
}

Result<bool> ListenWriter::add(const Listen& listen, bool minutePrecision) {
    const Result<UserState*> found = userState(listen.userId);
    if (!found) return found.status();
    UserState& state = *found.value();
    const qint64 t = listen.endedAt;
    if (minutePrecision && state.hasSecondListens) {
        // A second-precision play ending within this minute (Spotify truncates endTime; allow a
        // minute either way for exporters that round). Listens on a full minute are left out:
        // they are the minute-precision ones, and a 50-second song on repeat ends in every
        // minute.
        const Result<bool> near =
            store_.hasSecondPrecisionListen(listen.userId, listen.trackId, t - 60, t + 59);
        if (!near) return near.status();
        if (near.value()) return false;
    }
    if (minutePrecision) {
        state.hasMinuteListens = true;
        state.wholeMinutesLoaded = false;  // more may come; re-read when next needed
    } else if (state.hasMinuteListens && t % 60 != 0) {
        if (!state.wholeMinutesLoaded) {
            // Only users whose history mixes precisions pay for this: one read of their listens.
            state.wholeMinutes.clear();
            const Status s = store_.forEachListenOf(listen.userId, [&](const Listen& l) {
                if (l.endedAt % 60 == 0) state.wholeMinutes.insert({l.trackId, l.endedAt});
                return true;
            });
            if (!s.isOk()) return s;
            state.wholeMinutesLoaded = true;
        }
        const qint64 m = floorMinute(t);
        if (state.wholeMinutes.contains({listen.trackId, m}) ||
            state.wholeMinutes.contains({listen.trackId, m + 60}))
            return false;
    }
    if (!minutePrecision && t % 60 != 0) state.hasSecondListens = true;  // flushed per file
    pending_.push_back(listen);
    return true;
}

Status ListenWriter::flush(const Progress& progress, std::map<Id, qint64>* addedByUser) {
    std::sort(pending_.begin(), pending_.end(), [](const Listen& a, const Listen& b) {
        return std::tie(a.userId, a.trackId, a.endedAt) < std::tie(b.userId, b.trackId, b.endedAt);
    });
    constexpr qsizetype kSlice = 4096;  // ~10 ms of inserts between cancellation polls
    const qsizetype n = pending();
    for (qsizetype from = 0; from < n;) {
        if (progress.cancelled()) return Status::cancelled();
        // A slice never spans two users, so the count of new listens is per user.
        const Id user = pending_[size_t(from)].userId;
        qsizetype to = from;
        while (to < n && to - from < kSlice && pending_[size_t(to)].userId == user) ++to;
        qint64 added = 0;
        if (Status s = store_.addListens(pending_.data() + from, to - from, &added); !s.isOk())
            return s;
        (*addedByUser)[user] += added;
        from = to;
    }
    pending_.clear();
    return Status::ok();
}

}  // namespace tl
