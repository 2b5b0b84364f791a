#include "importers/ImportReport.h"

#include <QJsonArray>
#include <QLocale>

namespace tl {
namespace {

QJsonObject countsJson(const ImportCounts& c) {
    QJsonObject skipped;
    for (const auto& [reason, n] : c.skippedBy) skipped.insert(reason, double(n));
    return {
        {QStringLiteral("rows"), double(c.rows)},
        {QStringLiteral("listens_imported"), double(c.listensImported)},
        {QStringLiteral("listens_duplicate"), double(c.listensDuplicate)},
        {QStringLiteral("rows_rejected"), double(c.rowsRejected)},
        {QStringLiteral("rows_skipped"), double(c.rowsSkipped)},
        {QStringLiteral("play_counts_imported"), double(c.playCountsImported)},
        {QStringLiteral("rows_skipped_by_reason"), skipped},
    };
}

QString number(qint64 n) {
    static const QLocale english(QLocale::English);
    return english.toString(n);
}

}  // namespace

void ImportCounts::add(const ImportCounts& other) {
    rows += other.rows;
    listensImported += other.listensImported;
    listensDuplicate += other.listensDuplicate;
    rowsRejected += other.rowsRejected;
    rowsSkipped += other.rowsSkipped;
    playCountsImported += other.playCountsImported;
    for (const auto& [reason, n] : other.skippedBy) skippedBy[reason] += n;
}

QJsonObject ImportReport::toJson() const {
    QJsonObject o = countsJson(totals);
    o.insert(QStringLiteral("users"), double(usersAdded));
    o.insert(QStringLiteral("artists"), double(artistsAdded));
    o.insert(QStringLiteral("tracks"), double(tracksAdded));
    o.insert(QStringLiteral("merges"), double(mergesAdded));
    o.insert(QStringLiteral("user_names"), QJsonArray::fromStringList(users));
    o.insert(QStringLiteral("me"), me);
    QJsonArray fileArray;
    for (const FileReport& f : files) {
        QJsonObject fo = countsJson(f.counts);
        fo.insert(QStringLiteral("path"), f.path);
        fo.insert(QStringLiteral("format"), f.format);
        fo.insert(QStringLiteral("encoding"), f.encoding);
        fo.insert(QStringLiteral("status"), f.status);
        fo.insert(QStringLiteral("bytes"), double(f.bytes));
        if (!f.note.isEmpty()) fo.insert(QStringLiteral("note"), f.note);
        fileArray.append(fo);
    }
    o.insert(QStringLiteral("files"), fileArray);
    QJsonArray errors;
    for (const ImportProblem& p : problems)
        errors.append(QJsonObject{{QStringLiteral("file"), p.file},
                                  {QStringLiteral("line"), double(p.line)},
                                  {QStringLiteral("reason"), p.reason}});
    o.insert(QStringLiteral("errors"), errors);
    o.insert(QStringLiteral("errors_total"), double(problemCount));
    o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    o.insert(QStringLiteral("project"),
             QJsonObject{{QStringLiteral("users"), double(project.users)},
                         {QStringLiteral("artists"), double(project.artists)},
                         {QStringLiteral("tracks"), double(project.tracks)},
                         {QStringLiteral("listens"), double(project.listens)},
                         {QStringLiteral("play_counts"), double(project.playCounts)}});
    o.insert(QStringLiteral("seconds"), seconds);
    return o;
}

QString ImportReport::toText() const {
    QString out;
    const auto line = [&](const QString& text) { out += text + QLatin1Char('\n'); };
    int histories = 0;
    for (const FileReport& f : files)
        if (f.status == QLatin1String("imported")) ++histories;
    line(QStringLiteral("Imported %1 new listens from %2 of %3 files in %4 s.")
             .arg(number(totals.listensImported))
             .arg(histories)
             .arg(files.size())
             .arg(seconds, 0, 'f', 1));
    QStringList parts;
    if (totals.playCountsImported)
        parts << QStringLiteral("%1 play counts without timestamps stored")
                     .arg(number(totals.playCountsImported));
    if (totals.listensDuplicate)
        parts << QStringLiteral("%1 already in the project").arg(number(totals.listensDuplicate));
    if (totals.rowsRejected)
        parts << QStringLiteral("%1 malformed rows rejected").arg(number(totals.rowsRejected));
    if (totals.rowsSkipped) {
        QStringList why;
        for (const auto& [reason, n] : totals.skippedBy)
            why << QStringLiteral("%1 %2").arg(number(n), reason);
        parts << QStringLiteral("%1 rows skipped as not music (%2)")
                     .arg(number(totals.rowsSkipped), why.join(QStringLiteral(", ")));
    }
    if (!parts.isEmpty())
        line(QStringLiteral("  ") + parts.join(QStringLiteral("; ")) + QLatin1Char('.'));
    line(QStringLiteral("  New: %1 users, %2 artists, %3 tracks; %4 differently written names "
                        "merged.")
             .arg(number(usersAdded), number(artistsAdded), number(tracksAdded),
                  number(mergesAdded)));
    if (!me.isEmpty()) line(QStringLiteral("  \"%1\" is marked as me.").arg(me));
    line(QStringLiteral("  The project now holds %1 users, %2 artists, %3 tracks, %4 listens.")
             .arg(number(project.users), number(project.artists), number(project.tracks),
                  number(project.listens)));
    for (const QString& note : notes) line(QStringLiteral("  Note: ") + note);
    line(QStringLiteral("Files:"));
    for (const FileReport& f : files) {
        QString detail;
        if (f.status == QLatin1String("imported") || f.status == QLatin1String("nothing"))
            detail =
                QStringLiteral("%1 new, %2 already there, %3 rejected, %4 skipped")
                    .arg(number(f.counts.listensImported), number(f.counts.listensDuplicate),
                         number(f.counts.rowsRejected), number(f.counts.rowsSkipped)) +
                (f.counts.playCountsImported
                     ? QStringLiteral(", %1 play counts").arg(number(f.counts.playCountsImported))
                     : QString());
        if (!f.note.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral("; ")) + f.note;
        line(QStringLiteral("  %1 [%2, %3]: %4").arg(f.path, f.format, f.status, detail));
    }
    if (problemCount > 0) {
        line(problemCount > qint64(problems.size()) ? QStringLiteral("Problems (first %1 of %2):")
                                                          .arg(problems.size())
                                                          .arg(problemCount)
                                                    : QStringLiteral("Problems:"));
        for (const ImportProblem& p : problems)
            line(p.line > 0 ? QStringLiteral("  %1:%2: %3").arg(p.file).arg(p.line).arg(p.reason)
                            : QStringLiteral("  %1: %2").arg(p.file, p.reason));
    }
    return out;
}

}  // namespace tl
