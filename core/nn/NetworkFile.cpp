// The model file: a versioned, checksummed container of the architecture and every weight and
// running statistic by name, so a file from another build or a damaged one is refused with a
// reason instead of loading garbage.
#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <algorithm>

#include "nn/Network.h"

namespace tl::nn {

namespace {

constexpr quint32 kMagic = 0x4E4E4C54;  // "TLNN" little-endian
constexpr quint32 kVersion = 1;
constexpr int kHeaderBytes = 4 + 4 + 8;  // magic, version, payload length
constexpr int kHashBytes = 32;           // SHA-256 of the payload

Status fileError(const QString& what) {
    return Status::error(QStringLiteral("model file: ") + what);
}

}  // namespace

QByteArray Network::serialise() const {
    QByteArray payload;
    {
        QDataStream out(&payload, QIODevice::WriteOnly);
        out.setByteOrder(QDataStream::LittleEndian);
        out.setFloatingPointPrecision(QDataStream::SinglePrecision);
        out << QJsonDocument(arch_.toJson()).toJson(QJsonDocument::Compact);
        out << QJsonDocument(metadata_).toJson(QJsonDocument::Compact);
        std::vector<std::pair<QString, const Eigen::VectorXf*>> arrays;
        for (const auto& l : layers_) {
            for (const Parameter* p : std::as_const(*l).parameters())
                arrays.push_back({p->name, &p->value});
            for (const Buffer* b : std::as_const(*l).buffers())
                arrays.push_back({b->name, &b->value});
        }
        out << quint32(arrays.size());
        for (const auto& [name, values] : arrays) {
            out << name << quint64(values->size());
            for (Eigen::Index i = 0; i < values->size(); ++i) out << (*values)[i];
        }
    }
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kVersion << quint64(payload.size());
    out.writeRawData(payload.constData(), int(payload.size()));
    const QByteArray hash = QCryptographicHash::hash(payload, QCryptographicHash::Sha256);
    out.writeRawData(hash.constData(), int(hash.size()));
    return bytes;
}

Result<Network> Network::deserialise(const QByteArray& bytes) {
    if (bytes.size() < kHeaderBytes)
        return fileError(QStringLiteral("too short to be a network (%1 bytes)").arg(bytes.size()));
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, version = 0;
    quint64 length = 0;
    in >> magic >> version >> length;
    if (magic != kMagic) return fileError(QStringLiteral("not a Tastelab network"));
    if (version != kVersion)
        return fileError(QStringLiteral("format version %1; this build reads version %2")
                             .arg(version)
                             .arg(kVersion));
    if (length != quint64(bytes.size()) - kHeaderBytes - kHashBytes)
        return fileError(QStringLiteral("truncated or padded (%1 bytes, the header says %2)")
                             .arg(bytes.size())
                             .arg(length + kHeaderBytes + kHashBytes));
    const QByteArray payload = bytes.mid(kHeaderBytes, qsizetype(length));
    if (QCryptographicHash::hash(payload, QCryptographicHash::Sha256) != bytes.right(kHashBytes))
        return fileError(QStringLiteral("checksum mismatch: the file is corrupt"));

    QDataStream p(payload);
    p.setByteOrder(QDataStream::LittleEndian);
    p.setFloatingPointPrecision(QDataStream::SinglePrecision);
    QByteArray json;
    p >> json;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return fileError(QStringLiteral("architecture JSON: ") + parseError.errorString());
    Result<Architecture> arch = Architecture::fromJson(doc.object());
    if (!arch.ok()) return arch.status().withContext(QStringLiteral("model file"));
    Result<Network> created = create(*arch, 0);
    if (!created.ok()) return created.status().withContext(QStringLiteral("model file"));
    Network net = std::move(created).value();
    QByteArray metadata;
    p >> metadata;
    const QJsonDocument metaDoc = QJsonDocument::fromJson(metadata, &parseError);
    if (!metaDoc.isObject())
        return fileError(QStringLiteral("metadata JSON: ") + parseError.errorString());
    net.metadata_ = metaDoc.object();

    std::vector<std::pair<QString, Eigen::VectorXf*>> expected;
    for (Parameter* q : net.parameters()) expected.push_back({q->name, &q->value});
    for (Buffer* b : net.buffers()) expected.push_back({b->name, &b->value});
    quint32 count = 0;
    p >> count;
    if (count != expected.size())
        return fileError(
            QStringLiteral("%1 arrays; the architecture has %2").arg(count).arg(expected.size()));
    QSet<QString> seen;
    for (quint32 a = 0; a < count; ++a) {
        QString name;
        quint64 size = 0;
        p >> name >> size;
        if (p.status() != QDataStream::Ok)
            return fileError(QStringLiteral("unreadable array %1").arg(a));
        auto it = std::find_if(expected.begin(), expected.end(),
                               [&](const auto& e) { return e.first == name; });
        if (it == expected.end() || seen.contains(name))
            return fileError(QStringLiteral("unexpected array '%1'").arg(name));
        seen.insert(name);
        if (size != quint64(it->second->size()))
            return fileError(QStringLiteral("array '%1' has %2 values; the architecture needs %3")
                                 .arg(name)
                                 .arg(size)
                                 .arg(it->second->size()));
        for (Eigen::Index i = 0; i < it->second->size(); ++i) p >> (*it->second)[i];
        if (p.status() != QDataStream::Ok)
            return fileError(QStringLiteral("array '%1' is cut short").arg(name));
    }
    if (!p.atEnd()) return fileError(QStringLiteral("unexpected bytes after the last array"));
    if (net.hasNonFinite()) return fileError(QStringLiteral("non-finite weights"));
    return net;
}

}  // namespace tl::nn
