#include "library/AudioFormats.h"

namespace tl {

QString audioFormatForFileName(QStringView fileName) {
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0) return {};
    const QString suffix = fileName.mid(dot + 1).toString().toLower();
    struct Entry {
        const char* suffix;
        const char* format;
    };
    static constexpr Entry kFormats[] = {
        {"wav", "WAV"},
        {"wave", "WAV"},
        {"flac", "FLAC"},
        {"ogg", "OGG"},
        {"oga", "OGG"},
        {"opus", "OPUS"},
        {"mp3", "MP3"},
        {"aif", "AIFF"},
        {"aiff", "AIFF"},
        {"aifc", "AIFF"},
        // What FFmpeg decodes (audio/FfmpegReader.h): AAC or ALAC in MP4 (iTunes, phones; .m4b
        // audiobooks), raw AAC (ADTS), WMA, and audio-only Matroska/WebM (Opus, Vorbis).
        // (.mp4 is left out: in a music folder it is a video.)
        {"m4a", "M4A"},
        {"m4b", "M4A"},
        {"aac", "AAC"},
        {"alac", "ALAC"},
        {"wma", "WMA"},
        {"mka", "MKA"},
        {"webm", "WEBM"},
    };
    for (const Entry& e : kFormats)
        if (suffix == QLatin1String(e.suffix)) return QString::fromLatin1(e.format);
    return {};
}

}  // namespace tl
