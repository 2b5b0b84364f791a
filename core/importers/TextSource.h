#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringDecoder>
#include <functional>
#include <memory>

namespace tl {

// A history file read in chunks as UTF-8, whatever it was written in: the encoding is sniffed
// from the first chunk (BOM, UTF-16 without BOM, Latin-1 when the chunk's non-ASCII text is all
// invalid UTF-8) and decoded on the fly, so readers above see one encoding and memory stays
// bounded by the chunk size. A UTF-8 file is checked line by line as it is read: a line that is
// not valid UTF-8 (one row a spreadsheet saved as Windows-1252, a damaged byte) is decoded as
// Windows-1252 on its own, and every valid line is passed through exactly.
class ArchiveReader;

class TextSource {
public:
    static constexpr qsizetype kChunkBytes = 1 << 20;

    TextSource() = default;
    ~TextSource();
    TextSource(const TextSource&) = delete;
    TextSource& operator=(const TextSource&) = delete;

    // Opens `path`; false with error() set when the file cannot be read or its encoding is one
    // Tastelab does not read (UTF-32).
    bool open(const QString& path);
    // Reads from memory instead of a file (tests, sniffing).
    void openBytes(const QByteArray& bytes);
    // Reads from a stream (an archive entry): `read` fills up to n bytes and returns how many,
    // 0 at the end, or -1 with *error set. `size` is the decompressed size if known, else -1.
    using StreamRead = std::function<qint64(char* data, qint64 n, QString* error)>;
    void openStream(StreamRead read, qint64 size);
    // openStream() over the archive's current entry (the reader must outlive the reading).
    void openArchiveEntry(ArchiveReader& archive);

    const QString& error() const { return error_; }
    QString encoding() const { return encoding_; }  // "utf-8", "utf-8 (BOM)", "utf-16le", …
    // Lines of a UTF-8 file that were not valid UTF-8 and were decoded as Windows-1252 so far,
    // and the 1-based number of the first (0: none).
    qint64 recodedLines() const { return recodedLines_; }
    qint64 firstRecodedLine() const { return firstRecodedLine_; }
    qint64 fileSize() const { return size_; }
    qint64 bytesRead() const { return consumedRaw_; }  // raw bytes read so far, for progress

    // Called after each chunk is read; returning false stops reading (cancellation), which the
    // readers above see as the end of the input.
    void setChunkCallback(std::function<bool()> callback) { onChunk_ = std::move(callback); }
    bool stopped() const { return stopped_; }

    // --- buffered access, for the readers --------------------------------------------------
    // Ensures at least `n` decoded bytes are buffered unless the input ends first; returns
    // available().
    qsizetype fill(qsizetype n = 1);
    const char* data() const { return buffer_.constData() + pos_; }
    qsizetype available() const { return buffer_.size() - pos_; }
    void consume(qsizetype n) { pos_ += n; }
    bool atEnd();  // no decoded bytes left and none to come

    // Up to `n` bytes from the start of the decoded text without consuming (format sniffing).
    QByteArray peek(qsizetype n);

    // --- lines -----------------------------------------------------------------------------
    enum class LineStatus { Line, TooLong, End };
    // Reads the next line without its "\n" or "\r\n". A line longer than maxBytes is skipped
    // to its end without being held in memory and reported as TooLong. lineNumber() is the
    // 1-based number of the line just read.
    LineStatus readLine(QByteArray& line, qsizetype maxBytes);
    qint64 lineNumber() const { return line_; }

private:
    bool readChunk();  // appends one decoded chunk; false at end of input
    void detectEncoding(QByteArray& raw);
    // UTF-8 input: appends the chunk checked (appendChecked), keeping a character it cuts off
    // in pending_ until the next chunk completes it.
    void appendUtf8(const QByteArray& raw);
    // Appends bytes[from, to): as they are when they are valid UTF-8, else line by line, the
    // lines that are not valid decoded as Windows-1252.
    void appendChecked(const QByteArray& bytes, qsizetype from, qsizetype to);

    std::unique_ptr<QFile> file_;
    StreamRead stream_;  // openStream() input
    QByteArray memory_;  // openBytes() input
    qint64 memoryPos_ = 0;
    bool fromMemory_ = false;
    qint64 size_ = 0;
    qint64 consumedRaw_ = 0;
    bool detected_ = false;
    bool eof_ = false;
    bool stopped_ = false;
    QString encoding_;
    QString error_;
    std::unique_ptr<QStringDecoder> decoder_;  // null for UTF-8 input (passed through)
    bool checkLines_ = false;                  // UTF-8 input: checked (appendUtf8)
    QByteArray pending_;                       // a character the last chunk cut off
    qint64 newlines_ = 0;                      // line ends passed to buffer_, when checked
    qint64 recodedLines_ = 0;
    qint64 firstRecodedLine_ = 0;
    qint64 lastRecodedLine_ = 0;  // a line cut by a chunk's end is checked in two pieces
    QByteArray buffer_;
    qsizetype pos_ = 0;
    qint64 line_ = 0;
    std::function<bool()> onChunk_;
};

}  // namespace tl
