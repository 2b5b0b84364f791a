#include "library/ScanReport.h"

#include <QJsonArray>

namespace tl {
namespace {

QJsonObject countsObject(const std::map<QString, qint64>& counts) {
    QJsonObject o;
    for (const auto& [key, count] : counts) o.insert(key, count);
    return o;
}

}  // namespace

QJsonObject ScanReport::toJson() const {
    QJsonArray problems;
    for (const ScanProblem& p : failed)
        problems.append(
            QJsonObject{{QStringLiteral("file"), p.file}, {QStringLiteral("reason"), p.reason}});
    return QJsonObject{
        {QStringLiteral("folder"), folder},
        {QStringLiteral("files_scanned"), filesScanned},
        {QStringLiteral("files_new"), filesNew},
        {QStringLiteral("files_changed"), filesChanged},
        {QStringLiteral("files_unchanged"), filesUnchanged},
        {QStringLiteral("files_removed"), filesRemoved},
        {QStringLiteral("files_ignored"), filesIgnored},
        {QStringLiteral("files_failed"), filesFailed},
        {QStringLiteral("matched"), matched},
        {QStringLiteral("new_tracks"), newTracks},
        {QStringLiteral("new_artists"), newArtists},
        {QStringLiteral("merges"), merges},
        {QStringLiteral("match_rules"), countsObject(matchRules)},
        {QStringLiteral("tag_sources"), countsObject(tagSources)},
        {QStringLiteral("failed"), problems},
        {QStringLiteral("symlink_loops_skipped"), loopsSkipped},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("phase_seconds"), QJsonObject{{QStringLiteral("walk"), walkSeconds},
                                                      {QStringLiteral("read"), readSeconds},
                                                      {QStringLiteral("write"), writeSeconds}}},
    };
}

QString ScanReport::toText() const {
    QString out = QStringLiteral(
                      "Scanned %1: %2 audio files (%3 new, %4 changed, %5 unchanged), "
                      "%6 removed since the last scan, %7 other files ignored.\n")
                      .arg(folder)
                      .arg(filesScanned)
                      .arg(filesNew)
                      .arg(filesChanged)
                      .arg(filesUnchanged)
                      .arg(filesRemoved)
                      .arg(filesIgnored);
    out += QStringLiteral(
               "Matched %1 files to catalog tracks; %2 new tracks (cold start: no "
               "plays yet), %3 new artists, %4 merges recorded.\n")
               .arg(matched)
               .arg(newTracks)
               .arg(newArtists)
               .arg(merges);
    if (loopsSkipped > 0)
        out += QStringLiteral("%1 folders reached again through symbolic links were skipped.\n")
                   .arg(loopsSkipped);
    for (const auto& [rule, count] : matchRules)
        out += QStringLiteral("  matched by %1: %2\n").arg(rule).arg(count);
    if (!failed.empty()) {
        out += QStringLiteral("%1 could not be read:\n").arg(failed.size());
        for (const ScanProblem& p : failed)
            out += QStringLiteral("  %1: %2\n").arg(p.file, p.reason);
    }
    out += QStringLiteral("Took %1 s (%2 tag-reading threads).\n")
               .arg(seconds, 0, 'f', 2)
               .arg(threads);
    return out;
}

}  // namespace tl
