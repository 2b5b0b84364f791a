// libFuzzer target: file names as bytes (util/NativePath.h). Any byte string, UTF-8 or not,
// must come back exactly from its QString (nativePath(pathFromNative(b)) == b), the QString must
// be the one it decodes to again, and valid UTF-8 that holds no code point of the escape block
// must decode exactly as QString::fromUtf8 does.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "util/NativePath.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString path = tl::pathFromNative(bytes);
    if (tl::nativePath(path) != bytes) {
        std::fprintf(stderr, "bytes do not survive the round trip\n");
        std::abort();
    }
    if (tl::pathFromNative(tl::nativePath(path)) != path) std::abort();
    if (!tl::hasRawBytes(path) && path != QString::fromUtf8(bytes)) {
        std::fprintf(stderr, "valid UTF-8 decoded differently from QString::fromUtf8\n");
        std::abort();
    }
    // Shown text never holds the escape block.
    if (tl::hasRawBytes(tl::displayPath(path))) std::abort();
    (void)tl::guessedText(path);
    (void)tl::nativeFileUrl(path);
    return 0;
}
