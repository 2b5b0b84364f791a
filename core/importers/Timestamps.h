// The timestamp forms history exports use, parsed to Unix seconds (UTC) without QDateTime, which
// costs microseconds a row. Every parser returns false for anything it does not fully match.
#pragma once

#include <QtGlobal>
#include <string_view>

namespace tl::timestamps {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int year, int month, int day);

// "2021-03-04 12:34" (Spotify account data endTime: minute precision, no zone; read as UTC).
bool parseSpotifyMinute(std::string_view text, qint64* out);
// "2021-03-04T12:34:56Z", with optional fraction and a Z, ±HH:MM or ±HHMM offset; a space may
// stand for the T, and a missing zone means UTC.
bool parseIso8601(std::string_view text, qint64* out);
// "20 Oct 2020 10:03" or "20 Oct 2020, 10:03" (Last.fm exports; UTC).
bool parseLastfmDate(std::string_view text, qint64* out);
// "1600000000" or "1600000000.5" (epoch seconds, as text).
bool parseEpochText(std::string_view text, qint64* out);

// Listening histories start with the MP3 era; Last.fm writes 1970 for scrobbles whose time it
// lost. Anything outside 1995..2100 is an error in the source, not a listen.
bool plausible(qint64 seconds);

}  // namespace tl::timestamps
