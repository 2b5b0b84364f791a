#include "audiomodel/AudioEvaluation.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "audiomodel/GenrePrecision.h"
#include "eval/Metrics.h"
#include "store/ProjectStore.h"
#include "util/Random.h"

namespace tl::audiomodel {
namespace {

// Scores the held-out tracks for a user by x_u . v_i with fixed user and item vectors.
class FixedVectors : public Recommender {
public:
    FixedVectors(QString name, RowMatrix users, RowMatrix items)
        : name_(std::move(name)), users_(std::move(users)), items_(std::move(items)) {}
    QString name() const override { return name_; }
    Status fit(const SparseMatrix&, const Progress&) override { return Status::ok(); }
    void scoreItems(int user, std::span<float> out) const override {
        const Eigen::VectorXf s = items_ * users_.row(user).transpose();
        for (Eigen::Index i = 0; i < s.size(); ++i) out[size_t(i)] = s[i];
    }
    std::vector<ScoredItem> similarItems(int, int) const override { return {}; }

private:
    QString name_;
    RowMatrix users_, items_;
};

CfModel fitCf(const Interactions& in, const AlsOptions& als, const InteractionOptions& options,
              const Progress& progress, Status* status) {
    ImplicitAls model(als);
    *status = model.fit(in.userItems, progress);
    return cfModelFrom(model, in, als, options);
}

}  // namespace

QJsonObject AudioEvalReport::toJson() const {
    QJsonObject o;
    for (const auto& [method, metrics] : methods) {
        QJsonObject m;
        for (const auto& [name, value] : metrics) m[name] = value;
        m[QStringLiteral("k")] = k;
        o[method] = m;
    }
    QJsonObject genres;
    for (const auto& [name, value] : genrePrecision) genres[name] = value;
    if (!genres.isEmpty()) {
        genres[QStringLiteral("scored_tracks")] = genreScoredTracks;
        genres[QStringLiteral("scored_on")] = QStringLiteral("held-out tracks");
        o[QStringLiteral("genre_precision@10")] = genres;
    }
    QJsonArray epochs;
    for (const nn::EpochStats& e : training.epochs)
        epochs.append(QJsonObject{{QStringLiteral("epoch"), e.epoch},
                                  {QStringLiteral("train_loss"), e.trainLoss},
                                  {QStringLiteral("validation_loss"), e.validationLoss},
                                  {QStringLiteral("seconds"), e.seconds}});
    o[QStringLiteral("k")] = k;
    o[QStringLiteral("tracks_with_audio")] = tracksWithAudio;
    o[QStringLiteral("held_out_tracks")] = heldOutTracks;
    o[QStringLiteral("held_out_listens")] = double(heldOutListens);
    o[QStringLiteral("train_tracks")] = trainTracks;
    o[QStringLiteral("validation_tracks")] = validationTracks;
    o[QStringLiteral("users")] = users;
    o[QStringLiteral("epochs")] = epochs;
    o[QStringLiteral("best_epoch")] = training.bestEpoch;
    o[QStringLiteral("cnn_validation_loss")] = cnnValidationLoss;
    o[QStringLiteral("ridge_validation_loss")] = ridgeValidationLoss;
    o[QStringLiteral("parameters")] = double(parameters);
    o[QStringLiteral("seconds")] = seconds;
    return o;
}

Result<AudioEvalReport> evaluateAudio(const ProjectStore& store, const AudioEvalOptions& options,
                                      const Progress& progress,
                                      const std::function<void(const nn::EpochStats&)>& onEpoch) {
    QElapsedTimer clock;
    clock.start();
    AudioEvalReport report;
    auto listens = loadListens(store, progress.sub(0.0, 0.02));
    if (!listens) return listens.status();
    auto audio = loadAudioTracks(store, progress.sub(0.02, 0.08));
    if (!audio) return audio.status();
    AudioDataSet& data = audio.value();
    report.tracksWithAudio = int(data.tracks.size());

    // The tracks that can be held out: audio and at least minPlays plays.
    std::unordered_map<Id, qint64> plays;
    for (const Listen& l : listens.value()) plays[l.trackId] += l.count;
    std::vector<Id> eligible;
    for (const AudioTrack& t : data.tracks)
        if (plays[t.trackId] >= std::max(1, options.model.data.minPlays))
            eligible.push_back(t.trackId);
    SplitMix64 rng(options.seed, 0xE7A1);
    for (size_t a = eligible.size(); a > 1; --a) std::swap(eligible[a - 1], eligible[rng.below(a)]);
    const size_t nHeld = size_t(std::lround(options.heldOut * double(eligible.size())));
    if (nHeld < 2 || eligible.size() - nHeld < 2)
        return Status::error(
            QStringLiteral("eval-audio needs tracks with audio and at least %1 plays to hold out "
                           "and to train on; this project has %2")
                .arg(options.model.data.minPlays)
                .arg(eligible.size()),
            Remedy::MorePlaysWithAudio);
    std::vector<Id> heldOut(eligible.begin(), eligible.begin() + std::ptrdiff_t(nHeld));
    std::sort(heldOut.begin(), heldOut.end());
    const std::unordered_set<Id> held(heldOut.begin(), heldOut.end());
    report.heldOutTracks = int(heldOut.size());

    // CF with everything (upper bound) and CF blind to the held-out tracks' plays.
    std::vector<Listen> visible;
    visible.reserve(listens->size());
    for (const Listen& l : listens.value())
        if (held.count(l.trackId))
            report.heldOutListens += l.count;
        else
            visible.push_back(l);
    const Interactions full = buildInteractions(listens.value(), options.interactions);
    const Interactions reduced = buildInteractions(visible, options.interactions);
    Status status;
    const CfModel fullCf =
        fitCf(full, options.als, options.interactions, progress.sub(0.08, 0.12), &status);
    if (!status.isOk()) return status;
    const CfModel reducedCf =
        fitCf(reduced, options.als, options.interactions, progress.sub(0.12, 0.16), &status);
    if (!status.isOk()) return status;

    // Ridge and the CNN learn the reduced model's vectors; held-out tracks are never targets.
    DataSetOptions dataOptions = options.model.data;
    dataOptions.exclude = held;
    if (Status s = attachTargets(data, reducedCf, visible, dataOptions); !s.isOk()) return s;
    report.trainTracks = int(data.train.size());
    report.validationTracks = int(data.validation.size());
    auto fitted = fitAudioModel(data, options.model, progress.sub(0.16, 0.92), onEpoch);
    if (!fitted) return fitted.status();
    auto predicted =
        predictTracks(fitted->network, &fitted->ridge, fitted->inputMean, fitted->inputScale, data,
                      options.model.threads, progress.sub(0.92, 0.97));
    if (!predicted) return predicted.status();
    const TrackPredictions& p = predicted.value();
    report.training = fitted->training;
    report.parameters = fitted->network.parameterCount();
    {
        std::vector<int> rows = data.validation;
        auto loss = [&](const RowMatrix& m) {
            Eigen::MatrixXf pr(Eigen::Index(rows.size()), m.cols()), y(pr.rows(), m.cols());
            Eigen::VectorXf w(pr.rows());
            for (size_t i = 0; i < rows.size(); ++i) {
                pr.row(Eigen::Index(i)) = m.row(rows[i]);
                y.row(Eigen::Index(i)) = data.targets.row(rows[i]);
                w[Eigen::Index(i)] = data.weights[rows[i]];
            }
            return weightedMse(pr, y, w);
        };
        report.cnnValidationLoss = loss(p.cnn);
        report.ridgeValidationLoss = fitted->ridge.fitted() ? loss(p.ridge) : -1;
    }

    // Users with held-out listens who have a vector in both CF models; items: held-out tracks.
    const int factors = int(reducedCf.itemFactors.cols());
    const int items = int(heldOut.size());
    std::unordered_map<Id, int> heldColumn;
    for (int i = 0; i < items; ++i) heldColumn[heldOut[size_t(i)]] = i;
    std::vector<SparseMatrix::Entry> entries;
    std::vector<int> reducedRow, fullRow;
    std::unordered_map<Id, int> userIndex;
    for (int r = 0; r < full.userItems.rows; ++r) {
        const Id user = full.rowUser[size_t(r)];
        const int rr = reduced.sessionRows ? -1 : reduced.rowOf(user);
        if (rr < 0 || full.sessionRows) continue;
        int u = -1;
        for (int64_t e = full.userItems.rowStart[size_t(r)];
             e < full.userItems.rowStart[size_t(r) + 1]; ++e) {
            const Id track = full.itemTrack[size_t(full.userItems.colIndex[size_t(e)])];
            const auto col = heldColumn.find(track);
            if (col == heldColumn.end()) continue;
            if (u < 0) {
                u = int(reducedRow.size());
                reducedRow.push_back(rr);
                fullRow.push_back(r);
            }
            entries.push_back({u, col->second, full.userItems.values[size_t(e)]});
        }
    }
    if (reducedRow.empty())
        return Status::error(QStringLiteral(
            "no user with listens of the held-out tracks has a CF vector without them (does the "
            "history have several users? eval-audio needs users, not listening sessions)"));
    const int users = int(reducedRow.size());
    report.users = users;
    const SparseMatrix test = SparseMatrix::fromEntries(users, items, std::move(entries));
    const SparseMatrix train = SparseMatrix::fromEntries(users, items, {});

    RowMatrix reducedUsers(users, factors), fullUsers(users, fullCf.userFactors.cols());
    for (int u = 0; u < users; ++u) {
        reducedUsers.row(u) = reducedCf.userFactors.row(reducedRow[size_t(u)]);
        fullUsers.row(u) = fullCf.userFactors.row(fullRow[size_t(u)]);
    }
    RowMatrix randomV(items, factors), ridgeV(items, factors), cnnV(items, factors),
        trueV(items, fullCf.itemFactors.cols());
    SplitMix64 noise(options.seed, 0x4A4D);
    for (int i = 0; i < items; ++i) {
        const Id track = heldOut[size_t(i)];
        const int row = data.trackIndex(track);
        for (int f = 0; f < factors; ++f) randomV(i, f) = float(noise.normal());
        ridgeV.row(i) = p.ridge.row(row);
        cnnV.row(i) = p.cnn.row(row);
        if (const int c = full.columnOf(track); c >= 0)
            trueV.row(i) = fullCf.itemFactors.row(c);
        else
            trueV.row(i).setZero();  // every play of it was dropped (short plays)
    }
    report.k = std::min(options.k, items);
    EvalOptions eval;
    eval.k = report.k;
    eval.seed = options.seed;
    const QString mapKey = QStringLiteral("map@%1").arg(report.k);
    const std::pair<QString, FixedVectors> methods[] = {
        {QStringLiteral("random"), FixedVectors(QStringLiteral("random"), reducedUsers, randomV)},
        {QStringLiteral("ridge"), FixedVectors(QStringLiteral("ridge"), reducedUsers, ridgeV)},
        {QStringLiteral("cnn"), FixedVectors(QStringLiteral("cnn"), reducedUsers, cnnV)},
        {QStringLiteral("upper_bound"),
         FixedVectors(QStringLiteral("upper_bound"), fullUsers, trueV)}};
    for (const auto& [name, model] : methods) {
        auto metrics = evaluateRanking(model, train, test, eval, progress.sub(0.97, 0.99));
        if (!metrics) return metrics.status();
        report.methods[name] = {{QStringLiteral("auc"), metrics->at(QStringLiteral("auc"))},
                                {QStringLiteral("map@k"), metrics->at(mapKey)}};
    }

    // Demo worlds: do the vectors group genres?
    const GroundTruth truth = store.groundTruth();
    if (!truth.empty()) {
        // Scored on the held-out tracks only: a training track's neighbourhood says how well the
        // model memorised its target, not how well it hears (0.86 vs 0.64 on real soundtracks).
        const GenrePrecision cnn = genrePrecision(truth, p.trackIds, p.cnn, 10, 0, &held);
        report.genrePrecision[QStringLiteral("cnn")] = cnn.precision;
        report.genrePrecision[QStringLiteral("chance")] = cnn.chance;
        report.genreScoredTracks = cnn.tracks;
        report.genrePrecision[QStringLiteral("cnn_embedding")] =
            genrePrecision(truth, p.trackIds, p.embedding, 10, 0, &held).precision;
        report.genrePrecision[QStringLiteral("ridge")] =
            genrePrecision(truth, p.trackIds, p.ridge, 10, 0, &held).precision;
        std::vector<Id> withCf;
        RowMatrix cfRows(Eigen::Index(data.tracks.size()), fullCf.itemFactors.cols());
        for (const AudioTrack& t : data.tracks)
            if (const int c = full.columnOf(t.trackId); c >= 0) {
                cfRows.row(Eigen::Index(withCf.size())) = fullCf.itemFactors.row(c);
                withCf.push_back(t.trackId);
            }
        cfRows.conservativeResize(Eigen::Index(withCf.size()), cfRows.cols());
        report.genrePrecision[QStringLiteral("upper_bound")] =
            genrePrecision(truth, withCf, cfRows, 10, 0, &held).precision;
    }
    report.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("Audio evaluation done"));
    return report;
}

}  // namespace tl::audiomodel
