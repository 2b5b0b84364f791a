// Where the text model's text comes from, listed before anything is read: corpus documents (a
// folder of .txt/.md/.html), sidecar files next to the music (.txt/.md/.nfo/.lrc in an album or
// artist folder), the tags a music-folder scan stored (file_tags: genre, mood, grouping, comment,
// description) and tag data sets (CSV/TSV of artist, [track,] tag, weight as Last.fm tag dumps
// come). The listing is what the model's fingerprint is computed from.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"

namespace tl {

class NameMatcher;
class ProjectStore;

struct TextSourceOptions {
    QStringList corpusDirs;  // searched recursively
    QStringList tagFiles;    // CSV or TSV tag data sets
    bool fileTags = true;
    bool sidecars = true;
};

struct SourceFile {
    enum class Kind { Corpus, Sidecar, TagSet };
    Kind kind = Kind::Corpus;
    QString path;
    qint64 size = 0;
    qint64 mtime = 0;
    std::vector<int> linked;  // entities it belongs to whatever it says (matcher numbering)
};

// The tag text of one music file (genre, mood, grouping, comment, description), linked to its
// track and artist.
struct TagText {
    QString text;
    std::vector<int> linked;
};

struct TextInputs {
    std::vector<Artist> artists;
    std::vector<Track> tracks;
    std::vector<SourceFile> files;  // corpus and sidecar documents, then tag sets
    std::vector<TagText> fileTags;
    std::vector<std::pair<QString, int>> musicFiles;  // absolute path, index into tracks
    QStringList warnings;                             // missing folders or files
};

// The settings key that remembers the corpus folders and tag files ("\n"-separated), so
// `train text` without arguments (and the GUI) reuses them; the demo sets the corpus folder.
inline constexpr const char* kCorpusDirsSetting = "text.corpus_dirs";
inline constexpr const char* kTagFilesSetting = "text.tag_files";
TextSourceOptions savedTextSources(const ProjectStore& store);
Status saveTextSources(ProjectStore& store, const TextSourceOptions& sources);

// Lists every input. `matcher` must have been built from the store's artists and tracks (in
// the order of artists() and tracks()): it links sidecars by folder and file name.
Result<TextInputs> listTextInputs(const ProjectStore& store, const TextSourceOptions& options);
void linkSourceFiles(TextInputs& inputs, const NameMatcher& matcher);

bool isCorpusDocument(const QString& path);   // .txt .md .markdown .html .htm
bool isSidecarDocument(const QString& path);  // .txt .md .nfo .lrc
bool isHtml(const QString& path);

}  // namespace tl
