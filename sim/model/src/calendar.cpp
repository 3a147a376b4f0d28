#include "calendar.hpp"

#include <algorithm>
#include <vector>

#include "egovkpi/sim/time_format.hpp"

namespace egovkpi::sim::gen {
namespace {

// First day of the Lunar New Year; the holiday runs from two days before to four after.
// Years outside the table simply get no Tết holiday.
constexpr std::array<std::array<int, 3>, 10> kTet = {{{2018, 2, 16},
                                                      {2019, 2, 5},
                                                      {2020, 1, 25},
                                                      {2021, 2, 12},
                                                      {2022, 2, 1},
                                                      {2023, 1, 22},
                                                      {2024, 2, 10},
                                                      {2025, 1, 29},
                                                      {2026, 2, 17},
                                                      {2027, 2, 6}}};

}  // namespace

Date MakeDate(int year, unsigned month, unsigned day) {
  return Date(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day));
}

int YearOf(Date day) { return int(std::chrono::year_month_day(day).year()); }

unsigned MonthOf(Date day) { return unsigned(std::chrono::year_month_day(day).month()); }

Time LocalInstant(Date day, std::int64_t seconds) {
  return StartOfLocalDay(day) + std::chrono::seconds(seconds);
}

namespace {

bool ComputePublicHoliday(Date day) {
  const std::chrono::year_month_day ymd(day);
  const unsigned m = unsigned(ymd.month());
  const unsigned d = unsigned(ymd.day());
  if ((m == 1 && d == 1) || (m == 4 && d == 30) || (m == 5 && d == 1) || (m == 9 && d == 2)) {
    return true;
  }
  const int y = int(ymd.year());
  for (const auto& tet : kTet) {
    if (tet[0] != y && tet[0] != y + 1) continue;
    const Date first = MakeDate(tet[0], unsigned(tet[1]), unsigned(tet[2]));
    if (day >= first - std::chrono::days(2) && day <= first + std::chrono::days(4)) return true;
  }
  return false;
}

// Working days of 2000-2099, computed once: the generator asks millions of times.
constexpr Date kFirstTabulatedDay = Date(std::chrono::year(2000) / 1 / 1);
constexpr Date kEndTabulatedDay = Date(std::chrono::year(2100) / 1 / 1);

const std::vector<bool>& WorkingDayTable() {
  static const std::vector<bool> table = [] {
    std::vector<bool> working;
    working.reserve(static_cast<std::size_t>((kEndTabulatedDay - kFirstTabulatedDay).count()));
    for (Date day = kFirstTabulatedDay; day < kEndTabulatedDay; day += std::chrono::days(1)) {
      const std::chrono::weekday wd(day);
      working.push_back(wd != std::chrono::Saturday && wd != std::chrono::Sunday &&
                        !ComputePublicHoliday(day));
    }
    return working;
  }();
  return table;
}

}  // namespace

bool IsPublicHoliday(Date day) { return ComputePublicHoliday(day); }

bool IsWorkingDay(Date day) {
  if (day >= kFirstTabulatedDay && day < kEndTabulatedDay) {
    return WorkingDayTable()[static_cast<std::size_t>((day - kFirstTabulatedDay).count())];
  }
  const std::chrono::weekday wd(day);
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday && !ComputePublicHoliday(day);
}

Date AddWorkingDays(Date day, int count) {
  while (count > 0) {
    day += std::chrono::days(1);
    if (IsWorkingDay(day)) --count;
  }
  return day;
}

Time OfficeInstant(Rng& rng, Date day) {
  constexpr std::int64_t kMorning = 4 * 3600;           // 07:30-11:30
  constexpr std::int64_t kAfternoon = 3 * 3600 + 1800;  // 13:30-17:00
  const auto s = static_cast<std::int64_t>(rng.Below(kMorning + kAfternoon));
  return s < kMorning ? LocalInstant(day, 7 * 3600 + 1800 + s)
                      : LocalInstant(day, 13 * 3600 + 1800 + (s - kMorning));
}

Time InOfficeHours(Rng& rng, Time t) {
  using std::chrono::minutes;
  const Date day = LocalDay(t);
  const auto local = t - StartOfLocalDay(day);
  if (IsWorkingDay(day)) {
    if (local < minutes(7 * 60 + 30)) return OfficeInstant(rng, day);  // later the same day
    if ((local < minutes(11 * 60 + 30)) ||
        (local >= minutes(13 * 60 + 30) && local < minutes(17 * 60))) {
      return t;
    }
  }
  return OfficeInstant(rng, AddWorkingDays(day, 1));
}

void DayPicker::Add(Date day, std::uint64_t weight) {
  days_.push_back(day);
  weights_.Add(weight);
}

Date DayPicker::Pick(Rng& rng) const { return days_[weights_.Pick(rng)]; }

DayPicker OfficeDays(Date from, Date to, const MonthFactors& months) {
  DayPicker picker;
  for (Date day = from; day < to; day += std::chrono::days(1)) {
    const std::uint64_t factor = months[MonthOf(day) - 1];
    if (IsWorkingDay(day)) {
      picker.Add(day, factor * 10);
    } else if (std::chrono::weekday(day) == std::chrono::Saturday && !IsPublicHoliday(day)) {
      picker.Add(day, factor);
    }
  }
  return picker;
}

}  // namespace egovkpi::sim::gen
