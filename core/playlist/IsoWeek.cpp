#include "playlist/IsoWeek.h"

#include <QDateTime>
#include <QRegularExpression>

namespace tl {

qint64 isoWeekStart(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^(\\d{4})-?W(\\d{2})$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) return 0;
    const int year = m.captured(1).toInt(), week = m.captured(2).toInt();
    const QDate jan4(year, 1, 4);
    const QDate monday = jan4.addDays(1 - jan4.dayOfWeek()).addDays(7 * (week - 1));
    int weekYear = 0;
    if (week < 1 || monday.weekNumber(&weekYear) != week || weekYear != year) return 0;
    return QDateTime(monday, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

QString isoWeekName(qint64 time) {
    int year = 0;
    const int week = QDateTime::fromSecsSinceEpoch(time, Qt::UTC).date().weekNumber(&year);
    return QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'));
}

qint64 weekStartOf(qint64 time) {
    const QDate day = QDateTime::fromSecsSinceEpoch(time, Qt::UTC).date();
    return QDateTime(day.addDays(1 - day.dayOfWeek()), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

qint64 comingMonday(qint64 now) {
    return weekStartOf(now) + 7 * 86400;
}

}  // namespace tl
