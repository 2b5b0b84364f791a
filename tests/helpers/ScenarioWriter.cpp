#include "ScenarioWriter.h"

#include <sndfile.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSet>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <numeric>

#include "SoundFiles.h"
#include "catalog/NameNormalizer.h"
#include "demo/DemoGenres.h"
#include "demo/DemoSynth.h"
#include "library/TaggedAudioWriter.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl::test {
namespace {

// 2009-04-26 (a Sunday), 20:15 UTC: my last listen, so the default week is 2009-W18.
constexpr qint64 kMyLastListen = 1240776900;
constexpr qint64 kMyFirstListen = 1220227200;         // 2008-09-01
constexpr qint64 kCommunityFirstListen = 1199145600;  // 2008-01-01

const char* const kAdjectives[] = {
    "Silver",  "Quiet",   "Northern", "Paper",   "Hollow",   "Golden", "Broken", "Velvet",
    "Distant", "Crimson", "Gentle",   "Wild",    "Frozen",   "Secret", "Empty",  "Bright",
    "Lonely",  "Hidden",  "Faded",    "Falling", "Midnight", "Summer", "Winter", "Autumn",
    "Copper",  "Glass",   "Iron",     "Lucky",   "Sleepy",   "Little", "Open",   "Slow",
    "Early",   "Blue",    "Scarlet",  "Amber",   "Restless", "Hazy",   "Salt",   "Velour"};
const char* const kNouns[] = {
    "Harbour",  "River",      "Window",  "Garden",  "Letters", "Engine",  "Mountain", "Station",
    "Signal",   "Ocean",      "Highway", "Shadows", "Morning", "Feather", "Compass",  "Island",
    "Mirror",   "Thunder",    "Orchard", "Bridge",  "Candle",  "Forest",  "Meadow",   "Planet",
    "Rooftops", "Tides",      "Valley",  "Voices",  "Waves",   "Weather", "Wires",    "Horizon",
    "Canyon",   "Lighthouse", "Avenue",  "Circus",  "Desert",  "Smoke",   "Embers",   "Lanterns"};
const char* const kFirstNames[] = {
    "Mira",  "Korven", "Lio",   "Tamsin", "Oskar", "Juno",  "Faye", "Rufus", "Ines",  "Milo",
    "Nadia", "Otto",   "Priya", "Quinn",  "Rosa",  "Silas", "Theo", "Uma",   "Vera",  "Wren",
    "Yara",  "Zane",   "Ada",   "Bram",   "Cleo",  "Dario", "Elsa", "Felix", "Greta", "Hugo"};
const char* const kSurnames[] = {
    "Hale",  "Marsh",   "Lindqvist", "Okafor",    "Brandt",   "Castell",    "Dunmore", "Ellery",
    "Grove", "Hartley", "Ivers",     "Jansen",    "Kestrel",  "Lowell",     "Moreau",  "Navarro",
    "Osei",  "Pryce",   "Quill",     "Rowan",     "Sterling", "Thorne",     "Varga",   "Whitlock",
    "Yates", "Zeller",  "Ashby",     "Blackwood", "Corwin",   "Fairweather"};
const char* const kBands[] = {"Owls",   "Foxes",     "Ravens",   "Comets",   "Sparrows",
                              "Wolves", "Tigers",    "Pilots",   "Drifters", "Rivals",
                              "Saints", "Strangers", "Mariners", "Herons",   "Gliders"};
// Accented spelling and how Last.fm's rows write it without the accents.
const std::pair<const char*, const char*> kAccentFirst[] = {
    {"Søren", "Soren"}, {"Zoë", "Zoe"},       {"Renée", "Renee"}, {"José", "Jose"},
    {"Björn", "Bjorn"}, {"Éloïse", "Eloise"}, {"Ólöf", "Olof"},   {"Łucja", "Lucja"}};
const std::pair<const char*, const char*> kAccentLast[] = {
    {"Vále", "Vale"},       {"Müller", "Muller"},
    {"Núñez", "Nunez"},     {"Ólafsdóttir", "Olafsdottir"},
    {"Château", "Chateau"}, {"Strøm", "Strom"},
    {"Kovač", "Kovac"},     {"Żak", "Zak"}};
const std::pair<const char*, const char*> kAccentWords[] = {
    {"Café", "Cafe"},     {"Mañana", "Manana"},   {"Déjà Vu", "Deja Vu"},   {"Naïve", "Naive"},
    {"Crème", "Creme"},   {"Fiancée", "Fiancee"}, {"Señorita", "Senorita"}, {"Über", "Uber"},
    {"Résumé", "Resume"}, {"Façade", "Facade"}};
// Consonant-vowel syllables for the long tail's names: fixed length, so the encoding of an index
// is one-to-one and no two tail names fold to the same key.
const char* const kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ra", "si", "to",
                                  "vu", "ze", "bo", "da", "fi", "gu", "he", "jo"};

template <class T, size_t N>
constexpr size_t countOf(const T (&)[N]) {
    return N;
}

QString capitalised(QString s) {
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

QString syllableWord(quint64 value, int syllables) {
    QString out;
    for (int i = 0; i < syllables; ++i) {
        out += QLatin1String(kSyllables[value % 16]);
        value /= 16;
    }
    return capitalised(out);
}

QString uuidFrom(quint64 seed, quint64 kind, quint64 index) {
    SplitMix64 r(seed ^ (kind * 0x9E3779B97F4A7C15ull), index + 1);
    const quint64 a = r.next(), b = r.next();
    QString hex =
        QStringLiteral("%1%2").arg(a, 16, 16, QLatin1Char('0')).arg(b, 16, 16, QLatin1Char('0'));
    hex[12] = QLatin1Char('4');
    hex[16] = QLatin1Char('8');
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) +
           QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

QString spotifyUriFrom(quint64 seed, quint64 index) {
    static const char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    SplitMix64 r(seed ^ 0x5107u, index + 1);
    QString s = QStringLiteral("spotify:track:");
    for (int i = 0; i < 22; ++i) s += QLatin1Char(kBase62[r.below(62)]);
    return s;
}

QString isoTime(qint64 t) {
    return QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate);
}

void appendJsonString(QByteArray& out, const QString& s) {
    out += '"';
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u == '"' || u == '\\') {
            out += '\\';
            out += char(u);
        } else if (u < 0x20) {
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0')).toLatin1();
        } else {
            out += QString(c).toUtf8();
        }
    }
    out += '"';
}

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error) *error = path + QStringLiteral(": ") + f.errorString();
        return false;
    }
    return true;
}

// Zipf-like rank in [0, n): P(r) ~ 1 / (r + 1), by inverting the continuous CDF.
qint64 zipfRank(SplitMix64& r, qint64 n) {
    if (n <= 1) return 0;
    const double x = std::exp(r.uniform() * std::log(double(n) + 1.0)) - 1.0;
    return std::clamp<qint64>(qint64(x), 0, n - 1);
}

// n strictly increasing times in [from, to] (stratified, so any n up to to - from fits).
std::vector<qint64> spreadTimes(SplitMix64& r, qint64 n, qint64 from, qint64 to) {
    std::vector<qint64> t(size_t(std::max<qint64>(n, 0)));
    const double step = double(to - from) / double(std::max<qint64>(n, 1));
    qint64 previous = from - 1;
    for (qint64 k = 0; k < n; ++k) {
        qint64 v = from + qint64((double(k) + r.uniform()) * step);
        v = std::max(v, previous + 1);
        t[size_t(k)] = previous = v;
    }
    return t;
}

QString safeFileName(QString s) {
    s.replace(QLatin1Char('/'), QLatin1Char('-'));
    return s;
}

}  // namespace

ScenarioSize ScenarioSize::small() {
    return ScenarioSize{};
}

ScenarioSize ScenarioSize::lastfm1k() {
    ScenarioSize s;
    s.genres = 8;
    s.artistsPerGenre = 25;
    s.tracksPerArtist = 10;  // 8 x 25 x 13 = 2,600 songs with sound
    s.communityUsers = 1000;
    s.communityRows = 1000000;
    s.tailTracks = 1000000 - 2600 - 6;
    s.tailRows = 2000000;
    s.tailArtists = 60000;
    s.myRows = 20000;
    s.folderFiles = 2000;
    s.clipSeconds = 12.0;
    return s;
}

ScenarioSize ScenarioSize::scaled(double f) const {
    ScenarioSize s = *this;
    s.artistsPerGenre = std::max(3, int(std::lround(artistsPerGenre * f)));
    s.communityUsers = std::max(10, int(std::lround(communityUsers * f)));
    s.communityRows = qint64(double(communityRows) * f);
    s.tailTracks = qint64(double(tailTracks) * f);
    s.tailRows = std::max(s.tailTracks, qint64(double(tailRows) * f));
    s.tailArtists = std::max(s.tailTracks > 0 ? 1 : 0, int(std::lround(tailArtists * f)));
    s.myRows = std::max(100, int(std::lround(myRows * f)));
    s.folderFiles = std::max(20, int(std::lround(folderFiles * f)));
    return s;
}

Scenario::Scenario(quint64 seed, ScenarioSize size) : seed_(seed), size_(size) {
    size_.genres = std::clamp(size_.genres, 2, int(demo::genreCatalogue().size()));
    buildCatalogue();
    buildCommunity();
    buildMine();
}

QString Scenario::genreName(int genre) const {
    return QString::fromUtf8(demo::genreCatalogue()[size_t(genre)].name);
}

void Scenario::buildCatalogue() {
    SplitMix64 r(seed_, 1);
    QSet<QString> artistKeys;
    auto pick = [&r](const auto& list) { return list[r.below(countOf(list))]; };

    // Artists: one spelling rule each, in turn.
    static const char* const kArtistVariants[] = {"plain",     "the",  "accent",
                                                  "ampersand", "case", "plain"};
    for (int g = 0; g < size_.genres; ++g) {
        for (int i = 0; i < size_.artistsPerGenre; ++i) {
            ScenarioArtist a;
            a.genre = g;
            a.variant = QLatin1String(kArtistVariants[(g + i) % 6]);
            for (int attempt = 0;; ++attempt) {
                const QString first = QLatin1String(pick(kFirstNames));
                const QString last = QLatin1String(pick(kSurnames));
                const QString band = QLatin1String(pick(kBands));
                const QString suffix =
                    attempt > 20 ? QLatin1Char(' ') + syllableWord(r.next(), 2) : QString();
                if (a.variant == QLatin1String("the")) {
                    a.name = QStringLiteral("The ") + last + QLatin1Char(' ') + band + suffix;
                    a.communityName = a.name;
                    a.myName = last + QLatin1Char(' ') + band + suffix;  // Spotify: no "The"
                    a.folderName =
                        last + QLatin1Char(' ') + band + suffix + QStringLiteral(", The");
                } else if (a.variant == QLatin1String("accent")) {
                    const auto f = pick(kAccentFirst);
                    const auto l = pick(kAccentLast);
                    a.name = QString::fromUtf8(f.first) + QLatin1Char(' ') +
                             QString::fromUtf8(l.first) + suffix;
                    a.communityName = QLatin1String(f.second) + QLatin1Char(' ') +
                                      QLatin1String(l.second) + suffix;
                    a.myName = a.folderName = a.name;
                } else if (a.variant == QLatin1String("ampersand")) {
                    a.name = first + QStringLiteral(" & the ") + band + suffix;
                    a.communityName = first + QStringLiteral(" and the ") + band + suffix;
                    a.myName = first + QStringLiteral(" & The ") + band + suffix;
                    a.folderName = first + QStringLiteral(" + the ") + band + suffix;
                } else if (a.variant == QLatin1String("case")) {
                    a.name = first + QLatin1Char(' ') + last + suffix;
                    a.communityName = a.name.toUpper();
                    a.myName = a.name;
                    a.folderName = a.name.toLower();
                } else {
                    a.name = first + QLatin1Char(' ') + last + suffix;
                    a.communityName = a.myName = a.folderName = a.name;
                }
                const QString key = artistKey(a.name).key;
                if (!artistKeys.contains(key)) {
                    artistKeys.insert(key);
                    break;
                }
            }
            artists_.push_back(a);
        }
    }
    // Two artists with one name and two MusicBrainz IDs: only the community plays them.
    for (int h = 0; h < 2; ++h) {
        ScenarioArtist a;
        a.genre = h % size_.genres;
        a.variant = QStringLiteral("homonym");
        a.name = a.communityName = a.myName = a.folderName = QStringLiteral("Harbor");
        artists_.push_back(a);
    }
    for (size_t i = 0; i < artists_.size(); ++i) {
        // 1 artist in 8 has no MBID in the community rows (homonyms always have theirs).
        if (artists_[i].variant == QLatin1String("homonym") || i % 8 != 7)
            artists_[i].mbid = uuidFrom(seed_, 1, i);
    }

    // Tracks: per artist tracksPerArtist with one spelling rule each, then a live recording of
    // the first, then "The <Noun>" and "<Noun>".
    static const char* const kTrackVariants[] = {"plain",  "feat",      "remaster", "case",
                                                 "accent", "ampersand", "plain",    "remaster"};
    const int realArtists = size_.genres * size_.artistsPerGenre;
    for (int ai = 0; ai < int(artists_.size()); ++ai) {
        const ScenarioArtist& artist = artists_[size_t(ai)];
        const bool homonym = artist.variant == QLatin1String("homonym");
        QSet<QString> titleKeys;
        const int regular = homonym ? 3 : size_.tracksPerArtist;
        const size_t firstOfArtist = tracks_.size();
        for (int j = 0; j < regular; ++j) {
            ScenarioTrack t;
            t.artist = ai;
            t.genre = artist.genre;
            t.variant =
                homonym ? QStringLiteral("plain") : QLatin1String(kTrackVariants[(ai + j) % 8]);
            if (j == 0) t.variant = QStringLiteral("plain");  // the live one's studio recording
            for (;;) {
                QString adjective = QLatin1String(pick(kAdjectives));
                const QString noun = QLatin1String(pick(kNouns));
                QString plainAdjective = adjective;
                if (t.variant == QLatin1String("accent")) {
                    const auto w = pick(kAccentWords);
                    adjective = QString::fromUtf8(w.first);
                    plainAdjective = QLatin1String(w.second);
                }
                const QString joiner = t.variant == QLatin1String("ampersand")
                                           ? QStringLiteral(" & ")
                                           : QStringLiteral(" ");
                t.title = adjective + joiner + noun;
                if (!titleKeys.contains(titleKey(t.title).key)) {
                    titleKeys.insert(titleKey(t.title).key);
                    t.communityTitle = t.myTitle = t.folderTitle = t.title;
                    if (t.variant == QLatin1String("accent"))
                        t.communityTitle = plainAdjective + QLatin1Char(' ') + noun;
                    if (t.variant == QLatin1String("ampersand")) {
                        t.communityTitle = adjective + QStringLiteral(" and ") + noun;
                        t.folderTitle = adjective + QStringLiteral(" + ") + noun;
                    }
                    break;
                }
            }
            if (t.variant == QLatin1String("feat")) {
                // Featuring another artist of the genre, written three ways.
                const int other = artist.genre * size_.artistsPerGenre +
                                  (ai % size_.artistsPerGenre + 1) % size_.artistsPerGenre;
                const ScenarioArtist& f = artists_[size_t(other)];
                t.communityTitle = t.title + QStringLiteral(" (feat. ") + f.communityName + u')';
                t.myTitle = t.title +
                            (j % 2 ? QStringLiteral(" featuring ") : QStringLiteral(" ft. ")) +
                            f.myName;
                t.folderTitle = t.title + QStringLiteral(" feat. ") + f.folderName;
            } else if (t.variant == QLatin1String("remaster")) {
                t.communityTitle =
                    (ai % 2) ? t.title + QStringLiteral(" - 2011 Remaster") : t.title;
                t.myTitle = t.title + QStringLiteral(" - Remastered 2011");
                t.myTitle2 = t.title;  // the original album: another URI
                t.folderTitle = t.title + QStringLiteral(" (Remastered 2009)");
            } else if (t.variant == QLatin1String("case")) {
                t.communityTitle = t.title.toLower();
                t.folderTitle = t.title.toUpper();
            } else if (t.variant == QLatin1String("plain") && j % 3 == 2) {
                t.myTitle2 = t.title;  // the same song on a compilation: a second URI
            }
            tracks_.push_back(t);
        }
        if (homonym) continue;
        ScenarioTrack live = tracks_[firstOfArtist];
        live.variant = QStringLiteral("live");
        live.myTitle2.clear();
        live.communityTitle = live.title + QStringLiteral(" (Live)");
        live.myTitle = live.title + QStringLiteral(" - Live");
        live.folderTitle = live.title + QStringLiteral(" [Live]");
        live.title = live.communityTitle;
        tracks_.push_back(live);
        ambiguous_.push_back({QStringLiteral("live"), int(firstOfArtist), int(tracks_.size() - 1)});
        for (;;) {
            const QString noun = QLatin1String(pick(kNouns));
            if (titleKeys.contains(titleKey(noun).key) ||
                titleKeys.contains(titleKey(QStringLiteral("The ") + noun).key))
                continue;
            titleKeys.insert(titleKey(noun).key);
            ScenarioTrack the;
            the.artist = ai;
            the.genre = artist.genre;
            the.variant = QStringLiteral("the-title");
            the.title = the.communityTitle = the.myTitle = the.folderTitle =
                QStringLiteral("The ") + noun;
            ScenarioTrack bare = the;
            bare.title = bare.communityTitle = bare.myTitle = bare.folderTitle = noun;
            tracks_.push_back(the);
            tracks_.push_back(bare);
            ambiguous_.push_back(
                {QStringLiteral("the-title"), int(tracks_.size() - 2), int(tracks_.size() - 1)});
            break;
        }
    }
    ambiguous_.push_back({QStringLiteral("homonym"), realArtists, realArtists + 1});
    // One title by two artists of different genres: two songs.
    {
        const int a = 0, b = size_.artistsPerGenre;  // first artists of genres 0 and 1
        const size_t ta =
            size_t(std::find_if(tracks_.begin(), tracks_.end(),
                                [&](const ScenarioTrack& t) { return t.artist == a; }) -
                   tracks_.begin()) +
            1;
        const size_t tb =
            size_t(std::find_if(tracks_.begin(), tracks_.end(),
                                [&](const ScenarioTrack& t) { return t.artist == b; }) -
                   tracks_.begin()) +
            1;
        ScenarioTrack& copy = tracks_[tb];
        const ScenarioTrack& original = tracks_[ta];
        const QString key = titleKey(original.title).key;
        const bool taken = std::any_of(tracks_.begin(), tracks_.end(), [&](const ScenarioTrack& t) {
            return t.artist == b && &t != &copy && titleKey(t.title).key == key;
        });
        if (!taken) {
            copy.variant = QStringLiteral("plain");
            copy.title = copy.communityTitle = copy.myTitle = copy.folderTitle = original.title;
            copy.myTitle2.clear();
            if (!original.myTitle2.isEmpty()) copy.myTitle2 = copy.title;
            ambiguous_.push_back({QStringLiteral("same-title"), int(ta), int(tb)});
        }
    }

    for (size_t i = 0; i < tracks_.size(); ++i) {
        ScenarioTrack& t = tracks_[i];
        if (i % 9 != 8 || artists_[size_t(t.artist)].variant == QLatin1String("homonym"))
            t.mbid = uuidFrom(seed_, 2, i);
        t.uri = spotifyUriFrom(seed_, 2 * i);
        if (!t.myTitle2.isEmpty()) t.uri2 = spotifyUriFrom(seed_, 2 * i + 1);
    }

    // My genres: the favourite and a second one; who plays what.
    myGenres_ = {int(r.below(quint64(size_.genres))), 0};
    myGenres_[1] = (myGenres_[0] + 1 + int(r.below(quint64(size_.genres - 1)))) % size_.genres;
    QSet<int> inPairs;
    for (const AmbiguousPair& p : ambiguous_)
        if (p.kind != QLatin1String("homonym")) inPairs << p.a << p.b;
    for (size_t i = 0; i < tracks_.size(); ++i) {
        ScenarioTrack& t = tracks_[i];
        const bool mineGenre = t.genre == myGenres_[0] || t.genre == myGenres_[1];
        const bool homonym = artists_[size_t(t.artist)].variant == QLatin1String("homonym");
        const double u = r.uniform();
        if (homonym || inPairs.contains(int(i))) {
            t.community = true;
            t.mine = mineGenre && !homonym;
        } else if (u < 0.22) {
            // nobody plays it: a song only the folder has
        } else if (mineGenre && u < 0.32) {
            t.mine = true;  // only I play it
        } else {
            t.community = true;
            t.mine = mineGenre && u < 0.66;  // the rest of my genres is there to discover
        }
    }
}

int Scenario::tailArtistOf(qint64 tailTrack) const {
    return int(tailTrack % std::max(1, size_.tailArtists));
}

QString Scenario::tailArtistName(int tailArtist) const {
    // Three words: the genre catalogue's artist names are one, two or four words once folded.
    return syllableWord(quint64(tailArtist), 2) + QLatin1Char(' ') +
           syllableWord(quint64(tailArtist) >> 8, 2) + QLatin1Char(' ') +
           syllableWord(quint64(tailArtist) >> 16, 2);
}

QString Scenario::tailTitle(qint64 tailTrack) const {
    const quint64 n = quint64(tailTrack / std::max(1, size_.tailArtists));
    return syllableWord(n, 2) + QLatin1Char(' ') + syllableWord(n >> 8, 3);
}

int Scenario::trueArtistOf(qint64 track) const {
    if (!isTail(track)) return tracks_[size_t(track)].artist;
    return int(artists_.size()) + tailArtistOf(track - qint64(tracks_.size()));
}

void Scenario::buildCommunity() {
    SplitMix64 r(seed_, 2);
    const int users = size_.communityUsers;
    // Songs of each genre the community plays, in a popularity order of their own.
    std::vector<std::vector<int>> byGenre(size_t(size_.genres));
    for (size_t i = 0; i < tracks_.size(); ++i)
        if (tracks_[i].community) byGenre[size_t(tracks_[i].genre)].push_back(int(i));
    for (auto& g : byGenre)
        for (size_t i = g.size(); i > 1; --i) std::swap(g[i - 1], g[r.below(i)]);

    // Long-tailed activity: user k's share ~ 1 / (k + 5)^0.8.
    std::vector<double> share(static_cast<size_t>(users));
    for (int u = 0; u < users; ++u) share[size_t(u)] = std::pow(double(u) + 5.0, -0.8);
    const double total = std::accumulate(share.begin(), share.end(), 0.0);
    std::vector<std::vector<qint64>> picks(static_cast<size_t>(users));
    auto primary = [&](int u) { return u % size_.genres; };
    auto secondary = [&](int u) { return (u / size_.genres + u + 1) % size_.genres; };
    // Every community song and every tail song is played at least once, by a user of its genre.
    for (int g = 0; g < size_.genres; ++g)
        for (int t : byGenre[size_t(g)]) {
            int u = int(r.below(quint64(users)));
            while (primary(u) != g) u = (u + 1) % users;
            picks[size_t(u)].push_back(t);
        }
    const qint64 catalogue = qint64(tracks_.size());
    for (qint64 t = 0; t < size_.tailTracks; ++t)
        picks[size_t(r.below(quint64(users)))].push_back(catalogue + t);
    const qint64 seeded =
        std::accumulate(picks.begin(), picks.end(), qint64(0),
                        [](qint64 s, const auto& v) { return s + qint64(v.size()); });
    const qint64 rest = std::max<qint64>(0, size_.communityRows + size_.tailRows - seeded);
    const double tailShare =
        size_.tailTracks > 0 ? double(size_.tailRows) / double(size_.communityRows + size_.tailRows)
                             : 0.0;
    for (int u = 0; u < users; ++u) {
        const qint64 n = qint64(std::llround(double(rest) * share[size_t(u)] / total));
        auto& mine = picks[size_t(u)];
        mine.reserve(mine.size() + size_t(n));
        for (qint64 k = 0; k < n; ++k) {
            if (r.uniform() < tailShare) {
                mine.push_back(catalogue + zipfRank(r, size_.tailTracks));
                continue;
            }
            const double x = r.uniform();
            const int g = x < 0.7   ? primary(u)
                          : x < 0.9 ? secondary(u)
                                    : int(r.below(quint64(size_.genres)));
            const auto& list = byGenre[size_t(g)];
            if (list.empty()) continue;
            mine.push_back(list[size_t(zipfRank(r, qint64(list.size())))]);
        }
        // Shuffle, then spread over the window in time order.
        for (size_t i = mine.size(); i > 1; --i) std::swap(mine[i - 1], mine[r.below(i)]);
    }
    communityRows_.assign(size_t(users), {});
    QSet<qint64> played;
    QSet<int> artistsPlayed;
    for (int u = 0; u < users; ++u) {
        const auto& mine = picks[size_t(u)];
        const std::vector<qint64> times =
            spreadTimes(r, qint64(mine.size()), kCommunityFirstListen, kMyLastListen - 86400);
        auto& rows = communityRows_[size_t(u)];
        rows.reserve(mine.size());
        for (size_t k = 0; k < mine.size(); ++k) {
            rows.push_back({times[k], mine[k], 0});
            if (!isTail(mine[k])) played.insert(mine[k]);
        }
        truth_.communityListens += qint64(rows.size());
        picks[size_t(u)] = {};
    }
    for (qint64 t : played) artistsPlayed.insert(trueArtistOf(t));
    truth_.communityTracks = int(played.size() + size_.tailTracks);
    truth_.communityArtists =
        int(artistsPlayed.size()) + int(std::min<qint64>(size_.tailArtists, size_.tailTracks));
}

void Scenario::buildMine() {
    SplitMix64 r(seed_, 3);
    std::vector<int> mine;
    for (size_t i = 0; i < tracks_.size(); ++i)
        if (tracks_[i].mine) mine.push_back(int(i));
    for (size_t i = mine.size(); i > 1; --i) std::swap(mine[i - 1], mine[r.below(i)]);
    std::vector<int> fav, second;
    for (int t : mine) (tracks_[size_t(t)].genre == myGenres_[0] ? fav : second).push_back(t);
    // Every song I play once, then the favourite genre twice as often, popular songs most.
    std::vector<Row> rows;
    for (int t : mine) rows.push_back({0, t, 0});
    while (int(rows.size()) < size_.myRows) {
        const auto& list = (r.uniform() < 0.66 || second.empty()) ? fav : second;
        if (list.empty()) break;
        rows.push_back({0, list[size_t(zipfRank(r, qint64(list.size())))], 0});
    }
    rows.resize(std::min(rows.size(), size_t(size_.myRows)));
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[r.below(i)]);
    const std::vector<qint64> times =
        spreadTimes(r, qint64(rows.size()), kMyFirstListen, kMyLastListen);
    for (size_t k = 0; k < rows.size(); ++k) {
        rows[k].endedAt = times[k];
        const ScenarioTrack& t = tracks_[size_t(rows[k].track)];
        rows[k].version = (!t.myTitle2.isEmpty() && r.uniform() < 0.4) ? 1 : 0;
    }
    rows.back().endedAt = kMyLastListen;
    myRows_ = std::move(rows);

    QSet<qint64> distinct, distinctInCommunity;
    for (const Row& row : myRows_) {
        const ScenarioTrack& t = tracks_[size_t(row.track)];
        ++truth_.myListens;
        distinct.insert(row.track);
        if (t.community) {
            ++truth_.myListensInCommunity;
            distinctInCommunity.insert(row.track);
            ++truth_.myListensByVariant[t.variant];
        }
    }
    truth_.myTracks = int(distinct.size());
    truth_.myTracksInCommunity = int(distinctInCommunity.size());
    truth_.lastMyListen = myRows_.back().endedAt;
    QDate day = QDateTime::fromSecsSinceEpoch(truth_.lastMyListen, Qt::UTC).date();
    day = day.addDays(8 - day.dayOfWeek());  // the Monday after
    int year = 0;
    const int week = day.weekNumber(&year);
    truth_.defaultWeek = QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'));
}

QStringList Scenario::writeSpotifyExport(const QString& dir, QString* error) const {
    QStringList paths;
    const int perFile = std::max(1, size_.spotifyFileRows);
    const int files = int((myRows_.size() + size_t(perFile) - 1) / size_t(perFile));
    SplitMix64 r(seed_, 4);
    for (int f = 0; f < files; ++f) {
        QByteArray out = "[";
        bool first = true;
        auto record = [&](qint64 ts, const QString* title, const QString* artist,
                          const QString* album, const QString* uri, const QString* episode,
                          int ms) {
            if (!first) out += ",\n";
            first = false;
            out +=
                "{\"ts\":\"" + isoTime(ts).toLatin1() +
                "\",\"username\":\"31scenariolistener\",\"platform\":\"android\",\"ms_played\":" +
                QByteArray::number(ms) +
                ",\"conn_country\":\"GB\",\"ip_addr_decrypted\":\"192.0.2.7\","
                "\"user_agent_decrypted\":\"unknown\",\"master_metadata_track_name\":";
            auto field = [&out](const QString* s) {
                if (s)
                    appendJsonString(out, *s);
                else
                    out += "null";
            };
            field(title);
            out += ",\"master_metadata_album_artist_name\":";
            field(artist);
            out += ",\"master_metadata_album_album_name\":";
            field(album);
            out += ",\"spotify_track_uri\":";
            field(uri);
            out += ",\"episode_name\":";
            field(episode);
            const QString show = QStringLiteral("The Scenario Podcast");
            out += ",\"episode_show_name\":";
            field(episode ? &show : nullptr);
            const QString episodeUri = QStringLiteral("spotify:episode:4rOoJ6Egrf8K2IrywzwOMk");
            out += ",\"spotify_episode_uri\":";
            field(episode ? &episodeUri : nullptr);
            out +=
                ",\"reason_start\":\"trackdone\",\"reason_end\":\"trackdone\",\"shuffle\":false,"
                "\"skipped\":false,\"offline\":false,\"offline_timestamp\":" +
                QByteArray::number(ts - ms / 1000) + ",\"incognito_mode\":false}";
        };
        const size_t begin = size_t(f) * size_t(perFile);
        const size_t end = std::min(myRows_.size(), begin + size_t(perFile));
        for (size_t k = begin; k < end; ++k) {
            const Row& row = myRows_[k];
            const ScenarioTrack& t = tracks_[size_t(row.track)];
            const ScenarioArtist& a = artists_[size_t(t.artist)];
            const QString& title = row.version ? t.myTitle2 : t.myTitle;
            const QString& uri = row.version ? t.uri2 : t.uri;
            // Spotify's album names are not the folder's: a deluxe edition, a compilation.
            const QString album = row.version ? QStringLiteral("Greatest Hits")
                                              : t.title.section(QLatin1Char(' '), 0, 0) +
                                                    QStringLiteral(" (Deluxe Edition)");
            record(row.endedAt, &title, &a.myName, &album, &uri, nullptr,
                   30000 + int(r.below(240000)));
            // A podcast now and then: a record the import skips.
            if (k % 5000 == 17) {
                const QString episode = QStringLiteral("Episode %1").arg(k);
                record(row.endedAt + 1, nullptr, nullptr, nullptr, nullptr, &episode, 600000);
            }
        }
        out += "]\n";
        const int y0 = QDateTime::fromSecsSinceEpoch(myRows_[begin].endedAt, Qt::UTC).date().year();
        const int y1 =
            QDateTime::fromSecsSinceEpoch(myRows_[end - 1].endedAt, Qt::UTC).date().year();
        QString name = y0 == y1 ? QStringLiteral("Streaming_History_Audio_%1").arg(y0)
                                : QStringLiteral("Streaming_History_Audio_%1-%2").arg(y0).arg(y1);
        if (files > 1) name += QStringLiteral("_%1").arg(f);
        const QString path = QDir(dir).filePath(name + QStringLiteral(".json"));
        if (!writeBytes(path, out, error)) return {};
        paths << path;
    }
    return paths;
}

QString Scenario::writeCommunity(const QString& dir, QString* error) const {
    const QString path =
        QDir(dir).filePath(QStringLiteral("userid-timestamp-artid-artname-traid-traname.tsv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) *error = path + QStringLiteral(": ") + f.errorString();
        return {};
    }
    QByteArray buffer;
    buffer.reserve(1 << 22);
    const qint64 catalogue = qint64(tracks_.size());
    // The tail's names are cached per artist (title words are few).
    for (size_t u = 0; u < communityRows_.size(); ++u) {
        const QByteArray user =
            QStringLiteral("user_%1").arg(u + 1, 6, 10, QLatin1Char('0')).toUtf8();
        const auto& rows = communityRows_[u];
        // Newest first, as the data set's file is.
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            buffer += user;
            buffer += '\t';
            buffer += isoTime(it->endedAt).toLatin1();
            buffer += '\t';
            if (it->track < catalogue) {
                const ScenarioTrack& t = tracks_[size_t(it->track)];
                const ScenarioArtist& a = artists_[size_t(t.artist)];
                buffer += a.mbid.toLatin1();
                buffer += '\t';
                buffer += a.communityName.toUtf8();
                buffer += '\t';
                buffer += t.mbid.toLatin1();
                buffer += '\t';
                buffer += t.communityTitle.toUtf8();
            } else {
                const qint64 tail = it->track - catalogue;
                const int artist = tailArtistOf(tail);
                if (artist % 8 != 7) buffer += uuidFrom(seed_, 3, quint64(artist)).toLatin1();
                buffer += '\t';
                buffer += tailArtistName(artist).toUtf8();
                buffer += '\t';
                if (tail % 9 != 8) buffer += uuidFrom(seed_, 4, quint64(tail)).toLatin1();
                buffer += '\t';
                buffer += tailTitle(tail).toUtf8();
            }
            buffer += '\n';
            if (buffer.size() > (1 << 22) - 4096) {
                if (f.write(buffer) != buffer.size()) break;
                buffer.clear();
            }
        }
    }
    if (f.write(buffer) != buffer.size() || !f.flush()) {
        if (error) *error = path + QStringLiteral(": ") + f.errorString();
        return {};
    }
    return path;
}

bool Scenario::writeMusicFolder(const QString& dir, QString* error, int threads,
                                const std::function<void(int, int)>& progress) {
    SplitMix64 r(seed_, 5);
    files_.clear();
    truth_.folderFiles = truth_.folderFilesPlayed = truth_.folderFilesMine = 0;
    truth_.folderFilesNobody = truth_.folderFilesUntagged = truth_.sidecars = 0;
    // Which songs the folder holds: songs nobody played (a quarter), songs I played, songs only
    // the community played. Homonyms stay out (a file can't say which "Harbor" it is).
    QSet<qint64> myTracks;
    for (const Row& row : myRows_) myTracks.insert(row.track);
    std::vector<int> nobody, mine, others;
    for (size_t i = 0; i < tracks_.size(); ++i) {
        const ScenarioTrack& t = tracks_[i];
        if (artists_[size_t(t.artist)].variant == QLatin1String("homonym")) continue;
        if (myTracks.contains(qint64(i)))
            mine.push_back(int(i));
        else if (t.community)
            others.push_back(int(i));
        else
            nobody.push_back(int(i));
    }
    for (auto* list : {&nobody, &mine, &others})
        for (size_t i = list->size(); i > 1; --i) std::swap((*list)[i - 1], (*list)[r.below(i)]);
    const int n = size_.folderFiles;
    std::vector<int> chosen;
    const size_t nNobody = std::min(nobody.size(), size_t(n / 4));
    const size_t nMine = std::min(mine.size(), size_t(n * 2 / 5));
    chosen.insert(chosen.end(), nobody.begin(), nobody.begin() + qsizetype(nNobody));
    chosen.insert(chosen.end(), mine.begin(), mine.begin() + qsizetype(nMine));
    for (size_t i = 0; i < others.size() && int(chosen.size()) < n; ++i)
        chosen.push_back(others[i]);
    for (size_t i = nMine; i < mine.size() && int(chosen.size()) < n; ++i)
        chosen.push_back(mine[i]);
    for (size_t i = nNobody; i < nobody.size() && int(chosen.size()) < n; ++i)
        chosen.push_back(nobody[i]);
    std::sort(chosen.begin(), chosen.end());

    const QDir root(dir);
    QSet<int> artistsWithFiles;
    std::vector<int> perArtist(artists_.size(), 0);
    for (size_t k = 0; k < chosen.size(); ++k) {
        const ScenarioTrack& t = tracks_[size_t(chosen[k])];
        const ScenarioArtist& a = artists_[size_t(t.artist)];
        ScenarioFile f;
        f.track = chosen[k];
        f.tagged = k % 8 != 5;
        f.genreTag = f.tagged && k % 3 != 0;
        static const char* const kExt[] = {"flac", "ogg", "wav"};
        const QString ext = QLatin1String(kExt[k % 3]);
        if (f.tagged) {
            const int number = ++perArtist[size_t(t.artist)];
            f.path = root.filePath(safeFileName(genreName(t.genre)) + QLatin1Char('/') +
                                   safeFileName(a.folderName) + QLatin1Char('/') +
                                   QStringLiteral("%1 - ").arg(number, 2, 10, QLatin1Char('0')) +
                                   safeFileName(t.folderTitle) + QLatin1Char('.') + ext);
            artistsWithFiles.insert(t.artist);
        } else {
            f.path = root.filePath(QStringLiteral("Unsorted/") + safeFileName(a.folderName) +
                                   QStringLiteral(" - ") + safeFileName(t.folderTitle) +
                                   QLatin1Char('.') + ext);
        }
        files_.push_back(f);
        ++truth_.folderFiles;
        if (t.community || myTracks.contains(f.track)) ++truth_.folderFilesPlayed;
        if (myTracks.contains(f.track)) ++truth_.folderFilesMine;
        if (!t.community && !myTracks.contains(f.track)) ++truth_.folderFilesNobody;
        if (!f.tagged) ++truth_.folderFilesUntagged;
    }
    for (const ScenarioFile& f : files_)
        if (!QDir().mkpath(QFileInfo(f.path).absolutePath())) {
            if (error)
                *error = QFileInfo(f.path).absolutePath() + QStringLiteral(": cannot create");
            return false;
        }

    // Sidecars: every third artist folder says in words what its music is.
    const auto& words = demo::noiseWords();
    for (int ai : artistsWithFiles) {
        if (ai % 3 != 0) continue;
        const ScenarioArtist& a = artists_[size_t(ai)];
        const auto& vocabulary = demo::genreCatalogue()[size_t(a.genre)].vocabulary;
        QString text = a.folderName + QStringLiteral(" play");
        SplitMix64 w(seed_ ^ 0xA11CEu, quint64(ai));
        for (int i = 0; i < 24; ++i)
            text += QLatin1Char(' ') + QLatin1String(i % 4 == 3
                                                         ? words[w.below(words.size())]
                                                         : vocabulary[w.below(vocabulary.size())]);
        text += QStringLiteral(".\n");
        const QString path =
            root.filePath(safeFileName(genreName(a.genre)) + QLatin1Char('/') +
                          safeFileName(a.folderName) + QStringLiteral("/about.txt"));
        if (!writeBytes(path, text.toUtf8(), error)) return false;
        ++truth_.sidecars;
    }

    // The sound: each genre's recipe from the demo synthesiser, so genres sound apart.
    std::atomic<int> done{0};
    std::mutex errorMutex;
    QString firstError;
    const int frames = int(std::lround(size_.clipSeconds * size_.sampleRate));
    const auto body = [&](int64_t begin, int64_t end) {
        for (int64_t k = begin; k < end; ++k) {
            const ScenarioFile& f = files_[size_t(k)];
            const ScenarioTrack& t = tracks_[size_t(f.track)];
            const ScenarioArtist& a = artists_[size_t(t.artist)];
            const auto& genre = demo::genreCatalogue()[size_t(t.genre)];
            const std::vector<float> samples = demo::synthesiseClip(
                genre.sound, seed_ * 1000003u + quint64(f.track), size_.sampleRate, frames, 1);
            const QString ext = QFileInfo(f.path).suffix();
            const int format = ext == QLatin1String("flac")  ? SF_FORMAT_FLAC | SF_FORMAT_PCM_16
                               : ext == QLatin1String("ogg") ? SF_FORMAT_OGG | SF_FORMAT_VORBIS
                                                             : SF_FORMAT_WAV | SF_FORMAT_PCM_16;
            QString problem = writeSound(f.path, samples, 1, size_.sampleRate, format);
            if (problem.isEmpty() && f.tagged) {
                FileTags tags;
                tags.artist = a.folderName;
                tags.title = t.folderTitle;
                tags.album = t.title.section(QLatin1Char(' '), -1) + QStringLiteral(" Sessions");
                if (f.genreTag) {
                    tags.genre = genreName(t.genre);
                    SplitMix64 w(seed_ ^ 0x7A65u, quint64(f.track));
                    tags.comment =
                        QString::fromUtf8(genre.vocabulary[w.below(genre.vocabulary.size())]) +
                        QLatin1Char(' ') +
                        QString::fromUtf8(genre.vocabulary[w.below(genre.vocabulary.size())]);
                }
                if (k % 5 == 1 && !t.mbid.isEmpty()) {
                    tags.trackMbid = t.mbid;
                    tags.artistMbid = a.mbid;
                }
                const Status s = writeFileTags(f.path, tags);
                if (!s.isOk()) problem = s.message();
            }
            if (!problem.isEmpty()) {
                std::lock_guard lock(errorMutex);
                if (firstError.isEmpty()) firstError = f.path + QStringLiteral(": ") + problem;
            }
            const int d = ++done;
            if (progress) progress(d, int(files_.size()));
        }
    };
    parallelFor(int64_t(files_.size()), 1, threads, body);
    if (!firstError.isEmpty()) {
        if (error) *error = firstError;
        return false;
    }
    return true;
}

qint64 Scenario::trueTrackOfListen(const QString& user, qint64 endedAt) const {
    const std::vector<Row>* rows = nullptr;
    if (user == QLatin1String("me")) {
        rows = &myRows_;
    } else if (user.startsWith(QLatin1String("user_"))) {
        bool ok = false;
        const int u = user.mid(5).toInt(&ok) - 1;
        if (!ok || u < 0 || u >= int(communityRows_.size())) return -1;
        rows = &communityRows_[size_t(u)];
    } else {
        return -1;
    }
    const auto it = std::lower_bound(rows->begin(), rows->end(), endedAt,
                                     [](const Row& row, qint64 t) { return row.endedAt < t; });
    if (it == rows->end() || it->endedAt != endedAt) return -1;
    return it->track;
}

}  // namespace tl::test
