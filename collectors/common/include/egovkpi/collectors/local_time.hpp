// The time formats of the upstream systems. "Local" is Asia/Ho_Chi_Minh, a fixed UTC+07:00
// with no daylight saving, so conversions need no time-zone database.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace egovkpi::collectors {

using TimePoint = std::chrono::sys_seconds;  // UTC instant, second resolution

inline constexpr std::chrono::seconds kLocalUtcOffset = std::chrono::hours(7);

// "yyyyMMddHHmmss" in local time (one-stop system).
std::optional<TimePoint> ParseCompactLocalTime(std::string_view text);
std::string FormatCompactLocalTime(TimePoint t);

// "yyyyMMdd" local date; returns the instant of local midnight that starts the day.
std::optional<TimePoint> ParseCompactLocalDate(std::string_view text);

// ISO 8601 with an explicit offset, "2021-03-05T14:22:10+07:00" or "...Z" (VNPost, EDXML).
std::optional<TimePoint> ParseIso8601(std::string_view text);

// "YYYY/MM/DD" (EDXML PromulgationDate); returns local midnight of that day.
std::optional<TimePoint> ParseSlashDate(std::string_view text);

// "YYYY-MM-DD" local date (configuration); returns local midnight of that day.
std::optional<TimePoint> ParseIsoLocalDate(std::string_view text);

}  // namespace egovkpi::collectors
