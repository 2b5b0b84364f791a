#include "playlist/DefaultWeek.h"

#include <QDateTime>
#include <QSqlQuery>
#include <algorithm>

#include "playlist/IsoWeek.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

constexpr qint64 kWeek = 7 * 86400;

QString day(qint64 time) {
    return QDateTime::fromSecsSinceEpoch(time, Qt::UTC).date().toString(Qt::ISODate);
}

}  // namespace

QString DefaultWeek::reason(const QString& userName) const {
    switch (basis) {
        case Basis::UserLastListen:
            return QStringLiteral("the week after %1's last listen (%2)")
                .arg(userName, day(lastListen));
        case Basis::DataLastListen:
            return QStringLiteral(
                       "the week after the data's last listen (%1): %2 has no listens "
                       "with a time")
                .arg(day(lastListen), userName);
        case Basis::NoListens:
            break;
    }
    return QStringLiteral("the coming week: the project has no listens with a time");
}

DefaultWeek defaultWeekAfter(qint64 userLast, qint64 dataLast, qint64 now) {
    DefaultWeek w;
    if (userLast > 0) {
        w.basis = DefaultWeek::Basis::UserLastListen;
        w.lastListen = userLast;
    } else if (dataLast > 0) {
        w.basis = DefaultWeek::Basis::DataLastListen;
        w.lastListen = dataLast;
    } else {
        w.weekStart = comingMonday(now);
        return w;
    }
    w.weekStart = weekStartOf(w.lastListen) + kWeek;
    return w;
}

std::map<Id, qint64> lastListens(const std::vector<Listen>& listens) {
    std::map<Id, qint64> out;
    for (const Listen& l : listens)
        if (l.endedAt > 0) {
            qint64& last = out[l.userId];
            last = std::max(last, l.endedAt);
        }
    return out;
}

std::map<Id, qint64> lastListens(const ProjectStore& store) {
    std::map<Id, qint64> out;
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral(
            "SELECT user_id, MAX(ended_at) FROM listens WHERE ended_at > 0 GROUP BY user_id")))
        return out;
    while (q.next()) out[q.value(0).toLongLong()] = q.value(1).toLongLong();
    return out;
}

DefaultWeek defaultWeek(const std::map<Id, qint64>& last, Id user, qint64 now) {
    qint64 dataLast = 0;
    for (const auto& [id, t] : last) dataLast = std::max(dataLast, t);
    const auto it = last.find(user);
    return defaultWeekAfter(it == last.end() ? 0 : it->second, dataLast, now);
}

}  // namespace tl
