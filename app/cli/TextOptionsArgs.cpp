#include "TextOptionsArgs.h"

#include <QDir>
#include <QFileInfo>

namespace tl::cli {
namespace {

QCommandLineOption option(const char* name, const char* help, const char* value,
                          const QString& fallback = {}) {
    QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help),
                         QString::fromLatin1(value));
    if (!fallback.isEmpty()) o.setDefaultValue(fallback);
    return o;
}

}  // namespace

TextOptionsArgs::TextOptionsArgs(QCommandLineParser& parser)
    : corpus_(option("corpus", "text: a folder of .txt/.md/.html documents (repeatable).", "DIR")),
      tags_(option("tags", "text: a CSV/TSV tag data set: artist,[track,]tag,weight (repeatable).",
                   "FILE")),
      minDf_(option("min-df", "text: drop terms in fewer documents (default 2).", "N",
                    QStringLiteral("2"))),
      topTerms_(option("top-terms", "text: terms kept per artist/track (default 100).", "N",
                       QStringLiteral("100"))),
      lsaDims_(option("lsa-dims", "text: LSA dimensions (default 64).", "K", QStringLiteral("64"))),
      lsaSeed_(option("lsa-seed", "text: seed of the randomized SVD (default 1).", "N",
                      QStringLiteral("1"))),
      languages_(option("languages", "text: stop-word languages, comma-separated (default en).",
                        "LANGS", QStringLiteral("en"))),
      nearWindow_(option("near-window", "text: words around a name that count double (default 10).",
                         "N", QStringLiteral("10"))),
      noFileTags_(QStringLiteral("no-file-tags"), QStringLiteral("text: ignore the music files' "
                                                                 "tags.")),
      noSidecars_(QStringLiteral("no-sidecars"),
                  QStringLiteral("text: ignore text files next to the music.")) {
    parser.addOptions({corpus_, tags_, minDf_, topTerms_, lsaDims_, lsaSeed_, languages_,
                       nearWindow_, noFileTags_, noSidecars_});
}

bool TextOptionsArgs::read(const QCommandLineParser& parser, const TextSourceOptions& saved,
                           TextOptions& options, bool* sourcesGiven, QString* error) const {
    auto whole = [&](const QCommandLineOption& o, int min, int* out) {
        bool ok = false;
        const int v = parser.value(o).toInt(&ok);
        if (!ok || v < min) {
            *error = QStringLiteral("--%1 takes a whole number of at least %2")
                         .arg(o.names().first())
                         .arg(min);
            return false;
        }
        *out = v;
        return true;
    };
    int seed = 1;
    if (!whole(minDf_, 1, &options.minDocumentFrequency) ||
        !whole(topTerms_, 1, &options.topTerms) || !whole(lsaDims_, 0, &options.lsa.dims) ||
        !whole(lsaSeed_, 0, &seed) || !whole(nearWindow_, 0, &options.terms.nearWindow))
        return false;
    options.lsa.seed = uint64_t(seed);
    options.languages = parser.value(languages_).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.sources = saved;
    *sourcesGiven = parser.isSet(corpus_) || parser.isSet(tags_);
    if (*sourcesGiven) {
        options.sources.corpusDirs.clear();
        options.sources.tagFiles.clear();
        for (const QString& dir : parser.values(corpus_)) {
            if (!QFileInfo(dir).isDir()) {
                *error = QStringLiteral("--corpus %1: not a folder").arg(dir);
                return false;
            }
            options.sources.corpusDirs << QDir(dir).absolutePath();
        }
        for (const QString& file : parser.values(tags_)) {
            if (!QFileInfo(file).isFile()) {
                *error = QStringLiteral("--tags %1: no such file").arg(file);
                return false;
            }
            options.sources.tagFiles << QFileInfo(file).absoluteFilePath();
        }
    }
    options.sources.fileTags = !parser.isSet(noFileTags_);
    options.sources.sidecars = !parser.isSet(noSidecars_);
    return true;
}

}  // namespace tl::cli
