// core/audiomodel/: the audio model around the network (core/nn) — van den Oord, Dieleman &
// Schrauwen 2013: a CNN on log-mel excerpts trained to predict each track's CF vector. This
// folder owns the training data (tracks with stored log-mels and ALS vectors), the paper's
// bag-of-features ridge baseline, training and storing the model, predicting vectors for every
// track with audio (cold start too), and the evaluation that reproduces the paper's table.
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <unordered_set>
#include <vector>

#include "catalog/Catalog.h"
#include "cf/CfModel.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl {
class ProjectStore;
}

namespace tl::audiomodel {

struct DataSetOptions {
    int minPlays = 5;              // a track needs this many plays for its CF vector to be a target
    bool weightByPlays = false;    // loss weight log(1 + plays) instead of 1
    double validationShare = 0.2;  // of the target tracks, by track
    quint64 seed = 1;
    // Tracks that must not be learnt from (eval-audio's held-out tracks): no target, no split.
    std::unordered_set<Id> exclude;
};

// One track with stored log-mel excerpts (its first matched file that has them).
struct AudioTrack {
    Id trackId = 0;
    Id fileId = 0;
    qint64 plays = 0;
    std::vector<Eigen::MatrixXf> excerpts;  // nMels x frames each, dB
    QByteArray logMelFingerprint;           // the stored analysis's fingerprint
};

struct SkippedTrack {
    Id trackId = 0;
    QString file;
    QString reason;
};

// The tracks with audio; those with a CF vector and enough plays carry a target (their ALS item
// vector scaled to unit length, as in the paper) and are split by track into train/validation.
struct AudioDataSet {
    int nMels = 0;
    std::vector<AudioTrack> tracks;      // every usable track with audio, by track id
    Eigen::MatrixXf targets;             // tracks x factors (zero rows where no target)
    std::vector<char> hasTarget;         // per track
    Eigen::VectorXf weights;             // per track: 1 or log(1 + plays); 0 without target
    std::vector<int> train, validation;  // indices into tracks
    std::vector<SkippedTrack> skipped;   // unreadable or non-finite log-mels, named
    int belowMinPlays = 0;               // tracks with audio and a CF vector but too few plays
    int withoutCfVector = 0;             // tracks with audio the CF model has no vector for
    int filesWithTrack = 0;              // music files matched to a track
    int filesAnalysed = 0;               // of those, tracks whose file has stored log-mels
    QJsonObject frontEnd;                // the front-end options the log-mels were made with
    // The classic descriptors per track (ridge's features); rows without them are zero.
    Eigen::MatrixXf descriptors;
    std::vector<char> hasDescriptors;
    int factors() const { return int(targets.cols()); }
    int trackIndex(Id trackId) const;  // -1 when absent
    int excerptCount() const;
    int minFrames() const;
};

// Each track's file whose stored log-mel excerpts stand for it (the lowest file id that has
// them), with that analysis's fingerprint; by track id. Reads fingerprints only, not excerpts.
struct TrackAudioFile {
    Id trackId = 0;
    AudioFile file;
    QByteArray fingerprint;
};
std::vector<TrackAudioFile> analysedTrackFiles(const ProjectStore& store,
                                               int* filesWithTrack = nullptr);

// Reads the project's stored log-mels (core/audio analyzeProject) and descriptors: every track
// with usable audio, no targets yet. Errors only when no track has stored log-mels at all.
Result<AudioDataSet> loadAudioTracks(const ProjectStore& store, const Progress& progress);
// Gives the tracks their targets from the CF model's item vectors and the play counts of
// `listens`, and splits them. Errors when no track has both audio and enough plays, saying which
// part is missing.
Status attachTargets(AudioDataSet& data, const CfModel& cf, const std::vector<Listen>& listens,
                     const DataSetOptions& options);
// Both of the above.
Result<AudioDataSet> buildAudioDataSet(const ProjectStore& store, const CfModel& cf,
                                       const std::vector<Listen>& listens,
                                       const DataSetOptions& options, const Progress& progress);

// Seeded split of `indices` by track: validation gets round(share * n) of them (at least one and
// at most n - 1 when n >= 2). Both halves come back sorted.
void splitByTrack(const std::vector<int>& indices, double share, quint64 seed,
                  std::vector<int>& train, std::vector<int>& validation);

// Writes `frames` columns of `logMel` starting at `start` into out[c * frames + t] (a channel's
// frames contiguous, the network's layout). An excerpt shorter than `frames` is tiled (repeated
// from its start), not padded with silence the network would learn from.
void cropExcerpt(const Eigen::MatrixXf& logMel, int start, int frames, float* out);
// The start of the centre crop (0 when the excerpt is not longer than `frames`).
int centreStart(int excerptFrames, int frames);

}  // namespace tl::audiomodel

namespace tl::audiomodel {
// The front-end options (FrontEndOptions::toJson) the project's stored log-mels were made with;
// empty when nothing is analysed.
QJsonObject projectFrontEnd(const ProjectStore& store);
}  // namespace tl::audiomodel
