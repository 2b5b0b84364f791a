// The file-based fuzz targets (fuzz_audio_decode, fuzz_tags, fuzz_project_open): the code under
// test opens a path, as the app does, so each input is written where a path reaches it. Unlike
// the parser targets (FuzzParser.h) these link core's audio, library and store sources too.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tl::fuzz {

// One in-memory file (memfd) per process, rewritten by every input; path() is /proc/self/fd/N,
// which sf_open and QFileInfo follow to the same bytes, so nothing touches the disk.
class MemoryFile {
public:
    MemoryFile() : fd_(memfd_create("tastelab-fuzz", MFD_CLOEXEC)) {
        if (fd_ < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        path_ = QStringLiteral("/proc/self/fd/%1").arg(fd_);
    }
    ~MemoryFile() { ::close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    const QString& path() const { return path_; }
    void write(const uint8_t* data, size_t size) {
        if (::ftruncate(fd_, 0) != 0 || !writeAll(data, size)) {
            std::perror("writing the memfd");
            std::abort();
        }
    }

private:
    bool writeAll(const uint8_t* data, size_t size) {
        size_t done = 0;
        while (done < size) {
            const ssize_t n = ::pwrite(fd_, data + done, size - done, off_t(done));
            if (n <= 0) return false;
            done += size_t(n);
        }
        return true;
    }

    int fd_;
    QString path_;
};

// A per-process directory under /dev/shm (tmpfs: no disk writes) for the targets whose code picks
// a parser by the file name's extension (TagLib) or needs a real directory (SQLite's journal and
// WAL files next to the project). Removed when the process exits normally; one left by a process
// that crashed (its name holds the process id) is removed by the next run.
class ScratchDir {
public:
    ScratchDir() {
        removeStale();
        QByteArray pattern =
            QStringLiteral("/dev/shm/%1%2-XXXXXX").arg(prefix()).arg(::getpid()).toLocal8Bit();
        if (!::mkdtemp(pattern.data())) {
            std::perror("mkdtemp /dev/shm");
            std::abort();
        }
        path_ = QString::fromLocal8Bit(pattern);
    }
    ~ScratchDir() { QDir(path_).removeRecursively(); }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    QString file(const QString& name) const { return path_ + QLatin1Char('/') + name; }
    // Replaces the file's content with `data` (a new file each time: no state carries over).
    QString write(const QString& name, const uint8_t* data, size_t size) const {
        const QString path = file(name);
        QFile::remove(path);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) ||
            out.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            std::abort();
        }
        return path;
    }

private:
    static QString prefix() { return QStringLiteral("tastelab-fuzz-"); }
    static void removeStale() {
        const QDir shm(QStringLiteral("/dev/shm"));
        for (const QString& name :
             shm.entryList({prefix() + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot)) {
            bool ok = false;
            const qint64 pid =
                name.mid(prefix().size()).section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
            if (ok && pid > 0 && !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)))
                QDir(shm.filePath(name)).removeRecursively();
        }
    }

    QString path_;
};

// Qt's warnings (a damaged file makes some code paths log) would flood libFuzzer's output and
// slow it down; qFatal still aborts, which libFuzzer reports as a crash.
inline void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

// A QCoreApplication for the whole run (Qt Sql's driver plugin and QFile's codecs expect one),
// with the quiet message handler. Call from LLVMFuzzerInitialize.
inline void initQt(int* argc, char*** argv) {
    qInstallMessageHandler(quietQtMessages);
    // Never deleted (still reachable, so no leak report): destroying it among the other statics
    // at exit would race their destructors.
    static QCoreApplication* app = new QCoreApplication(*argc, *argv);
    (void)app;
}

}  // namespace tl::fuzz
