#include "importers/HistoryPreview.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

#include "importers/ArchiveReader.h"
#include "importers/JsonLite.h"
#include "importers/TextSource.h"

namespace tl {
namespace {

constexpr qsizetype kSniffBytes = 64 * 1024;  // as much as the importer's own detection reads
constexpr int kMaxUsers = 50;                 // enough to pick "me" from; a data set has more

bool isJsonArrayFormat(HistoryFormat format) {
    switch (format) {
        case HistoryFormat::SpotifyAccount:
        case HistoryFormat::SpotifyAccountPodcast:
        case HistoryFormat::SpotifyExtended:
        case HistoryFormat::SpotifyVideo:
        case HistoryFormat::ListenBrainzJson:
            return true;
        default:
            return false;
    }
}

bool hasHeaderLine(HistoryFormat format, const QByteArray& head) {
    if (format == HistoryFormat::LastfmGhan) return head.startsWith("uts");
    if (format == HistoryFormat::LastfmCsv) return head.toLower().startsWith("artist,");
    return false;
}

class Collector {
public:
    Collector(HistoryPreview& preview, int maxFiles) : preview_(preview), maxFiles_(maxFiles) {}

    bool full() const {
        if (qsizetype(preview_.files.size()) < maxFiles_) return false;
        preview_.truncated = true;
        return true;
    }

    void missing(const QString& path) {
        PreviewFile file;
        file.path = path;
        file.note = QStringLiteral("no such file or folder");
        preview_.files.push_back(file);
    }

    // One file or archive entry, from the start of its text.
    void add(const QString& path, TextSource& source, qint64 bytes) {
        PreviewFile file;
        file.path = path;
        file.bytes = bytes;
        if (!source.error().isEmpty()) {
            file.note = QStringLiteral("cannot read: %1").arg(source.error());
            preview_.files.push_back(file);
            return;
        }
        const QByteArray head = source.peek(kSniffBytes);
        const Detection detected = detectFormat(path, head);
        file.format = detected.format;
        file.note = detected.reason;
        file.exact = head.size() < kSniffBytes;
        const qint64 counted = countRecords(detected.format, head);
        file.rows = counted;
        if (!file.exact && bytes > 0 && !head.isEmpty())
            file.rows = qint64(double(counted) * double(bytes) / double(head.size()) + 0.5);
        if (needsUserName(detected.format)) preview_.needsMe = true;
        if (detected.format == HistoryFormat::MsdTrackList)
            file.note = QStringLiteral("song names for the Taste Profile");
        else if (detected.format == HistoryFormat::SpotifyAccountPodcast)
            file.note = QStringLiteral("podcast episodes, not music");
        else if (detected.format == HistoryFormat::SpotifyVideo)
            file.note = QStringLiteral("video plays, not music");
        collectUsers(detected.format, head);
        preview_.files.push_back(file);
    }

private:
    void addUser(const QString& name) {
        const QString trimmed = name.trimmed();
        if (trimmed.isEmpty() || preview_.users.contains(trimmed)) return;
        if (preview_.users.size() < kMaxUsers) preview_.users << trimmed;
    }

    void collectUsers(HistoryFormat format, const QByteArray& head) {
        switch (format) {
            case HistoryFormat::ListenBrainzUser: {
                JsonLite json;
                if (!json.parse(head)) return;
                QString name = json.string(json.member(JsonLite::kRoot, "username"));
                if (name.trimmed().isEmpty())
                    name = json.string(json.member(JsonLite::kRoot, "user_name"));
                addUser(name);
                return;
            }
            case HistoryFormat::ListenBrainzJsonl:
            case HistoryFormat::ListenBrainzJson: {
                static const QRegularExpression kUserName(
                    QStringLiteral(R"re("user_name"\s*:\s*"([^"\\]+)")re"));
                auto it = kUserName.globalMatch(QString::fromUtf8(head));
                while (it.hasNext()) addUser(it.next().captured(1));
                return;
            }
            case HistoryFormat::Lastfm1k:
            case HistoryFormat::Lastfm360k:
            case HistoryFormat::TasteProfile: {
                // The first column names the user; the last line may be cut off mid-way.
                const QList<QByteArray> lines = head.split('\n');
                for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
                    const qsizetype tab = lines[i].indexOf('\t');
                    if (tab > 0) addUser(QString::fromUtf8(lines[i].left(tab)));
                }
                return;
            }
            default:
                return;
        }
    }

    HistoryPreview& preview_;
    int maxFiles_;
};

void previewArchive(const QString& path, Collector& collector, const Progress& progress) {
    ArchiveReader archive;
    if (!archive.open(path)) {
        collector.missing(path);
        return;
    }
    while (!collector.full() && !progress.cancelled() &&
           archive.next() == ArchiveReader::Next::Entry) {
        TextSource source;
        source.openArchiveEntry(archive);
        collector.add(path + QStringLiteral("!/") + archive.entryPath(), source,
                      archive.entrySize());
    }
}

void previewFile(const QString& path, Collector& collector, const Progress& progress) {
    if (ArchiveReader::isArchive(path)) return previewArchive(path, collector, progress);
    TextSource source;
    source.open(path);  // a failure is reported by add() through source.error()
    collector.add(path, source, QFileInfo(path).size());
}

}  // namespace

int HistoryPreview::listenFiles() const {
    return int(std::count_if(files.begin(), files.end(),
                             [](const PreviewFile& f) { return f.listens(); }));
}

qint64 HistoryPreview::estimatedRows() const {
    qint64 rows = 0;
    for (const PreviewFile& f : files)
        if (f.listens()) rows += f.rows;
    return rows;
}

qint64 countRecords(HistoryFormat format, const QByteArray& head) {
    if (format == HistoryFormat::Unknown || format == HistoryFormat::Empty ||
        format == HistoryFormat::ListenBrainzUser)
        return 0;
    if (isJsonArrayFormat(format)) {
        // Objects opened at depth one of the top-level array, strings skipped.
        qint64 records = 0;
        int depth = 0;
        bool inString = false, escaped = false;
        for (const char c : head) {
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (c == '{' && depth == 1) ++records;
                ++depth;
            } else if (c == ']' || c == '}') {
                --depth;
            }
        }
        return records;
    }
    qint64 lines = head.count('\n');
    if (!head.isEmpty() && !head.endsWith('\n')) ++lines;
    if (hasHeaderLine(format, head) && lines > 0) --lines;
    return lines;
}

HistoryPreview previewHistories(const QStringList& paths, const Progress& progress, int maxFiles) {
    HistoryPreview preview;
    Collector collector(preview, maxFiles);
    for (const QString& path : paths) {
        if (progress.cancelled() || collector.full()) break;
        const QFileInfo info(path);
        if (!info.exists()) {
            collector.missing(path);
            continue;
        }
        if (!info.isDir()) {
            previewFile(info.absoluteFilePath(), collector, progress);
            continue;
        }
        QStringList found;  // sorted, in the order the import reads them
        QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) found << it.next();
        std::sort(found.begin(), found.end());
        for (const QString& file : found) {
            if (progress.cancelled() || collector.full()) break;
            previewFile(file, collector, progress);
        }
    }
    return preview;
}

}  // namespace tl
