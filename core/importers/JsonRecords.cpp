#include "importers/JsonRecords.h"

#include <cctype>

#include "importers/JsonArrayStream.h"

namespace tl {
namespace {

QString tooLongReason(qsizetype maxBytes) {
    return QStringLiteral("record longer than %1 KiB (skipped unread)").arg(maxBytes / 1024);
}

void visitParsed(JsonLite& json, const char* data, qsizetype size, qint64 line, RowSink& sink,
                 const JsonRecordVisitor& visit) {
    if (!json.parse(data, size)) {
        sink.reject(line, json.error());
        return;
    }
    if (json.type(JsonLite::kRoot) != JsonLite::Type::Object) {
        sink.reject(line, QStringLiteral("a record must be a JSON object"));
        return;
    }
    visit(json, line);
}

}  // namespace

void forEachArrayRecord(TextSource& in, qsizetype maxRecordBytes, RowSink& sink,
                        const JsonRecordVisitor& visit) {
    JsonArrayStream stream(in, maxRecordBytes);
    JsonLite json;
    for (;;) {
        switch (stream.next()) {
            case JsonArrayStream::Next::Element:
                visitParsed(json, stream.element().constData(), stream.element().size(),
                            stream.line(), sink, visit);
                break;
            case JsonArrayStream::Next::TooLong:
                sink.reject(stream.line(), tooLongReason(maxRecordBytes));
                break;
            case JsonArrayStream::Next::End:
                return;
            case JsonArrayStream::Next::Error:
                if (!in.stopped()) sink.reject(stream.errorLine(), stream.error());
                return;
        }
    }
}

void forEachLineRecord(TextSource& in, qsizetype maxRecordBytes, RowSink& sink,
                       const JsonRecordVisitor& visit) {
    QByteArray line;
    JsonLite json;
    for (;;) {
        const auto status = in.readLine(line, maxRecordBytes);
        if (status == TextSource::LineStatus::End) return;
        if (status == TextSource::LineStatus::TooLong) {
            sink.reject(in.lineNumber(), tooLongReason(maxRecordBytes));
            continue;
        }
        qsizetype begin = 0, end = line.size();  // trimmed in place: no copy per line
        while (begin < end && std::isspace(static_cast<unsigned char>(line[begin]))) ++begin;
        while (end > begin && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
        if (begin == end) continue;
        visitParsed(json, line.constData() + begin, end - begin, in.lineNumber(), sink, visit);
    }
}

QString memberText(const JsonLite& json, int object, std::string_view key) {
    return json.string(json.member(object, key)).trimmed();
}

}  // namespace tl
