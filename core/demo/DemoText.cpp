#include "demo/DemoText.h"

#include <QDir>

#include "demo/DemoGenres.h"
#include "demo/DemoOutput.h"
#include "demo/DemoRandom.h"

namespace tl::demo {
namespace {

// Of the content words (not stop words): most from the genre, some neutral, a few borrowed.
constexpr double kStopWordShare = 0.35;
constexpr double kGenreShare = 0.7;
constexpr double kNoiseShare = 0.2;  // the rest comes from other genres

QString word(Rng& rng, const std::vector<const char*>& words) {
    return QString::fromLatin1(words[size_t(rng.below(int(words.size())))]);
}

QString contentWord(const World& world, int genre, Rng& rng) {
    const auto& catalogue = genreCatalogue();
    const double r = rng.uniform();
    if (r < kGenreShare) return word(rng, catalogue[size_t(genre)].vocabulary);
    if (r < kGenreShare + kNoiseShare || world.plan.genres < 2) return word(rng, noiseWords());
    int other = rng.below(world.plan.genres - 1);
    if (other >= genre) ++other;
    return word(rng, catalogue[size_t(other)].vocabulary);
}

QString sentence(const World& world, const WorldArtist& artist, Rng& rng, bool opening) {
    QStringList words;
    if (opening) words << artist.name;
    const int length = rng.between(6, 14);
    for (int i = 0; i < length; ++i)
        words << (rng.chance(kStopWordShare) ? word(rng, stopWords())
                                             : contentWord(world, artist.genre, rng));
    if (!opening && rng.chance(0.15)) words.insert(rng.below(int(words.size()) + 1), artist.name);
    if (rng.chance(0.2) && !artist.tracks.empty()) {  // people write about songs, too
        const WorldTrack& track =
            world.tracks[size_t(artist.tracks[size_t(rng.below(int(artist.tracks.size())))])];
        words << QStringLiteral("\"%1\"").arg(track.title);
    }
    QString text = words.join(QLatin1Char(' '));
    text[0] = text[0].toUpper();
    return text + QLatin1Char('.');
}

}  // namespace

QString artistDocument(const World& world, int artistIndex) {
    const WorldArtist& artist = world.artists[size_t(artistIndex)];
    Rng rng(deriveSeed(world.seed, "text", quint64(artistIndex)));
    QString text = artist.name + QStringLiteral("\n\n");
    const int paragraphs = rng.between(2, 4);
    for (int p = 0; p < paragraphs; ++p) {
        const int sentences = rng.between(2, 4);
        for (int s = 0; s < sentences; ++s) {
            if (s > 0) text += QLatin1Char(' ');
            text += sentence(world, artist, rng, p == 0 && s == 0);
        }
        text += QStringLiteral("\n\n");
    }
    return text;
}

Status writeTextDocuments(const World& world, const QString& dir, int* written,
                          const Progress& progress) {
    *written = 0;
    const int total = int(world.artists.size());
    for (int a = 0; a < total; ++a) {
        if (!world.artists[size_t(a)].hasText) continue;
        if (progress.cancelled()) return Status::cancelled();
        const QString path =
            QDir(dir).filePath(world.artists[size_t(a)].name + QStringLiteral(".txt"));
        if (Status s = writeWholeFile(path, artistDocument(world, a).toUtf8()); !s.isOk()) return s;
        ++*written;
        if (a % 32 == 0)
            progress.report(double(a) / total, QStringLiteral("Writing text documents"));
    }
    return Status::ok();
}

}  // namespace tl::demo
