// The text model: on the demo world its top terms are the genres' vocabularies and its nearest
// artists share their genre; on tiny hand-made corpora its weights are exactly the documented
// TF-IDF salience; bad input (binary, huge, mixed encodings, empty) is skipped or decoded with a
// counted warning.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "demo/DemoGenres.h"
#include "demo/DemoWorld.h"
#include "maps/VectorSources.h"
#include "playlist/ContentSources.h"
#include "playlist/PlaylistSource.h"
#include "store/ProjectStore.h"
#include "text/DocumentTerms.h"
#include "text/TextDecoding.h"
#include "text/TextTraining.h"

using namespace tl;

namespace {

// A project with the given artists (and tracks "Artist/Title"), a corpus folder with the given
// documents, and the corpus remembered as the project's text source.
struct TinyProject {
    QString path;
    QString corpus;
    std::vector<Id> artistIds;
    std::vector<Id> trackIds;
};

TinyProject makeProject(const QString& dir, const QStringList& artists, const QStringList& tracks,
                        const std::vector<std::pair<QString, QByteArray>>& documents) {
    TinyProject p;
    p.path = QDir(dir).filePath(QStringLiteral("tiny.tastelab"));
    p.corpus = QDir(dir).filePath(QStringLiteral("corpus"));
    QDir().mkpath(p.corpus);
    for (const auto& [name, bytes] : documents)
        test::writeFile(QDir(p.corpus).filePath(name), bytes);
    auto store = ProjectStore::create(p.path);
    if (!store) qFatal("%s", qPrintable(store.status().message()));
    ProjectStore::Transaction tx(*store.value());
    for (const QString& name : artists) {
        Artist a{0, name, {}};
        store.value()->addArtist(a);
        p.artistIds.push_back(a.id);
    }
    for (const QString& spec : tracks) {
        const QStringList parts = spec.split(QLatin1Char('/'));
        Track t;
        t.artistId = p.artistIds[size_t(artists.indexOf(parts[0]))];
        t.title = parts[1];
        store.value()->addTrack(t);
        p.trackIds.push_back(t.id);
    }
    tx.commit();
    TextSourceOptions sources;
    sources.corpusDirs << p.corpus;
    saveTextSources(*store.value(), sources);
    return p;
}

TextOptions exactOptions(const ProjectStore& store) {
    TextOptions o;
    o.sources = savedTextSources(store);
    o.minDocumentFrequency = 1;
    o.terms.nearBoost = 0;  // plain counts, to check the weights by hand
    o.lsa.dims = 2;
    return o;
}

float weightOf(const TextModel& m, int entity, const QString& term) {
    for (const TermWeight& t : m.topTerms(entity, 1000))
        if (t.term == term) return t.weight;
    return 0.f;
}

QSet<QString> termsOf(const TextModel& m, int entity) {
    QSet<QString> out;
    for (const TermWeight& t : m.topTerms(entity, 1000)) out.insert(t.term);
    return out;
}

}  // namespace

class TextTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString demo_;

private Q_SLOTS:
    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 7;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        demo_ = demo->projectPath;
    }

    // --- the demo world ---------------------------------------------------------------------
    void cliTrainsTextOnTheDemo() {
        // A copy trained by another process (another QHash seed) must store the same bytes.
        const QString copy = dir_.filePath(QStringLiteral("copy.tastelab"));
        QVERIFY(QFile::copy(demo_, copy));
        QProcess cli;
        cli.start(test::cliProgram(), {QStringLiteral("train"), QStringLiteral("--project"), demo_,
                                       QStringLiteral("text"), QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject text = QJsonDocument::fromJson(cli.readAllStandardOutput())
                                     .object()[QStringLiteral("text")]
                                     .toObject();
        QVERIFY(text[QStringLiteral("vocabulary")].toInt() > 100);
        QVERIFY(text[QStringLiteral("artists")].toInt() >= 40);  // 90% of 48 artists have text
        QVERIFY(text[QStringLiteral("genre_precision@5")].toDouble() > 0.8);
        QCOMPARE(text[QStringLiteral("reused")].toBool(), false);
        QVERIFY(text.contains(QStringLiteral("seconds")));

        QProcess second;
        second.start(test::cliProgram(), {QStringLiteral("train"), QStringLiteral("--project"),
                                          copy, QStringLiteral("text")});
        QVERIFY(second.waitForFinished(60000));
        QCOMPARE(second.exitCode(), 0);
        const auto a = ProjectStore::open(demo_).value()->result(QStringLiteral("text.tfidf"),
                                                                 QStringLiteral("model"));
        const auto b = ProjectStore::open(copy).value()->result(QStringLiteral("text.tfidf"),
                                                                QStringLiteral("model"));
        QVERIFY(a && b);
        QVERIFY(a->data == b->data);
    }

    void demoTopTermsAreTheGenreVocabulary() {
        auto store = ProjectStore::open(demo_);
        QVERIFY(store.ok());
        TextOptions options;
        options.sources = savedTextSources(*store.value());
        const auto report = trainText(*store.value(), options, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        // Chance is about 5/47 (eight genres of six artists): text neighbours must do far better.
        QVERIFY2(report->genrePrecision5 > 0.8,
                 qPrintable(QString::number(report->genrePrecision5)));
        QVERIFY2(report->lsaGenrePrecision5 > 0.8,
                 qPrintable(QString::number(report->lsaGenrePrecision5)));
        QCOMPARE(report->documentsSkipped, qint64(0));
        const auto model = loadTextModel(*store.value());
        QVERIFY(model.ok());

        const GroundTruth truth = store.value()->groundTruth();
        QHash<Id, int> genreOf;
        for (const auto& [artist, genre] : truth.artistGenre) genreOf.insert(artist, genre);
        const auto& catalogue = demo::genreCatalogue();
        QSet<QString> stop;
        for (const char* w : demo::stopWords()) stop.insert(QString::fromLatin1(w));
        double inGenre = 0, counted = 0;
        for (int e = 0; e < model->artistRows(); ++e) {
            const QString genreName =
                truth.genreNames[size_t(genreOf.value(model->entities[size_t(e)].id))];
            QSet<QString> vocabulary;
            for (const auto& g : catalogue)
                if (genreName == QLatin1String(g.name))
                    for (const char* w : g.vocabulary) vocabulary.insert(QString::fromLatin1(w));
            QVERIFY(!vocabulary.isEmpty());
            for (const TermWeight& t : model->topTerms(e, 10)) {
                const QStringList words = t.term.split(QLatin1Char(' '));
                bool all = true;
                for (const QString& w : words) all = all && vocabulary.contains(w);
                inGenre += all;
                counted += 1;
            }
            // Stop words are never terms, alone or inside a bigram.
            for (const TermWeight& t : model->topTerms(e, 100))
                for (const QString& w : t.term.split(QLatin1Char(' ')))
                    QVERIFY2(!stop.contains(w), qPrintable(t.term));
        }
        QVERIFY2(inGenre / counted > 0.7, qPrintable(QString::number(inGenre / counted)));

        // Explanations: the shared terms of two same-genre neighbours, summing to their cosine.
        const auto nearest = model->similar(0, 1);
        QCOMPARE(int(nearest.size()), 1);
        const auto why = model->explain(0, nearest[0].item, 1000);
        QVERIFY(!why.empty());
        double sum = 0;
        for (const TermWeight& t : why) sum += t.weight;
        QVERIFY(std::abs(sum - model->cosine(0, nearest[0].item)) < 1e-5);
        QVERIFY(std::abs(nearest[0].score - model->cosine(0, nearest[0].item)) < 1e-5);
        QVERIFY(why[0].weight >= why.back().weight);

        // Unchanged inputs: reused; another setting: retrained.
        const auto again = trainText(*store.value(), options, Progress());
        QVERIFY(again.ok() && again->reused);
        QCOMPARE(again->vocabulary, report->vocabulary);
        options.topTerms = 20;
        const auto other = trainText(*store.value(), options, Progress());
        QVERIFY(other.ok() && !other->reused);
        QVERIFY(loadTextModel(*store.value())->topTerms(0, 100).size() <= 20);
    }

    void queriesAreFast() {
        auto store = ProjectStore::open(demo_);
        const auto model = loadTextModel(*store.value());
        QVERIFY(model.ok());
        QElapsedTimer clock;
        clock.start();
        float total = 0;
        for (int i = 0; i < 1000; ++i) {
            total += model->topTerms(i % model->size(), 100).front().weight;
            total += model->cosine(i % model->size(), (i * 7) % model->size());
        }
        QVERIFY(total > 0);
        QVERIFY2(clock.nsecsElapsed() / 1000 < 1'000'000, "1000 queries must take under 1 s");
    }

    // --- exact weights on a hand-made corpus -----------------------------------------------
    void tinyCorpusHasTheDocumentedWeights() {
        QTemporaryDir dir;
        const TinyProject p = makeProject(
            dir.path(), {QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma")},
            {QStringLiteral("Gamma/Night Drive")},
            {{QStringLiteral("a.txt"), "Alpha: shoegaze shoegaze reverb."},
             {QStringLiteral("b.md"), "The Beta: reverb techno."},
             {QStringLiteral("c.txt"), "Gamma: shoegaze, techno."}});
        auto store = ProjectStore::open(p.path);
        const auto report = trainText(*store.value(), exactOptions(*store.value()), Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(report->artists, 3);
        QCOMPARE(report->tracks, 1);  // inherited from Gamma
        const auto model = loadTextModel(*store.value());
        const int alpha = model->indexOf(TextEntityKind::Artist, p.artistIds[0]);
        const int beta = model->indexOf(TextEntityKind::Artist, p.artistIds[1]);
        const int gamma = model->indexOf(TextEntityKind::Artist, p.artistIds[2]);
        const int track = model->indexOf(TextEntityKind::Track, p.trackIds[0]);
        QVERIFY(alpha >= 0 && beta >= 0 && gamma >= 0 && track >= 0);

        // N = 3 entities; df: shoegaze, reverb, techno 2; the bigrams 1 ("shoegaze, techno" is
        // split by the comma; names and "the" are not terms).
        const double low = std::log(3.0 / 2.0), high = std::log(3.0);
        const double alphaSum = (1 + std::log(2.0)) * low + low + 2 * high;
        QCOMPARE(termsOf(*model, alpha),
                 (QSet<QString>{"shoegaze", "reverb", "shoegaze shoegaze", "shoegaze reverb"}));
        QVERIFY(std::abs(weightOf(*model, alpha, "shoegaze") -
                         (1 + std::log(2.0)) * low / alphaSum) < 1e-6);
        QVERIFY(std::abs(weightOf(*model, alpha, "reverb") - low / alphaSum) < 1e-6);
        QVERIFY(std::abs(weightOf(*model, alpha, "shoegaze reverb") - high / alphaSum) < 1e-6);
        const double betaSum = 2 * low + high;
        QCOMPARE(termsOf(*model, beta), (QSet<QString>{"reverb", "techno", "reverb techno"}));
        QVERIFY(std::abs(weightOf(*model, beta, "reverb techno") - high / betaSum) < 1e-6);
        QCOMPARE(termsOf(*model, gamma), (QSet<QString>{"shoegaze", "techno"}));
        QVERIFY(std::abs(weightOf(*model, gamma, "shoegaze") - 0.5) < 1e-6);
        // The rarer bigrams outweigh the common word; equal weights list alphabetically.
        const auto top = model->topTerms(alpha, 4);
        QCOMPARE(top[0].term, QStringLiteral("shoegaze reverb"));
        QCOMPARE(top[1].term, QStringLiteral("shoegaze shoegaze"));
        QCOMPARE(top[2].term, QStringLiteral("shoegaze"));
        QCOMPARE(top[3].term, QStringLiteral("reverb"));

        // Cosine and its explanation: Alpha and Gamma share only "shoegaze".
        const double a2 = (std::pow((1 + std::log(2.0)) * low, 2) + low * low + 2 * high * high) /
                          (alphaSum * alphaSum);
        const double expected =
            (1 + std::log(2.0)) * low / alphaSum * 0.5 / (std::sqrt(a2) * std::sqrt(0.5));
        QVERIFY(std::abs(model->cosine(alpha, gamma) - expected) < 1e-5);
        const auto why = model->explain(alpha, gamma);
        QCOMPARE(int(why.size()), 1);
        QCOMPARE(why[0].term, QStringLiteral("shoegaze"));
        QVERIFY(std::abs(why[0].weight - expected) < 1e-5);
        // A track nobody wrote about carries its artist's terms.
        QVERIFY(std::abs(model->cosine(track, gamma) - 1.0) < 1e-5);
        QVERIFY(std::abs(model->lsaCosine(track, gamma) - 1.0) < 1e-4);
        QCOMPARE(model->entitiesWithTerm(QStringLiteral("techno")).size(), size_t(3));
    }

    void stopWordListsPerLanguage() {
        const auto both = StopWords::load({QStringLiteral("en"), QStringLiteral("de")});
        QVERIFY(both.ok());
        QVERIFY(both->contains(QStringLiteral("the")) && both->contains(QStringLiteral("und")));
        QVERIFY(both->contains(QStringLiteral("don't")) &&
                !both->contains(QStringLiteral("drone")));
        QVERIFY(!both->contains(QStringLiteral("# english stop words")));
        QCOMPARE(StopWords::availableLanguages(), (QStringList{"de", "en", "es", "fr"}));
        const auto missing = StopWords::load({QStringLiteral("xx")});
        QVERIFY(!missing.ok());
        QVERIFY(missing.status().message().contains(QStringLiteral("'xx'")));
        // The typographic apostrophe is folded to the one the lists use.
        std::vector<Token> tokens;
        tokenize(QStringLiteral("Don\u2019t STOP, «Shoegaze»"), tokens);
        QCOMPARE(int(tokens.size()), 3);
        QCOMPARE(tokens[0].text, QStringLiteral("don't"));
        QVERIFY(!tokens[1].breakBefore && tokens[2].breakBefore);
        QCOMPARE(tokens[2].text, QStringLiteral("shoegaze"));
    }

    void aDocumentNamingTwoArtistsFeedsBoth() {
        const StopWords stop = StopWords::load({QStringLiteral("en")}).value();
        const std::vector<Artist> artists{{1, QStringLiteral("The Alpha Band"), {}},
                                          {2, QStringLiteral("Béta"), {}}};
        const NameMatcher matcher(artists, {}, stop);
        DocumentTerms doc;
        TermOptions options;  // near window 10, boost 1
        QVERIFY(countDocumentTerms(
            QStringLiteral("alpha band drone. one two three four five six seven eight nine ten "
                           "eleven twelve BETA dub"),
            {}, &matcher, stop, options, doc));
        QCOMPARE(doc.entities, (std::vector<int>{0, 1}));
        QCOMPARE(doc.mentions, qint64(2));
        QCOMPARE(doc.counts.value(QStringLiteral("drone")), 1.0f);
        QVERIFY(!doc.counts.contains(QStringLiteral("alpha")));  // a name is a link, not a term
        QVERIFY(!doc.counts.contains(QStringLiteral("twelve dub")));  // a name breaks bigrams
        QCOMPARE(doc.nearBoost[0].value(QStringLiteral("drone")), 1.0f);
        QVERIFY(!doc.nearBoost[0].contains(QStringLiteral("dub")));
        QCOMPARE(doc.nearBoost[1].value(QStringLiteral("dub")), 1.0f);
        QVERIFY(!doc.nearBoost[1].contains(QStringLiteral("drone")));

        QTemporaryDir dir;
        const TinyProject p = makeProject(
            dir.path(), {QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma")},
            {},
            {{QStringLiteral("review.txt"), "Both Alpha and Beta play dub."},
             {QStringLiteral("other.txt"), "Gamma plays polka."}});
        auto store = ProjectStore::open(p.path);
        const auto report = trainText(*store.value(), exactOptions(*store.value()), Progress());
        QVERIFY(report.ok());
        const auto model = loadTextModel(*store.value());
        for (int a = 0; a < 2; ++a)
            QVERIFY(termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[size_t(a)]))
                        .contains(QStringLiteral("dub")));
        QVERIFY(!termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[2]))
                     .contains(QStringLiteral("dub")));
    }

    // --- HTML and encodings -----------------------------------------------------------------
    void htmlIsStrippedAndEntitiesDecoded() {
        const QString text = htmlToText(QStringLiteral(
            "<html><head><title>x</title><style>p{}</style></head><body><p>Caf&eacute; &amp; "
            "Bar&#233;&#x2019;s<br>dream&nbsp;pop</p><!-- hidden --><script>var x;</script>"
            "&bogus; &#0;</body></html>"));
        QVERIFY2(text.contains(QStringLiteral("Café & Baré’s")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("dream\u00A0pop")));
        QVERIFY(!text.contains(QStringLiteral("var")) && !text.contains(QStringLiteral("hidden")));
        QVERIFY(!text.contains(QStringLiteral("p{}")));
        QVERIFY(text.contains(QStringLiteral("&bogus;")));  // unknown names stay as written

        QTemporaryDir dir;
        const TinyProject p = makeProject(
            dir.path(), {QStringLiteral("Alpha"), QStringLiteral("Beta")}, {},
            {{QStringLiteral("a.html"),
              "<html><body><h1>Alpha</h1><p>Caf&eacute; drone &amp; noise</p></body></html>"},
             {QStringLiteral("b.htm"), "<p>Beta: polka</p>"}});
        auto store = ProjectStore::open(p.path);
        QVERIFY(trainText(*store.value(), exactOptions(*store.value()), Progress()).ok());
        const auto model = loadTextModel(*store.value());
        const QSet<QString> terms =
            termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[0]));
        QVERIFY(terms.contains(QStringLiteral("café")));
        QVERIFY(terms.contains(QStringLiteral("café drone")));
        QVERIFY(!terms.contains(QStringLiteral("amp")) &&
                !terms.contains(QStringLiteral("eacute")));
    }

    void badInputIsSkippedOrDecodedWithAWarning() {
        QTemporaryDir dir;
        QByteArray utf16 = "\xFF\xFE";
        for (const char c : QByteArray("Beta: glitch glitch")) utf16 += QByteArray(1, c) + '\0';
        QByteArray huge = "Gamma ";
        while (huge.size() < 3'000'000) huge += "drone ambient ";  // one 3 MB line
        QByteArray binary(4096, '\0');
        binary.replace(0, 4, "\x89PNG");
        const TinyProject p =
            makeProject(dir.path(),
                        {QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma"),
                         QStringLiteral("Delta")},
                        {},
                        {{QStringLiteral("utf16.txt"), utf16},
                         {QStringLiteral("latin1.txt"), "Alpha: caf\xE9 noise"},
                         {QStringLiteral("bom.md"),
                          "\xEF\xBB\xBF"
                          "Delta: caf\xC3\xA9 polka"},
                         {QStringLiteral("cover.txt"), binary},
                         {QStringLiteral("empty.txt"), ""},
                         {QStringLiteral("blank.md"), "  \n\n "},
                         {QStringLiteral("huge.txt"), huge},
                         {QStringLiteral("picture.jpg"), "not a text file: never listed"}});
        auto store = ProjectStore::open(p.path);
        TextOptions options = exactOptions(*store.value());
        options.terms.pieceChars = 1 << 16;  // the huge line is read in many pieces
        const auto report = trainText(*store.value(), options, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(report->documents, qint64(4));
        QCOMPARE(report->documentsSkipped, qint64(3));  // binary, empty, blank
        QCOMPARE(report->decodedAsLatin1, qint64(1));
        QCOMPARE(report->decodedAsUtf16, qint64(1));
        QCOMPARE(report->warningCount, 4);  // three skipped, one Latin-1
        const QString warnings = report->warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(QStringLiteral("cover.txt: skipped: a binary file")),
                 qPrintable(warnings));
        QVERIFY(warnings.contains(QStringLiteral("empty.txt: skipped: empty document")));
        QVERIFY(warnings.contains(QStringLiteral("latin1.txt: not valid UTF-8, read as Latin-1")));
        const auto model = loadTextModel(*store.value());
        auto terms = [&](int a) {
            return termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[size_t(a)]));
        };
        QVERIFY(terms(0).contains(QStringLiteral("café")));    // Latin-1 read right
        QVERIFY(terms(1).contains(QStringLiteral("glitch")));  // UTF-16 with BOM
        QVERIFY(terms(3).contains(QStringLiteral("café")));    // UTF-8 with BOM
        QVERIFY(terms(2).contains(QStringLiteral("drone ambient")));
    }

    // --- other sources ------------------------------------------------------------------------
    void tagsSidecarsAndTagDatasets() {
        QTemporaryDir dir;
        const TinyProject p = makeProject(
            dir.path(), {QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma")},
            {QStringLiteral("Alpha/Song One"), QStringLiteral("Beta/Other Song")}, {});
        const QString album = dir.filePath(QStringLiteral("music/Alpha/First Album"));
        QDir().mkpath(album);
        test::writeFile(QDir(album).filePath(QStringLiteral("notes.nfo")), "Recorded in a barn.");
        test::writeFile(QDir(album).filePath(QStringLiteral("Song One.lrc")),
                        "[00:01.00]lanterns over water");
        test::writeFile(dir.filePath(QStringLiteral("music/Alpha/bio.txt")),
                        "Alpha: woodland folk");
        const QString tags = dir.filePath(QStringLiteral("tags.csv"));
        test::writeFile(tags,
                        "artist,tag,count\nBeta,Dream Pop,100\nBeta,the,50\nNobody,jazz,5\n"
                        "Gamma,noise,lots\nGamma,\"noise, harsh\",40\nGamma,harsh\n");
        const QString tsv = dir.filePath(QStringLiteral("tracks.tsv"));
        test::writeFile(tsv, "Beta\tOther Song\tslowcore\t7\n");
        auto store = ProjectStore::open(p.path);
        {
            ProjectStore::Transaction tx(*store.value());
            for (int t = 0; t < 2; ++t) {
                AudioFile f;
                f.trackId = p.trackIds[size_t(t)];
                f.path = t == 0 ? QDir(album).filePath(QStringLiteral("Song One.flac"))
                                : dir.filePath(QStringLiteral("music/Beta/other.flac"));
                f.size = 1;
                QVERIFY(store.value()->addFile(f).isOk());
                QSqlQuery q(store.value()->database());
                QVERIFY(q.exec(QStringLiteral("INSERT INTO file_tags (file_id, genre, comment) "
                                              "VALUES (%1, 'Chamber Folk; Baroque', 'harp')")
                                   .arg(f.id)));
            }
            QVERIFY(tx.commit().isOk());
        }
        TextOptions options = exactOptions(*store.value());
        options.sources.tagFiles = {tags, tsv};
        const auto report = trainText(*store.value(), options, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(report->tagRows, qint64(5));         // numeric rows, the unknown artist included
        QCOMPARE(report->tagRowsSkipped, qint64(3));  // "lots", 2 fields, unknown artist
        const QString warnings = report->warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(tags + QStringLiteral(":5: weight 'lots'")),
                 qPrintable(warnings));
        QVERIFY(warnings.contains(tags + QStringLiteral(":7: 2 fields")));
        const auto model = loadTextModel(*store.value());
        const auto alpha = termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[0]));
        QVERIFY(alpha.contains(QStringLiteral("barn")));           // album-folder sidecar
        QVERIFY(alpha.contains(QStringLiteral("woodland folk")));  // artist-folder sidecar
        QVERIFY(alpha.contains(QStringLiteral("chamber folk")));   // its track's file tags
        const auto song = termsOf(*model, model->indexOf(TextEntityKind::Track, p.trackIds[0]));
        QVERIFY(song.contains(QStringLiteral("lanterns")));  // lyrics named like the file
        QVERIFY(song.contains(QStringLiteral("harp")));
        QVERIFY(song.contains(QStringLiteral("baroque")));
        QVERIFY(!song.contains(QStringLiteral("folk baroque")));  // ';' separates genres
        const auto beta = termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[1]));
        QVERIFY(beta.contains(QStringLiteral("dream pop")));
        QVERIFY(!beta.contains(QStringLiteral("the")));
        const auto gamma = termsOf(*model, model->indexOf(TextEntityKind::Artist, p.artistIds[2]));
        QVERIFY(gamma.contains(QStringLiteral("harsh")));
        QVERIFY(!gamma.contains(QStringLiteral("noise harsh")));  // the comma splits
        QVERIFY(termsOf(*model, model->indexOf(TextEntityKind::Track, p.trackIds[1]))
                    .contains(QStringLiteral("slowcore")));
    }

    void noTextGivesAnEmptyModelAndSameInputsTheSameBytes() {
        QTemporaryDir dir;
        const TinyProject empty =
            makeProject(dir.filePath(QStringLiteral("empty")), {QStringLiteral("Alpha")}, {}, {});
        auto store = ProjectStore::open(empty.path);
        const auto report = trainText(*store.value(), exactOptions(*store.value()), Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(report->vocabulary, 0);
        QCOMPARE(report->artists, 0);
        const auto model = loadTextModel(*store.value());
        QVERIFY(model.ok());
        QCOMPARE(model->size(), 0);
        QCOMPARE(model->indexOf(TextEntityKind::Artist, empty.artistIds[0]), -1);
        // Issue 18: said once, naming each source and what it lacked; later steps (the playlist's
        // text source, the text map) say the model found nothing, not "not trained yet".
        QCOMPARE(report->nothingToLearn,
                 QStringLiteral("no text to learn from: no music folder is scanned; the corpus "
                                "folder holds no .txt, .md or .html document; no tag data set is "
                                "set, so text gives no vectors and no \"reads like\" evidence"));
        const Status emptyReason = textModelEmptyReason(*store.value());
        QCOMPARE(emptyReason.message(), report->nothingToLearn);
        QCOMPARE(emptyReason.remedy(), Remedy::AddTextSources);
        const Status mapped = mapSourceTrained(*store.value(), QStringLiteral("text"));
        QCOMPARE(mapped.message(), report->nothingToLearn);
        std::vector<SourceSlot> slots{
            {QStringLiteral("text"), nullptr, QStringLiteral("no text model in this project yet")}};
        addTextSource(slots, *store.value(), {}, 0);
        QCOMPARE(slots[0].missingReason,
                 QStringLiteral("the text model found nothing to learn from"));
        // Reused unchanged, the reason comes back from the stored model.
        const auto again = trainText(*store.value(), exactOptions(*store.value()), Progress());
        QVERIFY(again.ok() && again->reused);
        QCOMPARE(again->nothingToLearn, report->nothingToLearn);
        // A model with terms has no such reason.
        QVERIFY(textModelEmptyReason(*ProjectStore::open(demo_).value()).isOk());

        // Two builds of the demo's text give byte-identical models (ties cut by text, sums in
        // document order, seeded LSA).
        auto demo = ProjectStore::open(demo_);
        TextOptions options;
        options.sources = savedTextSources(*demo.value());
        const auto inputs = listTextInputs(*demo.value(), options.sources);
        QVERIFY(inputs.ok());
        TextTrainReport r1, r2;
        const auto a = buildTextModel(inputs.value(), options, r1, Progress());
        options.threads = 1;
        const auto b = buildTextModel(inputs.value(), options, r2, Progress());
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->serialise() == b->serialise());
    }

    void cancelLeavesTheProjectUnchanged() {
        auto store = ProjectStore::open(demo_);
        const auto before =
            store.value()->resultFingerprint(QStringLiteral("text.tfidf"), QStringLiteral("model"));
        TextOptions options;
        options.sources = savedTextSources(*store.value());
        options.topTerms = 7;
        Progress progress;
        progress.cancel();
        const auto report = trainText(*store.value(), options, progress);
        QVERIFY(!report.ok());
        QVERIFY(report.status().isCancelled());
        QCOMPARE(
            store.value()->resultFingerprint(QStringLiteral("text.tfidf"), QStringLiteral("model")),
            before);
    }
};

QTEST_GUILESS_MAIN(TextTest)
#include "test_text.moc"
