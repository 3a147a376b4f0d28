#include "egovkpi/collectors/portal/catalogue.hpp"

#include <cstdio>

#include "egovkpi/collectors/local_time.hpp"

namespace egovkpi::collectors::portal {

std::optional<LocalDate> ParseCompactDate(std::string_view text) {
  // The shared parser checks the format and the calendar and answers with the instant of
  // local midnight; moving that instant back by the offset gives the day's number again.
  const std::optional<TimePoint> midnight = ParseCompactLocalDate(text);
  if (!midnight) return std::nullopt;
  return LocalDate{std::chrono::floor<std::chrono::days>(*midnight + kLocalUtcOffset)};
}

std::string FormatCompactDate(LocalDate date) {
  char buffer[32];
  const int n =
      std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(date.year()),
                    static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

}  // namespace egovkpi::collectors::portal
