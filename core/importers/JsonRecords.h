// The record loop the JSON formats share: elements of a top-level array, or lines of a JSONL
// file, each parsed with JsonLite and handed on as an object, with damaged records rejected.
#pragma once

#include <functional>

#include "importers/JsonLite.h"
#include "importers/RawListen.h"
#include "importers/TextSource.h"

namespace tl {

using JsonRecordVisitor = std::function<void(const JsonLite& record, qint64 line)>;

void forEachArrayRecord(TextSource& in, qsizetype maxRecordBytes, RowSink& sink,
                        const JsonRecordVisitor& visit);
void forEachLineRecord(TextSource& in, qsizetype maxRecordBytes, RowSink& sink,
                       const JsonRecordVisitor& visit);

// A string member, trimmed; empty when absent, null or not a string.
QString memberText(const JsonLite& json, int object, std::string_view key);

}  // namespace tl
