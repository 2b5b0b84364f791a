// Artist and title guessed from where a file lies, for files without tags: "Artist - Title.ext",
// "01 - Title.ext" or "01. Title.ext" inside an "Artist" or "Artist - Album" folder.
#pragma once

#include <QString>

namespace tl {

struct NameGuess {
    QString artist;  // empty when neither the name nor the folders say
    QString title;   // the file name without suffix and track number, never empty
    QString album;   // from an "Artist - Album" folder, else empty
};

// `path` is the file's absolute path and `root` the music folder it was found in; folders above
// the root are never used as names.
NameGuess guessFromFileName(const QString& path, const QString& root);

// Fills artist, title and album of `tags` that are empty from the guess, and sets tags.source.
struct FileTags;
void fillFromFileName(FileTags& tags, const QString& path, const QString& root);

}  // namespace tl
