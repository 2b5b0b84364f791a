#include "audio/RiffCheck.h"

#include <QFile>
#include <functional>

#include "util/NativePath.h"

namespace tl::audio {
namespace {

// Reads `size` bytes at `offset`; fewer at the end of the file.
using ReadAt = std::function<QByteArray(qint64 offset, qint64 size)>;

constexpr qint64 kMaxListBytes = 16 << 20;  // a LIST larger than this is not checked further
constexpr int kMaxChunks = 4096;            // chunks walked before giving up (not an error)

quint32 readSize(const QByteArray& b, qsizetype at, bool bigEndian) {
    const auto u = [&](int i) { return quint32(quint8(b[at + i])); };
    return bigEndian ? (u(0) << 24 | u(1) << 16 | u(2) << 8 | u(3))
                     : (u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24);
}

QString walk(qint64 fileSize, const ReadAt& readAt) {
    const QByteArray head = readAt(0, 12);
    if (head.size() < 12 || head.mid(8, 4) != "WAVE") return {};
    const bool bigEndian = head.startsWith("RIFX");
    if (!bigEndian && !head.startsWith("RIFF")) return {};
    qint64 at = 12;
    for (int chunk = 0; chunk < kMaxChunks && at + 8 <= fileSize; ++chunk) {
        const QByteArray header = readAt(at, 8);
        if (header.size() < 8) return {};
        const qint64 size = readSize(header, 4, bigEndian);
        const qint64 body = std::min(size, fileSize - at - 8);
        if (header.startsWith("LIST") && body >= 4 && body <= kMaxListBytes) {
            const QByteArray list = readAt(at + 8, body);
            // After the list type ("INFO", "adtl"), sub-chunks of id, size and data.
            for (qint64 sub = 4; sub + 8 <= list.size();) {
                const qint64 subSize = readSize(list, qsizetype(sub) + 4, bigEndian);
                if (subSize > list.size() - sub - 8)
                    return QStringLiteral(
                               "a LIST chunk at byte %1 holds a part of %2 bytes at byte %3, "
                               "longer than the chunk (a damaged header libsndfile cannot read)")
                        .arg(at)
                        .arg(subSize)
                        .arg(at + 8 + sub);
                sub += 8 + subSize + (subSize & 1);
            }
        }
        at += 8 + size + (size & 1);  // sizes past the end stop the walk: nothing after them
    }
    return {};
}

}  // namespace

QString riffChunkProblem(const QString& path) {
    QFile file;
    if (!openNativeForReading(file, path)) return {};  // the reader says why it cannot open it
    return walk(file.size(), [&](qint64 offset, qint64 size) {
        return file.seek(offset) ? file.read(size) : QByteArray();
    });
}

QString riffChunkProblem(const QByteArray& fileBytes) {
    return walk(fileBytes.size(),
                [&](qint64 offset, qint64 size) { return fileBytes.mid(offset, size); });
}

}  // namespace tl::audio
