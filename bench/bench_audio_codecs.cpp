// bench_audio_codecs: decode real-time factor per codec, libsndfile's and FFmpeg's side by side in
// one run. One music-like track (chords, kick, hi-hat, noise; 44.1 kHz stereo, --seconds long) is
// written as WAV with libsndfile, then encoded by the ffmpeg CLI as FLAC, Ogg Vorbis, MP3, Ogg
// Opus (libsndfile decodes those) and AAC in .m4a, ALAC in .m4a, Opus in .webm, WMA (FFmpeg
// decodes those, through the same decoder). For each: one thread, file in the page cache,
//  - "whole": decodeWindows of the whole track at its own rate: decode + mono, no resampling
//    (decode only: what the reader costs);
//  - "excerpts": decodeExcerpts with the front-end's defaults (3 x 10 s at 22,050 Hz: seek,
//    decode, mono, soxr), what analysis decodes per track.
// Real-time factor = audio seconds handed on / CPU seconds of this process.
//
//   bench_audio_codecs [--seconds S (180)] [--repeat N (5)] [--dir DIR]
#include <sndfile.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <numbers>
#include <random>

#include "BenchSynth.h"
#include "audio/AudioDecoder.h"
#include "audio/FfmpegReader.h"

using namespace tl;
using namespace tl::audio;

namespace {

using bench::cpuSeconds;
using bench::synthTrack;

struct Codec {
    const char* label;
    const char* file;
    const char* reader;
    QStringList args;  // ffmpeg output options; empty: the WAV itself
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    double seconds = 180;
    int repeat = 5;
    QString dirArg;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--repeat"))
            repeat = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dirArg = args[i + 1];
    }
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        std::fprintf(stderr, "needs the ffmpeg CLI to encode the test files\n");
        return 1;
    }
    QTemporaryDir tmp;
    const QString dir = dirArg.isEmpty() ? tmp.path() : dirArg;
    QDir().mkpath(dir);
    const int rate = 44100, channels = 2;
    const QString wav = dir + QStringLiteral("/track.wav");
    {
        const std::vector<float> track = synthTrack(seconds, rate, channels, 7);
        SF_INFO info{};
        info.samplerate = rate;
        info.channels = channels;
        info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
        SNDFILE* f = sf_open(QFile::encodeName(wav).constData(), SFM_WRITE, &info);
        if (!f || sf_writef_float(f, track.data(), sf_count_t(track.size() / channels)) <= 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(wav));
            return 1;
        }
        sf_close(f);
    }
    auto opts = [](std::initializer_list<const char*> list) {
        QStringList out;
        for (const char* s : list) out << QString::fromLatin1(s);
        return out;
    };
    const Codec codecs[] = {
        {"WAV (PCM 16)", "track.wav", "libsndfile", {}},
        {"FLAC", "track.flac", "libsndfile", opts({"-c:a", "flac"})},
        {"Ogg Vorbis q4", "track.ogg", "libsndfile", opts({"-c:a", "libvorbis", "-q:a", "4"})},
        {"MP3 192k", "track.mp3", "libsndfile", opts({"-c:a", "libmp3lame", "-b:a", "192k"})},
        {"Ogg Opus 128k", "track.opus", "libsndfile",
         opts({"-c:a", "libopus", "-b:a", "128k", "-ar", "48000"})},
        {"AAC 192k (.m4a)", "track.m4a", "FFmpeg", opts({"-c:a", "aac", "-b:a", "192k"})},
        {"ALAC (.m4a)", "track-alac.m4a", "FFmpeg", opts({"-c:a", "alac"})},
        {"Opus 128k (.webm)", "track.webm", "FFmpeg",
         opts({"-c:a", "libopus", "-b:a", "128k", "-ar", "48000"})},
        {"WMA v2 192k (.wma)", "track.wma", "FFmpeg", opts({"-c:a", "wmav2", "-b:a", "192k"})},
    };
    std::printf("%.0f s 44.1 kHz stereo track, one thread, best of %d; %s\n", seconds, repeat,
                qPrintable(FfmpegReader::versions()));
    std::printf("%-20s %-10s %9s %12s %12s\n", "codec", "reader", "size", "whole (xRT)",
                "excerpts (xRT)");
    const FrontEndOptions frontEnd;
    double sink = 0;
    for (const Codec& c : codecs) {
        const QString path = dir + QLatin1Char('/') + QLatin1String(c.file);
        if (!c.args.isEmpty()) {
            QProcess p;
            p.start(ffmpeg, QStringList{QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                                        QStringLiteral("error"), QStringLiteral("-y"),
                                        QStringLiteral("-i"), wav} +
                                c.args + QStringList{path});
            if (!p.waitForFinished(600000) || p.exitCode() != 0) {
                std::fprintf(stderr, "%s: %s\n", c.label, p.readAllStandardError().constData());
                continue;
            }
        }
        double bestWhole = 1e30, bestExcerpts = 1e30, wholeAudio = 0, excerptAudio = 0;
        for (int r = 0; r < repeat + 1; ++r) {  // the first round warms the page cache
            const std::vector<ExcerptWindow> none;
            auto probe = decodeWindows(path, 1, &none);  // opens it: the rate, nothing decoded
            const int own = probe ? probe->sourceRate : 1;
            double t0 = cpuSeconds();
            auto whole = decodeWindows(path, own, nullptr);
            const double tWhole = cpuSeconds() - t0;
            if (!whole) {
                std::fprintf(stderr, "%s: %s\n", c.label, qPrintable(whole.status().message()));
                break;
            }
            wholeAudio = double(whole->excerpts.at(0).mono.size()) / own;
            sink += whole->excerpts[0].mono[whole->excerpts[0].mono.size() / 2];
            t0 = cpuSeconds();
            auto excerpts = decodeExcerpts(path, frontEnd);
            const double tExcerpts = cpuSeconds() - t0;
            if (!excerpts) {
                std::fprintf(stderr, "%s: %s\n", c.label, qPrintable(excerpts.status().message()));
                break;
            }
            excerptAudio = 0;
            for (const auto& e : excerpts->excerpts) excerptAudio += e.window.seconds;
            if (r == 0) continue;
            bestWhole = std::min(bestWhole, tWhole);
            bestExcerpts = std::min(bestExcerpts, tExcerpts);
        }
        std::printf("%-20s %-10s %7.1f MB %12.0f %12.0f\n", c.label, c.reader,
                    QFileInfo(path).size() / 1e6, wholeAudio / bestWhole,
                    excerptAudio / bestExcerpts);
    }
    std::printf("(checksum %g)\n", sink);
    return 0;
}
