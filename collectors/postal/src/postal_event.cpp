#include "egovkpi/collectors/postal/postal_event.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace egovkpi::collectors::postal {

namespace {
constexpr std::string_view kReceipt = "NHAN_HO_SO";
constexpr std::string_view kReturn = "TRA_KET_QUA";
}  // namespace

std::string_view ToString(ServiceType type) {
  switch (type) {
    case ServiceType::kReceipt:
      return kReceipt;
    case ServiceType::kReturn:
      return kReturn;
  }
  return "unknown";  // not reached for a valid enumerator
}

std::optional<ServiceType> ParseServiceType(std::string_view text) {
  if (text == kReceipt) return ServiceType::kReceipt;
  if (text == kReturn) return ServiceType::kReturn;
  return std::nullopt;
}

std::string EncodeLastId(std::int64_t last_id) { return std::to_string(last_id); }

std::optional<std::int64_t> DecodeLastId(std::string_view text) {
  // Digits only: from_chars alone would accept a leading '-'.
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace egovkpi::collectors::postal
