#include "importers/CsvReader.h"

namespace tl {

CsvReader::CsvReader(TextSource& in, qsizetype maxRecordBytes)
    : in_(in), maxBytes_(maxRecordBytes) {}

void CsvReader::endField() {
    ends_.push_back(record_.size());
}

QByteArrayView CsvReader::field(qsizetype i) const {
    if (i < 0 || i >= size()) return {};
    const qsizetype start = i == 0 ? 0 : ends_[size_t(i - 1)];
    return QByteArrayView(record_.constData() + start, ends_[size_t(i)] - start);
}

QString CsvReader::text(qsizetype i) const {
    return QString::fromUtf8(field(i)).trimmed();
}

bool CsvReader::blank() const {
    return size() <= 1 && record_.isEmpty();
}

CsvReader::Next CsvReader::next() {
    record_.clear();
    ends_.clear();
    unterminated_ = false;
    recordLine_ = line_;
    State state = State::FieldStart;
    bool any = false;
    for (;;) {
        if (in_.available() == 0 && in_.fill() == 0) {
            if (!any) return Next::End;
            if (state == State::SkipLine) return Next::TooLong;
            unterminated_ = state == State::Quoted;
            endField();
            return Next::Record;
        }
        any = true;
        const char* d = in_.data();
        const qsizetype n = in_.available();
        qsizetype i = 0;
        bool done = false;
        for (; i < n && !done; ++i) {
            const char c = d[i];
            switch (state) {
                case State::FieldStart:
                    if (c == '"') {
                        state = State::Quoted;
                        continue;
                    }
                    state = State::Unquoted;
                    [[fallthrough]];
                case State::Unquoted:
                    if (c == ',') {
                        endField();
                        state = State::FieldStart;
                    } else if (c == '\n') {
                        ++line_;
                        done = true;
                    } else if (c != '\r') {
                        record_ += c;
                    }
                    break;
                case State::Quoted:
                    if (c == '"') {
                        state = State::QuoteInQuoted;
                    } else {
                        if (c == '\n') ++line_;
                        record_ += c;
                    }
                    break;
                case State::QuoteInQuoted:
                    if (c == '"') {
                        record_ += '"';
                        state = State::Quoted;
                    } else if (c == ',') {
                        endField();
                        state = State::FieldStart;
                    } else if (c == '\n') {
                        ++line_;
                        done = true;
                    } else if (c != '\r') {
                        record_ += c;  // `"abc"def`: not RFC 4180, kept as text
                        state = State::Unquoted;
                    }
                    break;
                case State::SkipLine:
                    if (c == '\n') {
                        ++line_;
                        done = true;
                    }
                    break;
            }
            if (state != State::SkipLine && record_.size() > maxBytes_) {
                // Resynchronise at the next line end, whatever the quotes say.
                state = State::SkipLine;
                record_.clear();
                record_.squeeze();
                ends_.clear();
            }
        }
        in_.consume(i);
        if (done) {
            if (state == State::SkipLine) return Next::TooLong;
            endField();
            return Next::Record;
        }
    }
}

}  // namespace tl
