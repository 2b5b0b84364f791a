// bench_audio: what the audio front-end costs. Generates music-like tracks (chords, drums and
// noise; FLAC, 80% 22.05 kHz mono and 20% 44.1 kHz stereo like the demo's mix), then measures
//  1. on the same excerpts, one thread: libsndfile's decode alone (seek + sf_readf_float) vs the
//     whole front-end (decode, mono, soxr, STFT, mel, dB, descriptors): the overhead in %, and
//     real-time factors per core;
//  2. analyzeProject on a project of --tracks files (symbolic links to the generated ones, so the
//     disk holds only --distinct files) on every core, and a rescan with nothing changed;
//  3. the whole-track spectrogram of a 10-minute 44.1 kHz stereo FLAC (what the view asks for);
//  4. section 1's excerpts on two threads, wall clock: decode alone vs the front-end across
//     files, and the front-end as a decode | DSP pipeline vs decode alone on one thread.
//
//   bench_audio [--tracks N (1000)] [--distinct N (100)] [--seconds S (60)] [--dir DIR]
//               [--sections 1234 (which of the four to run)]
//               [--codec flac|ogg|opus|mp3|wav (flac): what the generated tracks are encoded as.
//                The overhead over decode depends on it: decode is the denominator, and a
//                lossy codec costs far more to decode than FLAC or PCM. Opus is always 48 kHz.]
#include <fftw3.h>

#include <sndfile.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <numbers>
#include <random>
#include <thread>

#include "BenchSynth.h"
#include "audio/AudioDecoder.h"
#include "audio/Descriptors.h"
#include "audio/FftwWisdom.h"
#include "audio/LogMel.h"
#include "audio/ProjectAnalysis.h"
#include "audio/Stft.h"
#include "audio/TrackAnalysis.h"
#include "audio/TrackSpectrogram.h"
#include "store/ProjectStore.h"
#include "util/ParallelFor.h"

using namespace tl;
using namespace tl::audio;

namespace {

using bench::cpuSeconds;
using bench::synthTrack;

// libsndfile's container and encoding for each --codec, and the file's extension.
struct Codec {
    const char* name;
    int format;
    const char* extension;
};
constexpr Codec kCodecs[] = {
    {"flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "flac"},
    {"ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, "ogg"},
    {"opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, "opus"},
    {"mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "mp3"},
    {"wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, "wav"},
};

bool writeTrack(const QString& path, const std::vector<float>& samples, int rate, int channels,
                int format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(QFile::encodeName(path).constData(), SFM_WRITE, &info);
    if (!f) return false;
    const sf_count_t n = sf_count_t(samples.size()) / channels;
    // In blocks: libvorbis' encoder allocates on the stack per write and overflows it on a
    // whole 60 s track written at once.
    constexpr sf_count_t kBlock = 8192;
    bool ok = true;
    for (sf_count_t at = 0; ok && at < n; at += kBlock) {
        const sf_count_t len = std::min(kBlock, n - at);
        ok = sf_writef_float(f, samples.data() + at * channels, len) == len;
    }
    return sf_close(f) == 0 && ok;
}

// libsndfile's own work for the same excerpts: open, seek, read interleaved floats.
double decodeOnly(const QString& path, const FrontEndOptions& o, double* audioSeconds) {
    SF_INFO info{};
    SNDFILE* f = sf_open(QFile::encodeName(path).constData(), SFM_READ, &info);
    if (!f) return 0;
    double checksum = 0;
    std::vector<float> buf;
    for (const auto& w : planExcerpts(double(info.frames) / info.samplerate, o)) {
        const sf_count_t start = std::llround(w.startSeconds * info.samplerate);
        const sf_count_t n = std::llround(w.seconds * info.samplerate);
        buf.resize(size_t(n) * size_t(info.channels));
        sf_seek(f, start, SEEK_SET);
        const sf_count_t got = sf_readf_float(f, buf.data(), n);
        checksum += buf[size_t(got / 2)];
        *audioSeconds += double(got) / info.samplerate;
    }
    sf_close(f);
    return checksum;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int tracks = 1000, distinct = 100;
    double seconds = 60;
    QString dirArg, sections = QStringLiteral("1234"), codecName = QStringLiteral("flac");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--tracks"))
            tracks = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--distinct"))
            distinct = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--dir"))
            dirArg = args[i + 1];
        else if (args[i] == QLatin1String("--sections"))
            sections = args[i + 1];
        else if (args[i] == QLatin1String("--codec"))
            codecName = args[i + 1];
    }
    const Codec* codec = nullptr;
    for (const auto& c : kCodecs)
        if (codecName == QLatin1String(c.name)) codec = &c;
    if (!codec) {
        std::fprintf(stderr, "unknown --codec %s (flac, ogg, opus, mp3 or wav)\n",
                     qPrintable(codecName));
        return 2;
    }
    const bool opus = codecName == QLatin1String("opus");
    QTemporaryDir tmp;
    const QString dir = dirArg.isEmpty() ? tmp.path() : dirArg;
    QDir().mkpath(dir + QStringLiteral("/distinct"));
    QDir().mkpath(dir + QStringLiteral("/library"));

    std::printf("generating %d distinct %.0f s tracks (%s) ...\n", distinct, seconds, codec->name);
    std::vector<QString> files;
    for (int i = 0; i < distinct; ++i) {
        const bool hi = i % 5 == 4;  // 20%: 44.1 kHz stereo
        const int rate = opus ? 48000 : hi ? 44100 : 22050, channels = hi ? 2 : 1;
        const QString path =
            dir + QStringLiteral("/distinct/%1.%2").arg(i).arg(QLatin1String(codec->extension));
        if (!QFile::exists(path) &&
            !writeTrack(path, synthTrack(seconds, rate, channels, unsigned(i + 1)), rate, channels,
                        codec->format)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        files.push_back(path);
    }

    double sink = 0;  // keeps the compiler from dropping work
    // 1. decode alone vs the whole front-end, one thread, same excerpts, files in page cache
    if (sections.contains(QLatin1Char('1'))) {
        const FrontEndOptions options;
        const LogMelFrontEnd frontEnd(options);
        double audio = 0;
        for (const auto& f : files) sink += decodeOnly(f, options, &audio);  // warm the cache
        audio = 0;
        const int rounds = 3;
        double t0 = cpuSeconds();
        for (int r = 0; r < rounds; ++r)
            for (const auto& f : files) sink += decodeOnly(f, options, &audio);
        const double decodeCpu = cpuSeconds() - t0;
        double frontAudio = 0;
        t0 = cpuSeconds();
        for (int r = 0; r < rounds; ++r)
            for (const auto& f : files) {
                auto a = analyseFile(f, frontEnd);
                if (a.ok()) frontAudio += a->audioSeconds();
            }
        const double frontCpu = cpuSeconds() - t0;
        // the same work step by step, for where the time goes
        double tDecode = 0, tStft = 0, tMel = 0, tDescriptors = 0;
        qint64 fftFrames = 0;
        for (int r = 0; r < rounds; ++r)
            for (const auto& f : files) {
                double a = cpuSeconds();
                auto d = decodeExcerpts(f, options);
                double b = cpuSeconds();
                tDecode += b - a;
                DescriptorAccumulator acc(options.sampleRate, options.nFft, options.hop,
                                          options.nMels);
                for (const auto& e : d->excerpts) {
                    Eigen::MatrixXf power;
                    a = cpuSeconds();
                    (void)powerSpectrogram(e.mono.data(), qint64(e.mono.size()), options.nFft,
                                           options.hop, power);
                    b = cpuSeconds();
                    Eigen::MatrixXf logMel = frontEnd.melPower(power);
                    powerToDb(logMel, options.amin, options.ref, options.topDb);
                    const double c = cpuSeconds();
                    acc.add(logMel, power);
                    tStft += b - a;
                    tMel += c - b;
                    tDescriptors += cpuSeconds() - c;
                    fftFrames += power.cols();
                }
                const double c = cpuSeconds();
                sink += acc.finish().tempoBpm;
                tDescriptors += cpuSeconds() - c;
            }
        // The floor under any STFT: FFTW's transforms alone, as many as the excerpts need, with
        // the front-end's plan (the compiled-in wisdom, FFTW_WISDOM_ONLY), beside the cost
        // model's own plan (FFTW_ESTIMATE, wisdom forgotten: ESTIMATE uses wisdom too) and a
        // plan timed in this process now (FFTW_PATIENT): the compiled-in plan should be as
        // fast as the timed one.
        double tFft = 0, tFftEstimate = 0, tFftTimed = 0;
        {
            const int bins = options.nFft / 2 + 1;
            float* in = fftwf_alloc_real(size_t(options.nFft));
            fftwf_complex* out = fftwf_alloc_complex(size_t(bins));
            auto timeWith = [&](unsigned flags) {
                fftwf_plan plan = fftwf_plan_dft_r2c_1d(options.nFft, in, out, flags);
                if (!plan) return -1.0;
                for (int i = 0; i < options.nFft; ++i) in[i] = float(std::sin(0.01 * i));
                const double t0 = cpuSeconds();
                for (qint64 i = 0; i < fftFrames; ++i) fftwf_execute_dft_r2c(plan, in, out);
                const double t = cpuSeconds() - t0;
                sink += out[1][0];
                fftwf_destroy_plan(plan);
                return t;
            };
            fftwf_import_wisdom_from_string(kFftwWisdom);
            tFft = timeWith(FFTW_PATIENT | FFTW_DESTROY_INPUT | FFTW_WISDOM_ONLY);
            fftwf_forget_wisdom();
            tFftEstimate = timeWith(FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
            tFftTimed = timeWith(FFTW_PATIENT | FFTW_DESTROY_INPUT);
            fftwf_free(in);
            fftwf_free(out);
        }
        std::printf("\n1. %d excerpts x %d rounds, one thread (CPU seconds)\n",
                    int(files.size()) * 3, rounds);
        std::printf("   libsndfile decode alone      %7.3f s  (%6.0fx real time)\n", decodeCpu,
                    audio / decodeCpu);
        std::printf("   decode + mono + soxr         %7.3f s\n", tDecode);
        std::printf("   STFT (window, FFT, power)    %7.3f s  (%lld frames)\n", tStft,
                    (long long)fftFrames);
        std::printf("     of which the FFTs alone    %7.3f s  (%.2f us each, %+.1f %% of decode)\n",
                    tFft, 1e6 * tFft / double(fftFrames), 100.0 * tFft / decodeCpu);
        std::printf("     with FFTW_ESTIMATE's plan  %6.3f s  (%.2f us each)\n", tFftEstimate,
                    1e6 * tFftEstimate / double(fftFrames));
        std::printf("     with a plan timed now      %6.3f s  (%.2f us each, FFTW_PATIENT)\n",
                    tFftTimed, 1e6 * tFftTimed / double(fftFrames));
        std::printf("   mel + dB                     %7.3f s\n", tMel);
        std::printf("   descriptors                  %7.3f s\n", tDescriptors);
        std::printf("   whole front-end              %7.3f s  (%6.0fx real time per core)\n",
                    frontCpu, frontAudio / frontCpu);
        std::printf("   overhead over decode alone   %+6.1f %%\n",
                    100.0 * (frontCpu / decodeCpu - 1));
        std::printf("   FFTW planning in this process %.3f s (included above; plans %s)\n",
                    fftPlanSeconds(),
                    fftPlansFromBuild() ? "from the compiled-in wisdom" : "by FFTW_ESTIMATE");
    }
    // 4. the same excerpts on two threads, wall clock: what a person waits for
    if (sections.contains(QLatin1Char('4'))) {
        const FrontEndOptions options;
        const LogMelFrontEnd frontEnd(options);
        const int rounds = 3;
        double audio = 0;
        for (const auto& f : files) sink += decodeOnly(f, options, &audio);  // warm the cache
        std::vector<QString> work;
        for (int r = 0; r < rounds; ++r) work.insert(work.end(), files.begin(), files.end());
        auto timed = [&](auto&& body, double* cpu) {
            QElapsedTimer timer;
            timer.start();
            const double c = cpuSeconds();
            body();
            *cpu = cpuSeconds() - c;
            return timer.nsecsElapsed() / 1e9;
        };
        std::atomic<double> atomicSink{0};
        double cDecode1 = 0, cDecode2 = 0, cFront2 = 0, cPipe = 0;
        const double wDecode1 = timed(
            [&] {
                double a = 0;
                for (const auto& f : work) sink += decodeOnly(f, options, &a);
            },
            &cDecode1);
        const double wDecode2 = timed(
            [&] {
                parallelFor(int64_t(work.size()), 1, 2, [&](int64_t b, int64_t e) {
                    double a = 0, local = 0;
                    for (int64_t i = b; i < e; ++i)
                        local += decodeOnly(work[size_t(i)], options, &a);
                    atomicSink = atomicSink + local;
                });
            },
            &cDecode2);
        const double wFront2 = timed(
            [&] {
                parallelFor(int64_t(work.size()), 1, 2, [&](int64_t b, int64_t e) {
                    for (int64_t i = b; i < e; ++i) (void)analyseFile(work[size_t(i)], frontEnd);
                });
            },
            &cFront2);
        // One stream on two cores: a thread decodes file after file while the other runs the
        // STFT, mel, dB and descriptors of what was decoded before (a bounded hand-over queue).
        const double wPipe = timed(
            [&] {
                std::mutex m;
                std::condition_variable cv;
                std::deque<DecodedTrack> queue;
                bool done = false;
                std::thread decoder([&] {
                    for (const auto& f : work) {
                        auto d = decodeExcerpts(f, options);
                        std::unique_lock lock(m);
                        cv.wait(lock, [&] { return queue.size() < 4; });
                        if (d) queue.push_back(std::move(d).value());
                        cv.notify_all();
                    }
                    std::lock_guard lock(m);
                    done = true;
                    cv.notify_all();
                });
                for (;;) {
                    DecodedTrack t;
                    {
                        std::unique_lock lock(m);
                        cv.wait(lock, [&] { return !queue.empty() || done; });
                        if (queue.empty()) break;
                        t = std::move(queue.front());
                        queue.pop_front();
                        cv.notify_all();
                    }
                    DescriptorAccumulator acc(options.sampleRate, options.nFft, options.hop,
                                              options.nMels);
                    for (const auto& e : t.excerpts) {
                        Eigen::MatrixXf logMel;
                        (void)frontEnd.logMel(e.mono.data(), qint64(e.mono.size()), logMel, &acc);
                    }
                    sink += acc.finish().tempoBpm;
                }
                decoder.join();
            },
            &cPipe);
        sink += atomicSink;
        std::printf("\n4. the same %d excerpts x %d rounds, wall clock (CPU in brackets)\n",
                    int(files.size()) * 3, rounds);
        std::printf("   libsndfile decode alone, 1 thread            %7.3f s (%.3f)\n", wDecode1,
                    cDecode1);
        std::printf("   libsndfile decode alone, 2 threads           %7.3f s (%.3f)\n", wDecode2,
                    cDecode2);
        std::printf(
            "   whole front-end, 2 threads (files)           %7.3f s (%.3f): %+.1f %% over "
            "decode on 2 threads\n",
            wFront2, cFront2, 100.0 * (wFront2 / wDecode2 - 1));
        std::printf(
            "   front-end as a 2-thread pipeline (decode | DSP) %5.3f s (%.3f): %+.1f %% "
            "over decode on 1 thread\n",
            wPipe, cPipe, 100.0 * (wPipe / wDecode1 - 1));
    }
    // 2. a project of `tracks` files on every core, then a rescan
    if (sections.contains(QLatin1Char('2'))) {
        const QString project = dir + QStringLiteral("/bench.tastelab");
        QFile::remove(project);
        {
            auto created = ProjectStore::create(project);
            if (!created) return 1;
            ProjectStore& store = *created.value();
            ProjectStore::Transaction t(store);
            for (int i = 0; i < tracks; ++i) {
                AudioFile f;
                f.path =
                    dir +
                    QStringLiteral("/library/%1.%2").arg(i).arg(QLatin1String(codec->extension));
                QFile::remove(f.path);
                QFile::link(files[size_t(i % distinct)], f.path);  // symlink: no copy of the audio
                if (!store.addFile(f).isOk()) return 1;
            }
            if (!t.commit().isOk()) return 1;
        }
        auto store = ProjectStore::open(project);
        if (!store) return 1;
        const double cpu0 = cpuSeconds();
        auto first = analyzeProject(*store.value(), {}, Progress());
        const double cpu1 = cpuSeconds();
        if (!first) {
            std::fprintf(stderr, "%s\n", qPrintable(first.status().message()));
            return 1;
        }
        auto rescan = analyzeProject(*store.value(), {}, Progress());
        std::printf("\n2. analyzeProject, %d tracks x 3 x 10 s, %d threads\n", tracks,
                    first->threads);
        std::printf(
            "   analysed %d, failed %d in %.2f s wall, %.2f s CPU: %.0fx real time (%.0fx per "
            "core)\n",
            first->analysed, int(first->failed.size()), first->seconds, cpu1 - cpu0,
            first->realtimeFactor(), first->audioSeconds / (cpu1 - cpu0));
        std::printf("   extrapolated to 10,000 tracks: %.0f s wall\n",
                    first->seconds * 10000.0 / tracks);
        std::printf("   rescan, nothing changed: %d skipped in %.3f s\n", rescan->skipped,
                    rescan->seconds);
        std::printf("   project file: %.1f MB\n", QFileInfo(project).size() / 1e6);
    }
    // 3. the view: a 10-minute 44.1 kHz stereo FLAC, whole track
    if (sections.contains(QLatin1Char('3'))) {
        const QString longTrack = dir + QStringLiteral("/ten-minutes.flac");
        if (!QFile::exists(longTrack))
            writeTrack(longTrack, synthTrack(600, 44100, 2, 7), 44100, 2);
        std::printf(
            "\n3. whole-track spectrogram of a 10-minute 44.1 kHz stereo FLAC (2 threads)\n");
        for (auto scale : {SpectrogramScale::Mel, SpectrogramScale::Linear}) {
            SpectrogramRequest request;
            request.scale = scale;
            double best = 1e9, bestCpu = 1e9;
            int frames = 0, bands = 0;
            for (int r = 0; r < 3; ++r) {
                QElapsedTimer timer;
                timer.start();
                const double cpu = cpuSeconds();
                auto s = computeTrackSpectrogram(longTrack, request, Progress());
                best = std::min(best, timer.nsecsElapsed() / 1e9);
                bestCpu = std::min(bestCpu, cpuSeconds() - cpu);
                if (s.ok()) frames = s->frames, bands = s->bands;
            }
            std::printf("   %-6s %d frames x %d bands: best of 3 %.3f s wall, %.3f s CPU\n",
                        scale == SpectrogramScale::Mel ? "mel" : "linear", frames, bands, best,
                        bestCpu);
        }
        QElapsedTimer timer;
        timer.start();
        const double cpu = cpuSeconds();
        auto decoded = decodeWindows(longTrack, 22050, nullptr);
        std::printf(
            "   of which decode + mono + soxr to 22.05 kHz (one thread): %.3f s wall, %.3f s CPU\n",
            timer.nsecsElapsed() / 1e9, cpuSeconds() - cpu);
    }
    return sink == 12345.678 ? 1 : 0;
}
