// Non-throwing readers for fields of untrusted upstream JSON records, following the
// contract's general rules: unknown fields are ignored; missing, null and "" all mean
// "absent"; codes may be strings or numbers ("2" and 2 are the same code).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors {

// Result of reading one field: absent, present with a value, or present but invalid.
template <typename T>
struct Field {
  bool present = false;
  std::optional<T> value;  // empty when absent or invalid
  [[nodiscard]] bool invalid() const { return present && !value; }
};

// A string field; numbers are accepted and printed in decimal (codes like MaDonVi).
Field<std::string> ReadString(const boost::json::object& record, std::string_view name);
// An integer code given as a JSON integer or a string of digits.
Field<std::int64_t> ReadCode(const boost::json::object& record, std::string_view name);
// A boolean given as true/false, 0/1 or "0"/"1"/"true"/"false".
Field<bool> ReadBool(const boost::json::object& record, std::string_view name);
// True when the field holds a non-empty array.
bool HasNonEmptyArray(const boost::json::object& record, std::string_view name);

// ASCII case-insensitive equality of field names.
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

// "null", "a boolean", "a number", "a string", "an array" or "an object".
std::string_view KindName(const boost::json::value& value);

// Longest quoted value in a detail message: enough to see what was wrong, and a bound on
// what an upstream can push into our logs.
inline constexpr std::size_t kMaxQuotedBytes = 40;

// A field's offending value for a rejection detail — never call it on a personal field.
// Scalars come JSON-escaped (no raw newlines in logs) and cut to kMaxQuotedBytes;
// containers are named by their kind only, as they could nest anything; a missing field
// is "absent".
std::string Quote(const boost::json::value& value);
std::string Quote(const boost::json::object& record, std::string_view name);

// The rejection of a page element that is not a JSON object; `where` names it, e.g.
// "result[3]". A bare string or array has no field names to filter by and may hold anything
// (a name, a nested record), so only scalars that cannot be personal data are kept.
RejectedRecord NotAnObject(const boost::json::value& element, const std::string& where);

// Compact JSON text of `record` without the named top-level fields (used for quarantine
// payloads). Names match ASCII case-insensitively, so a denylist of personal fields also
// catches "email" for "Email". The other fields keep their order.
std::string SerializeWithout(const boost::json::object& record,
                             std::initializer_list<std::string_view> dropped);
std::string SerializeWithout(const boost::json::object& record,
                             std::span<const std::string_view> dropped);

}  // namespace egovkpi::collectors
