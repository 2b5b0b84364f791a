// Reads the files inside an archive one after another, decompressing as it goes and never
// extracting to disk (libarchive): the .zip a Spotify or ListenBrainz export arrives as, the
// .tar.gz a research data set comes in, or a lone compressed file (data.tsv.gz, .bz2, .xz).
#pragma once

#include <QByteArray>
#include <QString>
#include <memory>

struct archive;

namespace tl {

class ArchiveReader {
public:
    ArchiveReader();
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader&) = delete;
    ArchiveReader& operator=(const ArchiveReader&) = delete;

    // By the first bytes, not the name: zip, gzip, bzip2, xz, zstd, 7z or tar.
    static bool isArchive(const QString& path);

    bool open(const QString& path);  // false with error() set
    // Reads an archive held in memory (fuzzing, tests); `bytes` must outlive the reader.
    bool openMemory(const QByteArray& bytes, const QString& name);
    enum class Next { Entry, End, Error };
    // Moves to the next regular file (directories and links are passed over).
    Next next();
    QString entryPath() const { return entryPath_; }  // "Spotify Account Data/x.json"
    qint64 entrySize() const { return entrySize_; }   // -1 when the archive does not say
    // Reads up to n decompressed bytes of the current entry: 0 at its end, -1 on damage.
    qint64 read(char* data, qint64 n);
    // Bytes of the archive file consumed so far (for progress).
    qint64 position() const;
    const QString& error() const { return error_; }

private:
    QString lastError() const;
    void configure();

    archive* archive_ = nullptr;
    QString path_;
    QString entryPath_;
    qint64 entrySize_ = -1;
    QString error_;
};

}  // namespace tl
