#include "playlist/BacktestAudio.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include "audiomodel/AudioDataSet.h"
#include "audiomodel/AudioModel.h"
#include "audiomodel/VectorChoice.h"
#include "playlist/IsoWeek.h"

namespace tl {

namespace {
QByteArray fingerprintOf(const ProjectStore& store, const CfModel& cf, qint64 cutoff,
                         const audiomodel::AudioModelOptions& options) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // 2: ridge's vectors when the CNN validates worse (audiomodel/VectorChoice.h).
    hash.addData("tastelab back-test audio 2");
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&cutoff), sizeof(cutoff)));
    // The CF model itself (its vectors are the targets), not how it was made.
    hash.addData(cf.serialise());
    hash.addData(QJsonDocument(options.toJson()).toJson(QJsonDocument::Compact));
    audiomodel::addAnalysedFiles(hash, store);
    return hash.result();
}
}  // namespace

Result<BacktestAudio> backtestAudioVectors(const ProjectStore& store, const CfModel& cfBefore,
                                           const std::vector<Listen>& listens, qint64 cutoff,
                                           const Progress& progress,
                                           std::vector<StoredResult>* deferred) {
    // The project's audio model settings, as `train audio` uses them.
    const audiomodel::AudioModelOptions options;
    const QString key = isoWeekName(cutoff);
    const QByteArray fingerprint = fingerprintOf(store, cfBefore, cutoff, options);
    if (store.resultFingerprint(kBacktestAudioKind, key) == fingerprint) {
        if (auto stored = store.result(kBacktestAudioKind, key)) {
            auto vectors = audiomodel::TrackVectors::deserialise(stored->data);
            if (vectors) {
                progress.report(1.0, QStringLiteral("back-test audio model unchanged"));
                return BacktestAudio{
                    std::move(vectors).value(), true,
                    stored->meta.value(QStringLiteral("vectors_reason")).toString()};
            }
        }
    }
    // Play counts (who is "played enough" to learn from) from the same past only.
    std::vector<Listen> before;
    before.reserve(listens.size());
    for (const Listen& l : listens)
        if (l.endedAt < cutoff) before.push_back(l);
    auto data = audiomodel::buildAudioDataSet(store, cfBefore, before, options.data,
                                              progress.sub(0.0, 0.1));
    if (!data) return data.status();
    progress.report(
        0.1, QStringLiteral("training the back-test's audio model (listens before %1)").arg(key));
    auto fitted = audiomodel::fitAudioModel(data.value(), options, progress.sub(0.1, 0.9), {});
    if (!fitted) return fitted.status();
    auto predictions = audiomodel::predictTracks(fitted->network, &fitted->ridge, fitted->inputMean,
                                                 fitted->inputScale, data.value(), options.threads,
                                                 progress.sub(0.9, 1.0));
    if (!predictions) return predictions.status();
    // The vectors `train audio` would keep: the CNN's, or ridge's when the CNN validates worse.
    audiomodel::VectorChoice choice =
        audiomodel::chooseVectors(predictions.value(), data.value(), fitted->ridge.fitted());
    BacktestAudio out;
    out.predicted.trackIds = predictions->trackIds;
    out.predicted.vectors = std::move(choice.vectors);
    out.vectorsReason = choice.reason;
    if (deferred) {
        StoredResult r;
        r.kind = kBacktestAudioKind;
        r.key = key;
        r.fingerprint = fingerprint;
        r.data = out.predicted.serialise();
        r.meta = QJsonObject{{QStringLiteral("cutoff"), key},
                             {QStringLiteral("tracks"), int(out.predicted.trackIds.size())},
                             {QStringLiteral("best_epoch"), fitted->training.bestEpoch},
                             {QStringLiteral("vectors_from"), choice.from},
                             {QStringLiteral("vectors_reason"), out.vectorsReason}};
        deferred->push_back(std::move(r));
    }
    return out;
}

}  // namespace tl
