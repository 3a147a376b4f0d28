// The upstream systems' time formats, written and read by the simulator with its own code
// (never the daemon's). Local time is UTC+07:00.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim {

std::string CompactLocal(Time t);          // 20210305142210 (one-stop system)
std::string CompactLocalDate(Date d);      // 20210305 (portal validity dates)
std::string IsoLocal(Time t);              // 2021-03-05T14:22:10+07:00 (VNPost)
std::string Rfc3339Utc(Time t);            // 2021-03-05T07:22:10Z (document exchange)
std::string SlashDate(Date d);             // 2021/03/05 (PromulgationDate)
std::string IsoDate(Date d);               // 2021-03-05 (truth JSON)

// The local calendar day that contains `t`.
Date LocalDay(Time t);

// Strict readers of what clients send; empty when malformed.
std::optional<Time> ParseCompactLocal(std::string_view text);   // capnhat_tu
std::optional<Time> ParseRfc3339(std::string_view text);        // updatedSince: Z or ±HH:MM
// Command-line times: "2021-12-31", "2021-12-31T23:00:00" (local) or with Z/±HH:MM.
std::optional<Time> ParseCommandLineTime(std::string_view text);

}  // namespace egovkpi::sim
