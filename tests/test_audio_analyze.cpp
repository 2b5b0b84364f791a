// The audio front-end over a project (core/audio/ProjectAnalysis, tastelab-cli analyze): every
// kind of bad input the issue names gets a clear per-track error while the rest is analysed;
// odd channel counts and rates are handled; results are stored per file and a rescan with
// nothing changed analyses nothing; a cancel keeps only whole files (the ones finished before it).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include <sndfile.h>

#include "SoundFiles.h"
#include "TestSupport.h"
#include "audio/MelFilterbank.h"
#include "audio/ProjectAnalysis.h"
#include "audio/TrackSpectrogram.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;
using namespace tl::audio;
using namespace tl::test;

namespace {

constexpr int kWav16 = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
constexpr int kFlac16 = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;

struct Fixture {
    QString project;
    QString music;
    std::map<QString, Id> ids;  // file name -> file id
};

bool truncateFile(const QString& path, double keep) {
    QFile f(path);
    return f.resize(qint64(f.size() * keep));
}

// A project whose files table holds six good files and five bad ones.
bool buildProject(const QString& dir, Fixture& fx) {
    fx.project = dir + QStringLiteral("/p.tastelab");
    fx.music = dir + QStringLiteral("/music");
    QDir().mkpath(fx.music);
    auto path = [&](const char* name) { return fx.music + QLatin1Char('/') + QLatin1String(name); };
    struct Spec {
        const char* name;
        int durationMs;
    };
    QString e;
    // good: 44.1 kHz stereo FLAC, 40 s
    e += writeSound(path("stereo44k.flac"),
                    interleave({sine(440, 40, 44100), sine(660, 40, 44100, 0.3)}), 2, 44100,
                    kFlac16);
    // good, wrong extension: a WAV named .mp3 (libsndfile reads the content, not the name)
    e += writeSound(path("really-a-wav.mp3"), sine(1000, 12, 22050), 1, 22050, kWav16);
    // good: 8 channels, a tone each
    std::vector<std::vector<float>> eight;
    for (int c = 0; c < 8; ++c) eight.push_back(sine(200.0 * (c + 1), 35, 22050, 0.2));
    e += writeSound(path("eight-channels.wav"), interleave(eight), 8, 22050, kWav16);
    // good: 8 kHz and 192 kHz
    e += writeSound(path("noise8k.wav"), whiteNoise(12, 8000, 0.5, 1), 1, 8000, kWav16);
    e += writeSound(path("tone192k.wav"), sine(1000, 12, 192000), 1, 192000, kWav16);
    // good: shorter than one excerpt
    e += writeSound(path("short.wav"), sine(440, 4, 22050), 1, 22050, kWav16);
    // bad: truncated FLAC and WAV, zero-length, text named .wav, deleted after the scan
    e += writeSound(path("truncated.flac"), whiteNoise(30, 22050, 0.5, 2), 1, 22050, kFlac16);
    e += writeSound(path("truncated.wav"), whiteNoise(30, 22050, 0.5, 3), 1, 22050, kWav16);
    e += writeSound(path("deleted.wav"), sine(440, 12, 22050), 1, 22050, kWav16);
    if (!e.isEmpty()) {
        qWarning("%s", qPrintable(e));
        return false;
    }
    if (!truncateFile(path("truncated.flac"), 0.4) || !truncateFile(path("truncated.wav"), 0.4) ||
        !writeFile(path("empty.wav"), {}) ||
        !writeFile(path("notes.wav"), "these are my notes, not audio\n"))
        return false;

    auto created = ProjectStore::create(fx.project);
    if (!created) return false;
    ProjectStore& store = *created.value();
    const Spec specs[] = {
        {"stereo44k.flac", 40000}, {"really-a-wav.mp3", 12000}, {"eight-channels.wav", 35000},
        {"noise8k.wav", 12000},    {"tone192k.wav", 12000},     {"short.wav", 4000},
        {"truncated.flac", 30000}, {"truncated.wav", 30000},    {"empty.wav", 0},
        {"notes.wav", 0},          {"deleted.wav", 12000}};
    ProjectStore::Transaction t(store);
    for (const Spec& s : specs) {
        AudioFile f;
        f.path = path(s.name);
        f.size = QFileInfo(f.path).size();
        f.durationMs = s.durationMs;
        if (!store.addFile(f).isOk()) return false;
        fx.ids[QLatin1String(s.name)] = f.id;
    }
    if (!t.commit().isOk()) return false;
    return QFile::remove(path("deleted.wav"));
}

std::unique_ptr<ProjectStore> open(const QString& path) {
    auto opened = ProjectStore::open(path);
    return opened ? std::move(opened).value() : nullptr;
}

int audioResultCount(ProjectStore& store) {
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT count(*) FROM results WHERE kind LIKE 'audio.%'"));
    return q.next() ? q.value(0).toInt() : -1;
}

const TrackFailure* failureFor(const AnalyzeReport& r, const QString& name) {
    for (const auto& f : r.failed)
        if (f.file.endsWith(QLatin1Char('/') + name)) return &f;
    return nullptr;
}

}  // namespace

class AudioAnalyzeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badInputFailsPerTrackAndTheRestIsAnalysed() {
        QTemporaryDir dir;
        Fixture fx;
        QVERIFY(buildProject(dir.path(), fx));
        auto store = open(fx.project);
        QVERIFY(store);
        auto report = analyzeProject(*store, {}, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        const AnalyzeReport& r = report.value();
        for (const auto& f : r.failed) qInfo("failed: %s", qPrintable(f.reason));
        QCOMPARE(r.analysed, 6);
        QCOMPARE(r.skipped, 0);
        QCOMPARE(r.failed.size(), size_t(5));
        const struct {
            const char* file;
            const char* words;
        } expected[] = {{"truncated.flac", "truncated"},
                        {"truncated.wav", "truncated"},
                        {"empty.wav", "empty file"},
                        {"notes.wav", "not audio"},
                        {"deleted.wav", "file not found"}};
        for (const auto& x : expected) {
            const TrackFailure* f = failureFor(r, QLatin1String(x.file));
            QVERIFY2(f, x.file);
            QVERIFY2(f->reason.contains(QLatin1String(x.file)), qPrintable(f->reason));
            QVERIFY2(f->reason.contains(QLatin1String(x.words)), qPrintable(f->reason));
            QCOMPARE(f->fileId, fx.ids[QLatin1String(x.file)]);
        }
        // 3 x 10 s from the 40 and 35 s files, one 10 s window from the 12 s ones, all of the 4 s
        QVERIFY2(std::abs(r.audioSeconds - 94.0) < 0.01,
                 qPrintable(QString::number(r.audioSeconds)));
        QCOMPARE(audioResultCount(*store), 12);

        // 40 s: gaps of (40 - 30) / 4
        auto stereo = loadLogMel(*store, fx.ids[QStringLiteral("stereo44k.flac")]);
        QVERIFY(stereo);
        QCOMPARE(stereo->windows.size(), size_t(3));
        QCOMPARE(stereo->windows[0].startSeconds, 2.5);
        QCOMPARE(stereo->windows[2].startSeconds, 27.5);
        QCOMPARE(stereo->logMel[0].rows(), Eigen::Index(128));
        QCOMPARE(stereo->logMel[0].cols(), Eigen::Index(1 + 220500 / 512));
        // shorter than one excerpt: one 4 s excerpt, unpadded
        auto shortOne = loadLogMel(*store, fx.ids[QStringLiteral("short.wav")]);
        QVERIFY(shortOne);
        QCOMPARE(shortOne->windows.size(), size_t(1));
        QCOMPARE(shortOne->windows[0].seconds, 4.0);
        QCOMPARE(shortOne->logMel[0].cols(), Eigen::Index(1 + 88200 / 512));
        // 192 kHz: the 1 kHz tone peaks in the band around 1 kHz (Slaney mel 15 -> band 38)
        auto tone = loadLogMel(*store, fx.ids[QStringLiteral("tone192k.wav")]);
        QVERIFY(tone);
        Eigen::Index peak = 0;
        tone->logMel[0].rowwise().mean().maxCoeff(&peak);
        QCOMPARE(int(peak), 38);
        // 8 kHz: nothing above its 4 kHz Nyquist, so bands from 5 kHz up sit at the -80 dB floor
        auto noise = loadLogMel(*store, fx.ids[QStringLiteral("noise8k.wav")]);
        QVERIFY(noise);
        const auto centres = melBandCentres(FrontEndOptions{});
        const Eigen::MatrixXf& n8 = noise->logMel[0];
        const float floorDb = n8.maxCoeff() - 80.0f;
        for (int b = 0; b < 128; ++b) {
            const float level = n8.row(b).mean();
            if (centres[size_t(b)] > 5000)
                QVERIFY2(level < floorDb + 1.0f,
                         qPrintable(QStringLiteral("band %1 (%2 Hz): %3 dB, floor %4")
                                        .arg(b)
                                        .arg(centres[size_t(b)])
                                        .arg(level)
                                        .arg(floorDb)));
            if (centres[size_t(b)] < 3000)
                QVERIFY2(level > floorDb + 60.0f, qPrintable(QString::number(b)));
        }
        // 8 channels averaged: the lowest tone (200 Hz) and the highest (1.6 kHz) are both there
        auto eight = loadLogMel(*store, fx.ids[QStringLiteral("eight-channels.wav")]);
        QVERIFY(eight);
        const Eigen::VectorXf e8 = eight->logMel[0].rowwise().mean();
        QVERIFY(e8[7] > e8.maxCoeff() - 6.0f);  // 200 Hz: Slaney mel 3.0 -> band 7
        auto descriptors = loadDescriptors(*store, fx.ids[QStringLiteral("really-a-wav.mp3")]);
        QVERIFY(descriptors);
        QVERIFY2(std::abs(descriptors->centroidHz - 1000.0f) < 60.0f,
                 qPrintable(QString::number(descriptors->centroidHz)));

        // Rescan with nothing changed: nothing analysed.
        auto again = analyzeProject(*store, {}, Progress());
        QVERIFY(again.ok());
        QCOMPARE(again->analysed, 0);
        QCOMPARE(again->skipped, 6);
        QCOMPARE(again->failed.size(), size_t(5));
        // A changed file (new mtime) and changed options are analysed again.
        QFile touched(fx.music + QStringLiteral("/short.wav"));
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(QDateTime::currentDateTimeUtc().addSecs(60),
                                    QFileDevice::FileModificationTime));
        touched.close();
        auto third = analyzeProject(*store, {}, Progress());
        QVERIFY(third.ok());
        QCOMPARE(third->analysed, 1);
        AnalyzeOptions htk;
        htk.frontEnd.melScale = MelScale::Htk;
        auto fourth = analyzeProject(*store, htk, Progress());
        QVERIFY(fourth.ok());
        QCOMPARE(fourth->analysed, 6);
    }

    void cancelKeepsOnlyWholeFiles() {
        QTemporaryDir dir;
        Fixture fx;
        QVERIFY(buildProject(dir.path(), fx));
        auto store = open(fx.project);
        QVERIFY(store);
        // A Progress that cancels itself when the first file has been written.
        QElapsedTimer sinceCancel;
        const Progress* self = nullptr;
        Progress selfCancelling([&](double, const QString&) {
            if (!sinceCancel.isValid()) {
                sinceCancel.start();
                self->cancel();
            }
        });
        self = &selfCancelling;
        auto r = analyzeProject(*store, {}, selfCancelling);
        QVERIFY(!r.ok());
        QVERIFY(r.status().isCancelled());
        QVERIFY(sinceCancel.isValid());
        QVERIFY2(sinceCancel.elapsed() < 300, qPrintable(QString::number(sinceCancel.elapsed())));
        // The cancel came with the first outcome: at most that one file is kept, and whole
        // (its log-mel and its descriptors), never half of one.
        const int kept = audioResultCount(*store);
        QVERIFY2(kept == 0 || kept == 2, qPrintable(QString::number(kept)));
    }

    void wholeTrackSpectrogramForTheView() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tone.flac"));
        QVERIFY(writeSound(path, interleave({sine(1000, 65, 44100), sine(1000, 65, 44100)}), 2,
                           44100, kFlac16)
                    .isEmpty());
        SpectrogramRequest mel;
        auto s = computeTrackSpectrogram(path, mel, Progress());
        QVERIFY2(s.ok(), qPrintable(s.status().message()));
        QCOMPARE(s->bands, 128);
        QCOMPARE(s->frames, 1 + int(std::ceil(65 * 22050.0 - 1e-9)) / 512);
        QCOMPARE(int(s->db.size()), s->frames * s->bands);
        QVERIFY(std::abs(s->secondsPerFrame - 512.0 / 22050) < 1e-12);
        QCOMPARE(s->excerpts.size(), size_t(3));
        QVERIFY(std::abs(s->durationSeconds - 65.0) < 1e-9);
        QCOMPARE(s->at(1000, 38), s->maxDb);  // the 1 kHz band, mid-track
        QCOMPARE(s->minDb, s->maxDb - 80.0f);
        // Decoded in two segments at once: the same as one piece, seam included.
        SpectrogramRequest onePiece;
        onePiece.threads = 1;
        auto one = computeTrackSpectrogram(path, onePiece, Progress());
        SpectrogramRequest twoPieces;
        twoPieces.threads = 2;
        auto two = computeTrackSpectrogram(path, twoPieces, Progress());
        QVERIFY(one.ok() && two.ok());
        QCOMPARE(two->frames, one->frames);
        float worst = 0;
        size_t worstAt = 0;
        for (size_t i = 0; i < one->db.size(); ++i)
            if (std::abs(one->db[i] - two->db[i]) > worst) {
                worst = std::abs(one->db[i] - two->db[i]);
                worstAt = i;
            }
        qInfo("worst at frame %d band %d: %f vs %f", int(worstAt / 128), int(worstAt % 128),
              double(one->db[worstAt]), double(two->db[worstAt]));
        qInfo("two-segment decode vs one piece: largest difference %.3g dB", double(worst));
        QVERIFY2(worst < 0.01f, qPrintable(QString::number(worst)));
        SpectrogramRequest linear;
        linear.scale = SpectrogramScale::Linear;
        auto l = computeTrackSpectrogram(path, linear, Progress());
        QVERIFY(l.ok());
        QCOMPARE(l->bands, 1025);
        QVERIFY(std::abs(l->bandHz[93] - 93 * 22050.0 / 2048) < 1e-3);
        int peak = 0;
        for (int k = 0; k < l->bands; ++k)
            if (l->at(1000, k) > l->at(1000, peak)) peak = k;
        QCOMPARE(peak, 93);  // 1000 Hz / 10.77 Hz per bin
        Progress cancelled;
        cancelled.cancel();
        QVERIFY(computeTrackSpectrogram(path, mel, cancelled).status().isCancelled());
        auto missing =
            computeTrackSpectrogram(dir.filePath(QStringLiteral("gone.wav")), mel, Progress());
        QVERIFY(missing.status().message().contains(QLatin1String("gone.wav")));
    }

    void cliReportsJson() {
        QTemporaryDir dir;
        Fixture fx;
        QVERIFY(buildProject(dir.path(), fx));
        auto run = [&](const QStringList& args, int* code) {
            QProcess p;
            p.start(cliProgram(), args);
            p.waitForFinished(60000);
            *code = p.exitCode();
            return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        };
        int code = -1;
        QJsonObject o = run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
                             QStringLiteral("--json")},
                            &code);
        QCOMPARE(code, 0);
        QCOMPARE(o.value(QStringLiteral("tracks_analysed")).toInt(), 6);
        QCOMPARE(o.value(QStringLiteral("tracks_skipped")).toInt(), 0);
        const QJsonArray failed = o.value(QStringLiteral("tracks_failed")).toArray();
        QCOMPARE(failed.size(), 5);
        for (const auto& f : failed) {
            QVERIFY(!f.toObject().value(QStringLiteral("file")).toString().isEmpty());
            QVERIFY(!f.toObject().value(QStringLiteral("reason")).toString().isEmpty());
        }
        QVERIFY(o.value(QStringLiteral("seconds")).toDouble() > 0);
        QVERIFY(o.value(QStringLiteral("realtime_factor")).toDouble() > 1);
        o = run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
                 QStringLiteral("--json")},
                &code);
        QCOMPARE(code, 0);
        QCOMPARE(o.value(QStringLiteral("tracks_analysed")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("tracks_skipped")).toInt(), 6);
        // Without --excerpts the project's own plan is used, as the desktop app and train all
        // use it; a plan given on the command line becomes the project's.
        QCOMPARE(o.value(QStringLiteral("options")).toObject().value(QStringLiteral("excerpts")),
                 QJsonValue(QStringLiteral("3x10s")));
        {
            auto store = ProjectStore::open(fx.project);
            QVERIFY(store);
            ModelSettings s = readModelSettings(*store.value());
            s.excerptCount = 2;
            s.excerptSeconds = 4;
            QVERIFY(writeModelSettings(*store.value(), s).isOk());
        }
        o = run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
                 QStringLiteral("--json")},
                &code);
        QCOMPARE(code, 0);
        QCOMPARE(o.value(QStringLiteral("options")).toObject().value(QStringLiteral("excerpts")),
                 QJsonValue(QStringLiteral("2x4s")));
        QCOMPARE(o.value(QStringLiteral("tracks_analysed")).toInt(), 6);  // new settings
        o = run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
                 QStringLiteral("--excerpts"), QStringLiteral("1x5"), QStringLiteral("--json")},
                &code);
        QCOMPARE(code, 0);
        QCOMPARE(o.value(QStringLiteral("options")).toObject().value(QStringLiteral("excerpts")),
                 QJsonValue(QStringLiteral("1x5s")));
        {
            auto store = ProjectStore::open(fx.project);
            QVERIFY(store);
            const ModelSettings s = readModelSettings(*store.value());
            QCOMPARE(s.excerptCount, 1);
            QCOMPARE(s.excerptSeconds, 5.0);
            QCOMPARE(analyzeOptions(s).frontEnd.excerptCount, 1);
        }
        // Out of the range a project can keep: refused, the project's plan unchanged.
        run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
             QStringLiteral("--excerpts"), QStringLiteral("50x10")},
            &code);
        QCOMPARE(code, 2);
        {
            auto store = ProjectStore::open(fx.project);
            QVERIFY(store);
            QCOMPARE(readModelSettings(*store.value()).excerptCount, 1);
        }
        run({QStringLiteral("analyze"), QStringLiteral("--json")}, &code);
        QCOMPARE(code, 2);
        run({QStringLiteral("analyze"), QStringLiteral("--project"), fx.project,
             QStringLiteral("--excerpts"), QStringLiteral("three")},
            &code);
        QCOMPARE(code, 2);
        run({QStringLiteral("analyze"), QStringLiteral("--project"),
             dir.filePath(QStringLiteral("none.tastelab"))},
            &code);
        QCOMPARE(code, 1);
    }
};

QTEST_GUILESS_MAIN(AudioAnalyzeTest)
#include "test_audio_analyze.moc"
