// Writing the demo's text outputs fast and byte-for-byte reproducibly: a buffered file that
// reports errors with its path, and hand-written JSON so fields appear in the order real
// exports use (QJsonObject would sort them).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include "job/Status.h"

namespace tl::demo {

class OutputFile {
public:
    explicit OutputFile(const QString& path) : file_(path) {}
    Status open();
    QByteArray& buffer() { return buffer_; }
    Status flushIfFull();  // writes once the buffer holds about a megabyte
    Status close();        // flushes and closes; the file is complete only if this succeeds

private:
    Status writeBuffer();
    QFile file_;
    QByteArray buffer_;
};

// Appends `text` as a JSON string literal, quotes included.
void appendJsonString(QByteArray& out, const QString& text);
void appendJsonKey(QByteArray& out, const char* key);  // "key":

// Writes a whole small file at once (text documents); the error names the file.
Status writeWholeFile(const QString& path, const QByteArray& bytes);

}  // namespace tl::demo
