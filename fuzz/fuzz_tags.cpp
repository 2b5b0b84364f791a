// libFuzzer target: readFileTags (core/library/TagReader.h), TagLib then libsndfile or FFmpeg,
// on arbitrary bytes. TagLib picks its parser by the file name's extension, so the first input
// byte chooses one (kExtensions[byte % 11]) and the rest is the file, written to a per-process
// directory in /dev/shm under that name: the FLAC, Ogg Vorbis, Opus, MP3, RIFF/WAV, AIFF, MP4
// and ASF parsers are all reached, and content that does not match its name falls through to
// libsndfile (or, for m4a aac wma mka webm, to FFmpeg) as in a real scan. An error is a fine
// answer; a crash, a hang, a leak or undefined behaviour is a bug. Seeds: tests/data/audio-seeds/
// with the matching selector byte in front (tastelab.sh makes them).
#include <cstdio>
#include <cstdlib>

#include "FuzzFiles.h"
#include "library/AudioFormats.h"
#include "library/TagReader.h"

namespace {

// Keep the order: tastelab.sh's seed prefixes index this list.
// The last four (and m4a) are FFmpeg's when TagLib cannot read them (library/TagReader.cpp).
constexpr const char* kExtensions[] = {"flac", "ogg", "opus", "mp3", "wav", "aif",
                                       "m4a",  "aac", "wma",  "mka", "webm"};
constexpr size_t kExtensionCount = sizeof(kExtensions) / sizeof(kExtensions[0]);

}  // namespace

// libsndfile 1.2.0 (the fallback reader) leaks the vorbis_info (5784 bytes) of an Ogg Vorbis
// file whose headers it rejects, even when sf_open fails or sf_close is called: not Tastelab's
// leak, so not reported. Every other leak still is.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:vorbis_info_init\n";
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    tl::fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const tl::fuzz::ScratchDir dir;
    const QString name =
        QStringLiteral("input.") + QLatin1String(kExtensions[data[0] % kExtensionCount]);
    const QString path = dir.write(name, data + 1, size - 1);
    QString format = tl::audioFormatForFileName(name);
    if (format.isEmpty()) format = QStringLiteral("M4A");  // not scanned, but TagLib reads it

    const auto tags = tl::readFileTags(path, format);
    if (tags) {
        // Touch every field, so the sanitizers see what the readers produced.
        size_t sum = size_t(tags->artist.size() + tags->title.size() + tags->album.size() +
                            tags->genre.size() + tags->comment.size() + tags->description.size() +
                            tags->mood.size() + tags->grouping.size() + tags->trackMbid.size() +
                            tags->artistMbid.size() + tags->albumMbid.size() + tags->reader.size());
        sum += size_t(tags->durationMs) + size_t(tags->sampleRate) + size_t(tags->channels);
        if (tags->reader.isEmpty()) {
            std::fprintf(stderr, "fuzz_tags: tags read by no reader (%zu)\n", sum);
            std::abort();
        }
    } else if (tags.status().message().isEmpty()) {
        std::fprintf(stderr, "fuzz_tags: an error without a message\n");
        std::abort();
    }
    return 0;
}
