// Entity resolution by name: a table of real-world spellings that must become one artist or
// track, and near-misses that must stay apart. It pins the rules of catalog/NameNormalizer.
#include <QtTest>

#include "catalog/NameNormalizer.h"

using namespace tl;

class ImportNamesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pairs_data() {
        QTest::addColumn<bool>("artist");  // artist names (else track titles)
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        const auto artist = [](const char* tag, const char* a, const char* b, bool same) {
            QTest::newRow(tag) << true << QString::fromUtf8(a) << QString::fromUtf8(b) << same;
        };
        const auto title = [](const char* tag, const char* a, const char* b, bool same) {
            QTest::newRow(tag) << false << QString::fromUtf8(a) << QString::fromUtf8(b) << same;
        };
        // --- artists that are one -------------------------------------------------------------
        artist("diacritics", "Beyoncé", "Beyonce", true);
        artist("case", "BEYONCÉ", "beyoncé", true);
        artist("the prefix", "The Beatles", "Beatles", true);
        artist("the suffix", "Beatles, The", "The Beatles", true);
        artist("the case", "the beatles", "The Beatles", true);
        artist("icelandic", "Sigur Rós", "Sigur Ros", true);
        artist("umlauts", "Mötley Crüe", "Motley Crue", true);
        artist("o stroke", "Røyksopp", "Royksopp", true);
        artist("björk", "Björk", "Bjork", true);
        artist("ampersand", "Simon & Garfunkel", "Simon and Garfunkel", true);
        artist("ampersand commas", "Earth, Wind & Fire", "Earth Wind and Fire", true);
        artist("plus", "Florence + The Machine", "Florence and the Machine", true);
        artist("hyphen", "Jay-Z", "Jay Z", true);
        artist("unicode hyphen", "blink‐182", "blink-182", true);
        artist("full stops", "N.W.A", "NWA", true);
        artist("curly apostrophe", "Guns N’ Roses", "Guns N' Roses", true);
        artist("dropped apostrophe", "Guns N' Roses", "Guns N Roses", true);
        artist("feat", "Beyoncé feat. Jay-Z", "Beyoncé", true);
        artist("ft", "Calvin Harris ft. Rihanna", "Calvin Harris", true);
        artist("featuring", "Mark Ronson featuring Amy Winehouse", "Mark Ronson", true);
        artist("full-width", "Ｂｅｙｏｎｃｅ", "Beyonce", true);
        artist("greek accents", "Μίκης Θεοδωράκης", "ΜΙΚΗΣ ΘΕΟΔΩΡΑΚΗΣ", true);
        artist("sinead", "Sinéad O'Connor", "Sinead OConnor", true);
        artist("spaces", "  Daft   Punk ", "Daft Punk", true);
        artist("nbsp", "Daft\u00a0Punk", "Daft Punk", true);
        // --- artists that are not -------------------------------------------------------------
        artist("little feat", "Little Feat", "Little", false);
        artist("acdc joined", "AC/DC", "ACDC", false);
        artist("pink", "P!nk", "Pink", false);
        artist("theatre", "Theatre of Tragedy", "atre of Tragedy", false);
        artist("cyrillic vs latin", "Кино", "Kino", false);
        artist("simplified vs traditional", "周杰伦", "周杰倫", false);
        artist("two door", "Two Door Cinema Club", "2 Door Cinema Club", false);
        artist("duo", "Beyoncé & Jay-Z", "Beyoncé", false);
        // --- titles that are one --------------------------------------------------------------
        title("remastered year", "Hey Jude - Remastered 2015", "Hey Jude", true);
        title("year remaster", "Let It Be - 2009 Remaster", "Let It Be", true);
        title("bracket remastered", "Come Together (Remastered)", "Come Together", true);
        title("bracket year remaster", "Layla (2011 Remaster)", "Layla", true);
        title("square remastered", "Paint It Black [Remastered 2009]", "Paint It Black", true);
        title("digital remaster", "Heroes - 2015 Digital Remaster", "Heroes", true);
        title("remastered version", "Wonderwall (Remastered Version)", "Wonderwall", true);
        title("en dash remaster", "Roxanne – Remastered 2003", "Roxanne", true);
        title("feat bracket", "Song (feat. X)", "Song", true);
        title("feat square", "Song [ft. X]", "Song", true);
        title("feat inline", "Empire State of Mind feat. Alicia Keys", "Empire State of Mind",
              true);
        title("with", "Señorita (with Camila Cabello)", "Señorita", true);
        title("feat then remaster", "Song (feat. X) - Remastered 2011", "Song", true);
        title("remaster then feat", "Song - Remastered 2011 (feat. X)", "Song", true);
        title("accent", "Hoppípolla", "Hoppipolla", true);
        title("apostrophe", "Don't Stop Me Now", "Dont Stop Me Now", true);
        title("full stop", "Mr. Brightside", "Mr Brightside", true);
        title("question mark", "Where Is My Mind?", "Where Is My Mind", true);
        title("ligature", "ﬁre", "fire", true);
        title("year title", "1979 - Remastered 2012", "1979", true);
        // --- what real exports write for one song (issue 18): Spotify's master_metadata_* names
        // against Last.fm's and a file's tags -------------------------------------------------
        artist("feat capital", "Calvin Harris Feat. Rihanna", "Calvin Harris", true);
        artist("ft capitals", "Calvin Harris FT. Rihanna", "Calvin Harris", true);
        artist("feat bracket artist", "David Guetta (feat. Sia)", "David Guetta", true);
        artist("featuring capital", "Daft Punk Featuring Pharrell Williams", "Daft Punk", true);
        artist("the suffix capitals", "KILLERS, THE", "The Killers", true);
        artist("ampersand and", "Mumford & Sons", "Mumford and Sons", true);
        title("featuring inline", "Song featuring X", "Song", true);
        title("ft inline", "Song ft. X", "Song", true);
        title("feat after dash", "Song - feat. X", "Song", true);
        title("feat and remaster brackets", "Song (feat. X) [Remastered 2011]", "Song", true);
        title("remastered year version", "Song - 2011 Remastered Version", "Song", true);
        title("anniversary remaster", "Song - 40th Anniversary Remaster", "Song", true);
        title("deluxe remaster", "Song (2009 Remastered Deluxe Edition)", "Song", true);
        title("remaster forms", "Song - Remastered 2011", "Song (2011 Remaster)", true);
        title("live forms", "Song (Live)", "Song - Live", true);
        title("live square", "Song [Live]", "Song – Live", true);
        title("live version", "Song - Live Version", "Song (Live)", true);
        title("live version bracket", "Song (Live Version)", "Song - Live", true);
        title("live slash remastered", "Song - Live / Remastered 2011", "Song (Live)", true);
        title("live semicolon remaster", "Song - Live; 2011 Remaster", "Song (Live)", true);
        title("remastered bracket then live", "Song (Remastered 2009) (Live)", "Song (Live)", true);
        title("live then remastered", "Song (Live) - Remastered 2011", "Song - Live", true);
        title("live at forms", "Song - Live at Wembley", "Song (Live at Wembley)", true);
        title("mono remastered", "Paperback Writer - Mono / Remastered", "Paperback Writer (Mono)",
              true);
        title("remastered mono", "Song - Remastered 2011 / Mono", "Song - Mono", true);
        title("title ampersand", "Rock & Roll", "Rock and Roll", true);
        title("title accent case", "Café del Mar", "CAFE DEL MAR", true);
        title("feat in live", "Song (with X) - Live", "Song (Live)", true);
        // --- titles that are not --------------------------------------------------------------
        title("live", "Song - Live", "Song", false);
        title("live bracket", "Song (Live)", "Song", false);
        title("live at", "Wonderwall (Live at Knebworth)", "Wonderwall", false);
        title("remix", "Song (Remix)", "Song", false);
        title("radio edit", "Song - Radio Edit", "Song", false);
        title("acoustic", "Song - Acoustic Version", "Song", false);
        title("new mix", "Here Comes the Sun - 2019 Mix", "Here Comes the Sun", false);
        title("mono", "Paperback Writer - Mono / Remastered", "Paperback Writer", false);
        title("live remastered", "Song - Live / Remastered 2011", "Song", false);
        title("feat keeps live", "Song feat. X (Live)", "Song", false);
        title("the stays", "The Scientist", "Scientist", false);
        title("parts", "Part 1", "Part 2", false);
        title("kana voicing", "ガラス", "カラス", false);
        title("title only remaster", "(Remastered)", "", false);
        title("live version not studio", "Song - Live Version", "Song", false);
        title("single version", "Song - Single Version", "Song", false);
        title("year remix", "Song - 2011 Remix", "Song", false);
        title("live at two places", "Song - Live at Wembley", "Song (Live at Leeds)", false);
        title("undotted feat", "A Feat of Clay", "A", false);
        title("undotted ft", "50 Ft Queenie", "50", false);
    }

    void pairs() {
        QFETCH(bool, artist);
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        const NameKey ka = artist ? artistKey(a) : titleKey(a);
        const NameKey kb = artist ? artistKey(b) : titleKey(b);
        if (same)
            QVERIFY2(ka.key == kb.key, qPrintable(ka.key + QStringLiteral(" != ") + kb.key));
        else
            QVERIFY2(ka.key != kb.key, qPrintable(QStringLiteral("both ") + ka.key));
    }

    void namesTheRules() {
        const NameKey kept = artistKey(QStringLiteral("Beyoncé"));
        const NameKey source = artistKey(QStringLiteral("Beyonce"));
        QCOMPARE(nameRulesText(mergeRules(kept.rules, source.rules)), QStringLiteral("diacritics"));
        QCOMPARE(
            nameRulesText(mergeRules(titleKey(QStringLiteral("Hey Jude")).rules,
                                     titleKey(QStringLiteral("Hey Jude - Remastered 2015")).rules)),
            QStringLiteral("remaster"));
        QCOMPARE(nameRulesText(mergeRules(artistKey(QStringLiteral("The Beatles")).rules,
                                          artistKey(QStringLiteral("Beatles")).rules)),
                 QStringLiteral("the-prefix"));
        QCOMPARE(nameRulesText(mergeRules(titleKey(QStringLiteral("Song (Live)")).rules,
                                          titleKey(QStringLiteral("Song - Live Version")).rules)),
                 QStringLiteral("version-word"));
        QCOMPARE(titleKey(QStringLiteral("Song - Live / Remastered 2011")).key,
                 QStringLiteral("song live"));
        QCOMPARE(nameRulesText(0), QStringLiteral("exact"));
    }

    void keepsNamesThatAreAllPunctuation() {
        QCOMPARE(artistKey(QStringLiteral("!!!")).key, QStringLiteral("!!!"));
        QVERIFY(artistKey(QStringLiteral("!!!")).key != artistKey(QStringLiteral("???")).key);
        QCOMPARE(artistKey(QStringLiteral("The")).key, QStringLiteral("the"));
        QCOMPARE(titleKey(QString()).key, QString());
    }

    void keysPlainAscii() {
        QCOMPARE(artistKey(QStringLiteral("The Beatles")).key, QStringLiteral("beatles"));
        QCOMPARE(titleKey(QStringLiteral("Hey Jude - Remastered 2015")).key,
                 QStringLiteral("hey jude"));
        QCOMPARE(artistKey(QStringLiteral("Simon & Garfunkel")).key,
                 QStringLiteral("simon and garfunkel"));
    }
};

QTEST_GUILESS_MAIN(ImportNamesTest)
#include "test_import_names.moc"
