// The paper's table on our own data (van den Oord et al. 2013, table 1): for tracks whose plays
// CF never saw, how well do vectors from random, the ridge baseline, the CNN, and the true CF
// vectors (upper bound) rank each user's held-out listens?
#pragma once

#include <QJsonObject>
#include <map>

#include "audiomodel/AudioModel.h"
#include "cf/ImplicitAls.h"
#include "cf/Interactions.h"

namespace tl::audiomodel {

struct AudioEvalOptions {
    double heldOut = 0.2;  // share of the tracks with audio and at least minPlays plays
    int k = 500;           // mAP@k; capped at the number of held-out tracks
    quint64 seed = 1;      // which tracks are held out, and the random vectors
    AudioModelOptions model;
    AlsOptions als;
    InteractionOptions interactions;
};

struct AudioEvalReport {
    int tracksWithAudio = 0;
    int heldOutTracks = 0;
    int trainTracks = 0;
    int validationTracks = 0;
    int users = 0;              // users with held-out listens who have a CF vector
    int k = 0;                  // the k of "map@k"
    qint64 heldOutListens = 0;  // hidden from the CF model the audio model learnt
    // "random", "ridge", "cnn", "upper_bound" -> "auc", "map@k"
    std::map<QString, std::map<QString, double>> methods;
    // Demo worlds: same-genre share of the 10 nearest tracks (cosine) of each held-out track
    // (never a training target; neighbours among every track with audio), as the paper's table
    // scores: "cnn_embedding", "cnn", "ridge", "upper_bound" (true CF vectors), "chance".
    std::map<QString, double> genrePrecision;
    int genreScoredTracks = 0;
    nn::TrainReport training;
    double cnnValidationLoss = -1;
    double ridgeValidationLoss = -1;
    qint64 parameters = 0;
    double seconds = 0;
    QJsonObject toJson() const;
};

// Leaves the project unchanged: every model here is trained in memory.
Result<AudioEvalReport> evaluateAudio(
    const ProjectStore& store, const AudioEvalOptions& options, const Progress& progress,
    const std::function<void(const nn::EpochStats&)>& onEpoch = {});

}  // namespace tl::audiomodel
