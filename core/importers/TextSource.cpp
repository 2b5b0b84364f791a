#include "importers/TextSource.h"

#include <cstring>

#include "importers/ArchiveReader.h"

namespace tl {
namespace {

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
    // Invalid UTF-8 in the first chunk: most likely a spreadsheet saved it as Latin-1. A stateful
    // decoder does not count a character cut off by the chunk's end as an error.
    QStringDecoder utf8(QStringConverter::Utf8);
    const QString decoded = utf8.decode(raw);  // decode() is lazy until converted
    Q_UNUSED(decoded);
    if (utf8.hasError()) {
        encoding_ = QStringLiteral("latin-1");
        decoder_ = std::make_unique<QStringDecoder>(QStringConverter::Latin1);
        return;
    }
    encoding_ = QStringLiteral("utf-8");
}

bool TextSource::readChunk() {
    if (eof_) return false;
    QByteArray raw;
    if (fromMemory_) {
        raw = memory_.mid(memoryPos_, kChunkBytes);
        memoryPos_ += raw.size();
    } else if (stream_) {
        // A decompressor hands out less than asked for: fill the chunk, so the encoding is
        // sniffed from as much as a file would give.
        raw.resize(kChunkBytes);
        qint64 got = 0;
        while (got < kChunkBytes) {
            const qint64 n = stream_(raw.data() + got, kChunkBytes - got, &error_);
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
    } else {
        buffer_ += raw;
    }
    if (onChunk_ && !onChunk_()) {
        stopped_ = true;
        eof_ = true;
        buffer_.clear();
        pos_ = 0;
        return false;
    }
    return buffer_.size() > before || !eof_;
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
