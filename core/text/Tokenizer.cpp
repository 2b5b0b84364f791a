#include "text/Tokenizer.h"

#include <QTextBoundaryFinder>

namespace tl {

void tokenize(QStringView text, std::vector<Token>& tokens) {
    QTextBoundaryFinder finder(QTextBoundaryFinder::Word, text.data(), int(text.size()));
    qsizetype start = 0;
    bool pendingBreak = true;  // the first word of a piece starts a new phrase
    for (qsizetype end = finder.toNextBoundary(); end >= 0; end = finder.toNextBoundary()) {
        const QStringView segment = text.sliced(start, end - start);
        start = end;
        bool word = false;
        for (const QChar c : segment)
            if (c.isLetterOrNumber()) {
                word = true;
                break;
            }
        if (!word) {
            for (const QChar c : segment)
                if (!c.isSpace()) {
                    pendingBreak = true;
                    break;
                }
            continue;
        }
        Token token;
        token.text = segment.toString().toCaseFolded();
        // Typographic apostrophes fold to the ASCII one, as stop-word lists write them.
        token.text.replace(QChar(0x2019), QLatin1Char('\''));
        token.breakBefore = pendingBreak;
        pendingBreak = false;
        tokens.push_back(std::move(token));
    }
}

qsizetype pieceEnd(QStringView text, qsizetype from, qsizetype maxChars) {
    if (text.size() - from <= maxChars) return text.size();
    qsizetype end = from + maxChars;
    const qsizetype floor = from + maxChars / 2;
    while (end > floor && !text[end].isSpace()) --end;
    if (end == floor) end = from + maxChars;  // no space at all: cut anywhere
    if (end > from && text[end - 1].isHighSurrogate()) --end;
    return end;
}

}  // namespace tl
