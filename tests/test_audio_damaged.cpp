// Damaged audio (issue 20): a container's length is never trusted, one bad file costs one file
// (its exception included), a file's memory follows the audio it holds, and the same input
// gives the same bytes on any machine (FFTW plans, Ogg serial numbers).
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <sndfile.h>

#include "SoundFiles.h"
#include "TestSupport.h"
#include "audio/AudioDecoder.h"
#include "audio/Excerpts.h"
#include "audio/OggPages.h"
#include "audio/ProjectAnalysis.h"
#include "audio/RiffCheck.h"
#include "audio/TrackAnalysis.h"
#include "audio/TrackSpectrogram.h"
#include "library/TagReader.h"
#include "store/ProjectStore.h"

using namespace tl;
using namespace tl::audio;
using namespace tl::test;

namespace {

constexpr int kVorbis = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
constexpr int kOpus = SF_FORMAT_OGG | SF_FORMAT_OPUS;
constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
constexpr double kGoodSeconds = 30.0;

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A 30 s stereo tone with some noise, as Ogg Vorbis (44.1 kHz) or Ogg Opus (48 kHz).
QString writeGood(const QString& path, int format) {
    const int rate = format == kOpus ? 48000 : 44100;
    std::vector<float> left = sine(440, kGoodSeconds, rate, 0.4);
    const std::vector<float> noise = whiteNoise(kGoodSeconds, rate, 0.1, 7);
    for (size_t i = 0; i < left.size(); ++i) left[i] += noise[i];
    return writeSound(path, interleave({left, sine(660, kGoodSeconds, rate, 0.3)}), 2, rate,
                      format);
}

// The damage a mutation run does to real files: cut at several points, the last byte dropped,
// header bytes overwritten, a chunk removed from the middle.
std::vector<std::pair<QString, QByteArray>> mutations(const QByteArray& good) {
    const qsizetype n = good.size();
    QByteArray header = good;
    for (qsizetype i = 30; i < 90 && i < n; ++i) header[i] = char(0xff);
    QByteArray lateHeader = good;  // the comment/setup headers, past the first page
    for (qsizetype i = 200; i < 260 && i < n; ++i) lateHeader[i] = char(i * 37);
    return {
        {QStringLiteral("cut-20000"), good.left(20000)},
        {QStringLiteral("cut-10pc"), good.left(n / 10)},
        {QStringLiteral("cut-half"), good.left(n / 2)},
        {QStringLiteral("last-byte-dropped"), good.left(n - 1)},
        {QStringLiteral("header-overwritten"), header},
        {QStringLiteral("setup-overwritten"), lateHeader},
        {QStringLiteral("middle-removed"), good.left(n * 2 / 5) + good.mid(n * 3 / 5)},
        {QStringLiteral("tail-only"), good.mid(n / 3)},
    };
}

struct Library {
    QString project;
    std::vector<QString> good;
    std::vector<QString> damaged;
};

// A project over two good Ogg files (Vorbis, Opus), two WAVs, and eight damaged copies of each
// Ogg; the files table is filled as a scan would, with no length known.
bool buildLibrary(const QString& dir, Library& lib) {
    const QString music = dir + QStringLiteral("/music");
    QDir().mkpath(music);
    const QString vorbis = music + QStringLiteral("/good.ogg");
    const QString opus = music + QStringLiteral("/good.opus");
    QString e = writeGood(vorbis, kVorbis) + writeGood(opus, kOpus);
    e += writeSound(music + QStringLiteral("/a.wav"), sine(220, 15, 22050), 1, 22050, kWav16);
    e += writeSound(music + QStringLiteral("/b.wav"), sine(880, 15, 22050), 1, 22050, kWav16);
    if (!e.isEmpty()) {
        qWarning("%s", qPrintable(e));
        return false;
    }
    lib.good = {vorbis, opus, music + QStringLiteral("/a.wav"), music + QStringLiteral("/b.wav")};
    for (const QString& source : {vorbis, opus}) {
        const QString ext = QFileInfo(source).suffix();
        for (const auto& [name, bytes] : mutations(readAll(source))) {
            const QString path = music + QStringLiteral("/%1-%2.%3").arg(ext, name, ext);
            if (!writeFile(path, bytes)) return false;
            lib.damaged.push_back(path);
        }
    }
    lib.project = dir + QStringLiteral("/p.tastelab");
    auto created = ProjectStore::create(lib.project);
    if (!created) return false;
    ProjectStore& store = *created.value();
    ProjectStore::Transaction t(store);
    for (const auto* list : {&lib.good, &lib.damaged})
        for (const QString& path : *list) {
            AudioFile f;
            f.path = path;
            f.size = QFileInfo(path).size();
            if (!store.addFile(f).isOk()) return false;
        }
    return t.commit().isOk();
}

std::unique_ptr<ProjectStore> open(const QString& path) {
    auto opened = ProjectStore::open(path);
    return opened ? std::move(opened).value() : nullptr;
}

QStringList storedFiles(ProjectStore& store) {
    QStringList out;
    QSqlQuery q(store.database());
    q.exec(
        QStringLiteral("SELECT json_extract(meta, '$.file') FROM results WHERE kind = "
                       "'audio.logmel' ORDER BY 1"));
    while (q.next()) out << q.value(0).toString();
    return out;
}

// Peak resident memory since the last reset (Linux: writing 5 to clear_refs resets VmHWM).
qint64 peakKb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').front().toLongLong();
    return -1;
}
bool resetPeak() {
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

QByteArray logMelDigest(const QString& project) {
    auto store = open(project);
    if (!store) return {};
    QSqlQuery q(store->database());
    q.exec(
        QStringLiteral("SELECT key, data FROM results WHERE kind IN ('audio.logmel', "
                       "'audio.descriptors') ORDER BY kind, key"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    int rows = 0;
    while (q.next()) {
        hash.addData(q.value(0).toByteArray());
        hash.addData(q.value(1).toByteArray());
        ++rows;
    }
    return rows ? hash.result().toHex() : QByteArray();
}

}  // namespace

class AudioDamagedTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The crash of issue 20: libsndfile says "unknown length" (SF_COUNT_MAX) for damaged Ogg,
    // which was taken as 2.09e14 s. Every mutation now decodes to its real end or fails alone.
    void damagedOggAndOpusNeverClaimMoreThanTheyHold() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        FrontEndOptions whole;
        whole.excerptMode = ExcerptMode::Whole;
        int decoded = 0, refused = 0;
        for (const QString& path : lib.damaged) {
            for (const FrontEndOptions& options : {FrontEndOptions{}, whole}) {
                auto track = decodeExcerpts(path, options);
                if (!track) {
                    ++refused;
                    QVERIFY2(track.status().message().contains(QFileInfo(path).fileName()),
                             qPrintable(track.status().message()));
                    continue;
                }
                ++decoded;
                QVERIFY2(std::isfinite(track->seconds) && track->seconds > 0 &&
                             track->seconds <= kGoodSeconds + 0.1,
                         qPrintable(QStringLiteral("%1: %2 s").arg(path).arg(track->seconds)));
                double excerptSeconds = 0;
                for (const auto& x : track->excerpts) {
                    QVERIFY(x.window.startSeconds >= 0);
                    QVERIFY(x.window.startSeconds + x.window.seconds <= track->seconds + 1e-6);
                    QCOMPARE(qint64(x.mono.size()),
                             qint64(std::llround(x.window.seconds * options.sampleRate)));
                    excerptSeconds += x.window.seconds;
                }
                QVERIFY(excerptSeconds > 0);
            }
        }
        qInfo("damaged Ogg/Opus: %d decodes to the real end, %d refused", decoded, refused);
        QCOMPARE(decoded + refused, int(lib.damaged.size()) * 2);
        // A cut file that libsndfile cannot size is decoded to where its audio really ends.
        auto cut = decodeExcerpts(lib.damaged[2], whole);  // Vorbis cut in half
        QVERIFY2(cut.ok(), qPrintable(cut.status().message()));
        QVERIFY2(cut->seconds > 10 && cut->seconds < 20, qPrintable(QString::number(cut->seconds)));

        // The spectrogram view uses the same decoder: never a 2e14 s picture.
        for (const QString& path : lib.damaged) {
            auto s = computeTrackSpectrogram(path, SpectrogramRequest{}, Progress());
            if (s) QVERIFY(s->durationSeconds <= kGoodSeconds + 0.1);
        }
    }

    // Ogg Opus as ffmpeg writes it when it transcodes from Vorbis (most Opus files people have
    // came that way): one page's granule position runs 488 samples ahead of its packets, as the
    // Vorbis timestamps were. libsndfile's reader then returns a short read and flags the file
    // malformed at that page, yet decodes on (and fails right after any sf_seek). Such a file is
    // read on, whole: before, 7 of 20 real soundtracks transcoded by ffmpeg were refused.
    void opusWithAGranuleAheadOfItsPacketsIsReadWhole() {
        QTemporaryDir dir;
        const QString opus = dir.filePath(QStringLiteral("transcoded.opus"));
        std::vector<float> music = sine(330, 9.0, 48000, 0.3);
        const std::vector<float> noise = whiteNoise(9.0, 48000, 0.2, 3);
        for (size_t i = 0; i < music.size(); ++i) music[i] += noise[i];
        QVERIFY(writeSound(opus, interleave({music, music}), 2, 48000, kOpus).isEmpty());
        QByteArray bytes = readAll(opus);
        // The first audio page past 2.5 s claims 488 samples more than its packets hold.
        bool shifted = false;
        for (qsizetype at = 0; at + 27 <= bytes.size() && !shifted;) {
            char* page = bytes.data() + at;
            const int segments = std::uint8_t(page[26]);
            qsizetype body = 0;
            for (int i = 0; i < segments; ++i) body += std::uint8_t(page[27 + i]);
            qint64 granule = 0;
            std::memcpy(&granule, page + 6, 8);
            if (granule > 2.5 * 48000) {
                granule += 488;
                std::memcpy(page + 6, &granule, 8);
                const std::uint32_t crc = oggPageCrc(page, std::size_t(27 + segments + body));
                for (int i = 0; i < 4; ++i) page[22 + i] = char((crc >> (8 * i)) & 0xff);
                shifted = true;
            }
            at += 27 + segments + body;
        }
        QVERIFY(shifted);
        QVERIFY(writeFile(opus, bytes));
        FrontEndOptions whole;
        whole.excerptMode = ExcerptMode::Whole;
        for (const FrontEndOptions& options : {FrontEndOptions{}, whole}) {
            auto track = decodeExcerpts(opus, options);
            QVERIFY2(track.ok(), qPrintable(track.status().message()));
            QVERIFY2(std::abs(track->seconds - 9.0) < 0.1,
                     qPrintable(QString::number(track->seconds)));
            QCOMPARE(track->excerpts.size(), size_t(1));
            // The whole 9 s, less at most the codec's padding at the end.
            const double got = track->excerpts.front().window.seconds;
            QVERIFY2(got > 9.0 - 0.25 && got <= 9.0 + 1e-9, qPrintable(QString::number(got)));
            QCOMPARE(qint64(track->excerpts.front().mono.size()),
                     qint64(std::llround(got * options.sampleRate)));
        }
    }

    void oneBadFileCostsOneFileAndTheRestIsStored() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        auto store = open(lib.project);
        QVERIFY(store);
        auto report = analyzeProject(*store, {}, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        for (const auto& f : report->failed) qInfo("failed: %s", qPrintable(f.reason));
        QCOMPARE(report->analysed + int(report->failed.size()),
                 int(lib.good.size() + lib.damaged.size()));
        const QStringList stored = storedFiles(*store);
        for (const QString& good : lib.good) QVERIFY2(stored.contains(good), qPrintable(good));
        for (const auto& f : report->failed) QVERIFY(!stored.contains(f.file));
        // Every stored duration is one the file can hold.
        QSqlQuery q(store->database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT json_extract(meta, '$.duration_s') FROM results "
                                  "WHERE kind = 'audio.logmel'")));
        while (q.next()) QVERIFY(q.value(0).toDouble() <= kGoodSeconds + 0.1);
    }

    // The reproduction, through the command line: import --create, scan, analyze.
    void theCommandLineAnalysesALibraryWithDamagedOgg() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        const QString project = dir.filePath(QStringLiteral("cli.tastelab"));
        const QString music = dir.filePath(QStringLiteral("music"));
        const CliRun created = runCli({QStringLiteral("import"), QStringLiteral("--project"),
                                       project, QStringLiteral("--create"), QStringLiteral("--me"),
                                       QStringLiteral("me"), music});
        QVERIFY2(created.exitCode == 0 || created.exitCode == 1, created.err.constData());
        QVERIFY(QFile::exists(project));
        const CliRun scan = runCli({QStringLiteral("scan"), QStringLiteral("--project"), project,
                                    music, QStringLiteral("--json")});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        const CliRun analyze = runCli({QStringLiteral("analyze"), QStringLiteral("--project"),
                                       project, QStringLiteral("--json")});
        QVERIFY2(analyze.exitCode == 0, analyze.err.constData());
        const QJsonObject j = analyze.json();
        qInfo("analyze: %s", analyze.out.left(400).constData());
        QVERIFY(j.value(QStringLiteral("tracks_analysed")).toInt() >= int(lib.good.size()));
        auto store = open(project);
        QVERIFY(store);
        const QStringList stored = storedFiles(*store);
        for (const QString& good : lib.good)
            QVERIFY2(stored.contains(QFileInfo(good).canonicalFilePath()) || stored.contains(good),
                     qPrintable(good));
    }

    // An exception in one file's work is that file's error; the rest is analysed and stored.
    void anExceptionCostsOneFile() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        auto store = open(lib.project);
        QVERIFY(store);
        AnalyzeOptions options;
        options.analyse = [](const QString& path, const LogMelFrontEnd& frontEnd,
                             const Progress* progress) -> Result<TrackAnalysis> {
            if (path.endsWith(QLatin1String("/b.wav"))) throw std::length_error("vector::reserve");
            if (path.endsWith(QLatin1String("/good.opus"))) throw 42;  // not even std::exception
            return analyseFile(path, frontEnd, progress);
        };
        auto report = analyzeProject(*store, options, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        bool sawB = false, sawOpus = false;
        for (const auto& f : report->failed) {
            if (f.file.endsWith(QLatin1String("/b.wav"))) {
                sawB = true;
                QVERIFY2(f.reason.contains(QLatin1String("internal error (vector::reserve)")),
                         qPrintable(f.reason));
                QVERIFY(f.reason.contains(f.file));
            }
            if (f.file.endsWith(QLatin1String("/good.opus"))) {
                sawOpus = true;
                QVERIFY(f.reason.contains(QLatin1String("unknown exception")));
            }
        }
        QVERIFY(sawB && sawOpus);
        const QStringList stored = storedFiles(*store);
        QVERIFY(stored.contains(lib.good[0]));
        QVERIFY(stored.contains(lib.good[2]));
        QVERIFY(!stored.contains(lib.good[3]));
    }

    // Analysis is stored in batches, never all or nothing: a cancel keeps every finished file,
    // each whole, and the next run does only the rest.
    void finishedFilesSurviveACancel() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        auto store = open(lib.project);
        QVERIFY(store);
        // Slow each file down so a 2 s batch commits while files are still left, then cancel.
        Progress progress;
        AnalyzeOptions options;
        options.threads = 1;
        std::atomic<int> done{0};
        options.analyse = [&](const QString& path, const LogMelFrontEnd& frontEnd,
                              const Progress* p) -> Result<TrackAnalysis> {
            QThread::msleep(400);
            auto r = analyseFile(path, frontEnd, p);
            if (++done == 8) progress.cancel();
            return r;
        };
        auto report = analyzeProject(*store, options, progress);
        QVERIFY(report.status().isCancelled());
        const int kept = int(storedFiles(*store).size());
        qInfo("kept after the cancel: %d files", kept);
        QVERIFY2(kept >= 2, qPrintable(QString::number(kept)));
        // Each kept file is whole (log-mel and descriptors), and the next run does the rest only.
        QSqlQuery q(store->database());
        QVERIFY(q.exec(
            QStringLiteral("SELECT count(*) FROM results WHERE kind = 'audio.descriptors'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), kept);
        auto rest = analyzeProject(*store, {}, Progress());
        QVERIFY(rest.ok());
        QVERIFY(rest->skipped >= kept);
    }

    // A small WAV that claims 1,024 channels: memory follows the audio decoded, not the count.
    void manyChannelsUseLittleMemory() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wide.wav"));
        const int channels = 1024;             // libsndfile's most
        const double seconds = 512.0 / 22050;  // 512 frames: a 1 MB file
        std::vector<std::vector<float>> chans;
        for (int c = 0; c < channels; ++c) chans.push_back(sine(100.0 + c, seconds, 22050, 0.5));
        const QString e = writeSound(path, interleave(chans), channels, 22050, kWav16);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        if (!resetPeak()) QSKIP("cannot reset the peak memory reading here");
        const qint64 before = peakKb();
        auto track = decodeExcerpts(path, FrontEndOptions{});
        const qint64 grew = peakKb() - before;
        QVERIFY2(track.ok(), qPrintable(track.status().message()));
        QCOMPARE(track->sourceChannels, channels);
        qInfo("1,024-channel WAV (%lld KB): peak grew %lld KB", QFileInfo(path).size() / 1024,
              grew);
        // The old 65,536-frame block was 1,024 x 65,536 floats (256 MB) whatever the file held.
        QVERIFY2(grew < 32 * 1024, qPrintable(QString::number(grew)));
    }

    // FFTW plans no longer depend on timing or on a machine's stored wisdom: two processes with
    // different cache folders (one holding wisdom, as the old planner left) store the same bytes.
    void analysisBytesDoNotDependOnTheMachinesWisdom() {
        QTemporaryDir dir;
        Library lib;
        QVERIFY(buildLibrary(dir.path(), lib));
        const QString copy = dir.filePath(QStringLiteral("copy.tastelab"));
        QVERIFY(QFile::copy(lib.project, copy));
        const QString cacheA = dir.filePath(QStringLiteral("cacheA"));
        const QString cacheB = dir.filePath(QStringLiteral("cacheB"));
        QVERIFY(QDir().mkpath(cacheB + QStringLiteral("/tastelab")));
        // Wisdom as another machine might have timed it: plan the sizes with a different rigour.
        QProcess host;
        host.start(QStringLiteral("hostname"), {});
        host.waitForFinished();
        const QString hostName = QString::fromLocal8Bit(host.readAllStandardOutput()).trimmed();
        QVERIFY(writeFile(cacheB + QStringLiteral("/tastelab/fftwf-wisdom-") + hostName,
                          "(fftw-3.3.10 fftwf_wisdom #x00000000 #x00000000 #x00000000 "
                          "#x00000000\n)\n"));
        auto run = [&](const QString& project, const QString& cache) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("XDG_CACHE_HOME"), cache);
            p.setProcessEnvironment(env);
            p.start(cliProgram(), {QStringLiteral("analyze"), QStringLiteral("--project"), project,
                                   QStringLiteral("--threads"), QStringLiteral("2")});
            return p.waitForFinished(300000) && p.exitStatus() == QProcess::NormalExit &&
                   p.exitCode() == 0;
        };
        QVERIFY(run(lib.project, cacheA));
        QVERIFY(run(copy, cacheB));
        const QByteArray a = logMelDigest(lib.project);
        QVERIFY(!a.isEmpty());
        QCOMPARE(logMelDigest(copy), a);
        // Nothing is timed, so nothing is remembered per host.
        QVERIFY(!QDir(cacheA + QStringLiteral("/tastelab")).exists() ||
                QDir(cacheA + QStringLiteral("/tastelab"))
                    .entryList({QStringLiteral("fftwf-wisdom-*")}, QDir::Files)
                    .isEmpty());
    }

    // What the fuzzers found (fuzz_audio_decode, fuzz_stored_logmel, fuzz_excerpt_plan).
    void samplesThatAreNotNumbersAreRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nan.wav"));
        std::vector<float> tone = sine(440, 2, 22050);
        tone[22050] = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(writeSound(path, tone, 1, 22050, SF_FORMAT_WAV | SF_FORMAT_FLOAT).isEmpty());
        auto track = decodeExcerpts(path, FrontEndOptions{});
        QVERIFY(!track.ok());
        QVERIFY2(track.status().message().contains(QLatin1String("samples that are not audio")),
                 qPrintable(track.status().message()));
        // Finite, but so large that their power overflows float: refused too.
        tone[22050] = 0.5f;
        tone[30000] = 3e30f;
        QVERIFY(writeSound(path, tone, 1, 22050, SF_FORMAT_WAV | SF_FORMAT_FLOAT).isEmpty());
        auto huge = decodeExcerpts(path, FrontEndOptions{});
        QVERIFY(!huge.ok());
        QVERIFY2(huge.status().message().contains(QLatin1String("beyond +-1000")),
                 qPrintable(huge.status().message()));
    }

    void aSampleRateNoAudioUsesIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("1hz.wav"));
        QVERIFY(writeSound(path, sine(440, 1, 8000), 1, 8000, kWav16).isEmpty());
        QByteArray bytes = readAll(path);
        QCOMPARE(bytes.mid(24, 4), QByteArray("\x40\x1f\x00\x00", 4));  // 8000, little-endian
        bytes.replace(24, 4, QByteArray("\x01\x00\x00\x00", 4));        // 1 Hz
        bytes.replace(28, 4, QByteArray("\x02\x00\x00\x00", 4));        // its byte rate
        QVERIFY(writeFile(path, bytes));
        auto track = decodeWindows(path, 22050, nullptr);  // the whole track, as the view asks
        QVERIFY(!track.ok());
        QVERIFY2(track.status().message().contains(
                     QLatin1String("a sample rate of 1 Hz is not one audio uses")),
                 qPrintable(track.status().message()));
    }

    void aStoredLogMelCutOrPaddedIsRefused() {
        TrackAnalysis a;
        a.windows = {{1.0, 2.0}, {5.0, 2.0}};
        a.logMel = {Eigen::MatrixXf::Constant(4, 3, -20.0f),
                    Eigen::MatrixXf::Constant(4, 3, -30.0f)};
        const QByteArray whole = serialiseLogMel(a);
        auto back = deserialiseLogMel(whole);
        QVERIFY(back.ok());
        QCOMPARE(back->windows.size(), size_t(2));
        QCOMPARE(back->logMel[1](3, 2), -30.0f);
        for (const qsizetype keep : {qsizetype(16), qsizetype(20), qsizetype(28), whole.size() - 1})
            QVERIFY2(!deserialiseLogMel(whole.left(keep)).ok(), qPrintable(QString::number(keep)));
        QVERIFY(!deserialiseLogMel(whole + QByteArray(1, '\0')).ok());
    }

    // fuzz_tags found a WAV on which libsndfile 1.2.0's sf_open never returns: its LIST/INFO
    // holds a part claiming 0xfffffff7 bytes. One such file would hang a scan or an analysis
    // where no cancel reaches; it is refused before libsndfile sees it.
    void aWavThatHangsLibsndfileIsRefusedFirst() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hangs.wav"));
        QVERIFY(writeSound(path, sine(440, 1, 8000), 1, 8000, kWav16).isEmpty());
        QByteArray bytes = readAll(path);
        // A LIST/INFO chunk with one part, then the part's size made impossible.
        const QByteArray part =
            QByteArray("INAM") + QByteArray("\x06\x00\x00\x00", 4) + QByteArray("Title\0", 6);
        const QByteArray list =
            QByteArray("LIST") + QByteArray("\x12\x00\x00\x00", 4) + "INFO" + part;
        QCOMPARE(list.size(), 8 + 18);
        bytes.insert(36, list);  // after the 16-byte fmt chunk, before data
        const quint32 riffSize = quint32(bytes.size() - 8);
        bytes.replace(4, 4, QByteArray(reinterpret_cast<const char*>(&riffSize), 4));
        QVERIFY(writeFile(path, bytes));
        QVERIFY(riffChunkProblem(path).isEmpty());  // sane: it opens
        QVERIFY(decodeExcerpts(path, FrontEndOptions{}).ok());
        bytes.replace(36 + 12 + 4, 4, QByteArray("\xf7\xff\xff\xff", 4));
        QVERIFY(writeFile(path, bytes));
        QCOMPARE(riffChunkProblem(path),
                 QStringLiteral("a LIST chunk at byte 36 holds a part of 4294967287 bytes at byte "
                                "48, longer than the chunk (a damaged header libsndfile cannot "
                                "read)"));
        QElapsedTimer timer;
        timer.start();
        auto track = decodeExcerpts(path, FrontEndOptions{});
        QVERIFY(!track.ok());
        QVERIFY2(track.status().message().contains(QLatin1String("LIST chunk")),
                 qPrintable(track.status().message()));
        // The fuzzer's own input, through the tag reader's libsndfile fallback too.
        const QByteArray found = readAll(QFINDTESTDATA("data/fuzz-seeds/tags-riff-list-loop.bin"));
        QVERIFY(!found.isEmpty());
        QVERIFY(!riffChunkProblem(found.mid(1)).isEmpty());  // its first byte picks .wav there
        const QString wav = dir.filePath(QStringLiteral("found.wav"));
        QVERIFY(writeFile(wav, found.mid(1)));
        auto tags = readFileTags(wav, QStringLiteral("WAV"));  // sf_open never returned here
        QVERIFY(!tags.ok());
        QVERIFY2(tags.status().message().contains(QLatin1String("LIST chunk")),
                 qPrintable(tags.status().message()));
        QVERIFY(!decodeExcerpts(wav, FrontEndOptions{}).ok());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }

    void excerptsNeverStartBeforeZeroOrOverlap() {
        FrontEndOptions o;
        o.excerptSeconds = 0.1;
        for (const int count : {3, 19, 20}) {
            o.excerptCount = count;
            const auto windows = planExcerpts(2.0, o);  // the gap rounds to -5e-18 here
            QVERIFY(!windows.empty());
            double end = 0;
            for (const auto& w : windows) {
                QVERIFY(w.startSeconds >= end);
                QVERIFY(w.seconds > 0);
                end = w.startSeconds + w.seconds;
            }
            QVERIFY(end <= 2.0);
        }
        QVERIFY(planExcerpts(std::numeric_limits<double>::infinity(), o).empty());
        QVERIFY(planExcerpts(std::numeric_limits<double>::quiet_NaN(), o).empty());
        QCOMPARE(planExcerpts(1e300, o).size(), size_t(20));
    }

    // libsndfile numbers Ogg streams at random; the serial rewrite makes them reproducible and
    // keeps every page valid (libogg checks each page's CRC while decoding).
    void oggSerialNumbersAreRewrittenWithValidPages() {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.ogg"));
        const QString b = dir.filePath(QStringLiteral("b.ogg"));
        const std::vector<float> tone = sine(440, 3, 22050);
        QVERIFY(writeSound(a, tone, 1, 22050, kVorbis).isEmpty());
        QVERIFY(writeSound(b, tone, 1, 22050, kVorbis).isEmpty());
        const auto before = decodeWindows(a, 22050, nullptr);
        QVERIFY(before.ok());
        QVERIFY(readAll(a) != readAll(b));  // random serials
        QVERIFY(setOggSerialNumbers(a, 0x1234abcd).isOk());
        QVERIFY(setOggSerialNumbers(b, 0x1234abcd).isOk());
        QCOMPARE(readAll(a), readAll(b));
        const QByteArray bytes = readAll(a);
        QCOMPARE(bytes.mid(14, 4), QByteArray("\xcd\xab\x34\x12", 4));
        const auto after = decodeWindows(a, 22050, nullptr);
        QVERIFY2(after.ok(), qPrintable(after.status().message()));
        QCOMPARE(after->excerpts.front().mono, before->excerpts.front().mono);
        // A page cut short is refused and the file left alone.
        QByteArray cut = bytes.left(bytes.size() - 3);
        QVERIFY(!setOggSerialNumbers(cut, 7).isOk());
        QCOMPARE(cut, bytes.left(bytes.size() - 3));
    }

    // Two demo worlds from one seed, made by two processes: every audio file byte-identical.
    void theDemosAudioIsByteIdenticalForOneSeed() {
        QTemporaryDir dir;
        const QString one = dir.filePath(QStringLiteral("one"));
        const QString two = dir.filePath(QStringLiteral("two"));
        for (const QString& out : {one, two}) {
            const CliRun r = runCli({QStringLiteral("demo"), QStringLiteral("--out"), out,
                                     QStringLiteral("--seed"), QStringLiteral("11"),
                                     QStringLiteral("--size"), QStringLiteral("small")});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        int oggFiles = 0, files = 0;
        QDirIterator it(
            one, {QStringLiteral("*.ogg"), QStringLiteral("*.flac"), QStringLiteral("*.wav")},
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString other = two + path.mid(one.size());
            QVERIFY2(readAll(path) == readAll(other), qPrintable(path));
            ++files;
            if (path.endsWith(QLatin1String(".ogg"))) ++oggFiles;
        }
        qInfo("%d audio files compared, %d of them Ogg", files, oggFiles);
        QVERIFY(oggFiles > 0);
    }
};

QTEST_GUILESS_MAIN(AudioDamagedTest)
#include "test_audio_damaged.moc"
