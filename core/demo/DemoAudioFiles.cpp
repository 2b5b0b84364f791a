#include "demo/DemoAudioFiles.h"

#include <sndfile.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "audio/OggPages.h"
#include "demo/DemoGenres.h"
#include "demo/DemoPlan.h"
#include "demo/DemoSynth.h"

namespace tl::demo {
namespace {

// Frames per sf_write call: cancellation is checked between chunks, so even the slowest encode
// (Ogg Vorbis at 44.1 kHz stereo, ~20 ms per 8192 frames here) stops well within 200 ms.
constexpr int kChunkFrames = 8192;

// FLAC clips keep 11 significant bits of the 16 (the low 5 are zero), the lossyWAV trick: FLAC
// stores constant-zero low bits for free ("wasted bits"), which roughly halves the music folder
// (~300 KB to ~165 KB per 10 s clip), and -66 dB of quantisation noise is far below anything a
// log-mel front end resolves in this music. WAV stays full 16-bit; it is uncompressed anyway.
constexpr int kFlacDroppedBits = 5;

constexpr double kVorbisQuality = 0.4;

int sndfileFormat(AudioFormat format) {
    switch (format) {
        case AudioFormat::Flac:
            return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
        case AudioFormat::Ogg:
            return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
        case AudioFormat::Wav:
            return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    }
    return 0;
}

void toPcm16(const float* in, size_t count, int droppedBits, std::vector<short>& out) {
    const int step = 1 << droppedBits;
    const long top = (32767 / step) * step;
    out.resize(count);
    for (size_t i = 0; i < count; ++i) {
        const long v = std::lrint(double(in[i]) * 32767.0 / step) * step;
        out[i] = short(std::clamp(v, -32768L, top));
    }
}

QString clipPath(const QString& root, const World& world, int index) {
    const QString name = world.audio[size_t(index)].relativePath;
    return QStringLiteral("%1/clips/%2.%3").arg(root).arg(index).arg(QFileInfo(name).suffix());
}

// A release year: each genre has its era (so colouring the map by year tells genres apart the
// way a real library's decades do), each artist a few years within it, and the new releases
// nobody has heard yet are from the window's last year. From the world's indices, not its
// random draws, so the years moved nothing else of a seed's world.
int releaseYear(const WorldTrack& track) {
    const int lastYear = QDateTime::fromSecsSinceEpoch(windowEnd(), Qt::UTC).date().year();
    if (track.coldStart) return lastYear;
    return std::min(lastYear - 1,
                    1962 + (track.genre * 11) % 55 + track.artist % 7 + (track.number - 1) / 4);
}

Status sndfileError(const QString& path, SNDFILE* file, const char* what) {
    return Status::error(
        QStringLiteral("%1: %2: %3")
            .arg(path, QLatin1String(what), QString::fromLocal8Bit(sf_strerror(file))));
}

}  // namespace

QString formatName(AudioFormat format) {
    switch (format) {
        case AudioFormat::Flac:
            return QStringLiteral("FLAC");
        case AudioFormat::Ogg:
            return QStringLiteral("OGG");
        case AudioFormat::Wav:
            return QStringLiteral("WAV");
    }
    return {};
}

Status writeClip(const World& world, const WorldAudio& audio, const QString& path,
                 const Progress& progress) {
    const WorldTrack& track = world.tracks[size_t(audio.track)];
    const WorldArtist& artist = world.artists[size_t(track.artist)];
    const std::vector<float> samples =
        synthesiseClip(genreCatalogue()[size_t(track.genre)].sound, audio.seed, audio.sampleRate,
                       audio.frames, audio.channels, [&] { return progress.cancelled(); });
    if (progress.cancelled() || samples.empty()) return Status::cancelled();

    SF_INFO info{};
    info.samplerate = audio.sampleRate;
    info.channels = audio.channels;
    info.format = sndfileFormat(audio.format);
    const QByteArray nativePath = QFile::encodeName(path);
    SNDFILE* file = sf_open(nativePath.constData(), SFM_WRITE, &info);
    if (!file) return sndfileError(path, nullptr, "cannot write");

    // Tags go in before any audio: FLAC and Vorbis write them in the stream header.
    const QByteArray title = track.title.toUtf8();
    const QByteArray artistName = artist.name.toUtf8();
    const QByteArray album = track.album.toUtf8();
    const QByteArray genre = world.genreNames[size_t(track.genre)].toUtf8();
    const QByteArray number = QByteArray::number(track.number);
    const QByteArray year = QByteArray::number(releaseYear(track));
    const std::pair<int, const QByteArray*> tags[] = {
        {SF_STR_TITLE, &title}, {SF_STR_ARTIST, &artistName},  {SF_STR_ALBUM, &album},
        {SF_STR_GENRE, &genre}, {SF_STR_TRACKNUMBER, &number}, {SF_STR_DATE, &year},
    };
    for (const auto& [kind, value] : tags) {
        if (sf_set_string(file, kind, value->constData()) != 0) {
            const Status s = sndfileError(path, file, "cannot write tags");
            sf_close(file);
            return s;
        }
    }
    if (audio.format == AudioFormat::Ogg) {
        double quality = kVorbisQuality;
        sf_command(file, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality);
    }

    std::vector<short> pcm;
    const int droppedBits = audio.format == AudioFormat::Flac ? kFlacDroppedBits : 0;
    for (int frame = 0; frame < audio.frames; frame += kChunkFrames) {
        if (progress.cancelled()) {
            sf_close(file);
            return Status::cancelled();
        }
        const int count = std::min(kChunkFrames, audio.frames - frame);
        const float* chunk = samples.data() + size_t(frame) * size_t(audio.channels);
        sf_count_t done = 0;
        if (audio.format == AudioFormat::Ogg) {
            done = sf_writef_float(file, chunk, count);
        } else {
            toPcm16(chunk, size_t(count) * size_t(audio.channels), droppedBits, pcm);
            done = sf_writef_short(file, pcm.data(), count);
        }
        if (done != count) {
            const Status s = sndfileError(path, file, "write failed");
            sf_close(file);
            return s;
        }
    }
    if (sf_close(file) != 0) return sndfileError(path, nullptr, "cannot finish writing");
    // libsndfile numbers each Ogg stream at random: number it from the clip's seed instead, so
    // one world seed gives byte-identical files (and analyses) on every machine.
    if (audio.format == AudioFormat::Ogg)
        return audio::setOggSerialNumbers(path, std::uint32_t(audio.seed ^ (audio.seed >> 32)));
    return Status::ok();
}

Status writeAudioFiles(const World& world, const QString& root, std::vector<WrittenAudio>& written,
                       const Progress& progress) {
    const int total = int(world.audio.size());
    written.assign(size_t(total), {});
    if (!QDir().mkpath(root + QStringLiteral("/clips")))
        return Status::error(QStringLiteral("%1/clips: cannot create the folder").arg(root));
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    Status firstError;

    // Workers take the next clip until none are left. Every clip's content depends only on its
    // own seed, so which thread makes it does not matter.
    auto work = [&] {
        for (;;) {
            if (failed.load() || progress.cancelled()) return;
            const int i = next.fetch_add(1);
            if (i >= total) return;
            const WorldAudio& audio = world.audio[size_t(i)];
            const QString path = clipPath(root, world, i);
            const Status status = writeClip(world, audio, path, progress);
            if (!status.isOk()) {
                std::lock_guard lock(errorMutex);
                if (firstError.isOk()) firstError = status;
                failed = true;
                return;
            }
            const QFileInfo info(path);
            written[size_t(i)] = {info.size(), info.lastModified().toSecsSinceEpoch()};
            const int finished = ++done;
            progress.report(double(finished) / total,
                            QStringLiteral("Synthesising audio %1/%2").arg(finished).arg(total));
        }
    };

    // This thread works too, and helpers are only taken from the pool if one is free right now
    // (tryStart), so a caller that itself runs on the pool can never deadlock waiting for them.
    QThreadPool* pool = QThreadPool::globalInstance();
    QSemaphore helpersDone;
    int helpers = 0;
    for (int h = 1; h < QThread::idealThreadCount(); ++h) {
        if (!pool->tryStart([&] {
                work();
                helpersDone.release();
            }))
            break;
        ++helpers;
    }
    work();
    helpersDone.acquire(helpers);

    if (progress.cancelled()) return Status::cancelled();
    return firstError;
}

Status arrangeMusic(const World& world, const QString& root) {
    QDir dir(root);
    QString lastFolder;
    for (int i = 0; i < int(world.audio.size()); ++i) {
        const QString target = dir.filePath(world.audio[size_t(i)].relativePath);
        const QString folder = QFileInfo(target).path();
        if (folder != lastFolder && !dir.mkpath(folder))  // files come grouped by artist
            return Status::error(QStringLiteral("%1: cannot create the folder").arg(folder));
        lastFolder = folder;
        if (!dir.rename(clipPath(root, world, i), target))
            return Status::error(QStringLiteral("%1: cannot move the clip into place").arg(target));
    }
    if (!dir.rmdir(QStringLiteral("clips")))
        return Status::error(QStringLiteral("%1: cannot remove the folder")
                                 .arg(dir.filePath(QStringLiteral("clips"))));
    return Status::ok();
}

}  // namespace tl::demo
