// Streams the elements of one top-level JSON array, one at a time, so a 500 MB Spotify history
// is read with memory bounded by the largest record, not the file.
#pragma once

#include <QByteArray>
#include <QString>

#include "importers/TextSource.h"

namespace tl {

class JsonArrayStream {
public:
    // An element longer than maxElementBytes is skipped without being held and reported as
    // TooLong, so a malformed file cannot make the reader allocate without bound.
    JsonArrayStream(TextSource& in, qsizetype maxElementBytes);

    enum class Next {
        Element,  // element() holds the bytes of the next element (not yet validated JSON)
        TooLong,  // an element over the limit was skipped
        End,      // the array closed; nothing but whitespace followed
        Error,    // not an array, text between elements, or the file ends inside the array
    };
    Next next();

    const QByteArray& element() const { return element_; }
    qint64 line() const { return elementLine_; }  // 1-based line where the element started
    const QString& error() const { return error_; }
    qint64 errorLine() const { return errorLine_; }

private:
    bool skipSpace();  // false at the end of input
    Next scanElement();
    Next fail(QString message, qint64 line);

    enum class State { Start, FirstElement, Separator, Done, Failed };
    TextSource& in_;
    qsizetype maxBytes_;
    State state_ = State::Start;
    qint64 line_ = 1;
    qint64 elementLine_ = 0;
    qint64 errorLine_ = 0;
    QByteArray element_;
    QString error_;
};

}  // namespace tl
