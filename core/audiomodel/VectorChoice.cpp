#include "audiomodel/VectorChoice.h"

#include <QLocale>

#include "audiomodel/AudioDataSet.h"

namespace tl::audiomodel {

VectorChoice chooseVectors(const TrackPredictions& p, const AudioDataSet& data, double cnnLoss,
                           double ridgeLoss) {
    VectorChoice out;
    const bool ridgeBetter =
        ridgeLoss >= 0 && cnnLoss >= 0 && ridgeLoss < cnnLoss && p.ridge.rows() == p.cnn.rows();
    if (!ridgeBetter) {
        out.from = QStringLiteral("cnn");
        out.vectors = p.cnn;
        out.reason = ridgeLoss < 0
                         ? QStringLiteral(
                               "Sound vectors come from the CNN (no ridge baseline to compare: "
                               "no track has descriptors).")
                         : QStringLiteral(
                               "Sound vectors come from the CNN: its validation loss %1 beats "
                               "the ridge baseline's %2.")
                               .arg(cnnLoss, 0, 'f', 3)
                               .arg(ridgeLoss, 0, 'f', 3);
        return out;
    }
    out = applyChoice(p, data, QStringLiteral("ridge"), {});
    out.reason = QStringLiteral(
                     "Sound vectors come from the ridge baseline on descriptors, not the "
                     "CNN: the CNN's validation loss %1 is worse than ridge's %2.")
                     .arg(cnnLoss, 0, 'f', 3)
                     .arg(ridgeLoss, 0, 'f', 3);
    if (out.cnnRowsKept > 0)
        out.reason +=
            QStringLiteral(" %1 without descriptors keep the CNN's vectors.")
                .arg(out.cnnRowsKept == 1 ? QStringLiteral("1 track")
                                          : QStringLiteral("%1 tracks").arg(out.cnnRowsKept));
    return out;
}

VectorChoice applyChoice(const TrackPredictions& p, const AudioDataSet& data, const QString& from,
                         const QString& reason) {
    VectorChoice out;
    out.reason = reason;
    if (from != QLatin1String("ridge") || p.ridge.rows() != p.cnn.rows()) {
        out.from = QStringLiteral("cnn");
        out.vectors = p.cnn;
        return out;
    }
    out.from = QStringLiteral("ridge");
    out.vectors = p.ridge;
    // A track with log-mels but no descriptors has no ridge prediction: it keeps the CNN's
    // rather than a zero vector that would match nothing.
    for (Eigen::Index t = 0; t < out.vectors.rows(); ++t)
        if (!data.hasDescriptors[size_t(t)]) {
            out.vectors.row(t) = p.cnn.row(t);
            ++out.cnnRowsKept;
        }
    return out;
}

VectorChoice chooseVectors(const TrackPredictions& p, const AudioDataSet& data, bool ridgeFitted) {
    return chooseVectors(p, data, validationLoss(data, p.cnn),
                         ridgeFitted ? validationLoss(data, p.ridge) : -1.0);
}

QString fewTracksNote(int trainTracks, int validationTracks, qint64 parameters) {
    if (trainTracks >= kFewTrainingTracks) return {};
    return QStringLiteral(
               "Trained on only %1 tracks (%2 more to validate) for a network of %3 weights: "
               "too few to learn much about sound, so its vectors are rough and the ridge "
               "baseline is often as good. Tracks with audio and plays are what it learns from.")
        .arg(trainTracks)
        .arg(validationTracks)
        .arg(QLocale(QLocale::English, QLocale::UnitedStates).toString(parameters));
}

}  // namespace tl::audiomodel
