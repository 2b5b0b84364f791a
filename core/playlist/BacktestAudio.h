// The audio source for the back-test without leakage. The project's audio model learnt CF
// vectors fitted on every listen, the scored weeks' first plays included; scoring those weeks
// with it would let the answer in. So the back-test trains an audio model of its own on the
// CF model fitted only on the listens before its FIRST week (strictly before every scored week)
// and uses its predicted vectors as every week's audio source. Trained once, cached in the
// project (kind "backtest.audio", key the cutoff's ISO week), fingerprinted by that CF model,
// the audio model's settings and the log-mels, so moving a slider or running it again never
// retrains.
#pragma once

#include <vector>

#include "audiomodel/TrackVectors.h"
#include "cf/CfModel.h"
#include "job/Progress.h"
#include "job/Result.h"
#include "store/ProjectStore.h"

namespace tl {

struct BacktestAudio {
    audiomodel::TrackVectors predicted;  // every track with audio, cold-start ones included
    bool reused = false;
    QString vectorsReason;  // CNN or ridge, and why (audiomodel/VectorChoice.h)
};

inline const QString kBacktestAudioKind = QStringLiteral("backtest.audio");

// `cfBefore` is the CF model fitted on the listens before `cutoff`; `listens` may hold later
// ones (they are ignored). A new model is appended to `deferred` (written by the caller with
// its week models, so a cancel leaves the project as it was). Errors when the project has no
// analysed audio or too few played tracks with audio: the back-test then reports audio missing
// with that reason.
Result<BacktestAudio> backtestAudioVectors(const ProjectStore& store, const CfModel& cfBefore,
                                           const std::vector<Listen>& listens, qint64 cutoff,
                                           const Progress& progress,
                                           std::vector<StoredResult>* deferred);

}  // namespace tl
