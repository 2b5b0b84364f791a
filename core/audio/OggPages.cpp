#include "audio/OggPages.h"

#include <QFile>
#include <QSaveFile>
#include <array>
#include <map>

namespace tl::audio {
namespace {

constexpr int kHeaderBytes = 27;  // capture pattern to segment count
constexpr int kSerialAt = 14;
constexpr int kCrcAt = 22;

const std::array<std::uint32_t, 256>& crcTable() {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t r = i << 24;
            for (int k = 0; k < 8; ++k) r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
            t[i] = r;
        }
        return t;
    }();
    return table;
}

std::uint32_t readLe32(const char* p) {
    return std::uint32_t(std::uint8_t(p[0])) | std::uint32_t(std::uint8_t(p[1])) << 8 |
           std::uint32_t(std::uint8_t(p[2])) << 16 | std::uint32_t(std::uint8_t(p[3])) << 24;
}

void writeLe32(char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = char((v >> (8 * i)) & 0xff);
}

}  // namespace

std::uint32_t oggPageCrc(const char* data, std::size_t size) {
    const auto& table = crcTable();
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < size; ++i) {
        // The CRC field itself counts as zero bytes.
        const std::uint8_t byte = (i >= kCrcAt && i < kCrcAt + 4) ? 0 : std::uint8_t(data[i]);
        crc = (crc << 8) ^ table[((crc >> 24) & 0xff) ^ byte];
    }
    return crc;
}

Status setOggSerialNumbers(QByteArray& bytes, std::uint32_t serial) {
    QByteArray out = bytes;
    std::map<std::uint32_t, std::uint32_t> renamed;  // old serial -> new, in order of first page
    qsizetype at = 0;
    while (at < out.size()) {
        // Every length below is checked against what the buffer holds before it is used.
        if (out.size() - at < kHeaderBytes || !out.mid(at, 4).startsWith("OggS"))
            return Status::error(QStringLiteral("not an Ogg page at byte %1").arg(at));
        char* page = out.data() + at;
        const int segments = std::uint8_t(page[26]);
        if (out.size() - at < kHeaderBytes + segments)
            return Status::error(QStringLiteral("Ogg page at byte %1 is cut short").arg(at));
        qsizetype body = 0;
        for (int s = 0; s < segments; ++s) body += std::uint8_t(page[kHeaderBytes + s]);
        const qsizetype pageBytes = kHeaderBytes + segments + body;
        if (out.size() - at < pageBytes)
            return Status::error(QStringLiteral("Ogg page at byte %1 is cut short").arg(at));
        const std::uint32_t old = readLe32(page + kSerialAt);
        const auto [it, added] = renamed.emplace(old, serial + std::uint32_t(renamed.size()));
        writeLe32(page + kSerialAt, it->second);
        writeLe32(page + kCrcAt, oggPageCrc(page, std::size_t(pageBytes)));
        at += pageBytes;
    }
    if (renamed.empty()) return Status::error(QStringLiteral("no Ogg pages"));
    bytes = std::move(out);
    return Status::ok();
}

Status setOggSerialNumbers(const QString& path, std::uint32_t serial) {
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return Status::error(QStringLiteral("%1: %2").arg(path, in.errorString()));
    QByteArray bytes = in.readAll();
    in.close();
    if (Status s = setOggSerialNumbers(bytes, serial); !s.isOk()) return s.withContext(path);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Status::error(QStringLiteral("%1: %2").arg(path, out.errorString()));
    return Status::ok();
}

}  // namespace tl::audio
