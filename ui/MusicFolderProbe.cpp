#include "MusicFolderProbe.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

namespace tl {

bool looksLikeMusicFolder(const QString& dir, int maxEntries) {
    static const QSet<QString> kAudio = {
        QStringLiteral("flac"), QStringLiteral("ogg"), QStringLiteral("oga"),
        QStringLiteral("opus"), QStringLiteral("mp3"), QStringLiteral("wav"),
        QStringLiteral("aiff"), QStringLiteral("aif"), QStringLiteral("m4a"),
        QStringLiteral("wv"),   QStringLiteral("caf"), QStringLiteral("w64")};
    QDirIterator it(dir, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < maxEntries; ++seen) {
        it.next();
        if (kAudio.contains(it.fileInfo().suffix().toLower())) return true;
    }
    return false;
}

}  // namespace tl
