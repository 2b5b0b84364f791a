// Which audio prediction the playlist, the maps and the back-test use. The CNN is the paper's
// model, but on a small or unusual library it can predict the CF vectors worse than the ridge
// baseline on the stored descriptors; its vectors are then not used. The choice is made on the
// validation tracks' loss (tracks the models never trained on), and said in words that the CLI
// and the GUI both show.
#pragma once

#include <QString>

#include "audiomodel/AudioModel.h"

namespace tl::audiomodel {

struct VectorChoice {
    QString from;    // "cnn" or "ridge"
    QString reason;  // one sentence: which, and why
    RowMatrix vectors;
    int cnnRowsKept = 0;  // with ridge chosen: tracks without descriptors, left with the CNN's
};

// `cnnLoss` and `ridgeLoss` are track-level validation losses (-1: not measured).
VectorChoice chooseVectors(const TrackPredictions& p, const AudioDataSet& data, double cnnLoss,
                           double ridgeLoss);
// The same, measuring both losses on data.validation (ridge only when it was fitted).
VectorChoice chooseVectors(const TrackPredictions& p, const AudioDataSet& data, bool ridgeFitted);

// The vectors of `from` ("ridge" or "cnn"), as a stored choice is reapplied (an imported model
// keeps the choice made when it was trained); `reason` is kept as it is.
VectorChoice applyChoice(const TrackPredictions& p, const AudioDataSet& data, const QString& from,
                         const QString& reason);

// Below this many training tracks, a report says the model had few and what that means.
inline constexpr int kFewTrainingTracks = 200;

// Empty when trainTracks >= kFewTrainingTracks; else a sentence saying how many tracks the audio
// models learnt from and what that means for their vectors.
QString fewTracksNote(int trainTracks, int validationTracks, qint64 parameters);

}  // namespace tl::audiomodel
