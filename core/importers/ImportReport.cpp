#include "importers/ImportReport.h"

#include <QJsonArray>
#include <QJsonDocument>
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

namespace {

QJsonObject fileJson(const FileReport& f) {
    QJsonObject fo = countsJson(f.counts);
    fo.insert(QStringLiteral("path"), f.path);
    fo.insert(QStringLiteral("format"), f.format);
    fo.insert(QStringLiteral("encoding"), f.encoding);
    fo.insert(QStringLiteral("status"), f.status);
    fo.insert(QStringLiteral("bytes"), double(f.bytes));
    if (!f.note.isEmpty()) fo.insert(QStringLiteral("note"), f.note);
    return fo;
}

QJsonObject countsByName(const std::map<QString, qint64>& counts) {
    QJsonObject o;
    for (const auto& [name, n] : counts) o.insert(name, double(n));
    return o;
}

// A file not imported, as filesByReason counts it.
QString reasonOf(const FileReport& f) {
    return f.note.isEmpty() ? QStringLiteral("no valid rows") : f.note;
}

// filesByReason keeps this many reasons; the rest are counted under kOtherReasons (a note can
// name a line or an error, so a damaged export could otherwise give every file its own).
constexpr size_t kMaxReasons = 100;
const QString kOtherReasons = QStringLiteral("other reasons");

}  // namespace

void ImportReport::count(const FileReport& file) {
    ++filesTotal;
    ++filesByStatus[file.status];
    if (file.status != QLatin1String("imported")) {
        const QString reason = reasonOf(file);
        if (filesByReason.size() < kMaxReasons || filesByReason.count(reason))
            ++filesByReason[reason];
        else
            ++filesByReason[kOtherReasons];
    }
    totals.add(file.counts);
}

namespace {

// The report's JSON; `withFiles` false leaves "files" empty (writeJson streams them).
QJsonObject reportJson(const ImportReport& r, bool withFiles) {
    QJsonObject o = countsJson(r.totals);
    o.insert(QStringLiteral("users"), double(r.usersAdded));
    o.insert(QStringLiteral("artists"), double(r.artistsAdded));
    o.insert(QStringLiteral("tracks"), double(r.tracksAdded));
    o.insert(QStringLiteral("merges"), double(r.mergesAdded));
    o.insert(QStringLiteral("user_names"), QJsonArray::fromStringList(r.users));
    o.insert(QStringLiteral("me"), r.me);
    QJsonArray fileArray;
    if (withFiles)
        for (const FileReport& f : r.files) fileArray.append(fileJson(f));
    o.insert(QStringLiteral("files"), fileArray);
    o.insert(QStringLiteral("files_listed"), double(r.files.size()));
    o.insert(QStringLiteral("files_total"), double(r.filesTotal));
    o.insert(QStringLiteral("files_by_status"), countsByName(r.filesByStatus));
    o.insert(QStringLiteral("files_by_reason"), countsByName(r.filesByReason));
    QJsonArray errors;
    for (const ImportProblem& p : r.problems)
        errors.append(QJsonObject{{QStringLiteral("file"), p.file},
                                  {QStringLiteral("line"), double(p.line)},
                                  {QStringLiteral("reason"), p.reason}});
    o.insert(QStringLiteral("errors"), errors);
    o.insert(QStringLiteral("errors_total"), double(r.problemCount));
    o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(r.notes));
    o.insert(QStringLiteral("project"),
             QJsonObject{{QStringLiteral("users"), double(r.project.users)},
                         {QStringLiteral("artists"), double(r.project.artists)},
                         {QStringLiteral("tracks"), double(r.project.tracks)},
                         {QStringLiteral("listens"), double(r.project.listens)},
                         {QStringLiteral("play_counts"), double(r.project.playCounts)}});
    o.insert(QStringLiteral("seconds"), r.seconds);
    return o;
}

}  // namespace

std::map<QString, qint64> ImportReport::unlistedByStatus() const {
    std::map<QString, qint64> unlisted = filesByStatus;
    for (const FileReport& f : files) --unlisted[f.status];
    std::erase_if(unlisted, [](const auto& entry) { return entry.second <= 0; });
    return unlisted;
}

QJsonObject ImportReport::toJson() const {
    return reportJson(*this, true);
}

void ImportReport::writeJson(const std::function<void(const QByteArray&)>& write,
                             const QJsonObject& extra) const {
    // Everything but the files, with an empty "files" array where they go. Strings in
    // QJsonDocument's output never hold a raw line break, so the empty array at the top level's
    // indent can only be that one.
    QJsonObject o = reportJson(*this, false);
    for (auto it = extra.begin(); it != extra.end(); ++it) o.insert(it.key(), it.value());
    const QByteArray text = QJsonDocument(o).toJson(QJsonDocument::Indented);
    const QByteArray open = "\n    \"files\": [";
    const qsizetype at = text.indexOf(open + "\n    ]");
    if (at < 0) {  // cannot happen; never drop the files silently
        write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
        return;
    }
    write(text.left(at + open.size()));
    // Each file as the whole document would indent it: two levels (8 spaces) deeper.
    QByteArray piece;
    for (size_t i = 0; i < files.size(); ++i) {
        const QByteArray one = QJsonDocument(fileJson(files[i])).toJson(QJsonDocument::Indented);
        piece.clear();
        piece += i == 0 ? "\n" : ",\n";
        qsizetype from = 0;
        while (from < one.size()) {
            qsizetype end = one.indexOf('\n', from);
            if (end < 0) end = one.size();
            if (from > 0) piece += '\n';
            piece += "        ";
            piece += QByteArrayView(one).sliced(from, end - from);
            from = end + 1;
        }
        write(piece);
    }
    write(text.mid(at + open.size()));
}

void ImportReport::writeText(const std::function<void(const QString&)>& line) const {
    line(QStringLiteral("Imported %1 new listens from %2 of %3 files in %4 s.")
             .arg(number(totals.listensImported))
             .arg(filesWithStatus(QStringLiteral("imported")))
             .arg(filesTotal)
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
    if (filesNotListed() > 0) {
        QStringList byStatus;
        for (const auto& [status, n] : unlistedByStatus())
            byStatus << QStringLiteral("%1 %2").arg(number(n), status);
        line(QStringLiteral("  and %1 more %2, not listed: %3.")
                 .arg(number(filesNotListed()),
                      filesNotListed() == 1 ? QStringLiteral("file") : QStringLiteral("files"),
                      byStatus.join(QStringLiteral(", "))));
        line(QStringLiteral("Why files were not imported (of all %1):").arg(number(filesTotal)));
        for (const auto& [reason, n] : filesByReason)
            line(QStringLiteral("  %1: %2").arg(number(n), reason));
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
}

QString ImportReport::toText() const {
    QString out;
    writeText([&](const QString& text) { out += text + QLatin1Char('\n'); });
    return out;
}

}  // namespace tl
