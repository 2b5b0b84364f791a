#include "audiomodel/AudioModelFile.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>
#include <QStringList>
#include <cmath>

namespace tl::audiomodel {
namespace {
constexpr quint32 kMagic = 0x544C414D;  // "TLAM"
constexpr quint32 kFormat = 1;
}  // namespace

QByteArray AudioModelFile::serialise() const {
    QJsonObject header{{QStringLiteral("architecture"), architecture},
                       {QStringLiteral("front_end"), frontEnd},
                       {QStringLiteral("fingerprint"), QString::fromLatin1(fingerprint.toHex())},
                       {QStringLiteral("input_mean"), double(inputMean)},
                       {QStringLiteral("input_scale"), double(inputScale)},
                       {QStringLiteral("report"), report}};
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kFormat << QJsonDocument(header).toJson(QJsonDocument::Compact) << network
        << ridge;
    return bytes;
}

Result<AudioModelFile> AudioModelFile::deserialise(const QByteArray& bytes, const QString& where) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, format = 0;
    in >> magic >> format;
    if (in.status() != QDataStream::Ok || magic != kMagic)
        return Status::error(QStringLiteral("%1: not a Tastelab audio model file").arg(where));
    if (format != kFormat)
        return Status::error(QStringLiteral("%1: audio model format %2; this build reads %3")
                                 .arg(where)
                                 .arg(format)
                                 .arg(kFormat));
    QByteArray headerBytes;
    AudioModelFile f;
    in >> headerBytes >> f.network >> f.ridge;
    if (in.status() != QDataStream::Ok || f.network.isEmpty())
        return Status::error(QStringLiteral("%1: the audio model file is truncated").arg(where));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(headerBytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Status::error(QStringLiteral("%1: the audio model's header is damaged (%2)")
                                 .arg(where, error.errorString()));
    const QJsonObject h = doc.object();
    f.architecture = h.value(QStringLiteral("architecture")).toObject();
    f.frontEnd = h.value(QStringLiteral("front_end")).toObject();
    f.fingerprint =
        QByteArray::fromHex(h.value(QStringLiteral("fingerprint")).toString().toLatin1());
    f.inputMean = float(h.value(QStringLiteral("input_mean")).toDouble(0.0));
    f.inputScale = float(h.value(QStringLiteral("input_scale")).toDouble(1.0));
    f.report = h.value(QStringLiteral("report")).toObject();
    if (f.architecture.isEmpty() || f.frontEnd.isEmpty() || !std::isfinite(f.inputMean) ||
        !(f.inputScale > 0.f) || !std::isfinite(f.inputScale))
        return Status::error(
            QStringLiteral("%1: the audio model's header lacks its architecture, front-end "
                           "options or input scaling")
                .arg(where));
    return f;
}

Status checkFrontEnd(const QJsonObject& model, const QJsonObject& project) {
    QStringList differ;
    QStringList keys = model.keys();
    for (const QString& k : project.keys())
        if (!keys.contains(k)) keys.append(k);
    keys.sort();
    for (const QString& k : keys)
        if (model.value(k) != project.value(k))
            differ.append(QStringLiteral("%1 %2 (model) vs %3 (project)")
                              .arg(k, model.value(k).toVariant().toString(),
                                   project.value(k).toVariant().toString()));
    if (differ.isEmpty()) return Status::ok();
    return Status::error(
        QStringLiteral("the audio model was trained on log-mels from different front-end "
                       "settings than this project's: %1; re-run analyze with the model's "
                       "settings or train the audio model again")
            .arg(differ.join(QStringLiteral(", "))));
}

}  // namespace tl::audiomodel
