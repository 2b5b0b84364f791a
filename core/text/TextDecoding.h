// Turning the bytes of a text file into text: the encoding sniffed (UTF-8, UTF-16 with or without
// BOM, invalid UTF-8 read as Latin-1), binary files recognised and refused, and HTML reduced to
// its readable text with character entities decoded.
#pragma once

#include <QByteArray>
#include <QString>

namespace tl {

struct DecodedText {
    QString text;
    QString encoding;  // "utf-8", "utf-8 (BOM)", "utf-16le (BOM)", "utf-16be", "latin-1"
    QString problem;   // non-empty: not text (binary, UTF-32); `text` is then empty
};

DecodedText decodeText(const QByteArray& bytes);

// Visible text of an HTML document: script/style/head contents and comments dropped, tags
// removed (block-level tags become line breaks so words and sentences do not run together),
// named and numeric character references decoded.
QString htmlToText(const QString& html);

// Decodes character references in `text` (&amp; &eacute; &#233; &#xE9; …); unknown names are
// kept as written.
QString decodeHtmlEntities(const QString& text);

}  // namespace tl
