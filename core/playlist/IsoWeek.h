#pragma once

#include <QString>

namespace tl {

// ISO 8601 weeks: Monday 00:00 UTC starts a week; week 1 holds January 4th.
qint64 isoWeekStart(const QString& text);  // "2026-W48" -> Unix seconds; 0 when malformed
QString isoWeekName(qint64 time);          // any time -> "2026-W48" of the week holding it
qint64 weekStartOf(qint64 time);           // the Monday 00:00 UTC at or before `time`
qint64 comingMonday(qint64 now);           // the next Monday 00:00 UTC after `now`

}  // namespace tl
