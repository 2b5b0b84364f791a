// Readers of factor matrices trained outside Tastelab: NumPy's .npy, an .npz of them (implicit's
// model.save()), and Spark ML's itemFactors/userFactors written as JSON lines
// ({"id": 12, "features": [...]} in part files). These are parsers of outside bytes: no shape or
// count in a file is trusted. A .npy's shape must match the bytes that follow its header, rows
// are checked against what the caller expects (the export's counts) before anything is
// allocated, and NaN, infinities, wrong dimensions, missing or repeated ids and truncated files
// are refused with a message naming the file (and the line, for JSON lines).
#pragma once

#include <QByteArray>
#include <QString>
#include <utility>
#include <vector>

#include "cf/ImplicitAls.h"
#include "job/Result.h"

namespace tl {

inline constexpr int kMaxExternalRank = 4096;

// One .npy held in memory; `name` is what messages call it. expectedRows < 0: any row count.
Result<FactorMatrix> parseNpy(const QByteArray& bytes, const QString& name, qint64 expectedRows);
// The array `array` ("item_factors") of an .npz (a zip of .npy files, stored or deflated).
// `path` is read from disk unless `bytes` is given (fuzzing, tests).
Result<FactorMatrix> readNpz(const QString& path, const QString& array, qint64 expectedRows,
                             const QByteArray* bytes = nullptr);

// One JSON-lines part file as Spark writes a factor DataFrame: {"id":0,"features":[...]}.
struct JsonLinesPart {
    QString name;
    QByteArray bytes;
};
// Rows are the ids 0..expectedRows-1, each exactly once across the parts. `label` names the
// parts together (the folder) in messages about all of them, e.g. a missing id.
Result<FactorMatrix> parseSparkJsonLines(const std::vector<JsonLinesPart>& parts,
                                         qint64 expectedRows, const QString& label = {});

// A factor file or folder by its form: a folder (or .json/.jsonl file) of Spark JSON lines, an
// .npz (the array `npzArray` in it), or an .npy. `format` gets "npz", "npy" or "spark-json".
Result<FactorMatrix> readFactorFile(const QString& path, const QString& npzArray,
                                    qint64 expectedRows, QString* format);

}  // namespace tl
