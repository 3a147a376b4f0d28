#include "egovkpi/sim/time_format.hpp"

#include <cstdio>

namespace egovkpi::sim {
namespace {

struct Fields {
  int year, month, day, hour, minute, second;
};

Fields Split(Time local) {
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  return {int(ymd.year()),        int(unsigned(ymd.month())),
          int(unsigned(ymd.day())), int(hms.hours().count()),
          int(hms.minutes().count()), int(hms.seconds().count())};
}

std::string Print(const char* format, const Fields& f) {
  char text[48];
  std::snprintf(text, sizeof text, format, f.year % 10000, f.month % 100, f.day % 100,
                f.hour % 100, f.minute % 100, f.second % 100);
  return text;
}

// Reads exactly `n` digits at `pos`; -1 when any is not a digit.
int Digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<Time> Make(int y, int mo, int d, int h, int mi, int s) {
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                        std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  return Time(std::chrono::sys_days(ymd).time_since_epoch()) + std::chrono::hours(h) +
         std::chrono::minutes(mi) + std::chrono::seconds(s);
}

// "YYYY-MM-DDTHH:MM:SS" followed by `rest`; the wall time as if it were UTC.
std::optional<Time> IsoWallTime(std::string_view text) {
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  return Make(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), Digits(text, 11, 2),
              Digits(text, 14, 2), Digits(text, 17, 2));
}

// "Z" -> 0, "+07:00" -> +7h; nothing when malformed.
std::optional<std::chrono::seconds> Offset(std::string_view text) {
  if (text == "Z") return std::chrono::seconds(0);
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    return std::nullopt;
  }
  const int h = Digits(text, 1, 2);
  const int m = Digits(text, 4, 2);
  if (h < 0 || m < 0 || h > 23 || m > 59) return std::nullopt;
  const std::chrono::seconds offset = std::chrono::hours(h) + std::chrono::minutes(m);
  return text[0] == '+' ? offset : -offset;
}

}  // namespace

std::string CompactLocal(Time t) { return Print("%04d%02d%02d%02d%02d%02d", Split(t + kLocalOffset)); }

std::string CompactLocalDate(Date d) { return Print("%04d%02d%02d", Split(Time(d.time_since_epoch()))); }

std::string IsoLocal(Time t) {
  return Print("%04d-%02d-%02dT%02d:%02d:%02d+07:00", Split(t + kLocalOffset));
}

std::string Rfc3339Utc(Time t) { return Print("%04d-%02d-%02dT%02d:%02d:%02dZ", Split(t)); }

std::string SlashDate(Date d) { return Print("%04d/%02d/%02d", Split(Time(d.time_since_epoch()))); }

std::string IsoDate(Date d) { return Print("%04d-%02d-%02d", Split(Time(d.time_since_epoch()))); }

Date LocalDay(Time t) { return std::chrono::floor<std::chrono::days>(t + kLocalOffset); }

std::optional<Time> ParseCompactLocal(std::string_view text) {
  if (text.size() != 14) return std::nullopt;
  auto wall = Make(Digits(text, 0, 4), Digits(text, 4, 2), Digits(text, 6, 2), Digits(text, 8, 2),
                   Digits(text, 10, 2), Digits(text, 12, 2));
  if (!wall) return std::nullopt;
  return *wall - kLocalOffset;
}

std::optional<Time> ParseRfc3339(std::string_view text) {
  auto wall = IsoWallTime(text);
  if (!wall) return std::nullopt;
  auto offset = Offset(text.substr(19));
  if (!offset) return std::nullopt;
  return *wall - *offset;
}

std::optional<Time> ParseCommandLineTime(std::string_view text) {
  if (text.size() == 10) {
    auto day = Make(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), 0, 0, 0);
    if (!day || text[4] != '-' || text[7] != '-') return std::nullopt;
    return *day - kLocalOffset;
  }
  if (text.size() == 19) {
    auto wall = IsoWallTime(text);
    if (!wall) return std::nullopt;
    return *wall - kLocalOffset;
  }
  return ParseRfc3339(text);
}

}  // namespace egovkpi::sim
