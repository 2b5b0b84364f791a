// An RFC 4180 CSV reader over a TextSource: quoted fields with "" escapes, commas and newlines
// inside quotes, CRLF or LF line ends. Last.fm exports come from several tools and spreadsheets,
// so it forgives what they get wrong (stray quotes inside unquoted fields are kept as text).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <vector>

#include "importers/TextSource.h"

namespace tl {

class CsvReader {
public:
    // A record longer than maxRecordBytes (an unbalanced quote swallowing the file, a garbage
    // line) is dropped at the next line end without being held in memory, and reported TooLong.
    CsvReader(TextSource& in, qsizetype maxRecordBytes);

    enum class Next { Record, TooLong, End };
    Next next();

    qsizetype size() const { return qsizetype(ends_.size()); }
    QByteArrayView field(qsizetype i) const;
    QString text(qsizetype i) const;  // the field as text, trimmed of surrounding spaces
    bool blank() const;               // an empty line
    bool unterminated() const { return unterminated_; }  // the file ended inside quotes
    qint64 line() const { return recordLine_; }          // 1-based line the record started on

private:
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, SkipLine };
    void endField();

    TextSource& in_;
    qsizetype maxBytes_;
    qint64 line_ = 1;
    qint64 recordLine_ = 0;
    QByteArray record_;            // the fields' bytes, one after another
    std::vector<qsizetype> ends_;  // where each field ends in record_
    bool unterminated_ = false;
};

}  // namespace tl
