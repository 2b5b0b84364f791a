#include "importers/ArchiveReader.h"

#include <archive.h>
#include <archive_entry.h>

#include <QFile>
#include <QFileInfo>
#include <cstring>

namespace tl {

ArchiveReader::ArchiveReader() = default;

ArchiveReader::~ArchiveReader() {
    if (archive_) archive_read_free(archive_);
}

bool ArchiveReader::isArchive(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray head = f.read(512);
    const auto starts = [&](const char* magic, int n) {
        return head.size() >= n && std::memcmp(head.constData(), magic, size_t(n)) == 0;
    };
    return starts("PK\x03\x04", 4) || starts("PK\x05\x06", 4) ||  // zip (and an empty zip)
           starts("\x1F\x8B", 2) ||                               // gzip
           starts("BZh", 3) ||                                    // bzip2
           starts(
               "\xFD"
               "7zXZ\0",
               6) ||                                             // xz
           starts("\x28\xB5\x2F\xFD", 4) ||                      // zstd
           starts("7z\xBC\xAF\x27\x1C", 6) ||                    // 7z
           (head.size() >= 262 && head.mid(257, 5) == "ustar");  // tar
}

QString ArchiveReader::lastError() const {
    const char* message = archive_ ? archive_error_string(archive_) : nullptr;
    return message ? QString::fromLocal8Bit(message) : QStringLiteral("unreadable archive");
}

void ArchiveReader::configure() {
    archive_ = archive_read_new();
    archive_read_support_filter_all(archive_);
    archive_read_support_format_all(archive_);
    // A lone compressed file (plays.tsv.gz) has no archive format: libarchive's "raw" format
    // reads it as one entry, and bids lowest, so real archives win.
    archive_read_support_format_raw(archive_);
}

bool ArchiveReader::openMemory(const QByteArray& bytes, const QString& name) {
    path_ = name;
    configure();
    if (archive_read_open_memory(archive_, bytes.constData(), size_t(bytes.size())) != ARCHIVE_OK) {
        error_ = lastError();
        return false;
    }
    return true;
}

bool ArchiveReader::open(const QString& path) {
    path_ = path;
    configure();
    if (archive_read_open_filename(archive_, QFile::encodeName(path).constData(), 1 << 16) !=
        ARCHIVE_OK) {
        error_ = lastError();
        return false;
    }
    return true;
}

ArchiveReader::Next ArchiveReader::next() {
    for (;;) {
        archive_entry* entry = nullptr;
        const int r = archive_read_next_header(archive_, &entry);
        if (r == ARCHIVE_EOF) return Next::End;
        if (r < ARCHIVE_WARN) {
            error_ = lastError();
            return Next::Error;
        }
        if (archive_entry_filetype(entry) != AE_IFREG) continue;
        const char* utf8 = archive_entry_pathname_utf8(entry);
        const char* raw = utf8 ? utf8 : archive_entry_pathname(entry);
        entryPath_ = raw ? QString::fromUtf8(raw) : QString();
        if (archive_format(archive_) == ARCHIVE_FORMAT_RAW) {
            // The raw format names its one entry "data": use the file's name without the
            // compression suffix instead.
            const QString name = QFileInfo(path_).fileName();
            const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
            entryPath_ = dot > 0 ? name.left(dot) : name;
        }
        while (entryPath_.startsWith(QLatin1String("./"))) entryPath_.remove(0, 2);
        entrySize_ = archive_entry_size_is_set(entry) ? qint64(archive_entry_size(entry)) : -1;
        return Next::Entry;
    }
}

qint64 ArchiveReader::read(char* data, qint64 n) {
    const la_ssize_t got = archive_read_data(archive_, data, size_t(n));
    if (got < 0) {
        error_ = lastError();
        return -1;
    }
    return qint64(got);
}

qint64 ArchiveReader::position() const {
    return archive_ ? qint64(archive_filter_bytes(archive_, -1)) : 0;
}

}  // namespace tl
