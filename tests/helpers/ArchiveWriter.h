// Writes small archives for the import tests (libarchive), so no test needs zip or tar installed.
#pragma once

#include <QByteArray>
#include <QString>
#include <utility>
#include <vector>

namespace tl::test {

using ArchiveEntries = std::vector<std::pair<QString, QByteArray>>;  // path inside, content

// The format follows the name: .zip, .tar.gz / .tgz, .tar, or a lone .gz (one entry, raw).
bool writeArchive(const QString& path, const ArchiveEntries& entries);

}  // namespace tl::test
