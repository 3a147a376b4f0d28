#include "value_parsers.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

namespace egovkpi::config::detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Reads the decimal number at the front of `text`, saturating at `cap` so that absurd
// values are reported as out of range rather than as malformed. Consumes the digits.
std::optional<std::uint64_t> TakeNumber(std::string_view& text, std::uint64_t cap) {
  std::size_t length = 0;
  std::uint64_t value = 0;
  while (length < text.size() && IsDigit(text[length])) {
    const auto digit = static_cast<std::uint64_t>(text[length] - '0');
    value = value > (cap - digit) / 10 ? cap : value * 10 + digit;
    ++length;
  }
  if (length == 0) return std::nullopt;
  text.remove_prefix(length);
  return value;
}

struct DurationUnit {
  std::string_view name;
  std::int64_t milliseconds;
};

// Decreasing order: a combination must follow it ("1h30m", not "30m1h").
constexpr std::array<DurationUnit, 5> kDurationUnits = {{
    {"d", std::chrono::milliseconds(std::chrono::days(1)).count()},
    {"h", std::chrono::milliseconds(std::chrono::hours(1)).count()},
    {"m", std::chrono::milliseconds(std::chrono::minutes(1)).count()},
    {"s", std::chrono::milliseconds(std::chrono::seconds(1)).count()},
    {"ms", 1},
}};

struct SizeUnit {
  std::string_view name;
  std::size_t bytes;
};

constexpr std::array<SizeUnit, 5> kSizeUnits = {{
    {"GiB", std::size_t{1} << 30},
    {"MiB", std::size_t{1} << 20},
    {"KiB", std::size_t{1} << 10},
    {"B", 1},
    {"", 1},
}};

// Edits (insert, delete, substitute, swap two neighbours) between two keys: a typo is 1.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> ClosestMatch(std::string_view unknown,
                                        const std::vector<std::string>& known) {
  const std::size_t tolerance = unknown.size() <= 4 ? 1 : 2;
  std::optional<std::string> closest;
  std::size_t best = tolerance + 1;
  for (const std::string& candidate : known) {
    // The distance is at least the difference in length: skip the quadratic work.
    const std::size_t shorter = std::min(unknown.size(), candidate.size());
    const std::size_t longer = std::max(unknown.size(), candidate.size());
    if (longer - shorter > tolerance) continue;
    const std::size_t distance = EditDistance(unknown, candidate);
    if (distance < best) {
      best = distance;
      closest = candidate;
    }
  }
  return closest;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  // Saturation point: far beyond any sensible setting, far below overflow.
  constexpr std::int64_t kCap = std::numeric_limits<std::int64_t>::max() / 4;
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units before this index are used up
  while (!text.empty()) {
    const auto number = TakeNumber(text, static_cast<std::uint64_t>(kCap));
    if (!number) return std::nullopt;
    std::size_t unit_length = 0;
    while (unit_length < text.size() && IsAsciiLetter(text[unit_length])) ++unit_length;
    const std::string_view unit_name = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    std::size_t unit = next_unit;
    while (unit < kDurationUnits.size() && kDurationUnits[unit].name != unit_name) ++unit;
    if (unit == kDurationUnits.size()) return std::nullopt;  // unknown, repeated or unordered
    next_unit = unit + 1;
    const std::int64_t factor = kDurationUnits[unit].milliseconds;
    const auto value = static_cast<std::int64_t>(*number);
    if (value > (kCap - total) / factor) return Duration::max();
    total += value * factor;
  }
  return Duration(total);
}

std::optional<std::size_t> ParseSize(std::string_view text) {
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  const auto number = TakeNumber(text, kMax);
  if (!number) return std::nullopt;
  for (const SizeUnit& unit : kSizeUnits) {
    if (text != unit.name) continue;
    if (*number > kMax / unit.bytes) return kMax;
    return static_cast<std::size_t>(*number) * unit.bytes;
  }
  return std::nullopt;
}

std::string FormatDuration(Duration duration) {
  std::int64_t rest = duration.count();
  if (rest <= 0) return std::to_string(rest) + "ms";
  std::string text;
  for (const DurationUnit& unit : kDurationUnits) {
    const std::int64_t count = rest / unit.milliseconds;
    if (count == 0) continue;
    text += std::to_string(count);
    text += unit.name;
    rest -= count * unit.milliseconds;
  }
  return text;
}

std::string FormatSize(std::size_t bytes) {
  for (const SizeUnit& unit : kSizeUnits) {
    if (unit.bytes > 1 && bytes % unit.bytes == 0 && bytes != 0) {
      return std::to_string(bytes / unit.bytes) + std::string(unit.name);
    }
  }
  return std::to_string(bytes);
}

std::optional<ListenAddress> ParseListenAddress(std::string_view text, std::string& problem) {
  std::string_view host;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      problem = "the closing ']' of the IPv6 address is missing";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    for (const char c : host) {
      if (!IsHexDigit(c) && c != ':' && c != '.') {
        problem = "the IPv6 address between brackets is malformed";
        return std::nullopt;
      }
    }
    if (host.find(':') == std::string_view::npos) {
      problem = "brackets are only for IPv6 addresses";
      return std::nullopt;
    }
  } else {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      problem = "the port is missing";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    rest = text.substr(colon);
    if (rest.find(':', 1) != std::string_view::npos) {
      problem = "an IPv6 address must be written between brackets, e.g. \"[::1]:9464\"";
      return std::nullopt;
    }
    for (const char c : host) {
      if (!IsAsciiLetter(c) && !IsDigit(c) && c != '.' && c != '-') {
        problem = "the host is neither an IPv4 address nor a host name";
        return std::nullopt;
      }
    }
  }
  if (host.empty()) {
    problem = "the host is empty (use 0.0.0.0 or [::] to listen on every interface)";
    return std::nullopt;
  }
  if (rest.empty() || rest.front() != ':') {
    problem = "the port is missing";
    return std::nullopt;
  }
  rest.remove_prefix(1);
  const bool all_digits = !rest.empty() && rest.size() <= 5 &&
                          rest.find_first_not_of("0123456789") == std::string_view::npos;
  const auto port = all_digits ? TakeNumber(rest, 99999) : std::nullopt;
  if (!port || *port > 65535) {
    problem = "the port is not a number in 0..65535";
    return std::nullopt;
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(*port)};
}

std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool IsEnvironmentVariableName(std::string_view name) {
  if (name.empty() || IsDigit(name.front())) return false;
  for (const char c : name) {
    if (!IsAsciiLetter(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

}  // namespace egovkpi::config::detail
