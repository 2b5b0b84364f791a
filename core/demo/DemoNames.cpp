#include "demo/DemoNames.h"

#include <array>

namespace tl::demo {
namespace {

constexpr std::array kAdjectives = {
    "Velvet", "Silver", "Hollow",   "Golden",  "Quiet",  "Electric", "Paper",  "Crimson", "Wild",
    "Lunar",  "Broken", "Amber",    "Distant", "Frozen", "Neon",     "Rusty",  "Gentle",  "Static",
    "Secret", "Copper", "Pale",     "Burning", "Blue",   "Midnight", "Hidden", "Falling", "Sleepy",
    "Iron",   "Glass",  "Northern", "Slow",    "Violet", "Bright",   "Salt",   "Little",  "Cosmic",
};
constexpr std::array kNouns = {
    "Owls",    "Rivers", "Lanterns", "Wolves",  "Harbours", "Mirrors", "Foxes",    "Gardens",
    "Engines", "Comets", "Sparrows", "Islands", "Towers",   "Ghosts",  "Orchards", "Satellites",
    "Tides",   "Horses", "Bridges",  "Moths",   "Signals",  "Pines",   "Clouds",   "Machines",
    "Echoes",  "Ravens", "Fields",   "Dunes",   "Shadows",  "Stars",   "Waves",    "Kites",
};
constexpr std::array kFirstNames = {
    "Mira", "Jonas", "Ada",  "Felix", "Nora",  "Theo", "Lena",  "Oskar", "Ines",  "Malik",
    "Yara", "Emil",  "Zoe",  "Ravi",  "Clara", "Hugo", "Amara", "Leon",  "Sofia", "Kai",
    "Elif", "Tomas", "Noor", "Ivo",   "Greta", "Sami", "Ruth",  "Anton", "Lucia", "Bo",
};
constexpr std::array kSurnames = {
    "Sand",   "Hale",   "Moreau", "Okafor",   "Lindqvist", "Varga",   "Castell", "Reyes",
    "Brandt", "Kowal",  "Ishida", "Fontaine", "Marsh",     "Adeyemi", "Novak",   "Ferro",
    "Quinn",  "Holm",   "Lorne",  "Petrov",   "Abara",     "Wilde",   "Santos",  "Keller",
    "Dahl",   "Mercer", "Rosen",  "Achebe",   "Vance",     "Tanaka",
};
constexpr std::array kTitleWords = {
    "Rain",    "Harbour",   "Morning", "Echo",     "Fever",   "River",  "Signal",  "Summer",
    "Glow",    "Static",    "Window",  "Orbit",    "Dust",    "Mirror", "Tide",    "Ember",
    "Lantern", "Hollow",    "Velvet",  "Northern", "Paper",   "Gold",   "Silence", "Motion",
    "Avenue",  "Satellite", "Garden",  "Ghost",    "Wire",    "Ocean",  "Cinder",  "Honey",
    "Pulse",   "Meadow",    "Circuit", "Horizon",  "Shelter", "Spark",  "Winter",  "Cathedral",
};
constexpr std::array kTitleJoins = {"of", "in", "on", "and", "for", "under", "after"};
constexpr std::array kHandleWords = {
    "owl", "moss",  "pixel", "rune",  "fern", "lumen", "kite", "vinyl", "echo",  "quartz",
    "ash", "delta", "nova",  "birch", "tide", "ember", "flux", "cedar", "orbit", "reed",
};

template <class Array>
const char* pick(Rng& rng, const Array& words) {
    return words[size_t(rng.below(int(words.size())))];
}

QString q(const char* text) {
    return QString::fromLatin1(text);
}

// Draws from `make` until the name is new; after many clashes it numbers the name, which keeps
// the generator total even when a large world exhausts the word lists.
template <class Make>
QString unique(std::set<QString>& taken, Make make) {
    QString name;
    for (int attempt = 0; attempt < 64; ++attempt) {
        name = make();
        if (taken.insert(name).second) return name;
    }
    for (int n = 2;; ++n) {
        const QString numbered = name + QStringLiteral(" %1").arg(n);
        if (taken.insert(numbered).second) return numbered;
    }
}

}  // namespace

QString makeArtistName(Rng& rng, std::set<QString>& taken) {
    return unique(taken, [&] {
        switch (rng.below(6)) {
            case 0:
            case 1:
                return QStringLiteral("The %1 %2")
                    .arg(q(pick(rng, kAdjectives)), q(pick(rng, kNouns)));
            case 2:
                return QStringLiteral("%1 %2").arg(q(pick(rng, kFirstNames)),
                                                   q(pick(rng, kSurnames)));
            case 3:
                return QStringLiteral("%1 %2").arg(q(pick(rng, kAdjectives)), q(pick(rng, kNouns)));
            case 4:
                return QStringLiteral("%1 and the %2")
                    .arg(q(pick(rng, kFirstNames)), q(pick(rng, kNouns)));
            default:
                return QStringLiteral("%1 %2").arg(
                    q(pick(rng, kSurnames)),
                    rng.chance(0.5) ? QStringLiteral("Collective") : QStringLiteral("Trio"));
        }
    });
}

QString makeTrackTitle(Rng& rng, std::set<QString>& taken) {
    return unique(taken, [&] {
        switch (rng.below(4)) {
            case 0:
                return q(pick(rng, kTitleWords));
            case 1:
                return QStringLiteral("%1 %2").arg(q(pick(rng, kAdjectives)),
                                                   q(pick(rng, kTitleWords)));
            case 2:
                return QStringLiteral("%1 %2 %3")
                    .arg(q(pick(rng, kTitleWords)), q(pick(rng, kTitleJoins)),
                         q(pick(rng, kTitleWords)));
            default:
                return QStringLiteral("%1 %2").arg(q(pick(rng, kTitleWords)),
                                                   q(pick(rng, kTitleWords)));
        }
    });
}

QString makeAlbumTitle(Rng& rng, std::set<QString>& taken) {
    return unique(taken, [&] {
        return rng.chance(0.5)
                   ? QStringLiteral("%1 %2").arg(q(pick(rng, kAdjectives)), q(pick(rng, kNouns)))
                   : QStringLiteral("%1 %2").arg(q(pick(rng, kTitleWords)), q(pick(rng, kNouns)));
    });
}

QString makeUserName(Rng& rng, std::set<QString>& taken) {
    return unique(taken, [&] {
        switch (rng.below(3)) {
            case 0:
                return QStringLiteral("%1%2")
                    .arg(q(pick(rng, kFirstNames)).toLower())
                    .arg(rng.below(100));
            case 1:
                return QStringLiteral("%1_%2").arg(q(pick(rng, kHandleWords)),
                                                   q(pick(rng, kHandleWords)));
            default:
                return QStringLiteral("%1.%2").arg(q(pick(rng, kFirstNames)).toLower(),
                                                   q(pick(rng, kSurnames)).toLower());
        }
    });
}

QString makeUuid(quint64 worldSeed, std::string_view kind, quint64 index) {
    Rng rng(deriveSeed(worldSeed, kind, index));
    const quint64 hi = rng.next();
    const quint64 lo = rng.next();
    // Set the version (4) and variant (10xx) bits so the strings pass UUID validators.
    const quint64 h = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    const quint64 l = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    const QString hex =
        QStringLiteral("%1%2").arg(h, 16, 16, QLatin1Char('0')).arg(l, 16, 16, QLatin1Char('0'));
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) +
           QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

QString makeSpotifyTrackUri(quint64 worldSeed, quint64 trackIndex) {
    static constexpr char kBase62[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    Rng rng(deriveSeed(worldSeed, "spotify", trackIndex));
    QString uri = QStringLiteral("spotify:track:");
    for (int i = 0; i < 22; ++i) uri += QLatin1Char(kBase62[rng.below(62)]);
    return uri;
}

}  // namespace tl::demo
