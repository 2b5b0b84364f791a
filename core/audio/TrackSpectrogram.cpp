#include "audio/TrackSpectrogram.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>

#include "audio/AudioDecoder.h"
#include "audio/LogMel.h"
#include "audio/MelFilterbank.h"
#include "audio/Stft.h"
#include "util/ParallelFor.h"

namespace tl::audio {

Result<TrackSpectrogram> computeTrackSpectrogram(const QString& path,
                                                 const SpectrogramRequest& request,
                                                 const Progress& progress) {
    const FrontEndOptions& o = request.frontEnd;
    auto decoded = decodeWindows(path, o.sampleRate, nullptr, &progress);
    if (!decoded) return decoded.status();
    if (decoded->excerpts.empty())
        return Status::error(QStringLiteral("%1: holds no audio").arg(path));
    const std::vector<float>& signal = decoded->excerpts.front().mono;
    const qint64 samples = qint64(signal.size());

    TrackSpectrogram out;
    out.sampleRate = o.sampleRate;
    out.durationSeconds = decoded->seconds;
    out.secondsPerFrame = double(o.hop) / o.sampleRate;
    out.excerpts = planExcerpts(decoded->seconds, o);
    out.frames = stftFrameCount(samples, o.hop);
    const bool mel = request.scale == SpectrogramScale::Mel;
    const int bins = o.nFft / 2 + 1;
    out.bands = mel ? o.nMels : bins;
    if (mel) {
        out.bandHz = melBandCentres(o);
    } else {
        for (int k = 0; k < bins; ++k)
            out.bandHz.push_back(float(double(k) * o.sampleRate / o.nFft));
    }
    const LogMelFrontEnd frontEnd(o);
    Eigen::MatrixXf result(out.bands, out.frames);
    // Blocks of frames in parallel: each block's power spectrogram is small and stays in cache.
    constexpr int kBlock = 256;
    const int blocks = (out.frames + kBlock - 1) / kBlock;
    std::atomic<bool> failed{false};
    const bool finished = parallelFor(
        blocks, 1, request.threads,
        [&](int64_t begin, int64_t end) {
            Eigen::MatrixXf power;
            for (int64_t b = begin; b < end; ++b) {
                const int first = int(b) * kBlock;
                const int count = std::min(kBlock, out.frames - first);
                if (!powerSpectrogram(signal.data(), samples, o.nFft, o.hop, power, &progress,
                                      first, count)
                         .isOk()) {
                    failed = true;
                    return;
                }
                if (mel)
                    result.middleCols(first, count).noalias() = frontEnd.melPower(power);
                else
                    result.middleCols(first, count) = power;
            }
        },
        &progress);
    if (!finished || failed || progress.cancelled()) return Status::cancelled();
    powerToDb(result, o.amin, o.ref, o.topDb);
    out.db.assign(result.data(), result.data() + result.size());
    const auto [lo, hi] = std::minmax_element(out.db.begin(), out.db.end());
    out.minDb = *lo;
    out.maxDb = *hi;
    return out;
}

}  // namespace tl::audio
