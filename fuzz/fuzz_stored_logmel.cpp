// libFuzzer target: deserialiseLogMel, the reader of the log-mel BLOBs a project stores
// ("TLLM" header, windows, float16 values; core/audio/TrackAnalysis.h). A project file is
// outside bytes, and fuzz_project_open rarely gets a mutated BLOB past SQLite, so the reader is
// fuzzed here on its own. What it accepts must be self-consistent and serialise back to the
// bytes it read (the format has one encoding of each value set).
#include <cstdio>
#include <cstdlib>

#include "audio/TrackAnalysis.h"

namespace {

void check(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_stored_logmel: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    auto stored = tl::audio::deserialiseLogMel(bytes);
    if (!stored) {
        check(!stored.status().message().isEmpty(), "refused without a message");
        return 0;
    }
    check(stored->windows.size() == stored->logMel.size(), "one matrix per window");
    tl::audio::TrackAnalysis a;
    a.windows = stored->windows;
    a.logMel = stored->logMel;
    size_t values = 0;
    for (const Eigen::MatrixXf& m : a.logMel) {
        check(m.rows() == stored->nMels, "a matrix with other than nMels rows");
        values += size_t(m.size());
    }
    check(values * 2 <= size, "more values than the bytes hold");
    // Round trip, where one exists: serialiseLogMel takes nMels from the first matrix, so a
    // BLOB with nMels but no excerpt writes back 0; and trailing bytes are not written back.
    if (!a.logMel.empty()) {
        const QByteArray again = tl::audio::serialiseLogMel(a);
        check(again.size() <= bytes.size(), "serialised form longer than the input");
        // Half-float NaN payloads may change through float and back; compare only the header.
        check(again.left(16) == bytes.left(16), "serialised header differs from the input's");
    }
    return 0;
}
