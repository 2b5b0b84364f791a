// One file through the whole front-end: decode the excerpts, log-mel each, and summarise the
// classic descriptors; plus the stored form of the log-mels (float16 BLOB with a small header).
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QString>
#include <vector>

#include "audio/AudioDecoder.h"
#include "audio/Descriptors.h"
#include "audio/LogMel.h"
#include "job/Result.h"

namespace tl::audio {

struct TrackAnalysis {
    int sourceRate = 0;
    int sourceChannels = 0;
    double seconds = 0;                   // the whole track
    bool lengthCounted = false;           // decoded to its real end: the header's was unusable
    std::vector<ExcerptWindow> windows;   // in the source file's time
    std::vector<Eigen::MatrixXf> logMel;  // one per window: nMels x frames, dB
    TrackDescriptors descriptors;
    double audioSeconds() const;  // summed window lengths
};

// `decodeSeconds` (optional) adds the wall time spent in decoding and resampling.
Result<TrackAnalysis> analyseFile(const QString& path, const LogMelFrontEnd& frontEnd,
                                  const Progress* progress = nullptr,
                                  double* decodeSeconds = nullptr);

// The stored log-mel excerpts: "TLLM", format, nMels, excerpt count, then per excerpt its start
// and length (seconds, float32) and frame count, then every excerpt's values as IEEE half,
// column-major (frame after frame), little-endian.
struct StoredLogMel {
    int nMels = 0;
    std::vector<ExcerptWindow> windows;
    std::vector<Eigen::MatrixXf> logMel;
};
QByteArray serialiseLogMel(const TrackAnalysis& analysis);
Result<StoredLogMel> deserialiseLogMel(const QByteArray& bytes);

}  // namespace tl::audio
