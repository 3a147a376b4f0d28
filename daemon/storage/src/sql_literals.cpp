#include "sql_literals.hpp"

#include <cstdio>

namespace egovkpi::storage::detail {

std::string FormatUtcTimestamp(std::chrono::sys_time<std::chrono::microseconds> t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> tod{t - day};
  int y = static_cast<int>(ymd.year());
  const bool bc = y <= 0;  // astronomical year 0 is 1 BC
  if (bc) y = 1 - y;
  const long long micros = tod.subseconds().count();

  char buf[64];
  int n = 0;
  if (micros == 0) {
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld+00%s", y,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<long long>(tod.hours().count()),
                      static_cast<long long>(tod.minutes().count()),
                      static_cast<long long>(tod.seconds().count()), bc ? " BC" : "");
  } else {
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld.%06lld+00%s", y,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<long long>(tod.hours().count()),
                      static_cast<long long>(tod.minutes().count()),
                      static_cast<long long>(tod.seconds().count()), micros, bc ? " BC" : "");
  }
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::string ValidText(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = byte(i);
    if (c == 0) {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // Length of the sequence and the allowed range of its second byte (RFC 3629: no
    // overlong forms, no surrogates, nothing above U+10FFFF).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool valid = len != 0 && i + len <= text.size();
    if (valid) valid = byte(i + 1) >= lo && byte(i + 1) <= hi;
    for (std::size_t k = 2; valid && k < len; ++k) valid = byte(i + k) >= 0x80 && byte(i + k) <= 0xBF;
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out.append(kReplacement);
      ++i;
    }
  }
  return out;
}

std::string TextSql(const pqxx::transaction_base& tx, std::string_view text) {
  return tx.quote(ValidText(text));
}

std::string NullableTextSql(const pqxx::transaction_base& tx, std::string_view text) {
  return text.empty() ? std::string("NULL") : TextSql(tx, text);
}

}  // namespace egovkpi::storage::detail
