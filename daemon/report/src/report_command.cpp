#include "egovkpi/report/report_command.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "egovkpi/config/loader.hpp"
#include "egovkpi/report/report_format.hpp"
#include "egovkpi/report/report_query.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::report {
namespace {

constexpr int kUsageExitStatus = 64;  // as main.cpp, EX_USAGE

std::optional<LocalDate> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return LocalDate(ymd);
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (const auto a : allowed) {
    if (value == a) return true;
  }
  return false;
}

}  // namespace

int RunReportCommand(std::span<const std::string_view> args, std::string_view default_config,
                     std::ostream& out, std::ostream& err) {
  std::string config_path(default_config);
  std::string format = "table";
  ReportQuery query;
  std::string start_text;
  const auto usage_error = [&](const std::string& message) {
    err << "egovkpi report: " << message << "\n" << kReportUsage;
    return kUsageExitStatus;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view option = args[i];
    if (option == "-h" || option == "--help") {
      out << kReportUsage;
      return 0;
    }
    if (option.empty() || option[0] != '-') {
      return usage_error("unexpected argument " + std::string(option));
    }
    if (i + 1 >= args.size()) return usage_error(std::string(option) + " needs a value");
    const std::string_view value = args[++i];
    if (option == "--config") {
      config_path = value;
    } else if (option == "--period") {
      if (!OneOf(value, {"year", "quarter", "month"})) {
        return usage_error("--period must be year, quarter or month");
      }
      query.period = value;
    } else if (option == "--start") {
      start_text = value;
      query.start = ParseDate(value);
      if (!query.start) return usage_error("--start must be a date YYYY-MM-DD");
    } else if (option == "--scope") {
      if (!OneOf(value, {"province", "level", "district", "agency"})) {
        return usage_error("--scope must be province, level, district or agency");
      }
      query.scope = value;
    } else if (option == "--unit") {
      query.unit = std::string(value);
    } else if (option == "--format") {
      if (!OneOf(value, {"table", "csv", "json"})) {
        return usage_error("--format must be table, csv or json");
      }
      format = value;
    } else {
      return usage_error("unknown option " + std::string(option));
    }
  }

  const auto loaded = config::LoadConfigFile(config_path);
  for (const auto& error : loaded.errors) err << error.ToString() << '\n';
  if (!loaded.config) return config::kConfigErrorExitStatus;
  const auto& db_config = loaded.config->database;

  storage::Database db(db_config.ConnectionString(), db_config.Describe());
  ReportData data;
  try {
    db.InTransaction([&](pqxx::work& tx) {
      tx.exec("SET TRANSACTION READ ONLY");
      data = LoadReport(tx, query);
    });
  } catch (const std::exception& e) {
    // StorageError names the database and never holds the connection string.
    err << "egovkpi report: " << e.what()
        << " (is the database running, and has `egovkpi migrate` been run?)\n";
    return 1;
  }

  switch (data.status) {
    case ReportStatus::kOk:
      break;
    case ReportStatus::kNothingComputed:
      err << "egovkpi report: no KPIs have been computed yet in " << db.description()
          << " (the daemon computes them after its first polls)\n";
      return 1;
    case ReportStatus::kNoSuchPeriod:
      err << "egovkpi report: the latest computation has no " << query.period;
      if (query.start) {
        err << " starting " << start_text
            << " (a quarter starts on 1 January, April, July or October, a month on its 1st;"
               " periods after the as-of time are not reported)";
      }
      err << '\n';
      return 1;
    case ReportStatus::kNoSuchUnit:
      if (query.unit) {
        err << "egovkpi report: no unit " << *query.unit << " in scope " << query.scope << '\n';
      } else {
        err << "egovkpi report: no unit in scope " << query.scope << '\n';
      }
      return 1;
  }

  if (format == "csv") {
    out << FormatCsv(data.rows);
  } else if (format == "json") {
    out << FormatJson(data.rows);
  } else {
    const auto& first = data.rows.front();
    ReportHeading heading{first.period, first.period_start, first.period_end, first.as_of,
                          query.scope, ""};
    bool one_unit = true;
    for (const auto& row : data.rows) one_unit = one_unit && row.unit == first.unit;
    if (one_unit) heading.unit_name = first.unit_name.empty() ? first.unit : first.unit_name;
    out << FormatTable(heading, data.rows);
  }
  out.flush();
  return out ? 0 : 1;
}

}  // namespace egovkpi::report
