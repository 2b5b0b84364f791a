// The weekly playlist: score normalisation and the blend's rules on hand-made tables, then on
// the demo world — determinism, the listener's rules, explanations, bad input, storage, export
// formats parsed back, the back-test, and the CLI verbs' exit codes and JSON.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>
#include <set>

#include "CapBoundWorld.h"
#include "TestSupport.h"
#include "audio/ProjectAnalysis.h"
#include "audiomodel/AudioModel.h"
#include "catalog/NameNormalizer.h"
#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "eval/Splits.h"
#include "playlist/Backtest.h"
#include "playlist/CfSource.h"
#include "playlist/ContentSourceList.h"
#include "playlist/DefaultBlend.h"
#include "playlist/DefaultWeek.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistExport.h"
#include "playlist/PlaylistHistory.h"
#include "playlist/PopularitySource.h"
#include "playlist/VectorSource.h"
#include "playlist/WeekSources.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"

using namespace tl;

namespace {

const QString kWeek = QStringLiteral("2026-W48");  // the Monday right after the demo's listens
const QString kPastWeek = QStringLiteral("2026-W45");

using Run = tl::test::CliRun;
Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tl::test::runCli(args, timeoutMs);
}

std::vector<Id> trackIds(const WeeklyPlaylist& p) {
    std::vector<Id> ids;
    for (const PlaylistEntry& e : p.entries) ids.push_back(e.trackId);
    return ids;
}

}  // namespace

class PlaylistTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectStore> store_;
    PlaylistCatalog catalog_;
    std::vector<Listen> listens_;
    Id me_ = 0;

    // The small demo world of seed 3 (the one the GUI tests use) with every model trained, as
    // `tastelab-cli analyze` and `train all` leave it: made once, for the tests of issue 18.
    struct Trained {
        std::unique_ptr<ProjectStore> store;
        PlaylistCatalog catalog;
        std::vector<Listen> listens;
        Id me = 0;
        std::map<Id, int> genre;  // ground truth
        std::set<Id> heard;       // tracks anybody played before kWeek
    };
    std::unique_ptr<Trained> trained_;
    Trained* trained() {
        if (trained_) return trained_.get();
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("trained"));
        o.seed = 3;
        o.size = DemoSize::Small;
        const auto demo = generateDemo(o, Progress());
        if (!demo) return nullptr;
        auto store = ProjectStore::open(demo->projectPath);
        if (!store) return nullptr;
        auto t = std::make_unique<Trained>();
        t->store = std::move(store).value();
        ProjectStore& s = *t->store;
        TextOptions text;
        text.sources = savedTextSources(s);  // the demo's text folder, as `train text` reads it
        if (!audio::analyzeProject(s, {}, Progress()) ||
            !trainCf(s, AlsOptions{}, InteractionOptions{}, Progress()) ||
            !trainText(s, text, Progress()) ||
            !audiomodel::trainAudioModel(s, audiomodel::AudioModelOptions{}, Progress()))
            return nullptr;
        auto listens = loadListens(s, Progress());
        if (!listens) return nullptr;
        t->listens = std::move(listens).value();
        t->catalog = PlaylistCatalog::load(s);
        t->me = t->catalog.findUser(QStringLiteral("me"));
        for (const auto& [track, g] : s.groundTruth().trackGenre) t->genre[track] = g;
        const qint64 start = isoWeekStart(kWeek);
        for (const Listen& l : t->listens)
            if (l.endedAt < start) t->heard.insert(l.trackId);
        trained_ = std::move(t);
        return trained_.get();
    }
    // The week's playlist on the trained world from every stored model, as `weekly` makes it.
    Result<WeeklyPlaylist> trainedWeekly(Trained* t, const std::map<QString, double>& weights,
                                         int neighbours = 50) {
        const qint64 start = isoWeekStart(kWeek);
        auto model = cfModelBefore(*t->store, t->listens, start, AlsOptions{}, InteractionOptions{},
                                   Progress());
        if (!model) return model.status();
        std::vector<SourceSlot> sources = weekSources(model.value());
        sources[0].source = std::make_shared<CfSource>(model->model, model->train, neighbours);
        addContentSources(sources, *t->store, t->listens, start);
        PlaylistSettings settings;
        settings.weights = weights;
        return generateWeeklyPlaylist(t->catalog, t->listens, std::move(sources), t->me, start,
                                      settings, Progress());
    }

    Result<WeeklyPlaylist> generate(const QString& week, PlaylistSettings settings) {
        const qint64 start = isoWeekStart(week);
        auto model =
            cfModelBefore(*store_, listens_, start, AlsOptions{}, InteractionOptions{}, Progress());
        if (!model) return model.status();
        return generateWeeklyPlaylist(catalog_, listens_, weekSources(model.value()), me_, start,
                                      settings, Progress());
    }

private Q_SLOTS:
    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 7;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        store_ = std::move(store).value();
        auto listens = loadListens(*store_, Progress());
        QVERIFY(listens.ok());
        listens_ = std::move(listens).value();
        catalog_ = PlaylistCatalog::load(*store_);
        me_ = catalog_.findUser(QStringLiteral("me"));
        QVERIFY(me_ > 0);
    }

    void isoWeeks() {
        QCOMPARE(isoWeekStart(QStringLiteral("2026-W48")), qint64(1795392000));  // 2026-11-23
        QCOMPARE(isoWeekName(1795392000 + 3 * 86400), QStringLiteral("2026-W48"));
        QCOMPARE(isoWeekStart(QStringLiteral("2026-W01")), qint64(1766966400));  // 2025-12-29
        QCOMPARE(isoWeekStart(QStringLiteral("2026-W54")), qint64(0));
        QCOMPARE(isoWeekStart(QStringLiteral("2026-48")), qint64(0));
        QCOMPARE(comingMonday(1795392000 + 86400), qint64(1795392000 + 7 * 86400));
        QVERIFY(weekSeed(1, 1795392000) != weekSeed(1, 1795392000 - 7 * 86400));
        QCOMPARE(weekSeed(1, 1795392000), weekSeed(1, 1795392000));
    }

    void weightsParse() {
        std::map<QString, double> w;
        QString error;
        QVERIFY(parseWeights(QStringLiteral("cf=0.5,text=0.2,audio=0.3"), &w, &error));
        QCOMPARE(w.size(), size_t(3));
        QCOMPARE(w.at(QStringLiteral("audio")), 0.3);
        QVERIFY(!parseWeights(QStringLiteral("cf=-1"), &w, &error));
        QVERIFY(!parseWeights(QStringLiteral("cf"), &w, &error));
        QVERIFY(error.contains(QStringLiteral("SOURCE=NUMBER")));
    }

    void normalisation() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::vector<float> s{3.f, 1.f, 2.f, nan};
        normaliseScores(s, Normalisation::Rank);
        QCOMPARE(s, (std::vector<float>{1.f, 0.f, 0.5f, 0.f}));
        std::vector<float> ties{2.f, 2.f, 1.f};
        normaliseScores(ties, Normalisation::Rank);
        QCOMPARE(ties, (std::vector<float>{0.75f, 0.75f, 0.f}));
        std::vector<float> z{1.f, 2.f, 3.f};  // mean 2, sd 1: Phi(-1), Phi(0), Phi(1)
        normaliseScores(z, Normalisation::ZScore);
        QVERIFY(std::abs(z[0] - 0.158655f) < 1e-5f);
        QCOMPARE(z[1], 0.5f);
        QVERIFY(std::abs(z[2] - 0.841345f) < 1e-5f);
    }

    void rerankKeepsRulesAndBlends() {
        // Six candidates: artist 0 has three, candidates 3 and 4 are versions of one song.
        CandidateTable t;
        t.sources = {QStringLiteral("a"), QStringLiteral("b")};
        t.tracks = {10, 11, 12, 13, 14, 15};
        t.artist = {0, 0, 0, 1, 1, 2};
        t.version = {0, 1, 2, 3, 3, 4};
        t.novelty.assign(6, 0.f);
        // source a: 10 > 11 > 12 > 13 > 14 > 15; source b the other way round
        t.normalised = {1.0f, 0.8f, 0.6f, 0.4f, 0.2f, 0.0f, 0.0f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f};
        RerankOptions o;
        o.length = 6;
        o.diversity = 0.0;
        o.novelty = 0.0;
        const std::vector<float> onlyA{1.f, 0.f};
        std::vector<int> picked;
        for (const Pick& p : rerank(t, onlyA, o)) picked.push_back(p.candidate);
        QCOMPARE(picked, (std::vector<int>{0, 1, 3, 5}));  // 12: third of artist 0; 14: version
        const std::vector<float> onlyB{0.f, 3.f};          // weights need not sum to 1
        picked.clear();
        for (const Pick& p : rerank(t, onlyB, o)) picked.push_back(p.candidate);
        QCOMPARE(picked, (std::vector<int>{5, 4, 2, 1}));
        const std::vector<float> blended = blendScores(t, std::vector<float>{0.75f, 0.25f});
        QCOMPARE(blended[0], 0.75f);
        QCOMPARE(blended[5], 0.25f);
        QCOMPARE(blendScores(t, std::vector<float>{0.f, 0.f})[0], 0.f);
    }

    // Issue 18: the weights are shares of the playlist. Candidates 34-39 are tracks CF does not
    // know (nobody played them) that text and audio rate best; every other candidate has a CF
    // score and lower content scores. Mixing scores, no unknown track can reach the top 10 (its
    // blend is at most 0.5); with places, text gets 1 of 10 and audio 4, from their own pools.
    void rerankGivesContentSourcesTheirPlaces() {
        CandidateTable t;
        t.sources = {QStringLiteral("cf"), QStringLiteral("text"), QStringLiteral("audio")};
        const int n = 40;
        t.normalised.assign(3 * n, 0.f);
        t.known.assign(3 * n, 1);
        for (int c = 0; c < n; ++c) {
            t.tracks.push_back(100 + c);
            t.artist.push_back(c);
            t.version.push_back(c);
            t.novelty.push_back(0.f);
            if (c >= 34) {
                t.known[size_t(c)] = 0;                                      // CF does not know it
                t.normalised[size_t(n + c)] = 0.9f + 0.02f * float(c - 34);  // text
                t.normalised[size_t(2 * n + c)] = 0.95f + 0.01f * float(c - 34);  // audio
            } else {
                t.normalised[size_t(c)] = 1.0f - 0.5f * float(c) / 33.f;              // cf
                t.normalised[size_t(n + c)] = 0.8f * float(c % 7) / 6.f;              // text
                t.normalised[size_t(2 * n + c)] = 0.9f * float((c * 5) % 11) / 10.f;  // audio
            }
        }
        RerankOptions o;
        o.length = 10;
        o.diversity = 0.0;
        o.novelty = 0.0;
        const std::vector<float> w{0.5f, 0.125f, 0.375f};
        // Without content places (no source marked content): the plain blend, no unknown track.
        std::vector<int> plain;
        for (const Pick& p : rerank(t, w, o)) {
            plain.push_back(p.candidate);
            QCOMPARE(p.slot, -1);
        }
        QCOMPARE(plain, (std::vector<int>{2, 4, 13, 6, 15, 24, 8, 17, 26, 1}));
        t.content = {0, 1, 1};
        QCOMPARE(placeQuotas(t, w, 10), (std::vector<int>{0, 1, 4, 5}));
        QCOMPARE(placeQuotas(t, w, 30), (std::vector<int>{0, 4, 11, 15}));
        std::vector<int> picked, slots;
        for (const Pick& p : rerank(t, w, o))
            picked.push_back(p.candidate), slots.push_back(p.slot);
        // Each place kind in turn by how far it is behind its quota (the blend first on ties):
        // the blend ranks by the blend, audio and text by their own scores less a quarter of
        // CF's (39 first; text's own best left is 36).
        QCOMPARE(picked, (std::vector<int>{2, 39, 4, 38, 13, 37, 6, 15, 36, 35}));
        QCOMPARE(slots, (std::vector<int>{-1, 2, -1, 2, -1, 2, -1, -1, 1, 2}));
        int unknownToCf = 0;
        for (int c : picked) unknownToCf += c >= 34;
        QCOMPARE(unknownToCf, 5);
        // CF alone (or CF and popularity): no content places, the same list as the plain blend.
        std::vector<int> cfOnly;
        for (const Pick& p : rerank(t, std::vector<float>{1.f, 0.f, 0.f}, o))
            cfOnly.push_back(p.candidate);
        QCOMPARE(cfOnly, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        // A content source that runs out of candidates hands its places to the blend.
        t.known.assign(3 * n, 1);
        for (int c = 0; c < n; ++c) t.known[size_t(2 * n + c)] = c == 5 ? 1 : 0;  // audio: one
        std::vector<int> shortAudio;
        int audioPlaces = 0;
        for (const Pick& p : rerank(t, w, o))
            shortAudio.push_back(p.candidate), audioPlaces += p.slot == 2;
        QCOMPARE(int(shortAudio.size()), 10);
        QCOMPARE(audioPlaces, 1);
    }

    // Issue 18, "songs nobody played come from sound and text": on the demo with its models
    // trained and audio weighted 0.375, audio and text fill their places (11 and 4 of 30) and
    // at least 3 picks are tracks nobody has played, each with the user's track it sounds
    // like. CF alone picks none of them. (Before: 0 of 30 with either weights.)
    void coldStartPicksComeFromSoundAndText() {
        Trained* t = trained();
        QVERIFY(t);
        const auto mixed = trainedWeekly(t, {{QStringLiteral("cf"), 0.5},
                                             {QStringLiteral("text"), 0.125},
                                             {QStringLiteral("audio"), 0.375}});
        QVERIFY2(mixed.ok(), qPrintable(mixed.status().message()));
        QVERIFY2(mixed->missingSources.empty(),
                 qPrintable(mixed->missingSources.begin()->first + QStringLiteral(": ") +
                            mixed->missingSources.begin()->second));
        QCOMPARE(int(mixed->entries.size()), 30);
        std::map<QString, int> chosenBy;
        std::map<std::pair<QString, Id>, int> cited;  // (source, user's track) -> picks
        int cold = 0, coldWithSound = 0;
        for (const PlaylistEntry& e : mixed->entries) {
            ++chosenBy[e.chosenBy];
            for (const SourceShare& share : e.sources)
                for (Id b : share.evidence.becauseOf) ++cited[{share.source, b}];
            if (t->heard.count(e.trackId)) continue;
            ++cold;
            QVERIFY2(e.chosenBy == QLatin1String("audio") || e.chosenBy == QLatin1String("text"),
                     qPrintable(e.chosenBy));
            QVERIFY(e.summary.startsWith(QStringLiteral("New, nobody has played it: ")));
            for (const SourceShare& share : e.sources) {
                // CF does not know the track: it is not a part ("Listeners like you: 0%").
                QVERIFY(share.source != QLatin1String("cf"));
                QVERIFY(share.share > 0.f);
                QVERIFY(share.evidence.coldStart);
                if (share.source != QLatin1String("audio")) continue;
                QCOMPARE(int(share.evidence.becauseOf.size()), 1);
                const Id like = share.evidence.becauseOf[0];
                QVERIFY(t->heard.count(like));  // the user's own track
                QCOMPARE(share.phrase, QStringLiteral("sounds like your ") +
                                           t->catalog.artistName(like) + QStringLiteral(" - ") +
                                           t->catalog.track(like)->title);
                QCOMPARE(share.detail, QStringLiteral("nobody has played it yet: the audio model "
                                                      "placed it by its sound alone"));
                if (e.chosenBy == QLatin1String("audio"))
                    QCOMPARE(e.because,
                             QStringList{t->catalog.artistName(like) + QStringLiteral(" - ") +
                                         t->catalog.track(like)->title});
                ++coldWithSound;
            }
        }
        qInfo(
            "cf 0.5 / text 0.125 / audio 0.375: %d of 30 picks nobody has played, %d with "
            "sound evidence",
            cold, coldWithSound);
        QVERIFY2(coldWithSound >= 3, qPrintable(QString::number(coldWithSound)));
        QCOMPARE(chosenBy[QStringLiteral("audio")], 11);
        QCOMPARE(chosenBy[QStringLiteral("text")], 4);
        QCOMPARE(chosenBy[QStringLiteral("blend")], 15);
        for (const auto& [key, n] : cited) QVERIFY2(n <= 5, qPrintable(key.first));  // per source

        const auto cfOnly = trainedWeekly(t, {{QStringLiteral("cf"), 1.0}});
        QVERIFY2(cfOnly.ok(), qPrintable(cfOnly.status().message()));
        QCOMPARE(int(cfOnly->entries.size()), 30);
        for (const PlaylistEntry& e : cfOnly->entries) {
            QVERIFY(t->heard.count(e.trackId));
            QCOMPARE(e.chosenBy, QStringLiteral("blend"));
        }
    }

    // Issue 18, "explanations that explain": CF's "because you played" cites the user's tracks
    // near the pick, none more than 5 times in the 30 picks, and most share the pick's true
    // genre. (Before, on this world: one track cited by 14 picks, 49% same genre.)
    void explanationsCiteNearbyTracksAFewTimesEach() {
        Trained* t = trained();
        QVERIFY(t);
        const auto p = trainedWeekly(t, {{QStringLiteral("cf"), 1.0}});
        QVERIFY2(p.ok(), qPrintable(p.status().message()));
        QCOMPARE(int(p->entries.size()), 30);
        std::map<Id, int> cited;
        int pairs = 0, same = 0, withEvidence = 0;
        for (const PlaylistEntry& e : p->entries) {
            const SourceShare& cf = e.sources.at(0);
            QCOMPARE(cf.source, QStringLiteral("cf"));
            QVERIFY(int(cf.evidence.becauseOf.size()) <= CfSource::kBecause);
            QCOMPARE(int(e.because.size()), int(cf.evidence.becauseOf.size()));
            withEvidence += !cf.evidence.becauseOf.empty();
            for (Id b : cf.evidence.becauseOf) {
                QVERIFY(t->heard.count(b));
                ++cited[b];
                ++pairs;
                same += t->genre.at(b) == t->genre.at(e.trackId);
            }
        }
        int most = 0;
        for (const auto& [track, n] : cited) most = std::max(most, n);
        qInfo(
            "CF only: most cited track cited by %d of 30 picks; %d of %d citations share the "
            "pick's genre; %d picks explained",
            most, same, pairs, withEvidence);
        QVERIFY2(most <= 5, qPrintable(QString::number(most)));
        QCOMPARE(withEvidence, 30);
        QVERIFY(pairs >= 60);
        QVERIFY2(double(same) >= 0.70 * double(pairs),
                 qPrintable(QStringLiteral("%1 of %2").arg(same).arg(pairs)));
    }

    // CF evidence on a hand-made two-factor model: the user played track 1 (along x) 20 times
    // and track 2 (along y) twice. Pick 10 lies along y: its evidence is track 2, the nearby
    // one, not the heavily played one. Picks 11-18 lie along x: track 1 is cited by 5 of them,
    // no more. A user who is not a row of the model (folded in) gets the same evidence.
    void cfEvidenceIsNearThePickAndCapped() {
        const qint64 week = isoWeekStart(kWeek);
        std::vector<Listen> mine, others;
        for (int i = 0; i < 20; ++i) mine.push_back({1, 1, week - 3600 * (i + 1), 200000, false});
        for (int i = 0; i < 2; ++i) mine.push_back({1, 2, week - 7200 * (i + 1), 200000, false});
        std::vector<Id> picks{10};
        for (Id t = 11; t <= 18; ++t) picks.push_back(t);
        for (Id t : {Id(1), Id(2)}) others.push_back({2, t, week - 86400, 200000, false});
        for (Id t : picks) others.push_back({2, t, week - 86400, 200000, false});
        const auto vectorOf = [](Id t) -> std::pair<float, float> {
            if (t == 1) return {1.f, 0.f};
            if (t == 2) return {0.f, 1.f};
            if (t == 10) return {0.2f, 1.f};
            return {1.f, 0.05f * float(t - 10)};
        };
        InteractionOptions io;
        io.rows = InteractionOptions::Rows::Users;
        const auto modelFor = [&](const Interactions& train) {
            CfModel model;
            model.als.factors = 2;
            model.interactions = io;
            model.rowUser = train.rowUser;
            model.itemTrack = train.itemTrack;
            model.itemFactors = FactorMatrix(Eigen::Index(train.itemTrack.size()), 2);
            for (size_t c = 0; c < train.itemTrack.size(); ++c) {
                const auto [x, y] = vectorOf(train.itemTrack[c]);
                model.itemFactors.row(Eigen::Index(c)) << x, y;
            }
            model.userFactors = FactorMatrix(Eigen::Index(train.rowUser.size()), 2);
            for (size_t r = 0; r < train.rowUser.size(); ++r)
                model.userFactors.row(Eigen::Index(r)) << 1.f, 0.3f + 0.1f * float(r);
            return model;
        };
        std::vector<Listen> all = mine;
        all.insert(all.end(), others.begin(), others.end());
        const TasteProfile profile = buildTasteProfile(all, 1, week, {});
        const Interactions train = buildInteractions(all, io);
        const CfSource rowUser(modelFor(train), train);
        const std::vector<SourceEvidence> e = rowUser.evidence(profile, picks);
        QCOMPARE(e[0].becauseOf.front(), Id(2));
        int trackOne = 0;
        for (const SourceEvidence& x : e)
            trackOne += int(std::count(x.becauseOf.begin(), x.becauseOf.end(), Id(1)));
        QCOMPARE(trackOne, CfSource::kMaxCitations);
        for (size_t i = 1; i < e.size(); ++i) QVERIFY(!e[i].becauseOf.empty());
        // Folded in: the model was trained without user 1.
        const Interactions withoutMe = buildInteractions(others, io);
        QCOMPARE(withoutMe.rowOf(1), -1);
        const CfSource folded(modelFor(withoutMe), withoutMe);
        const std::vector<SourceEvidence> f = folded.evidence(profile, picks);
        for (size_t i = 0; i < e.size(); ++i) QCOMPARE(f[i].becauseOf, e[i].becauseOf);
    }

    // Issue 19, item 8: each phrase is true of its evidence. On the small demo (40 users) the
    // 50 "nearest" listeners are all 39 others, and it says so; with 10 nearest it says "your
    // 10 nearest". A played pick never reads "nobody has played it"; a source that does not
    // know a pick says nothing of it.
    void explanationWordsAreTrueOfTheirEvidence() {
        Trained* t = trained();
        QVERIFY(t);
        const std::map<QString, double> weights{{QStringLiteral("cf"), 0.5},
                                                {QStringLiteral("text"), 0.2},
                                                {QStringLiteral("audio"), 0.3}};
        for (int neighbours : {50, 10}) {
            const auto p = trainedWeekly(t, weights, neighbours);
            QVERIFY2(p.ok(), qPrintable(p.status().message()));
            int cfParts = 0;
            for (const PlaylistEntry& e : p->entries) {
                const bool played = t->heard.count(e.trackId) > 0;
                QCOMPARE(e.summary.contains(QStringLiteral("nobody has played")), !played);
                for (const SourceShare& share : e.sources) {
                    QVERIFY(share.share > 0.f);
                    QCOMPARE(share.evidence.coldStart, !played);
                    QCOMPARE(share.detail.contains(QStringLiteral("nobody has played")), !played);
                    if (share.source != QLatin1String("cf")) continue;
                    ++cfParts;
                    QCOMPARE(share.evidence.otherListeners, 39);
                    const QString expected =
                        neighbours >= 39 ? QStringLiteral("%1 of the 39 other listeners play it")
                                               .arg(share.evidence.similarListeners)
                                         : QStringLiteral("%1 of your 10 nearest listeners play it")
                                               .arg(share.evidence.similarListeners);
                    QCOMPARE(share.detail, expected);
                }
            }
            QVERIFY(cfParts >= 15);
        }
        // Saved and read back, the words are the same (the GUI shows the stored playlist).
        const auto p = trainedWeekly(t, weights);
        QVERIFY(p.ok());
        const auto back = WeeklyPlaylist::fromJson(p->toJson());
        QVERIFY(back.ok());
        for (size_t i = 0; i < p->entries.size(); ++i) {
            QCOMPARE(back->entries[i].chosenBy, p->entries[i].chosenBy);
            for (size_t k = 0; k < p->entries[i].sources.size(); ++k) {
                QCOMPARE(back->entries[i].sources[k].detail, p->entries[i].sources[k].detail);
                QCOMPARE(back->entries[i].sources[k].evidence.otherListeners,
                         p->entries[i].sources[k].evidence.otherListeners);
            }
        }
    }

    void weightGridCoversTheSimplex() {
        QCOMPARE(weightGrid({QStringLiteral("cf"), QStringLiteral("popularity")}, 0.1).size(),
                 size_t(11));
        const auto three =
            weightGrid({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, 0.1);
        QCOMPARE(three.size(), size_t(66));
        for (const auto& w : three) {
            double sum = 0.0;
            for (const auto& [name, v] : w) sum += v;
            QVERIFY(std::abs(sum - 1.0) < 1e-9);
        }
    }

    void sameSeedSameListOtherSeedOtherOrder() {
        PlaylistSettings s;
        const auto a = generate(kWeek, s);
        QVERIFY2(a.ok(), qPrintable(a.status().message()));
        QCOMPARE(int(a->entries.size()), 30);
        const auto b = generate(kWeek, s);
        QVERIFY(b.ok());
        QCOMPARE(trackIds(a.value()), trackIds(b.value()));
        s.seed = 2;
        const auto c = generate(kWeek, s);
        QVERIFY(c.ok());
        QVERIFY(trackIds(a.value()) != trackIds(c.value()));  // another order …
        std::vector<Id> sa = trackIds(a.value()), sc = trackIds(c.value());
        std::sort(sa.begin(), sa.end());
        std::sort(sc.begin(), sc.end());
        QCOMPARE(sa, sc);  // … of the same picks: the seed orders, the blend picks
        s.seed = 1;
        const auto earlier = generate(QStringLiteral("2026-W47"), s);
        QVERIFY(earlier.ok());
        QVERIFY(earlier->weekSeed != a->weekSeed);
        QVERIFY(trackIds(earlier.value()) != trackIds(a.value()));
    }

    void rulesHold() {
        for (const QString& week : {kWeek, kPastWeek}) {
            PlaylistSettings s;
            s.weights = {{QStringLiteral("cf"), 0.6}, {QStringLiteral("popularity"), 0.4}};
            const auto p = generate(week, s);
            QVERIFY2(p.ok(), qPrintable(p.status().message()));
            QCOMPARE(int(p->entries.size()), 30);
            const qint64 start = isoWeekStart(week);
            std::set<Id> played;
            for (const Listen& l : listens_)
                if (l.userId == me_ && l.endedAt < start) played.insert(l.trackId);
            std::map<QString, int> perArtist;
            std::set<QString> songs;
            for (const PlaylistEntry& e : p->entries) {
                QVERIFY2(!played.count(e.trackId), qPrintable(e.title));
                QVERIFY(++perArtist[e.artist] <= 2);
                QVERIFY(songs.insert(catalog_.songKey(e.trackId)).second);
            }
        }
        // Rediscover: tracks from before the last 4 weeks may come back, none from them.
        PlaylistSettings s;
        s.rediscoverWeeks = 4;
        s.novelty = 0.0;
        const auto p = generate(kWeek, s);
        QVERIFY(p.ok());
        const qint64 start = isoWeekStart(kWeek);
        int old = 0;
        for (const PlaylistEntry& e : p->entries) {
            qint64 last = 0;
            for (const Listen& l : listens_)
                if (l.userId == me_ && l.trackId == e.trackId && l.endedAt < start)
                    last = std::max(last, l.endedAt);
            QVERIFY(last < start - 4 * 7 * 86400);
            if (last) ++old;
        }
        QVERIFY2(old > 0, "rediscover brought back no older favourite");
    }

    void explanationsSumToOne() {
        PlaylistSettings s;
        s.weights = {{QStringLiteral("cf"), 0.6}, {QStringLiteral("popularity"), 0.4}};
        const auto p = generate(kWeek, s);
        QVERIFY(p.ok());
        std::set<Id> played;
        for (const Listen& l : listens_)
            if (l.userId == me_) played.insert(l.trackId);
        for (const PlaylistEntry& e : p->entries) {
            QCOMPARE(int(e.sources.size()), 2);
            float sum = 0.f;
            for (const SourceShare& share : e.sources) {
                sum += share.share;
                QVERIFY(share.normalised >= 0.f && share.normalised <= 1.f);
                if (share.source == QLatin1String("cf")) {
                    QVERIFY(!share.evidence.becauseOf.empty());
                    for (Id t : share.evidence.becauseOf) QVERIFY(played.count(t));
                    QCOMPARE(share.evidence.neighbours, 39);  // everyone else in the small world
                    QVERIFY(share.evidence.similarListeners >= 0 &&
                            share.evidence.similarListeners <= 39);
                } else {
                    QVERIFY(share.evidence.listeners > 0);
                }
            }
            QVERIFY2(std::abs(sum - 1.f) < 1e-5f, qPrintable(QString::number(sum)));
            QVERIFY2(
                e.summary.contains(QStringLiteral("listeners like you ("), Qt::CaseInsensitive),
                qPrintable(e.summary));
        }
        // The z-score setting: the same invariants.
        s.normalisation = Normalisation::ZScore;
        const auto z = generate(kWeek, s);
        QVERIFY(z.ok());
        QCOMPARE(int(z->entries.size()), 30);
        for (const PlaylistEntry& e : z->entries) {
            float sum = 0.f;
            for (const SourceShare& share : e.sources) sum += share.share;
            QVERIFY(std::abs(sum - 1.f) < 1e-5f);
        }
        QVERIFY(p->entries[0].summary.startsWith(QStringLiteral("Mostly listeners like you")) ||
                p->entries[0].summary.startsWith(QStringLiteral("Mostly popular")));
    }

    void missingSourcesAreDisabledNotFatal() {
        const auto p = generate(kWeek, PlaylistSettings{});  // cf 0.5, text 0.2, audio 0.3
        QVERIFY(p.ok());
        QCOMPARE(p->weights.at(QStringLiteral("cf")), 1.0);
        QCOMPARE(p->weights.at(QStringLiteral("text")), 0.0);
        QCOMPARE(p->weights.at(QStringLiteral("audio")), 0.0);
        QVERIFY(p->missingSources.count(QStringLiteral("audio")));
        QVERIFY(p->warnings.join(QLatin1Char('\n')).contains(QStringLiteral("text is missing")));
        PlaylistSettings onlyMissing;
        onlyMissing.weights = {{QStringLiteral("text"), 1.0}};
        const auto none = generate(kWeek, onlyMissing);
        QVERIFY(!none.ok());
        QVERIFY(none.status().message().contains(QStringLiteral("no available source")));
    }

    void badInput() {
        // Weights all zero.
        PlaylistSettings zero;
        zero.weights = {{QStringLiteral("cf"), 0.0}, {QStringLiteral("popularity"), 0.0}};
        const auto z = generate(kWeek, zero);
        QVERIFY(!z.ok());
        QVERIFY(z.status().message().contains(QStringLiteral("all weights are zero")));
        // A week before the data.
        const auto early = generate(QStringLiteral("2020-W10"), PlaylistSettings{});
        QVERIFY(!early.ok());
        QVERIFY2(early.status().message().contains(QStringLiteral("outside the data")),
                 qPrintable(early.status().message()));
        // An unknown source name.
        PlaylistSettings unknown;
        unknown.weights = {{QStringLiteral("lyrics"), 1.0}};
        QVERIFY(generate(kWeek, unknown).status().message().contains(QStringLiteral("lyrics")));
        // A user with no history: the popularity fallback, labelled.
        User newcomer{0, QStringLiteral("newcomer"), false};
        {
            ProjectStore::Transaction tx(*store_);
            QVERIFY(store_->addUser(newcomer).isOk());
            QVERIFY(tx.commit().isOk());
        }
        const qint64 start = isoWeekStart(kWeek);
        auto model = cfModelBefore(*store_, listens_, start, {}, {}, Progress());
        QVERIFY(model.ok());
        catalog_ = PlaylistCatalog::load(*store_);
        const auto fb = generateWeeklyPlaylist(catalog_, listens_, weekSources(model.value()),
                                               newcomer.id, start, PlaylistSettings{}, Progress());
        QVERIFY2(fb.ok(), qPrintable(fb.status().message()));
        QVERIFY(fb->fallback);
        QCOMPARE(int(fb->entries.size()), 30);
        QVERIFY(fb->warnings.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("newcomer has no listens before 2026-W48")));
        QCOMPARE(fb->weights.at(QStringLiteral("popularity")), 1.0);
        QVERIFY(fb->entries[0].summary.startsWith(QStringLiteral("Popularity fallback")));
    }

    void fewerThanThirtyEligibleTracksAndVectorSource() {
        // A hand-made world of 24 tracks by 12 artists; the user played 4 of them.
        PlaylistCatalog c;
        c.users = {{1, QStringLiteral("u"), true}, {2, QStringLiteral("v"), false}};
        FactorMatrix vectors(24, 3);
        std::vector<Id> ids;
        std::vector<Listen> listens;
        const qint64 week = isoWeekStart(kWeek);
        for (int i = 0; i < 24; ++i) {
            Track t;
            t.id = 100 + i;
            t.artistId = 10 + i / 2;
            t.title = QStringLiteral("Song %1").arg(i);
            c.add(t, Artist{t.artistId, QStringLiteral("Artist %1").arg(i / 2), {}});
            ids.push_back(t.id);
            vectors.row(i) << float(i % 3 == 0), float(i % 3 == 1), float(i % 3 == 2) + 0.1f;
            listens.push_back({2, t.id, week - 86400 * (1 + i), 200000, false});
        }
        for (int i = 0; i < 4; ++i) listens.push_back({1, 100 + 3 * i, week - 3600, 200000, false});
        const Interactions train = buildInteractions(listens, InteractionOptions{});
        std::unordered_set<Id> heard(ids.begin(), ids.end() - 2);  // the last two: cold start
        std::vector<SourceSlot> sources{
            {QStringLiteral("audio"),
             std::make_shared<VectorSource>(QStringLiteral("audio"), vectors, ids, heard),
             {}},
            {QStringLiteral("popularity"), std::make_shared<PopularitySource>(train), {}}};
        PlaylistSettings s;
        s.weights = {{QStringLiteral("audio"), 1.0}};
        const auto p = generateWeeklyPlaylist(c, listens, sources, 1, week, s, Progress());
        QVERIFY2(p.ok(), qPrintable(p.status().message()));
        QCOMPARE(p->eligible, 20);
        QCOMPARE(int(p->entries.size()), 20);
        QCOMPARE(p->shortfall,
                 QStringLiteral("only 20 eligible tracks (fewer than 30): the playlist is shorter "
                                "(eligible: a model knows the track and it was not played before "
                                "2026-W48)"));
        // Audio evidence: the user's most similar track; cold start flagged.
        int cold = 0;
        for (const PlaylistEntry& e : p->entries) {
            const SourceShare& a = e.sources.at(0);
            QCOMPARE(a.source, QStringLiteral("audio"));
            QCOMPARE(a.share, 1.f);
            QCOMPARE(int(a.evidence.becauseOf.size()), 1);
            // Every track the user played is a multiple of 3: vector (1, 0, 0.1).
            QVERIFY(a.evidence.becauseOf[0] % 3 == 100 % 3);
            QVERIFY(a.phrase.startsWith(QStringLiteral("sounds like your Artist ")));
            QCOMPARE(e.chosenBy, QStringLiteral("audio"));  // audio alone fills every place
            if (a.evidence.coldStart) {
                ++cold;
                QCOMPARE(a.detail, QStringLiteral("nobody has played it yet: the audio model "
                                                  "placed it by its sound alone"));
                QVERIFY(e.summary.startsWith(
                    QStringLiteral("New, nobody has played it: sounds like your Artist ")));
            } else {
                QVERIFY(a.detail.isEmpty());
                QVERIFY(e.summary.startsWith(QStringLiteral("Sounds like your Artist ")));
            }
        }
        QCOMPARE(cold, 2);
        // Same vector as the profile first: tracks i % 3 == 0 that were not played.
        QCOMPARE(p->entries.size() > 0, true);
    }

    // Issue 18: untagged files are all "Unknown Artist" to the scan. They are not one artist for
    // the two-per-artist rule, and two untagged "Main Title"s are not one song.
    // Issue 18: the default week is the week after the user's last listen (the data's when the
    // user has none), whatever today's date; it says which.
    void defaultWeekFollowsTheData() {
        const qint64 sunday = isoWeekStart(kWeek) - 3600;  // 2026-11-22 23:00 UTC
        const DefaultWeek mine = defaultWeekAfter(sunday, sunday + 86400 * 30, 0);
        QCOMPARE(isoWeekName(mine.weekStart), kWeek);
        QCOMPARE(mine.basis, DefaultWeek::Basis::UserLastListen);
        QCOMPARE(mine.reason(QStringLiteral("me")),
                 QStringLiteral("the week after me's last listen (2026-11-22)"));
        const DefaultWeek data = defaultWeekAfter(0, sunday - 86400 * 6, 0);  // a Monday
        QCOMPARE(isoWeekName(data.weekStart), kWeek);
        QCOMPARE(data.reason(QStringLiteral("ann")),
                 QStringLiteral("the week after the data's last listen (2026-11-16): ann has no "
                                "listens with a time"));
        const DefaultWeek none = defaultWeekAfter(0, 0, sunday);
        QCOMPARE(none.weekStart, isoWeekStart(kWeek));
        QCOMPARE(none.reason(QStringLiteral("me")),
                 QStringLiteral("the coming week: the project has no listens with a time"));
        // Play counts without a time (endedAt 0) are no listen to follow.
        const std::map<Id, qint64> last =
            lastListens(std::vector<Listen>{{1, 5, 0, 0, false, 40}, {2, 5, sunday, 0, false}});
        QCOMPARE(last, (std::map<Id, qint64>{{2, sunday}}));
        QCOMPARE(defaultWeek(last, 1, 0).basis, DefaultWeek::Basis::DataLastListen);
        // On the demo world: the store's query and the listens agree; me's is kWeek.
        QCOMPARE(lastListens(*store_), lastListens(listens_));
        QCOMPARE(isoWeekName(defaultWeek(lastListens(*store_), me_, 0).weekStart), kWeek);
    }

    // Issue 18: the playlist fills to 30 whenever 30 eligible tracks fit the rules. 400
    // candidates in score order: the best 320 by 8 artists (40 each), then 40 artists with two
    // each. The blend's pool (its best 300) holds 16 picks under the cap of 2; the rest come
    // from beyond it, in score order.
    void capBindingInThePoolStillFillsThirty() {
        CandidateTable t;
        t.sources = {QStringLiteral("a")};
        for (int i = 0; i < 400; ++i) {
            t.tracks.push_back(1000 + i);
            t.artist.push_back(i < 320 ? i / 40 : 8 + (i - 320) / 2);
            t.version.push_back(i);
            t.novelty.push_back(0.f);
            t.normalised.push_back(1.f - float(i) / 400.f);
        }
        RerankOptions o;
        o.diversity = 0.0;
        o.novelty = 0.0;
        std::vector<int> picked;
        for (const Pick& p : rerank(t, std::vector<float>{1.f}, o)) picked.push_back(p.candidate);
        std::vector<int> expected;
        for (int a = 0; a < 8; ++a) expected.insert(expected.end(), {40 * a, 40 * a + 1});
        for (int i = 320; i < 334; ++i) expected.push_back(i);
        QCOMPARE(picked, expected);
    }

    // Issue 18: a short or empty playlist says why (WeeklyPlaylist::shortfall, shown by the CLI
    // and the desktop app alike): the per-artist cap, nothing eligible, a source not trained.
    void shortPlaylistsSayWhy() {
        // 12 artists with 5 songs each, and a 13th whose 2 songs the user played.
        PlaylistCatalog c;
        const qint64 week = isoWeekStart(kWeek);
        const test::CapBoundWorld world = test::capBoundWorld(c, week);
        const FactorMatrix& vectors = world.vectors;
        const std::vector<Id>& ids = world.ids;
        const std::vector<Listen>& listens = world.listens;
        const Interactions train = buildInteractions(listens, InteractionOptions{});
        auto sources = [&] {
            return std::vector<SourceSlot>{
                {QStringLiteral("audio"),
                 std::make_shared<VectorSource>(QStringLiteral("audio"), vectors, ids,
                                                std::unordered_set<Id>(ids.begin(), ids.end())),
                 {}},
                {QStringLiteral("text"), nullptr, QStringLiteral("not trained yet")},
                {QStringLiteral("popularity"), std::make_shared<PopularitySource>(train), {}}};
        };
        PlaylistSettings s;
        s.weights = {{QStringLiteral("audio"), 1.0}};
        const auto capped = generateWeeklyPlaylist(c, listens, sources(), 1, week, s, Progress());
        QVERIFY2(capped.ok(), qPrintable(capped.status().message()));
        QCOMPARE(capped->eligible, 60);
        QCOMPARE(int(capped->entries.size()), 24);
        QCOMPARE(capped->shortfall,
                 QStringLiteral("the per-artist cap binds: at most 2 tracks per artist, and the 60 "
                                "eligible tracks are by 12 artists, so 24 fit; not trained yet: "
                                "text, which would bring candidates of its own"));
        QCOMPARE(capped->toJson().value(QStringLiteral("shortfall")).toString(), capped->shortfall);
        // Three per artist allowed: 36 fit, so 30 and nothing to say.
        s.maxPerArtist = 3;
        const auto full = generateWeeklyPlaylist(c, listens, sources(), 1, week, s, Progress());
        QCOMPARE(int(full->entries.size()), 30);
        QCOMPARE(full->shortfall, QString());
        // A user who played everything: nothing is eligible.
        s.maxPerArtist = 2;
        std::vector<Listen> all = listens;
        for (Id id : ids) all.push_back({1, id, week - 60, 200000, false});
        const auto empty = generateWeeklyPlaylist(c, all, sources(), 1, week, s, Progress());
        QVERIFY2(empty.ok(), qPrintable(empty.status().message()));
        QCOMPARE(int(empty->entries.size()), 0);
        QCOMPARE(empty->shortfall,
                 QStringLiteral("nothing is eligible for 2026-W48: every track the models know "
                                "was played before it; not trained yet: text, which would bring "
                                "candidates of its own"));
        // A week before the data: no playlist, and the error says so.
        const auto early = generateWeeklyPlaylist(
            c, listens, sources(), 1, isoWeekStart(QStringLiteral("2026-W40")), s, Progress());
        QVERIFY(!early.ok());
        QCOMPARE(early.status().message(),
                 QStringLiteral("week 2026-W40 is outside the data: the first listen is in "
                                "2026-W45, so nothing was known before 2026-W40"));
    }

    // Issue 18: without weights of its own a project's blend is the CF-heavy default, or a
    // back-test's held-out choice once one scored >= 4 weeks; the person's own always win.
    void defaultBlendIsEarned() {
        QTemporaryDir tmp;
        auto created = ProjectStore::create(tmp.filePath(QStringLiteral("p.tastelab")));
        QVERIFY(created.ok());
        ProjectStore& store = *created.value();
        {
            ProjectStore::Transaction tx(store);
            User me{0, QStringLiteral("me"), true};
            QVERIFY(store.addUser(me).isOk());
            QVERIFY(tx.commit().isOk());
        }
        const Id me = store.users().front().id;
        const std::map<QString, double> cfHeavy{{QStringLiteral("audio"), 0.05},
                                                {QStringLiteral("cf"), 0.9},
                                                {QStringLiteral("text"), 0.05}};
        QCOMPARE(cfHeavyDefaultWeights(), cfHeavy);
        QCOMPARE(PlaylistSettings{}.weights, cfHeavy);
        ProjectBlend b = projectBlend(store);
        QCOMPARE(b.origin, ProjectBlend::Origin::CfHeavy);
        QCOMPARE(b.weights, cfHeavy);
        QCOMPARE(b.sentence(),
                 QStringLiteral("Default weights: CF-heavy, as the back-tests of the demo worlds "
                                "support; run a back-test to earn your own."));
        // A back-test of 3 scored weeks earns nothing yet, and says so.
        BacktestReport report;
        report.userId = me;
        report.weeksScored = 3;
        report.heldOut.chooseWeeks = 1;
        report.heldOut.scoreWeeks = 2;
        report.heldOut.weights = {{QStringLiteral("cf"), 0.7},
                                  {QStringLiteral("popularity"), 0.0},
                                  {QStringLiteral("text"), 0.3}};
        QVERIFY(storeBacktestChoice(store, report, QStringLiteral("me")).isOk());
        b = projectBlend(store);
        QCOMPARE(b.origin, ProjectBlend::Origin::CfHeavy);
        QCOMPARE(b.weights, cfHeavy);
        QCOMPARE(b.sentence(),
                 QStringLiteral("Default weights: CF-heavy, as the back-tests of the demo worlds "
                                "support; run a back-test to earn your own (the last one scored 3 "
                                "weeks for me; 4 are needed)."));
        // Six: the held-out choice is the default, read back without running anything.
        report.weeksScored = 6;
        report.heldOut.chooseWeeks = 3;
        report.heldOut.scoreWeeks = 3;
        QVERIFY(storeBacktestChoice(store, report, QStringLiteral("me")).isOk());
        const std::map<QString, double> heldOut{{QStringLiteral("cf"), 0.7},
                                                {QStringLiteral("text"), 0.3}};
        b = projectBlend(store);
        QCOMPARE(b.origin, ProjectBlend::Origin::HeldOut);
        QCOMPARE(b.weights, heldOut);
        QCOMPARE(b.sentence(),
                 QStringLiteral("Default weights: the back-test's held-out choice (6 scored weeks "
                                "for me)."));
        QCOMPARE(readModelSettings(store).weights, heldOut);
        QCOMPARE(playlistSettings(readModelSettings(store)).weights, heldOut);
        // A choice that did worse on its later weeks than CF alone earns nothing, and says so.
        {
            BacktestReport worse = report;
            worse.heldOut.heldOut.ndcg = 0.21;
            worse.heldOut.requested.ndcg = 0.25;
            worse.heldOut.singleSource[QStringLiteral("cf")].ndcg = 0.264;
            worse.heldOut.singleSource[QStringLiteral("text")].ndcg = 0.05;
            QVERIFY(storeBacktestChoice(store, worse, QStringLiteral("me")).isOk());
            b = projectBlend(store);
            QCOMPARE(b.origin, ProjectBlend::Origin::CfHeavy);
            QCOMPARE(b.weights, cfHeavy);
            QCOMPARE(b.sentence(),
                     QStringLiteral("Default weights: CF-heavy. The back-test's held-out choice "
                                    "(6 scored weeks for me) did worse than cf alone on the weeks "
                                    "it was not chosen on (NDCG 0.210 vs 0.264), so it is not the "
                                    "default."));
            // Level with the best alternative is enough.
            worse.heldOut.heldOut.ndcg = 0.264;
            QVERIFY(storeBacktestChoice(store, worse, QStringLiteral("me")).isOk());
            QCOMPARE(projectBlend(store).origin, ProjectBlend::Origin::HeldOut);
            QVERIFY(storeBacktestChoice(store, report, QStringLiteral("me")).isOk());
        }
        // Saving other settings does not make the default a choice.
        ModelSettings settings = readModelSettings(store);
        settings.cfFactors = 16;
        QVERIFY(writeModelSettings(store, settings).isOk());
        QVERIFY(!chosenBlendWeights(store));
        QCOMPARE(projectBlend(store).origin, ProjectBlend::Origin::HeldOut);
        // The person's own weights win over any default.
        const std::map<QString, double> own{{QStringLiteral("cf"), 0.4},
                                            {QStringLiteral("audio"), 0.6}};
        QVERIFY(writeBlendWeights(store, own).isOk());
        b = projectBlend(store);
        QCOMPARE(b.origin, ProjectBlend::Origin::Chosen);
        QCOMPARE(b.weights, own);
        QCOMPARE(b.sentence(), QStringLiteral("Your weights, kept in the project."));
        QCOMPARE(readModelSettings(store).weights, own);
    }

    void untaggedFilesAreNotOneArtistNorOneSong() {
        PlaylistCatalog c;
        c.users = {{1, QStringLiteral("u"), true}};
        const QStringList untagged{QStringLiteral("Main Title"), QStringLiteral("Main Title"),
                                   QStringLiteral("Main Title"), QStringLiteral("Intro"),
                                   QStringLiteral("Theme"),      QStringLiteral("Credits"),
                                   QStringLiteral("Track 01"),   QStringLiteral("Track 02")};
        FactorMatrix vectors(12, 2);
        std::vector<Id> ids;
        std::vector<Listen> listens;
        const qint64 week = isoWeekStart(kWeek);
        for (int i = 0; i < 12; ++i) {
            Track t;
            t.id = 200 + i;
            const bool unknown = i < 8;
            t.artistId = unknown ? 99 : 50 + i;
            t.title = unknown ? untagged[i] : QStringLiteral("Played %1").arg(i);
            c.add(t, Artist{t.artistId,
                            unknown ? QStringLiteral("Unknown Artist")
                                    : QStringLiteral("Artist %1").arg(i),
                            {}});
            ids.push_back(t.id);
            vectors.row(i) << 1.0f, 0.01f * float(i);
            if (!unknown) listens.push_back({1, t.id, week - 3600 * (i + 1), 200000, false});
        }
        const std::unordered_set<Id> heard(ids.begin() + 8, ids.end());  // untagged: cold start
        std::vector<SourceSlot> sources{
            {QStringLiteral("audio"),
             std::make_shared<VectorSource>(QStringLiteral("audio"), vectors, ids, heard),
             {}}};
        PlaylistSettings s;
        s.weights = {{QStringLiteral("audio"), 1.0}};
        const auto p = generateWeeklyPlaylist(c, listens, sources, 1, week, s, Progress());
        QVERIFY2(p.ok(), qPrintable(p.status().message()));
        QCOMPARE(p->eligible, 8);
        QCOMPARE(int(p->entries.size()), 8);  // before: 2 (one "artist"), one "Main Title"
        int mainTitles = 0;
        for (const PlaylistEntry& e : p->entries) {
            QCOMPARE(e.artist, QStringLiteral("Unknown Artist"));
            if (e.title == QLatin1String("Main Title")) ++mainTitles;
        }
        QCOMPARE(mainTitles, 3);
        // The rule still holds for a real artist: rename them all to one person, two survive.
        PlaylistCatalog named = c;
        named.artists[99].name = QStringLiteral("Real Composer");
        const auto q = generateWeeklyPlaylist(named, listens, sources, 1, week, s, Progress());
        QVERIFY(q.ok());
        QCOMPARE(int(q->entries.size()), 2);
        QVERIFY(isUnknownArtistName(QStringLiteral("[unknown artist]")));
        QVERIFY(isUnknownArtistName(QStringLiteral("<Unknown>")));
        QVERIFY(isUnknownArtistName(QString()));
        QVERIFY(!isUnknownArtistName(QStringLiteral("Unknown Mortal Orchestra")));
    }

    void exploreAndJamsModes() {
        PlaylistSettings s;
        s.mode = PlaylistMode::Exploration;
        const auto e = generate(kWeek, s);
        QVERIFY2(e.ok(), qPrintable(e.status().message()));
        const qint64 start = isoWeekStart(kWeek);
        std::map<Id, qint64> lastPlayed;
        for (const Listen& l : listens_)
            if (l.userId == me_ && l.endedAt < start)
                lastPlayed[l.trackId] = std::max(lastPlayed[l.trackId], l.endedAt);
        std::map<QString, int> perArtist;
        for (const PlaylistEntry& x : e->entries) {
            QVERIFY(!lastPlayed.count(x.trackId));
            QVERIFY(++perArtist[x.artist] <= 2);
        }
        QCOMPARE(int(e->entries.size()), std::min(50, e->eligible));
        s.mode = PlaylistMode::Jams;
        const auto j = generate(kWeek, s);
        QVERIFY2(j.ok(), qPrintable(j.status().message()));
        QVERIFY(!j->entries.empty());
        for (const PlaylistEntry& x : j->entries) {
            QVERIFY(lastPlayed.count(x.trackId));
            QVERIFY(lastPlayed[x.trackId] < start - 60 * 86400);
        }
    }

    void savedWithHistory() {
        PlaylistSettings s;
        s.seed = 5;
        const auto a = generate(kWeek, s);
        const auto b = generate(kPastWeek, s);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(savePlaylist(*store_, a.value()).isOk());
        QVERIFY(savePlaylist(*store_, b.value()).isOk());
        QVERIFY(savePlaylist(*store_, a.value()).isOk());  // again: replaces, no duplicate
        const std::vector<QString> history = playlistHistory(*store_, me_);
        QCOMPARE(history, (std::vector<QString>{QStringLiteral("2026-W45/blend"),
                                                QStringLiteral("2026-W48/blend")}));
        const auto loaded = loadPlaylist(*store_, me_, kWeek, PlaylistMode::Blend);
        QVERIFY2(loaded.ok(), qPrintable(loaded.status().message()));
        QCOMPARE(trackIds(loaded.value()), trackIds(a.value()));
        QCOMPARE(loaded->seed, quint64(5));
        QCOMPARE(loaded->weekSeed, a->weekSeed);
        QCOMPARE(loaded->weights, a->weights);
        QCOMPARE(loaded->entries[3].summary, a->entries[3].summary);
        QCOMPARE(loaded->entries[3].sources[0].evidence.becauseOf,
                 a->entries[3].sources[0].evidence.becauseOf);
        QVERIFY(!loadPlaylist(*store_, me_, QStringLiteral("2026-W30"), PlaylistMode::Blend).ok());
    }

    void exportsParse() {
        const auto p = generate(kWeek, PlaylistSettings{});
        QVERIFY(p.ok());
        const WeeklyPlaylist& w = p.value();
        // M3U8
        const QStringList m3u = QString::fromUtf8(toM3u8(w)).split(QLatin1Char('\n'));
        QCOMPARE(m3u[0], QStringLiteral("#EXTM3U"));
        QCOMPARE(m3u[1], QStringLiteral("#PLAYLIST:Weekly playlist for me, 2026-W48"));
        const PlaylistEntry& first = w.entries[0];
        QCOMPARE(m3u[2], QStringLiteral("#EXTINF:%1,%2 - %3")
                             .arg((first.durationMs + 500) / 1000)
                             .arg(first.artist, first.title));
        int withFiles = 0;
        for (const PlaylistEntry& e : w.entries) withFiles += !e.filePath.isEmpty();
        int paths = 0;
        for (const QString& line : m3u)
            if (line.startsWith(QLatin1Char('/'))) {
                QVERIFY2(QFile::exists(line), qPrintable(line));
                ++paths;
            }
        QCOMPARE(paths, withFiles);
        // XSPF, read back with QXmlStreamReader
        QXmlStreamReader xml(toXspf(w));
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name(), QStringLiteral("playlist"));
        QCOMPARE(xml.namespaceUri(), QStringLiteral("http://xspf.org/ns/0/"));
        QCOMPARE(xml.attributes().value(QStringLiteral("version")), QStringLiteral("1"));
        QMap<QString, QString> header;
        int tracks = 0, identifiers = 0, locations = 0;
        QStringList firstTrackFields;
        while (xml.readNextStartElement()) {
            if (xml.name() == QStringLiteral("trackList")) {
                while (xml.readNextStartElement()) {
                    QCOMPARE(xml.name(), QStringLiteral("track"));
                    QMap<QString, QString> f;
                    while (xml.readNextStartElement()) {
                        if (tracks == 0) firstTrackFields << xml.name().toString();
                        f[xml.name().toString()] = xml.readElementText();
                    }
                    const PlaylistEntry& e = w.entries[size_t(tracks)];
                    QCOMPARE(f.value(QStringLiteral("title")), e.title);
                    QCOMPARE(f.value(QStringLiteral("creator")), e.artist);
                    QCOMPARE(f.value(QStringLiteral("album")), e.album);
                    if (!e.mbid.isEmpty()) {
                        QCOMPARE(f.value(QStringLiteral("identifier")),
                                 QStringLiteral("https://musicbrainz.org/recording/") + e.mbid);
                        ++identifiers;
                    }
                    if (!e.filePath.isEmpty()) {
                        QCOMPARE(QUrl(f.value(QStringLiteral("location"))).toLocalFile(),
                                 e.filePath);
                        ++locations;
                    }
                    ++tracks;
                }
            } else {
                header[xml.name().toString()] = xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(tracks, 30);
        QVERIFY(identifiers > 20);  // the demo gives most tracks MBIDs
        QCOMPARE(locations, withFiles);
        QCOMPARE(header.value(QStringLiteral("title")), w.title());
        QCOMPARE(header.value(QStringLiteral("creator")), QStringLiteral("Tastelab"));
        QCOMPARE(header.value(QStringLiteral("date")), QStringLiteral("2026-11-23T00:00:00Z"));
        // The order XSPF requires of a track's children.
        QCOMPARE(firstTrackFields.indexOf(QStringLiteral("title")) >
                     firstTrackFields.indexOf(QStringLiteral("identifier")),
                 true);
        // JSPF, read back with QJsonDocument
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(toJspf(w), &error);
        QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
        const QJsonObject pl = doc.object().value(QStringLiteral("playlist")).toObject();
        QCOMPARE(pl.value(QStringLiteral("title")).toString(), w.title());
        QCOMPARE(pl.value(QStringLiteral("creator")).toString(), QStringLiteral("Tastelab"));
        QCOMPARE(pl.value(QStringLiteral("date")).toString(),
                 QStringLiteral("2026-11-23T00:00:00Z"));
        const QJsonArray track = pl.value(QStringLiteral("track")).toArray();
        QCOMPARE(track.size(), 30);
        for (int i = 0; i < 30; ++i) {
            const QJsonObject t = track[i].toObject();
            const PlaylistEntry& e = w.entries[size_t(i)];
            QCOMPARE(t.value(QStringLiteral("title")).toString(), e.title);
            QCOMPARE(t.value(QStringLiteral("creator")).toString(), e.artist);
            QCOMPARE(t.value(QStringLiteral("album")).toString(), e.album);
            const QJsonArray id = t.value(QStringLiteral("identifier")).toArray();
            QCOMPARE(id.size(), e.mbid.isEmpty() ? 0 : 1);
            if (!e.mbid.isEmpty())
                QCOMPARE(id[0].toString(),
                         QStringLiteral("https://musicbrainz.org/recording/") + e.mbid);
        }
    }

    void backtestBlendBeatsEachSourceAlone() {
        BacktestOptions o;
        o.settings.weights = {{QStringLiteral("cf"), 0.7}, {QStringLiteral("popularity"), 0.3}};
        const auto r = runBacktest(*store_, me_, o, Progress());
        QVERIFY2(r.ok(), qPrintable(r.status().message()));
        QCOMPARE(int(r->weeks.size()), 8);
        QCOMPARE(r->sources,
                 (std::vector<QString>{QStringLiteral("cf"), QStringLiteral("popularity")}));
        QCOMPARE(int(r->grid.size()), 11);
        QVERIFY(r->weeksScored >= 3);  // the demo's discoveries fall in its last weeks
        QCOMPARE(r->modelsTrained + r->modelsReused, 8);
        const double cf = r->singleSource.at(QStringLiteral("cf")).ndcg;
        const double pop = r->singleSource.at(QStringLiteral("popularity")).ndcg;
        const double best = r->best.mean.ndcg;
        // What holds on the small world with the default novelty and diversity: CF finds the
        // discoveries far better than popularity, and adding popularity does not help it (on
        // the medium world cf 0.9 + popularity 0.1 beats both: BENCHMARKS.md). The strict
        // "blend beats every source" waits for a second personal source (text, audio).
        QVERIFY2(cf > 10.0 * pop, qPrintable(QStringLiteral("cf %1 pop %2").arg(cf).arg(pop)));
        QVERIFY2(std::abs(cf - 0.576033) < 1e-4, qPrintable(QString::number(cf)));
        QVERIFY2(best >= cf && best > pop,
                 qPrintable(QStringLiteral("best %1 cf %2 pop %3").arg(best).arg(cf).arg(pop)));
        QCOMPARE(r->best.weights.at(QStringLiteral("cf")), 1.0);
        double gridMax = 0.0;
        for (const GridPoint& g : r->grid) gridMax = std::max(gridMax, g.mean.ndcg);
        QCOMPARE(best, gridMax);
        for (const GridPoint& g : r->grid) {
            QVERIFY(g.mean.artistCoverage >= 0.5);  // at most 2 per artist
            QVERIFY(g.mean.diversity > 0.0 && g.mean.diversity <= 2.0);
        }
        // Trained once per week: a second run (a slider moved) only re-ranks.
        o.settings.weights = {{QStringLiteral("cf"), 0.2}, {QStringLiteral("popularity"), 0.8}};
        const auto again = runBacktest(*store_, me_, o, Progress());
        QVERIFY(again.ok());
        QCOMPARE(again->modelsTrained, 0);
        QCOMPARE(again->best.mean.ndcg, best);
    }

    void cancelledBacktestStops() {
        Progress cancelled;
        cancelled.cancel();
        BacktestOptions o;
        const auto r = runBacktest(*store_, me_, o, cancelled);
        QVERIFY(!r.ok());
        QVERIFY(r.status().isCancelled());
        // Cancelled half-way (after the week models, before they are written): none is stored.
        QVERIFY(store_->removeResults(QStringLiteral("playlist.cf")).isOk());
        const qint64 last = lastFullWeekStart(listens_);
        const Progress* self = nullptr;
        Progress halfway([&](double fraction, const QString&) {
            if (fraction > 0.5 && self) self->cancel();
        });
        self = &halfway;
        const auto stopped = runBacktest(*store_, me_, o, halfway);
        QVERIFY2(stopped.status().isCancelled(), qPrintable(stopped.status().message()));
        for (int i = 0; i < 8; ++i)
            QVERIFY(!store_->resultFingerprint(QStringLiteral("playlist.cf"),
                                               isoWeekName(last - i * 7 * 86400)));
        const auto whole = runBacktest(*store_, me_, o, Progress());  // trains and stores all 8
        QVERIFY(whole.ok());
        QCOMPARE(whole->modelsTrained, 8);

        const auto unknownUser = generateWeeklyPlaylist(catalog_, listens_, {}, 999999,
                                                        isoWeekStart(kWeek), {}, Progress());
        QVERIFY(unknownUser.status().message().contains(QStringLiteral("no user with id 999999")));
    }

    // Issue 18: `weekly` with no --week makes the week after the user's last listen, and says
    // which week and whose weights, and what a short playlist lacks.
    void cliDefaultWeekAndBlendSayWhich() {
        const QString copy = dir_.filePath(QStringLiteral("defaults.tastelab"));
        QVERIFY(QFile::copy(project_, copy));
        {
            auto opened = ProjectStore::open(copy);
            QVERIFY(opened.ok());
            QVERIFY(opened.value()->removeResults(QStringLiteral("playlist.blend_choice")).isOk());
        }
        const QString out = dir_.filePath(QStringLiteral("defaults.m3u8"));
        const QStringList args{
            QStringLiteral("weekly"), QStringLiteral("--project"), copy, QStringLiteral("--user"),
            QStringLiteral("me"),     QStringLiteral("--out"),     out};
        const Run text = cli(args);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        const QStringList lines = QString::fromUtf8(text.out).split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0),
                 QStringLiteral("Weekly playlist for me, 2026-W48 (30 tracks, seed 1)"));
        QCOMPARE(lines.value(1),
                 QStringLiteral("week: the week after me's last listen (2026-11-22)"));
        // The demo world without text and audio models: CF has the whole blend.
        QCOMPARE(lines.value(2),
                 QStringLiteral("weights: cf 1.00. Default weights: CF-heavy, as the back-tests of "
                                "the demo worlds support; run a back-test to earn your own."));
        const Run json =
            cli(args + QStringList{QStringLiteral("--json"), QStringLiteral("--length"),
                                   QStringLiteral("40"), QStringLiteral("--weights"),
                                   QStringLiteral("cf=1")});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject j = json.json();
        QCOMPARE(j.value(QStringLiteral("week")).toString(), kWeek);
        QCOMPARE(j.value(QStringLiteral("week_reason")).toString(),
                 QStringLiteral("the week after me's last listen (2026-11-22)"));
        QCOMPARE(j.value(QStringLiteral("weights_origin")).toString(),
                 QStringLiteral("Weights as --weights gave them."));
        QCOMPARE(j.value(QStringLiteral("count")).toInt(), 40);
        QCOMPARE(j.value(QStringLiteral("shortfall")).toString(), QString());
    }

    void cliWeeklyAndBacktest() {
        const QString out = dir_.filePath(QStringLiteral("week.jspf"));
        const Run w =
            cli({QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                 QStringLiteral("--user"), QStringLiteral("me"), QStringLiteral("--week"), kWeek,
                 QStringLiteral("--weights"), QStringLiteral("cf=0.5,text=0.2,audio=0.3"),
                 QStringLiteral("--seed"), QStringLiteral("9"), QStringLiteral("--out"), out,
                 QStringLiteral("--json")});
        QVERIFY2(w.exitCode == 0, w.err.constData());
        const QJsonObject j = w.json();
        for (const char* key :
             {"title", "user", "week", "mode", "seed", "week_seed", "weights", "missing_sources",
              "fallback", "warnings", "eligible", "tracks", "out", "format", "count", "saved"})
            QVERIFY2(j.contains(QLatin1String(key)), key);
        QCOMPARE(j.value(QStringLiteral("week")).toString(), kWeek);
        QCOMPARE(j.value(QStringLiteral("seed")).toString(), QStringLiteral("9"));
        QCOMPARE(j.value(QStringLiteral("count")).toInt(), 30);
        QCOMPARE(j.value(QStringLiteral("format")).toString(), QStringLiteral("jspf"));
        QVERIFY(
            j.value(QStringLiteral("missing_sources")).toObject().contains(QStringLiteral("text")));
        const QJsonObject t0 = j.value(QStringLiteral("tracks")).toArray()[0].toObject();
        for (const char* key : {"position", "artist", "title", "album", "mbid", "file", "summary",
                                "because", "sources"})
            QVERIFY2(t0.contains(QLatin1String(key)), key);
        QVERIFY(QFile::exists(out));
        QVERIFY(w.err.contains("text is missing"));

        auto exitOf = [&](QStringList extra) {
            QStringList args{QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                             QStringLiteral("--out"), dir_.filePath(QStringLiteral("x.m3u8"))};
            return cli(args + extra).exitCode;
        };
        QCOMPARE(exitOf({QStringLiteral("--weights"), QStringLiteral("cf=0,popularity=0"),
                         QStringLiteral("--week"), kWeek}),
                 1);
        QCOMPARE(exitOf({QStringLiteral("--week"), QStringLiteral("2019-W02")}), 1);
        QCOMPARE(exitOf({QStringLiteral("--user"), QStringLiteral("nobody"),
                         QStringLiteral("--week"), kWeek}),
                 1);
        QCOMPARE(exitOf({QStringLiteral("--weights"), QStringLiteral("cf=x")}), 2);
        QCOMPARE(exitOf({QStringLiteral("--week"), QStringLiteral("2026-48")}), 2);
        QCOMPARE(exitOf({QStringLiteral("--mode"), QStringLiteral("radio")}), 2);
        QCOMPARE(cli({QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                      QStringLiteral("--out"), dir_.filePath(QStringLiteral("x.txt"))})
                     .exitCode,
                 2);

        const Run b =
            cli({QStringLiteral("backtest"), QStringLiteral("--project"), project_,
                 QStringLiteral("--user"), QStringLiteral("me"), QStringLiteral("--weeks"),
                 QStringLiteral("4"), QStringLiteral("--json")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QJsonObject bj = b.json();
        for (const char* key : {"user", "sources", "weights", "weeks", "weeks_scored", "mean",
                                "grid", "best", "single_source", "models_trained", "models_reused"})
            QVERIFY2(bj.contains(QLatin1String(key)), key);
        QCOMPARE(bj.value(QStringLiteral("weeks")).toArray().size(), 4);
        // What the back-test made of the project's blend, in weekly's words.
        {
            auto store = ProjectStore::open(project_);
            QVERIFY(bool(store));
            QCOMPARE(bj.value(QStringLiteral("project_blend")).toString(),
                     projectBlend(*store.value()).sentence());
            QVERIFY(bj.value(QStringLiteral("project_blend"))
                        .toString()
                        .startsWith(QStringLiteral("Default weights: ")));
        }
        QCOMPARE(bj.value(QStringLiteral("models_trained")).toInt(),
                 0);  // cached by the test above
        const QJsonObject mean = bj.value(QStringLiteral("mean")).toObject();
        for (const char* key :
             {"hit_rate", "precision", "ndcg", "novelty", "diversity", "artist_coverage"})
            QVERIFY2(mean.contains(QLatin1String(key)), key);
        QCOMPARE(cli({QStringLiteral("backtest"), QStringLiteral("--project"), project_,
                      QStringLiteral("--weeks"), QStringLiteral("0")})
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(PlaylistTest)
#include "test_playlist.moc"
