#include "library/TaggedAudioWriter.h"

#include <sndfile.h>
#include <taglib/fileref.h>
#include <taglib/tag.h>
#include <taglib/tpropertymap.h>

#include <QFile>
#include <cmath>
#include <numbers>
#include <vector>

namespace tl {
namespace {

int sndfileFormat(const QString& format) {
    if (format == QLatin1String("WAV")) return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    if (format == QLatin1String("FLAC")) return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    if (format == QLatin1String("OGG")) return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    if (format == QLatin1String("OPUS")) return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    if (format == QLatin1String("MP3")) return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    if (format == QLatin1String("AIFF")) return SF_FORMAT_AIFF | SF_FORMAT_PCM_16;
    return 0;
}

TagLib::String toTagLib(const QString& s) {
    return TagLib::String(s.toUtf8().toStdString(), TagLib::String::UTF8);
}

}  // namespace

Status writeTone(const QString& path, const ToneSpec& spec) {
    SF_INFO info{};
    info.samplerate = spec.sampleRate;
    info.channels = spec.channels;
    info.format = sndfileFormat(spec.format);
    if (info.format == 0)
        return Status::error(QStringLiteral("%1: cannot write format '%2'").arg(path, spec.format));
    SNDFILE* file = sf_open(QFile::encodeName(path).constData(), SFM_WRITE, &info);
    if (!file)
        return Status::error(
            QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(sf_strerror(nullptr))));
    std::vector<float> samples(size_t(spec.frames) * size_t(spec.channels));
    for (int f = 0; f < spec.frames; ++f) {
        const float v =
            float(0.25 * std::sin(2.0 * std::numbers::pi * spec.frequency * f / spec.sampleRate));
        for (int c = 0; c < spec.channels; ++c) samples[size_t(f * spec.channels + c)] = v;
    }
    const sf_count_t written = sf_writef_float(file, samples.data(), spec.frames);
    const QString error = QString::fromLocal8Bit(sf_strerror(file));
    sf_close(file);
    if (written != spec.frames) return Status::error(QStringLiteral("%1: %2").arg(path, error));
    return Status::ok();
}

Status writeFileTags(const QString& path, const FileTags& tags) {
    TagLib::FileRef ref(QFile::encodeName(path).constData(), false);
    if (ref.isNull() || !ref.tag())
        return Status::error(QStringLiteral("%1: TagLib cannot open the file").arg(path));
    TagLib::PropertyMap properties = ref.file()->properties();
    const std::pair<const char*, const QString*> fields[] = {
        {"ARTIST", &tags.artist},
        {"TITLE", &tags.title},
        {"ALBUM", &tags.album},
        {"GENRE", &tags.genre},
        {"COMMENT", &tags.comment},
        {"DESCRIPTION", &tags.description},
        {"MOOD", &tags.mood},
        {"GROUPING", &tags.grouping},
        {"MUSICBRAINZ_TRACKID", &tags.trackMbid},
        {"MUSICBRAINZ_ARTISTID", &tags.artistMbid},
        {"MUSICBRAINZ_ALBUMID", &tags.albumMbid},
    };
    for (const auto& [key, value] : fields)
        if (!value->isEmpty()) properties.replace(key, TagLib::StringList(toTagLib(*value)));
    const TagLib::PropertyMap unsupported = ref.file()->setProperties(properties);
    if (!unsupported.isEmpty())
        return Status::error(
            QStringLiteral("%1: the tag format cannot hold %2")
                .arg(path, QString::fromUtf8(unsupported.toString().toCString(true))));
    if (!ref.save())
        return Status::error(QStringLiteral("%1: TagLib cannot save the tags").arg(path));
    return Status::ok();
}

}  // namespace tl
