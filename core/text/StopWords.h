// Stop words per language, read from resources/stopwords/<lang>.txt (compiled into tastelab_core
// through resources/stopwords.qrc), so the text model never weighs "the" or "which".
#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

#include "job/Result.h"

namespace tl {

class StopWords {
public:
    StopWords() = default;

    // The union of the lists for `languages` (ISO 639-1 codes such as "en"); an error names a
    // language with no list.
    static Result<StopWords> load(const QStringList& languages);
    // The languages with a list in this build.
    static QStringList availableLanguages();

    // `word` must already be case-folded (Tokenizer does that).
    bool contains(const QString& word) const { return words_.contains(word); }
    qsizetype size() const { return words_.size(); }
    void add(const QString& word) { words_.insert(word.toCaseFolded()); }

private:
    QSet<QString> words_;
};

}  // namespace tl
