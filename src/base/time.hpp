#pragma once
// Points in time as milliseconds since the Unix epoch, UTC, and their ISO-8601 text form
// ("2026-11-29T04:48:23.123Z", always UTC, always with milliseconds), which is the form stored in
// the journal's `at` column (docs/journal_format.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anxiao {

struct Timestamp {
  std::int64_t ms = 0;  // since 1970-01-01T00:00:00Z
  auto operator<=>(const Timestamp&) const = default;
};

// A calendar date without time zone (e.g. a deadline date).
struct Date {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const Date&) const = default;
};

Timestamp NowUtc();
std::string FormatIso(Timestamp t);                     // 2026-11-29T04:48:23.123Z
std::optional<Timestamp> ParseIso(std::string_view s);  // accepts exactly the FormatIso form
std::string FormatDate(Date d);                         // 2026-11-29
std::optional<Date> ParseDate(std::string_view s);      // YYYY-MM-DD, validated

// Days since 1970-01-01 for a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t DaysFromCivil(Date d);
Date CivilFromDays(std::int64_t days);

// China Standard Time is UTC+8 with no daylight saving time since 1991, so "midnight in
// Asia/Shanghai" is a fixed offset and needs no tz database.
constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;
Date ChinaDateOf(Timestamp t);
// The instant at which date `d` ends in China Standard Time (00:00 CST of the next day).
Timestamp EndOfChinaDay(Date d);

}  // namespace anxiao
