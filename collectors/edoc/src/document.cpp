#include "egovkpi/collectors/edoc/document.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace egovkpi::collectors::edoc {
namespace {

constexpr std::array<std::pair<Direction, std::string_view>, 2> kDirections = {{
    {Direction::kOut, "out"},
    {Direction::kIn, "in"},
}};
constexpr std::array<std::pair<Transport, std::string_view>, 4> kTransports = {{
    {Transport::kAxis, "axis"},
    {Transport::kLgsp, "lgsp"},
    {Transport::kEmail, "email"},
    {Transport::kPaper, "paper"},
}};
constexpr std::array<std::pair<DocumentStatus, std::string_view>, 6> kStatuses = {{
    {DocumentStatus::kInbox, "inbox"},
    {DocumentStatus::kAcceptance, "acceptance"},
    {DocumentStatus::kRejection, "rejection"},
    {DocumentStatus::kProcessing, "processing"},
    {DocumentStatus::kDone, "done"},
    {DocumentStatus::kFail, "fail"},
}};

template <typename Enum, std::size_t N>
std::string_view Name(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";  // not reached for a valid enumerator
}

template <typename Enum, std::size_t N>
std::optional<Enum> Lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Direction direction) { return Name(kDirections, direction); }
std::string_view ToString(Transport transport) { return Name(kTransports, transport); }
std::string_view ToString(DocumentStatus status) { return Name(kStatuses, status); }

std::optional<Direction> ParseDirection(std::string_view text) { return Lookup(kDirections, text); }
std::optional<Transport> ParseTransport(std::string_view text) { return Lookup(kTransports, text); }
std::optional<DocumentStatus> ParseDocumentStatus(std::string_view text) {
  return Lookup(kStatuses, text);
}

std::string FormatRfc3339Utc(TimePoint t) {
  namespace chr = std::chrono;
  const chr::sys_days day = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss<chr::seconds> time{t - day};
  // Large enough for any int year; only years 1..9999 give text that parses back.
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(time.hours().count()),
                static_cast<long long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return buffer;
}

}  // namespace egovkpi::collectors::edoc
