// Normalised names: the keys that decide when two differently written artist names or track
// titles are the same entity ("Beyoncé" / "BEYONCE", "Hey Jude - Remastered 2015" / "Hey Jude").
#pragma once

#include <QString>

namespace tl {

// The rules a name went through on its way to its key, as bit flags, so a merge can say which
// rule made two spellings one ("diacritics", "remaster", …).
namespace namerule {
enum : unsigned {
    kUnicode = 1u << 0,      // NFKC: full-width letters, ligatures, no-break spaces
    kCase = 1u << 1,         // Unicode case folding
    kDiacritics = 1u << 2,   // accents on Latin, Greek and Cyrillic letters; ø, æ, ł, …
    kPunctuation = 1u << 3,  // apostrophes and full stops dropped, other punctuation a space
    kWhitespace = 1u << 4,   // runs of spaces collapsed, ends trimmed
    kThePrefix = 1u << 5,    // artists: "The Beatles", "Beatles, The" -> "beatles"
    kFeaturing = 1u << 6,    // "(feat. X)", "ft. X", "featuring X", "(with X)"
    kRemaster = 1u << 7,     // titles: "- Remastered 2011", "(2009 Remaster)", "Live / Remastered"
    kAmpersand = 1u << 8,    // "&" and " + " read as "and"
    kVersionWord =
        1u << 9,  // titles: "- Live Version" reads as "- Live", "(Demo Version)" "(Demo)"
};
}

struct NameKey {
    QString key;         // empty only for an empty (or all-space) name
    unsigned rules = 0;  // namerule flags that changed the name
};

// Artist key: every rule except remaster suffixes ("The" prefix applies to artists only: "The
// Scientist" and "Scientist" are different songs).
NameKey artistKey(const QString& name);

// Title key: every rule except the "The" prefix. Remaster suffixes merge (same recording, new
// master), also beside another word ("Song - Live / Remastered 2011" = "Song (Live)"); live,
// remix, edit, mix, acoustic, mono/stereo versions stay apart from the plain title (different
// recordings or mixes), because merging those would tell the recommender they are one song, but
// one version written two ways is one ("Song - Live Version" = "Song [Live]").
NameKey titleKey(const QString& title);

// A name that says the artist is not known ("Unknown Artist", which the folder scan gives an
// untagged file; "[unknown artist]" of the data sets; "<unknown>", "Unknown", "", any case):
// such "artists" are many people, so no rule may treat their tracks as one artist's or one
// song's by the name alone.
bool isUnknownArtistName(const QString& name);

// The rules that explain why two spellings with the same key differ: the rules that changed one
// of them but not the other (or, if both went through the same rules, all of them).
unsigned mergeRules(unsigned keptRules, unsigned sourceRules);

// "case+diacritics", for the merges table and the import summary.
QString nameRulesText(unsigned rules);

}  // namespace tl
