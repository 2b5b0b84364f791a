#include "library/TagReader.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <taglib/aifffile.h>
#include <taglib/audioproperties.h>
#include <taglib/fileref.h>
#include <taglib/infotag.h>
#include <taglib/mpegfile.h>
#include <taglib/tag.h>
#include <taglib/tpropertymap.h>
#include <taglib/wavfile.h>
#include <unistd.h>

#include <QFile>
#include <QStringList>
#include <cerrno>

#include "audio/FfmpegReader.h"
#include "audio/PlausibleLength.h"
#include "audio/RiffCheck.h"
#include "util/NativePath.h"

namespace tl {
namespace {

// A tag's date ("2009", "2009-05-04", "2009/05") as a year; 0 when it does not start with one.
int yearFromDate(const QString& date) {
    const QString text = date.trimmed();
    if (text.size() < 4) return 0;
    for (int i = 0; i < 4; ++i)
        if (!text[i].isDigit() || text[i].unicode() > '9') return 0;
    if (text.size() > 4 && text[4].isDigit()) return 0;  // "20090504" is not a year
    const int year = text.left(4).toInt();
    return year >= 1000 && year <= 2999 ? year : 0;
}

QString fromTagLib(const TagLib::String& s) {
    return QString::fromUtf8(s.toCString(true)).trimmed();
}

// The first value of a property, or empty. `single`: only when there is exactly one value (an
// artist MBID list names several artists; the catalog's artist MBID is one artist's).
QString property(const TagLib::PropertyMap& map, const char* key, bool single = false) {
    const auto it = map.find(key);
    if (it == map.end() || it->second.isEmpty()) return {};
    if (single && it->second.size() != 1) return {};
    return fromTagLib(it->second.front());
}

// Every distinct non-empty value of a property, in the file's order.
QStringList values(const TagLib::PropertyMap& map, const char* key) {
    QStringList out;
    const auto it = map.find(key);
    if (it == map.end()) return out;
    for (const TagLib::String& value : it->second) {
        const QString v = fromTagLib(value);
        if (!v.isEmpty() && !out.contains(v)) out.append(v);
    }
    return out;
}

// A length from a file's header is a claim (audio/PlausibleLength.h): one that cannot be true
// is an unknown length (0), never an overflowed one.
int plausibleDurationMs(qint64 frames, int sampleRate, qint64 fileSize) {
    if (!audio::plausibleFrameCount(frames, sampleRate, fileSize)) return 0;
    return int(frames * 1000 / sampleRate);  // < 24 h: fits an int
}

// TagLib's length (an int it computed from such a count): the same limits.
int plausibleLengthMs(qint64 ms, int sampleRate, qint64 fileSize) {
    if (ms <= 0 || ms > qint64(audio::kMaxTrackSeconds) * 1000) return 0;
    if (sampleRate > 0 && !audio::plausibleFrameCount(ms * sampleRate / 1000, sampleRate, fileSize))
        return 0;
    return int(ms);
}

// Why the file cannot be read as a file at all, in plain words ("cannot open: Permission
// denied", "a folder, not a file"), or empty when it is a regular file that opens; then *size
// (when given) is its size. Opens without blocking: opening a FIFO would wait for a writer.
QString openProblem(const QByteArray& native, qint64* size) {
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return QStringLiteral("cannot open: %1").arg(qt_error_string(errno));
    struct stat info {};
    const int statResult = ::fstat(fd, &info);
    const int statError = errno;
    ::close(fd);
    if (statResult != 0) return QStringLiteral("cannot open: %1").arg(qt_error_string(statError));
    if (S_ISDIR(info.st_mode)) return QStringLiteral("a folder, not a file");
    if (!S_ISREG(info.st_mode)) {
        const QString kind = S_ISFIFO(info.st_mode)   ? QStringLiteral("a FIFO")
                             : S_ISSOCK(info.st_mode) ? QStringLiteral("a socket")
                                                      : QStringLiteral("a device");
        return QStringLiteral("not a regular file (%1)").arg(kind);
    }
    if (size) *size = qint64(info.st_size);
    return {};
}

bool hasId3v2Tag(TagLib::File* file) {
    if (auto* mpeg = dynamic_cast<TagLib::MPEG::File*>(file)) return mpeg->hasID3v2Tag();
    if (auto* wav = dynamic_cast<TagLib::RIFF::WAV::File*>(file)) return wav->hasID3v2Tag();
    if (auto* aiff = dynamic_cast<TagLib::RIFF::AIFF::File*>(file)) return aiff->hasID3v2Tag();
    return false;
}

bool readWithTagLib(const QByteArray& native, qint64 fileSize, FileTags& tags) {
    TagLib::FileRef ref(native.constData(), true, TagLib::AudioProperties::Fast);
    if (ref.isNull()) return false;
    // The property map keeps a field's values apart; Tag::title(), artist(), … join them with
    // spaces (a file with eleven TITLE comments would get one long title, and two such files the
    // same one). The first value is the name, the other artist and title values are aliases.
    const TagLib::PropertyMap properties = ref.file()->properties();
    const QStringList artists = values(properties, "ARTIST");
    const QStringList titles = values(properties, "TITLE");
    tags.artist = artists.value(0);
    tags.artistAliases = artists.mid(1);
    tags.title = titles.value(0);
    tags.titleAliases = titles.mid(1);
    tags.album = values(properties, "ALBUM").value(0);
    tags.genre = values(properties, "GENRE").value(0);
    // Fields the map lacks (a format whose property map leaves some out) come from tag().
    if (const TagLib::Tag* tag = ref.tag()) {
        const std::pair<QString*, TagLib::String> fields[] = {
            {&tags.artist, tag->artist()},
            {&tags.title, tag->title()},
            {&tags.album, tag->album()},
            {&tags.genre, tag->genre()},
        };
        for (const auto& [field, value] : fields)
            if (field->isEmpty()) *field = fromTagLib(value);
        tags.comment = fromTagLib(tag->comment());
        if (tag->year() >= 1000 && tag->year() <= 2999) tags.year = int(tag->year());
    }
    if (tags.year == 0) tags.year = yearFromDate(property(properties, "DATE"));
    // TagLib's WAV tag() is the ID3v2 chunk only; most WAV taggers (and libsndfile) write the
    // RIFF INFO chunk instead, so fields the ID3v2 tag lacks come from there.
    if (auto* wav = dynamic_cast<TagLib::RIFF::WAV::File*>(ref.file()); wav && wav->hasInfoTag()) {
        const TagLib::RIFF::Info::Tag* info = wav->InfoTag();
        const std::pair<QString*, TagLib::String> fields[] = {
            {&tags.artist, info->artist()},   {&tags.title, info->title()},
            {&tags.album, info->album()},     {&tags.genre, info->genre()},
            {&tags.comment, info->comment()},
        };
        for (const auto& [field, value] : fields)
            if (field->isEmpty()) *field = fromTagLib(value);
        if (tags.year == 0 && info->year() >= 1000 && info->year() <= 2999)
            tags.year = int(info->year());
    }
    tags.trackMbid = property(properties, "MUSICBRAINZ_TRACKID");
    tags.artistMbid = property(properties, "MUSICBRAINZ_ARTISTID", true);
    tags.albumMbid = property(properties, "MUSICBRAINZ_ALBUMID");
    tags.description = property(properties, "DESCRIPTION");
    // A Vorbis comment's comment() is its DESCRIPTION field when it has one (TagLib's
    // XiphComment); the COMMENT key is the comment itself wherever the format has one.
    if (const QString comment = property(properties, "COMMENT"); !comment.isEmpty())
        tags.comment = comment;
    else if (tags.comment == tags.description)
        tags.comment.clear();
    tags.mood = property(properties, "MOOD");
    tags.grouping = property(properties, "GROUPING");
    if (tags.grouping.isEmpty()) tags.grouping = property(properties, "CONTENTGROUP");
    // ID3v2's TIT1 is the "content group description", where iTunes before 12.5.4 (and the
    // taggers that copied it) wrote the grouping; TagLib 1.13 reports it as WORK. Only an ID3v2
    // tag means that: a Vorbis or MP4 WORK is a classical work's name.
    if (tags.grouping.isEmpty() && hasId3v2Tag(ref.file()))
        tags.grouping = property(properties, "WORK");
    if (const TagLib::AudioProperties* audio = ref.audioProperties()) {
        tags.sampleRate = audio->sampleRate();
        tags.channels = audio->channels();
        tags.durationMs =
            plausibleLengthMs(audio->lengthInMilliseconds(), tags.sampleRate, fileSize);
    }
    return true;
}

QString sndfileString(SNDFILE* file, int kind) {
    const char* value = sf_get_string(file, kind);
    return value ? QString::fromUtf8(value).trimmed() : QString();
}

// libsndfile reads by content what TagLib, which goes by the file name, cannot: a FLAC stream
// named .wav, an unusual WAV variant. Fills in the text fields TagLib left empty and the audio
// properties. Returns an empty string on success, else libsndfile's reason.
QString readWithSndfile(const QByteArray& native, qint64 fileSize, FileTags& tags) {
    // Before libsndfile: a header that makes its sf_open loop forever is refused here.
    if (const QString problem = audio::riffChunkProblem(pathFromNative(native)); !problem.isEmpty())
        return problem;
    SF_INFO info{};
    SNDFILE* file = sf_open(native.constData(), SFM_READ, &info);
    if (!file) return QString::fromLocal8Bit(sf_strerror(nullptr));
    const std::pair<QString*, int> fields[] = {
        {&tags.artist, SF_STR_ARTIST}, {&tags.title, SF_STR_TITLE},     {&tags.album, SF_STR_ALBUM},
        {&tags.genre, SF_STR_GENRE},   {&tags.comment, SF_STR_COMMENT},
    };
    for (const auto& [field, kind] : fields)
        if (field->isEmpty()) *field = sndfileString(file, kind);
    if (tags.year == 0) tags.year = yearFromDate(sndfileString(file, SF_STR_DATE));
    tags.sampleRate = info.samplerate;
    tags.channels = info.channels;
    tags.durationMs = plausibleDurationMs(info.frames, info.samplerate, fileSize);
    sf_close(file);
    return {};
}

// FFmpeg reads what neither TagLib nor libsndfile can (raw AAC, Matroska/WebM, an M4A TagLib
// rejects): the container's text tags and the decoded stream's properties. Returns an empty
// string on success, else FFmpeg's reason.
QString readWithFfmpeg(const QByteArray& native, qint64 fileSize, FileTags& tags) {
    audio::FfmpegReader reader;
    if (QString why = reader.open(native); !why.isEmpty()) return why;
    const audio::FfmpegTags found = reader.tags();
    const std::pair<QString*, const QString*> fields[] = {
        {&tags.artist, &found.artist}, {&tags.title, &found.title},     {&tags.album, &found.album},
        {&tags.genre, &found.genre},   {&tags.comment, &found.comment},
    };
    for (const auto& [field, value] : fields)
        if (field->isEmpty()) *field = *value;
    if (tags.year == 0) tags.year = yearFromDate(found.date);
    tags.sampleRate = reader.sampleRate();
    tags.channels = reader.channels();
    tags.durationMs = plausibleDurationMs(reader.claimedFrames(), reader.sampleRate(), fileSize);
    return {};
}

}  // namespace

Result<FileTags> readFileTags(const QString& path, const QString& format, qint64 size) {
    const QByteArray native = nativePath(path);
    // A file the caller has not looked at (the walk has: a regular file of `size` bytes) is
    // checked first: TagLib would wait forever on a FIFO, and a missing file is not "empty".
    if (size < 0) {
        if (const QString problem = openProblem(native, &size); !problem.isEmpty())
            return Status::error(problem);
    }
    // TagLib "reads" an empty WAV (no tags, no properties): say what it is before it tries.
    if (size == 0) return Status::error(QStringLiteral("empty file (0 bytes)"));
    FileTags tags;
    const bool tagLibRead = readWithTagLib(native, size, tags);
    if (tagLibRead && tags.sampleRate > 0 && tags.channels > 0) {
        tags.reader = QStringLiteral("taglib");
        return tags;
    }
    // TagLib could not parse the file, or parsed a container without finding its audio. What
    // libsndfile never reads (M4A, AAC, WMA, Matroska/WebM) goes to FFmpeg instead.
    // (Unless it is none of those at all, a WAV named .m4a: libsndfile reads by content.)
    if (audio::isFfmpegSuffix(path)) {
        const QString why = readWithFfmpeg(native, size, tags);
        if (why.isEmpty()) {
            tags.reader = tagLibRead ? QStringLiteral("taglib+ffmpeg") : QStringLiteral("ffmpeg");
            return tags;
        }
        if (why == audio::ffmpegUnknownFormat() && readWithSndfile(native, size, tags).isEmpty()) {
            tags.reader =
                tagLibRead ? QStringLiteral("taglib+libsndfile") : QStringLiteral("libsndfile");
            return tags;
        }
        if (const QString problem = openProblem(native, nullptr); !problem.isEmpty())
            return Status::error(problem);
        // "an M4A", "an AAC", "an ALAC", "an MKA"; "a WMA", "a WEBM".
        const bool an = format.startsWith(QLatin1Char('M')) || format.startsWith(QLatin1Char('A'));
        return Status::error(
            QStringLiteral("not %1 %2 file TagLib or FFmpeg can read (FFmpeg: %3)")
                .arg(an ? QStringLiteral("an") : QStringLiteral("a"), format, why));
    }
    const QString reason = readWithSndfile(native, size, tags);
    if (reason.isEmpty()) {
        tags.reader =
            tagLibRead ? QStringLiteral("taglib+libsndfile") : QStringLiteral("libsndfile");
        return tags;
    }
    // Neither library could: say why in plain words when the file cannot even be opened
    // (checked only now, so the common case costs no extra system call).
    if (const QString problem = openProblem(native, nullptr); !problem.isEmpty())
        return Status::error(problem);
    // libsndfile says "File does not exist or is not a regular file (possibly a pipe?)" when it
    // reads nothing it knows from a file (an MP3 with no MPEG frames, random bytes); this one
    // exists, is a regular file and opens, so that reason would mislead: it is left out.
    const QString detail = reason.contains(QLatin1String("possibly a pipe"))
                               ? QString()
                               : QStringLiteral(" (libsndfile: %1)").arg(reason);
    // "an MP3", "an AIFF", "an OGG", "an OPUS"; "a FLAC", "a WAV".
    const bool an = format.startsWith(QLatin1Char('M')) || format.startsWith(QLatin1Char('A')) ||
                    format.startsWith(QLatin1Char('O'));
    return Status::error(QStringLiteral("not %1 %2 file TagLib or libsndfile can read%3")
                             .arg(an ? QStringLiteral("an") : QStringLiteral("a"), format, detail));
}

}  // namespace tl
