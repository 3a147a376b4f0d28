#include "egovkpi/collectors/json_fields.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <limits>
#include <system_error>

#include "egovkpi/collectors/log_text.hpp"

namespace egovkpi::collectors {
namespace {

// The field's value, or null when it is missing or JSON null: both mean "absent".
const boost::json::value* Lookup(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = record.if_contains(name);
  if (value == nullptr || value->is_null()) return nullptr;
  return value;
}

std::string_view View(const boost::json::string& s) { return {s.data(), s.size()}; }

template <typename T>
Field<T> Absent() {
  return {};
}

template <typename T>
Field<T> Invalid() {
  return {.present = true, .value = std::nullopt};
}

template <typename T>
Field<T> Valid(T value) {
  return {.present = true, .value = std::move(value)};
}

}  // namespace

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view KindName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

std::string Quote(const boost::json::value& value) {
  if (value.is_array() || value.is_object()) return std::string(KindName(value));
  return Abbreviate(boost::json::serialize(value), kMaxQuotedBytes);
}

std::string Quote(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = record.if_contains(name);
  return value == nullptr ? std::string("absent") : Quote(*value);
}

RejectedRecord NotAnObject(const boost::json::value& element, const std::string& where) {
  const bool keep = element.is_null() || element.is_bool() || element.is_number();
  return RejectedRecord{.reason = "not_an_object",
                        .detail = where + " is " + std::string(KindName(element)),
                        .key = {},
                        .payload = keep ? boost::json::serialize(element) : "null"};
}

Field<std::string> ReadString(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = Lookup(record, name);
  if (value == nullptr) return Absent<std::string>();
  if (const boost::json::string* s = value->if_string()) {
    if (s->empty()) return Absent<std::string>();
    return Valid(std::string(View(*s)));
  }
  if (value->is_int64()) return Valid(std::to_string(value->get_int64()));
  if (value->is_uint64()) return Valid(std::to_string(value->get_uint64()));
  return Invalid<std::string>();  // double, bool, array, object
}

Field<std::int64_t> ReadCode(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = Lookup(record, name);
  if (value == nullptr) return Absent<std::int64_t>();
  if (value->is_int64()) return Valid(value->get_int64());
  if (value->is_uint64()) {
    const std::uint64_t u = value->get_uint64();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Invalid<std::int64_t>();
    }
    return Valid(static_cast<std::int64_t>(u));
  }
  if (const boost::json::string* s = value->if_string()) {
    const std::string_view text = View(*s);
    if (text.empty()) return Absent<std::int64_t>();
    // Digits only: no sign, no spaces, no "2.0" (from_chars alone would take "-2").
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Invalid<std::int64_t>();
    }
    std::int64_t parsed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec != std::errc{} || end != text.data() + text.size()) return Invalid<std::int64_t>();
    return Valid(parsed);
  }
  return Invalid<std::int64_t>();  // double (even 2.0), bool, array, object
}

Field<bool> ReadBool(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = Lookup(record, name);
  if (value == nullptr) return Absent<bool>();
  if (value->is_bool()) return Valid(value->get_bool());
  if (value->is_int64() || value->is_uint64()) {
    const bool zero = value->is_int64() ? value->get_int64() == 0 : value->get_uint64() == 0;
    const bool one = value->is_int64() ? value->get_int64() == 1 : value->get_uint64() == 1;
    if (zero || one) return Valid(one);
    return Invalid<bool>();
  }
  if (const boost::json::string* s = value->if_string()) {
    const std::string_view text = View(*s);
    if (text.empty()) return Absent<bool>();
    if (text == "1" || text == "true") return Valid(true);
    if (text == "0" || text == "false") return Valid(false);
  }
  return Invalid<bool>();
}

bool HasNonEmptyArray(const boost::json::object& record, std::string_view name) {
  const boost::json::value* value = record.if_contains(name);
  if (value == nullptr) return false;
  const boost::json::array* array = value->if_array();
  return array != nullptr && !array->empty();
}

std::string SerializeWithout(const boost::json::object& record,
                             std::initializer_list<std::string_view> dropped) {
  return SerializeWithout(record,
                          std::span<const std::string_view>(dropped.begin(), dropped.size()));
}

std::string SerializeWithout(const boost::json::object& record,
                             std::span<const std::string_view> dropped) {
  // A new object rather than erasing from a copy: object::erase in Boost 1.81 moves the last
  // member into the hole, and a quarantined payload is easier to read in its served order.
  boost::json::object kept(record.storage());
  kept.reserve(record.size());
  for (const boost::json::key_value_pair& member : record) {
    const std::string_view key = member.key();
    const bool drop = std::any_of(dropped.begin(), dropped.end(), [&](std::string_view name) {
      return EqualsIgnoringAsciiCase(key, name);
    });
    if (!drop) kept.emplace(member.key(), member.value());
  }
  return boost::json::serialize(kept);
}

}  // namespace egovkpi::collectors
