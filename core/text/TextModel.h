// core/text/: the text model — what is written about the music (corpus documents, sidecar
// files, file tags, tag data sets) turned into weighted top terms per artist and track, the Echo
// Nest's "cultural vectors": TF-IDF with sub-linear tf, top terms as sparse vectors compared by
// cosine, a dense LSA version (randomized truncated SVD) for maps and blends, and explanations
// (the shared terms behind a similarity). Training and storage: TextTraining.h.
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "cf/Recommender.h"
#include "job/Result.h"

namespace tl {

enum class TextEntityKind : quint8 { Artist = 0, Track = 1 };

struct TextEntity {
    TextEntityKind kind = TextEntityKind::Artist;
    Id id = 0;
};

struct TermWeight {
    QString term;
    float weight = 0.f;
};

// The model as stored: vocabulary, one sparse row per entity (term ids ascending, salience
// weights that sum to 1 over the row), and the LSA coordinates of every row. Artists come first,
// then tracks.
struct TextModel {
    QStringList vocabulary;
    std::vector<TextEntity> entities;
    std::vector<qint64> rowStart;  // entities.size() + 1 offsets into termIds / weights
    std::vector<quint32> termIds;
    std::vector<float> weights;
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> lsa;  // rows: entities
    QByteArray settings;  // the TextOptions it was trained with (serialised), for display

    int size() const { return int(entities.size()); }
    int artistRows() const;  // entities [0, artistRows()) are artists

    // Index of an entity, or -1 when it has no text. Call prepareForQueries() first.
    int indexOf(TextEntityKind kind, Id id) const;
    // The entity's `n` heaviest terms, heaviest first (ties: alphabetical).
    std::vector<TermWeight> topTerms(int entity, int n = 100) const;
    // Cosine of the sparse term vectors, in [0, 1].
    float cosine(int a, int b) const;
    // The shared terms contributing most to cosine(a, b), largest first; each weight is that
    // term's share of the cosine (they sum to cosine(a, b) over all shared terms).
    std::vector<TermWeight> explain(int a, int b, int n = 10) const;
    // Cosine of the LSA vectors, in [-1, 1].
    float lsaCosine(int a, int b) const;
    // The `n` entities of the same kind most similar to `entity` (sparse cosine), best first.
    std::vector<ScoredItem> similar(int entity, int n) const;
    std::vector<ScoredItem> similarLsa(int entity, int n) const;
    // Every entity whose top terms include `term` (the GUI highlights them on a map).
    std::vector<int> entitiesWithTerm(const QString& term) const;

    // Builds the lookups (entity index, inverted index, row norms); call once after loading.
    void prepareForQueries();

    QByteArray serialise() const;
    static Result<TextModel> deserialise(const QByteArray& bytes);

private:
    QHash<qint64, int> index_;                                  // (kind, id) -> entity
    QHash<QString, quint32> termIndex_;                         // term -> id
    std::vector<float> norms_;                                  // L2 norm of each row
    std::vector<std::vector<std::pair<int, float>>> postings_;  // term -> (entity, weight)
    std::vector<float> lsaNorms_;
};

}  // namespace tl
