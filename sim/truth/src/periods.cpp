#include "periods.hpp"

#include <algorithm>

namespace egovkpi::sim::truth_detail {
namespace {

Date FirstOfMonth(int year, int month_index) {  // month_index 0..12 (12 = next January)
  const int y = year + month_index / 12;
  const auto m = static_cast<unsigned>(month_index % 12 + 1);
  return Date(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(1));
}

}  // namespace

Time StartOfLocalYear(int year) { return StartOfLocalDay(FirstOfMonth(year, 0)); }

PlanCalendar::PlanCalendar(int year, Time as_of) : as_of_(as_of) {
  std::array<Date, 13> firsts{};
  for (int m = 0; m <= 12; ++m) {
    firsts[static_cast<std::size_t>(m)] = FirstOfMonth(year, m);
    month_starts_[static_cast<std::size_t>(m)] =
        StartOfLocalDay(firsts[static_cast<std::size_t>(m)]);
  }
  const auto make = [&](std::string_view kind, std::size_t first_month, std::size_t end_month) {
    return Period{kind, firsts[first_month], firsts[end_month], month_starts_[first_month],
                  month_starts_[end_month]};
  };
  periods_[0] = make("year", 0, 12);
  for (std::size_t q = 0; q < 4; ++q) periods_[1 + q] = make("quarter", 3 * q, 3 * q + 3);
  for (std::size_t m = 0; m < 12; ++m) periods_[5 + m] = make("month", m, m + 1);
}

bool PlanCalendar::Reported(std::size_t period) const {
  return periods_[period].start_time <= as_of_;
}

PeriodMask PlanCalendar::MaskOf(Time t) const {
  if (t > as_of_ || t < month_starts_.front() || t >= month_starts_.back()) return 0;
  // The month m with month_starts_[m] <= t < month_starts_[m + 1].
  const auto next = std::upper_bound(month_starts_.begin(), month_starts_.end(), t);
  const auto m = static_cast<unsigned>(next - month_starts_.begin() - 1);
  return PeriodMask{1} | (PeriodMask{1} << (1 + m / 3)) | (PeriodMask{1} << (5 + m));
}

PeriodMask PlanCalendar::ValidityMask(Date from, const std::optional<Date>& to) const {
  // The row covers [row_start, row_end); P's counted instants are [P.start, P.end) with
  // t <= as-of. They share an instant iff max(starts) < min(ends) and max(starts) <= as-of.
  const Time row_start = StartOfLocalDay(from);
  const Time row_end = to ? StartOfLocalDay(*to + std::chrono::days(1)) : Time::max();
  PeriodMask mask = 0;
  for (std::size_t p = 0; p < kPeriodCount; ++p) {
    const Time first = std::max(row_start, periods_[p].start_time);
    const Time end = std::min(row_end, periods_[p].end_time);
    if (first < end && first <= as_of_) mask |= PeriodMask{1} << p;
  }
  return mask;
}

}  // namespace egovkpi::sim::truth_detail
