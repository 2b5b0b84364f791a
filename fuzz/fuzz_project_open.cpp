// libFuzzer target: opening a damaged .tastelab file. The input is written as a project file in a
// per-process directory in /dev/shm and opened with ProjectStore::open (the SQLite header,
// application id, schema version, quick_check and schema upgrades). A file that is refused must
// be refused with a message; one that opens is then read as the app and the CLI read a project:
// catalog counts and rows, listens and play counts, sources, settings (music folders, excerpts,
// the training journal), the catalog tables the Library view shows, and each file's stored
// log-mels and descriptors. Wrong values are fine; a crash, a hang, a leak or undefined
// behaviour is a bug. Seed: tests/data/fuzz-seeds/tiny.tastelab.
#include <cstdio>
#include <cstdlib>

#include "FuzzFiles.h"
#include "audio/ProjectAnalysis.h"
#include "store/CatalogQueries.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"

namespace {

// Rows read per table: enough to reach every column's decoding, bounded for speed.
constexpr int kRowLimit = 256;

void check(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_project_open: %s\n", what);
    std::abort();
}

size_t readProject(tl::ProjectStore& store) {
    size_t sum = size_t(store.schemaVersion());
    const tl::CatalogCounts c = store.counts();
    sum += size_t(c.users + c.artists + c.tracks + c.listens + c.files + c.playCounts);
    for (const tl::User& u : store.users()) {
        sum += size_t(u.name.size()) + store.userSources(u.id).size();
    }
    for (const tl::Artist& a : store.artists()) sum += size_t(a.name.size() + a.mbid.size());
    const std::vector<tl::Track> tracks = store.tracks();
    for (const tl::Track& t : tracks) sum += size_t(t.title.size() + t.album.size());
    if (!tracks.empty()) sum += store.track(tracks.front().id).has_value();
    sum += store.merges().size() + store.wholeArtistTracks().size();
    int rows = 0;
    (void)store.forEachListen([&](const tl::Listen& l) {
        sum += size_t(l.endedAt + l.msPlayed);
        return ++rows < kRowLimit;
    });
    rows = 0;
    (void)store.forEachPlayCount([&](const tl::PlayCount& p) {
        sum += size_t(p.plays);
        return ++rows < kRowLimit;
    });
    sum += store.trackSummaries().size();
    const tl::GroundTruth truth = store.groundTruth();
    sum += truth.genreNames.size() + truth.userTaste.size();

    // Settings: free text a hand-edited or damaged file can hold anything in.
    sum += size_t(store.setting(QStringLiteral("music_folders")).size());
    for (const char* key : {"audio.excerpts", "audio.excerpt_count", "audio.excerpt_seconds"})
        sum += size_t(store.setting(QString::fromLatin1(key)).size());
    for (const tl::TrainingJournalEntry& e : tl::training_journal::interrupted(store))
        sum += size_t(e.job.size() + e.host.size());

    if (auto sources = tl::importRecords(store))
        for (const tl::ImportRecord& r : *sources) sum += size_t(r.label.size() + r.listens);
    sum += tl::hasDeletedImports(store);
    sum += size_t(tl::listensDigest(store).size());

    const tl::Progress progress;
    if (auto tables = tl::loadCatalogTables(store, tl::kAllCatalogParts, progress)) {
        for (const tl::CatalogTablePtr& t :
             {tables->users, tables->artists, tables->tracks, tables->files}) {
            check(t != nullptr, "a catalog table asked for and not loaded");
            sum += t->rowCount();
            if (t->rowCount() > 0)
                for (int col = 0; col < t->columnCount(); ++col) sum += t->sortedRows(col).size();
            sum += t->matchingRows(QStringLiteral("a")).size();
        }
    }

    rows = 0;
    for (const tl::AudioFile& f : store.files()) {
        sum += size_t(f.path.size() + f.format.size());
        if (auto logMel = tl::audio::loadLogMel(store, f.id))
            sum += logMel->windows.size() + size_t(logMel->nMels);
        if (auto d = tl::audio::loadDescriptors(store, f.id)) sum += d->tempoBpm > 120;
        if (++rows >= kRowLimit) break;
    }
    return sum;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    tl::fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const tl::fuzz::ScratchDir dir;
    // SQLite's side files from the last input (a header that says WAL mode makes -wal and -shm;
    // an interrupted upgrade leaves a journal) would be replayed into this one: remove them.
    for (const char* side : {"-journal", "-wal", "-shm"})
        QFile::remove(dir.file(QStringLiteral("fuzz.tastelab") + QLatin1String(side)));
    const QString path = dir.write(QStringLiteral("fuzz.tastelab"), data, size);

    auto opened = tl::ProjectStore::open(path);
    if (!opened) {
        check(opened.status().isError() && !opened.status().message().isEmpty(),
              "a refused project without a message");
        return 0;
    }
    volatile size_t sink = readProject(*opened.value());
    (void)sink;
    return 0;
}
