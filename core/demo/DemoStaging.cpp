#include "demo/DemoStaging.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QThreadPool>
#include <algorithm>

namespace tl::demo {
namespace {

// Removes `root` and everything in it, files first, then folders deepest first; gives up (false)
// once `budgetMs` have passed.
bool removeWithin(const QString& root, qint64 budgetMs) {
    QElapsedTimer clock;
    clock.start();
    QStringList folders{root};
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isDir() && !info.isSymLink())
            folders << path;
        else
            QFile::remove(path);
        if (clock.elapsed() > budgetMs) return false;
    }
    std::sort(folders.begin(), folders.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& folder : folders) {
        QDir().rmdir(folder);
        if (clock.elapsed() > budgetMs) return false;
    }
    return !QFileInfo::exists(root);
}

}  // namespace

Staging::Staging(const QString& outDir)
    : outDir_(outDir), dir_(QDir(outDir).filePath(QStringLiteral(".demo-partial-XXXXXX"))) {
    dir_.setAutoRemove(false);  // the destructor removes it, within a time budget
}

Staging::~Staging() {
    if (!dir_.isValid()) return;
    const QString path = dir_.path();
    if (removeWithin(path, kSyncRemovalMs)) return;
    // The global pool outlives callers and waits for its tasks at exit, so this finishes.
    QThreadPool::globalInstance()->start([path] { QDir(path).removeRecursively(); });
}

Status Staging::status() const {
    if (dir_.isValid()) return Status::ok();
    return Status::error(
        QStringLiteral("%1: cannot create a staging folder: %2").arg(outDir_, dir_.errorString()));
}

Status Staging::publish(const QStringList& entries) {
    QDir root(outDir_);
    QStringList moved;
    for (const QString& entry : entries) {
        // QDir::rename refuses to replace an existing entry, so nothing the user has is lost
        // even if it appeared after the checks at the start.
        if (!root.rename(dir_.filePath(entry), root.filePath(entry))) {
            for (const QString& back : moved) root.rename(root.filePath(back), dir_.filePath(back));
            return Status::error(
                QStringLiteral("%1: cannot move into place (does it exist already?)")
                    .arg(root.filePath(entry)));
        }
        moved << entry;
    }
    return Status::ok();
}

}  // namespace tl::demo
