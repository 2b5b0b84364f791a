#include "audiomodel/AudioDataSet.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "audio/ProjectAnalysis.h"
#include "store/ProjectStore.h"
#include "util/Random.h"

namespace tl::audiomodel {

int AudioDataSet::trackIndex(Id trackId) const {
    const auto it = std::lower_bound(tracks.begin(), tracks.end(), trackId,
                                     [](const AudioTrack& t, Id id) { return t.trackId < id; });
    return it != tracks.end() && it->trackId == trackId ? int(it - tracks.begin()) : -1;
}

int AudioDataSet::excerptCount() const {
    int n = 0;
    for (const AudioTrack& t : tracks) n += int(t.excerpts.size());
    return n;
}

int AudioDataSet::minFrames() const {
    int n = 0;
    for (const AudioTrack& t : tracks)
        for (const auto& e : t.excerpts) n = n == 0 ? int(e.cols()) : std::min(n, int(e.cols()));
    return n;
}

void splitByTrack(const std::vector<int>& indices, double share, quint64 seed,
                  std::vector<int>& train, std::vector<int>& validation) {
    std::vector<int> order = indices;
    std::sort(order.begin(), order.end());
    SplitMix64 rng(seed, 0x5A17);
    for (size_t a = order.size(); a > 1; --a) std::swap(order[a - 1], order[rng.below(a)]);
    const int n = int(order.size());
    int nValidation = int(std::lround(share * n));
    if (n >= 2)
        nValidation = std::clamp(nValidation, 1, n - 1);
    else
        nValidation = 0;
    validation.assign(order.begin(), order.begin() + nValidation);
    train.assign(order.begin() + nValidation, order.end());
    std::sort(validation.begin(), validation.end());
    std::sort(train.begin(), train.end());
}

int centreStart(int excerptFrames, int frames) {
    return excerptFrames > frames ? (excerptFrames - frames) / 2 : 0;
}

void cropExcerpt(const Eigen::MatrixXf& logMel, int start, int frames, float* out) {
    const int bands = int(logMel.rows());
    const int have = int(logMel.cols());
    for (int c = 0; c < bands; ++c) {
        float* row = out + size_t(c) * size_t(frames);
        for (int t = 0; t < frames; ++t) {
            const int source = have > frames ? start + t : (have > 0 ? t % have : 0);
            row[t] = have > 0 ? logMel(c, source) : 0.f;
        }
    }
}

namespace {

bool allFinite(const std::vector<Eigen::MatrixXf>& excerpts) {
    for (const auto& e : excerpts)
        if (!e.allFinite()) return false;
    return true;
}

// What the data set lacks, and what would give it (each front end words the remedy).
Status whatIsMissing(const AudioDataSet& d, const DataSetOptions& o) {
    if (d.filesWithTrack == 0)
        return Status::error(QStringLiteral("no music file of this project is matched to a track"),
                             Remedy::ScanMusicFolder);
    if (d.filesAnalysed == 0)
        return Status::error(QStringLiteral("no track has stored log-mel excerpts"),
                             Remedy::AnalyzeAudio);
    if (d.tracks.empty())
        return Status::error(
            QStringLiteral("every track's stored log-mel excerpts were unusable (%1 skipped)")
                .arg(d.skipped.size()),
            Remedy::AnalyzeAudio);
    if (d.belowMinPlays > 0)
        return Status::error(QStringLiteral("no track with audio has at least %1 plays and a CF "
                                            "vector (%2 with fewer plays)")
                                 .arg(o.minPlays)
                                 .arg(d.belowMinPlays),
                             Remedy::MorePlaysWithAudio);
    // Never played (music nobody listened to yet): no CF model has vectors for them, and
    // training CF again would not change that; more history or other music would.
    const auto played = std::count_if(d.tracks.begin(), d.tracks.end(),
                                      [](const AudioTrack& t) { return t.plays > 0; });
    if (played == 0)
        return Status::error(
            QStringLiteral("none of the %1 tracks with audio is played in the listening history")
                .arg(d.tracks.size()),
            Remedy::MorePlaysWithAudio);
    return Status::error(QStringLiteral("no track with audio has a CF vector: the CF model has "
                                        "none of the %1 played tracks with audio (trained before "
                                        "they were played?)")
                             .arg(played),
                         Remedy::TrainCf);
}

}  // namespace

std::vector<TrackAudioFile> analysedTrackFiles(const ProjectStore& store, int* filesWithTrack) {
    std::map<Id, std::vector<AudioFile>> filesOfTrack;
    int withTrack = 0;
    for (const AudioFile& f : store.files())
        if (f.trackId != 0) {
            filesOfTrack[f.trackId].push_back(f);
            ++withTrack;
        }
    if (filesWithTrack) *filesWithTrack = withTrack;
    std::vector<TrackAudioFile> out;
    for (auto& [trackId, files] : filesOfTrack) {
        std::sort(files.begin(), files.end(),
                  [](const AudioFile& a, const AudioFile& b) { return a.id < b.id; });
        for (const AudioFile& f : files)
            if (auto fp = store.resultFingerprint(audio::kLogMelKind, QString::number(f.id))) {
                out.push_back({trackId, f, *fp});
                break;
            }
    }
    return out;
}

Result<AudioDataSet> loadAudioTracks(const ProjectStore& store, const Progress& progress) {
    AudioDataSet d;
    const std::vector<TrackAudioFile> files = analysedTrackFiles(store, &d.filesWithTrack);
    d.filesAnalysed = int(files.size());
    for (size_t n = 0; n < files.size(); ++n) {
        if ((n & 15) == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(double(n) / double(files.size()),
                            QStringLiteral("Reading log-mel excerpts"));
        }
        const TrackAudioFile& f = files[n];
        auto logMel = audio::loadLogMel(store, f.file.id);
        if (!logMel || logMel->logMel.empty()) {
            d.skipped.push_back({f.trackId, f.file.path,
                                 QStringLiteral("stored log-mel excerpts are unreadable "
                                                "(analyse the audio again)")});
            continue;
        }
        if (!allFinite(logMel->logMel)) {
            d.skipped.push_back({f.trackId, f.file.path,
                                 QStringLiteral("log-mel excerpts hold non-finite values")});
            continue;
        }
        if (d.nMels == 0) {
            d.nMels = logMel->nMels;
            if (auto meta = store.resultMeta(audio::kLogMelKind, QString::number(f.file.id)))
                d.frontEnd = meta->value(QStringLiteral("options")).toObject();
        } else if (logMel->nMels != d.nMels) {
            d.skipped.push_back({f.trackId, f.file.path,
                                 QStringLiteral("log-mel has %1 bands, the others %2 "
                                                "(analyse the audio again)")
                                     .arg(logMel->nMels)
                                     .arg(d.nMels)});
            continue;
        }
        AudioTrack t;
        t.trackId = f.trackId;
        t.fileId = f.file.id;
        t.excerpts = std::move(logMel->logMel);
        t.logMelFingerprint = f.fingerprint;
        d.tracks.push_back(std::move(t));
    }

    constexpr int kDescriptorValues = audio::TrackDescriptors::kValues;
    d.descriptors = Eigen::MatrixXf::Zero(Eigen::Index(d.tracks.size()), kDescriptorValues);
    d.hasDescriptors.assign(d.tracks.size(), 0);
    for (size_t i = 0; i < d.tracks.size(); ++i) {
        const auto descriptors = audio::loadDescriptors(store, d.tracks[i].fileId);
        if (!descriptors) continue;
        const auto values = descriptors->toVector();
        const Eigen::Map<const Eigen::RowVectorXf> row(values.data(), kDescriptorValues);
        if (!row.allFinite()) continue;
        d.descriptors.row(Eigen::Index(i)) = row;
        d.hasDescriptors[i] = 1;
    }

    if (d.tracks.empty())
        return whatIsMissing(d, DataSetOptions{})
            .withContext(QStringLiteral("no track with audio to learn from or predict for"));
    progress.report(1.0, QStringLiteral("Log-mel excerpts read"));
    return d;
}

Status attachTargets(AudioDataSet& d, const CfModel& cf, const std::vector<Listen>& listens,
                     const DataSetOptions& options) {
    std::unordered_map<Id, qint64> plays;
    for (const Listen& l : listens) plays[l.trackId] += l.count;
    std::unordered_map<Id, int> cfRow;
    for (size_t r = 0; r < cf.itemTrack.size(); ++r) cfRow[cf.itemTrack[r]] = int(r);
    for (AudioTrack& t : d.tracks) {
        const auto p = plays.find(t.trackId);
        t.plays = p == plays.end() ? 0 : p->second;
    }
    d.belowMinPlays = 0;
    d.withoutCfVector = 0;
    const int factors = int(cf.itemFactors.cols());
    d.targets = Eigen::MatrixXf::Zero(Eigen::Index(d.tracks.size()), factors);
    d.weights = Eigen::VectorXf::Zero(Eigen::Index(d.tracks.size()));
    d.hasTarget.assign(d.tracks.size(), 0);
    std::vector<int> targetTracks;
    for (size_t i = 0; i < d.tracks.size(); ++i) {
        const AudioTrack& t = d.tracks[i];
        if (options.exclude.count(t.trackId)) continue;
        const auto row = cfRow.find(t.trackId);
        if (row == cfRow.end()) {
            ++d.withoutCfVector;
            continue;
        }
        if (t.plays < options.minPlays) {
            ++d.belowMinPlays;
            continue;
        }
        const Eigen::VectorXf v = cf.itemFactors.row(row->second).transpose();
        const float norm = v.norm();
        if (!(norm > 0.f) || !std::isfinite(norm)) {
            ++d.withoutCfVector;
            continue;
        }
        d.targets.row(Eigen::Index(i)) = (v / norm).transpose();
        d.weights[Eigen::Index(i)] =
            options.weightByPlays ? float(std::log1p(double(t.plays))) : 1.0f;
        d.hasTarget[i] = 1;
        targetTracks.push_back(int(i));
    }
    if (targetTracks.empty())
        return whatIsMissing(d, options)
            .withContext(QStringLiteral("no track has both audio and enough plays to train the "
                                        "audio model on"));
    splitByTrack(targetTracks, options.validationShare, options.seed, d.train, d.validation);
    return Status::ok();
}

Result<AudioDataSet> buildAudioDataSet(const ProjectStore& store, const CfModel& cf,
                                       const std::vector<Listen>& listens,
                                       const DataSetOptions& options, const Progress& progress) {
    auto d = loadAudioTracks(store, progress);
    if (!d) return d.status();
    if (Status s = attachTargets(d.value(), cf, listens, options); !s.isOk()) return s;
    return d;
}

QJsonObject projectFrontEnd(const ProjectStore& store) {
    for (const TrackAudioFile& f : analysedTrackFiles(store))
        if (auto meta = store.resultMeta(audio::kLogMelKind, QString::number(f.file.id)))
            return meta->value(QStringLiteral("options")).toObject();
    return {};
}

}  // namespace tl::audiomodel
