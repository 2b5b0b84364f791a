// core/demo/: the built-in demo world — a generated, deterministic music world with known
// structure (genres, artists, tracks, users with tastes, synthesised audio, text) written as real
// export files and as a ready project. It is the first-run default and the tests' ground truth.
#pragma once

#include <QString>
#include <optional>

#include "job/Progress.h"
#include "job/Result.h"

namespace tl {

enum class DemoSize { Small, Medium, Large };

std::optional<DemoSize> parseDemoSize(const QString& text);  // "small" | "medium" | "large"
QString demoSizeName(DemoSize size);

struct DemoOptions {
    QString outDir;  // created if missing; must not already hold a demo.tastelab
    quint64 seed = 1;
    DemoSize size = DemoSize::Small;
};

// What was generated, for the CLI's --json and the GUI's first-run screen.
struct DemoSummary {
    QString outDir;
    QString projectPath;  // outDir/demo.tastelab
    QString musicDir;     // outDir/music
    QString historyDir;   // outDir/history
    QString textDir;      // outDir/text
    QString truthPath;    // outDir/ground_truth.json
    int genres = 0;
    int artists = 0;
    int tracks = 0;
    int tracksWithAudio = 0;
    int coldStartTracks = 0;  // audio but no listens
    int users = 0;            // including "me"
    qint64 listens = 0;
    int textDocuments = 0;
    qint64 bytesOnDisk = 0;
    double seconds = 0.0;
};

// Generates the world into options.outDir. Deterministic: the same seed and size give the same
// bytes (Ogg Vorbis files: the same decoded samples; libsndfile picks a random stream serial).
// Runs on the calling thread but spreads audio synthesis over the global thread pool. Cancellable;
// on cancel or error nothing is left behind in outDir.
Result<DemoSummary> generateDemo(const DemoOptions& options, const Progress& progress);

}  // namespace tl
