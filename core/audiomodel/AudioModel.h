// Training and using the audio model: the data set (AudioDataSet), the ridge baseline and the
// CNN (core/nn) fitted in one run on the same split, then a predicted CF vector and an audio
// embedding for every track with audio — cold-start tracks included — stored in the project.
#pragma once

#include <QCryptographicHash>
#include <QJsonObject>
#include <functional>

#include "audiomodel/AudioDataSet.h"
#include "audiomodel/AudioModelFile.h"
#include "audiomodel/RidgeBaseline.h"
#include "audiomodel/TrackVectors.h"
#include "nn/Network.h"
#include "nn/Trainer.h"

namespace tl::audiomodel {

struct AudioModelOptions {
    DataSetOptions data;
    // inputBands and outputs are set from the data (mel bands, CF factors); the rest is a
    // setting saved with the weights.
    nn::Architecture architecture = defaultArchitecture();
    nn::TrainOptions train;  // train.seed also seeds the network's initial weights
    int threads = 0;         // 0: every core

    // Dieleman's shape (conv over time, pools 4 then 2, mean/max/L2 pooling, dense) shrunk
    // for a 2-core CPU: ~2 x 10^5 parameters on 128 bands.
    static nn::Architecture defaultArchitecture();
    QJsonObject toJson() const;  // everything that changes the trained model
};

struct AudioTrainReport {
    bool reused = false;  // the stored model was trained on these inputs and settings
    int tracksWithAudio = 0;
    int trainTracks = 0;
    int validationTracks = 0;
    int coldStartTracks = 0;  // audio, no plays at all
    int belowMinPlays = 0;
    int withoutCfVector = 0;
    int excerpts = 0;
    std::vector<SkippedTrack> skipped;
    qint64 parameters = 0;
    nn::TrainReport training;
    // Track-level validation loss (weightedMse of the mean prediction over a track's excerpts'
    // centre crops against its unit CF vector): the figure ridge and the CNN are compared by.
    double cnnValidationLoss = -1;
    double ridgeValidationLoss = -1;
    double ridgeLambda = 0;
    // Which prediction is stored as the tracks' sound vectors ("cnn" or "ridge"), and why
    // (audiomodel/VectorChoice.h); a note when it learnt from few tracks.
    QString vectorsFrom = QStringLiteral("cnn");
    QString vectorsReason;
    QString fewTracksNote;
    // Demo worlds: same-genre share of the 10 nearest (cosine) of the tracks the models never
    // trained on (validation tracks and tracks nobody played), -1 elsewhere. `predicted` is of
    // the stored sound vectors, whichever model made them.
    double embeddingGenrePrecision = -1;
    double predictedGenrePrecision = -1;
    double genreChance = -1;
    int genreScoredTracks = 0;
    double trainSeconds = 0;
    double predictSeconds = 0;
    double seconds = 0;
    QJsonObject toJson() const;
};

// The network and baseline fitted on a data set, with the input scaling they were fitted with.
struct FittedAudioModel {
    nn::Network network;
    RidgeBaseline ridge;
    float inputMean = 0.f;
    float inputScale = 1.f;
    nn::TrainReport training;
};

struct TrackPredictions {
    std::vector<Id> trackIds;  // the data set's tracks, in its order
    RowMatrix cnn;             // predicted CF vector (mean over excerpts' centre crops)
    RowMatrix embedding;       // last hidden layer (mean over excerpts)
    RowMatrix ridge;           // the baseline's prediction (zero where no descriptors)
};

// Fits ridge and the CNN on data.train, selecting on data.validation.
Result<FittedAudioModel> fitAudioModel(const AudioDataSet& data, const AudioModelOptions& options,
                                       const Progress& progress,
                                       const std::function<void(const nn::EpochStats&)>& onEpoch);
// Every track of `data`, in parallel over tracks (Network::predict is thread-safe).
Result<TrackPredictions> predictTracks(const nn::Network& network, const RidgeBaseline* ridge,
                                       float inputMean, float inputScale, const AudioDataSet& data,
                                       int threads, const Progress& progress);

// Track-level validation loss of predictions (rows in data-set order): the weighted MSE against
// the validation tracks' CF vectors; -1 without validation tracks.
double validationLoss(const AudioDataSet& d, const RowMatrix& predicted);

// Builds the data set from the stored CF model and log-mels, fits, predicts and stores the model
// ("audio.cnn"/"model") and the vectors ("audio.vectors"/"predicted", "embedding") in one
// transaction. Unchanged inputs (CF model, log-mels, settings, seed): the stored model is reused.
// A cancel leaves the project unchanged.
Result<AudioTrainReport> trainAudioModel(
    ProjectStore& store, const AudioModelOptions& options, const Progress& progress,
    const std::function<void(const nn::EpochStats&)>& onEpoch = {});

// The fingerprint trainAudioModel() stores: CF model, each track's log-mel fingerprint,
// settings and seed.
Result<QByteArray> audioModelFingerprint(const ProjectStore& store,
                                         const AudioModelOptions& options);
// Adds every analysed track file (track, file, log-mel fingerprint) to `hash`: the audio inputs
// part of a fingerprint (also the back-test's audio model's).
void addAnalysedFiles(QCryptographicHash& hash, const ProjectStore& store);

// The stored model, checked: readable, the network's architecture is the header's, and the
// project's log-mels were made with the model's front-end options.
struct LoadedAudioModel {
    AudioModelFile file;
    nn::Network network;
    RidgeBaseline ridge;
};
Result<LoadedAudioModel> loadAudioModel(const ProjectStore& store);
// Parses and checks a model blob (`where` names it in errors).
Result<LoadedAudioModel> readAudioModel(const QByteArray& bytes, const QString& where);

// Writes the stored model to a standalone file.
Status exportAudioModel(const ProjectStore& store, const QString& path);
// Reads a model file, checks it against this project's front-end options, stores it and
// predicts vectors for every track with audio. Returns how many tracks got vectors.
Result<int> importAudioModel(ProjectStore& store, const QString& path, int threads,
                             const Progress& progress);

}  // namespace tl::audiomodel
