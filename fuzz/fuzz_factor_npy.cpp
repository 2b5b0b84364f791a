// libFuzzer target: parseNpy, import-factors' reader of NumPy .npy files (cf/FactorFiles.h). The
// first byte is the row count the export expects (255: any), the rest is the file.
#include <QByteArray>
#include <cstddef>
#include <cstdint>

#include "cf/FactorFiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const qint64 rows = data[0] == 255 ? -1 : qint64(data[0]);
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    auto m = tl::parseNpy(bytes, QStringLiteral("fuzz.npy"), rows);
    if (m && (rows >= 0 && m->rows() != rows)) __builtin_trap();  // checked, never trusted
    if (m && !m->allFinite()) __builtin_trap();
    return 0;
}
