#include "text/StopWords.h"

#include <QDir>
#include <QFile>

// Q_INIT_RESOURCE must be called outside any namespace: the .qrc lives in a static library,
// whose resource initialiser the linker would otherwise drop.
static void initStopWordResources() {
    Q_INIT_RESOURCE(stopwords);
}

namespace tl {

QStringList StopWords::availableLanguages() {
    initStopWordResources();
    QStringList languages;
    for (const QString& name : QDir(QStringLiteral(":/stopwords")).entryList({"*.txt"}))
        languages << name.chopped(4);
    return languages;
}

Result<StopWords> StopWords::load(const QStringList& languages) {
    initStopWordResources();
    StopWords stop;
    for (const QString& language : languages) {
        QFile file(QStringLiteral(":/stopwords/%1.txt").arg(language.trimmed().toLower()));
        if (!file.open(QIODevice::ReadOnly))
            return Status::error(
                QStringLiteral("no stop-word list for language '%1' (this build has: %2)")
                    .arg(language, availableLanguages().join(QStringLiteral(", "))));
        for (const QByteArray& raw : file.readAll().split('\n')) {
            const QString word = QString::fromUtf8(raw).trimmed();
            if (!word.isEmpty() && !word.startsWith(QLatin1Char('#'))) stop.add(word);
        }
    }
    return stop;
}

}  // namespace tl
