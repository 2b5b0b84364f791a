// The week a weekly playlist is made for when nobody names one: the week after the chosen user's
// last listen, so the playlist is what the data can say next — not the week of today's date,
// which for an export of last year's listening lies far outside the data. `tastelab-cli weekly`
// and the desktop app's week field both use it, and both say which rule chose the week.
#pragma once

#include <QString>
#include <map>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

class ProjectStore;

struct DefaultWeek {
    enum class Basis {
        UserLastListen,  // the week after the user's last listen
        DataLastListen,  // the user has no timed listen: the week after the data's last
        NoListens        // no timed listen at all: the week after `now`
    };
    qint64 weekStart = 0;   // Monday 00:00 UTC
    qint64 lastListen = 0;  // the listen the week follows (0 for NoListens)
    Basis basis = Basis::NoListens;

    // Why this week, for a person: "the week after me's last listen (2026-11-22)", "the week
    // after the data's last listen (2026-11-29): alice has no listens with a time", …
    QString reason(const QString& userName) const;
};

// The default week given the user's and the data's last timed listen (0 when there is none) and
// the time now (for a project with no timed listen at all).
DefaultWeek defaultWeekAfter(qint64 userLastListen, qint64 dataLastListen, qint64 now);

// Last timed listen per user (listens with endedAt > 0: play counts without a time do not
// count), from the listens as loadListens gives them or from the store in one query.
std::map<Id, qint64> lastListens(const std::vector<Listen>& listens);
std::map<Id, qint64> lastListens(const ProjectStore& store);

// The default week of `user` among `last` (lastListens()).
DefaultWeek defaultWeek(const std::map<Id, qint64>& last, Id user, qint64 now);

}  // namespace tl
