// fuzz/: libFuzzer targets, one per history parser (fuzz_<parser>.cpp), built with clang by
// -DTASTELAB_BUILD_FUZZ=ON and run by `./tastelab.sh fuzz [SECONDS]`. Each feeds arbitrary bytes
// through TextSource (encoding sniffing included) into one parser; a crash, a hang, a leak or
// undefined behaviour is a bug, a rejected row is not.
#pragma once

#include <QByteArray>
#include <cstddef>
#include <cstdint>

#include "importers/HistoryParsers.h"
#include "importers/TextSource.h"

namespace tl::fuzz {

// Touches every field, so the sanitizers see each byte the parser produced.
struct TouchingSink : RowSink {
    size_t checksum = 0;
    void touch(const RawListen& row) {
        checksum +=
            size_t(row.line + row.endedAt + row.msPlayed + row.durationMs) +
            size_t(row.user.size() + row.artist.size() + row.title.size() + row.album.size() +
                   row.artistMbid.size() + row.recordingMbid.size() + row.spotifyUri.size());
    }
    void listen(RawListen& row) override { touch(row); }
    void reject(qint64 line, const QString& reason) override {
        checksum += size_t(line) + size_t(reason.size());
    }
    void skip(qint64 line, const QString& reason) override {
        checksum += size_t(line) + size_t(reason.size());
    }
    void playCount(RawListen& row, qint64 plays) override {
        touch(row);
        checksum += size_t(plays);
    }
};

using Parser = void (*)(TextSource&, const ParseOptions&, RowSink&);

inline int runParser(const uint8_t* data, size_t size, Parser parser) {
    TextSource source;
    source.openBytes(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    ParseOptions options;
    options.defaultUser = QStringLiteral("me");
    options.maxRecordBytes = 4096;  // small, so the overlong-record paths are reached too
    TouchingSink sink;
    parser(source, options, sink);
    return 0;
}

}  // namespace tl::fuzz
