// The plan year's periods (shared/spec/kpi.md, "Periods and the as-of time"): the calendar
// year, its quarters and its months in local time, each [start, end), each evaluated only
// up to and including the as-of time. Private to egovkpi::sim_truth.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim::truth_detail {

// Bit i stands for periods()[i]: 0 the year, 1..4 the quarters, 5..16 the months.
using PeriodMask = std::uint32_t;
inline constexpr std::size_t kPeriodCount = 17;

struct Period {
  std::string_view kind;  // "year", "quarter", "month"
  Date start;             // local day, inclusive
  Date end;               // local day, exclusive
  Time start_time;        // local midnight of `start`, as a UTC instant
  Time end_time;
};

// Local midnight of 1 January of `year`, as a UTC instant.
Time StartOfLocalYear(int year);

class PlanCalendar {
 public:
  PlanCalendar(int year, Time as_of);

  [[nodiscard]] const std::array<Period, kPeriodCount>& periods() const { return periods_; }

  // A period is reported when it starts at or before the as-of time.
  [[nodiscard]] bool Reported(std::size_t period) const;

  // The periods in which an instant counts: start <= t < end and t <= as-of. At most one
  // month, its quarter and the year; none for a time outside the year or after as-of.
  [[nodiscard]] PeriodMask MaskOf(Time t) const;
  [[nodiscard]] PeriodMask MaskOf(const std::optional<Time>& t) const { return t ? MaskOf(*t) : 0; }

  // The periods a validity row overlaps. The row covers every instant from local midnight
  // starting `from` up to, not including, local midnight after `to` (both days inclusive;
  // no `to` = open). It counts for P when some instant it covers also counts in P.
  [[nodiscard]] PeriodMask ValidityMask(Date from, const std::optional<Date>& to) const;

 private:
  Time as_of_;
  std::array<Time, 13> month_starts_{};  // local midnights of the 1st of each month, and
                                         // of 1 January of the next year
  std::array<Period, kPeriodCount> periods_{};
};

}  // namespace egovkpi::sim::truth_detail
