#include "audio/TrackAnalysis.h"

#include <QDataStream>
#include <QElapsedTimer>
#include <QIODevice>
#include <cmath>

#include "audio/HalfFloat.h"

namespace tl::audio {
namespace {

constexpr quint32 kLogMelMagic = 0x4D4C4C54;  // "TLLM" little-endian
constexpr quint32 kLogMelFormat = 1;

}  // namespace

double TrackAnalysis::audioSeconds() const {
    double s = 0;
    for (const auto& w : windows) s += w.seconds;
    return s;
}

Result<TrackAnalysis> analyseFile(const QString& path, const LogMelFrontEnd& frontEnd,
                                  const Progress* progress, double* decodeSeconds) {
    const FrontEndOptions& o = frontEnd.options();
    QElapsedTimer timer;
    timer.start();
    auto decoded = decodeExcerpts(path, o, progress);
    if (decodeSeconds) *decodeSeconds += timer.nsecsElapsed() / 1e9;
    if (!decoded) return decoded.status();
    TrackAnalysis a;
    a.sourceRate = decoded->sourceRate;
    a.sourceChannels = decoded->sourceChannels;
    a.seconds = decoded->seconds;
    a.lengthCounted = decoded->lengthCounted;
    DescriptorAccumulator descriptors(o.sampleRate, o.nFft, o.hop, o.nMels);
    for (const DecodedExcerpt& e : decoded->excerpts) {
        Eigen::MatrixXf logMel;
        if (Status s = frontEnd.logMel(e.mono.data(), qint64(e.mono.size()), logMel, &descriptors,
                                       progress);
            !s.isOk())
            return s;
        a.windows.push_back(e.window);
        a.logMel.push_back(std::move(logMel));
    }
    a.descriptors = descriptors.finish();
    return a;
}

QByteArray serialiseLogMel(const TrackAnalysis& analysis) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    const int nMels = analysis.logMel.empty() ? 0 : int(analysis.logMel.front().rows());
    out << kLogMelMagic << kLogMelFormat << qint32(nMels) << qint32(analysis.logMel.size());
    for (size_t i = 0; i < analysis.logMel.size(); ++i)
        out << float(analysis.windows[i].startSeconds) << float(analysis.windows[i].seconds)
            << qint32(analysis.logMel[i].cols());
    std::vector<std::uint16_t> half;
    for (const auto& m : analysis.logMel) {
        half.resize(size_t(m.size()));
        floatsToHalf(m.data(), half.size(), half.data());
        // x86 and ARM are little-endian, as the format is.
        out.writeRawData(reinterpret_cast<const char*>(half.data()), int(half.size() * 2));
    }
    return bytes;
}

Result<StoredLogMel> deserialiseLogMel(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, format = 0;
    qint32 nMels = 0, count = 0;
    in >> magic >> format >> nMels >> count;
    if (magic != kLogMelMagic || format != kLogMelFormat || nMels < 0 || nMels > 4096 ||
        count < 0 || count > 4096)
        return Status::error(QStringLiteral("stored log-mel is not in a format this build reads"));
    StoredLogMel s;
    s.nMels = nMels;
    std::vector<qint32> frames(static_cast<size_t>(count));
    for (qint32 i = 0; i < count; ++i) {
        float start = 0, length = 0;
        in >> start >> length >> frames[size_t(i)];
        if (!std::isfinite(start) || !std::isfinite(length) || start < 0 || length < 0 ||
            frames[size_t(i)] < 0)
            return Status::error(QStringLiteral("stored log-mel has an impossible window"));
        s.windows.push_back({start, length});
    }
    // Reading past the end gives zeros, not an error: a blob cut inside its window table would
    // otherwise read as windows of no frames.
    if (in.status() != QDataStream::Ok)
        return Status::error(QStringLiteral("stored log-mel is truncated"));
    std::vector<std::uint16_t> half;
    for (qint32 i = 0; i < count; ++i) {
        const qint64 n = qint64(nMels) * frames[size_t(i)];
        if (frames[size_t(i)] < 0 || n * 2 > bytes.size())
            return Status::error(QStringLiteral("stored log-mel is truncated"));
        half.resize(size_t(n));
        if (in.readRawData(reinterpret_cast<char*>(half.data()), int(n * 2)) != n * 2)
            return Status::error(QStringLiteral("stored log-mel is truncated"));
        Eigen::MatrixXf m(nMels, frames[size_t(i)]);
        halfToFloats(half.data(), half.size(), m.data());
        s.logMel.push_back(std::move(m));
    }
    if (!in.atEnd())
        return Status::error(QStringLiteral("stored log-mel has bytes after its data"));
    return s;
}

}  // namespace tl::audio
