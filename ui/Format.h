#pragma once

#include <QLocale>
#include <QString>

namespace tl {

// "1 track", "1,204 tracks": a count with its noun, the number grouped the user's way.
// (tr()'s %n plurals need a translation file to drop the "(s)"; this does not.)
inline QString countText(qint64 n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(QLocale().toString(n), n == 1 ? one : many);
}

// "3:05" for a duration in milliseconds; "unknown" for 0.
inline QString durationText(int ms) {
    if (ms <= 0) return QStringLiteral("unknown");
    const int s = (ms + 500) / 1000;
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace tl
