#include "library/FileNameTags.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

#include "library/FileTags.h"
#include "util/NativePath.h"

namespace tl {
namespace {

const QString& separator() {
    static const QString s = QStringLiteral(" - ");
    return s;
}

// "01 - Title", "01. Title", "01-Title": the number is not the title. A number followed by a space
// alone stays ("50 Cent - Candy Shop").
QString withoutTrackNumber(const QString& name) {
    static const QRegularExpression number(QStringLiteral("^\\s*\\d{1,3}\\s*[-.]\\s*(?=\\S)"));
    QString out = name;
    out.remove(number);
    return out.trimmed();
}

}  // namespace

NameGuess guessFromFileName(const QString& rawPath, const QString& rawRoot) {
    // A name that is not UTF-8 ("caf\xe9") most likely came from Windows-1252 or Latin-1.
    const QString path = guessedText(rawPath);
    const QString root = guessedText(rawRoot);
    const QFileInfo info(path);
    NameGuess guess;
    const QString base = withoutTrackNumber(info.completeBaseName());
    const qsizetype split = base.indexOf(separator());
    if (split > 0 && split + separator().size() < base.size()) {
        guess.artist = base.left(split).trimmed();
        guess.title = base.mid(split + separator().size()).trimmed();
    } else {
        guess.title = base.isEmpty() ? info.completeBaseName() : base;
    }

    // Folders between the root and the file, nearest first.
    QStringList folders;
    QString dir = info.path();
    while (dir.size() > root.size() && dir.startsWith(root)) {
        folders << QFileInfo(dir).fileName();
        dir = QFileInfo(dir).path();
    }
    if (!folders.isEmpty()) {
        const QString& parent = folders.front();
        const qsizetype folderSplit = parent.indexOf(separator());
        if (folderSplit > 0) {  // "Artist - Album"
            if (guess.artist.isEmpty()) guess.artist = parent.left(folderSplit).trimmed();
            guess.album = parent.mid(folderSplit + separator().size()).trimmed();
        } else if (guess.artist.isEmpty()) {
            // Artist/Album/file: the grandparent; Artist/file: the parent.
            guess.artist = folders.size() >= 2 ? folders.at(1) : parent;
            if (folders.size() >= 2) guess.album = parent;
        }
    }
    return guess;
}

void fillFromFileName(FileTags& tags, const QString& path, const QString& root) {
    const bool hadArtist = !tags.artist.trimmed().isEmpty();
    const bool hadTitle = !tags.title.trimmed().isEmpty();
    if (hadArtist && hadTitle) {
        tags.source = QStringLiteral("tags");
        return;
    }
    const NameGuess guess = guessFromFileName(path, root);
    if (!hadArtist) tags.artist = guess.artist;
    if (!hadTitle) tags.title = guess.title;
    if (tags.album.trimmed().isEmpty()) tags.album = guess.album;
    // A track needs an artist: a loose file in the root with a bare title still gets one.
    if (tags.artist.isEmpty()) tags.artist = QStringLiteral("Unknown Artist");
    tags.source =
        hadArtist || hadTitle ? QStringLiteral("tags+file-name") : QStringLiteral("file-name");
}

}  // namespace tl
