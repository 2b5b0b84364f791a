#include "library/FolderWalk.h"

#include <dirent.h>
#include <sys/stat.h>

#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "library/AudioFormats.h"
#include "util/Utf8.h"

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

// A file name as text a person can find and rename: valid UTF-8 as it is, every other byte as
// \xNN ("caf\xe9.flac").
QString displayName(const QByteArray& name) {
    QString out;
    for (qsizetype i = 0; i < name.size();) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(name.constData());
        if (const int n = utf8Sequence(bytes + i, bytes + name.size()); n > 0) {
            out += QString::fromUtf8(name.mid(i, n));
            i += n;
        } else {
            out += QStringLiteral("\\x%1").arg(uint(uchar(name[i])), 2, 16, QLatin1Char('0'));
            ++i;
        }
    }
    return out;
}

// Whether the rest of the program can reach the file by its name: paths are QStrings, and Qt 6
// decodes a file name as UTF-8 (invalid bytes become U+FFFD), so a name that is not valid
// UTF-8 ("caf\xe9.flac" from a Latin-1 system) encodes back to other bytes, a file that does
// not exist.
bool nameSurvivesQString(const QByteArray& name) {
    return QFile::encodeName(QFile::decodeName(name)) == name;
}

}  // namespace

Status walkMusicFolder(const QString& root, FolderWalk& out, const Progress& progress) {
    out = {};
    struct stat info {};
    const QByteArray nativeRoot = QFile::encodeName(root);
    if (stat(nativeRoot.constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return Status::error(QStringLiteral("%1: no such folder").arg(root));

    std::set<NodeId> visitedDirs{{info.st_dev, info.st_ino}};
    std::set<NodeId> seenFiles;
    // A folder whose name is not valid UTF-8 is walked (in bytes) only to count its audio files:
    // none can be read by a QString path, so the folder is reported once, with the count.
    struct UnreachableFolder {
        QByteArray path;
        QByteArray name;
        qint64 audioFiles = 0;
    };
    std::vector<UnreachableFolder> unreachable;
    struct Dir {
        QByteArray path;
        int unreachable = -1;  // index into `unreachable` when inside such a folder
    };
    std::vector<Dir> pending{{nativeRoot, -1}};
    std::vector<QByteArray> names;
    qint64 entries = 0;
    while (!pending.empty()) {
        const Dir current = std::move(pending.back());
        pending.pop_back();
        const QByteArray& dir = current.path;
        int error = 0;
        if (!listDirectory(dir, names, &error)) {
            out.problems.push_back(
                {QFile::decodeName(dir),
                 QStringLiteral("cannot read the folder: %1").arg(errnoText(error))});
            continue;
        }
        std::vector<Dir> subdirs;
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
                const QString decoded = QFile::decodeName(path);
                // A dangling link to something that is not audio is nobody's business here.
                if (!audioFormatForFileName(decoded).isEmpty() || statError != ENOENT)
                    out.problems.push_back({decoded, statError == ENOENT
                                                         ? QStringLiteral("broken symbolic link")
                                                         : errnoText(statError)});
                continue;
            }
            if (S_ISDIR(info.st_mode)) {
                if (!visitedDirs.insert({info.st_dev, info.st_ino}).second) {
                    ++out.loopsSkipped;
                } else if (current.unreachable >= 0 || nameSurvivesQString(name)) {
                    subdirs.push_back({path, current.unreachable});
                } else {
                    unreachable.push_back({path, name, 0});
                    subdirs.push_back({path, int(unreachable.size()) - 1});
                }
                continue;
            }
            if (!S_ISREG(info.st_mode)) continue;  // sockets, devices, fifos
            const QString decoded = QFile::decodeName(path);
            QString format = audioFormatForFileName(decoded);
            if (format.isEmpty()) {
                ++out.ignored;
                continue;
            }
            if (current.unreachable >= 0) {
                ++unreachable[size_t(current.unreachable)].audioFiles;
                continue;
            }
            if (!nameSurvivesQString(name)) {
                out.problems.push_back(
                    {decoded, QStringLiteral("file name is not valid UTF-8: %1; rename it")
                                  .arg(displayName(name))});
                continue;  // before claiming the inode: a second, valid name may follow
            }
            if (!seenFiles.insert({info.st_dev, info.st_ino}).second) continue;  // a second link
            out.files.push_back(
                {decoded, std::move(format), qint64(info.st_size), qint64(info.st_mtim.tv_sec)});
        }
        // Depth first, in name order: push the subfolders reversed so the first pops first.
        for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) pending.push_back(*it);
    }
    for (const UnreachableFolder& f : unreachable) {
        if (f.audioFiles == 0) continue;  // nothing the scan would have read
        const QString files = f.audioFiles == 1
                                  ? QStringLiteral("1 audio file in it is")
                                  : QStringLiteral("%1 audio files in it are").arg(f.audioFiles);
        out.problems.push_back({QFile::decodeName(f.path),
                                QStringLiteral("folder name is not valid UTF-8: %1; rename it "
                                               "(%2 not scanned)")
                                    .arg(displayName(f.name), files)});
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    return Status::ok();
}

}  // namespace tl
