#include "importers/JsonArrayStream.h"

#include <cstring>

namespace tl {

JsonArrayStream::JsonArrayStream(TextSource& in, qsizetype maxElementBytes)
    : in_(in), maxBytes_(maxElementBytes) {}

JsonArrayStream::Next JsonArrayStream::fail(QString message, qint64 line) {
    state_ = State::Failed;
    error_ = std::move(message);
    errorLine_ = line;
    return Next::Error;
}

bool JsonArrayStream::skipSpace() {
    for (;;) {
        if (in_.available() == 0 && in_.fill() == 0) return false;
        const char* d = in_.data();
        const qsizetype n = in_.available();
        qsizetype i = 0;
        for (; i < n; ++i) {
            const char c = d[i];
            if (c == '\n')
                ++line_;
            else if (c != ' ' && c != '\r' && c != '\t')
                break;
        }
        in_.consume(i);
        if (i < n) return true;
    }
}

JsonArrayStream::Next JsonArrayStream::next() {
    switch (state_) {
        case State::Done:
            return Next::End;
        case State::Failed:
            return Next::Error;
        case State::Start:
            if (!skipSpace()) return fail(QStringLiteral("the file is empty"), line_);
            if (*in_.data() != '[')
                return fail(QStringLiteral("expected a JSON array ('[') but found '%1'")
                                .arg(QLatin1Char(*in_.data())),
                            line_);
            in_.consume(1);
            state_ = State::FirstElement;
            break;
        default:
            break;
    }
    if (!skipSpace())
        return fail(QStringLiteral("the file ends before the array is closed (truncated?)"), line_);
    const char c = *in_.data();
    if (state_ == State::Separator) {
        if (c == ',') {
            in_.consume(1);
            if (!skipSpace())
                return fail(QStringLiteral("the file ends before the array is closed (truncated?)"),
                            line_);
        } else if (c != ']') {
            return fail(QStringLiteral("expected ',' or ']' between records but found '%1'")
                            .arg(QLatin1Char(c)),
                        line_);
        }
    }
    if (*in_.data() == ']') {  // the end (a trailing comma before it is forgiven)
        in_.consume(1);
        state_ = State::Done;
        if (skipSpace())
            return fail(QStringLiteral("unexpected text after the array's closing ']'"), line_);
        return Next::End;
    }
    state_ = State::Separator;
    return scanElement();
}

JsonArrayStream::Next JsonArrayStream::scanElement() {
    element_.clear();
    elementLine_ = line_;
    bool tooLong = false;
    bool started = false;
    bool scalar = false;
    bool inString = false;
    bool escape = false;
    int depth = 0;
    for (;;) {
        if (in_.available() == 0 && in_.fill() == 0)
            return fail(QStringLiteral("the file ends inside a record (truncated?)"), elementLine_);
        const char* d = in_.data();
        const qsizetype n = in_.available();
        qsizetype i = 0;
        bool done = false;
        if (!started) {
            started = true;
            const char c = d[0];
            if (c == '{' || c == '[') {
                depth = 1;
                i = 1;
            } else if (c == '"') {
                inString = true;
                i = 1;
            } else {
                scalar = true;
            }
        }
        for (; i < n; ++i) {
            if (inString) {
                // Strings are most of a record's bytes: jump to the closing quote with memchr
                // and look for escapes only up to it.
                if (escape) {
                    escape = false;
                    continue;
                }
                const char* quote =
                    static_cast<const char*>(std::memchr(d + i, '"', size_t(n - i)));
                const char* stop = quote ? quote : d + n;
                const char* backslash =
                    static_cast<const char*>(std::memchr(d + i, '\\', size_t(stop - (d + i))));
                if (backslash) {
                    i = backslash - d;  // the loop's ++i lands on the escaped character
                    escape = true;
                    continue;
                }
                if (!quote) {
                    i = n - 1;  // the string goes on in the next chunk
                    continue;
                }
                i = quote - d;
                inString = false;
                if (depth == 0) {
                    ++i;
                    done = true;
                    break;
                }
                continue;
            }
            const char c = d[i];
            if (scalar) {
                if (c == ',' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    done = true;
                    break;
                }
                continue;
            }
            switch (c) {
                case '"':
                    inString = true;
                    break;
                case '\n':
                    ++line_;
                    break;
                case '{':
                case '[':
                    ++depth;
                    break;
                case '}':
                case ']':
                    if (--depth == 0) done = true;
                    break;
                default:
                    break;
            }
            if (done) {
                ++i;
                break;
            }
        }
        if (!tooLong) {
            if (element_.size() + i > maxBytes_) {
                tooLong = true;
                element_.clear();
                element_.squeeze();
            } else {
                element_.append(d, i);
            }
        }
        in_.consume(i);
        if (done) return tooLong ? Next::TooLong : Next::Element;
    }
}

}  // namespace tl
