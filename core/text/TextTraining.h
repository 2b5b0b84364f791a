// Training the text model: reading every source (TextSources.h), counting terms per entity
// (DocumentTerms, TermAccumulator), weighting them and storing the model in the project.
//
// Weights. For entity e and term t with count tf (occurrences over all of e's documents, near-
// mention occurrences counting 1 + nearBoost, tag rows counting their weight):
//     w(e, t) = (1 + ln tf) * ln(N / df_e(t))      (tf < 1, from small tag weights: tf itself)
// where N is the number of entities with text and df_e(t) the number of them whose text has t
// (terms in fewer than minDocumentFrequency documents were dropped first). The topTerms largest
// positive weights are kept and divided by their sum: the salience of each kept term, in (0, 1],
// summing to 1 over the entity — read it as "the probability that a term drawn from this
// entity's description is t". Cosine similarity does not depend on that normalisation.
//
// Tracks. A track's own text gives its own vector; with o = min(1, ownWords / trackOwnWords),
//     v(track) = o * own + (1 - o) * trackInheritWeight * v(artist)
// renormalised to sum 1 over its top terms: a track nobody wrote about carries its artist's
// terms; one with a little text of its own leans on them less.
#pragma once

#include <QStringList>

#include "text/DocumentTerms.h"
#include "text/Lsa.h"
#include "text/TextModel.h"
#include "text/TextSources.h"

namespace tl {

class ProjectStore;

struct TextOptions {
    TextSourceOptions sources;
    QStringList languages{QStringLiteral("en")};  // stop-word lists
    TermOptions terms;
    int minDocumentFrequency = 2;
    int topTerms = 100;
    int trackOwnWords = 50;
    double trackInheritWeight = 0.5;
    LsaOptions lsa;
    int threads = 0;                        // 0 = all cores
    qint64 maxDocumentBytes = 256ll << 20;  // larger files are skipped with a warning
};

struct TextTrainReport {
    int vocabulary = 0;  // distinct terms in the stored model
    int termsSeen = 0;   // distinct terms before the document-frequency cut
    int artists = 0;     // artists with a term vector
    int tracks = 0;      // tracks with a term vector (own text or inherited)
    int tracksWithOwnText = 0;
    qint64 documents = 0;         // documents read (corpus, sidecar, file tags)
    qint64 documentsLinked = 0;   // of them, about at least one catalog entity
    qint64 documentsSkipped = 0;  // binary, empty, unreadable, too large
    qint64 decodedAsLatin1 = 0;
    qint64 decodedAsUtf16 = 0;
    qint64 bytes = 0;
    qint64 words = 0;
    qint64 mentions = 0;
    qint64 tagRows = 0;
    qint64 tagRowsSkipped = 0;
    int warningCount = 0;
    QStringList warnings;  // "file: what was wrong" — the first few
    bool reused = false;
    // Empty when the model learnt terms; else why it has none (no tags, sidecars, corpus or
    // tag data; or text with no term in enough documents), said once by `train text`/`train all`
    // and, from the stored model's meta, by every later step instead of "not trained yet".
    QString nothingToLearn;
    double seconds = 0.0;
    double genrePrecision5 = -1.0;     // demo worlds: same-genre share of 5 nearest artists
    double lsaGenrePrecision5 = -1.0;  // the same with LSA vectors
};

// Reads the inputs, builds the model; no project store involved (benchmarks, tests).
Result<TextModel> buildTextModel(const TextInputs& inputs, const TextOptions& options,
                                 TextTrainReport& report, const Progress& progress);

// Trains the text model on the project's sources and stores it as result kind "text.tfidf", key
// "model", unless the stored one was computed from the same inputs and options. A cancel leaves
// the project unchanged.
Result<TextTrainReport> trainText(ProjectStore& store, const TextOptions& options,
                                  const Progress& progress);
Result<TextModel> loadTextModel(const ProjectStore& store);

// Why the stored text model holds no terms (its meta's "nothing_to_learn"), with
// Remedy::AddTextSources; ok when it has terms, or when there is no model (loadTextModel says so).
Status textModelEmptyReason(const ProjectStore& store);

// Where trainText stores the model in the project's results table (its meta has the counts).
inline const QString kTextModelKind = QStringLiteral("text.tfidf");
inline const QString kTextModelKey = QStringLiteral("model");

// What the model depends on: the listed inputs (paths, sizes, times), the catalog names and the
// options.
QByteArray textFingerprint(const TextInputs& inputs, const TextOptions& options);

}  // namespace tl
