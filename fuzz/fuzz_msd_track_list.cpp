// libFuzzer target: MsdTrackList::read, then lookups of what it read (see FuzzParser.h).
#include "FuzzParser.h"
#include "importers/MsdTrackList.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tl::TextSource source;
    source.openBytes(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    tl::ParseOptions options;
    options.maxRecordBytes = 4096;
    tl::fuzz::TouchingSink sink;
    tl::MsdTrackList list;
    list.read(source, options, sink);
    if (const auto* name = list.find("SOAKIMP12A8C130995"))
        sink.checksum += size_t(name->artist.size() + name->title.size());
    return 0;
}
