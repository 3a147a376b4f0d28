// Parsing is strict on purpose: a time that is not exactly in its documented format is a
// data error to quarantine, not something to guess at. Every field is checked for its exact
// width and for ASCII digits (std::from_chars would accept a sign), and the date must exist
// in the proleptic Gregorian calendar (leap years included). Seconds stop at 59: none of the
// upstream systems sends leap seconds, and std::chrono::sys_seconds cannot hold one.
#include "egovkpi/collectors/local_time.hpp"

#include <cstddef>
#include <cstdio>

namespace egovkpi::collectors {
namespace {

namespace chr = std::chrono;

// Reads exactly `count` ASCII digits at `pos`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos > text.size() || count > text.size() - pos) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Year 0000 is rejected: it is no real date and only ever shows up as a filler.
std::optional<chr::sys_days> MakeDate(std::optional<int> y, std::optional<int> m,
                                      std::optional<int> d) {
  if (!y || !m || !d || *y < 1) return std::nullopt;
  const chr::year_month_day ymd{chr::year{*y}, chr::month{static_cast<unsigned>(*m)},
                                chr::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return chr::sys_days{ymd};
}

std::optional<chr::seconds> MakeTimeOfDay(std::optional<int> h, std::optional<int> m,
                                          std::optional<int> s) {
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return chr::hours{*h} + chr::minutes{*m} + chr::seconds{*s};
}

// "YYYY?MM?DD" with `separator` between the parts, or "YYYYMMDD" when it is '\0'.
std::optional<chr::sys_days> ParseDate(std::string_view text, char separator) {
  const std::size_t sep = separator == '\0' ? 0 : 1;
  if (text.size() != 8 + 2 * sep) return std::nullopt;
  if (sep != 0 && (text[4] != separator || text[7] != separator)) return std::nullopt;
  return MakeDate(Digits(text, 0, 4), Digits(text, 4 + sep, 2), Digits(text, 6 + 2 * sep, 2));
}

std::optional<TimePoint> LocalMidnight(std::optional<chr::sys_days> day) {
  if (!day) return std::nullopt;
  return TimePoint{*day} - kLocalUtcOffset;
}

}  // namespace

std::optional<TimePoint> ParseCompactLocalTime(std::string_view text) {
  if (text.size() != 14) return std::nullopt;
  const auto day = MakeDate(Digits(text, 0, 4), Digits(text, 4, 2), Digits(text, 6, 2));
  const auto time = MakeTimeOfDay(Digits(text, 8, 2), Digits(text, 10, 2), Digits(text, 12, 2));
  if (!day || !time) return std::nullopt;
  return TimePoint{*day} + *time - kLocalUtcOffset;
}

std::string FormatCompactLocalTime(TimePoint t) {
  const TimePoint local = t + kLocalUtcOffset;
  const chr::sys_days day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss<chr::seconds> time{local - day};
  // Large enough for any int year; only years 1..9999 give text that parses back.
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u%02lld%02lld%02lld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(time.hours().count()),
                static_cast<long long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return buffer;
}

std::optional<TimePoint> ParseCompactLocalDate(std::string_view text) {
  return LocalMidnight(ParseDate(text, '\0'));
}

std::optional<TimePoint> ParseIso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). RFC 3339 allows a lower-case 't' and
  // 'z'; a fraction of any length is truncated to whole seconds.
  if (text.size() < 20) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  const auto day = MakeDate(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2));
  const auto time = MakeTimeOfDay(Digits(text, 11, 2), Digits(text, 14, 2), Digits(text, 17, 2));
  if (!day || !time) return std::nullopt;

  std::size_t pos = 19;
  if (text[pos] == '.') {
    const std::size_t first_digit = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first_digit) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;  // the offset is mandatory

  chr::seconds offset{0};
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    if (pos + 1 != text.size()) return std::nullopt;
  } else if (zone == '+' || zone == '-') {
    if (text.size() - pos != 6 || text[pos + 3] != ':') return std::nullopt;
    const auto hours = Digits(text, pos + 1, 2);
    const auto minutes = Digits(text, pos + 4, 2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    offset = chr::hours{*hours} + chr::minutes{*minutes};
    if (zone == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  return TimePoint{*day} + *time - offset;
}

std::optional<TimePoint> ParseSlashDate(std::string_view text) {
  return LocalMidnight(ParseDate(text, '/'));
}

std::optional<TimePoint> ParseIsoLocalDate(std::string_view text) {
  return LocalMidnight(ParseDate(text, '-'));
}

}  // namespace egovkpi::collectors
