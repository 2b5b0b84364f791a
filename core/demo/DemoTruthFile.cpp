#include "demo/DemoTruthFile.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "demo/DemoAudioFiles.h"
#include "demo/DemoGenres.h"
#include "demo/DemoOutput.h"

namespace tl::demo {
namespace {

QString isoUtc(qint64 seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
}

QJsonArray words(const std::vector<const char*>& list) {
    QJsonArray out;
    for (const char* w : list) out.append(QString::fromLatin1(w));
    return out;
}

template <class T>
QJsonArray numbers(const std::vector<T>& values) {
    QJsonArray out;
    for (T v : values) out.append(double(v));
    return out;
}

}  // namespace

Status writeTruthFile(const World& world, const QString& path) {
    const auto& catalogue = genreCatalogue();
    QJsonArray genres;
    for (int g = 0; g < int(world.genreNames.size()); ++g) {
        const GenreInfo& info = catalogue[size_t(g)];
        genres.append(QJsonObject{
            {QStringLiteral("name"), world.genreNames[size_t(g)]},
            {QStringLiteral("bpm"),
             QJsonArray{double(info.sound.bpmMin), double(info.sound.bpmMax)}},
            {QStringLiteral("vocabulary"), words(info.vocabulary)},
        });
    }
    QJsonArray artists;
    for (const auto& a : world.artists)
        artists.append(QJsonObject{{QStringLiteral("name"), a.name},
                                   {QStringLiteral("mbid"), a.mbid},
                                   {QStringLiteral("genre"), a.genre},
                                   {QStringLiteral("has_text"), a.hasText}});
    QJsonArray tracks;
    for (const auto& t : world.tracks) {
        QJsonObject o{{QStringLiteral("artist"), t.artist},
                      {QStringLiteral("title"), t.title},
                      {QStringLiteral("album"), t.album},
                      {QStringLiteral("genre"), t.genre},
                      {QStringLiteral("recording_mbid"), t.mbid},
                      {QStringLiteral("recording_msid"), t.msid},
                      {QStringLiteral("spotify_uri"), t.spotifyUri},
                      {QStringLiteral("duration_ms"), t.durationMs},
                      {QStringLiteral("cold_start"), t.coldStart}};
        if (t.audio >= 0) {
            const WorldAudio& a = world.audio[size_t(t.audio)];
            o.insert(QStringLiteral("file"), a.relativePath);
            o.insert(QStringLiteral("format"), formatName(a.format));
        } else {
            o.insert(QStringLiteral("file"), QJsonValue::Null);
        }
        tracks.append(o);
    }
    QJsonArray users;
    for (const auto& u : world.users)
        users.append(QJsonObject{{QStringLiteral("name"), u.name},
                                 {QStringLiteral("is_me"), u.isMe},
                                 {QStringLiteral("taste"), numbers(u.taste)},
                                 {QStringLiteral("favourite_tracks"), numbers(u.favouriteTracks)},
                                 {QStringLiteral("late_artists"), numbers(u.lateArtists)}});
    const QJsonObject root{
        {QStringLiteral("generator"), QStringLiteral("tastelab-demo")},
        {QStringLiteral("seed"), QString::number(world.seed)},  // a string: 64 bits survive
        {QStringLiteral("size"), demoSizeName(world.size)},
        {QStringLiteral("window"),
         QJsonObject{{QStringLiteral("start"), isoUtc(windowStart())},
                     {QStringLiteral("end"), isoUtc(windowEnd())},
                     {QStringLiteral("discovery_start"), isoUtc(discoveryStart())}}},
        {QStringLiteral("genres"), genres},
        {QStringLiteral("artists"), artists},
        {QStringLiteral("tracks"), tracks},
        {QStringLiteral("users"), users},
        {QStringLiteral("noise_words"), words(noiseWords())},
        {QStringLiteral("stop_words"), words(stopWords())},
    };
    return writeWholeFile(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

}  // namespace tl::demo
