// libFuzzer target: parseSparkJsonLines, import-factors' reader of Spark's itemFactors/userFactors
// JSON lines. The first byte is the row count the export expects; the rest is split at the
// first 0xff byte into two part files.
#include <QByteArray>
#include <cstddef>
#include <cstdint>

#include "cf/FactorFiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const qint64 rows = qint64(data[0]);
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const qsizetype cut = bytes.indexOf('\xff');
    std::vector<tl::JsonLinesPart> parts;
    parts.push_back({QStringLiteral("part-00000"), cut < 0 ? bytes : bytes.left(cut)});
    if (cut >= 0) parts.push_back({QStringLiteral("part-00001"), bytes.mid(cut + 1)});
    auto m = tl::parseSparkJsonLines(parts, rows, QStringLiteral("itemFactors"));
    if (m && (m->rows() != rows || !m->allFinite())) __builtin_trap();
    return 0;
}
