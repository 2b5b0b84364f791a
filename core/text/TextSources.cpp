#include "text/TextSources.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>
#include <algorithm>

#include "catalog/NameNormalizer.h"
#include "store/ProjectStore.h"
#include "text/NameMatcher.h"
#include "util/NativePath.h"

namespace tl {
namespace {

bool hasSuffix(const QString& path, std::initializer_list<const char*> suffixes) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const char* s : suffixes)
        if (suffix == QLatin1String(s)) return true;
    return false;
}

SourceFile describe(const QFileInfo& info, SourceFile::Kind kind) {
    SourceFile f;
    f.kind = kind;
    f.path = info.absoluteFilePath();
    f.size = info.size();
    f.mtime = info.lastModified().toSecsSinceEpoch();
    return f;
}

void addLinked(std::vector<int>& list, int entity) {
    if (entity >= 0 && std::find(list.begin(), list.end(), entity) == list.end())
        list.push_back(entity);
}

}  // namespace

bool isCorpusDocument(const QString& path) {
    return hasSuffix(path, {"txt", "md", "markdown", "html", "htm"});
}
bool isSidecarDocument(const QString& path) {
    return hasSuffix(path, {"txt", "md", "nfo", "lrc"});
}
bool isHtml(const QString& path) {
    return hasSuffix(path, {"html", "htm"});
}

TextSourceOptions savedTextSources(const ProjectStore& store) {
    TextSourceOptions o;
    o.corpusDirs = store.setting(QString::fromLatin1(kCorpusDirsSetting))
                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    o.tagFiles = store.setting(QString::fromLatin1(kTagFilesSetting))
                     .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return o;
}

Status saveTextSources(ProjectStore& store, const TextSourceOptions& sources) {
    ProjectStore::Transaction tx(store);
    if (Status s = store.setSetting(QString::fromLatin1(kCorpusDirsSetting),
                                    sources.corpusDirs.join(QLatin1Char('\n')));
        !s.isOk())
        return s;
    if (Status s = store.setSetting(QString::fromLatin1(kTagFilesSetting),
                                    sources.tagFiles.join(QLatin1Char('\n')));
        !s.isOk())
        return s;
    return tx.commit();
}

Result<TextInputs> listTextInputs(const ProjectStore& store, const TextSourceOptions& options) {
    TextInputs in;
    in.artists = store.artists();
    in.tracks = store.tracks();
    for (const QString& dir : options.corpusDirs) {
        if (!QFileInfo(dir).isDir()) {
            in.warnings << QStringLiteral("%1: corpus folder not found").arg(dir);
            continue;
        }
        std::vector<SourceFile> found;
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (isCorpusDocument(it.filePath()))
                found.push_back(describe(it.fileInfo(), SourceFile::Kind::Corpus));
        }
        std::sort(found.begin(), found.end(),
                  [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
        in.files.insert(in.files.end(), found.begin(), found.end());
    }
    QHash<Id, int> trackIndex;
    for (int t = 0; t < int(in.tracks.size()); ++t) trackIndex.insert(in.tracks[size_t(t)].id, t);
    if (options.sidecars) {
        QSet<QString> folders;
        for (const AudioFile& f : store.files()) {
            const int track = trackIndex.value(f.trackId, -1);
            if (track < 0) continue;
            in.musicFiles.emplace_back(QFileInfo(f.path).absoluteFilePath(), track);
            // By string, not by QDir: a folder whose name is not UTF-8 (util/NativePath.h) is
            // one Qt cannot enter, and its sidecars are listed by their bytes below.
            const QString album = QFileInfo(f.path).absolutePath();
            folders.insert(album);
            if (const qsizetype slash = album.lastIndexOf(QLatin1Char('/')); slash > 0)
                folders.insert(album.left(slash));
        }
        QStringList sorted(folders.begin(), folders.end());
        sorted.sort();
        for (const QString& folder : sorted)
            for (const NativeEntry& entry : filesInFolder(folder))
                if (isSidecarDocument(QFileInfo(entry.path).fileName())) {
                    SourceFile file;
                    file.kind = SourceFile::Kind::Sidecar;
                    file.path = entry.path;
                    file.size = entry.info.size;
                    file.mtime = entry.info.mtime;
                    in.files.push_back(std::move(file));
                }
    }
    for (const QString& path : options.tagFiles) {
        const QFileInfo info(path);
        if (!info.isFile()) {
            in.warnings << QStringLiteral("%1: tag file not found").arg(path);
            continue;
        }
        in.files.push_back(describe(info, SourceFile::Kind::TagSet));
    }
    if (options.fileTags) {
        QSqlDatabase db = const_cast<ProjectStore&>(store).database();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // A project older than schema 2 has no file_tags (and one older than 3 none of
        // description, mood, grouping: ProjectStore upgrades on open): nothing to read then.
        if (q.exec(QStringLiteral("SELECT f.track_id, t.genre, t.mood, t.grouping, t.comment, "
                                  "t.description FROM file_tags t JOIN files f ON f.id = "
                                  "t.file_id WHERE f.track_id IS NOT NULL AND f.track_id != 0 "
                                  "ORDER BY f.id"))) {
            const int artists = int(in.artists.size());
            while (q.next()) {
                const int track = trackIndex.value(q.value(0).toLongLong(), -1);
                if (track < 0) continue;
                QStringList parts;
                // Genre, mood and grouping are labels: multi-valued ones ("Shoegaze; Dream
                // Pop") become separate phrases, so no bigram spans two labels. Comment and
                // description are prose, kept as written. The text model has no per-field
                // weights: each field's words count once per occurrence, like a document's.
                for (int column = 1; column <= 5; ++column) {
                    QString field = q.value(column).toString().trimmed();
                    if (field.isEmpty()) continue;
                    if (column <= 3)
                        field.replace(QLatin1Char(';'), QLatin1Char('.'))
                            .replace(QLatin1Char('/'), QLatin1Char('.'));
                    parts << field;
                }
                if (parts.isEmpty()) continue;
                in.fileTags.push_back({parts.join(QStringLiteral(".\n")), {artists + track}});
            }
        }
    }
    return in;
}

void linkSourceFiles(TextInputs& inputs, const NameMatcher& matcher) {
    // Which artists have music in each folder, and which track each music file's base name is.
    QHash<QString, std::vector<int>> artistsIn;     // folder -> artists with files right there
    QHash<QString, std::vector<int>> artistsBelow;  // folder -> artists with files one level down
    QHash<QString, int> trackByBase;                // "<folder>/<base name>" -> track entity
    const int artists = matcher.artistCount();
    for (const auto& [path, track] : inputs.musicFiles) {
        const QFileInfo info(path);
        const int artist = matcher.artistOf(artists + track);
        addLinked(artistsIn[info.absolutePath()], artist);
        QDir up = info.dir();
        if (up.cdUp()) addLinked(artistsBelow[up.absolutePath()], artist);
        trackByBase.insert(info.absolutePath() + QLatin1Char('/') + info.completeBaseName(),
                           artists + track);
    }
    for (SourceFile& f : inputs.files) {
        const QFileInfo info(f.path);
        if (f.kind == SourceFile::Kind::Corpus) {
            // A document named after an artist ("Slowdive.txt", as the demo writes them) is about
            // that artist even where its text never names it.
            addLinked(f.linked, matcher.artistNamed(info.completeBaseName()));
        } else if (f.kind == SourceFile::Kind::Sidecar) {
            const QString folder = info.absolutePath();
            // An album (or artist) folder with music in it: the text is about its artists; a
            // lyrics or notes file named like a music file is about that track.
            for (int a : artistsIn.value(folder)) addLinked(f.linked, a);
            // The folder above albums counts only when it is named after the artist: a
            // "Shoegaze" genre folder's notes are not about every artist inside it.
            const QString folderKey = artistKey(QDir(folder).dirName()).key;
            for (int a : artistsBelow.value(folder))
                if (matcher.artistNamed(QDir(folder).dirName()) == a && !folderKey.isEmpty())
                    addLinked(f.linked, a);
            addLinked(f.linked,
                      trackByBase.value(folder + QLatin1Char('/') + info.completeBaseName(), -1));
        }
    }
}

}  // namespace tl
