#include "library/FolderWalk.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "library/AudioFormats.h"
#include "util/NativePath.h"

namespace tl {
namespace {

constexpr int kCancelCheckEvery = 64;  // directory entries between cancellation checks

using NodeId = std::pair<dev_t, ino_t>;

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

// The names in one directory, sorted so the walk (and which of two links to one file is kept)
// does not depend on the file system's order.
bool listDirectory(const QByteArray& dir, std::vector<QByteArray>& names, int* error) {
    names.clear();
    DIR* d = opendir(dir.constData());
    if (!d) {
        *error = errno;
        return false;
    }
    while (const dirent* entry = readdir(d)) {
        if (entry->d_name[0] == '.') continue;  // ".", "..", hidden files and folders
        names.emplace_back(entry->d_name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    return true;
}

}  // namespace

Status walkMusicFolder(const QString& root, FolderWalk& out, const Progress& progress) {
    out = {};
    struct stat info {};
    const QByteArray nativeRoot = nativePath(root);
    if (stat(nativeRoot.constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return Status::error(QStringLiteral("%1: no such folder").arg(displayPath(root)));

    std::set<NodeId> visitedDirs{{info.st_dev, info.st_ino}};
    std::set<NodeId> seenFiles;
    std::vector<QByteArray> pending{nativeRoot};
    std::vector<QByteArray> names;
    qint64 entries = 0;
    while (!pending.empty()) {
        const QByteArray dir = std::move(pending.back());
        pending.pop_back();
        int error = 0;
        if (!listDirectory(dir, names, &error)) {
            out.problems.push_back(
                {pathFromNative(dir),
                 QStringLiteral("cannot read the folder: %1").arg(errnoText(error))});
            continue;
        }
        std::vector<QByteArray> subdirs;
        for (const QByteArray& name : names) {
            if (++entries % kCancelCheckEvery == 0) {
                if (progress.cancelled()) return Status::cancelled();
                progress.report(
                    0.0,
                    QStringLiteral("Listing the music folder: %1 files").arg(out.files.size()));
            }
            const QByteArray path = dir + '/' + name;
            if (stat(path.constData(), &info) != 0) {  // follows links
                const int statError = errno;
                const QString decoded = pathFromNative(path);
                // A dangling link to something that is not audio is nobody's business here.
                if (!audioFormatForFileName(decoded).isEmpty() || statError != ENOENT)
                    out.problems.push_back({decoded, statError == ENOENT
                                                         ? QStringLiteral("broken symbolic link")
                                                         : errnoText(statError)});
                continue;
            }
            if (S_ISDIR(info.st_mode)) {
                if (!visitedDirs.insert({info.st_dev, info.st_ino}).second)
                    ++out.loopsSkipped;
                else
                    subdirs.push_back(path);
                continue;
            }
            if (!S_ISREG(info.st_mode)) continue;  // sockets, devices, fifos
            const QString decoded = pathFromNative(path);
            QString format = audioFormatForFileName(decoded);
            if (format.isEmpty()) {
                ++out.ignored;
                continue;
            }
            if (!seenFiles.insert({info.st_dev, info.st_ino}).second) continue;  // a second link
            out.files.push_back(
                {decoded, std::move(format), qint64(info.st_size), qint64(info.st_mtim.tv_sec)});
        }
        // Depth first, in name order: push the subfolders reversed so the first pops first.
        for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) pending.push_back(*it);
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    return Status::ok();
}

}  // namespace tl
