#include "importers/MsdTrackList.h"

namespace tl {

void MsdTrackList::read(TextSource& in, const ParseOptions& options, RowSink& sink) {
    static const QByteArray kSep("<SEP>");
    QByteArray line;
    for (;;) {
        const auto status = in.readLine(line, options.maxRecordBytes);
        if (status == TextSource::LineStatus::End) return;
        if (status == TextSource::LineStatus::TooLong) {
            sink.reject(in.lineNumber(), QStringLiteral("line longer than %1 KiB; skipped")
                                             .arg(options.maxRecordBytes / 1024));
            continue;
        }
        if (line.isEmpty()) continue;
        const qsizetype a = line.indexOf(kSep);
        const qsizetype b = a < 0 ? -1 : line.indexOf(kSep, a + kSep.size());
        const qsizetype c = b < 0 ? -1 : line.indexOf(kSep, b + kSep.size());
        if (c < 0) {
            sink.reject(in.lineNumber(),
                        QStringLiteral("expected track_id<SEP>song_id<SEP>artist<SEP>title"));
            continue;
        }
        const QByteArray song = line.mid(a + kSep.size(), b - a - kSep.size()).trimmed();
        Name name{QString::fromUtf8(line.mid(b + kSep.size(), c - b - kSep.size())).trimmed(),
                  QString::fromUtf8(line.mid(c + kSep.size())).trimmed()};
        if (song.isEmpty() || name.artist.isEmpty() || name.title.isEmpty()) {
            sink.reject(in.lineNumber(), QStringLiteral("no song ID, artist or title"));
            continue;
        }
        if (!bySong_.contains(song)) bySong_.insert(song, std::move(name));
        if (bySong_.size() % 4096 == 0 && in.stopped()) return;
    }
}

}  // namespace tl
