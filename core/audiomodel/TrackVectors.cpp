#include "audiomodel/TrackVectors.h"

#include <QDataStream>
#include <QIODevice>

#include "store/ProjectStore.h"

namespace tl::audiomodel {
namespace {
constexpr quint32 kMagic = 0x544C5456;  // "TLTV"
constexpr quint32 kFormat = 1;
}  // namespace

QByteArray TrackVectors::serialise() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kFormat << qint64(trackIds.size()) << qint32(vectors.cols());
    for (Id id : trackIds) out << qint64(id);
    out.writeRawData(reinterpret_cast<const char*>(vectors.data()),
                     int(vectors.size() * qint64(sizeof(float))));
    return bytes;
}

Result<TrackVectors> TrackVectors::deserialise(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, format = 0;
    qint64 rows = 0;
    qint32 cols = 0;
    in >> magic >> format >> rows >> cols;
    const auto damaged =
        Status::error(QStringLiteral("stored audio vectors are truncated or damaged"));
    if (magic != kMagic || format != kFormat || in.status() != QDataStream::Ok) return damaged;
    if (rows < 0 || cols < 0 || cols > 1 << 16 ||
        rows * (8 + qint64(cols) * 4) > qint64(bytes.size()))
        return damaged;
    TrackVectors v;
    v.trackIds.resize(size_t(rows));
    for (Id& id : v.trackIds) {
        qint64 x = 0;
        in >> x;
        id = x;
    }
    v.vectors.resize(rows, cols);
    const qint64 n = rows * qint64(cols) * qint64(sizeof(float));
    if (in.readRawData(reinterpret_cast<char*>(v.vectors.data()), int(n)) != n) return damaged;
    return v;
}

Result<TrackVectors> loadAudioVectors(const ProjectStore& store, const QString& key) {
    const auto stored = store.result(kVectorsKind, key);
    if (!stored)
        return Status::error(
            QStringLiteral("the audio model is not trained yet in this project, so there are no "
                           "audio vectors"),
            Remedy::TrainAudio);
    return TrackVectors::deserialise(stored->data);
}

}  // namespace tl::audiomodel
