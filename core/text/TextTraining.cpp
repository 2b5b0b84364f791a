#include "text/TextTraining.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QElapsedTimer>
#include <QFile>
#include <QIODevice>
#include <algorithm>
#include <atomic>
#include <cmath>

#include "eval/Metrics.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"
#include "text/NameMatcher.h"
#include "text/TagDataset.h"
#include "text/TermAccumulator.h"
#include "text/TextDecoding.h"
#include "util/NativePath.h"
#include "util/ParallelFor.h"

namespace tl {
namespace {

constexpr int kMaxWarnings = 20;
const QString& kKind = kTextModelKind;
const QString& kKey = kTextModelKey;

void warn(TextTrainReport& report, const QString& message) {
    ++report.warningCount;
    if (report.warnings.size() < kMaxWarnings) report.warnings << message;
}

QByteArray serialiseOptions(const TextOptions& o) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << qint32(1) << o.languages << o.terms.bigrams << qint32(o.terms.nearWindow)
        << o.terms.nearBoost << qint32(o.minDocumentFrequency) << qint32(o.topTerms)
        << qint32(o.trackOwnWords) << o.trackInheritWeight << qint32(o.lsa.dims)
        << qint32(o.lsa.oversample) << qint32(o.lsa.powerIterations) << quint64(o.lsa.seed)
        << qint64(o.maxDocumentBytes) << o.sources.fileTags << o.sources.sidecars;
    return bytes;
}

// One document read and counted by a worker; empty `terms.entities` when skipped or unlinked.
struct ReadDocument {
    HashedDocument terms;
    QString skipped;   // why it was skipped, or empty
    QString encoding;  // as decoded
    qint64 bytes = 0;
};

void readOne(const SourceFile& file, const NameMatcher& matcher, const StopWords& stop,
             const TextOptions& options, const Progress& progress, ReadDocument& out) {
    if (file.size > options.maxDocumentBytes) {
        out.skipped = QStringLiteral("%1 bytes, more than the %2-byte limit for one document")
                          .arg(file.size)
                          .arg(options.maxDocumentBytes);
        return;
    }
    QFile f;
    if (!openNativeForReading(f, file.path, &out.skipped)) return;
    const QByteArray bytes = f.readAll();
    out.bytes = bytes.size();
    DecodedText decoded = decodeText(bytes);
    if (!decoded.problem.isEmpty()) {
        out.skipped = decoded.problem;
        return;
    }
    out.encoding = decoded.encoding;
    if (isHtml(file.path)) decoded.text = htmlToText(decoded.text);
    if (decoded.text.trimmed().isEmpty()) {
        out.skipped = QStringLiteral("empty document");
        return;
    }
    DocumentTerms terms;
    countDocumentTerms(decoded.text, file.linked, &matcher, stop, options.terms, terms,
                       [&progress] { return progress.cancelled(); });
    out.terms = hashDocument(terms);  // hashing here keeps it off the sequential merge
}

double sublinear(double tf) {
    return tf >= 1.0 ? 1.0 + std::log(tf) : tf;
}

// Top terms of one weighted row, normalised to sum 1. Ties are broken by the terms' text, not
// their ids (which follow the order documents were merged in), so the cut is the same every run.
std::vector<std::pair<quint32, double>> topNormalised(std::vector<std::pair<quint32, double>> row,
                                                      int top, const TermAccumulator& acc) {
    auto heavier = [&acc](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : acc.term(a.first) < acc.term(b.first);
    };
    if (int(row.size()) > top) {
        std::partial_sort(row.begin(), row.begin() + top, row.end(), heavier);
        row.resize(size_t(top));
    }
    // Summed in order of size, not of term id (ids differ from run to run), so the normalised
    // weights are the same to the last bit in every process.
    std::vector<double> sorted;
    for (const auto& [t, w] : row) sorted.push_back(w);
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (double w : sorted) sum += w;
    for (auto& [t, w] : row) w /= sum;
    std::sort(row.begin(), row.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return row;
}

}  // namespace

QByteArray textFingerprint(const TextInputs& inputs, const TextOptions& options) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // 2: an empty model stores why it is empty ("nothing_to_learn").
    hash.addData("tastelab text model 2");
    hash.addData(serialiseOptions(options));
    QByteArray listing;
    QDataStream out(&listing, QIODevice::WriteOnly);
    for (const Artist& a : inputs.artists) out << qint64(a.id) << a.name;
    for (const Track& t : inputs.tracks) out << qint64(t.id) << qint64(t.artistId) << t.title;
    for (const SourceFile& f : inputs.files) {
        out << qint32(f.kind) << f.path << qint64(f.size) << qint64(f.mtime);
        for (int e : f.linked) out << qint32(e);
    }
    for (const TagText& t : inputs.fileTags) {
        out << t.text;
        for (int e : t.linked) out << qint32(e);
    }
    hash.addData(listing);
    return hash.result();
}

Result<TextModel> buildTextModel(const TextInputs& inputs, const TextOptions& options,
                                 TextTrainReport& report, const Progress& progress) {
    auto stopLoaded = StopWords::load(options.languages);
    if (!stopLoaded) return stopLoaded.status();
    const StopWords& stop = stopLoaded.value();
    const NameMatcher matcher(inputs.artists, inputs.tracks, stop);
    TextInputs linked = inputs;
    linkSourceFiles(linked, matcher);
    for (const QString& w : inputs.warnings) warn(report, w);

    const int artists = matcher.artistCount();
    TermAccumulator acc(matcher.entityCount(), options.minDocumentFrequency);
    auto addDocument = [&](const HashedDocument& terms) {
        ++report.documents;
        report.words += terms.words;
        report.mentions += terms.mentions;
        if (terms.entities.empty()) return;
        ++report.documentsLinked;
        acc.add(terms);
    };

    // Documents on disk, read and counted in parallel in batches, merged in order.
    std::vector<const SourceFile*> documents;
    qint64 totalBytes = 0;
    for (const SourceFile& f : linked.files)
        if (f.kind != SourceFile::Kind::TagSet) {
            documents.push_back(&f);
            totalBytes += f.size;
        }
    const Progress reading = progress.sub(0.0, 0.8);
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const size_t batch = size_t(threads) * 8;
    qint64 doneBytes = 0;
    for (size_t start = 0; start < documents.size(); start += batch) {
        const size_t count = std::min(batch, documents.size() - start);
        std::vector<ReadDocument> read(count);
        const bool finished = parallelFor(
            qint64(count), 1, threads,
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i)
                    readOne(*documents[start + size_t(i)], matcher, stop, options, reading,
                            read[size_t(i)]);
            },
            &reading);
        if (!finished || reading.cancelled()) return Status::cancelled();
        for (size_t i = 0; i < count; ++i) {
            const SourceFile& file = *documents[start + i];
            ReadDocument& doc = read[i];
            report.bytes += doc.bytes;
            doneBytes += file.size;
            if (!doc.skipped.isEmpty()) {
                ++report.documentsSkipped;
                warn(report, QStringLiteral("%1: skipped: %2").arg(file.path, doc.skipped));
                continue;
            }
            if (doc.encoding == QLatin1String("latin-1")) {
                ++report.decodedAsLatin1;
                warn(report, QStringLiteral("%1: not valid UTF-8, read as Latin-1").arg(file.path));
            } else if (doc.encoding.startsWith(QLatin1String("utf-16"))) {
                ++report.decodedAsUtf16;
            }
            addDocument(doc.terms);
        }
        reading.report(totalBytes > 0 ? double(doneBytes) / double(totalBytes) : 1.0,
                       QStringLiteral("Reading text: %1 of %2 documents")
                           .arg(start + count)
                           .arg(documents.size()));
    }

    // Tags the music-folder scan read (short: done here, in order).
    for (const TagText& tag : linked.fileTags) {
        DocumentTerms terms;
        TermOptions termOptions = options.terms;
        termOptions.nearBoost = 0;
        countDocumentTerms(tag.text, tag.linked, nullptr, stop, termOptions, terms);
        // The tags of a track describe its artist, too.
        for (int e : tag.linked)
            if (const int a = matcher.artistOf(e); a >= 0 && a != e) terms.entities.push_back(a);
        addDocument(hashDocument(terms));
    }
    // Tag data sets: each entity's tags in a file count as one document.
    for (const SourceFile& f : linked.files) {
        if (f.kind != SourceFile::Kind::TagSet) continue;
        if (progress.cancelled()) return Status::cancelled();
        std::map<int, DocumentTerms> perEntity;
        TagDatasetStats stats;
        if (Status s = readTagDataset(f.path, matcher, stop, perEntity, stats); !s.isOk()) {
            ++report.documentsSkipped;
            warn(report, s.message());
            continue;
        }
        report.tagRows += stats.rows;
        report.tagRowsSkipped += stats.skippedBad + stats.skippedUnknown;
        for (const QString& w : stats.warnings) warn(report, w);
        if (stats.skippedUnknown > 0)
            warn(report, QStringLiteral("%1: %2 rows name an artist or track not in the catalog")
                             .arg(f.path)
                             .arg(stats.skippedUnknown));
        for (auto& [entity, terms] : perEntity) addDocument(hashDocument(terms));
    }
    if (progress.cancelled()) return Status::cancelled();
    progress.report(0.8, QStringLiteral("Weighting terms"));

    // --- weights ------------------------------------------------------------------------------
    acc.compactAll();
    report.termsSeen = acc.termCount();
    const auto& df = acc.documentFrequency();
    const int entities = acc.entityCount();
    std::vector<quint32> entityDf(size_t(acc.termCount()), 0);
    int withText = 0;
    for (int e = 0; e < entities; ++e) {
        bool any = false;
        for (const auto& [t, tf] : acc.row(e))
            if (df[t] >= quint32(options.minDocumentFrequency) && tf > 0) {
                ++entityDf[t];
                any = true;
            }
        withText += any;
    }
    using WeightedRow = std::vector<std::pair<quint32, double>>;
    std::vector<WeightedRow> own(static_cast<size_t>(entities));
    for (int e = 0; e < entities; ++e) {
        std::vector<std::pair<quint32, double>> row;
        for (const auto& [t, tf] : acc.row(e)) {
            if (df[t] < quint32(options.minDocumentFrequency) || tf <= 0) continue;
            const double w = sublinear(tf) * std::log(double(withText) / double(entityDf[t]));
            if (w > 0) row.emplace_back(t, w);
        }
        if (!row.empty()) own[size_t(e)] = topNormalised(std::move(row), options.topTerms, acc);
    }
    if (progress.cancelled()) return Status::cancelled();

    // Tracks: their own terms, leaning on their artist's when they have little text.
    std::vector<WeightedRow> vectors(static_cast<size_t>(entities));
    for (int a = 0; a < artists; ++a) vectors[size_t(a)] = own[size_t(a)];
    for (int e = artists; e < entities; ++e) {
        const auto& mine = own[size_t(e)];
        const int artist = matcher.artistOf(e);
        const auto& inherited = artist >= 0 ? own[size_t(artist)] : mine;
        if (!mine.empty()) ++report.tracksWithOwnText;
        if (mine.empty() && (artist < 0 || inherited.empty())) continue;
        const double o =
            mine.empty() ? 0.0 : std::min(1.0, acc.words(e) / std::max(1, options.trackOwnWords));
        std::map<quint32, double> mixed;
        for (const auto& [t, w] : mine) mixed[t] += o * w;
        if (artist >= 0 && o < 1.0)
            for (const auto& [t, w] : inherited)
                mixed[t] += (1.0 - o) * options.trackInheritWeight * w;
        std::vector<std::pair<quint32, double>> row(mixed.begin(), mixed.end());
        std::erase_if(row, [](const auto& p) { return p.second <= 0; });
        if (!row.empty()) vectors[size_t(e)] = topNormalised(std::move(row), options.topTerms, acc);
    }

    // The stored model: the terms some vector uses, numbered alphabetically.
    TextModel model;
    model.settings = serialiseOptions(options);
    std::vector<quint32> used;
    for (const auto& row : vectors)
        for (const auto& [t, w] : row) used.push_back(t);
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    std::vector<std::pair<QString, quint32>> byText;
    for (quint32 t : used) byText.emplace_back(acc.term(t), t);
    std::sort(byText.begin(), byText.end());
    std::vector<quint32> remap(size_t(acc.termCount()), 0);
    for (size_t i = 0; i < byText.size(); ++i) {
        remap[byText[i].second] = quint32(i);
        model.vocabulary << byText[i].first;
    }
    model.rowStart.push_back(0);
    for (int e = 0; e < entities; ++e) {
        if (vectors[size_t(e)].empty()) continue;
        if (e < artists) {
            model.entities.push_back({TextEntityKind::Artist, inputs.artists[size_t(e)].id});
            ++report.artists;
        } else {
            model.entities.push_back(
                {TextEntityKind::Track, inputs.tracks[size_t(e - artists)].id});
            ++report.tracks;
        }
        std::vector<std::pair<quint32, double>> row;
        for (const auto& [t, w] : vectors[size_t(e)]) row.emplace_back(remap[t], w);
        std::sort(row.begin(), row.end());
        for (const auto& [t, w] : row) {
            model.termIds.push_back(t);
            model.weights.push_back(float(w));
        }
        model.rowStart.push_back(qint64(model.termIds.size()));
    }
    report.vocabulary = int(model.vocabulary.size());

    // LSA over the L2-normalised rows (so long and short descriptions weigh alike).
    progress.report(0.9, QStringLiteral("LSA"));
    Eigen::SparseMatrix<double, Eigen::RowMajor> x(model.size(), model.vocabulary.size());
    {
        std::vector<Eigen::Triplet<double>> triplets;
        triplets.reserve(model.termIds.size());
        for (int e = 0; e < model.size(); ++e) {
            double norm = 0;
            for (qint64 k = model.rowStart[size_t(e)]; k < model.rowStart[size_t(e) + 1]; ++k)
                norm += double(model.weights[size_t(k)]) * model.weights[size_t(k)];
            norm = std::sqrt(norm);
            for (qint64 k = model.rowStart[size_t(e)]; k < model.rowStart[size_t(e) + 1]; ++k)
                triplets.emplace_back(e, int(model.termIds[size_t(k)]),
                                      model.weights[size_t(k)] / norm);
        }
        x.setFromTriplets(triplets.begin(), triplets.end());
    }
    if (Status s = randomizedLsa(x, options.lsa, model.lsa, nullptr, progress.sub(0.9, 1.0));
        !s.isOk())
        return s;
    model.prepareForQueries();
    return model;
}

namespace {

// Why a model came out with no terms, in words naming each source and what it lacked.
QString nothingToLearn(const TextInputs& inputs, const TextSourceOptions& sources,
                       const TextTrainReport& report) {
    if (report.documents == 0 && inputs.fileTags.empty() && report.tagRows == 0) {
        QStringList parts;
        parts << (inputs.musicFiles.empty()
                      ? QStringLiteral("no music folder is scanned")
                      : QStringLiteral("the music files carry no genre, mood, comment or "
                                       "description tags, and no .txt, .md, .nfo or .lrc file "
                                       "sits beside them"));
        parts << (sources.corpusDirs.isEmpty()
                      ? QStringLiteral("no corpus folder is set")
                      : QStringLiteral("the corpus folder holds no .txt, .md or .html document"));
        parts << (sources.tagFiles.isEmpty() ? QStringLiteral("no tag data set is set")
                                             : QStringLiteral("the tag data set holds no rows"));
        return QStringLiteral(
                   "no text to learn from: %1, so text gives no vectors and no "
                   "\"reads like\" evidence")
            .arg(parts.join(QStringLiteral("; ")));
    }
    return QStringLiteral(
               "no term to learn from: %1 documents and %2 tag rows were read, but no word in "
               "them is about a catalog artist or track in enough of them to count, so text gives "
               "no vectors")
        .arg(report.documents)
        .arg(report.tagRows);
}

}  // namespace

Result<TextTrainReport> trainText(ProjectStore& store, const TextOptions& options,
                                  const Progress& progress) {
    // Marks the project "training" until this returns, so a killed process is noticed on reopening.
    const training_journal::Scope journal(store, QStringLiteral("text"));
    QElapsedTimer clock;
    clock.start();
    auto inputs = listTextInputs(store, options.sources);
    if (!inputs) return inputs.status();
    const QByteArray fingerprint = textFingerprint(inputs.value(), options);
    TextTrainReport report;
    TextModel model;
    if (const auto meta = store.resultMeta(kKind, kKey);
        meta && store.resultFingerprint(kKind, kKey) == fingerprint) {
        const auto stored = store.result(kKind, kKey);
        if (auto loaded = TextModel::deserialise(stored->data); loaded) {
            model = std::move(loaded).value();
            report.reused = true;
            const QJsonObject& m = *meta;
            report.termsSeen = m.value(QStringLiteral("terms_seen")).toInt();
            report.tracksWithOwnText = m.value(QStringLiteral("tracks_with_own_text")).toInt();
            report.documents = qint64(m.value(QStringLiteral("documents")).toDouble());
            report.documentsLinked = qint64(m.value(QStringLiteral("documents_linked")).toDouble());
            report.documentsSkipped =
                qint64(m.value(QStringLiteral("documents_skipped")).toDouble());
            report.warningCount = m.value(QStringLiteral("warnings")).toInt();
            report.nothingToLearn = m.value(QStringLiteral("nothing_to_learn")).toString();
            report.vocabulary = int(model.vocabulary.size());
            report.artists = model.artistRows();
            report.tracks = model.size() - report.artists;
        }
    }
    if (!report.reused) {
        auto built = buildTextModel(inputs.value(), options, report, progress.sub(0.0, 0.95));
        if (!built) return built.status();
        model = std::move(built).value();
        if (report.vocabulary == 0)
            report.nothingToLearn = nothingToLearn(inputs.value(), options.sources, report);
        StoredResult result;
        result.kind = kKind;
        result.key = kKey;
        result.fingerprint = fingerprint;
        result.data = model.serialise();
        result.meta =
            QJsonObject{{QStringLiteral("vocabulary"), report.vocabulary},
                        {QStringLiteral("terms_seen"), report.termsSeen},
                        {QStringLiteral("artists"), report.artists},
                        {QStringLiteral("tracks"), report.tracks},
                        {QStringLiteral("tracks_with_own_text"), report.tracksWithOwnText},
                        {QStringLiteral("documents"), double(report.documents)},
                        {QStringLiteral("documents_linked"), double(report.documentsLinked)},
                        {QStringLiteral("documents_skipped"), double(report.documentsSkipped)},
                        {QStringLiteral("warnings"), report.warningCount},
                        {QStringLiteral("lsa_dims"), int(model.lsa.cols())}};
        if (!report.nothingToLearn.isEmpty())
            result.meta[QStringLiteral("nothing_to_learn")] = report.nothingToLearn;
        if (progress.cancelled()) return Status::cancelled();
        ProjectStore::Transaction tx(store);
        if (Status s = store.putResult(result); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    }

    // On a demo world: how often are an artist's 5 nearest artists by text in its genre?
    const GroundTruth truth = store.groundTruth();
    if (!truth.empty() && model.artistRows() > 5) {
        QHash<Id, int> genreOf;
        for (const auto& [artist, genre] : truth.artistGenre) genreOf.insert(artist, genre);
        std::vector<int> genres(size_t(model.artistRows()), -1);
        for (int e = 0; e < model.artistRows(); ++e)
            genres[size_t(e)] = genreOf.value(model.entities[size_t(e)].id, -1);
        report.genrePrecision5 = neighbourGenrePrecision(
            genres, 5, [&](int e, int n) { return model.similar(e, n); }, 2000);
        if (model.lsa.cols() > 0)
            report.lsaGenrePrecision5 = neighbourGenrePrecision(
                genres, 5, [&](int e, int n) { return model.similarLsa(e, n); }, 2000);
    }
    report.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("Text model ready"));
    return report;
}

Status textModelEmptyReason(const ProjectStore& store) {
    const auto meta = store.resultMeta(kKind, kKey);
    const QString why =
        meta ? meta->value(QStringLiteral("nothing_to_learn")).toString() : QString();
    return why.isEmpty() ? Status::ok() : Status::error(why, Remedy::AddTextSources);
}

Result<TextModel> loadTextModel(const ProjectStore& store) {
    const auto stored = store.result(kKind, kKey);
    if (!stored)
        return Status::error(QStringLiteral("no text model in this project yet"),
                             Remedy::TrainText);
    return TextModel::deserialise(stored->data);
}

}  // namespace tl
