// libFuzzer target: ArchiveReader (libarchive, every format and filter Tastelab enables) with
// each entry streamed through TextSource and sniffed, as an import reads a .zip or .tar.gz.
#include "FuzzParser.h"
#include "importers/ArchiveReader.h"
#include "importers/HistoryFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    tl::ArchiveReader archive;
    if (!archive.openMemory(bytes, QStringLiteral("fuzz.zip"))) return 0;
    for (int entries = 0; entries < 64 && archive.next() == tl::ArchiveReader::Next::Entry;
         ++entries) {
        tl::TextSource source;
        source.openStream(
            [&](char* out, qint64 n, QString* error) {
                const qint64 got = archive.read(out, n);
                if (got < 0) *error = archive.error();
                return got;
            },
            archive.entrySize());
        const tl::Detection d = tl::detectFormat(archive.entryPath(), source.peek(64 * 1024));
        if (d.format == tl::HistoryFormat::Lastfm1k) {
            tl::ParseOptions options;
            options.maxRecordBytes = 4096;
            tl::fuzz::TouchingSink sink;
            tl::parseLastfm1k(source, options, sink);
        }
    }
    return 0;
}
