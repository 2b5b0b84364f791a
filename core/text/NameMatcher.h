// Finds where a text names an artist of the catalog (and, once an artist is named, one of its
// tracks): a hashed n-gram matcher over normalised names (catalog/NameNormalizer keys, so
// "The Beatles", "beatles" and "BEATLES" all match), longest match first, non-overlapping.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "text/Tokenizer.h"

namespace tl {

class StopWords;

struct Mention {
    int entity = 0;  // index into the matcher's entity numbering (artists, then tracks)
    int begin = 0;   // token range [begin, end)
    int end = 0;
};

class NameMatcher {
public:
    // Entities are numbered artists first (index in `artists`), then tracks (artists.size() +
    // index in `tracks`). Names that are a single stop word ("The", "It") are not matched: they
    // would link every document.
    NameMatcher(const std::vector<Artist>& artists, const std::vector<Track>& tracks,
                const StopWords& stop);

    int artistCount() const { return artistCount_; }
    int entityCount() const { return artistCount_ + trackCount_; }
    // The artist of a track entity, or the artist itself.
    int artistOf(int entity) const;

    // The artist whose normalised name is exactly `name` (a file or folder name), or -1.
    int artistNamed(const QString& name) const;
    // The track of `artist` whose normalised title is exactly `title`, or -1.
    int trackNamed(int artist, const QString& title) const;

    // The normal form of a word for matching: what a name's key is made of.
    static QString matchForm(const QString& word);

    // Mentions of artists in `tokens` (their matchForm()s), then of tracks of the artists in
    // `artistsInDocument` or found here. Appends newly found artists to `artistsInDocument`.
    void find(const std::vector<QString>& forms, std::vector<int>& artistsInDocument,
              std::vector<Mention>& mentions) const;

private:
    struct Pattern {
        QStringList words;
        int entity;
    };
    void addPattern(QHash<QString, std::vector<int>>& index, const QString& key, int entity,
                    const StopWords& stop);
    void match(const std::vector<QString>& forms, const QHash<QString, std::vector<int>>& index,
               const std::vector<int>* allowedArtists, std::vector<bool>& taken,
               std::vector<Mention>& mentions) const;

    int artistCount_ = 0;
    int trackCount_ = 0;
    std::vector<Pattern> patterns_;
    QHash<QString, std::vector<int>> artistIndex_;  // first word -> patterns, longest first
    QHash<QString, std::vector<int>> trackIndex_;
    QHash<QString, int> artistByKey_;
    QHash<QString, int> trackByKey_;  // "<artist>\x1f<title key>" -> entity
    std::vector<int> trackArtist_;    // track entity - artistCount -> artist index
};

}  // namespace tl
