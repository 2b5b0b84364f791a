#include "catalog/NameNormalizer.h"

#include <QStringList>
#include <array>

namespace tl {
namespace {

bool isAscii(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() >= 0x80) return false;
    return true;
}

// Calls visit(codePoint) for each code point, joining surrogate pairs (NFKC maps some
// astral letters, e.g. mathematical bold, to plain ones, so they must be read whole).
template <class Visit>
void forEachCodePoint(const QString& s, Visit visit) {
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = s[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < n && s[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(s[i], s[i + 1]);
            ++i;
        }
        visit(cp);
    }
}

void appendCodePoint(QString& out, char32_t cp) {
    if (QChar::requiresSurrogates(cp)) {
        out += QChar(QChar::highSurrogate(cp));
        out += QChar(QChar::lowSurrogate(cp));
    } else {
        out += QChar(char16_t(cp));
    }
}

QString collapseSpaces(const QString& s) {
    QString out;
    out.reserve(s.size());
    bool space = true;  // drops leading spaces
    for (const QChar c : s) {
        if (c.isSpace()) {
            space = true;
            continue;
        }
        if (space && !out.isEmpty()) out += QLatin1Char(' ');
        space = false;
        out += c;
    }
    return out;
}

// --- "feat." clauses ---------------------------------------------------------------------------

// Inside brackets the clause is unambiguous, so "feat" without a full stop and Spotify's
// "(with X)" count too. Outside brackets only the dotted forms and "featuring" do: "Little Feat"
// is a band and "A Feat of Clay" a title.
constexpr std::array<QStringView, 6> kBracketedFeat = {u"feat. ", u"feat ",      u"ft. ",
                                                       u"ft ",    u"featuring ", u"with "};
constexpr std::array<QStringView, 3> kInlineFeat = {u" feat. ", u" ft. ", u" featuring "};
constexpr std::array<QStringView, 5> kClauseEnds = {u" (", u" [", u" - ", u" – ", u" — "};

bool stripBracketedFeat(QString& s) {
    bool changed = false;
    for (qsizetype p = 0; p < s.size(); ++p) {
        const QChar open = s[p];
        if ((open != QLatin1Char('(') && open != QLatin1Char('[')) || p == 0) continue;
        QStringView inside = QStringView(s).mid(p + 1).trimmed();
        bool feat = false;
        for (QStringView word : kBracketedFeat) feat = feat || inside.startsWith(word);
        if (!feat) continue;
        const QChar close = open == QLatin1Char('(') ? QLatin1Char(')') : QLatin1Char(']');
        const qsizetype end = s.indexOf(close, p + 1);
        const qsizetype from = (p > 0 && s[p - 1] == QLatin1Char(' ')) ? p - 1 : p;
        s.remove(from, (end < 0 ? s.size() : end + 1) - from);
        changed = true;
        p = from - 1;
    }
    return changed;
}

bool stripInlineFeat(QString& s) {
    bool changed = false;
    for (QStringView word : kInlineFeat) {
        qsizetype p;
        while ((p = s.indexOf(word)) > 0) {
            // The clause ends where a version suffix starts, so "Song feat. X (Live)" stays live.
            qsizetype end = s.size();
            for (QStringView stop : kClauseEnds) {
                const qsizetype e = s.indexOf(stop, p + word.size());
                if (e >= 0 && e < end) end = e;
            }
            s.remove(p, end - p);
            changed = true;
        }
    }
    return changed;
}

// --- remaster suffixes -------------------------------------------------------------------------

bool isYear(QStringView t) {
    if (t.size() != 4) return false;
    for (const QChar c : t)
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) return false;
    return t.startsWith(u"19") || t.startsWith(u"20");
}

// An ordinal such as "40th" or "2nd" ("40th Anniversary Remaster").
bool isOrdinal(QStringView t) {
    if (t.size() < 3) return false;
    const QStringView digits = t.first(t.size() - 2);
    for (const QChar c : digits)
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) return false;
    const QStringView end = t.last(2);
    return end == u"st" || end == u"nd" || end == u"rd" || end == u"th";
}

// True when a suffix says nothing but "remastered" (with a year, "digital", "version", "40th
// anniversary", "deluxe"): the same recording. Any other word ("live", "mix", "mono", "single",
// "edit") keeps the versions apart.
bool isRemasterOnly(QStringView suffix) {
    bool remaster = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= suffix.size(); ++i) {
        const bool sep = i == suffix.size() || suffix[i] == QLatin1Char(' ') ||
                         suffix[i] == QLatin1Char('/') || suffix[i] == QLatin1Char('-') ||
                         suffix[i] == QLatin1Char(',') || suffix[i] == QLatin1Char(';') ||
                         suffix[i] == QChar(0x2013);
        if (!sep) continue;
        const QStringView t = suffix.mid(start, i - start);
        start = i + 1;
        if (t.isEmpty()) continue;
        if (t == u"remaster" || t == u"remastered" || t == u"remastering")
            remaster = true;
        else if (!(t == u"digital" || t == u"digitally" || t == u"version" || t == u"edition" ||
                   t == u"anniversary" || t == u"deluxe" || isYear(t) || isOrdinal(t)))
            return false;
    }
    return remaster;
}

// One version suffix (what follows " - " or sits in brackets), cleaned: a part that says only
// "remastered" goes ("Live / Remastered 2011" -> "Live", Spotify's "Mono / Remastered" ->
// "Mono"), and a closing "version" after other words goes ("Live Version" -> "Live", as another
// export writes "(Live)"). Empty when nothing but remastering is left; `rules` gets kRemaster or
// kVersionWord for what changed.
QString cleanSuffix(QStringView suffix, unsigned* rules) {
    if (isRemasterOnly(suffix)) {
        *rules |= namerule::kRemaster;
        return {};
    }
    QString kept;
    bool dropped = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= suffix.size(); ++i) {
        const bool sep = i == suffix.size() || suffix[i] == QLatin1Char('/') ||
                         suffix[i] == QLatin1Char(';') || suffix[i] == QLatin1Char(',');
        if (!sep) continue;
        const QStringView part = suffix.mid(start, i - start).trimmed();
        if (!part.isEmpty() && isRemasterOnly(part)) {
            dropped = true;
        } else if (!part.isEmpty()) {
            if (!kept.isEmpty()) kept += QLatin1String(" / ");
            kept += part;
        }
        start = i + 1;
    }
    if (dropped)
        *rules |= namerule::kRemaster;
    else
        kept = suffix.trimmed().toString();
    if (kept.endsWith(QLatin1String(" version")) && kept.size() > 8) {
        kept.chop(8);
        *rules |= namerule::kVersionWord;
    }
    return kept;
}

// Cleans every bracketed suffix and the trailing " - " suffixes of a (case-folded) title:
// "Song (Remastered 2009) (Live)" -> "Song (Live)", "Song - Live / Remastered 2011" ->
// "Song - Live", "Song - 2011 Remaster" -> "Song". A bracket that opens the title is the title.
void stripRemaster(QString& s, unsigned* rules) {
    for (qsizetype p = 1; p < s.size(); ++p) {
        const QChar open = s[p];
        if (open != QLatin1Char('(') && open != QLatin1Char('[')) continue;
        const QChar close = open == QLatin1Char('(') ? QLatin1Char(')') : QLatin1Char(']');
        const qsizetype end = s.indexOf(close, p + 1);
        if (end < 0) break;
        unsigned changed = 0;
        const QString cleaned = cleanSuffix(QStringView(s).mid(p + 1, end - p - 1), &changed);
        if (changed == 0) {
            p = end;
            continue;
        }
        *rules |= changed;
        if (cleaned.isEmpty()) {
            const qsizetype from = s[p - 1] == QLatin1Char(' ') ? p - 1 : p;
            s.remove(from, end + 1 - from);
            p = from - 1;
        } else {
            s.replace(p + 1, end - p - 1, cleaned);
            p += cleaned.size() + 1;
        }
    }
    for (;;) {
        s = s.trimmed();
        qsizetype dash = -1;
        qsizetype dashLength = 3;
        for (QStringView d : {QStringView(u" - "), QStringView(u" – "), QStringView(u" — ")}) {
            const qsizetype p = s.lastIndexOf(d);
            if (p > dash) dash = p, dashLength = d.size();
        }
        if (dash <= 0) return;
        unsigned changed = 0;
        const QString cleaned = cleanSuffix(QStringView(s).mid(dash + dashLength), &changed);
        if (changed == 0) return;
        *rules |= changed;
        if (!cleaned.isEmpty()) {
            s = s.left(dash + dashLength) + cleaned;
            return;
        }
        s.truncate(dash);  // and look at the suffix before it: "Song - Live - Remastered 2011"
    }
}

// --- diacritics and punctuation ----------------------------------------------------------------

// Accents are dropped only from Latin, Greek and Cyrillic letters: on kana the "marks" are the
// voicing that makes ガ a different sound from カ, and on Indic scripts they are vowels.
bool foldsMarks(char32_t base) {
    return base < 0x250 || (base >= 0x370 && base < 0x530) || (base >= 0x1E00 && base < 0x2000);
}

// Letters that are not "letter + accent" in Unicode but that people type without the stroke.
const char* foldedLetter(char32_t cp) {
    switch (cp) {
        case 0x00F8:
            return "o";  // ø
        case 0x00E6:
            return "ae";  // æ
        case 0x0153:
            return "oe";  // œ
        case 0x0142:
            return "l";  // ł
        case 0x0111:
            return "d";  // đ
        case 0x00F0:
            return "d";  // ð
        case 0x00FE:
            return "th";  // þ
        case 0x0131:
            return "i";  // dotless ı
        case 0x00DF:
            return "ss";  // ß
        default:
            return nullptr;
    }
}

QString stripDiacritics(const QString& s, bool* changed) {
    const QString decomposed = s.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    char32_t base = 0;
    forEachCodePoint(decomposed, [&](char32_t cp) {
        if (QChar::category(cp) == QChar::Mark_NonSpacing && foldsMarks(base)) {
            *changed = true;
            return;
        }
        if (const char* folded = foldedLetter(cp)) {
            out += QLatin1String(folded);
            *changed = true;
        } else {
            appendCodePoint(out, cp);
        }
        if (QChar::category(cp) != QChar::Mark_NonSpacing) base = cp;
    });
    return out;
}

bool isDroppedPunctuation(char32_t cp) {
    // Apostrophes and full stops vanish ("Don't" = "Dont", "N.W.A" = "NWA"); anything else that
    // is not a letter or digit separates words ("Jay-Z" = "Jay Z", "AC/DC" = "AC DC").
    return cp == '\'' || cp == '.' || cp == '`' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC ||
           cp == 0x00B4;
}

QString foldPunctuation(const QString& s, unsigned* rules) {
    QString out;
    out.reserve(s.size() + 8);
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = s[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < n && s[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(s[i], s[i + 1]);
            appendCodePoint(out, cp);  // astral letters, CJK extensions: keep as they are
            ++i;
            continue;
        }
        const QChar c{char16_t(cp)};
        if (c.isLetterOrNumber() || c.isMark()) {
            out += c;
        } else if (c.isSpace()) {
            out += QLatin1Char(' ');
        } else if (isDroppedPunctuation(cp)) {
            *rules |= namerule::kPunctuation;
        } else if (cp == '&' ||
                   (cp == '+' && i > 0 && i + 1 < n && s[i - 1].isSpace() && s[i + 1].isSpace())) {
            out += QLatin1String(" and ");
            *rules |= namerule::kAmpersand;
        } else {
            out += QLatin1Char(' ');
            *rules |= namerule::kPunctuation;
        }
    }
    return collapseSpaces(out);
}

enum class Kind { Artist, Title };

NameKey normalize(const QString& name, Kind kind) {
    NameKey result;
    QString s = name;
    const bool ascii = isAscii(s);
    if (!ascii) {
        QString compatible = s.normalized(QString::NormalizationForm_KC);
        if (compatible != s) result.rules |= namerule::kUnicode;
        s = std::move(compatible);
    }
    QString folded = s.toCaseFolded();
    if (folded != s) result.rules |= namerule::kCase;
    s = collapseSpaces(folded);
    if (s != folded) result.rules |= namerule::kWhitespace;
    const QString fallback = s;  // what a name that is all punctuation ("!!!") keys as

    if (stripBracketedFeat(s) | stripInlineFeat(s)) result.rules |= namerule::kFeaturing;
    if (kind == Kind::Title) stripRemaster(s, &result.rules);
    if (kind == Kind::Artist && s.endsWith(QLatin1String(", the")) && s.size() > 5) {
        s.chop(5);
        result.rules |= namerule::kThePrefix;
    }
    if (!ascii) {
        bool changed = false;
        s = stripDiacritics(s, &changed);
        if (changed) result.rules |= namerule::kDiacritics;
    }
    s = foldPunctuation(s, &result.rules);
    if (kind == Kind::Artist && s.startsWith(QLatin1String("the ")) && s.size() > 4) {
        s.remove(0, 4);
        result.rules |= namerule::kThePrefix;
    }
    if (s.isEmpty()) {
        result.key = fallback;
        result.rules &= namerule::kUnicode | namerule::kCase | namerule::kWhitespace;
    } else {
        result.key = std::move(s);
    }
    return result;
}

}  // namespace

NameKey artistKey(const QString& name) {
    return normalize(name, Kind::Artist);
}

NameKey titleKey(const QString& title) {
    return normalize(title, Kind::Title);
}

unsigned mergeRules(unsigned keptRules, unsigned sourceRules) {
    const unsigned differing = keptRules ^ sourceRules;
    return differing != 0 ? differing : (keptRules | sourceRules);
}

QString nameRulesText(unsigned rules) {
    static constexpr std::pair<unsigned, const char*> kNames[] = {
        {namerule::kUnicode, "unicode"},       {namerule::kCase, "case"},
        {namerule::kDiacritics, "diacritics"}, {namerule::kPunctuation, "punctuation"},
        {namerule::kWhitespace, "whitespace"}, {namerule::kThePrefix, "the-prefix"},
        {namerule::kFeaturing, "featuring"},   {namerule::kRemaster, "remaster"},
        {namerule::kAmpersand, "ampersand"},   {namerule::kVersionWord, "version-word"},
    };
    QStringList parts;
    for (const auto& [flag, text] : kNames)
        if (rules & flag) parts << QLatin1String(text);
    return parts.isEmpty() ? QStringLiteral("exact") : parts.join(QLatin1Char('+'));
}

bool isUnknownArtistName(const QString& name) {
    const QString key = artistKey(name).key;  // folded: case, brackets and spaces go
    return key.isEmpty() || key == QLatin1String("unknown artist") ||
           key == QLatin1String("unknown") || key == QLatin1String("unknown artists");
}

}  // namespace tl
