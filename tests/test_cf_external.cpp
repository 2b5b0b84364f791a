// Training elsewhere, exploring here (issue 21): `export interactions` writes the CF input for
// Spark ML's ALS or implicit, and `import-factors` takes factors trained on it back. The file
// contract is tested for real: NumPy (Debian's python3-numpy at /usr/bin/python3) writes the
// .npz and .npy files, and Spark's JSON lines are written here in Spark's exact shape.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "cf/CfModel.h"
#include "cf/ExternalFactors.h"
#include "demo/DemoWorld.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr char kPython[] = "/usr/bin/python3";

// A small implicit ALS in NumPy (Hu, Koren & Volinsky's normal equations, dense), saved as
// implicit's model.save() does: item_factors, user_factors and scalar settings in one .npz.
// Also writes the lone .npy files and the damaged ones the tests refuse.
constexpr char kNumpyScript[] = R"PY(
import json, os, sys
import numpy as np
exp, out = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(exp, "export.json")))
R = np.zeros((m["users"], m["items"]))
with open(os.path.join(exp, "interactions.csv")) as f:
    assert next(f).strip() == "user_index,item_index,strength"
    for line in f:
        u, i, s = line.split(",")
        R[int(u), int(i)] = float(s)
k, lam, alpha = 8, 0.1, 2.0
rng = np.random.default_rng(0)
X = rng.normal(0, 0.01, (R.shape[0], k))
Y = rng.normal(0, 0.01, (R.shape[1], k))
P = (R > 0).astype(float)
C = 1 + alpha * R
def solve(F, Cm, Pm):
    res = np.empty((Cm.shape[0], k))
    for u in range(Cm.shape[0]):
        A = (F.T * Cm[u]) @ F + lam * np.eye(k)
        res[u] = np.linalg.solve(A, (F.T * Cm[u]) @ Pm[u])
    return res
for _ in range(10):
    X = solve(Y, C, P)
    Y = solve(X, C.T, P.T)
X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
p = lambda name: os.path.join(out, name)
np.savez(p("model.npz"), user_factors=X32, item_factors=Y32, regularization=np.float64(lam),
         factors=np.int64(k), alpha=np.float64(alpha), iterations=np.int64(10),
         dtype=np.array("float32"))
np.save(p("items.npy"), Y)                       # float64, as NumPy computes
np.save(p("users.npy"), X)
np.save(p("items-fortran.npy"), np.asfortranarray(Y32))
np.save(p("one-d.npy"), Y[:, 0])
np.save(p("rows244.npy"), Y[:244])
np.save(p("ints.npy"), np.arange(245 * 8).reshape(245, 8))
bad = Y.copy(); bad[3, 2] = np.nan
np.save(p("nan.npy"), bad)
np.save(p("users-rank4.npy"), X[:, :4])
np.savez(p("items-only.npz"), item_factors=Y32)
print(json.dumps({"item_3_2": float(Y32[3, 2]), "user_0_7": float(X32[0, 7]),
                  "item64_5_1": float(Y[5, 1])}))
)PY";

bool numpyImports() {
    QProcess p;
    p.start(QLatin1String(kPython), {QStringLiteral("-c"), QStringLiteral("import numpy")});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Spark ML's DataFrame.write.json of itemFactors/userFactors: one JSON object a line, id an int,
// features an array of floats, in part files beside _SUCCESS and .crc files.
void writeSparkFolder(const QString& dir, const FactorMatrix& m, int parts) {
    QDir().mkpath(dir);
    std::vector<QByteArray> files(static_cast<size_t>(parts));
    for (qint64 r = 0; r < m.rows(); ++r) {
        QByteArray line = "{\"id\":" + QByteArray::number(r) + ",\"features\":[";
        for (qint64 c = 0; c < m.cols(); ++c) {
            if (c) line += ',';
            line += QByteArray::number(double(m(r, c)), 'g', 9);
        }
        files[size_t(r % parts)] += line + "]}\n";
    }
    for (int p = 0; p < parts; ++p)
        test::writeFile(QDir(dir).filePath(
                            QStringLiteral("part-%1-2f1b7c1e-3d0a-4a59-9c77-1e0c0e2b8c55-c000.json")
                                .arg(p, 5, 10, QLatin1Char('0'))),
                        files[size_t(p)]);
    test::writeFile(QDir(dir).filePath(QStringLiteral("_SUCCESS")), {});
    test::writeFile(QDir(dir).filePath(QStringLiteral(".part-00000.crc")), "crc");
}

}  // namespace

class CfExternalTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;
    QString exportDir_;
    QString numpyDir_;
    bool numpy_ = false;
    QJsonObject numpyValues_;

    test::CliRun cli(const QStringList& args) { return test::runCli(args); }
    // import-factors must fail with exactly `message`.
    void expectRefused(const QStringList& extra, const QString& message) {
        const auto run = cli(
            QStringList{QStringLiteral("import-factors"), QStringLiteral("--project"), project_} +
            extra);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(QString::fromUtf8(run.err).trimmed().split(QLatin1Char('\n')).last(),
                 QStringLiteral("tastelab-cli: ") + message);
    }
    QString n(const QString& name) const { return QDir(numpyDir_).filePath(name); }
    QJsonObject storedMeta() {
        auto store = ProjectStore::open(project_);
        if (!store) return {};
        return store.value()
            ->resultMeta(QStringLiteral("cf.als"), QStringLiteral("model"))
            .value_or(QJsonObject());
    }
    CfModel storedModel() {
        auto store = ProjectStore::open(project_);
        if (!store) return {};
        auto model = loadCfModel(*store.value());
        return model ? model.value() : CfModel();
    }
    // The weekly playlist and the CF map of whatever model the project holds now.
    void weeklyAndMap() {
        const auto weekly = cli({QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                                 QStringLiteral("--out"), dir_.filePath(QStringLiteral("w.m3u8")),
                                 QStringLiteral("--json")});
        QVERIFY2(weekly.exitCode == 0, weekly.err.constData());
        const QJsonObject w = weekly.json();
        QCOMPARE(w.value(QStringLiteral("count")).toInt(), 30);
        // The playlist is the imported model's: the week after the last listen takes the
        // project's model as it is.
        QCOMPARE(w.value(QStringLiteral("cf_model_reused")).toBool(), true);
        QCOMPARE(w.value(QStringLiteral("tracks")).toArray().size(), 30);
        // Explanations come from the factors: "because you played" the user's own tracks.
        int explained = 0;
        for (const QJsonValue& t : w.value(QStringLiteral("tracks")).toArray())
            explained += t.toObject().value(QStringLiteral("because")).toArray().isEmpty() ? 0 : 1;
        QVERIFY2(explained >= 20, qPrintable(QString::number(explained)));
        const auto map =
            cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                 QStringLiteral("--source"), QStringLiteral("cf"), QStringLiteral("--method"),
                 QStringLiteral("pca"), QStringLiteral("--out"),
                 dir_.filePath(QStringLiteral("m.csv")), QStringLiteral("--json")});
        QVERIFY2(map.exitCode == 0, map.err.constData());
        QCOMPARE(map.json().value(QStringLiteral("points")).toInt(), 245);
        QCOMPARE(map.json().value(QStringLiteral("dims")).toInt(), 8);
        QCOMPARE(map.json().value(QStringLiteral("warnings")).toArray().size(), 0);
        QCOMPARE(readAll(dir_.filePath(QStringLiteral("m.csv"))).count('\n'), 246);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        DemoOptions options;
        options.outDir = dir_.filePath(QStringLiteral("demo"));
        options.seed = 1;
        options.size = DemoSize::Small;
        auto demo = generateDemo(options, Progress());
        QVERIFY2(bool(demo), qPrintable(demo.status().message()));
        project_ = demo.value().projectPath;
        exportDir_ = dir_.filePath(QStringLiteral("export"));
        numpyDir_ = dir_.filePath(QStringLiteral("numpy"));
        QDir().mkpath(numpyDir_);
        numpy_ = numpyImports();
    }

    void exportWritesTriplesAndMaps() {
        const auto run = cli({QStringLiteral("export"), QStringLiteral("interactions"),
                              QStringLiteral("--project"), project_, QStringLiteral("--out"),
                              exportDir_, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject j = run.json();
        QCOMPARE(j.value(QStringLiteral("users")).toInt(), 40);
        QCOMPARE(j.value(QStringLiteral("items")).toInt(), 245);
        QCOMPARE(j.value(QStringLiteral("interactions")).toInt(), 1894);
        QCOMPARE(j.value(QStringLiteral("listens_counted")).toInt(), 14342);

        const QList<QByteArray> triples =
            readAll(QDir(exportDir_).filePath(QStringLiteral("interactions.csv"))).split('\n');
        QCOMPARE(triples.first(), QByteArray("user_index,item_index,strength"));
        QCOMPARE(triples.size(), 1894 + 2);              // header, rows, the final newline
        QCOMPARE(triples.at(1), QByteArray("0,0,0.2"));  // me's one skipped play of track 1
        double total = 0;
        for (int i = 1; i < triples.size() - 1; ++i) {
            const QList<QByteArray> f = triples.at(i).split(',');
            QCOMPARE(f.size(), 3);
            QVERIFY(f[0].toInt() >= 0 && f[0].toInt() < 40);
            QVERIFY(f[1].toInt() >= 0 && f[1].toInt() < 245);
            total += f[2].toDouble();
        }
        QVERIFY(total > 1894 && total <= 14342.0001);
        const QList<QByteArray> users =
            readAll(QDir(exportDir_).filePath(QStringLiteral("users.csv"))).split('\n');
        QCOMPARE(users.at(0), QByteArray("index,user_id,name"));
        QCOMPARE(users.at(1), QByteArray("0,1,me"));
        QCOMPARE(users.size(), 40 + 2);
        const QList<QByteArray> items =
            readAll(QDir(exportDir_).filePath(QStringLiteral("items.csv"))).split('\n');
        QCOMPARE(items.at(0), QByteArray("index,track_id,artist,title"));
        QCOMPARE(items.at(1), QByteArray("0,1,Tanaka Collective,Summer"));
        QCOMPARE(items.size(), 245 + 2);
        const QJsonObject manifest =
            QJsonDocument::fromJson(
                readAll(QDir(exportDir_).filePath(QStringLiteral("export.json"))))
                .object();
        QCOMPARE(manifest.value(QStringLiteral("listens_digest")).toString(),
                 QStringLiteral("14342:25975339474261:0:0"));
        QCOMPARE(manifest.value(QStringLiteral("options"))
                     .toObject()
                     .value(QStringLiteral("rows"))
                     .toString(),
                 QStringLiteral("users"));
    }

    // The done-when: an implicit .npz made by NumPy, imported, gives a weekly playlist and a map.
    void numpyNpzGivesPlaylistAndMap() {
        if (!numpy_)
            QSKIP(
                "NumPy does not import in /usr/bin/python3 (install python3-numpy: "
                "packaging/install-deps.sh does): the .npz/.npy contract is not tested here");
        QProcess python;
        python.start(QLatin1String(kPython),
                     {QStringLiteral("-c"), QLatin1String(kNumpyScript), exportDir_, numpyDir_});
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        numpyValues_ = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QVERIFY(!numpyValues_.isEmpty());

        // No --export: the project's last export is the one.
        const auto run = cli({QStringLiteral("import-factors"), QStringLiteral("--project"),
                              project_, QStringLiteral("--items"), n(QStringLiteral("model.npz")),
                              QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject j = run.json();
        QCOMPARE(j.value(QStringLiteral("rank")).toInt(), 8);
        QCOMPARE(j.value(QStringLiteral("items_format")).toString(), QStringLiteral("npz"));
        QCOMPARE(j.value(QStringLiteral("users_format")).toString(), QStringLiteral("npz"));
        QCOMPARE(j.value(QStringLiteral("export")).toString(),
                 QFileInfo(exportDir_).absoluteFilePath());

        const QJsonObject meta = storedMeta();
        QCOMPARE(meta.value(QStringLiteral("external")).toBool(), true);
        const QJsonObject origin = meta.value(QStringLiteral("origin")).toObject();
        QCOMPARE(origin.value(QStringLiteral("items")).toString(),
                 QFileInfo(n(QStringLiteral("model.npz"))).absoluteFilePath());
        QCOMPARE(origin.value(QStringLiteral("items_format")).toString(), QStringLiteral("npz"));
        QCOMPARE(meta.value(QStringLiteral("factors")).toInt(), 8);
        const CfModel model = storedModel();
        QCOMPARE(model.itemFactors.rows(), 245);
        QCOMPARE(model.userFactors.rows(), 40);
        QCOMPARE(model.itemFactors(3, 2),
                 float(numpyValues_[QStringLiteral("item_3_2")].toDouble()));
        QCOMPARE(model.userFactors(0, 7),
                 float(numpyValues_[QStringLiteral("user_0_7")].toDouble()));
        QCOMPARE(model.itemTrack.front(), Id(1));
        QCOMPARE(model.rowUser.front(), Id(1));
        weeklyAndMap();
    }

    void numpyNpyWithAndWithoutUsers() {
        if (!numpy_) QSKIP("NumPy does not import in /usr/bin/python3 (install python3-numpy)");
        auto run = cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                        QStringLiteral("--items"), n(QStringLiteral("items.npy")),
                        QStringLiteral("--users"), n(QStringLiteral("users.npy")),
                        QStringLiteral("--export"), exportDir_, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("users_format")).toString(),
                 QStringLiteral("npy"));
        QCOMPARE(storedModel().itemFactors(5, 1),
                 float(numpyValues_[QStringLiteral("item64_5_1")].toDouble()));
        // Fortran order reads as the same matrix.
        run = cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                   QStringLiteral("--items"), n(QStringLiteral("items-fortran.npy")),
                   QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("users_format")).toString(),
                 QStringLiteral("folded-in"));
        const CfModel model = storedModel();
        QCOMPARE(model.itemFactors(3, 2),
                 float(numpyValues_[QStringLiteral("item_3_2")].toDouble()));
        QCOMPARE(model.userFactors.rows(), 40);
        QVERIFY(model.userFactors.allFinite() && model.userFactors.norm() > 0);
        QCOMPARE(storedMeta()
                     .value(QStringLiteral("origin"))
                     .toObject()
                     .value(QStringLiteral("users_format"))
                     .toString(),
                 QStringLiteral("folded-in"));
        weeklyAndMap();
    }

    void numpyFilesRefused() {
        if (!numpy_) QSKIP("NumPy does not import in /usr/bin/python3 (install python3-numpy)");
        const QString items = QStringLiteral("--items");
        expectRefused({items, n(QStringLiteral("one-d.npy"))},
                      QStringLiteral("one-d.npy: has 1 dimension(s) (shape (245,)); factors are "
                                     "a 2-D array of rows x rank"));
        expectRefused({items, n(QStringLiteral("rows244.npy"))},
                      QStringLiteral("rows244.npy: 244 rows, but the export has 245: these "
                                     "factors were not trained on this export"));
        expectRefused({items, n(QStringLiteral("nan.npy"))},
                      QStringLiteral("nan.npy: row 3, column 2 is NaN; factors must be finite"));
        expectRefused({items, n(QStringLiteral("ints.npy"))},
                      QStringLiteral("ints.npy: holds '<i8' values; factors must be float32 or "
                                     "float64"));
        expectRefused({items, n(QStringLiteral("items.npy")), QStringLiteral("--users"),
                       n(QStringLiteral("users-rank4.npy"))},
                      QStringLiteral("the user factors have rank 4 but the item factors rank 8: "
                                     "they are not one model"));
        expectRefused({items, n(QStringLiteral("items-only.npz"))},
                      QStringLiteral("items-only.npz: has no user_factors (implicit's "
                                     "model.save() writes item_factors and user_factors)"));
        // Truncated: the last 10 bytes of a float64 .npy, and half of an .npz.
        const QByteArray npy = readAll(n(QStringLiteral("items.npy")));
        test::writeFile(n(QStringLiteral("cut.npy")), npy.left(npy.size() - 10));
        expectRefused({items, n(QStringLiteral("cut.npy"))},
                      QStringLiteral("cut.npy: truncated: its header says 245 x 8 values (15680 "
                                     "bytes) but 15670 bytes follow"));
        test::writeFile(n(QStringLiteral("long.npy")), npy + "extra");
        expectRefused({items, n(QStringLiteral("long.npy"))},
                      QStringLiteral("long.npy: 5 bytes follow the 245 x 8 values its header "
                                     "declares"));
        const QByteArray npz = readAll(n(QStringLiteral("model.npz")));
        test::writeFile(n(QStringLiteral("cut.npz")), npz.left(npz.size() / 2));
        expectRefused({items, n(QStringLiteral("cut.npz"))},
                      QStringLiteral("cut.npz: item_factors.npy is truncated or damaged: "
                                     "Truncated ZIP file data"));
        // Nothing refused replaced the model stored before.
        QCOMPARE(storedMeta()
                     .value(QStringLiteral("origin"))
                     .toObject()
                     .value(QStringLiteral("items_format")),
                 QJsonValue(QStringLiteral("npy")));
    }

    void sparkJsonLinesImported() {
        // Factors trained here, written as Spark writes itemFactors/userFactors, come back equal.
        CfModel trained;
        {
            auto store = ProjectStore::open(project_);
            QVERIFY(bool(store));
            AlsOptions als;
            als.factors = 8;
            als.iterations = 4;
            InteractionOptions interactions;
            QVERIFY(bool(trainCf(*store.value(), als, interactions, Progress())));
            auto model = loadCfModel(*store.value());
            QVERIFY(bool(model));
            trained = model.value();
        }
        const QString spark = dir_.filePath(QStringLiteral("spark"));
        writeSparkFolder(QDir(spark).filePath(QStringLiteral("itemFactors")), trained.itemFactors,
                         3);
        writeSparkFolder(QDir(spark).filePath(QStringLiteral("userFactors")), trained.userFactors,
                         2);
        const auto run =
            cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                 QStringLiteral("--items"), QDir(spark).filePath(QStringLiteral("itemFactors")),
                 QStringLiteral("--users"), QDir(spark).filePath(QStringLiteral("userFactors")),
                 QStringLiteral("--export"), exportDir_, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("items_format")).toString(),
                 QStringLiteral("spark-json"));
        const CfModel model = storedModel();
        QVERIFY(model.itemFactors == trained.itemFactors);
        QVERIFY(model.userFactors == trained.userFactors);
        QCOMPARE(model.itemTrack, trained.itemTrack);
        QCOMPARE(storedMeta().value(QStringLiteral("external")).toBool(), true);
        // Preferences (64 factors by default) never call factors trained elsewhere out of date;
        // the same meta without "external" would be.
        QJsonObject meta = storedMeta();
        QCOMPARE(cfModelOutOfDate(meta, ModelSettings()), false);
        meta.remove(QStringLiteral("external"));
        QCOMPARE(cfModelOutOfDate(meta, ModelSettings()), true);
        weeklyAndMap();

        // The back-test scores past weeks with models trained here on what was known before
        // each week, at the imported model's rank: the imported factors saw the future.
        const auto backtest = cli({QStringLiteral("backtest"), QStringLiteral("--project"),
                                   project_, QStringLiteral("--json")});
        QVERIFY2(backtest.exitCode == 0, backtest.err.constData());
        QVERIFY(backtest.json().value(QStringLiteral("weeks_scored")).toInt() > 0);

        // The audio model learns the imported model's vectors: trained once, it is reused while
        // the imported model stays, and trains again when other factors are imported.
        const auto analyze = cli({QStringLiteral("analyze"), QStringLiteral("--project"), project_,
                                  QStringLiteral("--json")});
        QVERIFY2(analyze.exitCode == 0, analyze.err.constData());
        const QStringList trainAudio{
            QStringLiteral("train"),  QStringLiteral("--project"), project_,
            QStringLiteral("audio"),  QStringLiteral("--epochs"),  QStringLiteral("2"),
            QStringLiteral("--arch"), QStringLiteral("tiny"),      QStringLiteral("--json")};
        const auto audioReused = [&] {
            const auto run = cli(trainAudio);
            if (run.exitCode != 0) qWarning("%s", run.err.constData());
            const QJsonObject audio = run.json().value(QStringLiteral("audio")).toObject();
            return run.exitCode == 0 && !audio.isEmpty()
                       ? audio.value(QStringLiteral("reused")).toBool() ? 1 : 0
                       : -1;
        };
        const auto first = cli(trainAudio);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject audio = first.json().value(QStringLiteral("audio")).toObject();
        QCOMPARE(audio.value(QStringLiteral("tracks_with_audio")).toInt(), 100);
        QVERIFY(audio.value(QStringLiteral("train_tracks")).toInt() > 0);
        QCOMPARE(audioReused(), 1);
        FactorMatrix doubled = trained.itemFactors * 2.0f;
        writeSparkFolder(QDir(spark).filePath(QStringLiteral("itemFactors2")), doubled, 1);
        const auto again =
            cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                 QStringLiteral("--items"), QDir(spark).filePath(QStringLiteral("itemFactors2")),
                 QStringLiteral("--users"), QDir(spark).filePath(QStringLiteral("userFactors"))});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(audioReused(), 0);
    }

    void sparkJsonLinesRefused() {
        const QString root = dir_.filePath(QStringLiteral("bad-spark"));
        const QString part = QStringLiteral("part-00000-aa-c000.json");
        QByteArray good;
        for (int id = 0; id < 245; ++id)
            good += "{\"id\":" + QByteArray::number(id) +
                    ",\"features\":[0.5,-0.25,0.125,1.0,0.0,0.75,-1.5,2.0]}\n";
        const QList<QByteArray> lines = good.split('\n');
        int folder = 0;
        const auto refused = [&](const QByteArray& bytes, const QString& message) {
            const QString dir = QDir(root).filePath(QString::number(folder++));
            QDir().mkpath(dir);
            test::writeFile(QDir(dir).filePath(part), bytes);
            expectRefused({QStringLiteral("--items"), dir, QStringLiteral("--export"), exportDir_},
                          message);
        };
        auto without = [&](int index) {
            QByteArray b;
            for (int i = 0; i < lines.size() - 1; ++i)
                if (i != index) b += lines[i] + '\n';
            return b;
        };
        refused(
            without(7),
            QStringLiteral("%1: no factors for id 7 of the export's 245 (ids 0..244)").arg(folder));
        refused(good + "{\"id\":3,\"features\":[0,0,0,0,0,0,0,0]}\n",
                part + QStringLiteral(" line 246: id 3 appears twice (first at ") + part +
                    QStringLiteral(" line 4)"));
        QByteArray nan = good;
        nan.replace("{\"id\":2,\"features\":[0.5", "{\"id\":2,\"features\":[\"NaN\"");
        refused(nan, part + QStringLiteral(" line 3: a feature is NaN or infinite; factors must "
                                           "be finite numbers"));
        QByteArray bareNan = good;
        bareNan.replace("{\"id\":2,\"features\":[0.5", "{\"id\":2,\"features\":[NaN");
        refused(bareNan, part + QStringLiteral(" line 3: a feature is NaN or infinite; factors "
                                               "must be finite numbers"));
        QByteArray shortRow = good;
        shortRow.replace("{\"id\":4,\"features\":[0.5,", "{\"id\":4,\"features\":[");
        refused(shortRow, part + QStringLiteral(" line 5: 7 features, but ") + part +
                              QStringLiteral(" line 1 has 8"));
        refused(good.left(good.size() - 20),
                part + QStringLiteral(" line 245: the line is cut off (the file is truncated)"));
        refused(good + "{\"id\":245,\"features\":[0,0,0,0,0,0,0,0]}\n",
                part + QStringLiteral(" line 246: id 245 is outside the export's 0..244"));
        // Found by fuzz_factor_jsonl: an id too large for any integer is named as it was written.
        refused(good + "{\"id\":5e32,\"features\":[0,0,0,0,0,0,0,0]}\n",
                part + QStringLiteral(" line 246: id 5e+32 is outside the export's 0..244"));
        refused(good + "{\"id\":2.5,\"features\":[0,0,0,0,0,0,0,0]}\n",
                part + QStringLiteral(" line 246: \"id\" is missing or not an integer"));
        const QString empty = QDir(root).filePath(QStringLiteral("empty"));
        QDir().mkpath(empty);
        expectRefused({QStringLiteral("--items"), empty},
                      empty + QStringLiteral(": no part-* files in the folder (Spark writes a "
                                             "DataFrame as part files)"));
    }

    void changedListensRefused() {
        // An export whose manifest no longer matches the project's listens.
        const QString stale = dir_.filePath(QStringLiteral("stale"));
        QDir().mkpath(stale);
        QByteArray manifest = readAll(QDir(exportDir_).filePath(QStringLiteral("export.json")));
        manifest.replace("14342:25975339474261:0:0", "14341:1:0:0");
        test::writeFile(QDir(stale).filePath(QStringLiteral("export.json")), manifest);
        expectRefused(
            {QStringLiteral("--items"), dir_.filePath(QStringLiteral("spark/itemFactors")),
             QStringLiteral("--export"), stale},
            QStringLiteral("the project's listens changed since the export in %1, so "
                           "its indices no longer name the same users and tracks: "
                           "export again and train on the new export")
                .arg(stale));
    }

    void sparkScriptWhereSparkImports() {
        QProcess probe;
        probe.start(QLatin1String(kPython),
                    {QStringLiteral("-c"), QStringLiteral("import pyspark")});
        if (!probe.waitForFinished(120000) || probe.exitCode() != 0)
            QSKIP(
                "pyspark does not import in /usr/bin/python3 (Spark is not installable on this "
                "machine): tools/spark_als.py was not run");
        const QString script = QFINDTESTDATA("../tools/spark_als.py");
        QVERIFY2(!script.isEmpty(), "tools/spark_als.py is missing");
        const QString out = dir_.filePath(QStringLiteral("spark-out"));
        QProcess spark;
        spark.start(QLatin1String(kPython),
                    {script, QStringLiteral("--export"), exportDir_, QStringLiteral("--out"), out,
                     QStringLiteral("--rank"), QStringLiteral("8"), QStringLiteral("--iterations"),
                     QStringLiteral("5")});
        QVERIFY(spark.waitForFinished(600000));
        QVERIFY2(spark.exitCode() == 0, spark.readAllStandardError().constData());
        const auto run =
            cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                 QStringLiteral("--items"), QDir(out).filePath(QStringLiteral("itemFactors")),
                 QStringLiteral("--users"), QDir(out).filePath(QStringLiteral("userFactors")),
                 QStringLiteral("--export"), exportDir_});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        weeklyAndMap();
    }

    // Last: it changes the project's listens. Factors trained elsewhere are the person's
    // choice: listens imported after the export do not make `weekly` retrain CF over them.
    void importedModelKeptWhenListensChange() {
        const QString spark = dir_.filePath(QStringLiteral("spark"));
        auto run =
            cli({QStringLiteral("import-factors"), QStringLiteral("--project"), project_,
                 QStringLiteral("--items"), QDir(spark).filePath(QStringLiteral("itemFactors")),
                 QStringLiteral("--users"), QDir(spark).filePath(QStringLiteral("userFactors")),
                 QStringLiteral("--export"), exportDir_});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const CfModel imported = storedModel();
        QCOMPARE(imported.itemFactors.rows(), 245);
        run = cli({QStringLiteral("import"), QStringLiteral("--project"), project_,
                   QFINDTESTDATA("data/import/datasets/userid-timestamp-artid-artname-traid-"
                                 "traname.tsv")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto weekly = cli({QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                                 QStringLiteral("--out"), dir_.filePath(QStringLiteral("w2.m3u8")),
                                 QStringLiteral("--json")});
        QVERIFY2(weekly.exitCode == 0, weekly.err.constData());
        const QJsonObject w = weekly.json();
        QCOMPARE(w.value(QStringLiteral("count")).toInt(), 30);
        QCOMPARE(w.value(QStringLiteral("cf_model_reused")).toBool(), true);
        const QJsonArray warnings = w.value(QStringLiteral("warnings")).toArray();
        QVERIFY(!warnings.isEmpty());
        QVERIFY2(warnings.first().toString().startsWith(
                     QStringLiteral("the CF model is the one imported from %1, and the listens "
                                    "changed since its export")
                         .arg(QFileInfo(QDir(spark).filePath(QStringLiteral("itemFactors")))
                                  .absoluteFilePath())),
                 qPrintable(warnings.first().toString()));
        QVERIFY(weekly.err.contains("note: the CF model is the one imported from"));
        // Still the imported factors, still marked external.
        QCOMPARE(storedMeta().value(QStringLiteral("external")).toBool(), true);
        const CfModel after = storedModel();
        QCOMPARE(after.itemFactors.rows(), imported.itemFactors.rows());
        QCOMPARE(after.itemFactors(7, 3), imported.itemFactors(7, 3));
        QCOMPARE(after.userFactors(2, 5), imported.userFactors(2, 5));
        // Explanations still come from the factors, on the model's own rows and columns.
        int explained = 0;
        for (const QJsonValue& t : w.value(QStringLiteral("tracks")).toArray())
            explained += t.toObject().value(QStringLiteral("because")).toArray().isEmpty() ? 0 : 1;
        QVERIFY2(explained >= 20, qPrintable(QString::number(explained)));
    }
};

QTEST_GUILESS_MAIN(CfExternalTest)
#include "test_cf_external.moc"
