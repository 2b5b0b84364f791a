#include "maps/ProjectMaps.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QJsonArray>

#include "eval/Metrics.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

constexpr quint32 kMagic = 0x544C4D50;  // "TLMP"
constexpr quint32 kFormat = 1;

QByteArray serialise(const std::vector<Id>& trackIds, const MapPoints& points) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kFormat << quint64(trackIds.size());
    for (Id id : trackIds) out << qint64(id);
    out.writeRawData(reinterpret_cast<const char*>(points.data()),
                     int(points.size() * qint64(sizeof(float))));
    return bytes;
}

bool deserialise(const QByteArray& bytes, std::vector<Id>& trackIds, MapPoints& points) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, format = 0;
    quint64 n = 0;
    in >> magic >> format >> n;
    if (magic != kMagic || format != kFormat || n > quint64(bytes.size()) / 8) return false;
    trackIds.resize(n);
    for (Id& id : trackIds) {
        qint64 v = 0;
        in >> v;
        id = v;
    }
    points.resize(qint64(n), 2);
    const qint64 size = qint64(n) * 2 * qint64(sizeof(float));
    return in.readRawData(reinterpret_cast<char*>(points.data()), int(size)) == size &&
           in.status() == QDataStream::Ok;
}

}  // namespace

QString mapResultKind(const QString& source) {
    return QStringLiteral("map.") + source;
}

QByteArray mapFingerprint(const SourceVectors& source, const MapOptions& options) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray settings;
    {
        QDataStream out(&settings, QIODevice::WriteOnly);
        const TsneOptions& t = options.tsne;
        // Threads are left out on purpose: they do not change the result.
        out << kFormat << qint32(options.method) << t.perplexity << qint32(t.iterations)
            << qint32(t.exaggerationIterations) << t.exaggeration << t.learningRate << t.theta
            << qint32(t.metric) << qint32(t.exactKnnUpTo) << quint64(t.seed)
            << qint32(options.quality.k) << qint32(options.quality.maxPoints)
            << quint64(options.quality.seed);
        if (options.method == MapMethod::Umap) {  // only then: t-SNE and PCA keys stay as they were
            const UmapOptions& u = options.umap;
            out << qint32(u.neighbours) << u.minDist << u.spread << qint32(u.epochs)
                << u.learningRate << qint32(u.negativeSamples) << u.repulsion << u.spectralInit;
        }
    }
    hash.addData(settings);
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(source.trackIds.data()),
                                qsizetype(source.trackIds.size() * sizeof(Id))));
    const qint64 shape[] = {source.vectors.rows(), source.vectors.cols()};
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(shape), sizeof(shape)));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(source.vectors.data()),
                                qsizetype(source.vectors.size() * qint64(sizeof(float)))));
    return hash.result();
}

Result<ProjectMap> buildProjectMap(ProjectStore& store, const QString& source,
                                   const MapOptions& options, const Progress& progress,
                                   const TsneObserver& observer) {
    auto vectors = loadSourceVectors(store, source);
    if (!vectors) return vectors.status();
    const QByteArray fingerprint = mapFingerprint(vectors.value(), options);
    const QString kind = mapResultKind(source), key = methodName(options.method);
    if (store.resultFingerprint(kind, key) == fingerprint) {
        auto stored = loadProjectMap(store, source, options.method);
        if (stored) {
            stored->reused = true;
            if (!vectors->warnings.isEmpty()) {  // a stored map's vectors can go out of date
                QJsonArray warnings = stored->meta.value(QStringLiteral("warnings")).toArray();
                for (const QString& w : vectors->warnings)
                    if (!warnings.contains(w)) warnings.append(w);
                stored->meta[QStringLiteral("warnings")] = warnings;
            }
            progress.report(1.0, QStringLiteral("map unchanged"));
            return stored;
        }
    }

    const std::vector<int> genres = itemGenres(store.groundTruth(), vectors->trackIds);
    std::vector<QString> rowNames;
    rowNames.reserve(vectors->trackIds.size());
    for (Id id : vectors->trackIds) rowNames.push_back(QStringLiteral("track %1").arg(id));
    auto outcome =
        computeMap(vectors->vectors, options, progress.sub(0.0, 0.98), genres, rowNames, observer);
    if (!outcome) return outcome.status();
    const MapOutcome& o = outcome.value();

    ProjectMap map;
    map.source = source;
    map.method = o.method;
    map.points = o.points;
    for (int row : o.rows) map.trackIds.push_back(vectors->trackIds[size_t(row)]);
    QJsonArray warnings;
    for (const QString& w : vectors->warnings + o.warnings) warnings.append(w);
    map.meta = QJsonObject{{QStringLiteral("source"), source},
                           {QStringLiteral("method"), methodName(o.method)},
                           {QStringLiteral("metric"), metricName(options.tsne.metric)},
                           {QStringLiteral("points"), int(o.points.rows())},
                           {QStringLiteral("dims"), int(vectors->vectors.cols())},
                           {QStringLiteral("skipped"), o.skipped},
                           {QStringLiteral("perplexity"), o.perplexity},
                           {QStringLiteral("iterations"), o.iterations},
                           {QStringLiteral("seconds"), o.seconds},
                           {QStringLiteral("trustworthiness"), o.quality.trustworthiness},
                           {QStringLiteral("knn_preservation"), o.quality.knnPreservation},
                           {QStringLiteral("quality_k"), o.quality.k},
                           {QStringLiteral("quality_points"), o.quality.pointsScored},
                           {QStringLiteral("warnings"), warnings}};
    if (o.quality.labelAccuracy >= 0)
        map.meta[QStringLiteral("genre_accuracy")] = o.quality.labelAccuracy;
    if (o.method == MapMethod::Umap) {
        map.meta[QStringLiteral("n_neighbors")] = o.neighbours;
        map.meta[QStringLiteral("min_dist")] = options.umap.minDist;
        map.meta[QStringLiteral("epochs")] = o.iterations;
        map.meta[QStringLiteral("init")] =
            o.spectral ? QStringLiteral("spectral") : QStringLiteral("random");
    }

    if (progress.cancelled()) return Status::cancelled();
    StoredResult result;
    result.kind = kind;
    result.key = key;
    result.fingerprint = fingerprint;
    result.data = serialise(map.trackIds, map.points);
    result.meta = map.meta;
    ProjectStore::Transaction tx(store);
    if (Status s = store.putResult(result); !s.isOk()) return s;
    if (Status s = tx.commit(); !s.isOk()) return s;
    progress.report(1.0, QStringLiteral("map stored"));
    return map;
}

Result<ProjectMap> loadProjectMap(const ProjectStore& store, const QString& source,
                                  MapMethod method) {
    const auto stored = store.result(mapResultKind(source), methodName(method));
    if (!stored)
        return Status::error(QStringLiteral("no %1 map of the %2 vectors in this project yet")
                                 .arg(methodName(method), source));
    ProjectMap map;
    map.source = source;
    map.method = method;
    map.meta = stored->meta;
    if (!deserialise(stored->data, map.trackIds, map.points))
        return Status::error(QStringLiteral("the stored %1 map is damaged").arg(source));
    return map;
}

}  // namespace tl
