#include "text/TextDecoding.h"

#include <QHash>
#include <QStringDecoder>

namespace tl {
namespace {

// A file is binary when it has NUL bytes (outside UTF-16) or many control characters: text
// formats never contain them, images, archives and executables always do.
bool looksBinary(const QByteArray& bytes) {
    const qsizetype n = std::min<qsizetype>(bytes.size(), 64 * 1024);
    qsizetype control = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return n > 0 && control * 20 > n;  // more than 5%
}

// UTF-16 without a BOM: mostly ASCII text has a NUL in every other byte.
int utf16WithoutBom(const QByteArray& bytes) {  // 0 no, 1 little endian, 2 big endian
    const qsizetype n = std::min<qsizetype>(bytes.size(), 4096) & ~qsizetype(1);
    if (n < 4) return 0;
    qsizetype evenZero = 0, oddZero = 0;
    for (qsizetype i = 0; i < n; i += 2) {
        evenZero += bytes[i] == 0;
        oddZero += bytes[i + 1] == 0;
    }
    if (oddZero * 10 > n * 4 && evenZero * 20 < n) return 1;
    if (evenZero * 10 > n * 4 && oddZero * 20 < n) return 2;
    return 0;
}

DecodedText decodeWith(QStringConverter::Encoding encoding, QByteArrayView bytes, QString name) {
    QStringDecoder decoder(encoding, QStringConverter::Flag::Stateless);
    DecodedText out;
    out.text = decoder.decode(bytes);
    out.encoding = std::move(name);
    return out;
}

const QHash<QString, char32_t>& namedEntities() {
    // The entities that occur in real pages about music: markup escapes, typography, and the
    // Latin-1 letters of artists' names. Numeric references cover everything else.
    static const QHash<QString, char32_t> names = {
        {"amp", U'&'},         {"lt", U'<'},          {"gt", U'>'},          {"quot", U'"'},
        {"apos", U'\''},       {"nbsp", U'\u00A0'},   {"ndash", U'\u2013'},  {"mdash", U'\u2014'},
        {"lsquo", U'\u2018'},  {"rsquo", U'\u2019'},  {"ldquo", U'\u201C'},  {"rdquo", U'\u201D'},
        {"hellip", U'\u2026'}, {"middot", U'\u00B7'}, {"copy", U'\u00A9'},   {"reg", U'\u00AE'},
        {"trade", U'\u2122'},  {"laquo", U'\u00AB'},  {"raquo", U'\u00BB'},  {"shy", U'\u00AD'},
        {"Agrave", U'\u00C0'}, {"Aacute", U'\u00C1'}, {"Acirc", U'\u00C2'},  {"Atilde", U'\u00C3'},
        {"Auml", U'\u00C4'},   {"Aring", U'\u00C5'},  {"AElig", U'\u00C6'},  {"Ccedil", U'\u00C7'},
        {"Egrave", U'\u00C8'}, {"Eacute", U'\u00C9'}, {"Ecirc", U'\u00CA'},  {"Euml", U'\u00CB'},
        {"Igrave", U'\u00CC'}, {"Iacute", U'\u00CD'}, {"Icirc", U'\u00CE'},  {"Iuml", U'\u00CF'},
        {"Ntilde", U'\u00D1'}, {"Ograve", U'\u00D2'}, {"Oacute", U'\u00D3'}, {"Ocirc", U'\u00D4'},
        {"Otilde", U'\u00D5'}, {"Ouml", U'\u00D6'},   {"Oslash", U'\u00D8'}, {"Ugrave", U'\u00D9'},
        {"Uacute", U'\u00DA'}, {"Ucirc", U'\u00DB'},  {"Uuml", U'\u00DC'},   {"Yacute", U'\u00DD'},
        {"szlig", U'\u00DF'},  {"agrave", U'\u00E0'}, {"aacute", U'\u00E1'}, {"acirc", U'\u00E2'},
        {"atilde", U'\u00E3'}, {"auml", U'\u00E4'},   {"aring", U'\u00E5'},  {"aelig", U'\u00E6'},
        {"ccedil", U'\u00E7'}, {"egrave", U'\u00E8'}, {"eacute", U'\u00E9'}, {"ecirc", U'\u00EA'},
        {"euml", U'\u00EB'},   {"igrave", U'\u00EC'}, {"iacute", U'\u00ED'}, {"icirc", U'\u00EE'},
        {"iuml", U'\u00EF'},   {"ntilde", U'\u00F1'}, {"ograve", U'\u00F2'}, {"oacute", U'\u00F3'},
        {"ocirc", U'\u00F4'},  {"otilde", U'\u00F5'}, {"ouml", U'\u00F6'},   {"oslash", U'\u00F8'},
        {"ugrave", U'\u00F9'}, {"uacute", U'\u00FA'}, {"ucirc", U'\u00FB'},  {"uuml", U'\u00FC'},
        {"yacute", U'\u00FD'}, {"yuml", U'\u00FF'},
    };
    return names;
}

bool isBlockTag(QStringView name) {
    static const QStringList blocks = {
        "p",       "br",      "div",    "li",     "ul",    "ol", "tr", "td",
        "th",      "h1",      "h2",     "h3",     "h4",    "h5", "h6", "blockquote",
        "section", "article", "header", "footer", "title", "hr"};
    for (const QString& b : blocks)
        if (name.compare(b, Qt::CaseInsensitive) == 0) return true;
    return false;
}

}  // namespace

DecodedText decodeText(const QByteArray& bytes) {
    const QByteArrayView v(bytes);
    if (v.startsWith("\xEF\xBB\xBF"))
        return decodeWith(QStringConverter::Utf8, v.sliced(3), QStringLiteral("utf-8 (BOM)"));
    if (v.startsWith(QByteArrayView("\xFF\xFE\x00\x00", 4)) ||
        v.startsWith(QByteArrayView("\x00\x00\xFE\xFF", 4)))
        return {{}, {}, QStringLiteral("UTF-32 text, which Tastelab does not read")};
    if (v.startsWith("\xFF\xFE"))
        return decodeWith(QStringConverter::Utf16LE, v.sliced(2), QStringLiteral("utf-16le (BOM)"));
    if (v.startsWith("\xFE\xFF"))
        return decodeWith(QStringConverter::Utf16BE, v.sliced(2), QStringLiteral("utf-16be (BOM)"));
    if (const int utf16 = utf16WithoutBom(bytes); utf16 != 0)
        return decodeWith(utf16 == 1 ? QStringConverter::Utf16LE : QStringConverter::Utf16BE, v,
                          utf16 == 1 ? QStringLiteral("utf-16le") : QStringLiteral("utf-16be"));
    if (looksBinary(bytes)) return {{}, {}, QStringLiteral("a binary file, not text")};
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    DecodedText out;
    out.text = utf8.decode(v);
    if (!utf8.hasError()) {
        out.encoding = QStringLiteral("utf-8");
        return out;
    }
    // Not valid UTF-8: the usual culprit is a Latin-1 (Windows-1252) file from an old tool.
    out.text = QString::fromLatin1(bytes);
    out.encoding = QStringLiteral("latin-1");
    return out;
}

QString decodeHtmlEntities(const QString& text) {
    if (!text.contains(QLatin1Char('&'))) return text;
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c != QLatin1Char('&')) {
            out += c;
            continue;
        }
        const qsizetype semi = text.indexOf(QLatin1Char(';'), i + 1);
        if (semi < 0 || semi - i > 12) {
            out += c;
            continue;
        }
        const QStringView name = QStringView(text).sliced(i + 1, semi - i - 1);
        char32_t code = 0;
        bool ok = false;
        if (name.startsWith(QLatin1Char('#'))) {
            const bool hex =
                name.size() > 1 && (name[1] == QLatin1Char('x') || name[1] == QLatin1Char('X'));
            code = char32_t(name.sliced(hex ? 2 : 1).toUInt(&ok, hex ? 16 : 10));
            ok = ok && code > 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        } else if (const auto it = namedEntities().constFind(name.toString());
                   it != namedEntities().constEnd()) {
            code = *it;
            ok = true;
        }
        if (!ok) {
            out += c;
            continue;
        }
        out += QString::fromUcs4(&code, 1);
        i = semi;
    }
    return out;
}

QString htmlToText(const QString& html) {
    QString out;
    out.reserve(html.size() / 2);
    const qsizetype n = html.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = html[i];
        if (c != QLatin1Char('<')) {
            const qsizetype next = html.indexOf(QLatin1Char('<'), i);
            const qsizetype end = next < 0 ? n : next;
            out += QStringView(html).sliced(i, end - i);
            i = end;
            continue;
        }
        if (QStringView(html).sliced(i).startsWith(QLatin1String("<!--"))) {
            const qsizetype close = html.indexOf(QLatin1String("-->"), i + 4);
            i = close < 0 ? n : close + 3;
            continue;
        }
        const qsizetype close = html.indexOf(QLatin1Char('>'), i + 1);
        if (close < 0) break;  // an unterminated tag at the end: nothing readable follows
        QStringView tag = QStringView(html).sliced(i + 1, close - i - 1).trimmed();
        const bool closing = tag.startsWith(QLatin1Char('/'));
        if (closing) tag = tag.sliced(1);
        qsizetype nameEnd = 0;
        while (nameEnd < tag.size() && (tag[nameEnd].isLetterOrNumber())) ++nameEnd;
        const QStringView name = tag.first(nameEnd);
        i = close + 1;
        // Content that is not prose: skip to the matching end tag.
        if (!closing && (name.compare(QLatin1String("script"), Qt::CaseInsensitive) == 0 ||
                         name.compare(QLatin1String("style"), Qt::CaseInsensitive) == 0 ||
                         name.compare(QLatin1String("head"), Qt::CaseInsensitive) == 0)) {
            const qsizetype end =
                html.indexOf(QStringLiteral("</%1").arg(name), i, Qt::CaseInsensitive);
            const qsizetype after = end < 0 ? -1 : html.indexOf(QLatin1Char('>'), end);
            i = after < 0 ? n : after + 1;
            out += QLatin1Char('\n');
            continue;
        }
        out += isBlockTag(name) ? QLatin1Char('\n') : QLatin1Char(' ');
    }
    return decodeHtmlEntities(out);
}

}  // namespace tl
