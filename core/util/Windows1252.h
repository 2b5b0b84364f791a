// Windows-1252, the code page a byte that is not UTF-8 most likely comes from: spreadsheets
// saved on Windows, file names copied from an old Windows or Latin-1 system. Shared by the
// importers' per-line fallback and the reading of file names that are not UTF-8.
#pragma once

namespace tl {

// The character Windows-1252 gives `byte`. Where it differs from Latin-1 (0x80-0x9F) its table
// is used; the five bytes it leaves undefined stay the C1 controls Latin-1 gives them.
inline char16_t windows1252(unsigned char byte) {
    constexpr char16_t kC1[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    return byte >= 0x80 && byte < 0xA0 ? kC1[byte - 0x80] : char16_t(byte);
}

}  // namespace tl
