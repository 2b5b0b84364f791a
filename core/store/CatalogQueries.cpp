#include "store/CatalogQueries.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <limits>
#include <unordered_map>

#include "catalog/TrackLength.h"
#include "store/ProjectStore.h"
#include "store/SqlStatus.h"

namespace tl {
namespace {

using namespace catalog_columns;
using Kind = CatalogTable::Kind;

QString tr(const char* text) {
    return QCoreApplication::translate("CatalogTables", text);
}

constexpr int kPollEvery = 1 << 15;  // rows between cancel polls: well under 10 ms

Status failed(const QSqlQuery& q, const QString& what) {
    return queryError(q, QStringLiteral("Reading %1").arg(what));
}

// Id -> row. Ids are SQLite rowids, dense as a rule: then a plain array; otherwise a hash.
class IdIndex {
public:
    void build(const std::vector<Id>& ids) {
        Id maxId = 0;
        for (Id id : ids) maxId = std::max(maxId, id);
        dense_ = maxId <= Id(ids.size()) * 4 + 1024;
        if (dense_) {
            rows_.assign(size_t(maxId) + 1, -1);
            for (size_t r = 0; r < ids.size(); ++r)
                if (ids[r] >= 0) rows_[size_t(ids[r])] = qint32(r);
        } else {
            for (size_t r = 0; r < ids.size(); ++r) hash_.emplace(ids[r], qint32(r));
        }
    }
    qint32 row(Id id) const {
        if (dense_) return id >= 0 && size_t(id) < rows_.size() ? rows_[size_t(id)] : -1;
        const auto it = hash_.find(id);
        return it == hash_.end() ? -1 : it->second;
    }

private:
    bool dense_ = true;
    std::vector<qint32> rows_;
    std::unordered_map<Id, qint32> hash_;
};

struct PlayCount {
    Id user;
    Id track;
    qint64 plays;
};

// What the listening history says, per track, artist and user row.
struct HistoryStats {
    std::vector<qint64> trackPlays, trackListeners;
    std::vector<qint64> artistPlays, artistListeners;
    std::vector<qint64> userPlays, userTracks, userFirst, userLast;
};

struct Names {
    std::vector<Id> userIds, artistIds, trackIds;
    std::vector<qint32> artistOfTrack;  // artist row per track row, -1 if unknown
    IdIndex users, artists, tracks;
};

Status readHistory(QSqlDatabase& db, const Names& names, HistoryStats& s,
                   const Progress& progress) {
    const size_t tracks = names.trackIds.size(), artists = names.artistIds.size(),
                 users = names.userIds.size();
    s.trackPlays.assign(tracks, 0);
    s.trackListeners.assign(tracks, 0);
    s.artistPlays.assign(artists, 0);
    s.artistListeners.assign(artists, 0);
    s.userPlays.assign(users, 0);
    s.userTracks.assign(users, 0);
    s.userFirst.assign(users, 0);
    s.userLast.assign(users, 0);
    std::vector<Id> lastUserOfArtist(artists, -1);

    std::vector<PlayCount> counts;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral(
                "SELECT user_id, track_id, plays FROM play_counts ORDER BY user_id, track_id")))
            return failed(q, QStringLiteral("play counts"));
        while (q.next())
            counts.push_back(
                {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()});
    }

    // One (user, track) pair: `listens` timestamped plays from `first` to `last`, `counted`
    // more from play_counts.
    const auto pair = [&](Id user, Id track, qint64 listens, qint64 first, qint64 last,
                          qint64 counted) {
        const qint32 t = names.tracks.row(track);
        const qint32 u = names.users.row(user);
        if (t < 0 || u < 0) return;  // a dangling reference counts nowhere
        const qint64 plays = listens + counted;
        s.trackPlays[size_t(t)] += plays;
        s.trackListeners[size_t(t)] += 1;
        s.userPlays[size_t(u)] += plays;
        s.userTracks[size_t(u)] += 1;
        if (listens > 0) {
            if (s.userFirst[size_t(u)] == 0 || first < s.userFirst[size_t(u)])
                s.userFirst[size_t(u)] = first;
            s.userLast[size_t(u)] = std::max(s.userLast[size_t(u)], last);
        }
        const qint32 a = names.artistOfTrack[size_t(t)];
        if (a < 0) return;
        s.artistPlays[size_t(a)] += plays;
        if (lastUserOfArtist[size_t(a)] != user) {  // pairs arrive in user order
            lastUserOfArtist[size_t(a)] = user;
            s.artistListeners[size_t(a)] += 1;
        }
    };
    size_t nextCount = 0;
    const auto countsBefore = [&](Id user, Id track) {
        while (nextCount < counts.size() &&
               std::pair(counts[nextCount].user, counts[nextCount].track) <
                   std::pair(user, track)) {
            const PlayCount& c = counts[nextCount++];
            pair(c.user, c.track, 0, 0, 0, c.plays);
        }
        if (nextCount < counts.size() && counts[nextCount].user == user &&
            counts[nextCount].track == track)
            return counts[nextCount++].plays;
        return qint64(0);
    };

    qint64 total = 0;
    {
        QSqlQuery n(db);
        if (n.exec(QStringLiteral("SELECT count(*) FROM listens")) && n.next())
            total = n.value(0).toLongLong();
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // The primary key's order: SQLite walks the table without sorting.
    if (!q.exec(QStringLiteral(
            "SELECT user_id, track_id, ended_at FROM listens ORDER BY user_id, track_id, "
            "ended_at")))
        return failed(q, QStringLiteral("listens"));
    Id runUser = -1, runTrack = -1;
    qint64 runListens = 0, runFirst = 0, runLast = 0, rows = 0;
    const auto closeRun = [&] {
        if (runListens == 0) return;
        pair(runUser, runTrack, runListens, runFirst, runLast, countsBefore(runUser, runTrack));
    };
    while (q.next()) {
        const Id user = q.value(0).toLongLong();
        const Id track = q.value(1).toLongLong();
        const qint64 ended = q.value(2).toLongLong();
        if (user != runUser || track != runTrack) {
            closeRun();
            runUser = user;
            runTrack = track;
            runListens = 0;
            runFirst = ended;
        }
        ++runListens;
        runLast = ended;
        if (++rows % kPollEvery == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(total > 0 ? double(rows) / double(total) : 0.0, tr("Counting plays"));
        }
    }
    closeRun();
    countsBefore(std::numeric_limits<Id>::max(), std::numeric_limits<Id>::max());
    return Status::ok();
}

CatalogTablePtr makeUsers(QSqlDatabase& db, const Names& names, const HistoryStats& s) {
    auto table = std::make_shared<CatalogTable>(std::vector<CatalogTable::Column>{
        {tr("Name"), Kind::Text, {}, {}},
        {tr("Me"), Kind::Flag, tr("The person the weekly playlist is for"), tr("me")},
        {tr("Plays"), Kind::Integer, tr("Listens plus play counts without a time"), {}},
        {tr("Tracks"), Kind::Integer, tr("Different tracks played"), {}},
        {tr("First listen"), Kind::Timestamp, {}, {}},
        {tr("Last listen"), Kind::Timestamp, {}, {}},
    });
    std::vector<qint64> isMe(names.userIds.size(), 0);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, name, is_me FROM users ORDER BY id"));
    table->reserve(names.userIds.size());
    size_t r = 0;
    while (q.next() && r < names.userIds.size()) {
        table->beginRow(q.value(0).toLongLong());
        table->addText(q.value(1).toString());
        table->endRow();
        isMe[r++] = q.value(2).toBool() ? 1 : 0;
    }
    table->setNumbers(UserIsMe, std::move(isMe));
    table->setNumbers(UserPlays, s.userPlays);
    table->setNumbers(UserTracks, s.userTracks);
    table->setNumbers(UserFirstListen, s.userFirst);
    table->setNumbers(UserLastListen, s.userLast);
    return table;
}

CatalogTablePtr makeFiles(QSqlDatabase& db, const Progress& progress) {
    auto table = std::make_shared<CatalogTable>(std::vector<CatalogTable::Column>{
        {tr("Path"), Kind::Text, {}, {}},
        {tr("Format"), Kind::Text, {}, {}},
        {tr("Length"), Kind::Duration, {}, {}},
        {tr("Sample rate"), Kind::Integer, tr("Samples per second (Hz)"), {}},
        {tr("Track"), Kind::Text, tr("The catalog track the file was matched to"), {}},
    });
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.exec(QStringLiteral(
        "SELECT f.id, coalesce(f.track_id, 0), f.path, f.format, f.duration_ms, f.sample_rate, "
        "coalesce(a.name || ' – ' || t.title, '') FROM files f LEFT JOIN tracks t ON t.id = "
        "f.track_id LEFT JOIN artists a ON a.id = t.artist_id ORDER BY f.id"));
    std::vector<qint64> durations, rates;
    while (q.next()) {
        table->beginRow(q.value(0).toLongLong(), q.value(1).toLongLong());
        table->addText(q.value(2).toString());
        table->addText(q.value(3).toString());
        table->addText(q.value(6).toString());
        table->endRow();
        durations.push_back(q.value(4).toLongLong());
        rates.push_back(q.value(5).toLongLong());
        if (durations.size() % kPollEvery == 0 && progress.cancelled()) return nullptr;
    }
    table->setNumbers(FileDuration, std::move(durations));
    table->setNumbers(FileSampleRate, std::move(rates));
    return table;
}

}  // namespace

std::shared_ptr<CatalogTable> newTrackTable() {
    return std::make_shared<CatalogTable>(std::vector<CatalogTable::Column>{
        {tr("Artist"), Kind::Text, {}, {}},
        {tr("Title"), Kind::Text, {}, {}},
        {tr("Album"), Kind::Text, {}, {}},
        {tr("Length"),
         Kind::Duration,
         tr("The length of the track's audio file, where it has one; else what the listening "
            "history says"),
         {}},
        {tr("Plays"),
         Kind::Integer,
         tr("How often the track was played, by everyone in the history"),
         {}},
        {tr("Listeners"), Kind::Integer, tr("How many different people played the track"), {}},
        {tr("Audio"), Kind::Flag, tr("Whether an audio file for the track is known"), tr("Yes")},
    });
}

CatalogTablePtr trackTableFrom(const std::vector<TrackSummary>& tracks) {
    auto table = newTrackTable();
    table->reserve(tracks.size());
    std::vector<qint64> plays, listeners, audio, lengths;
    for (const TrackSummary& t : tracks) {
        table->beginRow(t.trackId, t.trackId);
        table->addText(t.artist);
        table->addText(t.title);
        table->addText(t.album);
        table->endRow();
        plays.push_back(t.plays);
        listeners.push_back(t.listeners);
        audio.push_back(t.hasAudio ? 1 : 0);
        lengths.push_back(t.lengthMs);
    }
    table->setNumbers(TrackLength, std::move(lengths));
    table->setNumbers(TrackPlays, std::move(plays));
    table->setNumbers(TrackListeners, std::move(listeners));
    table->setNumbers(TrackHasAudio, std::move(audio));
    return table;
}

Result<CatalogTables> loadCatalogTables(ProjectStore& store, int parts, const Progress& progress) {
    QSqlDatabase& db = store.database();
    CatalogTables out;
    Names names;
    std::vector<QString> artistNames;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id FROM users ORDER BY id")))
            return failed(q, QStringLiteral("users"));
        while (q.next()) names.userIds.push_back(q.value(0).toLongLong());
        if (!q.exec(QStringLiteral("SELECT id, name FROM artists ORDER BY id")))
            return failed(q, QStringLiteral("artists"));
        while (q.next()) {
            names.artistIds.push_back(q.value(0).toLongLong());
            artistNames.push_back(q.value(1).toString());
        }
    }
    names.users.build(names.userIds);
    names.artists.build(names.artistIds);
    if (progress.cancelled()) return Status::cancelled();

    // Tracks: their text goes straight into the table (when asked for); the ids and artists
    // are needed by every count.
    std::shared_ptr<CatalogTable> tracks;
    if (parts & CatalogTracks) tracks = newTrackTable();
    std::vector<qint64> artistTracks(names.artistIds.size(), 0);
    std::vector<qint64> historyLengths;  // what the listening history says, per track row
    {
        qint64 total = 0;
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT count(*) FROM tracks")) && q.next())
            total = q.value(0).toLongLong();
        names.trackIds.reserve(size_t(total));
        names.artistOfTrack.reserve(size_t(total));
        if (tracks) tracks->reserve(size_t(total));
        q.setForwardOnly(true);
        if (!q.exec(QString::fromLatin1(tracks ? "SELECT id, artist_id, title, album, duration_ms "
                                                 "FROM tracks ORDER BY id"
                                               : "SELECT id, artist_id FROM tracks ORDER BY id")))
            return failed(q, QStringLiteral("tracks"));
        const Progress reading = progress.sub(0.0, 0.4);
        while (q.next()) {
            const Id id = q.value(0).toLongLong();
            const qint32 artist = names.artists.row(q.value(1).toLongLong());
            names.trackIds.push_back(id);
            names.artistOfTrack.push_back(artist);
            if (artist >= 0) ++artistTracks[size_t(artist)];
            if (tracks) {
                tracks->beginRow(id, id);
                tracks->addText(artist >= 0 ? artistNames[size_t(artist)] : QString());
                tracks->addText(q.value(2).toString());
                tracks->addText(q.value(3).toString());
                tracks->endRow();
                historyLengths.push_back(q.value(4).toLongLong());
            }
            if (names.trackIds.size() % kPollEvery == 0) {
                if (progress.cancelled()) return Status::cancelled();
                reading.report(total > 0 ? double(names.trackIds.size()) / double(total) : 0.0,
                               tr("Reading tracks"));
            }
        }
    }
    names.tracks.build(names.trackIds);

    HistoryStats stats;
    if (Status s = readHistory(db, names, stats, progress.sub(0.4, 0.95)); !s.isOk()) return s;

    if (tracks) {
        std::vector<qint64> hasAudio(names.trackIds.size(), 0);
        std::vector<qint64> lengths = std::move(historyLengths);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // In id order: a track's first file is the one whose length it shows.
        if (!q.exec(QStringLiteral(
                "SELECT track_id, duration_ms FROM files WHERE track_id > 0 ORDER BY id")))
            return failed(q, QStringLiteral("files"));
        while (q.next())
            if (const qint32 t = names.tracks.row(q.value(0).toLongLong());
                t >= 0 && !hasAudio[size_t(t)]) {
                hasAudio[size_t(t)] = 1;
                lengths[size_t(t)] = trackLengthMs(int(lengths[size_t(t)]), q.value(1).toInt());
            }
        tracks->setNumbers(TrackLength, std::move(lengths));
        tracks->setNumbers(TrackPlays, std::move(stats.trackPlays));
        tracks->setNumbers(TrackListeners, std::move(stats.trackListeners));
        tracks->setNumbers(TrackHasAudio, std::move(hasAudio));
        out.tracks = tracks;
    }
    if (parts & CatalogArtists) {
        auto artists = std::make_shared<CatalogTable>(std::vector<CatalogTable::Column>{
            {tr("Name"), Kind::Text, {}, {}},
            {tr("Tracks"), Kind::Integer, {}, {}},
            {tr("Plays"), Kind::Integer, tr("Plays of all the artist's tracks"), {}},
            {tr("Listeners"), Kind::Integer, tr("How many different people played the artist"), {}},
        });
        artists->reserve(names.artistIds.size());
        for (size_t r = 0; r < names.artistIds.size(); ++r) {
            artists->beginRow(names.artistIds[r]);
            artists->addText(artistNames[r]);
            artists->endRow();
        }
        artists->setNumbers(ArtistTracks, std::move(artistTracks));
        artists->setNumbers(ArtistPlays, std::move(stats.artistPlays));
        artists->setNumbers(ArtistListeners, std::move(stats.artistListeners));
        out.artists = artists;
    }
    if (parts & CatalogUsers) out.users = makeUsers(db, names, stats);
    if (parts & CatalogFiles) {
        out.files = makeFiles(db, progress);
        if (!out.files) return Status::cancelled();
    }
    progress.report(1.0);
    return out;
}

}  // namespace tl
