// Reads a request target of the REST-style upstreams ("/bcci/tracking?lastId=0&limit=100"):
// its path and its query parameters, percent-decoded. Header-only: a few lines, used by the
// postal and document-exchange systems.
//
// '+' is kept as '+' (RFC 3986), not read as a space as HTML forms do: a client that leaves
// the "+07:00" of a time unescaped is still understood, and no parameter value of these
// contracts ever holds a space.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace egovkpi::sim {

// Views into `target`: the QueryString must not outlive it.
class QueryString {
 public:
  explicit QueryString(std::string_view target) {
    const auto question = target.find('?');
    path_ = target.substr(0, question);
    if (question == std::string_view::npos) return;
    std::string_view rest = target.substr(question + 1);
    // A fragment is never sent by clients; drop it if one is.
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const auto equals = pair.find('=');
      auto name = Decode(pair.substr(0, equals));
      auto value =
          Decode(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1));
      if (!name || !value) {
        error_ = "malformed percent-escape in the query string";
        continue;
      }
      if (Find(*name) != nullptr) {
        error_ = "parameter '" + *name + "' given twice";
        continue;
      }
      parameters_.emplace_back(std::move(*name), std::move(*value));
    }
  }

  [[nodiscard]] std::string_view path() const { return path_; }
  // Why the query string cannot be trusted (a bad %-escape, a repeated parameter); empty
  // when it is well formed.
  [[nodiscard]] const std::string& error() const { return error_; }
  // The decoded value of parameter `name`, or nullptr when absent.
  [[nodiscard]] const std::string* Find(std::string_view name) const {
    for (const auto& [key, value] : parameters_) {
      if (key == name) return &value;
    }
    return nullptr;
  }

 private:
  static int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static std::optional<std::string> Decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '%') {
        out.push_back(text[i]);
        continue;
      }
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
    return out;
  }

  std::string_view path_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  std::string error_;
};

// A decimal integer of digits only (no sign, no blanks), at most `max`; nullopt otherwise.
inline std::optional<std::int64_t> ParseDecimal(
    std::string_view text, std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::int64_t digit = c - '0';
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace egovkpi::sim
