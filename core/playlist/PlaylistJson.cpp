// WeeklyPlaylist <-> JSON: how a playlist is saved in the project and printed by the CLI.
#include <QJsonArray>

#include "playlist/IsoWeek.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {
namespace {

QJsonArray idArray(const std::vector<Id>& ids) {
    QJsonArray a;
    for (Id id : ids) a.append(double(id));
    return a;
}

}  // namespace

QJsonObject WeeklyPlaylist::toJson() const {
    QJsonObject weightsJson, missingJson;
    for (const auto& [name, w] : weights) weightsJson[name] = w;
    for (const auto& [name, why] : missingSources) missingJson[name] = why;
    QJsonArray tracks;
    for (const PlaylistEntry& e : entries) {
        QJsonArray sources;
        for (const SourceShare& s : e.sources) {
            QJsonObject ev{{QStringLiteral("because_of"), idArray(s.evidence.becauseOf)},
                           {QStringLiteral("cold_start"), s.evidence.coldStart}};
            if (s.evidence.similarListeners >= 0) {
                ev[QStringLiteral("similar_listeners")] = s.evidence.similarListeners;
                ev[QStringLiteral("neighbours")] = s.evidence.neighbours;
                if (s.evidence.otherListeners >= 0)
                    ev[QStringLiteral("other_listeners")] = s.evidence.otherListeners;
            }
            if (s.evidence.listeners >= 0) ev[QStringLiteral("listeners")] = s.evidence.listeners;
            sources.append(QJsonObject{{QStringLiteral("source"), s.source},
                                       {QStringLiteral("weight"), double(s.weight)},
                                       {QStringLiteral("normalised"), double(s.normalised)},
                                       {QStringLiteral("share"), double(s.share)},
                                       {QStringLiteral("phrase"), s.phrase},
                                       {QStringLiteral("detail"), s.detail},
                                       {QStringLiteral("evidence"), ev}});
        }
        tracks.append(
            QJsonObject{{QStringLiteral("position"), e.position},
                        {QStringLiteral("track_id"), double(e.trackId)},
                        {QStringLiteral("artist"), e.artist},
                        {QStringLiteral("title"), e.title},
                        {QStringLiteral("album"), e.album},
                        {QStringLiteral("mbid"), e.mbid},
                        {QStringLiteral("artist_mbid"), e.artistMbid},
                        {QStringLiteral("file"), e.filePath},
                        {QStringLiteral("duration_ms"), e.durationMs},
                        {QStringLiteral("score"), double(e.score)},
                        {QStringLiteral("summary"), e.summary},
                        {QStringLiteral("because"), QJsonArray::fromStringList(e.because)},
                        {QStringLiteral("chosen_by"), e.chosenBy},
                        {QStringLiteral("sources"), sources}});
    }
    return QJsonObject{{QStringLiteral("title"), title()},
                       {QStringLiteral("user"), userName},
                       {QStringLiteral("user_id"), double(userId)},
                       {QStringLiteral("week"), isoWeekName(weekStart)},
                       {QStringLiteral("week_start"), double(weekStart)},
                       {QStringLiteral("mode"), playlistModeName(mode)},
                       {QStringLiteral("seed"), QString::number(seed)},
                       {QStringLiteral("week_seed"), QString::number(weekSeed)},
                       {QStringLiteral("weights"), weightsJson},
                       {QStringLiteral("missing_sources"), missingJson},
                       {QStringLiteral("fallback"), fallback},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
                       {QStringLiteral("shortfall"), shortfall},
                       {QStringLiteral("eligible"), eligible},
                       {QStringLiteral("tracks"), tracks}};
}

Result<WeeklyPlaylist> WeeklyPlaylist::fromJson(const QJsonObject& o) {
    WeeklyPlaylist p;
    if (!o.contains(QStringLiteral("tracks")) || !o.contains(QStringLiteral("week_start")))
        return Status::error(QStringLiteral("stored playlist lacks tracks or week"));
    p.userName = o.value(QStringLiteral("user")).toString();
    p.userId = Id(o.value(QStringLiteral("user_id")).toDouble());
    p.weekStart = qint64(o.value(QStringLiteral("week_start")).toDouble());
    if (!parsePlaylistMode(o.value(QStringLiteral("mode")).toString(), &p.mode))
        return Status::error(QStringLiteral("stored playlist has an unknown mode"));
    p.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    p.weekSeed = o.value(QStringLiteral("week_seed")).toString().toULongLong();
    const QJsonObject w = o.value(QStringLiteral("weights")).toObject();
    for (auto it = w.begin(); it != w.end(); ++it) p.weights[it.key()] = it.value().toDouble();
    const QJsonObject m = o.value(QStringLiteral("missing_sources")).toObject();
    for (auto it = m.begin(); it != m.end(); ++it)
        p.missingSources[it.key()] = it.value().toString();
    p.fallback = o.value(QStringLiteral("fallback")).toBool();
    for (const auto& v : o.value(QStringLiteral("warnings")).toArray()) p.warnings << v.toString();
    p.shortfall = o.value(QStringLiteral("shortfall")).toString();
    p.eligible = o.value(QStringLiteral("eligible")).toInt();
    for (const auto& tv : o.value(QStringLiteral("tracks")).toArray()) {
        const QJsonObject t = tv.toObject();
        PlaylistEntry e;
        e.position = t.value(QStringLiteral("position")).toInt();
        e.trackId = Id(t.value(QStringLiteral("track_id")).toDouble());
        e.artist = t.value(QStringLiteral("artist")).toString();
        e.title = t.value(QStringLiteral("title")).toString();
        e.album = t.value(QStringLiteral("album")).toString();
        e.mbid = t.value(QStringLiteral("mbid")).toString();
        e.artistMbid = t.value(QStringLiteral("artist_mbid")).toString();
        e.filePath = t.value(QStringLiteral("file")).toString();
        e.durationMs = t.value(QStringLiteral("duration_ms")).toInt();
        e.score = float(t.value(QStringLiteral("score")).toDouble());
        e.summary = t.value(QStringLiteral("summary")).toString();
        e.chosenBy = t.value(QStringLiteral("chosen_by")).toString();
        for (const auto& b : t.value(QStringLiteral("because")).toArray())
            e.because << b.toString();
        for (const auto& sv : t.value(QStringLiteral("sources")).toArray()) {
            const QJsonObject s = sv.toObject();
            const QJsonObject ev = s.value(QStringLiteral("evidence")).toObject();
            SourceShare share;
            share.source = s.value(QStringLiteral("source")).toString();
            share.weight = float(s.value(QStringLiteral("weight")).toDouble());
            share.normalised = float(s.value(QStringLiteral("normalised")).toDouble());
            share.share = float(s.value(QStringLiteral("share")).toDouble());
            share.phrase = s.value(QStringLiteral("phrase")).toString();
            share.detail = s.value(QStringLiteral("detail")).toString();
            for (const auto& b : ev.value(QStringLiteral("because_of")).toArray())
                share.evidence.becauseOf.push_back(Id(b.toDouble()));
            share.evidence.coldStart = ev.value(QStringLiteral("cold_start")).toBool();
            share.evidence.similarListeners =
                ev.value(QStringLiteral("similar_listeners")).toInt(-1);
            share.evidence.neighbours = ev.value(QStringLiteral("neighbours")).toInt();
            share.evidence.otherListeners = ev.value(QStringLiteral("other_listeners")).toInt(-1);
            share.evidence.listeners = ev.value(QStringLiteral("listeners")).toInt(-1);
            e.sources.push_back(std::move(share));
        }
        p.entries.push_back(std::move(e));
    }
    return p;
}

}  // namespace tl
