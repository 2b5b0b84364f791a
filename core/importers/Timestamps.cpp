#include "importers/Timestamps.h"

#include <cctype>
#include <charconv>

namespace tl::timestamps {
namespace {

// Reads exactly `width` digits at `at`; false if any is not a digit.
bool digits(std::string_view s, size_t at, size_t width, int* out) {
    if (at + width > s.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + width; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

bool makeTime(int year, int month, int day, int hour, int minute, int second, qint64* out) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
        minute > 59 || second > 60)
        return false;
    *out = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "YYYY-MM-DD" at the start of s.
bool readDate(std::string_view s, int* y, int* m, int* d) {
    return s.size() >= 10 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, m) &&
           s[7] == '-' && digits(s, 8, 2, d);
}

}  // namespace

qint64 daysFromCivil(int year, int month, int day) {
    const qint64 y = year - (month <= 2 ? 1 : 0);
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool parseSpotifyMinute(std::string_view text, qint64* out) {
    const std::string_view s = trim(text);
    int y, mo, d, h, mi;
    if (s.size() != 16 || !readDate(s, &y, &mo, &d) || s[10] != ' ' || !digits(s, 11, 2, &h) ||
        s[13] != ':' || !digits(s, 14, 2, &mi))
        return false;
    return makeTime(y, mo, d, h, mi, 0, out);
}

bool parseIso8601(std::string_view text, qint64* out) {
    const std::string_view s = trim(text);
    int y, mo, d, h, mi, sec = 0;
    if (!readDate(s, &y, &mo, &d) || s.size() < 16 || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, &h) || s[13] != ':' || !digits(s, 14, 2, &mi))
        return false;
    size_t i = 16;
    if (i < s.size() && s[i] == ':') {
        if (!digits(s, 17, 2, &sec)) return false;
        i = 19;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fraction: dropped, not rounded
            ++i;
            const size_t start = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            if (i == start) return false;
        }
    }
    qint64 offset = 0;
    if (i < s.size()) {
        const char z = s[i];
        if ((z == 'Z' || z == 'z') && i + 1 == s.size()) {
            // UTC
        } else if (z == '+' || z == '-') {
            int oh, om = 0;
            if (!digits(s, i + 1, 2, &oh)) return false;
            size_t j = i + 3;
            if (j < s.size() && s[j] == ':') ++j;
            if (j < s.size()) {
                if (!digits(s, j, 2, &om) || j + 2 != s.size()) return false;
            }
            if (oh > 23 || om > 59) return false;
            offset = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            return false;
        }
    }
    qint64 t = 0;
    if (!makeTime(y, mo, d, h, mi, sec, &t)) return false;
    *out = t - offset;
    return true;
}

bool parseLastfmDate(std::string_view text, qint64* out) {
    const std::string_view s = trim(text);
    size_t i = 0;
    int day = 0;
    while (i < s.size() && i < 2 && s[i] >= '0' && s[i] <= '9') day = day * 10 + (s[i++] - '0');
    if (i == 0 || i >= s.size() || s[i] != ' ') return false;
    ++i;
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    if (i + 3 > s.size()) return false;
    char m3[3];
    for (int k = 0; k < 3; ++k) m3[k] = char(std::tolower(static_cast<unsigned char>(s[i + k])));
    int month = 0;
    for (int k = 0; k < 12; ++k)
        if (kMonths[k] == std::string_view(m3, 3)) month = k + 1;
    if (month == 0) return false;
    i += 3;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;  // "October"
    if (i >= s.size() || s[i] != ' ') return false;
    ++i;
    int year, hour, minute;
    if (!digits(s, i, 4, &year)) return false;
    i += 4;
    if (i < s.size() && s[i] == ',') ++i;
    if (i >= s.size() || s[i] != ' ') return false;
    ++i;
    if (!digits(s, i, 2, &hour) || i + 5 != s.size() || s[i + 2] != ':' ||
        !digits(s, i + 3, 2, &minute))
        return false;
    return makeTime(year, month, day, hour, minute, 0, out);
}

bool parseEpochText(std::string_view text, qint64* out) {
    const std::string_view s = trim(text);
    if (s.empty()) return false;
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc()) return false;
    if (end != s.data() + s.size()) {
        if (*end != '.') return false;
        for (const char* p = end + 1; p < s.data() + s.size(); ++p)
            if (*p < '0' || *p > '9') return false;
    }
    *out = v;
    return true;
}

bool plausible(qint64 seconds) {
    return seconds >= 788918400 && seconds < 4102444800;  // 1995-01-01 .. 2100-01-01 UTC
}

}  // namespace tl::timestamps
