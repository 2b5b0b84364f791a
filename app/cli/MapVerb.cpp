#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "maps/MapCsv.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runMap(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption source(
        QStringLiteral("source"),
        QStringLiteral("Vectors to map: cf, text, audio, sound (the analysed "
                       "descriptors: no model, no listens needed) or blend."),
        QStringLiteral("SOURCE"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("CSV to write (track_id,artist,title,x,y)."),
                                 QStringLiteral("FILE.csv"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    QStringLiteral("tsne (default), umap or pca."),
                                    QStringLiteral("METHOD"), QStringLiteral("tsne"));
    const QCommandLineOption perplexity(QStringLiteral("perplexity"),
                                        QStringLiteral("t-SNE perplexity (default 30)."),
                                        QStringLiteral("P"), QStringLiteral("30"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("t-SNE iterations (default 1000)."),
                                        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption neighbours(
        QStringLiteral("neighbors"),
        QStringLiteral("UMAP n_neighbors, the point itself counted (default 15)."),
        QStringLiteral("N"), QStringLiteral("15"));
    const QCommandLineOption neighboursBritish(
        QStringLiteral("neighbours"), QStringLiteral("Same as --neighbors."), QStringLiteral("N"));
    const QCommandLineOption minDist(QStringLiteral("min-dist"),
                                     QStringLiteral("UMAP min_dist (default 0.1)."),
                                     QStringLiteral("D"), QStringLiteral("0.1"));
    const QCommandLineOption epochs(
        QStringLiteral("epochs"),
        QStringLiteral("UMAP epochs (default 500 up to 10,000 points, 200 above)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption metric(QStringLiteral("metric"),
                                    QStringLiteral("Input distance: cosine or euclidean "
                                                   "(default: the source's own, cosine for cf)."),
                                    QStringLiteral("METRIC"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, source, out, method, perplexity, iterations, neighbours,
                       neighboursBritish, minDist, epochs, metric, seed, json});
    bool help = false;
    if (!parseArgs(
            parser, args, QStringLiteral("map"),
            QStringLiteral("Maps a model's track vectors to 2-D (t-SNE, UMAP or PCA), stores "
                           "the map in the project and writes it as CSV."),
            &help))
        return help ? kOk : kUsage;
    auto usage = [&](const char* message) {
        std::fprintf(stderr, "tastelab-cli map: %s\n\n%s", message, qPrintable(parser.helpText()));
        return kUsage;
    };
    if (!parser.isSet(project) || !parser.isSet(source) || !parser.isSet(out))
        return usage("--project, --source and --out are required");
    if (!mapSourceNames().contains(parser.value(source)))
        return usage("--source takes cf, text, audio, sound or blend");
    MapOptions options;
    if (!parseMethod(parser.value(method), &options.method))
        return usage("--method takes tsne, umap or pca");
    bool okPerplexity = false, okIterations = false, okSeed = false;
    options.tsne.perplexity = parser.value(perplexity).toDouble(&okPerplexity);
    options.tsne.iterations = parser.value(iterations).toInt(&okIterations);
    options.tsne.seed = parser.value(seed).toULongLong(&okSeed);
    if (!okPerplexity || options.tsne.perplexity < 1.0)
        return usage("--perplexity takes a number >= 1");
    if (!okIterations || options.tsne.iterations < 1) return usage("--iterations takes N >= 1");
    if (!okSeed) return usage("--seed takes a non-negative integer");
    bool okNeighbours = false, okMinDist = false, okEpochs = false;
    options.umap.neighbours =
        parser.value(parser.isSet(neighboursBritish) ? neighboursBritish : neighbours)
            .toInt(&okNeighbours);
    options.umap.minDist = parser.value(minDist).toDouble(&okMinDist);
    options.umap.epochs = parser.value(epochs).toInt(&okEpochs);
    if (!okNeighbours || options.umap.neighbours < 2) return usage("--neighbors takes N >= 2");
    if (!okMinDist || options.umap.minDist < 0.0 || options.umap.minDist > options.umap.spread)
        return usage("--min-dist takes a number from 0 to 1");
    if (!okEpochs || options.umap.epochs < 0) return usage("--epochs takes N >= 0 (0: default)");
    options.quality.seed = options.tsne.seed;
    options.tsne.exaggerationIterations =
        std::min(options.tsne.exaggerationIterations, options.tsne.iterations / 4);
    if (parser.isSet(metric) && !parseMetric(parser.value(metric), &options.tsne.metric))
        return usage("--metric takes cosine or euclidean");

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    ProjectStore& store = *opened.value();
    if (!parser.isSet(metric)) {  // the source decides how its vectors compare
        auto vectors = loadSourceVectors(store, parser.value(source));
        if (!vectors) return reportFailure(vectors.status());
        options.tsne.metric = vectors->metric;
    }
    auto map = buildProjectMap(store, parser.value(source), options,
                               stderrProgress(QStringLiteral("map")));
    if (!map) return reportFailure(map.status());
    for (const auto& w : map->meta.value(QStringLiteral("warnings")).toArray())
        std::fprintf(stderr, "tastelab-cli map: warning: %s\n", qPrintable(w.toString()));
    if (Status s = writeMapCsv(parser.value(out), map.value(), store); !s.isOk())
        return reportFailure(s);

    const QJsonObject& meta = map->meta;
    if (parser.isSet(json)) {
        QJsonObject report = meta;
        report[QStringLiteral("out")] = parser.value(out);
        report[QStringLiteral("reused")] = map->reused;
        printJson(report);
        return kOk;
    }
    std::printf("%s map of %d %s vectors (%s distance) in %.1f s%s\n",
                qPrintable(meta.value(QStringLiteral("method")).toString()),
                meta.value(QStringLiteral("points")).toInt(), qPrintable(map->source),
                qPrintable(meta.value(QStringLiteral("metric")).toString()),
                meta.value(QStringLiteral("seconds")).toDouble(),
                map->reused ? " (stored map reused: vectors unchanged)" : "");
    if (map->method == MapMethod::Umap)
        std::printf("n_neighbors %d, min_dist %g, %d epochs, %s start\n",
                    meta.value(QStringLiteral("n_neighbors")).toInt(),
                    meta.value(QStringLiteral("min_dist")).toDouble(),
                    meta.value(QStringLiteral("epochs")).toInt(),
                    qPrintable(meta.value(QStringLiteral("init")).toString()));
    std::printf("trustworthiness@10 %.4f, kNN preservation@10 %.4f",
                meta.value(QStringLiteral("trustworthiness")).toDouble(),
                meta.value(QStringLiteral("knn_preservation")).toDouble());
    if (meta.contains(QStringLiteral("genre_accuracy")))
        std::printf(", genre kNN accuracy %.4f",
                    meta.value(QStringLiteral("genre_accuracy")).toDouble());
    std::printf("\nwrote %s\n", qPrintable(parser.value(out)));
    return kOk;
}

}  // namespace tl::cli
