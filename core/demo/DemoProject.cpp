#include "demo/DemoProject.h"

#include <QDir>

#include "store/ImportRecords.h"
#include "store/ProjectStore.h"

namespace tl::demo {
namespace {

constexpr int kCancelCheckEvery = 1024;  // inserts between cancellation checks

Status fill(ProjectStore& store, const World& world, const std::vector<WrittenAudio>& written,
            const QString& finalRoot, const Progress& progress) {
    std::vector<Id> userIds;
    for (const auto& u : world.users) {
        User user{0, u.name, u.isMe};
        if (Status s = store.addUser(user); !s.isOk()) return s;
        userIds.push_back(user.id);
    }
    std::vector<Id> artistIds;
    for (const auto& a : world.artists) {
        Artist artist{0, a.name, a.mbid};
        if (Status s = store.addArtist(artist); !s.isOk()) return s;
        artistIds.push_back(artist.id);
    }
    std::vector<Id> trackIds;
    for (const auto& t : world.tracks) {
        Track track{
            0, artistIds[size_t(t.artist)], t.title, t.album, t.mbid, t.spotifyUri, t.durationMs};
        if (Status s = store.addTrack(track); !s.isOk()) return s;
        trackIds.push_back(track.id);
    }
    if (progress.cancelled()) return Status::cancelled();

    // The generated history is one imported source, which can be deleted like any other.
    QString me;
    for (const auto& u : world.users)
        if (u.isMe) me = u.name;
    auto record = beginImportRecord(
        store, QStringLiteral("Generated demo world (seed %1)").arg(world.seed), {finalRoot}, me);
    if (!record) return record.status();
    const size_t listens = world.listens.size();
    qint64 stored = 0;
    for (size_t i = 0; i < listens; ++i) {
        const WorldListen& l = world.listens[i];
        const Listen listen{userIds[size_t(l.user)], trackIds[size_t(l.track)], l.endedAt,
                            l.msPlayed, l.skipped};
        bool added = false;
        if (Status s = store.addListen(listen, &added); !s.isOk()) return s;
        if (added) ++stored;
        if (i % kCancelCheckEvery == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(
                0.9 * double(i) / double(listens),
                QStringLiteral("Writing the project: listens %1/%2").arg(i).arg(listens));
        }
    }

    if (Status s = finishImportRecord(store, record.value(), {QStringLiteral("demo")}, stored, 0);
        !s.isOk())
        return s;

    for (size_t i = 0; i < world.audio.size(); ++i) {
        const WorldAudio& a = world.audio[i];
        AudioFile file;
        file.trackId = trackIds[size_t(a.track)];
        file.path = finalRoot + QLatin1Char('/') + a.relativePath;
        file.size = written[i].size;
        file.mtime = written[i].mtime;
        file.sampleRate = a.sampleRate;
        file.channels = a.channels;
        file.durationMs = int(qint64(a.frames) * 1000 / a.sampleRate);
        file.format = formatName(a.format);
        if (Status s = store.addFile(file); !s.isOk()) return s;
    }

    GroundTruth truth;
    truth.genreNames = world.genreNames;
    for (size_t a = 0; a < world.artists.size(); ++a)
        truth.artistGenre.emplace_back(artistIds[a], world.artists[a].genre);
    for (size_t t = 0; t < world.tracks.size(); ++t)
        truth.trackGenre.emplace_back(trackIds[t], world.tracks[t].genre);
    for (size_t u = 0; u < world.users.size(); ++u)
        truth.userTaste.push_back({userIds[u], world.users[u].taste});
    if (Status s = store.writeGroundTruth(truth); !s.isOk()) return s;
    if (Status s = store.setSetting(QStringLiteral("demo.seed"), QString::number(world.seed));
        !s.isOk())
        return s;
    if (Status s = store.setSetting(QStringLiteral("demo.size"), demoSizeName(world.size));
        !s.isOk())
        return s;
    // The demo's text documents are the project's text corpus: `train text` reads them from
    // there (the setting core/text/TextSources.h defines).
    return store.setSetting(QStringLiteral("text.corpus_dirs"),
                            QDir(finalRoot).filePath(QStringLiteral("text")));
}

}  // namespace

Status writeProject(const World& world, const std::vector<WrittenAudio>& written,
                    const QString& projectPath, const QString& finalRoot,
                    const Progress& progress) {
    auto created = ProjectStore::create(projectPath);
    if (!created) return created.status();
    std::unique_ptr<ProjectStore> store = std::move(created).value();
    ProjectStore::Transaction transaction(*store);
    if (!transaction.status().isOk()) return transaction.status().withContext(projectPath);
    if (Status s = fill(*store, world, written, finalRoot, progress); !s.isOk())
        return s.isCancelled() ? s : s.withContext(projectPath);  // the transaction rolls back
    if (progress.cancelled()) return Status::cancelled();
    progress.report(0.95, QStringLiteral("Writing the project: committing"));
    if (Status s = transaction.commit(); !s.isOk()) return s.withContext(projectPath);
    return Status::ok();
}

}  // namespace tl::demo
