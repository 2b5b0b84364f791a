#include "util/NativePath.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/Utf8.h"
#include "util/Windows1252.h"

namespace tl {
namespace {

// Escaped bytes 0x80-0xFF live at U+10FD80-U+10FDFF. In UTF-16 that is the high surrogate
// 0xDBFF followed by a low surrogate 0xDD80-0xDDFF. (ASCII bytes are always valid UTF-8.)
constexpr char32_t kEscapeBase = 0x10FD00;
constexpr char16_t kEscapeHigh = 0xDBFF;

bool isEscape(char32_t c) {
    return c >= kEscapeBase + 0x80 && c <= kEscapeBase + 0xFF;
}

// The escaped byte at path[i] (a surrogate pair), or -1 when there is none.
int escapedByteAt(const QString& path, qsizetype i) {
    if (i + 1 >= path.size() || path[i].unicode() != kEscapeHigh) return -1;
    const char16_t low = path[i + 1].unicode();
    if (low < 0xDD80 || low > 0xDDFF) return -1;
    return int(low - 0xDD00);
}

void appendEscaped(QString& out, unsigned char byte) {
    out += QChar(kEscapeHigh);
    out += QChar(char16_t(0xDD00 + byte));
}

}  // namespace

QString pathFromNative(const QByteArray& bytes) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.constData());
    const auto* end = s + bytes.size();
    QString out;
    out.reserve(bytes.size());
    qsizetype runStart = 0;  // start of the pending run of valid UTF-8
    qsizetype i = 0;
    auto flush = [&] {
        if (i > runStart) out += QString::fromUtf8(bytes.constData() + runStart, i - runStart);
    };
    while (s + i < end) {
        const int n = utf8Sequence(s + i, end);
        bool valid = n > 0;
        if (valid && n == 4) {
            // A code point of the escape block spelled in UTF-8 is escaped byte by byte, so
            // that decoding stays one to one.
            const char32_t c = (char32_t(s[i] & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) |
                               (char32_t(s[i + 2] & 0x3F) << 6) | char32_t(s[i + 3] & 0x3F);
            valid = !isEscape(c);
        }
        if (valid) {
            i += n;
            continue;
        }
        flush();
        const int count = n > 0 ? n : 1;
        for (int k = 0; k < count; ++k) appendEscaped(out, s[i + k]);
        i += count;
        runStart = i;
    }
    flush();
    return out;
}

bool hasRawBytes(const QString& path) {
    for (qsizetype i = 0; i + 1 < path.size(); ++i)
        if (escapedByteAt(path, i) >= 0) return true;
    return false;
}

QByteArray nativePath(const QString& path) {
    if (!hasRawBytes(path)) return QFile::encodeName(path);
    QByteArray out;
    out.reserve(path.size() * 2);
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < path.size();) {
        const int byte = escapedByteAt(path, i);
        if (byte < 0) {
            ++i;
            continue;
        }
        out += QStringView(path).mid(runStart, i - runStart).toUtf8();
        out += char(byte);
        i += 2;
        runStart = i;
    }
    out += QStringView(path).mid(runStart).toUtf8();
    return out;
}

QString displayPath(const QString& path) {
    if (!hasRawBytes(path)) return path;
    QString out;
    for (qsizetype i = 0; i < path.size();) {
        if (const int byte = escapedByteAt(path, i); byte >= 0) {
            out += QStringLiteral("\\x%1").arg(uint(byte), 2, 16, QLatin1Char('0'));
            i += 2;
        } else {
            out += path[i++];
        }
    }
    return out;
}

QString guessedText(const QString& name) {
    if (!hasRawBytes(name)) return name;
    QString out;
    for (qsizetype i = 0; i < name.size();) {
        if (const int byte = escapedByteAt(name, i); byte >= 0) {
            out += QChar(windows1252(static_cast<unsigned char>(byte)));
            i += 2;
        } else {
            out += name[i++];
        }
    }
    return out;
}

QString nativeFileUrl(const QString& path) {
    if (path.isEmpty()) return {};
    // RFC 8089: file:///absolute/path, every byte outside the unreserved set and "/" encoded.
    return QStringLiteral("file://") +
           QString::fromLatin1(nativePath(path).toPercentEncoding(QByteArrayLiteral("/")));
}

NativeFileInfo statNative(const QString& path) {
    NativeFileInfo out;
    struct stat info {};
    if (::stat(nativePath(path).constData(), &info) != 0) return out;
    out.exists = true;
    out.isFile = S_ISREG(info.st_mode);
    out.isDir = S_ISDIR(info.st_mode);
    out.size = qint64(info.st_size);
    out.mtime = qint64(info.st_mtim.tv_sec);
    return out;
}

std::vector<NativeEntry> filesInFolder(const QString& folder) {
    std::vector<NativeEntry> out;
    const QByteArray dir = nativePath(folder);
    DIR* d = opendir(dir.constData());
    if (!d) return out;
    std::vector<QByteArray> names;
    while (const dirent* entry = readdir(d))
        if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const QByteArray& name : names) {
        const QString path = pathFromNative(dir + '/' + name);
        const NativeFileInfo info = statNative(path);
        if (info.isFile) out.push_back({path, info});
    }
    return out;
}

bool openNativeForReading(QFile& file, const QString& path, QString* error) {
    if (!hasRawBytes(path)) {
        file.setFileName(path);
        if (file.open(QIODevice::ReadOnly)) return true;
        if (error) *error = file.errorString();
        return false;
    }
    const int fd = ::open(nativePath(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (error) *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        if (error) *error = file.errorString();
        ::close(fd);
        return false;
    }
    return true;
}

}  // namespace tl
