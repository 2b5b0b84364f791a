#include "audiomodel/AudioModel.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <atomic>
#include <cmath>
#include <unordered_set>

#include "audiomodel/GenrePrecision.h"
#include "audiomodel/LogMelBatches.h"
#include "audiomodel/VectorChoice.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"
#include "util/ParallelFor.h"

namespace tl::audiomodel {
namespace {

Eigen::MatrixXf gatherRows(const Eigen::MatrixXf& m, const std::vector<int>& rows) {
    Eigen::MatrixXf out(Eigen::Index(rows.size()), m.cols());
    for (size_t i = 0; i < rows.size(); ++i) out.row(Eigen::Index(i)) = m.row(rows[i]);
    return out;
}

Eigen::VectorXf gather(const Eigen::VectorXf& v, const std::vector<int>& rows) {
    Eigen::VectorXf out(Eigen::Index(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i) out[Eigen::Index(i)] = v[rows[i]];
    return out;
}

std::vector<int> withDescriptors(const AudioDataSet& d, const std::vector<int>& rows) {
    std::vector<int> out;
    for (int r : rows)
        if (d.hasDescriptors[size_t(r)]) out.push_back(r);
    return out;
}

QJsonObject trainOptionsJson(const nn::TrainOptions& t) {
    return QJsonObject{{QStringLiteral("epochs"), t.epochs},
                       {QStringLiteral("batch_size"), t.batchSize},
                       {QStringLiteral("learning_rate"), double(t.adam.learningRate)},
                       {QStringLiteral("weight_decay"), double(t.adam.weightDecay)},
                       {QStringLiteral("warmup_epochs"), double(t.warmupEpochs)},
                       {QStringLiteral("patience"), t.patience},
                       {QStringLiteral("seed"), QString::number(t.seed)}};
}

Status storeModel(ProjectStore& store, const AudioModelFile& file, const QByteArray& fingerprint,
                  const TrackPredictions& p, const VectorChoice& choice) {
    StoredResult model;
    model.kind = kModelKind;
    model.key = kModelKey;
    model.fingerprint = fingerprint;
    model.data = file.serialise();
    model.meta = file.report;
    model.meta[QStringLiteral("architecture")] = file.architecture;
    model.meta[QStringLiteral("front_end")] = file.frontEnd;
    StoredResult predicted{kVectorsKind,
                           kPredictedKey,
                           fingerprint,
                           TrackVectors{p.trackIds, choice.vectors}.serialise(),
                           QJsonObject{{QStringLiteral("tracks"), int(p.trackIds.size())},
                                       {QStringLiteral("dims"), int(choice.vectors.cols())},
                                       {QStringLiteral("from"), choice.from}},
                           {}};
    StoredResult embedding{kVectorsKind,
                           kEmbeddingKey,
                           fingerprint,
                           TrackVectors{p.trackIds, p.embedding}.serialise(),
                           QJsonObject{{QStringLiteral("tracks"), int(p.trackIds.size())},
                                       {QStringLiteral("dims"), int(p.embedding.cols())}},
                           {}};
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    for (const StoredResult* r : {&model, &predicted, &embedding})
        if (Status s = store.putResult(*r); !s.isOk()) return s;
    return tx.commit();
}

}  // namespace

nn::Architecture AudioModelOptions::defaultArchitecture() {
    nn::Architecture a;
    a.inputFrames = 216;  // ~5 s crops of the 10 s excerpts
    a.conv = {{64, 4, 4}, {64, 4, 2}, {128, 4, 1}};
    a.norm = nn::Norm::Batch;
    a.poolMean = a.poolMax = a.poolL2 = true;
    a.dense = {256};
    a.dropout = 0.3f;
    return a;
}

QJsonObject AudioModelOptions::toJson() const {
    return QJsonObject{{QStringLiteral("architecture"), architecture.toJson()},
                       {QStringLiteral("train"), trainOptionsJson(train)},
                       {QStringLiteral("min_plays"), data.minPlays},
                       {QStringLiteral("weight_by_plays"), data.weightByPlays},
                       {QStringLiteral("validation_share"), data.validationShare},
                       {QStringLiteral("split_seed"), QString::number(data.seed)}};
}

QJsonObject AudioTrainReport::toJson() const {
    QJsonArray epochs;
    for (const nn::EpochStats& e : training.epochs)
        epochs.append(QJsonObject{{QStringLiteral("epoch"), e.epoch},
                                  {QStringLiteral("train_loss"), e.trainLoss},
                                  {QStringLiteral("validation_loss"), e.validationLoss},
                                  {QStringLiteral("learning_rate"), double(e.learningRate)},
                                  {QStringLiteral("seconds"), e.seconds}});
    QJsonArray skippedTracks;
    for (const SkippedTrack& s : skipped)
        skippedTracks.append(QJsonObject{{QStringLiteral("track_id"), double(s.trackId)},
                                         {QStringLiteral("file"), s.file},
                                         {QStringLiteral("reason"), s.reason}});
    QJsonObject o{{QStringLiteral("reused"), reused},
                  {QStringLiteral("tracks_with_audio"), tracksWithAudio},
                  {QStringLiteral("train_tracks"), trainTracks},
                  {QStringLiteral("validation_tracks"), validationTracks},
                  {QStringLiteral("tracks_used"), trainTracks + validationTracks},
                  {QStringLiteral("cold_start_tracks"), coldStartTracks},
                  {QStringLiteral("below_min_plays"), belowMinPlays},
                  {QStringLiteral("without_cf_vector"), withoutCfVector},
                  {QStringLiteral("tracks_skipped"), int(skipped.size())},
                  {QStringLiteral("skipped"), skippedTracks},
                  {QStringLiteral("excerpts"), excerpts},
                  {QStringLiteral("parameters"), double(parameters)},
                  {QStringLiteral("epochs"), epochs},
                  {QStringLiteral("best_epoch"), training.bestEpoch},
                  {QStringLiteral("stopped_early"), training.stoppedEarly},
                  {QStringLiteral("cnn_best_validation_loss"), training.bestValidationLoss},
                  {QStringLiteral("cnn_validation_loss"), cnnValidationLoss},
                  {QStringLiteral("ridge_validation_loss"), ridgeValidationLoss},
                  {QStringLiteral("ridge_lambda"), ridgeLambda},
                  {QStringLiteral("vectors_from"), vectorsFrom},
                  {QStringLiteral("vectors_reason"), vectorsReason},
                  {QStringLiteral("train_seconds"), trainSeconds},
                  {QStringLiteral("predict_seconds"), predictSeconds},
                  {QStringLiteral("seconds"), seconds}};
    if (!fewTracksNote.isEmpty()) o[QStringLiteral("few_tracks_note")] = fewTracksNote;
    if (predictedGenrePrecision >= 0) {
        o[QStringLiteral("genre_precision@10")] = predictedGenrePrecision;
        o[QStringLiteral("embedding_genre_precision@10")] = embeddingGenrePrecision;
        o[QStringLiteral("genre_chance")] = genreChance;
        o[QStringLiteral("genre_scored_tracks")] = genreScoredTracks;
        o[QStringLiteral("genre_scored_on")] =
            QStringLiteral("held-out tracks: validation tracks and tracks nobody played");
    }
    return o;
}

Result<FittedAudioModel> fitAudioModel(const AudioDataSet& data, const AudioModelOptions& options,
                                       const Progress& progress,
                                       const std::function<void(const nn::EpochStats&)>& onEpoch) {
    if (data.train.empty() || data.validation.empty())
        return Status::error(
            QStringLiteral("the audio model needs at least two tracks with audio and enough "
                           "plays (one to train on, one to validate); this project has %1")
                .arg(data.train.size() + data.validation.size()));
    // The baseline first: closed form, a fraction of a second.
    const std::vector<int> ridgeTrain = withDescriptors(data, data.train);
    const std::vector<int> ridgeValid = withDescriptors(data, data.validation);
    RidgeBaseline ridge;
    if (!ridgeTrain.empty()) {
        if (Status s = ridge.fitWithGrid(
                gatherRows(data.descriptors, ridgeTrain), gatherRows(data.targets, ridgeTrain),
                gather(data.weights, ridgeTrain), gatherRows(data.descriptors, ridgeValid),
                gatherRows(data.targets, ridgeValid), gather(data.weights, ridgeValid));
            !s.isOk())
            return s;
    }
    if (progress.cancelled()) return Status::cancelled();

    nn::Architecture arch = options.architecture;
    arch.inputBands = data.nMels;
    arch.outputs = data.factors();
    if (const QString problem = arch.validate(); !problem.isEmpty())
        return Status::error(QStringLiteral("audio model architecture: ") + problem);
    auto network = nn::Network::create(arch, options.train.seed);
    if (!network) return network.status();
    FittedAudioModel fitted{std::move(network).value(), std::move(ridge), 0.f, 1.f, {}};
    // The targets are unit vectors: each of their `outputs` components is of size
    // 1/sqrt(outputs), while the output layer starts with outputs of about the hidden layer's
    // scale (LeCun init). Starting at the targets' scale avoids a first epoch of huge gradients
    // that pushes the ReLUs into silence (the network then only learns the mean vector).
    for (nn::Parameter* p : fitted.network.parameters())
        if (p->name == QLatin1String("output.weight"))
            p->value *= 1.0f / std::sqrt(float(arch.outputs));
    fitted.network.setThreads(options.threads);

    const auto [mean, scale] = inputScaling(data, data.train);
    fitted.inputMean = mean;
    fitted.inputScale = scale;
    const LogMelBatches trainBatches(data, data.train, arch.inputFrames, mean, scale);
    const LogMelBatches validBatches(data, data.validation, arch.inputFrames, mean, scale);
    nn::TrainOptions train = options.train;
    train.threads = options.threads;
    auto report = nn::train(fitted.network, trainBatches, validBatches, train, progress, onEpoch);
    if (!report) return report.status();
    if (fitted.network.hasNonFinite())
        return Status::error(QStringLiteral("audio model training diverged (non-finite weights)"),
                             Remedy::LowerLearningRate);
    fitted.training = std::move(report).value();
    return fitted;
}

Result<TrackPredictions> predictTracks(const nn::Network& network, const RidgeBaseline* ridge,
                                       float inputMean, float inputScale, const AudioDataSet& data,
                                       int threads, const Progress& progress) {
    const nn::Architecture& arch = network.architecture();
    if (arch.inputBands != data.nMels)
        return Status::error(QStringLiteral("the audio model takes %1 mel bands; the project's "
                                            "log-mels have %2")
                                 .arg(arch.inputBands)
                                 .arg(data.nMels));
    const int n = int(data.tracks.size());
    TrackPredictions p;
    p.trackIds.reserve(size_t(n));
    for (const AudioTrack& t : data.tracks) p.trackIds.push_back(t.trackId);
    p.cnn = RowMatrix::Zero(n, arch.outputs);
    p.embedding = RowMatrix::Zero(n, arch.embeddingSize());
    // One track per task on every core; each task's network runs single-threaded.
    nn::Network local = network;
    local.setThreads(1);
    const int frames = arch.inputFrames;
    const float inverse = 1.0f / inputScale;
    std::atomic<int> failed{-1};
    const bool finished = parallelFor(
        n, 1, threads,
        [&](int64_t begin, int64_t end) {
            nn::Tensor x;
            Eigen::MatrixXf embedding;
            for (int64_t t = begin; t < end; ++t) {
                const AudioTrack& track = data.tracks[size_t(t)];
                x.resize(int(track.excerpts.size()), data.nMels, frames);
                for (int e = 0; e < x.batch; ++e) {
                    const Eigen::MatrixXf& m = track.excerpts[size_t(e)];
                    float* out = x.sample(e);
                    cropExcerpt(m, centreStart(int(m.cols()), frames), frames, out);
                    for (int i = 0; i < x.sampleSize(); ++i)
                        out[i] = (out[i] - inputMean) * inverse;
                }
                const Eigen::MatrixXf y = local.predict(x, &embedding);
                if (y.rows() != x.batch || !y.allFinite()) {
                    failed = int(t);
                    continue;
                }
                p.cnn.row(t) = y.colwise().mean();
                p.embedding.row(t) = embedding.colwise().mean();
            }
        },
        &progress);
    if (!finished || progress.cancelled()) return Status::cancelled();
    if (failed >= 0)
        return Status::error(QStringLiteral("the audio model gave no finite prediction for "
                                            "track %1 (%2 excerpts)")
                                 .arg(data.tracks[size_t(failed.load())].trackId)
                                 .arg(data.tracks[size_t(failed.load())].excerpts.size()));
    p.ridge = RowMatrix::Zero(n, arch.outputs);
    if (ridge && ridge->fitted() && ridge->weights().cols() == arch.outputs) {
        const Eigen::MatrixXf r = ridge->predict(data.descriptors);
        for (int t = 0; t < n; ++t)
            if (data.hasDescriptors[size_t(t)]) p.ridge.row(t) = r.row(t);
    }
    return p;
}

double validationLoss(const AudioDataSet& d, const RowMatrix& predicted) {
    if (d.validation.empty()) return -1;
    const Eigen::MatrixXf p = gatherRows(Eigen::MatrixXf(predicted), d.validation);
    return weightedMse(p, gatherRows(d.targets, d.validation), gather(d.weights, d.validation));
}

Result<QByteArray> audioModelFingerprint(const ProjectStore& store,
                                         const AudioModelOptions& options) {
    const auto cf = store.resultFingerprint(QStringLiteral("cf.als"), QStringLiteral("model"));
    if (!cf)
        return Status::error(QStringLiteral("no CF model in this project yet: the audio model "
                                            "learns CF vectors, so CF comes first"),
                             Remedy::TrainCf);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // 2: the stored sound vectors are ridge's when the CNN validates worse (VectorChoice).
    hash.addData("tastelab audio model 2");
    hash.addData(*cf);
    hash.addData(QJsonDocument(options.toJson()).toJson(QJsonDocument::Compact));
    addAnalysedFiles(hash, store);
    return hash.result();
}

void addAnalysedFiles(QCryptographicHash& hash, const ProjectStore& store) {
    for (const TrackAudioFile& f : analysedTrackFiles(store)) {
        const qint64 ids[] = {f.trackId, f.file.id};
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(ids), sizeof(ids)));
        hash.addData(f.fingerprint);
    }
}

Result<AudioTrainReport> trainAudioModel(
    ProjectStore& store, const AudioModelOptions& options, const Progress& progress,
    const std::function<void(const nn::EpochStats&)>& onEpoch) {
    // Marks the project "training" until this returns, so a killed process is noticed on reopening.
    const training_journal::Scope journal(store, QStringLiteral("audio"));
    QElapsedTimer clock;
    clock.start();
    auto fingerprint = audioModelFingerprint(store, options);
    if (!fingerprint) return fingerprint.status();
    AudioTrainReport report;
    if (store.resultFingerprint(kModelKind, kModelKey) == fingerprint.value() &&
        store.resultFingerprint(kVectorsKind, kPredictedKey) == fingerprint.value() &&
        store.resultFingerprint(kVectorsKind, kEmbeddingKey) == fingerprint.value()) {
        if (auto loaded = loadAudioModel(store)) {
            const QJsonObject r = loaded->file.report;
            report.reused = true;
            report.tracksWithAudio = r.value(QStringLiteral("tracks_with_audio")).toInt();
            report.trainTracks = r.value(QStringLiteral("train_tracks")).toInt();
            report.validationTracks = r.value(QStringLiteral("validation_tracks")).toInt();
            report.coldStartTracks = r.value(QStringLiteral("cold_start_tracks")).toInt();
            report.belowMinPlays = r.value(QStringLiteral("below_min_plays")).toInt();
            report.withoutCfVector = r.value(QStringLiteral("without_cf_vector")).toInt();
            report.excerpts = r.value(QStringLiteral("excerpts")).toInt();
            report.parameters = qint64(r.value(QStringLiteral("parameters")).toDouble());
            report.training.bestEpoch = r.value(QStringLiteral("best_epoch")).toInt();
            report.training.bestValidationLoss =
                r.value(QStringLiteral("cnn_best_validation_loss")).toDouble();
            report.cnnValidationLoss = r.value(QStringLiteral("cnn_validation_loss")).toDouble();
            report.ridgeValidationLoss =
                r.value(QStringLiteral("ridge_validation_loss")).toDouble();
            report.ridgeLambda = r.value(QStringLiteral("ridge_lambda")).toDouble();
            report.predictedGenrePrecision =
                r.value(QStringLiteral("genre_precision@10")).toDouble(-1);
            report.embeddingGenrePrecision =
                r.value(QStringLiteral("embedding_genre_precision@10")).toDouble(-1);
            report.genreChance = r.value(QStringLiteral("genre_chance")).toDouble(-1);
            report.genreScoredTracks = r.value(QStringLiteral("genre_scored_tracks")).toInt();
            report.vectorsFrom =
                r.value(QStringLiteral("vectors_from")).toString(QStringLiteral("cnn"));
            report.vectorsReason = r.value(QStringLiteral("vectors_reason")).toString();
            report.fewTracksNote = r.value(QStringLiteral("few_tracks_note")).toString();
            for (const auto& e : r.value(QStringLiteral("epochs")).toArray()) {
                const QJsonObject o = e.toObject();
                report.training.epochs.push_back(
                    {o.value(QStringLiteral("epoch")).toInt(),
                     o.value(QStringLiteral("train_loss")).toDouble(),
                     o.value(QStringLiteral("validation_loss")).toDouble(),
                     o.value(QStringLiteral("seconds")).toDouble(),
                     float(o.value(QStringLiteral("learning_rate")).toDouble())});
            }
            report.seconds = double(clock.elapsed()) / 1000.0;
            progress.report(1.0, QStringLiteral("Audio model unchanged"));
            return report;
        }
    }

    auto cf = loadCfModel(store);
    if (!cf) return cf.status();
    auto listens = loadListens(store, progress.sub(0.0, 0.02));
    if (!listens) return listens.status();
    auto data = buildAudioDataSet(store, cf.value(), listens.value(), options.data,
                                  progress.sub(0.02, 0.1));
    if (!data) return data.status();
    const AudioDataSet& d = data.value();

    QElapsedTimer trainClock;
    trainClock.start();
    auto fitted = fitAudioModel(d, options, progress.sub(0.1, 0.9), onEpoch);
    if (!fitted) return fitted.status();
    report.trainSeconds = double(trainClock.elapsed()) / 1000.0;
    QElapsedTimer predictClock;
    predictClock.start();
    auto predictions =
        predictTracks(fitted->network, &fitted->ridge, fitted->inputMean, fitted->inputScale, d,
                      options.threads, progress.sub(0.9, 0.98));
    if (!predictions) return predictions.status();
    report.predictSeconds = double(predictClock.elapsed()) / 1000.0;
    const TrackPredictions& p = predictions.value();

    report.tracksWithAudio = int(d.tracks.size());
    report.trainTracks = int(d.train.size());
    report.validationTracks = int(d.validation.size());
    for (const AudioTrack& t : d.tracks) report.coldStartTracks += t.plays == 0;
    report.belowMinPlays = d.belowMinPlays;
    report.withoutCfVector = d.withoutCfVector;
    report.excerpts = d.excerptCount();
    report.skipped = d.skipped;
    report.parameters = fitted->network.parameterCount();
    report.training = fitted->training;
    report.cnnValidationLoss = validationLoss(d, p.cnn);
    report.ridgeValidationLoss = fitted->ridge.fitted() ? validationLoss(d, p.ridge) : -1;
    report.ridgeLambda = fitted->ridge.lambda();
    const VectorChoice choice =
        chooseVectors(p, d, report.cnnValidationLoss, report.ridgeValidationLoss);
    report.vectorsFrom = choice.from;
    report.vectorsReason = choice.reason;
    report.fewTracksNote =
        fewTracksNote(report.trainTracks, report.validationTracks, report.parameters);
    const GroundTruth truth = store.groundTruth();
    if (!truth.empty()) {
        // Scored where the models never saw the answer: a training track's own neighbourhood
        // says how well the model memorised, not how well it hears.
        std::unordered_set<Id> heldOut;
        for (const int row : d.validation) heldOut.insert(d.tracks[size_t(row)].trackId);
        for (const AudioTrack& t : d.tracks)
            if (t.plays == 0) heldOut.insert(t.trackId);
        const GenrePrecision predicted =
            genrePrecision(truth, p.trackIds, choice.vectors, 10, 0, &heldOut);
        report.predictedGenrePrecision = predicted.precision;
        report.genreChance = predicted.chance;
        report.genreScoredTracks = predicted.tracks;
        report.embeddingGenrePrecision =
            genrePrecision(truth, p.trackIds, p.embedding, 10, 0, &heldOut).precision;
    }
    report.seconds = double(clock.elapsed()) / 1000.0;

    AudioModelFile file;
    file.architecture = fitted->network.architecture().toJson();
    file.frontEnd = d.frontEnd;
    file.fingerprint = fingerprint.value();
    file.inputMean = fitted->inputMean;
    file.inputScale = fitted->inputScale;
    file.report = report.toJson();
    file.network = fitted->network.serialise();
    file.ridge = fitted->ridge.fitted() ? fitted->ridge.serialise() : QByteArray();
    if (progress.cancelled()) return Status::cancelled();
    if (Status s = storeModel(store, file, fingerprint.value(), p, choice); !s.isOk()) return s;
    progress.report(1.0, QStringLiteral("Audio model ready"));
    return report;
}

Result<LoadedAudioModel> readAudioModel(const QByteArray& bytes, const QString& where) {
    auto file = AudioModelFile::deserialise(bytes, where);
    if (!file) return file.status();
    auto network = nn::Network::deserialise(file->network);
    if (!network) return network.status().withContext(where);
    auto arch = nn::Architecture::fromJson(file->architecture);
    if (!arch) return arch.status().withContext(where);
    if (!(arch.value() == network->architecture()))
        return Status::error(QStringLiteral("%1: the network's architecture is not the one its "
                                            "header describes")
                                 .arg(where));
    if (network->hasNonFinite())
        return Status::error(QStringLiteral("%1: the network holds non-finite weights").arg(where));
    LoadedAudioModel loaded{std::move(file).value(), std::move(network).value(), {}};
    if (!loaded.file.ridge.isEmpty()) {
        auto ridge = RidgeBaseline::deserialise(loaded.file.ridge);
        if (!ridge) return ridge.status().withContext(where);
        loaded.ridge = std::move(ridge).value();
    }
    return loaded;
}

Result<LoadedAudioModel> loadAudioModel(const ProjectStore& store) {
    const auto stored = store.result(kModelKind, kModelKey);
    if (!stored)
        return Status::error(QStringLiteral("no audio model in this project yet"),
                             Remedy::TrainAudio);
    auto loaded = readAudioModel(stored->data, QStringLiteral("stored audio model"));
    if (!loaded) return loaded.status();
    if (Status s = checkFrontEnd(loaded->file.frontEnd, projectFrontEnd(store)); !s.isOk())
        return s;
    return loaded;
}

Status exportAudioModel(const ProjectStore& store, const QString& path) {
    const auto stored = store.result(kModelKind, kModelKey);
    if (!stored)
        return Status::error(QStringLiteral("no audio model in this project to export"),
                             Remedy::TrainAudio);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(stored->data) != stored->data.size() ||
        !out.commit())
        return Status::error(QStringLiteral("%1: cannot write (%2)").arg(path, out.errorString()));
    return Status::ok();
}

Result<int> importAudioModel(ProjectStore& store, const QString& path, int threads,
                             const Progress& progress) {
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return Status::error(QStringLiteral("%1: cannot read (%2)").arg(path, in.errorString()));
    auto loaded = readAudioModel(in.readAll(), path);
    if (!loaded) return loaded.status();
    auto data = loadAudioTracks(store, progress.sub(0.0, 0.2));
    if (!data) return data.status();
    if (Status s = checkFrontEnd(loaded->file.frontEnd, data->frontEnd); !s.isOk())
        return s.withContext(path);
    auto p = predictTracks(loaded->network, &loaded->ridge, loaded->file.inputMean,
                           loaded->file.inputScale, data.value(), threads, progress.sub(0.2, 0.95));
    if (!p) return p.status();
    if (progress.cancelled()) return Status::cancelled();
    loaded->file.report[QStringLiteral("imported_from")] = path;
    const QJsonObject& trained = loaded->file.report;
    const VectorChoice choice = applyChoice(
        p.value(), data.value(), trained.value(QStringLiteral("vectors_from")).toString(),
        trained.value(QStringLiteral("vectors_reason")).toString());
    if (Status s = storeModel(store, loaded->file, loaded->file.fingerprint, p.value(), choice);
        !s.isOk())
        return s;
    return int(p->trackIds.size());
}

}  // namespace tl::audiomodel
