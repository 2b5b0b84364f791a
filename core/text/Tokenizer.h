// Words of a text by Unicode word boundaries (UAX #29, QTextBoundaryFinder), case-folded, with
// a mark where punctuation separates a word from the one before, so that bigrams never join
// words across a comma or a sentence end.
#pragma once

#include <QString>
#include <QStringView>
#include <vector>

namespace tl {

struct Token {
    QString text;              // case-folded ("Shoegaze" -> "shoegaze")
    bool breakBefore = false;  // punctuation (not only spaces) between this word and the last
};

// Appends the words of `text` to `tokens`. Segments without a letter or digit (punctuation,
// spaces, symbols) are separators, not words.
void tokenize(QStringView text, std::vector<Token>& tokens);

// Splits a long text into pieces of about `maxChars` ending at whitespace, so a huge single-line
// file is tokenised piece by piece in bounded memory. Returns the end of the first piece.
qsizetype pieceEnd(QStringView text, qsizetype from, qsizetype maxChars);

}  // namespace tl
