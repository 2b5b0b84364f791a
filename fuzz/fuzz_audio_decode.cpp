// libFuzzer target: the audio front-end on arbitrary bytes. The input becomes an in-memory file
// (memfd, opened as /proc/self/fd/N), so analyseFile runs exactly as on a music file: libsndfile
// picks the format from the content (WAV, FLAC, Ogg Vorbis, Opus, MP3, AIFF, ...); what it cannot
// open goes to FFmpeg (the path has no suffix, as for a file libsndfile rejects), which probes
// MP4/M4A (AAC, ALAC), ADTS AAC, ASF (WMA) and Matroska/WebM; the length is checked, excerpts are
// decoded, resampled (libsoxr), log-mel'd and summarised. Then the whole track is decoded
// (decodeWindows with no windows), as the spectrogram view does. An error Status is a fine answer;
// a crash, a hang, a leak, undefined behaviour or a non-finite log-mel is a bug. Seeds:
// tests/data/audio-seeds/.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "FuzzFiles.h"
#include "audio/AudioDecoder.h"
#include "audio/LogMel.h"
#include "audio/TrackAnalysis.h"

namespace {

// Small on purpose, for speed: one 2 s excerpt, a short FFT and few mel bands. 11025 Hz is not
// the seeds' 8 kHz, so every input also goes through the resampler.
tl::audio::FrontEndOptions fuzzOptions() {
    tl::audio::FrontEndOptions o;
    o.sampleRate = 11025;
    o.nFft = 256;
    o.hop = 128;
    o.nMels = 16;
    o.excerptCount = 1;
    o.excerptSeconds = 2.0;
    return o;
}

void check(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_audio_decode: %s\n", what);
    std::abort();
}

}  // namespace

// Leaks that are not Tastelab's, so LeakSanitizer does not report them:
// - Stft.cpp keeps one FFTW plan per size for the life of the process by design; its static map
//   is destroyed at exit without fftwf_destroy_plan. FFTW has no frame pointers, so its
//   allocator is the deepest frame a report names: what FFTW allocates is not reported (Stft's
//   own FFTW buffers are freed by RAII).
// - libsndfile 1.2.0 leaks the vorbis_info (5784 bytes) of an Ogg Vorbis file whose headers it
//   rejects, even when sf_open fails or sf_close is called (a plain C sf_open/sf_close program
//   leaks the same on these inputs).
// Every other leak, per input or at exit, is still reported.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:fftwf_malloc_plain\nleak:vorbis_info_init\n";
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    tl::fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static tl::fuzz::MemoryFile file;
    static const tl::audio::LogMelFrontEnd frontEnd(fuzzOptions());
    file.write(data, size);

    auto analysis = tl::audio::analyseFile(file.path(), frontEnd);
    if (analysis) {
        const tl::audio::TrackAnalysis& a = *analysis;
        check(a.sourceRate > 0 && a.sourceChannels > 0, "no rate or channels in a decoded file");
        check(std::isfinite(a.seconds) && a.seconds > 0, "a decoded track has no length");
        check(a.windows.size() == a.logMel.size(), "one log-mel per window");
        for (size_t i = 0; i < a.windows.size(); ++i) {
            const tl::audio::ExcerptWindow& w = a.windows[i];
            check(std::isfinite(w.startSeconds) && std::isfinite(w.seconds) &&
                      w.startSeconds >= 0 && w.seconds > 0 &&
                      w.startSeconds + w.seconds <= a.seconds * (1 + 1e-9),
                  "a window outside the track");
            check(a.logMel[i].rows() == frontEnd.options().nMels, "log-mel rows != nMels");
            // Non-finite samples (a float WAV holding NaN or inf) must not reach the model.
            check(a.logMel[i].allFinite(), "non-finite log-mel value");
        }
        // The stored form must read back as it was written.
        const QByteArray stored = tl::audio::serialiseLogMel(a);
        auto back = tl::audio::deserialiseLogMel(stored);
        check(back.ok() && back->logMel.size() == a.logMel.size(), "stored log-mel unreadable");
    }

    // The whole track, as the spectrogram view decodes it.
    auto whole = tl::audio::decodeWindows(file.path(), frontEnd.options().sampleRate, nullptr);
    if (whole) {
        check(whole->excerpts.size() <= 1, "more than one window for the whole track");
        for (const tl::audio::DecodedExcerpt& e : whole->excerpts)
            check(e.window.startSeconds == 0 && e.window.seconds <= whole->seconds * (1 + 1e-9),
                  "the whole track's window is not the track");
    }
    return 0;
}
