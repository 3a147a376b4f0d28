// Local calendar arithmetic for the generator: Vietnamese public holidays, working days,
// office hours and days picked in proportion to the office workload. Local is UTC+07:00.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "egovkpi/sim/province.hpp"
#include "random.hpp"

namespace egovkpi::sim::gen {

Date MakeDate(int year, unsigned month, unsigned day);
int YearOf(Date day);
unsigned MonthOf(Date day);  // 1..12

// The instant `seconds` after local midnight starting `day`.
Time LocalInstant(Date day, std::int64_t seconds);
inline Time LocalInstant(Date day, int hour, int minute, int second) {
  return LocalInstant(day, std::int64_t{hour} * 3600 + minute * 60 + second);
}

// New Year, the Lunar New Year (Tết) week, 30/4, 1/5 and 2/9.
bool IsPublicHoliday(Date day);
bool IsWorkingDay(Date day);  // Monday to Friday and not a public holiday
// The `count`-th working day after `day` (count >= 1).
Date AddWorkingDays(Date day, int count);

// A uniformly random second of office hours (07:30-11:30, 13:30-17:00 local) on `day`.
Time OfficeInstant(Rng& rng, Date day);

// `t` if it falls in office hours of a working day, else a random office second of the
// next working day.
Time InOfficeHours(Rng& rng, Time t);

// Per-mille workload of each month (index 0 = January).
using MonthFactors = std::array<std::uint32_t, 12>;

// Days in proportion to their weights.
class DayPicker {
 public:
  void Add(Date day, std::uint64_t weight);
  Date Pick(Rng& rng) const;
  [[nodiscard]] bool Empty() const { return weights_.Empty(); }

 private:
  std::vector<Date> days_;
  WeightedPicker weights_;
};

// The days of [from, to) on which offices work: working days weighted by their month's
// factor, Saturdays at a tenth of it (some one-stop desks open on Saturday morning).
DayPicker OfficeDays(Date from, Date to, const MonthFactors& months);

}  // namespace egovkpi::sim::gen
