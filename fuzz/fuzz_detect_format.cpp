// libFuzzer target: encoding sniffing (TextSource) and format detection (detectFormat), the
// code every imported file meets first, under several names (names break ties).
#include "FuzzParser.h"
#include "importers/HistoryFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tl::TextSource source;
    source.openBytes(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    const QByteArray head = source.peek(64 * 1024);
    for (const char* name :
         {"data.txt", "StreamingHistory0.json", "Streaming_History_Video_2023.json", "user.json"}) {
        const tl::Detection d = tl::detectFormat(QString::fromLatin1(name), head);
        if (d.format == tl::HistoryFormat::Unknown && d.reason.isEmpty() && head.size() > 1 << 30)
            return 1;  // never: keeps the result used
    }
    return 0;
}
