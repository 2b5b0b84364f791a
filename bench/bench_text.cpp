// bench_text: how fast the text model reads a large corpus, and how fast its queries are.
// Generates (seeded) a corpus of plain-text documents about generated artists: each genre has
// its own 400-word vocabulary, a 30,000-word shared vocabulary is drawn by a Zipf law (as real
// word frequencies are), English stop words make up a third of the words, and each document
// names one to three artists of a genre. Then it runs buildTextModel() on all cores and times
// top-terms, cosine and explain queries. Peak memory is getrusage()'s maximum resident set.
//
//   bench_text [--megabytes 200] [--artists 4000] [--threads 0] [--seed 1] [--dir DIR]
#include <sys/resource.h>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/TextTraining.h"
#include "util/Random.h"

using namespace tl;

namespace {

const char* const kStop[] = {"the", "a",    "and",  "of",    "to", "in", "is",
                             "it",  "with", "that", "for",   "on", "as", "was",
                             "by",  "this", "from", "their", "at", "but"};

QByteArray pseudoWord(SplitMix64& rng) {
    static const char* const syllables[] = {"ka",  "lo",  "mi",  "ra",  "ten", "vo",  "shu", "bel",
                                            "dri", "fa",  "gor", "nu",  "pel", "sto", "wex", "zan",
                                            "qui", "hal", "mor", "tis", "yen", "cra", "dul", "ept"};
    QByteArray w;
    const int n = 2 + int(rng.below(2));
    for (int i = 0; i < n; ++i) w += syllables[rng.below(24)];
    return w;
}

struct Corpus {
    std::vector<QByteArray> noise;
    std::vector<double> noiseCdf;
    std::vector<std::vector<QByteArray>> genreWords;
    std::vector<QByteArray> artistNames;
    std::vector<int> artistGenre;
};

Corpus makeVocabulary(int artists, int genres, uint64_t seed) {
    Corpus c;
    SplitMix64 rng(seed, 1);
    for (int i = 0; i < 30000; ++i) c.noise.push_back(pseudoWord(rng) + QByteArray::number(i % 7));
    double sum = 0;
    for (int i = 0; i < 30000; ++i) c.noiseCdf.push_back(sum += 1.0 / (i + 1));
    for (double& x : c.noiseCdf) x /= sum;
    c.genreWords.resize(size_t(genres));
    for (int g = 0; g < genres; ++g)
        for (int i = 0; i < 400; ++i)
            c.genreWords[size_t(g)].push_back("g" + QByteArray::number(g) + pseudoWord(rng));
    for (int a = 0; a < artists; ++a) {
        QByteArray first = pseudoWord(rng), second = pseudoWord(rng);
        first[0] = char(std::toupper(first[0]));
        second[0] = char(std::toupper(second[0]));
        c.artistNames.push_back(first + ' ' + second + ' ' + QByteArray::number(a));
        c.artistGenre.push_back(a % genres);
    }
    return c;
}

QByteArray document(const Corpus& c, SplitMix64& rng, int bytes) {
    const int artists = int(c.artistNames.size());
    const int genres = int(c.genreWords.size());
    const int first = int(rng.below(uint64_t(artists)));
    const int genre = c.artistGenre[size_t(first)];
    std::vector<int> named{first};
    for (int extra = int(rng.below(3)); extra > 0; --extra)  // same-genre artists
        named.push_back(int((rng.below(uint64_t(artists / genres))) * genres + genre) % artists);
    QByteArray out;
    out.reserve(bytes + 200);
    while (out.size() < bytes) {
        const int length = 8 + int(rng.below(12));
        for (int i = 0; i < length; ++i) {
            if (i > 0) out += ' ';
            const double r = rng.uniform();
            if (r < 0.03)
                out += c.artistNames[size_t(named[rng.below(named.size())])];
            else if (r < 0.35)
                out += kStop[rng.below(20)];
            else if (r < 0.70)
                out += c.genreWords[size_t(genre)][rng.below(400)];
            else {
                const double u = rng.uniform();
                out += c.noise[size_t(std::lower_bound(c.noiseCdf.begin(), c.noiseCdf.end(), u) -
                                      c.noiseCdf.begin())];
            }
        }
        out += rng.below(4) == 0 ? ".\n\n" : ". ";
    }
    return out;
}

double peakMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int megabytes = 200, artists = 4000, threads = 0;
    uint64_t seed = 1;
    QString dir;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--megabytes"))
            megabytes = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--artists"))
            artists = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--threads"))
            threads = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seed"))
            seed = args[i + 1].toULongLong();
        else if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
    }
    QTemporaryDir temp;
    if (dir.isEmpty()) dir = temp.path();
    const int genres = 40;
    const Corpus corpus = makeVocabulary(artists, genres, seed);

    // The corpus: documents of 4-16 KB, written once per (size, artists, seed) and reused.
    const QString corpusDir = QDir(dir).filePath(
        QStringLiteral("corpus-%1mb-%2-%3").arg(megabytes).arg(artists).arg(seed));
    QElapsedTimer clock;
    clock.start();
    if (!QFileInfo::exists(QDir(corpusDir).filePath(QStringLiteral("complete")))) {
        QDir().mkpath(corpusDir);
        SplitMix64 rng(seed, 2);
        qint64 written = 0;
        for (int d = 0; written < qint64(megabytes) << 20; ++d) {
            const QByteArray text = document(corpus, rng, 4096 + int(rng.below(12288)));
            QFile f(QDir(corpusDir).filePath(
                QStringLiteral("doc%1.txt").arg(d, 6, 10, QLatin1Char('0'))));
            if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
                return 1;
            }
            written += text.size();
        }
        QFile(QDir(corpusDir).filePath(QStringLiteral("complete"))).open(QIODevice::WriteOnly);
        std::printf("generated %d MB corpus in %.1f s\n", megabytes, clock.elapsed() / 1000.0);
    }

    TextInputs inputs;
    for (int a = 0; a < artists; ++a)
        inputs.artists.push_back(
            {Id(a + 1), QString::fromLatin1(corpus.artistNames[size_t(a)]), {}});
    QDir d(corpusDir);
    qint64 bytes = 0;
    for (const QFileInfo& info :
         d.entryInfoList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
        SourceFile f;
        f.path = info.absoluteFilePath();
        f.size = info.size();
        bytes += f.size;
        inputs.files.push_back(f);
    }
    TextOptions options;
    options.threads = threads;
    TextTrainReport report;
    const double rssBefore = peakMegabytes();
    clock.restart();
    auto model = buildTextModel(inputs, options, report, Progress());
    const double seconds = clock.elapsed() / 1000.0;
    if (!model) {
        std::fprintf(stderr, "%s\n", qPrintable(model.status().message()));
        return 1;
    }
    std::printf("corpus: %zu documents, %.1f MB, %d artists, %d genres\n", inputs.files.size(),
                double(bytes) / (1 << 20), artists, genres);
    std::printf(
        "build: %.2f s (%.1f MB/s), %lld words, %lld mentions, %d terms seen, %d kept, "
        "%d artists covered\n",
        seconds, double(bytes) / (1 << 20) / seconds, static_cast<long long>(report.words),
        static_cast<long long>(report.mentions), report.termsSeen, report.vocabulary,
        report.artists);
    std::printf("peak RSS: %.0f MB (%.0f MB before building)\n", peakMegabytes(), rssBefore);

    // Queries, each over many random entities (after one warm-up pass).
    const int n = model->size();
    SplitMix64 rng(seed, 3);
    auto time = [&](const char* what, auto&& query) {
        const int reps = 20000;
        double sink = 0;
        for (int i = 0; i < 100; ++i) sink += query();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < reps; ++i) sink += query();
        std::printf("%-28s %8.2f us  (checksum %.3g)\n", what, t.nsecsElapsed() / 1000.0 / reps,
                    sink);
    };
    time("topTerms(entity, 100)",
         [&] { return double(model->topTerms(int(rng.below(uint64_t(n))), 100).size()); });
    time("cosine(a, b)", [&] {
        return double(model->cosine(int(rng.below(uint64_t(n))), int(rng.below(uint64_t(n)))));
    });
    time("explain(a, b, 10)", [&] {
        return double(
            model->explain(int(rng.below(uint64_t(n))), int(rng.below(uint64_t(n))), 10).size());
    });
    time("lsaCosine(a, b)", [&] {
        return double(model->lsaCosine(int(rng.below(uint64_t(n))), int(rng.below(uint64_t(n)))));
    });
    time("similar(entity, 10)",
         [&] { return double(model->similar(int(rng.below(uint64_t(n))), 10).size()); });
    // Genre precision of the nearest artists (the corpus plants genres as the demo does).
    double same = 0, total = 0;
    for (int e = 0; e < std::min(n, 500); ++e)
        for (const ScoredItem& s : model->similar(e, 5)) {
            same += corpus.artistGenre[size_t(model->entities[size_t(e)].id - 1)] ==
                    corpus.artistGenre[size_t(model->entities[size_t(s.item)].id - 1)];
            total += 1;
        }
    std::printf("genre precision@5 (500 artists): %.3f\n", total > 0 ? same / total : 0.0);
    return 0;
}
