#include "cf/FactorFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>
#include <cstring>
#include <limits>

#include "importers/ArchiveReader.h"

namespace tl {
namespace {

Status fail(const QString& name, const QString& what) {
    return Status::error(QStringLiteral("%1: %2").arg(name, what));
}

QString rowsMismatch(qint64 rows, qint64 expected) {
    return QStringLiteral(
               "%1 rows, but the export has %2: these factors were not trained on this export")
        .arg(rows)
        .arg(expected);
}

constexpr char kNotFinite[] = "a feature is NaN or infinite; factors must be finite numbers";

QString rankOutOfRange(qint64 rank) {
    return QStringLiteral("rank %1 is not between 1 and %2").arg(rank).arg(kMaxExternalRank);
}

// The value after 'key': in a .npy header (a Python dict literal), trimmed; empty when absent.
QString headerValue(const QString& header, const QString& key) {
    const QRegularExpression re(QStringLiteral("['\"]%1['\"]\\s*:\\s*").arg(key));
    const auto m = re.match(header);
    if (!m.hasMatch()) return {};
    const QString rest = header.mid(m.capturedEnd());
    if (rest.startsWith(QLatin1Char('('))) {
        const int close = rest.indexOf(QLatin1Char(')'));
        return close < 0 ? QString() : rest.left(close + 1);
    }
    if (rest.startsWith(QLatin1Char('\'')) || rest.startsWith(QLatin1Char('"'))) {
        const int close = rest.indexOf(rest.at(0), 1);
        return close < 0 ? QString() : rest.mid(1, close - 1);
    }
    static const QRegularExpression word(QStringLiteral("^\\w+"));
    return word.match(rest).captured(0);
}

}  // namespace

Result<FactorMatrix> parseNpy(const QByteArray& bytes, const QString& name, qint64 expectedRows) {
    static const char kMagic[] = "\x93NUMPY";
    if (bytes.size() < 10 || std::memcmp(bytes.constData(), kMagic, 6) != 0)
        return fail(name, QStringLiteral("not a NumPy .npy array (no \\x93NUMPY header)"));
    const auto* u = reinterpret_cast<const unsigned char*>(bytes.constData());
    const int major = u[6];
    qint64 headerLength = 0, dataStart = 0;
    if (major == 1) {
        headerLength = u[8] | (u[9] << 8);
        dataStart = 10 + headerLength;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) return fail(name, QStringLiteral("the .npy header is truncated"));
        headerLength =
            qint64(u[8]) | (qint64(u[9]) << 8) | (qint64(u[10]) << 16) | (qint64(u[11]) << 24);
        dataStart = 12 + headerLength;
    } else {
        return fail(
            name, QStringLiteral(".npy format version %1 is not one this build reads").arg(major));
    }
    if (dataStart > bytes.size()) return fail(name, QStringLiteral("the .npy header is truncated"));
    const QString header =
        QString::fromUtf8(bytes.constData() + (dataStart - headerLength), int(headerLength));
    const QString descr = headerValue(header, QStringLiteral("descr"));
    const QString order = headerValue(header, QStringLiteral("fortran_order"));
    const QString shapeText = headerValue(header, QStringLiteral("shape"));
    if (descr.isEmpty() || order.isEmpty() || shapeText.isEmpty())
        return fail(name, QStringLiteral("the .npy header has no descr, fortran_order or shape"));
    int itemSize = 0;
    bool bigEndian = false;
    if (descr == QLatin1String("<f4") || descr == QLatin1String("|f4")) {
        itemSize = 4;
    } else if (descr == QLatin1String("<f8")) {
        itemSize = 8;
    } else if (descr == QLatin1String(">f4") || descr == QLatin1String(">f8")) {
        itemSize = descr.endsWith(QLatin1Char('4')) ? 4 : 8;
        bigEndian = true;
    } else {
        return fail(
            name,
            QStringLiteral("holds '%1' values; factors must be float32 or float64").arg(descr));
    }
    const bool fortran = order == QLatin1String("True");
    if (!fortran && order != QLatin1String("False"))
        return fail(name, QStringLiteral("the .npy header's fortran_order is '%1'").arg(order));
    std::vector<qint64> shape;
    static const QRegularExpression number(QStringLiteral("\\d+"));
    for (auto it = number.globalMatch(shapeText); it.hasNext();) {
        bool ok = false;
        const qint64 v = it.next().captured(0).toLongLong(&ok);
        if (!ok || v > std::numeric_limits<qint32>::max())
            return fail(name, QStringLiteral("the .npy shape %1 is too large").arg(shapeText));
        shape.push_back(v);
    }
    if (shape.size() != 2)
        return fail(name, QStringLiteral("has %1 dimension(s) (shape %2); factors are a 2-D "
                                         "array of rows x rank")
                              .arg(shape.size())
                              .arg(shapeText));
    const qint64 rows = shape[0], rank = shape[1];
    if (rank < 1 || rank > kMaxExternalRank) return fail(name, rankOutOfRange(rank));
    if (expectedRows >= 0 && rows != expectedRows)
        return fail(name, rowsMismatch(rows, expectedRows));
    const qint64 want = rows * rank * itemSize;
    const qint64 have = bytes.size() - dataStart;
    if (have < want)
        return fail(name, QStringLiteral("truncated: its header says %1 x %2 values (%3 bytes) "
                                         "but %4 bytes follow")
                              .arg(rows)
                              .arg(rank)
                              .arg(want)
                              .arg(have));
    if (have > want)
        return fail(name, QStringLiteral("%1 bytes follow the %2 x %3 values its header declares")
                              .arg(have - want)
                              .arg(rows)
                              .arg(rank));
    FactorMatrix m(rows, rank);
    const char* data = bytes.constData() + dataStart;
    for (qint64 i = 0; i < rows * rank; ++i) {
        unsigned char raw[8];
        std::memcpy(raw, data + i * itemSize, size_t(itemSize));
        if (bigEndian)
            for (int a = 0, b = itemSize - 1; a < b; ++a, --b) std::swap(raw[a], raw[b]);
        double v = 0;
        if (itemSize == 4) {
            float f = 0;
            std::memcpy(&f, raw, 4);
            v = f;
        } else {
            std::memcpy(&v, raw, 8);
        }
        // C order walks rows first; Fortran order walks columns first.
        const qint64 r = fortran ? i % rows : i / rank;
        const qint64 c = fortran ? i / rows : i % rank;
        if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<float>::max())
            return fail(
                name, QStringLiteral("row %1, column %2 is %3; factors must be finite")
                          .arg(r)
                          .arg(c)
                          .arg(std::isnan(v) ? QStringLiteral("NaN") : QStringLiteral("infinite")));
        m(r, c) = float(v);
    }
    return m;
}

Result<FactorMatrix> readNpz(const QString& path, const QString& array, qint64 expectedRows,
                             const QByteArray* bytes) {
    const QString name = QFileInfo(path).fileName();
    ArchiveReader reader;
    if (!(bytes ? reader.openMemory(*bytes, name) : reader.open(path)))
        return fail(name, QStringLiteral("not a readable .npz (zip): %1").arg(reader.error()));
    const QString entry = array + QStringLiteral(".npy");
    // What the array may take at most: a header plus float64 values of the expected rows (or,
    // when any row count goes, 256 MB); never the size the archive claims.
    const qint64 limit = expectedRows >= 0 ? 65536 + expectedRows * qint64(kMaxExternalRank) * 8
                                           : (qint64(256) << 20);
    for (;;) {
        const ArchiveReader::Next next = reader.next();
        if (next == ArchiveReader::Next::Error)
            return fail(name, QStringLiteral("damaged .npz: %1").arg(reader.error()));
        if (next == ArchiveReader::Next::End) break;
        if (reader.entryPath() != entry) continue;
        QByteArray data;
        char buffer[65536];
        for (;;) {
            const qint64 n = reader.read(buffer, sizeof buffer);
            if (n < 0)
                return fail(
                    name,
                    QStringLiteral("%1 is truncated or damaged: %2").arg(entry, reader.error()));
            if (n == 0) break;
            if (data.size() + n > limit)
                return fail(name, QStringLiteral("%1 is larger than %2 factors can be")
                                      .arg(entry)
                                      .arg(expectedRows));
            data.append(buffer, n);
        }
        return parseNpy(data, name + QLatin1Char(':') + entry, expectedRows);
    }
    return fail(name, QStringLiteral("has no %1 (implicit's model.save() writes item_factors "
                                     "and user_factors)")
                          .arg(array));
}

Result<FactorMatrix> parseSparkJsonLines(const std::vector<JsonLinesPart>& parts,
                                         qint64 expectedRows, const QString& label) {
    if (expectedRows < 0 || expectedRows > std::numeric_limits<qint32>::max())
        return Status::error(QStringLiteral("JSON-lines factors need the export's row count"));
    struct Seen {
        int part = -1;
        qint64 line = 0;
    };
    std::vector<Seen> seen(static_cast<size_t>(expectedRows));
    std::vector<float> values;  // grows with the file, not with any count it claims
    std::vector<qint64> rowOf;  // id of each parsed row
    qint64 rank = -1;
    QString firstPlace;
    for (size_t p = 0; p < parts.size(); ++p) {
        const JsonLinesPart& part = parts[p];
        const QByteArray& b = part.bytes;
        qint64 start = 0, lineNo = 0;
        while (start < b.size()) {
            qint64 end = b.indexOf('\n', start);
            const bool lastWithoutNewline = end < 0;
            if (end < 0) end = b.size();
            ++lineNo;
            const QByteArray line = b.mid(start, end - start).trimmed();
            start = end + 1;
            if (line.isEmpty()) continue;
            const QString where = QStringLiteral("%1 line %2").arg(part.name).arg(lineNo);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                if (line.contains("NaN") || line.contains("Infinity"))
                    return Status::error(
                        QStringLiteral("%1: %2").arg(where, QLatin1String(kNotFinite)));
                if (lastWithoutNewline)
                    return Status::error(
                        QStringLiteral("%1: the line is cut off (the file is truncated)")
                            .arg(where));
                return Status::error(
                    QStringLiteral("%1: not a JSON object (%2)").arg(where, error.errorString()));
            }
            const QJsonObject o = doc.object();
            const QJsonValue idValue = o.value(QStringLiteral("id"));
            const double idNumber = idValue.toDouble(-1);
            if (!idValue.isDouble() || idNumber != std::floor(idNumber))
                return Status::error(
                    QStringLiteral("%1: \"id\" is missing or not an integer").arg(where));
            if (idNumber < 0 || idNumber >= double(expectedRows))
                return Status::error(QStringLiteral("%1: id %2 is outside the export's 0..%3")
                                         .arg(where)
                                         // as the double it is: a huge one fits no integer
                                         .arg(QString::number(idNumber, 'g', 15))
                                         .arg(expectedRows - 1));
            const qint64 id = qint64(idNumber);
            if (seen[size_t(id)].part >= 0)
                return Status::error(QStringLiteral("%1: id %2 appears twice (first at %3 line %4)")
                                         .arg(where)
                                         .arg(id)
                                         .arg(parts[size_t(seen[size_t(id)].part)].name)
                                         .arg(seen[size_t(id)].line));
            const QJsonValue featuresValue = o.value(QStringLiteral("features"));
            if (!featuresValue.isArray())
                return Status::error(
                    QStringLiteral("%1: \"features\" is missing or not an array").arg(where));
            const QJsonArray features = featuresValue.toArray();
            if (rank < 0) {
                rank = features.size();
                firstPlace = where;
                if (rank < 1 || rank > kMaxExternalRank)
                    return Status::error(QStringLiteral("%1: %2").arg(where, rankOutOfRange(rank)));
            } else if (features.size() != rank) {
                return Status::error(QStringLiteral("%1: %2 features, but %3 has %4")
                                         .arg(where)
                                         .arg(features.size())
                                         .arg(firstPlace)
                                         .arg(rank));
            }
            for (const QJsonValue& f : features) {
                // Spark's JSON writer quotes non-finite numbers ("NaN", "Infinity").
                if (f.isString()) {
                    const QString text = f.toString();
                    if (text == QLatin1String("NaN") || text.endsWith(QLatin1String("Infinity")))
                        return Status::error(
                            QStringLiteral("%1: %2").arg(where, QLatin1String(kNotFinite)));
                    return Status::error(
                        QStringLiteral("%1: a feature is not a number").arg(where));
                }
                if (!f.isDouble())
                    return Status::error(
                        QStringLiteral("%1: a feature is not a number").arg(where));
                const double v = f.toDouble();
                if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<float>::max())
                    return Status::error(
                        QStringLiteral("%1: a feature is out of float range").arg(where));
                values.push_back(float(v));
            }
            seen[size_t(id)] = {int(p), lineNo};
            rowOf.push_back(id);
        }
    }
    const QString names = !label.isEmpty()    ? label
                          : parts.size() == 1 ? parts.front().name
                                              : QStringLiteral("%1 part files").arg(parts.size());
    if (rank < 0) return Status::error(QStringLiteral("%1: no factors in it").arg(names));
    qint64 missing = 0, firstMissing = -1;
    for (qint64 id = 0; id < expectedRows; ++id)
        if (seen[size_t(id)].part < 0) {
            if (firstMissing < 0) firstMissing = id;
            ++missing;
        }
    if (missing > 0)
        return Status::error(
            QStringLiteral("%1: no factors for id %2%3 of the export's %4 (ids "
                           "0..%5)")
                .arg(names)
                .arg(firstMissing)
                .arg(missing > 1 ? QStringLiteral(" and %1 more").arg(missing - 1) : QString())
                .arg(expectedRows)
                .arg(expectedRows - 1));
    FactorMatrix m(expectedRows, rank);
    for (size_t r = 0; r < rowOf.size(); ++r)
        for (qint64 c = 0; c < rank; ++c) m(rowOf[r], c) = values[r * size_t(rank) + size_t(c)];
    return m;
}

Result<FactorMatrix> readFactorFile(const QString& path, const QString& npzArray,
                                    qint64 expectedRows, QString* format) {
    const QFileInfo info(path);
    if (!info.exists())
        return Status::error(QStringLiteral("%1: no such file or folder").arg(path));
    const QString suffix = info.suffix().toLower();
    if (info.isDir() || suffix == QLatin1String("json") || suffix == QLatin1String("jsonl")) {
        if (format) *format = QStringLiteral("spark-json");
        QStringList files;
        if (info.isDir()) {
            // Spark's part-00000-<uuid>-c000.json files; _SUCCESS and .crc files are not data.
            for (const QString& f :
                 QDir(path).entryList({QStringLiteral("part-*")}, QDir::Files, QDir::Name))
                if (!f.endsWith(QLatin1String(".crc"))) files << QDir(path).filePath(f);
            if (files.isEmpty())
                return Status::error(
                    QStringLiteral("%1: no part-* files in the folder (Spark writes a DataFrame "
                                   "as part files)")
                        .arg(path));
        } else {
            files << path;
        }
        std::vector<JsonLinesPart> parts;
        for (const QString& f : files) {
            QFile file(f);
            if (!file.open(QIODevice::ReadOnly))
                return Status::error(QStringLiteral("%1: %2").arg(f, file.errorString()));
            parts.push_back({QFileInfo(f).fileName(), file.readAll()});
        }
        return parseSparkJsonLines(parts, expectedRows, info.isDir() ? info.fileName() : QString());
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(QStringLiteral("%1: %2").arg(path, file.errorString()));
    const QByteArray head = file.peek(6);
    if (suffix == QLatin1String("npz") || head.startsWith("PK")) {
        if (format) *format = QStringLiteral("npz");
        file.close();
        return readNpz(path, npzArray, expectedRows);
    }
    if (format) *format = QStringLiteral("npy");
    // A header plus float64 values of the expected rows at most: the size is checked first.
    const qint64 limit = 65536 + std::max<qint64>(0, expectedRows) * kMaxExternalRank * 8;
    if (expectedRows >= 0 && file.size() > limit)
        return Status::error(QStringLiteral("%1: %2 bytes is larger than %3 factors can be")
                                 .arg(info.fileName())
                                 .arg(file.size())
                                 .arg(expectedRows));
    return parseNpy(file.readAll(), info.fileName(), expectedRows);
}

}  // namespace tl
