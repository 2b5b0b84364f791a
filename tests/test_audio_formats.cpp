// What libsndfile cannot read, through FFmpeg (core/audio/FfmpegReader): AAC and ALAC in .m4a,
// raw AAC, WMA, Opus in .webm and .mka, encoded here by the ffmpeg CLI. Each decodes to its
// length and its tone; an excerpt read by seeking equals the same stretch of a whole decode; a
// scanned folder of them gets tags, lengths, log-mels and spectrograms; a truncated .m4a and one
// without its moov atom fail that file only, with a reason.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "audio/AudioDecoder.h"
#include "audio/ProjectAnalysis.h"
#include "audio/TrackSpectrogram.h"
#include "library/AudioFormats.h"
#include "library/MusicFolderScan.h"
#include "library/TagReader.h"
#include "store/ProjectStore.h"

using namespace tl;
using namespace tl::audio;

namespace {

struct Encoded {
    const char* name;
    const char* codec;
    const char* format;  // files.format
    double hz;
    const char* extra;  // more ffmpeg output options, or ""
};

// 3 s tones, a different frequency each, stereo at 44.1 kHz (Opus: 48 kHz).
constexpr Encoded kFiles[] = {
    {"aac.m4a", "aac", "M4A", 440, ""},
    {"alac.m4a", "alac", "M4A", 550, ""},
    {"opus.webm", "libopus", "WEBM", 660, ""},
    {"opus.mka", "libopus", "MKA", 770, ""},
    {"adts.aac", "aac", "AAC", 880, "-write_id3v2 1"},
    {"wma.wma", "wmav2", "WMA", 990, ""},
};

QString ffmpeg() {
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
}

// Runs ffmpeg with `args`; empty on success, else its stderr.
QString runFfmpeg(const QStringList& args) {
    QProcess p;
    p.start(ffmpeg(), QStringList{QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                                  QStringLiteral("error"), QStringLiteral("-y")} +
                          args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("ffmpeg %1: %2")
            .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
    return {};
}

QString encodeTone(const QString& path, const Encoded& e, double seconds = 3.0,
                   const QStringList& more = {}) {
    const int rate = QByteArray(e.codec) == "libopus" ? 48000 : 44100;
    QStringList args{QStringLiteral("-f"),
                     QStringLiteral("lavfi"),
                     QStringLiteral("-i"),
                     QStringLiteral("sine=frequency=%1:sample_rate=%2:duration=%3")
                         .arg(e.hz)
                         .arg(rate)
                         .arg(seconds),
                     QStringLiteral("-ac"),
                     QStringLiteral("2"),
                     QStringLiteral("-c:a"),
                     QLatin1String(e.codec)};
    args << QStringLiteral("-metadata") << QStringLiteral("title=Tone %1").arg(e.hz)
         << QStringLiteral("-metadata") << QStringLiteral("artist=Format Tester")
         << QStringLiteral("-metadata")
         // ASF keeps the year as WM/Year (Windows Media's own name); ffmpeg would write "date".
         << (QByteArray(e.codec).startsWith("wmav") ? QStringLiteral("WM/Year=1999")
                                                    : QStringLiteral("date=1999-03-01"))
         << more;
    // ADTS has no tags of its own: files in the wild carry an ID3v2 tag in front.
    if (*e.extra) args << QString::fromLatin1(e.extra).split(QLatin1Char(' '));
    args << path;
    return runFfmpeg(args);
}

// Frequency from zero crossings over the middle of the signal (a pure tone: exact to ~1 Hz).
double toneHz(const std::vector<float>& mono, int rate) {
    const size_t from = mono.size() / 6, to = mono.size() - mono.size() / 6;
    int crossings = 0;
    size_t first = 0, last = 0;
    for (size_t i = from + 1; i < to; ++i)
        if ((mono[i - 1] < 0) != (mono[i] < 0)) {
            if (crossings == 0) first = i;
            last = i;
            ++crossings;
        }
    if (crossings < 2) return 0;
    return (crossings - 1) / 2.0 / (double(last - first) / rate);
}

// The file without its top-level `moov` box (ISO BMFF: 32-bit big-endian size, 4-byte type).
QByteArray withoutMoov(const QByteArray& file) {
    QByteArray out;
    qsizetype at = 0;
    while (at + 8 <= file.size()) {
        const auto* b = reinterpret_cast<const uchar*>(file.constData() + at);
        const qint64 size = (qint64(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        if (size < 8 || at + size > file.size()) return {};
        if (file.mid(at + 4, 4) != "moov") out += file.mid(at, size);
        at += size;
    }
    return out;
}

}  // namespace

class AudioFormatsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString music;

    QString path(const char* name) const { return music + QLatin1Char('/') + QLatin1String(name); }

private Q_SLOTS:
    void initTestCase() {
        if (ffmpeg().isEmpty())
            QSKIP(
                "the ffmpeg CLI is not installed (packaging/install-deps.sh installs it): "
                "these tests encode their files with it");
        music = dir.path() + QStringLiteral("/music");
        QVERIFY(QDir().mkpath(music));
        for (const Encoded& e : kFiles) {
            const QString error = encodeTone(path(e.name), e);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        // Cut at 50%, its moov atom at the start (faststart): the header says 3 s, the audio
        // stops halfway. And one whose moov atom (every M4A's index) is gone.
        const Encoded cut{"truncated.m4a", "aac", "M4A", 440, ""};
        QString error = encodeTone(path("truncated.m4a"), cut, 3.0,
                                   {QStringLiteral("-movflags"), QStringLiteral("+faststart")});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QFile truncated(path("truncated.m4a"));
        QVERIFY(truncated.resize(truncated.size() / 2));
        QFile good(path("aac.m4a"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray noMoov = withoutMoov(good.readAll());
        QVERIFY(!noMoov.isEmpty() && noMoov.size() < good.size());
        QFile bad(path("no-moov.m4a"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        QCOMPARE(bad.write(noMoov), noMoov.size());
    }

    void scanListsTheFormats() {
        QCOMPARE(audioFormatForFileName(u"a.m4a"), QStringLiteral("M4A"));
        QCOMPARE(audioFormatForFileName(u"Book.M4B"), QStringLiteral("M4A"));
        QCOMPARE(audioFormatForFileName(u"a.aac"), QStringLiteral("AAC"));
        QCOMPARE(audioFormatForFileName(u"a.alac"), QStringLiteral("ALAC"));
        QCOMPARE(audioFormatForFileName(u"a.WMA"), QStringLiteral("WMA"));
        QCOMPARE(audioFormatForFileName(u"a.mka"), QStringLiteral("MKA"));
        QCOMPARE(audioFormatForFileName(u"a.webm"), QStringLiteral("WEBM"));
        QCOMPARE(audioFormatForFileName(u"video.mp4"), QString());
    }

    // Each decodes whole to 3 s (within 50 ms) of its tone, stereo averaged, resampled to 22,050.
    void decodesLengthAndTone_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("hz");
        for (const Encoded& e : kFiles)
            QTest::newRow(e.name) << QString::fromLatin1(e.name) << e.hz;
    }
    void decodesLengthAndTone() {
        QFETCH(QString, name);
        QFETCH(double, hz);
        const QString file = music + QLatin1Char('/') + name;
        auto track = decodeWindows(file, 22050, nullptr);
        QVERIFY2(track.ok(), qPrintable(track.status().message()));
        QCOMPARE(track->sourceChannels, 2);
        QCOMPARE(track->sourceRate, name.startsWith(QLatin1String("opus")) ? 48000 : 44100);
        QVERIFY2(std::abs(track->seconds - 3.0) <= 0.05,
                 qPrintable(QString::number(track->seconds)));
        QCOMPARE(track->excerpts.size(), size_t(1));
        const std::vector<float>& mono = track->excerpts[0].mono;
        QVERIFY2(std::abs(double(mono.size()) / 22050 - 3.0) <= 0.05,
                 qPrintable(QString::number(mono.size())));
        const double found = toneHz(mono, 22050);
        QVERIFY2(std::abs(found - hz) <= 2.0, qPrintable(QString::number(found)));
        float peak = 0;
        for (float x : mono) peak = std::max(peak, std::abs(x));
        QVERIFY2(peak > 0.05f && peak < 1.0f, qPrintable(QString::number(peak)));
    }

    // An excerpt 15 s into a 25 s chirp, read by seeking, is the same audio as that stretch of a
    // whole decode (a priming or pre-roll error would shift or smear it).
    void seekingMatchesAWholeDecode_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("codec");
        QTest::newRow("AAC in M4A") << "chirp.m4a"
                                    << "aac";
        QTest::newRow("ALAC in M4A") << "chirp-alac.m4a"
                                     << "alac";
        QTest::newRow("Opus in Matroska") << "chirp.mka"
                                          << "libopus";
        QTest::newRow("WMA") << "chirp.wma"
                             << "wmav2";
    }
    void seekingMatchesAWholeDecode() {
        QFETCH(QString, name);
        QFETCH(QString, codec);
        const QString file = dir.path() + QLatin1Char('/') + name;
        const QString error =
            runFfmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                       QStringLiteral("aevalsrc=0.5*sin(2*PI*(200+30*t)*t):s=48000:d=25"),
                       QStringLiteral("-c:a"), codec, file});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto whole = decodeWindows(file, 48000, nullptr);
        QVERIFY2(whole.ok(), qPrintable(whole.status().message()));
        QVERIFY2(std::abs(whole->seconds - 25.0) <= 0.05,
                 qPrintable(QString::number(whole->seconds)));
        const std::vector<ExcerptWindow> windows{{15.0, 2.0}, {3.0, 1.0}};
        auto part = decodeWindows(file, 48000, &windows);
        QVERIFY2(part.ok(), qPrintable(part.status().message()));
        QCOMPARE(part->lengthCounted, false);
        QCOMPARE(part->excerpts.size(), size_t(2));
        for (const DecodedExcerpt& e : part->excerpts) {
            const size_t start = size_t(std::llround(e.window.startSeconds * 48000));
            QCOMPARE(e.mono.size(), size_t(std::llround(e.window.seconds * 48000)));
            const std::vector<float>& all = whole->excerpts[0].mono;
            QVERIFY(start + e.mono.size() <= all.size());
            float worst = 0;
            for (size_t i = 0; i < e.mono.size(); ++i)
                worst = std::max(worst, std::abs(e.mono[i] - all[start + i]));
            QVERIFY2(
                worst < 0.01f,
                qPrintable(QStringLiteral("at %1 s: %2").arg(e.window.startSeconds).arg(worst)));
        }
    }

    void damagedM4aFailWithAReason() {
        auto truncated = decodeWindows(path("truncated.m4a"), 22050, nullptr);
        QVERIFY(!truncated.ok());
        const QString t = truncated.status().message();
        QVERIFY2(
            t.contains(QLatin1String("truncated.m4a")) && t.contains(QLatin1String("truncated")),
            qPrintable(t));
        // Half the bytes, the index at the front: about half the audio decodes, then it stops.
        QVERIFY2(t.contains(QLatin1String(": truncated or damaged: decoding stopped at 1.")) &&
                     t.contains(QLatin1String(" of 3.00 s (")),
                 qPrintable(t));
        auto noMoov = decodeWindows(path("no-moov.m4a"), 22050, nullptr);
        QVERIFY(!noMoov.ok());
        const QString m = noMoov.status().message();
        QVERIFY2(m.contains(QLatin1String("no-moov.m4a: not audio FFmpeg can read")) &&
                     m.contains(QLatin1String("moov atom not found")),
                 qPrintable(m));
        auto tags = readFileTags(path("no-moov.m4a"), QStringLiteral("M4A"), -1);
        QVERIFY(!tags.ok());
        QVERIFY2(tags.status().message().startsWith(
                     QLatin1String("not an M4A file TagLib or FFmpeg can read (FFmpeg: moov atom "
                                   "not found")),
                 qPrintable(tags.status().message()));
    }

    // Named as FFmpeg's but not one of its containers: libsndfile reads it by content, as it
    // reads a WAV named .mp3. Text named .m4a fails with FFmpeg's reason; an M4A named .mp3
    // is read by FFmpeg.
    void misnamedFiles() {
        const QString wav = dir.path() + QStringLiteral("/really-a-wav.m4a");
        const QString error =
            runFfmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                       QStringLiteral("sine=frequency=440:duration=2"), QStringLiteral("-f"),
                       QStringLiteral("wav"), wav});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto track = decodeWindows(wav, 22050, nullptr);
        QVERIFY2(track.ok(), qPrintable(track.status().message()));
        QVERIFY(std::abs(track->seconds - 2.0) < 0.001);
        QVERIFY(std::abs(toneHz(track->excerpts.at(0).mono, 22050) - 440) <= 2.0);
        auto tags = readFileTags(wav, QStringLiteral("M4A"), -1);
        QVERIFY2(tags.ok(), qPrintable(tags.status().message()));
        QCOMPARE(tags->durationMs, 2000);

        const QString text = dir.path() + QStringLiteral("/notes.m4a");
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are my notes, not audio\n");
        f.close();
        auto notes = decodeWindows(text, 22050, nullptr);
        QVERIFY(!notes.ok());
        // FFmpeg takes the name as a hint (MP4), and finds no MP4 index in it.
        QCOMPARE(notes.status().message(),
                 text + QStringLiteral(": not audio FFmpeg can read (moov atom not found (Invalid "
                                       "data found when processing input))"));
        // An M4A named .mp3: libsndfile cannot, FFmpeg can.
        const QString m4aAsMp3 = dir.path() + QStringLiteral("/really-an-m4a.mp3");
        QVERIFY(QFile::copy(path("aac.m4a"), m4aAsMp3));
        auto m4a = decodeWindows(m4aAsMp3, 22050, nullptr);
        QVERIFY2(m4a.ok(), qPrintable(m4a.status().message()));
        QVERIFY(std::abs(toneHz(m4a->excerpts.at(0).mono, 22050) - 440) <= 2.0);
    }

    // Tags and lengths: TagLib for MP4 and ASF; FFmpeg for raw AAC and Matroska/WebM.
    void tagsAndLengths_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reader");
        QTest::newRow("aac.m4a") << "aac.m4a"
                                 << "taglib";
        QTest::newRow("alac.m4a") << "alac.m4a"
                                  << "taglib";
        QTest::newRow("wma.wma") << "wma.wma"
                                 << "taglib";
        QTest::newRow("adts.aac") << "adts.aac"
                                  << "ffmpeg";
        QTest::newRow("opus.mka") << "opus.mka"
                                  << "ffmpeg";
        QTest::newRow("opus.webm") << "opus.webm"
                                   << "ffmpeg";
    }
    void tagsAndLengths() {
        QFETCH(QString, name);
        QFETCH(QString, reader);
        const QString file = music + QLatin1Char('/') + name;
        auto tags = readFileTags(file, audioFormatForFileName(name), -1);
        QVERIFY2(tags.ok(), qPrintable(tags.status().message()));
        QCOMPARE(tags->reader, reader);
        QCOMPARE(tags->artist, QStringLiteral("Format Tester"));
        QCOMPARE(tags->year, 1999);  // DATE / \251day / WM/Year, whichever the container keeps
        QVERIFY2(tags->title.startsWith(QLatin1String("Tone ")), qPrintable(tags->title));
        QCOMPARE(tags->channels, 2);
        QVERIFY(tags->sampleRate == 44100 || tags->sampleRate == 48000);
        // Raw AAC has no index: its length is FFmpeg's estimate from the bit rate.
        const int slack = name.endsWith(QLatin1String(".aac")) ? 600 : 60;
        QVERIFY2(std::abs(tags->durationMs - 3000) <= slack,
                 qPrintable(QString::number(tags->durationMs)));
    }

    // The done-when: M4A files (and the rest) in a scanned folder are analysed and get
    // spectrograms; the damaged ones fail alone.
    void scannedFolderIsAnalysed() {
        const QString projectPath = dir.path() + QStringLiteral("/p.tastelab");
        auto created = ProjectStore::create(projectPath);
        QVERIFY2(created.ok(), qPrintable(created.status().message()));
        ProjectStore& store = *created.value();
        ScanOptions options;
        options.folder = music;
        auto scan = scanMusicFolder(store, options, Progress());
        QVERIFY2(scan.ok(), qPrintable(scan.status().message()));
        QCOMPARE(scan->filesScanned, qint64(8));
        // No moov: no tags, no length: the scan lists it and goes on.
        QCOMPARE(scan->filesFailed, qint64(1));
        QCOMPARE(QFileInfo(scan->failed.at(0).file).fileName(), QStringLiteral("no-moov.m4a"));
        QVERIFY2(scan->failed.at(0).reason.contains(QLatin1String("moov atom not found")),
                 qPrintable(scan->failed.at(0).reason));
        QSqlQuery q(store.database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT f.path, f.format, t.title FROM files f JOIN "
                                  "file_tags t ON t.file_id = f.id ORDER BY f.path")));
        QStringList rows;
        while (q.next())
            rows << QStringLiteral("%1 %2 %3")
                        .arg(QFileInfo(q.value(0).toString()).fileName(), q.value(1).toString(),
                             q.value(2).toString());
        QCOMPARE(rows, QStringList({"aac.m4a M4A Tone 440", "adts.aac AAC Tone 880",
                                    "alac.m4a M4A Tone 550", "opus.mka MKA Tone 770",
                                    "opus.webm WEBM Tone 660", "truncated.m4a M4A Tone 440",
                                    "wma.wma WMA Tone 990"}));

        auto report = analyzeProject(store, {}, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(report->analysed, 6);
        QCOMPARE(report->failed.size(), size_t(1));
        QVERIFY2(report->failed[0].file.endsWith(QLatin1String("/truncated.m4a")) &&
                     report->failed[0].reason.contains(QLatin1String("truncated")),
                 qPrintable(report->failed[0].reason));
        QVERIFY(q.exec(QStringLiteral("SELECT id, path FROM files ORDER BY path")));
        int withLogMel = 0;
        while (q.next()) {
            auto logMel = loadLogMel(store, q.value(0).toLongLong());
            if (!logMel) continue;
            ++withLogMel;
            QCOMPARE(logMel->windows.size(), size_t(1));
            QVERIFY(std::abs(logMel->windows[0].seconds - 3.0) <= 0.05);
            QCOMPARE(logMel->logMel[0].rows(), Eigen::Index(128));
            QVERIFY(logMel->logMel[0].allFinite());
        }
        QCOMPARE(withLogMel, 6);

        auto spectrogram = computeTrackSpectrogram(path("aac.m4a"), {}, Progress());
        QVERIFY2(spectrogram.ok(), qPrintable(spectrogram.status().message()));
        QCOMPARE(spectrogram->bands, 128);
        QVERIFY(std::abs(spectrogram->durationSeconds - 3.0) <= 0.05);
        QVERIFY(spectrogram->frames > 100);
    }
};

QTEST_GUILESS_MAIN(AudioFormatsTest)
#include "test_audio_formats.moc"
