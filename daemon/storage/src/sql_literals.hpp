// Building SQL literals for statements assembled as text (multi-row INSERT ... VALUES).
// Values go through the transaction's quote(); times are formatted here, in UTC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

namespace egovkpi::storage::detail {

// "2021-03-05 07:22:10+00" (whole seconds) or "2021-03-05 07:22:10.250000+00" (with a
// fraction); years before 1 are written with PostgreSQL's " BC" suffix.
std::string FormatUtcTimestamp(std::chrono::sys_time<std::chrono::microseconds> t);

// Text PostgreSQL accepts in a UTF8 database: invalid UTF-8 sequences become U+FFFD and
// NUL bytes are dropped (libpq's escaping stops at the first NUL, and text cannot hold one).
std::string ValidText(std::string_view text);

// SQL expressions: a quoted text literal, `NULL`, a timestamptz literal.
std::string TextSql(const pqxx::transaction_base& tx, std::string_view text);
std::string NullableTextSql(const pqxx::transaction_base& tx, std::string_view text);  // "" -> NULL

template <typename Duration>
std::string TimestampSql(std::chrono::sys_time<Duration> t) {
  return "'" + FormatUtcTimestamp(std::chrono::floor<std::chrono::microseconds>(t)) +
         "'::timestamptz";
}

template <typename Duration>
std::string TimestampSql(const std::optional<std::chrono::sys_time<Duration>>& t) {
  return t ? TimestampSql(*t) : std::string("NULL");
}

inline std::string IntSql(long long value) { return std::to_string(value); }
inline std::string IntSql(const std::optional<int>& value) {
  return value ? std::to_string(*value) : std::string("NULL");
}
inline std::string BoolSql(bool value) { return value ? "true" : "false"; }

}  // namespace egovkpi::storage::detail
