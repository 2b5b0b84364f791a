#include "importers/TextSource.h"

#include <algorithm>
#include <cstring>

#include "importers/ArchiveReader.h"
#include "util/Utf8.h"
#include "util/Windows1252.h"

namespace tl {
namespace {

bool asciiWord(const unsigned char* s) {
    quint64 w;
    std::memcpy(&w, s, sizeof w);
    return (w & 0x8080808080808080ULL) == 0;
}

// Whether data is valid UTF-8: runs of ASCII, most of a history, are checked 16 bytes at a time.
bool validUtf8(const char* data, qsizetype n) {
    auto s = reinterpret_cast<const unsigned char*>(data);
    const auto end = s + n;
    while (s < end) {
        while (end - s >= 16 && asciiWord(s) && asciiWord(s + 8)) s += 16;
        if (s == end) break;
        if (*s < 0x80) {
            ++s;
            continue;
        }
        const int length = utf8Sequence(s, end);
        if (length <= 0) return false;
        s += length;
    }
    return true;
}

// std::count, 8 bytes at a time (GCC does not vectorise std::count at -O2): the line numbers of
// the lines that are not UTF-8 cost this pass over the valid ones.
qint64 countNewlines(const char* data, qsizetype n) {
    constexpr quint64 kOnes = 0x0101010101010101ULL, kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    qint64 count = 0;
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, data + i, sizeof w);
        const quint64 x = w ^ (kOnes * '\n');               // a zero byte where a '\n' was
        const quint64 nonZero = ((x & kLow7) + kLow7) | x;  // top bit set in each other byte
        count += qint64((((~nonZero & ~kLow7) >> 7) * kOnes) >> 56);
    }
    for (; i < n; ++i) count += data[i] == '\n';
    return count;
}

// How many bytes at the end of data begin a UTF-8 sequence that data cuts off (0 to 3).
qsizetype cutOffSequence(const char* data, qsizetype n) {
    for (qsizetype k = 1; k <= 3 && k <= n; ++k) {
        const auto c = static_cast<unsigned char>(data[n - k]);
        if ((c & 0xC0) == 0x80) continue;    // a continuation byte: look further back
        if (c < 0xC2 || c > 0xF4) return 0;  // ASCII, or no lead byte of valid UTF-8
        const qsizetype length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return length > k ? k : 0;
    }
    return 0;
}

void appendWindows1252(QByteArray& out, const char* data, qsizetype n) {
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c < 0x80) {
            out += char(c);
            continue;
        }
        const char16_t u = windows1252(c);
        if (u < 0x800) {
            out += char(0xC0 | (u >> 6));
        } else {
            out += char(0xE0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3F));
        }
        out += char(0x80 | (u & 0x3F));
    }
}

bool startsWith(const QByteArray& raw, std::initializer_list<unsigned char> bytes) {
    if (raw.size() < qsizetype(bytes.size())) return false;
    qsizetype i = 0;
    for (const unsigned char b : bytes)
        if (static_cast<unsigned char>(raw[i++]) != b) return false;
    return true;
}

}  // namespace

TextSource::~TextSource() = default;

bool TextSource::open(const QString& path) {
    file_ = std::make_unique<QFile>(path);
    if (!file_->open(QIODevice::ReadOnly)) {
        error_ = file_->errorString();
        return false;
    }
    size_ = file_->size();
    fill();  // reads the first chunk, which decides the encoding
    return error_.isEmpty();
}

void TextSource::openBytes(const QByteArray& bytes) {
    memory_ = bytes;
    fromMemory_ = true;
    size_ = bytes.size();
    fill();
}

void TextSource::openArchiveEntry(ArchiveReader& archive) {
    openStream(
        [&archive](char* data, qint64 n, QString* error) {
            const qint64 got = archive.read(data, n);
            if (got < 0) *error = archive.error();
            return got;
        },
        archive.entrySize());
}

void TextSource::openStream(StreamRead read, qint64 size) {
    stream_ = std::move(read);
    size_ = size;
    fill();
}

void TextSource::detectEncoding(QByteArray& raw) {
    detected_ = true;
    if (startsWith(raw, {0xEF, 0xBB, 0xBF})) {
        raw.remove(0, 3);
        encoding_ = QStringLiteral("utf-8 (BOM)");
        checkLines_ = true;
        return;
    }
    if (startsWith(raw, {0xFF, 0xFE, 0x00, 0x00}) || startsWith(raw, {0x00, 0x00, 0xFE, 0xFF})) {
        error_ = QStringLiteral(
            "the file is UTF-32 text, which Tastelab does not read; save it "
            "as UTF-8");
        encoding_ = QStringLiteral("utf-32");
        return;
    }
    if (startsWith(raw, {0xFF, 0xFE}) || startsWith(raw, {0xFE, 0xFF})) {
        const bool little = static_cast<unsigned char>(raw[0]) == 0xFF;
        raw.remove(0, 2);
        encoding_ = little ? QStringLiteral("utf-16le") : QStringLiteral("utf-16be");
        decoder_ = std::make_unique<QStringDecoder>(little ? QStringConverter::Utf16LE
                                                           : QStringConverter::Utf16BE);
        return;
    }
    // UTF-16 without a BOM: ASCII-range text has a zero in every other byte.
    const qsizetype sample = std::min<qsizetype>(raw.size(), 4096) & ~qsizetype(1);
    qsizetype zeroEven = 0, zeroOdd = 0;
    for (qsizetype i = 0; i < sample; ++i)
        if (raw[i] == '\0') ++(i % 2 ? zeroOdd : zeroEven);
    if (sample >= 4) {
        const qsizetype half = sample / 2;
        if (zeroOdd > half * 3 / 10 && zeroEven < half / 20) {
            encoding_ = QStringLiteral("utf-16le");
            decoder_ = std::make_unique<QStringDecoder>(QStringConverter::Utf16LE);
            return;
        }
        if (zeroEven > half * 3 / 10 && zeroOdd < half / 20) {
            encoding_ = QStringLiteral("utf-16be");
            decoder_ = std::make_unique<QStringDecoder>(QStringConverter::Utf16BE);
            return;
        }
    }
    if (zeroEven + zeroOdd > 0) {
        // Passed through: the format sniffer sees the zero bytes and says "binary".
        encoding_ = QStringLiteral("binary");
        return;
    }
    // Non-ASCII text in the first chunk that is all invalid UTF-8: a spreadsheet saved the file
    // as Latin-1, which decodes it whole. One valid multi-byte character says UTF-8: then a line
    // that is not (a damaged byte, one row pasted from elsewhere) is decoded alone
    // (appendChecked), so it cannot turn every other row into mojibake. A character cut off by
    // the chunk's end is not counted.
    qsizetype multiByte = 0, invalid = 0;
    {
        auto s = reinterpret_cast<const unsigned char*>(raw.constData());
        const auto end = s + raw.size();
        while (s < end && multiByte == 0) {
            while (end - s >= 16 && asciiWord(s) && asciiWord(s + 8)) s += 16;
            if (s == end) break;
            const int length = utf8Sequence(s, end);
            if (length < 0) break;
            if (length == 0) ++invalid;
            if (length > 1) ++multiByte;
            s += std::max(length, 1);
        }
    }
    if (invalid > 0 && multiByte == 0) {
        encoding_ = QStringLiteral("latin-1");
        decoder_ = std::make_unique<QStringDecoder>(QStringConverter::Latin1);
        return;
    }
    encoding_ = QStringLiteral("utf-8");
    checkLines_ = true;
}

bool TextSource::readChunk() {
    if (eof_) return false;
    QByteArray raw;
    if (fromMemory_) {
        raw = memory_.mid(memoryPos_, kChunkBytes);
        memoryPos_ += raw.size();
    } else if (stream_) {
        // A decompressor hands out less than asked for: fill the chunk, so the encoding is
        // sniffed from as much as a file would give. An entry that says its size gets no more
        // than that and one byte (which sees the end): a megabyte for each of a zip's 300,000
        // notes was a third of the time of importing it (the heap grown and given back).
        qint64 want = kChunkBytes;
        if (size_ >= 0 && consumedRaw_ <= size_)
            want = std::min<qint64>(kChunkBytes, size_ - consumedRaw_ + 1);
        raw.resize(want);
        qint64 got = 0;
        while (got < want) {
            const qint64 n = stream_(raw.data() + got, want - got, &error_);
            if (n <= 0) break;
            got += n;
        }
        raw.resize(got);
    } else {
        raw = file_->read(kChunkBytes);
        if (raw.isEmpty() && file_->error() != QFileDevice::NoError) error_ = file_->errorString();
    }
    consumedRaw_ += raw.size();
    if (raw.isEmpty()) eof_ = true;
    if (!detected_) detectEncoding(raw);
    if (!error_.isEmpty()) {
        eof_ = true;
        return false;
    }
    if (pos_ > 0) {  // drop what the readers consumed, so the buffer stays about one chunk
        buffer_.remove(0, pos_);
        pos_ = 0;
    }
    const qsizetype before = buffer_.size();
    if (decoder_) {
        if (!raw.isEmpty()) buffer_ += QString(decoder_->decode(raw)).toUtf8();
    } else if (checkLines_) {
        appendUtf8(raw);
    } else {
        buffer_ += raw;
    }
    if (onChunk_ && !onChunk_()) {
        stopped_ = true;
        eof_ = true;
        buffer_.clear();
        pending_.clear();
        pos_ = 0;
        return false;
    }
    return buffer_.size() > before || !eof_;
}

void TextSource::appendUtf8(const QByteArray& raw) {
    const qsizetype n = raw.size();
    qsizetype from = 0;
    if (!pending_.isEmpty()) {
        // The character the last chunk cut off, completed (or not) by this chunk's first
        // continuation bytes.
        const auto lead = static_cast<unsigned char>(pending_[0]);
        const qsizetype missing = (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2) - pending_.size();
        while (from < missing && from < n && (raw[from] & 0xC0) == 0x80) ++from;
        pending_.append(raw.constData(), from);
        appendChecked(pending_, 0, pending_.size());
        pending_.clear();
    }
    qsizetype to = n;
    if (n > 0) {  // not the end yet: a character this chunk cuts off waits for the next
        to -= cutOffSequence(raw.constData() + from, n - from);
        pending_.append(raw.constData() + to, n - to);
    }
    appendChecked(raw, from, to);
}

void TextSource::appendChecked(const QByteArray& bytes, qsizetype from, qsizetype to) {
    if (to <= from) return;
    const char* data = bytes.constData() + from;
    const char* end = bytes.constData() + to;
    if (validUtf8(data, to - from)) {  // nearly always: checked at memory speed, then shared
        if (from == 0 && to == bytes.size())
            buffer_ += bytes;
        else
            buffer_.append(data, to - from);
        newlines_ += countNewlines(data, to - from);
        return;
    }
    // Line by line: only the lines that are not UTF-8 are decoded as Windows-1252. (A line cut
    // by a chunk's end is decided in its two pieces, which differs only for a line mixing
    // valid multi-byte UTF-8 with invalid bytes.)
    while (data < end) {
        const char* newline = static_cast<const char*>(std::memchr(data, '\n', size_t(end - data)));
        const char* stop = newline ? newline + 1 : end;
        if (validUtf8(data, stop - data)) {
            buffer_.append(data, stop - data);
        } else {
            appendWindows1252(buffer_, data, stop - data);
            const qint64 line = newlines_ + 1;
            if (line != lastRecodedLine_) {
                ++recodedLines_;
                if (firstRecodedLine_ == 0) firstRecodedLine_ = line;
                lastRecodedLine_ = line;
            }
        }
        if (newline) ++newlines_;
        data = stop;
    }
}

qsizetype TextSource::fill(qsizetype n) {
    while (available() < n && readChunk()) {
    }
    return available();
}

bool TextSource::atEnd() {
    return fill() == 0;
}

QByteArray TextSource::peek(qsizetype n) {
    fill(n);
    return QByteArray(data(), std::min(n, available()));
}

TextSource::LineStatus TextSource::readLine(QByteArray& line, qsizetype maxBytes) {
    line.clear();
    bool any = false;
    bool tooLong = false;
    for (;;) {
        if (available() == 0 && fill() == 0) {
            if (!any) return LineStatus::End;
            break;
        }
        any = true;
        const char* d = data();
        const qsizetype n = available();
        const char* newline = static_cast<const char*>(std::memchr(d, '\n', size_t(n)));
        const qsizetype take = newline ? newline - d : n;
        if (!tooLong) {
            if (line.size() + take > maxBytes) {
                tooLong = true;
                line.clear();
                line.squeeze();
            } else {
                line.append(d, take);
            }
        }
        consume(take + (newline ? 1 : 0));
        if (newline) break;
    }
    ++line_;
    if (tooLong) return LineStatus::TooLong;
    if (line.endsWith('\r')) line.chop(1);
    return LineStatus::Line;
}

}  // namespace tl
