// Reading the KPI report's rows from egovkpi.kpi_latest (the newest KPI computation).
//
// Threading: the functions use only the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "egovkpi/report/report_format.hpp"

namespace egovkpi::report {

// Which rows a report shows.
struct ReportQuery {
  std::string period = "year";       // year, quarter, month
  std::optional<LocalDate> start{};  // the period's first day; none: the latest reported
  std::string scope = "province";    // province, level, district, agency
  std::optional<std::string> unit{}; // none: every unit of the scope
};

enum class ReportStatus {
  kOk,
  kNothingComputed,  // no KPI computation stored yet
  kNoSuchPeriod,     // the latest computation has no such period (e.g. --start not a start)
  kNoSuchUnit,       // the scope has no such unit
};

struct ReportData {
  ReportStatus status = ReportStatus::kOk;
  // The period reported (its start resolved when the query gave none).
  LocalDate period_start{};
  // kpi_definition order within each unit; units by code, levels tinh, huyen, xa.
  std::vector<ReportRow> rows;
};

// Reads the rows of `query` from egovkpi.kpi_latest. Database errors propagate as pqxx
// exceptions (e.g. pqxx::undefined_table when the schema has not been migrated).
ReportData LoadReport(pqxx::transaction_base& tx, const ReportQuery& query);

}  // namespace egovkpi::report
