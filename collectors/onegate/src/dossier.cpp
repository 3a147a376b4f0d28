#include "egovkpi/collectors/onegate/dossier.hpp"

namespace egovkpi::collectors::onegate {

std::string EncodeCursor(const DossierCursor& cursor) {
  return FormatCompactLocalTime(cursor.updated_at) + '|' + cursor.after_code;
}

std::optional<DossierCursor> DecodeCursor(std::string_view text) {
  // The time has a fixed width and no '|', so splitting at the first '|' keeps any '|'
  // inside a MaHoSo.
  const std::size_t bar = text.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  const std::optional<TimePoint> updated_at = ParseCompactLocalTime(text.substr(0, bar));
  if (!updated_at) return std::nullopt;
  return DossierCursor{.updated_at = *updated_at, .after_code = std::string(text.substr(bar + 1))};
}

}  // namespace egovkpi::collectors::onegate
