// The terms of one document and the entities it is about. Terms are unigrams that are not stop
// words and bigrams of two adjacent such words with no punctuation between them; the words of a
// name ("Slowdive") are the link, not a term. Every entity a document is linked to gets the
// document's term counts, plus `nearBoost` more for each occurrence within `nearWindow` words of
// a mention of that entity (the Echo Nest crawl's idea: words near a name describe it best).
#pragma once

#include <QHash>
#include <QString>
#include <functional>
#include <map>
#include <vector>

#include "text/NameMatcher.h"
#include "text/StopWords.h"

namespace tl {

struct TermOptions {
    bool bigrams = true;
    int nearWindow = 10;             // words either side of a mention
    double nearBoost = 1.0;          // an occurrence near a mention counts 1 + nearBoost
    qsizetype pieceChars = 1 << 20;  // long texts are tokenised in pieces of about this size
};

using TermCounts = QHash<QString, float>;

struct DocumentTerms {
    TermCounts counts;                    // every occurrence, once
    std::map<int, TermCounts> nearBoost;  // per linked entity: the extra weight near its mentions
    std::vector<int> entities;            // linked entities (matcher numbering), no duplicates
    qint64 words = 0;
    qint64 mentions = 0;
};

// Counts the terms of `text` and links it to the entities it names, plus `linked` (entities the
// document belongs to whatever it says: a sidecar's folder, a tag's track). `matcher` may be
// null (no name matching). Returns false when `cancelled` turned true between pieces.
bool countDocumentTerms(const QString& text, const std::vector<int>& linked,
                        const NameMatcher* matcher, const StopWords& stop,
                        const TermOptions& options, DocumentTerms& out,
                        const std::function<bool()>& cancelled = {});

}  // namespace tl
