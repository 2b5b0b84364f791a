#include "maps/MapColumns.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "playlist/ContentSources.h"
#include "playlist/DefaultWeek.h"
#include "playlist/TasteProfile.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

namespace tl {

namespace {

QString tr(const char* text) {
    return QString::fromUtf8(text);
}

MapColumn continuous(const QString& key, const QString& title, bool log, bool integer) {
    MapColumn c;
    c.key = key;
    c.title = title;
    c.logScale = log;
    c.integer = integer;
    return c;
}

MapColumn categorical(const QString& key, const QString& title) {
    MapColumn c;
    c.key = key;
    c.title = title;
    c.categorical = true;
    return c;
}

bool hasColumn(QSqlDatabase& db, const QString& table, const QString& column) {
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) return false;
    while (q.next())
        if (q.value(1).toString() == column) return true;
    return false;
}

}  // namespace

std::vector<MapColumn> trackTableColumns(const CatalogTable& tracks) {
    using namespace catalog_columns;
    MapColumn album = categorical(QStringLiteral("album"), tr("Album"));
    MapColumn plays = continuous(QStringLiteral("plays"), tr("Plays"), true, true);
    MapColumn listeners = continuous(QStringLiteral("listeners"), tr("Listeners"), true, true);
    MapColumn cold = categorical(QStringLiteral("cold_start"), tr("Cold start"));
    const size_t n = tracks.rowCount();
    album.categories.reserve(qsizetype(n));
    plays.numbers.reserve(qsizetype(n));
    listeners.numbers.reserve(qsizetype(n));
    cold.categories.reserve(qsizetype(n));
    for (size_t row = 0; row < n; ++row) {
        const Id id = tracks.id(row);
        if (const QString a = tracks.text(row, TrackAlbum); !a.isEmpty())
            album.categories.insert(id, a);
        const qint64 p = tracks.number(row, TrackPlays);
        const qint64 l = tracks.number(row, TrackListeners);
        plays.numbers.insert(id, double(p));
        listeners.numbers.insert(id, double(l));
        cold.categories.insert(id, p == 0 && l == 0 ? tr("Nobody played it") : tr("Played"));
    }
    return {std::move(album), std::move(plays), std::move(listeners), std::move(cold)};
}

std::vector<MapColumn> storeColumns(ProjectStore& store) {
    std::vector<MapColumn> out;
    QSqlDatabase& db = store.database();
    // The file format as the Catalog window's files table shows it, of each track's first file
    // (the file the workspace plays and analyses).
    MapColumn format = categorical(QStringLiteral("format"), tr("File format"));
    if (auto tables = loadCatalogTables(store, CatalogFiles, Progress()); tables && tables->files) {
        const CatalogTable& files = *tables->files;
        for (size_t row = 0; row < files.rowCount(); ++row) {
            const Id track = files.trackId(row);
            if (track == 0 || format.categories.contains(track)) continue;
            const QString f = files.text(row, catalog_columns::FileFormat);
            if (!f.isEmpty()) format.categories.insert(track, f.toUpper());
        }
    }
    // The import that brought most of a track's rows (listens and play counts), ties to the
    // earlier import; a track with a file and no history came from the music folder.
    MapColumn import = categorical(QStringLiteral("import"), tr("Import"));
    {
        QHash<qint64, QString> labels;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("SELECT id, label FROM imports")))
            while (q.next()) labels.insert(q.value(0).toLongLong(), q.value(1).toString());
        // track -> (rows, import id) of the best import so far
        QHash<Id, std::pair<qint64, qint64>> best;
        for (const char* table : {"listens", "play_counts"}) {
            QSqlQuery rows(db);
            rows.setForwardOnly(true);
            if (!rows.exec(QStringLiteral("SELECT track_id, import_id, count(*) FROM %1 GROUP BY "
                                          "track_id, import_id")
                               .arg(QLatin1String(table))))
                continue;
            while (rows.next()) {
                const Id track = rows.value(0).toLongLong();
                const qint64 import = rows.value(1).toLongLong(), n = rows.value(2).toLongLong();
                auto it = best.find(track);
                if (it == best.end()) {
                    best.insert(track, {n, import});
                } else if (it->second == import) {
                    it->first += n;  // both tables from one import
                } else if (n > it->first || (n == it->first && import < it->second)) {
                    *it = {n, import};
                }
            }
        }
        for (auto it = best.cbegin(); it != best.cend(); ++it)
            import.categories.insert(it.key(),
                                     labels.value(it->second, tr("Import %1").arg(it->second)));
        for (auto it = format.categories.cbegin(); it != format.categories.cend(); ++it)
            if (!import.categories.contains(it.key()))
                import.categories.insert(it.key(), tr("Music folder"));
    }
    // The year a file's tags give (the first file with one).
    MapColumn year = continuous(QStringLiteral("year"), tr("Year"), false, true);
    if (hasColumn(db, QStringLiteral("file_tags"), QStringLiteral("year"))) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("SELECT f.track_id, t.year FROM file_tags t JOIN files f ON "
                                  "f.id = t.file_id WHERE f.track_id IS NOT NULL AND t.year > 0 "
                                  "ORDER BY f.id")))
            while (q.next()) {
                const Id track = q.value(0).toLongLong();
                if (!year.numbers.contains(track))
                    year.numbers.insert(track, q.value(1).toDouble());
            }
    }
    for (MapColumn* c : {&year, &format, &import})
        if (!c->numbers.isEmpty() || !c->categories.isEmpty()) out.push_back(std::move(*c));
    return out;
}

std::vector<MapColumn> userScoreColumns(const ProjectStore& store, Id userId) {
    std::vector<Listen> listens;
    store.forEachListenOf(userId, [&](const Listen& l) {
        listens.push_back(l);
        return true;
    });
    const qint64 week =
        defaultWeek(lastListens(listens), userId, QDateTime::currentSecsSinceEpoch()).weekStart;
    const TasteProfile profile = buildTasteProfile(listens, userId, week, {});
    std::vector<SourceSlot> slots{{QStringLiteral("text"), nullptr, {}},
                                  {QStringLiteral("audio"), nullptr, {}}};
    addTextSource(slots, store, listens, week);
    addAudioSource(slots, store, listens, week);
    std::vector<MapColumn> out;
    for (const SourceSlot& slot : slots) {
        if (!slot.source) continue;
        MapColumn c = continuous(QStringLiteral("score.") + slot.name,
                                 slot.name == QLatin1String("text") ? tr("Score for you (text)")
                                                                    : tr("Score for you (audio)"),
                                 false, false);
        for (const TrackScore& s : slot.source->score(profile))
            if (std::isfinite(s.score)) c.numbers.insert(s.track, double(s.score));
        if (!c.numbers.isEmpty()) out.push_back(std::move(c));
    }
    return out;
}

double ContinuousScale::position(double value) const {
    if (!std::isfinite(value)) return std::numeric_limits<double>::quiet_NaN();
    if (!(max > min)) return 0.5;
    const auto f = [this](double v) { return log ? std::log1p(std::max(v, 0.0)) : v; };
    return std::clamp((f(value) - f(min)) / (f(max) - f(min)), 0.0, 1.0);
}

double ContinuousScale::valueAt(double t) const {
    if (!(max > min)) return min;
    if (!log) return min + t * (max - min);
    const double a = std::log1p(std::max(min, 0.0)), b = std::log1p(std::max(max, 0.0));
    return std::expm1(a + t * (b - a));
}

ContinuousScale continuousScale(const std::vector<double>& values, bool log) {
    ContinuousScale s;
    s.log = log;
    for (const double v : values) {
        if (!std::isfinite(v)) continue;
        s.min = s.count ? std::min(s.min, v) : v;
        s.max = s.count ? std::max(s.max, v) : v;
        ++s.count;
    }
    return s;
}

CategoryBins categoryBins(const std::vector<QString>& values, int maxNamed,
                          const std::vector<QString>* order) {
    CategoryBins bins;
    std::map<QString, int> counts;
    for (const QString& v : values)
        if (!v.isEmpty()) ++counts[v];
    if (order) {
        bins.names.assign(order->begin(),
                          order->begin() + std::min<ptrdiff_t>(ptrdiff_t(order->size()), maxNamed));
    } else {
        std::vector<std::pair<QString, int>> sorted(counts.begin(), counts.end());
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        for (size_t k = 0; k < sorted.size() && int(k) < maxNamed; ++k)
            bins.names.push_back(sorted[k].first);
    }
    QHash<QString, int> index;
    for (size_t k = 0; k < bins.names.size(); ++k) index.insert(bins.names[k], int(k));
    bins.counts.assign(bins.names.size(), 0);
    bins.binOf.reserve(values.size());
    for (const QString& v : values) {
        if (v.isEmpty()) {
            bins.binOf.push_back(CategoryBins::kNoValue);
            ++bins.noValue;
        } else if (const int k = index.value(v, -1); k >= 0) {
            bins.binOf.push_back(k);
            ++bins.counts[size_t(k)];
        } else {
            bins.binOf.push_back(CategoryBins::kOther);
            ++bins.other;
        }
    }
    for (const auto& [name, n] : counts)
        if (!index.contains(name)) ++bins.otherCategories;
    return bins;
}

std::vector<double> columnNumbers(const MapColumn& column, const std::vector<Id>& tracks) {
    std::vector<double> out(tracks.size(), std::numeric_limits<double>::quiet_NaN());
    for (size_t i = 0; i < tracks.size(); ++i)
        if (const auto it = column.numbers.constFind(tracks[i]); it != column.numbers.cend())
            out[i] = *it;
    return out;
}

std::vector<QString> columnCategories(const MapColumn& column, const std::vector<Id>& tracks) {
    std::vector<QString> out(tracks.size());
    for (size_t i = 0; i < tracks.size(); ++i) out[i] = column.categories.value(tracks[i]);
    return out;
}

}  // namespace tl
