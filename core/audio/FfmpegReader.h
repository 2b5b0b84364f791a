// FFmpeg (libavformat + libavcodec) as a second reader for what libsndfile cannot read: AAC and
// ALAC in MP4/M4A, ADTS AAC, WMA in ASF, and Opus/Vorbis/AAC in Matroska/WebM. It hands the
// decoder interleaved float frames at the file's own rate and channel count, exactly as
// sf_readf_float does, so excerpt planning, the length checks, the mono downmix and resampling
// (libsoxr) stay the decoder's (AudioDecoder.cpp), shared by both readers.
//
// Hostile input: only those four container formats and the audio codecs they carry are opened
// (no playlists, no network or other protocols, no video); probing is bounded in bytes and
// time; the stream's duration is only a claim, which the decoder checks as it checks
// libsndfile's (audio/PlausibleLength.h); a stream whose rate or channel count changes midway is
// refused rather than mixed.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <memory>

namespace tl::audio {

// Text tags from the container (MP4 atoms, ASF attributes, Matroska tags), for the folder scan
// when TagLib cannot read the file.
struct FfmpegTags {
    QString artist, title, album, genre, comment;
    QString date;  // "date" (or "year"): as the container wrote it
};

class FfmpegReader {
public:
    FfmpegReader();
    ~FfmpegReader();
    FfmpegReader(const FfmpegReader&) = delete;
    FfmpegReader& operator=(const FfmpegReader&) = delete;

    // Opens the file at `native` (util/NativePath.h) and its first audio stream. Returns an
    // empty string on success, else the reason in plain words ("moov atom not found", "not a
    // container FFmpeg is used for").
    QString open(const QByteArray& native);
    void close();
    bool isOpen() const;

    int channels() const;
    int sampleRate() const;
    // The container's claim of the stream's length in frames, or -1 when it makes none.
    qint64 claimedFrames() const;
    FfmpegTags tags() const;

    // Decodes up to `frames` frames into `interleaved` (frames x channels floats). Returns the
    // frames written: fewer only at the end of the stream or on an error (error() says which).
    qint64 read(float* interleaved, qint64 frames);
    // Positions the next read at `frame` (from the stream's start). False when the container
    // cannot seek there or gives no timestamps to find it by: read forward instead.
    bool seek(qint64 frame);
    // Empty while no decode error has happened; a clean end of stream is not an error.
    QString error() const;

    // The FFmpeg library versions, for the benchmark notes.
    static QString versions();

private:
    struct State;
    std::unique_ptr<State> d;
};

// What open() says of a file that is none of the containers FFmpeg is used for (so another
// reader may try it).
inline QString ffmpegUnknownFormat() {
    return QStringLiteral("not an MP4/M4A, AAC, WMA or Matroska/WebM file");
}

// True for the file-name suffixes FFmpeg is used for from the start (libsndfile never reads
// them): m4a mp4 m4b aac alac wma mka webm.
bool isFfmpegSuffix(const QString& fileName);

}  // namespace tl::audio
