// libFuzzer target: readNpz, import-factors' reader of implicit's model.save() .npz (a zip of
// .npy files, read through libarchive). The first byte is the row count the export expects.
#include <QByteArray>
#include <cstddef>
#include <cstdint>

#include "cf/FactorFiles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const qint64 rows = qint64(data[0]);
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    for (const char* array : {"item_factors", "user_factors"}) {
        auto m = tl::readNpz(QStringLiteral("fuzz.npz"), QLatin1String(array), rows, &bytes);
        if (m && m->rows() != rows) __builtin_trap();  // the row count is checked, never trusted
    }
    return 0;
}
