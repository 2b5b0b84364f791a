// A check of a RIFF (WAV) file's chunk sizes before libsndfile sees it. libsndfile 1.2.0 (Debian
// 12) loops forever in sf_open on a WAV whose LIST/INFO holds a sub-chunk claiming more bytes
// than the LIST has (fuzz_tags found one: size 0xfffffff7): one such file would hang a scan or
// an analysis, in a call no cancel reaches. Such files are refused here, with the reason.
#pragma once

#include <QByteArray>
#include <QString>

namespace tl::audio {

// Empty when the file is not RIFF/RIFX WAVE, or its LIST chunks' parts fit in them; else what is
// wrong, naming the byte offsets. Reads only the chunk headers and the LIST chunks (a LIST after
// the data chunk is found by seeking past the data).
QString riffChunkProblem(const QString& path);
QString riffChunkProblem(const QByteArray& fileBytes);

}  // namespace tl::audio
