// The front-end over a project's music files (ProjectStore::files(), filled by the demo and the
// folder scan): each file's log-mel excerpts ("audio.logmel") and descriptors
// ("audio.descriptors") stored in the results table under the file id, fingerprinted by the
// file's size and mtime and the front-end options, so only new or changed files are analysed.
// Workers on every core decode and compute; this thread is the one store writer.
#pragma once

#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "audio/FrontEndOptions.h"
#include "audio/TrackAnalysis.h"
#include "catalog/Catalog.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl {
class ProjectStore;
}

namespace tl::audio {

inline const QString kLogMelKind = QStringLiteral("audio.logmel");
inline const QString kDescriptorsKind = QStringLiteral("audio.descriptors");

// What analyses one file: analyseFile, or a test's stand-in (one that throws, to check that a
// file's exception costs only that file).
using FileAnalyser = std::function<Result<TrackAnalysis>(
    const QString& path, const LogMelFrontEnd& frontEnd, const Progress* progress)>;

struct AnalyzeOptions {
    FrontEndOptions frontEnd;
    int threads = 0;       // 0: every core
    FileAnalyser analyse;  // empty: analyseFile
};

struct TrackFailure {
    Id fileId = 0;
    QString file;
    QString reason;
};

struct AnalyzeReport {
    int analysed = 0;
    int skipped = 0;  // unchanged since the stored analysis
    std::vector<TrackFailure> failed;
    double seconds = 0;       // wall time
    double audioSeconds = 0;  // excerpt audio analysed (source time)
    int threads = 1;
    double realtimeFactor() const { return seconds > 0 ? audioSeconds / seconds : 0; }
};

// Analyses every file whose fingerprint changed. Per-file errors (and exceptions) are collected
// in the report and the rest is analysed. Finished files are committed every two seconds, so a
// cancel (Status::cancelled), a store error or a killed process keeps every file finished before
// it, each whole; the next run analyses only the rest.
Result<AnalyzeReport> analyzeProject(ProjectStore& store, const AnalyzeOptions& options,
                                     const Progress& progress);

// The fingerprint a file's results are stored under: SHA-1 of size, mtime and the options.
QByteArray analysisFingerprint(qint64 size, qint64 mtime, const FrontEndOptions& options);

std::optional<StoredLogMel> loadLogMel(const ProjectStore& store, Id fileId);
std::optional<TrackDescriptors> loadDescriptors(const ProjectStore& store, Id fileId);

}  // namespace tl::audio
