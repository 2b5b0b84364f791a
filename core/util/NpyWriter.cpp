#include "util/NpyWriter.h"

#include <QSaveFile>
#include <QStringList>
#include <QtEndian>

#include "util/NativePath.h"

namespace tl {

Status writeNpy(const QString& path, const char* descr, const void* data, qint64 bytes,
                const std::vector<qint64>& shape) {
    static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "the data is written as it is in memory");
    QStringList dims;
    for (qint64 d : shape) dims << QString::number(d);
    const QString shapeText =
        shape.size() == 1 ? dims.front() + QLatin1Char(',') : dims.join(QStringLiteral(", "));
    QByteArray header = QStringLiteral("{'descr': '%1', 'fortran_order': False, 'shape': (%2), }")
                            .arg(QLatin1String(descr), shapeText)
                            .toLatin1();
    // Magic (6), version (2), length (2), the dict and its newline: a multiple of 64 bytes.
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    QSaveFile file(path);
    auto failed = [&] {
        return Status::error(
            QStringLiteral("Could not write %1: %2").arg(displayPath(path), file.errorString()));
    };
    if (!file.open(QIODevice::WriteOnly)) return failed();
    const quint16 length = qToLittleEndian(quint16(header.size()));
    file.write("\x93NUMPY\x01\x00", 8);
    file.write(reinterpret_cast<const char*>(&length), 2);
    file.write(header);
    if (file.write(static_cast<const char*>(data), bytes) != bytes || !file.commit())
        return failed();
    return Status::ok();
}

}  // namespace tl
