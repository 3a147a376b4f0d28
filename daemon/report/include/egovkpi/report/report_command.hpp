// `egovkpi report [--config FILE] [--period year|quarter|month] [--start YYYY-MM-DD]
//  [--scope province|level|district|agency] [--unit CODE] [--format table|csv|json]`:
// prints the KPI report of the newest computation to `out`, messages to `err`.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace egovkpi::report {

inline constexpr const char* kReportUsage =
    R"(usage: egovkpi report [--config FILE] [--period year|quarter|month]
                      [--start YYYY-MM-DD] [--scope province|level|district|agency]
                      [--unit CODE] [--format table|csv|json]

  --period   year (default: the year to date), quarter or month (default: the latest one)
  --start    the period's first day, to pick an earlier quarter or month
  --scope    province (default), level, district or agency
  --unit     one unit of the scope (default: all of them)
  --format   table (default), csv (UTF-8 with BOM, for Excel) or json
)";

// Exit status: 0 printed; 2 bad configuration; 1 database unreachable, schema not
// migrated, nothing computed yet, or no such period/unit; 64 bad usage.
// `args` are the command line after "report"; `default_config` is used without --config.
int RunReportCommand(std::span<const std::string_view> args, std::string_view default_config,
                     std::ostream& out, std::ostream& err);

}  // namespace egovkpi::report
