#include "demo/DemoOutput.h"

namespace tl::demo {
namespace {
constexpr qsizetype kFlushBytes = 1 << 20;
}

Status OutputFile::open() {
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Status::error(
            QStringLiteral("%1: cannot write: %2").arg(file_.fileName(), file_.errorString()));
    buffer_.reserve(kFlushBytes + (kFlushBytes >> 2));
    return Status::ok();
}

Status OutputFile::writeBuffer() {
    if (buffer_.isEmpty()) return Status::ok();
    if (file_.write(buffer_) != buffer_.size())
        return Status::error(
            QStringLiteral("%1: write failed: %2").arg(file_.fileName(), file_.errorString()));
    buffer_.clear();
    return Status::ok();
}

Status OutputFile::flushIfFull() {
    return buffer_.size() >= kFlushBytes ? writeBuffer() : Status::ok();
}

Status OutputFile::close() {
    Status status = writeBuffer();
    if (status.isOk() && !file_.flush())
        status = Status::error(
            QStringLiteral("%1: write failed: %2").arg(file_.fileName(), file_.errorString()));
    file_.close();
    return status;
}

void appendJsonString(QByteArray& out, const QString& text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;  // UTF-8 passes through; JSON allows it unescaped
        }
    }
    out += '"';
}

void appendJsonKey(QByteArray& out, const char* key) {
    out += '"';
    out += key;
    out += "\":";
}

Status writeWholeFile(const QString& path, const QByteArray& bytes) {
    OutputFile file(path);
    if (Status s = file.open(); !s.isOk()) return s;
    file.buffer() = bytes;
    return file.close();
}

}  // namespace tl::demo
