// libFuzzer target: parseListenBrainzJson (see FuzzParser.h).
#include "FuzzParser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return tl::fuzz::runParser(data, size, tl::parseListenBrainzJson);
}
