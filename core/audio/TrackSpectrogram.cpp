#include "audio/TrackSpectrogram.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "audio/AudioDecoder.h"
#include "audio/LogMel.h"
#include "audio/MelFilterbank.h"
#include "audio/Stft.h"
#include "util/NativePath.h"
#include "util/ParallelFor.h"

namespace tl::audio {

namespace {

// The whole track as mono at `rate`, decoded and resampled in `threads` segments at once: for
// a 10-minute file, decoding is most of the view's cost. Each segment is read with a 0.25 s
// margin on both sides, which the resampler's filter (a few ms long at SOXR_HQ) settles in, and
// the margins are cut, so the seams match a one-piece decode to within the filter's ripple.
Result<std::vector<float>> decodeWholeTrack(const QString& path, int rate, int threads,
                                            const Progress& progress, double* seconds) {
    const std::vector<ExcerptWindow> none;
    auto probe = decodeWindows(path, rate, &none, &progress);  // opens the file: its duration
    if (!probe) return probe.status();
    const double duration = probe->seconds;
    *seconds = duration;
    if (threads <= 0) threads = defaultThreadCount();
    const int segments = std::max(1, std::min(threads, int(duration / 5.0)));
    // Segment edges fall on instants that are whole samples at both rates (multiples of
    // 1 / gcd(source rate, rate)): otherwise a segment's resampled output would be shifted by a
    // fraction of a sample against its neighbour and the seam would click.
    const qint64 grid = std::gcd(qint64(probe->sourceRate), qint64(rate));
    auto edge = [&](int i) {  // in grid units
        return i >= segments ? qint64(std::floor(duration * grid))
                             : qint64(std::llround(i * duration / segments * grid));
    };
    const qint64 margin = std::max<qint64>(1, qint64(0.25 * grid));
    std::vector<std::vector<float>> parts(static_cast<size_t>(segments));
    std::vector<Status> statuses(static_cast<size_t>(segments));
    parallelFor(segments, 1, segments, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const qint64 from = std::max<qint64>(0, edge(int(i)) - margin);
            const qint64 to = edge(int(i) + 1) + margin;
            const std::vector<ExcerptWindow> window{
                {double(from) / grid, double(to - from) / grid}};
            auto decoded = decodeWindows(path, rate, &window, &progress);
            if (!decoded || decoded->excerpts.empty()) {
                statuses[size_t(i)] =
                    decoded
                        ? Status::error(QStringLiteral("%1: holds no audio").arg(displayPath(path)))
                        : decoded.status();
                continue;
            }
            std::vector<float>& mono = decoded->excerpts.front().mono;
            const qint64 perGrid = rate / grid;  // output samples per grid step
            const qint64 size = qint64(mono.size());
            const qint64 keepFrom = std::clamp<qint64>((edge(int(i)) - from) * perGrid, 0, size);
            const qint64 keepTo =
                i == segments - 1
                    ? size
                    : std::clamp<qint64>((edge(int(i) + 1) - from) * perGrid, keepFrom, size);
            parts[size_t(i)].assign(mono.begin() + keepFrom, mono.begin() + keepTo);
        }
    });
    for (const Status& s : statuses)
        if (!s.isOk()) return s;
    if (progress.cancelled()) return Status::cancelled();
    std::vector<float> whole;
    size_t total = 0;
    for (const auto& p : parts) total += p.size();
    whole.reserve(total);
    for (const auto& p : parts) whole.insert(whole.end(), p.begin(), p.end());
    return whole;
}

}  // namespace

Result<TrackSpectrogram> computeTrackSpectrogram(const QString& path,
                                                 const SpectrogramRequest& request,
                                                 const Progress& progress) {
    const FrontEndOptions& o = request.frontEnd;
    double duration = 0;
    auto decoded = decodeWholeTrack(path, o.sampleRate, request.threads, progress, &duration);
    if (!decoded) return decoded.status();
    const std::vector<float>& signal = decoded.value();
    const qint64 samples = qint64(signal.size());
    if (samples == 0)
        return Status::error(QStringLiteral("%1: holds no audio").arg(displayPath(path)));

    TrackSpectrogram out;
    out.sampleRate = o.sampleRate;
    out.nFft = o.nFft;
    out.hop = o.hop;
    out.window = request.window;
    out.durationSeconds = duration;
    out.secondsPerFrame = double(o.hop) / o.sampleRate;
    out.excerpts = planExcerpts(duration, o);
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
                                      first, count, request.window)
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
