// All-or-nothing output for the demo: everything is written into a hidden staging folder inside
// the target (DIR/.demo-partial-XXXXXX, same file system, so moves are renames) and moved into
// place only at the end. Destroying a Staging removes the staging folder with whatever is still
// in it, so a cancel or an error at any point leaves DIR as it was.
//
// Removal is time-boxed: a cancel must return within 200 ms, and on some file systems deleting
// thousands of files already flushed to disk takes seconds (ext4 mounted with `discard`: ~3 ms
// per entry). Whatever is not gone after kSyncRemovalMs is removed by a background task.
#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "job/Status.h"

namespace tl::demo {

class Staging {
public:
    explicit Staging(const QString& outDir);
    ~Staging();
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    static constexpr int kSyncRemovalMs = 120;

    Status status() const;  // ok when the staging folder exists
    QString path() const { return dir_.path(); }
    QString filePath(const QString& relative) const { return dir_.filePath(relative); }

    // Moves each top-level entry from the staging folder into the target folder, in order. If a
    // move fails, the entries already moved go back and the error names the entry.
    Status publish(const QStringList& entries);

private:
    QString outDir_;
    QTemporaryDir dir_;
};

}  // namespace tl::demo
