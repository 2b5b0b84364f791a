// The length of one UTF-8 sequence, by the Unicode standard's table of well-formed byte
// sequences (no overlong forms, no surrogates, nothing past U+10FFFF): shared by the importers'
// per-line encoding check and the folder walk's reading of file names.
#pragma once

namespace tl {

// The length of the UTF-8 sequence at s (1 for ASCII), 0 if it is not valid UTF-8 (overlong,
// surrogate, beyond U+10FFFF, a stray continuation byte), -1 if `end` cuts it off.
inline int utf8Sequence(const unsigned char* s, const unsigned char* end) {
    const unsigned c = s[0];
    if (c < 0x80) return 1;
    int length = 0;
    unsigned low = 0x80, high = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    for (int k = 1; k < length; ++k) {
        if (s + k >= end) return -1;
        const unsigned b = s[k];
        if (k == 1 ? (b < low || b > high) : (b & 0xC0) != 0x80) return 0;
    }
    return length;
}

}  // namespace tl
