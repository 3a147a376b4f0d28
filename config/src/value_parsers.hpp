// Parsers for the string-typed values of the configuration (durations, sizes, listen
// addresses). Pure functions: no TOML, no positions; the loader turns a failure into a
// ConfigError at the value's position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/config/config.hpp"

namespace egovkpi::config::detail {

// "30s", "5m", "1h30m", "250ms", "2d": integer + unit, units in decreasing order, each at
// most once. nullopt when malformed; Duration::max() when too large to represent (so the
// caller reports it as out of range, not as malformed).
std::optional<Duration> ParseDuration(std::string_view text);

// "512KiB", "64MiB", "1GiB", "1000000" or "1000000B" (bytes). nullopt when malformed;
// SIZE_MAX when too large to represent.
std::optional<std::size_t> ParseSize(std::string_view text);

// The shortest exact spelling of a duration: "1h30m", "250ms", "0s".
std::string FormatDuration(Duration duration);

// "64MiB" for exact multiples of a binary unit, else a number of bytes.
std::string FormatSize(std::size_t bytes);

struct ListenAddress {
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
};

// Parses "host:port" or "[ipv6]:port" (port 0..65535). On failure returns nullopt and sets
// `problem` to the reason ("the port is missing").
std::optional<ListenAddress> ParseListenAddress(std::string_view text, std::string& problem);

// `text` between double quotes, with " and \ escaped: how messages show a value.
std::string Quote(std::string_view text);

// The name in `known` that `unknown` is probably a typo of (one or two edits, a swap of
// neighbours counting as one), if any.
std::optional<std::string> ClosestMatch(std::string_view unknown,
                                        const std::vector<std::string>& known);

// POSIX-portable environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool IsEnvironmentVariableName(std::string_view name);

}  // namespace egovkpi::config::detail
