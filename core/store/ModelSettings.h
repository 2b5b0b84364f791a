#pragma once

#include <QByteArray>
#include <QString>
#include <map>
#include <optional>

#include "audio/FrontEndOptions.h"
#include "audiomodel/AudioModel.h"
#include "cf/ImplicitAls.h"
#include "job/Status.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl::audio {
struct AnalyzeOptions;
}

namespace tl {

class ProjectStore;

// The model parameters a project keeps in its `settings` table, so a project trains the same
// models on any machine and its results can be reproduced: they travel with the file, not with
// the user's preferences. Keys missing or unreadable read as the defaults below, which are the
// engine's own defaults, so a project saved before these settings existed trains as it did.
struct ModelSettings {
    // Collaborative filtering (Hu, Koren & Volinsky 2008)
    int cfFactors = AlsOptions{}.factors;
    double cfAlpha = AlsOptions{}.alpha;
    AlsOptions::Confidence cfConfidence = AlsOptions{}.confidence;
    double cfEpsilon = AlsOptions{}.epsilon;  // the log form's r / epsilon
    double cfRegularization = AlsOptions{}.regularization;
    int cfIterations = AlsOptions{}.iterations;
    quint64 cfSeed = AlsOptions{}.seed;
    // Audio front-end: what each file is analysed at and which parts of it
    int analysisRate = audio::FrontEndOptions{}.sampleRate;
    audio::ExcerptMode excerptMode = audio::FrontEndOptions{}.excerptMode;
    int excerptCount = audio::FrontEndOptions{}.excerptCount;
    double excerptSeconds = audio::FrontEndOptions{}.excerptSeconds;
    // Audio model: seeds the network's weights, shuffling and crops
    quint64 audioSeed = nn::TrainOptions{}.seed;
    // Weekly playlist: the project's blend (the desktop app's sliders, kept as they were left;
    // Preferences edits the same weights) and the playlist's base seed. Generate and
    // `tastelab-cli weekly` / `backtest` use them when not told otherwise. A project with no
    // weights of its own reads the default blend here (playlist/DefaultBlend.h: a back-test's
    // held-out choice, else the CF-heavy default).
    std::map<QString, double> weights = PlaylistSettings{}.weights;
    quint64 playlistSeed = PlaylistSettings{}.seed;

    bool operator==(const ModelSettings&) const = default;
};

// Allowed ranges, shared by the reader (values outside fall back to the default, named in the
// warning) and the Preferences dialog's spin boxes.
namespace model_settings_range {
inline constexpr int kMinFactors = 2, kMaxFactors = 512;
inline constexpr double kMinAlpha = 0.01, kMaxAlpha = 1000.0;
inline constexpr double kMinEpsilon = 0.001, kMaxEpsilon = 1000.0;
inline constexpr double kMinRegularization = 0.0, kMaxRegularization = 10000.0;
inline constexpr int kMinIterations = 1, kMaxIterations = 200;
inline constexpr int kMinAnalysisRate = 8000, kMaxAnalysisRate = 48000;
inline constexpr int kMinExcerpts = 1, kMaxExcerpts = 20;
inline constexpr double kMinExcerptSeconds = 1.0, kMaxExcerptSeconds = 120.0;
}  // namespace model_settings_range

// Reads every key; one that is missing or out of range keeps its default. `warnings` (optional)
// names each key that was present but unusable and what was used instead.
ModelSettings readModelSettings(const ProjectStore& store, QStringList* warnings = nullptr);
// Writes every key in one transaction. The weights only when they are the project's own or
// differ from its default: saving other settings does not make the default a choice.
Status writeModelSettings(ProjectStore& store, const ModelSettings& settings);
// The project's own blend (the person's: sliders, Preferences) when it keeps one that reads;
// nullopt when it keeps none, and the default applies.
std::optional<std::map<QString, double>> chosenBlendWeights(const ProjectStore& store);
// Writes the project's blend alone (the row readModelSettings reads into `weights`), as the
// sliders leave it; nothing when the stored blend says the same already (a source not named
// counts 0), so opening a project never rewrites it.
Status writeBlendWeights(ProjectStore& store, const std::map<QString, double>& weights);

// The engine's options with these settings applied; `threads` 0 means every core.
AlsOptions alsOptions(const ModelSettings& settings, int threads = 0);
audio::FrontEndOptions frontEndOptions(const ModelSettings& settings);
// The analysis a project asks for (its front-end settings), for every place that analyses
// on its behalf: Train All, Train Audio Model, Compute Map by sound, `train all`.
audio::AnalyzeOptions analyzeOptions(const ModelSettings& settings, int threads = 0);
audiomodel::AudioModelOptions audioModelOptions(const ModelSettings& settings, int threads = 0);
PlaylistSettings playlistSettings(const ModelSettings& settings);

// What of the CF options changes the trained model, as a short hex key. trainCf stores it in the
// model's meta ("settings"), so the header can say the model is out of date once a setting
// changes (the next training recomputes anyway: the fingerprint holds the same options).
QString cfSettingsKey(const AlsOptions& als);
// True when the stored CF model (its meta) was trained with other settings than these.
bool cfModelOutOfDate(const QJsonObject& storedMeta, const ModelSettings& settings);
// True when the stored audio model (its meta's "front_end") heard other excerpts or another
// analysis rate than these settings ask for. Only what Preferences sets is compared, so a model
// the command line analysed with other mel options is not called out of date for them.
bool audioModelOutOfDate(const QJsonObject& storedMeta, const ModelSettings& settings);

}  // namespace tl
