#include "importers/JsonLite.h"

#include <charconv>
#include <climits>
#include <cstring>

namespace tl {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void appendUtf8(QByteArray& out, char32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

char32_t readHex4(std::string_view s, size_t at) {
    char32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
        const int h = hexValue(s[at + k]);
        if (h < 0) return 0xFFFD;
        v = (v << 4) | char32_t(h);
    }
    return v;
}

}  // namespace

QString jsonUnescape(std::string_view body) {
    QByteArray out;
    out.reserve(qsizetype(body.size()));
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        const char e = body[++i];
        switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                if (i + 4 >= body.size()) break;  // cut short: drop it
                char32_t cp = readHex4(body, i + 1);
                i += 4;
                // A surrogate pair arrives as two escapes; a lone half becomes U+FFFD.
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < body.size() &&
                    body.substr(i + 1, 2) == "\\u") {
                    const char32_t low = readHex4(body, i + 3);
                    if (low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    cp = 0xFFFD;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                out += e;
                break;  // \" \\ \/
        }
    }
    return QString::fromUtf8(out);
}

bool JsonLite::fail(const char* what) {
    if (error_.isEmpty())
        error_ = QStringLiteral("invalid JSON: %1 at byte %2").arg(QLatin1String(what)).arg(pos_);
    return false;
}

void JsonLite::skipSpace() {
    while (pos_ < size_) {
        const char c = text_[pos_];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
        ++pos_;
    }
}

bool JsonLite::parse(const char* text, qsizetype size) {
    nodes_.clear();
    error_.clear();
    if (size > INT_MAX / 2) return fail("record too large");
    text_ = text;
    size_ = int(size);
    pos_ = 0;
    if (parseValue(0) < 0) return false;
    skipSpace();
    if (pos_ != size_) return fail("unexpected text after the value");
    return true;
}

bool JsonLite::parseString(int* start, int* length, bool* escaped) {
    ++pos_;  // the opening quote
    *start = pos_;
    *escaped = false;
    // Fast path, most strings: find the closing quote, then check the bytes before it for
    // escapes and control characters in one branch-free (vectorisable) pass.
    if (const char* quote =
            static_cast<const char*>(std::memchr(text_ + pos_, '"', size_t(size_ - pos_)))) {
        const int end = int(quote - text_);
        unsigned special = 0;
        for (int k = pos_; k < end; ++k) {
            const auto c = static_cast<unsigned char>(text_[k]);
            special |= unsigned(c < 0x20) | unsigned(c == '\\');
        }
        if (special == 0) {
            *length = end - pos_;
            pos_ = end + 1;
            return true;
        }
    }
    while (pos_ < size_) {
        const unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            *length = pos_ - *start;
            ++pos_;
            return true;
        }
        if (c < 0x20) return fail("control character in a string");
        if (c == '\\') {
            *escaped = true;
            if (pos_ + 1 >= size_) break;
            const char e = text_[pos_ + 1];
            if (e == 'u') {
                if (pos_ + 5 >= size_) break;
                for (int k = 2; k < 6; ++k)
                    if (hexValue(text_[pos_ + k]) < 0) return fail("bad \\u escape");
                pos_ += 6;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
                e != 't')
                return fail("bad escape");
            pos_ += 2;
            continue;
        }
        ++pos_;
    }
    return fail("unterminated string");
}

int JsonLite::parseValue(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep"), -1;
    skipSpace();
    if (pos_ >= size_) return fail("unexpected end"), -1;
    const int index = int(nodes_.size());
    nodes_.emplace_back();
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
        const bool object = c == '{';
        const char close = object ? '}' : ']';
        nodes_[size_t(index)].type = object ? Type::Object : Type::Array;
        ++pos_;
        skipSpace();
        if (pos_ < size_ && text_[pos_] == close) {
            ++pos_;
            return index;
        }
        int last = -1;
        for (;;) {
            skipSpace();
            int keyStart = -1, keyLength = 0;
            bool keyEscaped = false;
            if (object) {
                if (pos_ >= size_ || text_[pos_] != '"') return fail("expected a key"), -1;
                if (!parseString(&keyStart, &keyLength, &keyEscaped)) return -1;
                skipSpace();
                if (pos_ >= size_ || text_[pos_] != ':') return fail("expected ':'"), -1;
                ++pos_;
            }
            const int child = parseValue(depth + 1);
            if (child < 0) return -1;
            Node& node = nodes_[size_t(child)];
            node.keyStart = keyStart;
            node.keyLength = keyLength;
            node.keyEscaped = keyEscaped;
            if (last < 0)
                nodes_[size_t(index)].first = child;
            else
                nodes_[size_t(last)].next = child;
            last = child;
            skipSpace();
            if (pos_ >= size_) return fail("unexpected end"), -1;
            if (text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (text_[pos_] == close) {
                ++pos_;
                return index;
            }
            return fail(object ? "expected ',' or '}'" : "expected ',' or ']'"), -1;
        }
    }
    if (c == '"') {
        int start = 0, length = 0;
        bool escaped = false;
        if (!parseString(&start, &length, &escaped)) return -1;
        Node& node = nodes_[size_t(index)];
        node.type = Type::String;
        node.start = start;
        node.length = length;
        node.escaped = escaped;
        return index;
    }
    const auto literal = [&](std::string_view word, Type type) {
        if (std::string_view(text_ + pos_, size_t(std::min(size_ - pos_, int(word.size())))) !=
            word)
            return fail("unknown literal"), -1;
        pos_ += int(word.size());
        nodes_[size_t(index)].type = type;
        return index;
    };
    if (c == 't') return literal("true", Type::True);
    if (c == 'f') return literal("false", Type::False);
    if (c == 'n') return literal("null", Type::Null);
    if (c == '-' || isDigit(c)) {
        const int start = pos_;
        if (text_[pos_] == '-') ++pos_;
        if (pos_ >= size_ || !isDigit(text_[pos_])) return fail("bad number"), -1;
        if (text_[pos_] == '0')
            ++pos_;
        else
            while (pos_ < size_ && isDigit(text_[pos_])) ++pos_;
        if (pos_ < size_ && text_[pos_] == '.') {
            ++pos_;
            if (pos_ >= size_ || !isDigit(text_[pos_])) return fail("bad number"), -1;
            while (pos_ < size_ && isDigit(text_[pos_])) ++pos_;
        }
        if (pos_ < size_ && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < size_ && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (pos_ >= size_ || !isDigit(text_[pos_])) return fail("bad number"), -1;
            while (pos_ < size_ && isDigit(text_[pos_])) ++pos_;
        }
        Node& node = nodes_[size_t(index)];
        node.type = Type::Number;
        node.start = start;
        node.length = pos_ - start;
        return index;
    }
    return fail("unexpected character"), -1;
}

int JsonLite::member(int node, std::string_view key) const {
    if (node < 0 || type(node) != Type::Object) return -1;
    for (int child = nodes_[size_t(node)].first; child >= 0; child = nodes_[size_t(child)].next) {
        const Node& n = nodes_[size_t(child)];
        const std::string_view k(text_ + n.keyStart, size_t(n.keyLength));
        if (!n.keyEscaped ? k == key
                          : jsonUnescape(k) == QString::fromUtf8(key.data(), qsizetype(key.size())))
            return child;
    }
    return -1;
}

std::string_view JsonLite::raw(int node) const {
    if (node < 0) return {};
    const Node& n = nodes_[size_t(node)];
    if (n.type != Type::String && n.type != Type::Number) return {};
    return {text_ + n.start, size_t(n.length)};
}

std::string_view JsonLite::key(int node) const {
    if (node < 0) return {};
    const Node& n = nodes_[size_t(node)];
    if (n.keyStart < 0) return {};
    return {text_ + n.keyStart, size_t(n.keyLength)};
}

QString JsonLite::string(int node) const {
    if (node < 0 || type(node) != Type::String) return {};
    const Node& n = nodes_[size_t(node)];
    if (!n.escaped) return QString::fromUtf8(text_ + n.start, n.length);
    return jsonUnescape({text_ + n.start, size_t(n.length)});
}

bool JsonLite::boolean(int node, bool fallback) const {
    if (node < 0) return fallback;
    if (type(node) == Type::True) return true;
    if (type(node) == Type::False) return false;
    return fallback;
}

bool JsonLite::number(int node, double* out) const {
    if (node < 0 || type(node) != Type::Number) return false;
    const std::string_view r = raw(node);
    return std::from_chars(r.data(), r.data() + r.size(), *out).ec == std::errc();
}

bool JsonLite::integer(int node, qint64* out) const {
    if (node < 0 || type(node) != Type::Number) return false;
    const std::string_view r = raw(node);
    long long v = 0;
    const auto [end, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
    if (ec == std::errc() && end == r.data() + r.size()) {
        *out = v;
        return true;
    }
    double d = 0;
    if (!number(node, &d) || !(d > -9.2e18 && d < 9.2e18)) return false;
    *out = qint64(d);
    return true;
}

}  // namespace tl
