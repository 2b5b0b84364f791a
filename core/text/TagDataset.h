// Tag data sets: CSV or TSV rows of (artist, tag, weight) or (artist, track, tag, weight), as
// Last.fm tag dumps come (weights are Last.fm's 0-100 relative counts, or raw counts). Each tag
// contributes its terms with the row's weight as their count.
#pragma once

#include <QStringList>
#include <map>

#include "text/DocumentTerms.h"

namespace tl {

struct TagDatasetStats {
    qint64 rows = 0;
    qint64 skippedUnknown = 0;  // artist (or track) not in the catalog
    qint64 skippedBad = 0;      // wrong number of fields, weight not a number
    QStringList warnings;       // "file:line: what was wrong" (the first few)
};

// Reads `path` into one DocumentTerms per entity (artist, or track when the row names one).
// Fails only when the file cannot be read at all.
Status readTagDataset(const QString& path, const NameMatcher& matcher, const StopWords& stop,
                      std::map<int, DocumentTerms>& perEntity, TagDatasetStats& stats);

}  // namespace tl
