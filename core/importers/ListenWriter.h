// Adds listens so that each play is stored once: the same file imported twice and overlapping
// exports of one kind collide on the listens primary key (user, track, end time). Exports of
// different precision need more: Spotify account data and lastfm-to-csv write whole minutes,
// extended history and ListenBrainz write seconds, so one play appears as 12:34 in one and
// 12:34:41 in the other. Those are matched within the minute.
//
// Listens are queued and written sorted by key, many per statement: in file order each insert
// lands on a random page of the listens tree and its by-track index, which made the store,
// not the parsing, the cost of an import.
#pragma once

#include <QHash>
#include <QPair>
#include <QSet>
#include <map>
#include <unordered_map>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Progress.h"
#include "job/Result.h"
#include "store/ProjectStore.h"

namespace tl {

class ListenWriter {
public:
    static constexpr qsizetype kMaxPending = 1 << 18;  // ~10 MB of queued listens

    explicit ListenWriter(ProjectStore& store) : store_(store) {}

    // Queues a listen (true), or says it is a play already stored at the other precision
    // (false). Flush before kMaxPending.
    Result<bool> add(const Listen& listen, bool minutePrecision);
    qsizetype pending() const { return qsizetype(pending_.size()); }
    // Writes the queue; counts the listens that were new, per user. Polls `progress` every few
    // milliseconds and returns Status::cancelled() when asked.
    Status flush(const Progress& progress, std::map<Id, qint64>* addedByUser);
    // Forgets the queue and what it read from the store (after a rollback).
    void reset() {
        users_.clear();
        lastUser_ = 0;
        lastState_ = nullptr;
        pending_.clear();
    }

private:
    struct UserState {
        // Without second-precision listens there is nothing a minute-precision row could
        // repeat, and the per-row lookup is skipped (a Last.fm-only history never pays it).
        bool hasSecondListens = false;
        bool hasMinuteListens = false;
        // (track, end) of stored listens ending on a full minute. Read from the store when the
        // first second-precision row of a user with minute-precision listens needs it (files
        // are flushed as they end, so it then holds every one), not kept up row by row.
        bool wholeMinutesLoaded = false;
        QSet<QPair<Id, qint64>> wholeMinutes;
    };
    Result<UserState*> userState(Id userId);

    ProjectStore& store_;
    std::unordered_map<Id, UserState> users_;  // node-based: pointers stay valid
    Id lastUser_ = 0;
    UserState* lastState_ = nullptr;
    std::vector<Listen> pending_;
};

}  // namespace tl
