// tastelab-cli as scripts use it: exit codes (0 ok, 1 explained error, 2 usage), --json
// output keyed as documented, progress on stderr only.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "library/TaggedAudioWriter.h"

namespace {

using Run = tl::test::CliRun;
Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tl::test::runCli(args, timeoutMs);
}

}  // namespace

class CliTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        const Run r = cli({QStringLiteral("demo"), QStringLiteral("--out"),
                           dir_.filePath(QStringLiteral("w")), QStringLiteral("--seed"),
                           QStringLiteral("3"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QStringLiteral("size")).toString(), QStringLiteral("small"));
        QVERIFY(j.value(QStringLiteral("genres")).toInt() >= 8);
        QVERIFY(j.value(QStringLiteral("cold_start_tracks")).toInt() > 0);
        QVERIFY(r.err.contains("demo:"));  // progress went to stderr, not into the JSON
        project_ = j.value(QStringLiteral("project")).toString();
        QVERIFY(QFile::exists(project_));
    }

    void usageErrorsExitTwo() {
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("demo")}).exitCode, 2);  // --out missing
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                      QStringLiteral("--size"), QStringLiteral("huge")})
                     .exitCode,
                 2);
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--project"), project_}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("eval-cf"), QStringLiteral("--project"), project_,
                      QStringLiteral("--factors"), QStringLiteral("many")})
                     .exitCode,
                 2);
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("eval-cf"));
    }

    void explainedErrorsExitOne() {
        const QString bad = dir_.filePath(QStringLiteral("notes.tastelab"));
        QVERIFY(tl::test::writeFile(bad, "these are my notes, not a project\n"));
        const Run r = cli({QStringLiteral("info"), QStringLiteral("--project"), bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("not a Tastelab project"));
        QVERIFY(r.err.contains("notes.tastelab"));
        // A second demo into the same folder refuses rather than overwrite.
        const Run again = cli(
            {QStringLiteral("demo"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("w"))});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());
    }

    void trainAndEvaluateCf() {
        const Run train = cli({QStringLiteral("train"), QStringLiteral("--project"), project_,
                               QStringLiteral("cf"), QStringLiteral("--json")});
        QVERIFY2(train.exitCode == 0, train.err.constData());
        const QJsonObject cf = train.json().value(QStringLiteral("cf")).toObject();
        QCOMPARE(cf.value(QStringLiteral("row_kind")).toString(), QStringLiteral("users"));
        QVERIFY(cf.value(QStringLiteral("genre_precision@10")).toDouble() > 0.8);
        QVERIFY(!cf.value(QStringLiteral("reused")).toBool());

        const Run eval =
            cli({QStringLiteral("eval-cf"), QStringLiteral("--project"), project_,
                 QStringLiteral("--bpr-epochs"), QStringLiteral("20"), QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, eval.err.constData());
        const QJsonObject models = eval.json().value(QStringLiteral("models")).toObject();
        const double als = models.value(QStringLiteral("als"))
                               .toObject()
                               .value(QStringLiteral("ndcg@10"))
                               .toDouble();
        const double pop = models.value(QStringLiteral("popularity"))
                               .toObject()
                               .value(QStringLiteral("ndcg@10"))
                               .toDouble();
        QVERIFY2(als > 2 * pop, qPrintable(QStringLiteral("%1 vs %2").arg(als).arg(pop)));
        QVERIFY(models.contains(QStringLiteral("bpr")));

        const Run text = cli({QStringLiteral("train"), QStringLiteral("--project"), project_,
                              QStringLiteral("text"), QStringLiteral("--json")});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY(text.json()
                    .value(QStringLiteral("text"))
                    .toObject()
                    .contains(QStringLiteral("vocabulary")));
        const Run audio = cli({QStringLiteral("train"), QStringLiteral("--project"), project_,
                               QStringLiteral("audio")});
        // The music is not analysed here: a clear error saying what to run.
        QCOMPARE(audio.exitCode, 1);
        QVERIFY2(audio.err.contains("tastelab-cli analyze"), audio.err.constData());
    }

    // Issue 21: a project from a music folder alone (`import --create` exits 1 without a
    // history), and `train all` analyses the music nobody analysed yet, as the GUI's Train All
    // does: here CF cannot train (no listens), yet the files are analysed and map by sound.
    void newMakesAProjectFromAFolderAloneAndTrainAllAnalyses() {
        const QString music = dir_.filePath(QStringLiteral("folder-only"));
        QVERIFY(QDir().mkpath(music));
        for (int i = 0; i < 3; ++i) {
            tl::ToneSpec tone;
            tone.format = QStringLiteral("FLAC");
            tone.sampleRate = 16000;
            tone.frames = 16000 * 2;
            tone.frequency = 220.0 * (i + 1);
            QVERIFY(tl::writeTone(QStringLiteral("%1/t%2.flac").arg(music).arg(i), tone).isOk());
        }
        const QString project = dir_.filePath(QStringLiteral("folder-only.tastelab"));
        const Run made = cli({QStringLiteral("new"), QStringLiteral("--project"), project, music,
                              QStringLiteral("--json")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QCOMPARE(made.json().value(QStringLiteral("files_scanned")).toInt(), 3);
        // Never replaces a project; a missing folder leaves no project behind.
        const Run again = cli({QStringLiteral("new"), QStringLiteral("--project"), project});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());
        const QString other = dir_.filePath(QStringLiteral("never.tastelab"));
        const Run missing = cli({QStringLiteral("new"), QStringLiteral("--project"), other,
                                 dir_.filePath(QStringLiteral("no-such-folder"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no such folder"));
        QVERIFY(!QFile::exists(other));

        const QString csv = dir_.filePath(QStringLiteral("sound.csv"));
        const QStringList map{QStringLiteral("map"),
                              QStringLiteral("--project"),
                              project,
                              QStringLiteral("--source"),
                              QStringLiteral("sound"),
                              QStringLiteral("--out"),
                              csv};
        QCOMPARE(cli(map).exitCode, 1);  // nothing analysed yet
        const Run all = cli(
            {QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("all")});
        QVERIFY2(all.out.contains("Audio front-end: 3 tracks analysed, 0 unchanged, 0 failed"),
                 all.out.constData());
        const Run mapped = cli(map);
        QVERIFY2(mapped.exitCode == 0, mapped.err.constData());
        // What a track sounds like, with no history: by the descriptors, and said so.
        const Run similar =
            cli({QStringLiteral("similar"), QStringLiteral("--project"), project,
                 QStringLiteral("--track-id"), QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(similar.exitCode == 0, similar.err.constData());
        const QJsonObject near = similar.json();
        QCOMPARE(near.value(QStringLiteral("source")).toString(), QStringLiteral("sound"));
        QCOMPARE(near.value(QStringLiteral("nearest")).toArray().size(), 2);  // the other two
        QVERIFY(near.value(QStringLiteral("warnings"))
                    .toArray()
                    .first()
                    .toString()
                    .startsWith(QStringLiteral("mapped by sound descriptors alone")));
        QCOMPARE(cli({QStringLiteral("similar"), QStringLiteral("--project"), project}).exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
