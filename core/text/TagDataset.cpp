#include "text/TagDataset.h"

#include <cmath>

#include "importers/CsvReader.h"
#include "importers/TextSource.h"

namespace tl {
namespace {

constexpr int kMaxWarnings = 20;
constexpr qsizetype kMaxRecordBytes = 64 * 1024;

void warn(TagDatasetStats& stats, const QString& path, qint64 line, const QString& what) {
    if (stats.warnings.size() < kMaxWarnings)
        stats.warnings << QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(what);
}

}  // namespace

Status readTagDataset(const QString& path, const NameMatcher& matcher, const StopWords& stop,
                      std::map<int, DocumentTerms>& perEntity, TagDatasetStats& stats) {
    TextSource source;
    if (!source.open(path))
        return Status::error(QStringLiteral("%1: %2").arg(path, source.error()));
    const bool tabs = source.peek(4096).split('\n').value(0).contains('\t');
    CsvReader csv(source, kMaxRecordBytes);
    TermOptions termOptions;
    termOptions.nearBoost = 0;
    bool first = true;
    QByteArray line;
    while (true) {
        QStringList fields;
        qint64 lineNumber = 0;
        if (tabs) {
            const auto status = source.readLine(line, kMaxRecordBytes);
            if (status == TextSource::LineStatus::End) break;
            lineNumber = source.lineNumber();
            if (status == TextSource::LineStatus::TooLong) {
                ++stats.skippedBad;
                warn(stats, path, lineNumber, QStringLiteral("line too long"));
                continue;
            }
            if (line.trimmed().isEmpty()) continue;
            for (const QByteArray& f : line.split('\t')) fields << QString::fromUtf8(f).trimmed();
        } else {
            const auto next = csv.next();
            if (next == CsvReader::Next::End) break;
            lineNumber = csv.line();
            if (next == CsvReader::Next::TooLong) {
                ++stats.skippedBad;
                warn(stats, path, lineNumber, QStringLiteral("record too long"));
                continue;
            }
            if (csv.blank()) continue;
            for (qsizetype i = 0; i < csv.size(); ++i) fields << csv.text(i);
        }
        const bool wasFirst = first;
        first = false;
        if (fields.size() != 3 && fields.size() != 4) {
            ++stats.skippedBad;
            warn(stats, path, lineNumber,
                 QStringLiteral("%1 fields; expected artist, [track,] tag, weight")
                     .arg(fields.size()));
            continue;
        }
        const QString& weightText = fields.last();
        bool ok = true;
        const double weight = weightText.isEmpty() ? 1.0 : weightText.toDouble(&ok);
        if (!ok || weight < 0 || !std::isfinite(weight)) {
            if (wasFirst) continue;  // a header row ("artist,tag,count")
            ++stats.skippedBad;
            warn(stats, path, lineNumber,
                 QStringLiteral("weight '%1' is not a non-negative number").arg(weightText));
            continue;
        }
        ++stats.rows;
        int entity = matcher.artistNamed(fields[0]);
        if (entity >= 0 && fields.size() == 4) entity = matcher.trackNamed(entity, fields[1]);
        if (entity < 0) {
            ++stats.skippedUnknown;
            continue;
        }
        if (weight == 0) continue;
        DocumentTerms tag;
        countDocumentTerms(fields[fields.size() - 2], {}, nullptr, stop, termOptions, tag);
        DocumentTerms& doc = perEntity[entity];
        if (doc.entities.empty()) doc.entities.push_back(entity);
        doc.words += tag.words;
        for (auto it = tag.counts.constBegin(); it != tag.counts.constEnd(); ++it)
            doc.counts[it.key()] += float(weight) * it.value();
    }
    return Status::ok();
}

}  // namespace tl
