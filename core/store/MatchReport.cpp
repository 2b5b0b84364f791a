#include "store/MatchReport.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "catalog/NameNormalizer.h"
#include "store/ProjectStore.h"
#include "store/SqlStatus.h"

namespace tl {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("MatchReport", text);
}

constexpr int kUnmatchedInText = 5;  // the text's line names this many; JSON has them all
constexpr double kFewShared = 0.25;  // below: "only N%", CF places me by few tracks

// "60%"; never "0%" for a share above zero, never "100%" for one below one.
QString percent(double share) {
    if (share > 0 && share < 0.005) return tr("under 1%");
    if (share < 1 && share >= 0.995) return tr("over 99%");
    return QStringLiteral("%1%").arg(std::lround(share * 100));
}

QString plays(qint64 n) {
    return n == 1 ? tr("1 play") : tr("%1 plays").arg(n);
}

QString trackName(const QString& artist, const QString& title) {
    return artist + QStringLiteral(" - ") + title;
}

// A query that must run: its error as the store reports errors.
Status run(QSqlQuery& q, const QString& sql) {
    if (!q.exec(sql)) return queryError(q, QStringLiteral("The match report"));
    return Status::ok();
}

// SQL that is true when someone other than `me` played track `column` (listens or counts).
QString playedByOthers(const QString& column, Id me) {
    return QStringLiteral(
               "(EXISTS (SELECT 1 FROM listens l WHERE l.track_id = %1 AND l.user_id "
               "<> %2) OR EXISTS (SELECT 1 FROM play_counts p WHERE p.track_id = %1 "
               "AND p.user_id <> %2))")
        .arg(column)
        .arg(me);
}

// How two title keys of one artist differ when one is the other plus words: "live", "remix".
// Empty when they are not one title plus a version.
QString extraWords(const QString& a, const QString& b) {
    const QString& shorter = a.size() <= b.size() ? a : b;
    const QString& longer = a.size() <= b.size() ? b : a;
    if (shorter.isEmpty() || longer.size() <= shorter.size() + 1) return {};
    if (!longer.startsWith(shorter) || longer[shorter.size()] != QLatin1Char(' ')) return {};
    return longer.mid(shorter.size() + 1);
}

// Tracks of mine no one else played, kept apart from a near namesake that others did play:
// another version of the title under the same artist, or the same title under another artist
// of the same name (a different MusicBrainz ID). Few tracks, so a few small queries.
Status findKeptApart(const ProjectStore& store, MatchReport& report) {
    if (report.topUnmatched.empty()) return Status::ok();
    QSqlQuery q(store.database());
    std::unordered_map<Id, Id> artistOfTrack;
    {
        QStringList ids;
        for (const MatchReport::Unmatched& u : report.topUnmatched)
            ids << QString::number(u.trackId);
        if (Status s = run(q, QStringLiteral("SELECT id, artist_id FROM tracks WHERE id IN (%1)")
                                  .arg(ids.join(QLatin1Char(','))));
            !s.isOk())
            return s;
        while (q.next()) artistOfTrack[q.value(0).toLongLong()] = q.value(1).toLongLong();
    }
    // Every artist named as one of theirs, in one scan of the artists (SQLite's lower() folds
    // ASCII only; the keys below decide).
    QHash<QString, std::vector<std::pair<Id, QString>>> byKey;
    {
        QStringList marks;
        for (size_t i = 0; i < report.topUnmatched.size(); ++i) marks << QStringLiteral("lower(?)");
        q.prepare(QStringLiteral("SELECT id, name FROM artists WHERE lower(name) IN (%1)")
                      .arg(marks.join(QLatin1Char(','))));
        for (const MatchReport::Unmatched& u : report.topUnmatched) q.addBindValue(u.artist);
        if (!q.exec()) return queryError(q, QStringLiteral("The match report"));
        while (q.next()) {
            const QString name = q.value(1).toString();
            byKey[artistKey(name).key].emplace_back(q.value(0).toLongLong(), name);
        }
    }
    QSqlQuery tracks(store.database());
    tracks.prepare(QStringLiteral("SELECT t.id, t.title, %1 FROM tracks t WHERE t.artist_id = ?")
                       .arg(playedByOthers(QStringLiteral("t.id"), report.meId)));
    for (const MatchReport::Unmatched& u : report.topUnmatched) {
        const Id myArtist = artistOfTrack[u.trackId];
        const QString myTitleKey = titleKey(u.title).key;
        // The artist itself, then its namesakes.
        std::vector<std::pair<Id, QString>> artists{{myArtist, u.artist}};
        for (const auto& [id, name] : byKey[artistKey(u.artist).key])
            if (id != myArtist) artists.emplace_back(id, name);
        bool found = false;
        for (const auto& [artistId, artistName] : artists) {
            tracks.addBindValue(artistId);
            if (!tracks.exec()) return queryError(tracks, QStringLiteral("The match report"));
            while (!found && tracks.next()) {
                if (tracks.value(0).toLongLong() == u.trackId || !tracks.value(2).toBool())
                    continue;
                const QString title = tracks.value(1).toString();
                const QString key = titleKey(title).key;
                QString why;
                if (artistId != myArtist && key == myTitleKey) {
                    why = tr("two artists are named %1 (different MusicBrainz IDs)").arg(u.artist);
                } else if (artistId == myArtist && key == myTitleKey) {
                    why = tr("two recordings of one title (different MusicBrainz IDs or lengths)");
                } else if (artistId == myArtist) {
                    const QString extra = extraWords(myTitleKey, key);
                    if (!extra.isEmpty())
                        why = tr("another version (%1) is another recording").arg(extra);
                }
                if (why.isEmpty()) continue;
                report.keptApart.push_back(
                    {trackName(u.artist, u.title), trackName(artistName, title), why});
                found = true;
            }
            if (found) break;
        }
    }
    return Status::ok();
}

}  // namespace

QString MatchReport::verdict() const {
    if (meId == 0)
        return tr(
            "No user is marked as you, so nothing can be matched yet: import your own "
            "history as you (--me NAME, or “Whose history is it?” in the window).");
    if (myPlays == 0)
        return tr(
            "You have no plays in the project yet: collaborative filtering cannot place "
            "you; your playlist will come from sound and text only.");
    if (otherListeners == 0)
        return tr(
            "Yours is the only history in the project: collaborative filtering has no "
            "other listeners to place you among and learns from your own sessions; import "
            "a data set of other listeners for recommendations from them.");
    if (mySharedPlays == 0)
        return tr(
            "Your history shares no track with the other listeners: collaborative "
            "filtering cannot place you; your playlist will come from sound and text only.");
    if (playShare() < kFewShared)
        return tr("Only %1 of your plays are on tracks the other listeners played: collaborative "
                  "filtering places you by those few tracks; sound and text carry more of your "
                  "playlist.")
            .arg(percent(playShare()));
    QString sentence = tr("%1 of your plays are on tracks the other listeners played: "
                          "collaborative filtering can place you among them.")
                           .arg(percent(playShare()));
    sentence[0] = sentence[0].toUpper();  // "Over 99% of your plays…"
    return sentence;
}

QStringList MatchReport::lines() const {
    QStringList out;
    if (meId == 0) {
        out << tr("Match with the other listeners: no user is marked as you.");
        out << QStringLiteral("  ") + verdict();
        return out;
    }
    out << tr("Match with the other listeners (you are %1; %2):")
               .arg(me, otherListeners == 1 ? tr("1 other listener")
                                            : tr("%1 other listeners").arg(otherListeners));
    out << QStringLiteral("  ") +
               tr("Your plays on tracks others played: %1 of %2 (%3); your tracks: %4 of %5 (%6).")
                   .arg(mySharedPlays)
                   .arg(myPlays)
                   .arg(percent(playShare()))
                   .arg(mySharedTracks)
                   .arg(myTracks)
                   .arg(percent(trackShare()));
    if (files > 0)
        out << QStringLiteral("  ") + tr("Music folder: %1 of %2 files (%3) are tracks someone "
                                         "played; you played %4 of them.")
                                          .arg(filesPlayed)
                                          .arg(files)
                                          .arg(percent(fileShare()))
                                          .arg(filesMine);
    else
        out << QStringLiteral("  ") + tr("Music folder: none scanned yet.");
    if (!topUnmatched.empty()) {
        QStringList names;
        for (size_t i = 0; i < topUnmatched.size() && i < size_t(kUnmatchedInText); ++i)
            names << tr("%1 (%2)").arg(trackName(topUnmatched[i].artist, topUnmatched[i].title),
                                       plays(topUnmatched[i].plays));
        out << QStringLiteral("  ") + tr("Played by no one else, most played first: %1%2")
                                          .arg(names.join(QStringLiteral("; ")),
                                               myTracks - mySharedTracks > qint64(names.size())
                                                   ? tr("; …")
                                                   : QString());
    }
    for (const KeptApart& k : keptApart)
        out << QStringLiteral("  ") +
                   tr("Kept apart, not merged: %1 / %2: %3.").arg(k.mine, k.other, k.why);
    out << QStringLiteral("  ") + verdict();
    return out;
}

QJsonObject MatchReport::toJson() const {
    QJsonArray unmatched;
    for (const Unmatched& u : topUnmatched)
        unmatched.append(QJsonObject{{QStringLiteral("artist"), u.artist},
                                     {QStringLiteral("title"), u.title},
                                     {QStringLiteral("plays"), double(u.plays)}});
    QJsonArray apart;
    for (const KeptApart& k : keptApart)
        apart.append(QJsonObject{{QStringLiteral("mine"), k.mine},
                                 {QStringLiteral("other"), k.other},
                                 {QStringLiteral("why"), k.why}});
    return QJsonObject{
        {QStringLiteral("me"), me},
        {QStringLiteral("other_listeners"), double(otherListeners)},
        {QStringLiteral("my_plays"), double(myPlays)},
        {QStringLiteral("my_plays_shared"), double(mySharedPlays)},
        {QStringLiteral("my_plays_shared_share"), playShare()},
        {QStringLiteral("my_tracks"), double(myTracks)},
        {QStringLiteral("my_tracks_shared"), double(mySharedTracks)},
        {QStringLiteral("my_tracks_shared_share"), trackShare()},
        {QStringLiteral("files"), double(files)},
        {QStringLiteral("files_played"), double(filesPlayed)},
        {QStringLiteral("files_played_share"), fileShare()},
        {QStringLiteral("files_mine"), double(filesMine)},
        {QStringLiteral("top_unmatched"), unmatched},
        {QStringLiteral("kept_apart"), apart},
        {QStringLiteral("cf_can_place_me"), cfCanPlaceMe()},
        {QStringLiteral("verdict"), verdict()},
    };
}

Result<MatchReport> computeMatchReport(const ProjectStore& store, int topUnmatched) {
    MatchReport r;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    if (Status s = run(q, QStringLiteral("SELECT id, name FROM users WHERE is_me = 1 LIMIT 1"));
        !s.isOk())
        return s;
    if (q.next()) {
        r.meId = q.value(0).toLongLong();
        r.me = q.value(1).toString();
    }
    const Id me = r.meId;  // 0 matches no user: everyone is "other"

    // Users other than me with any plays (each an index probe on the primary keys).
    if (Status s = run(q, QStringLiteral("SELECT count(*) FROM users u WHERE u.id <> %1 AND "
                                         "(EXISTS (SELECT 1 FROM listens l WHERE l.user_id = u.id) "
                                         "OR EXISTS (SELECT 1 FROM play_counts p WHERE p.user_id = "
                                         "u.id))")
                              .arg(me));
        !s.isOk())
        return s;
    if (q.next()) r.otherListeners = q.value(0).toLongLong();

    // My plays per track, and whether anyone else played it: one grouped pass over my rows.
    struct Mine {
        Id track;
        qint64 plays;
    };
    std::vector<Mine> unmatched;
    if (me != 0) {
        if (Status s = run(q, QStringLiteral("SELECT m.track_id, sum(m.plays), %1 FROM (SELECT "
                                             "track_id, count(*) AS plays FROM listens WHERE "
                                             "user_id = %2 GROUP BY track_id UNION ALL SELECT "
                                             "track_id, plays FROM play_counts WHERE user_id = %2) "
                                             "m GROUP BY m.track_id")
                                  .arg(playedByOthers(QStringLiteral("m.track_id"), me))
                                  .arg(me));
            !s.isOk())
            return s;
        while (q.next()) {
            const qint64 plays = q.value(1).toLongLong();
            ++r.myTracks;
            r.myPlays += plays;
            if (q.value(2).toBool()) {
                ++r.mySharedTracks;
                r.mySharedPlays += plays;
            } else {
                unmatched.push_back({q.value(0).toLongLong(), plays});
            }
        }
    }

    // The music folders' files: matched to a track anyone played, to one I played.
    if (Status s = run(
            q, QStringLiteral("SELECT count(*), coalesce(sum(f.track_id IS NOT NULL AND (EXISTS "
                              "(SELECT 1 FROM listens l WHERE l.track_id = f.track_id) OR EXISTS "
                              "(SELECT 1 FROM play_counts p WHERE p.track_id = f.track_id))), 0), "
                              "coalesce(sum(f.track_id IS NOT NULL AND (EXISTS (SELECT 1 FROM "
                              "listens l WHERE l.user_id = %1 AND l.track_id = f.track_id) OR "
                              "EXISTS (SELECT 1 FROM play_counts p WHERE p.user_id = %1 AND "
                              "p.track_id = f.track_id))), 0) FROM files f")
                   .arg(me));
        !s.isOk())
        return s;
    if (q.next()) {
        r.files = q.value(0).toLongLong();
        r.filesPlayed = q.value(1).toLongLong();
        r.filesMine = q.value(2).toLongLong();
    }

    // The most played of my unmatched tracks, by name (ties: the earlier track first).
    std::sort(unmatched.begin(), unmatched.end(), [](const Mine& a, const Mine& b) {
        return a.plays != b.plays ? a.plays > b.plays : a.track < b.track;
    });
    if (unmatched.size() > size_t(std::max(topUnmatched, 0)))
        unmatched.resize(size_t(std::max(topUnmatched, 0)));
    if (!unmatched.empty()) {
        QStringList ids;
        for (const Mine& m : unmatched) ids << QString::number(m.track);
        if (Status s = run(q, QStringLiteral("SELECT t.id, a.name, t.title FROM tracks t JOIN "
                                             "artists a ON a.id = t.artist_id WHERE t.id IN (%1)")
                                  .arg(ids.join(QLatin1Char(','))));
            !s.isOk())
            return s;
        std::unordered_map<Id, std::pair<QString, QString>> names;
        while (q.next())
            names[q.value(0).toLongLong()] = {q.value(1).toString(), q.value(2).toString()};
        for (const Mine& m : unmatched) {
            const auto& [artist, title] = names[m.track];
            r.topUnmatched.push_back({m.track, artist, title, m.plays});
        }
    }
    if (Status s = findKeptApart(store, r); !s.isOk()) return s;
    return r;
}

}  // namespace tl
