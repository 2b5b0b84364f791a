// NumPy's .npy format written from C++ (version 1.0, C order, little-endian): the one writer in
// Tastelab, for anything a researcher opens with numpy.load — the spectrogram view's matrix, the
// maps benchmark's vectors. Reading outside .npy files is core/cf/FactorFiles' parseNpy.
#pragma once

#include <QString>
#include <vector>

#include "job/Status.h"

namespace tl {

// `descr` is NumPy's type string ("<f4", "<f8", "<i4"); `bytes` must be the product of `shape`
// times the item size. A 1-D shape is written "(n,)". The file is written whole or not at all
// (QSaveFile), and the error names it.
Status writeNpy(const QString& path, const char* descr, const void* data, qint64 bytes,
                const std::vector<qint64>& shape);

}  // namespace tl
