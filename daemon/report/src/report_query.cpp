#include "egovkpi/report/report_query.hpp"

#include <chrono>
#include <cstdint>

namespace egovkpi::report {
namespace {

// Days since 1970-01-01 (PostgreSQL date arithmetic) -> a LocalDate.
LocalDate Day(const pqxx::field& field) {
  return LocalDate(std::chrono::days(field.as<std::int64_t>()));
}

TimePoint Instant(const pqxx::field& field) {
  return TimePoint(std::chrono::microseconds(field.as<std::int64_t>()));
}

std::string DateLiteral(pqxx::transaction_base& tx, LocalDate day) {
  return tx.quote(std::to_string((day - LocalDate{}).count())) + "::integer";
}

}  // namespace

ReportData LoadReport(pqxx::transaction_base& tx, const ReportQuery& query) {
  ReportData data;
  if (tx.exec("SELECT 1 FROM egovkpi.kpi_snapshot LIMIT 1").empty()) {
    data.status = ReportStatus::kNothingComputed;
    return data;
  }

  // The period: the one asked for, or the latest reported one of its kind.
  const std::string start_condition =
      query.start ? " AND period_start = date '1970-01-01' + " + DateLiteral(tx, *query.start)
                  : "";
  const auto period = tx.exec(
      "SELECT max(period_start) - date '1970-01-01' FROM egovkpi.kpi_latest WHERE period = " +
      tx.quote(query.period) + start_condition);
  if (period.empty() || period[0][0].is_null()) {
    data.status = ReportStatus::kNoSuchPeriod;
    return data;
  }
  data.period_start = Day(period[0][0]);

  std::string sql =
      "SELECT l.kpi, l.kpi_name, l.scope, l.unit, COALESCE(l.unit_name, ''), l.period,"
      " l.period_start - date '1970-01-01', l.period_end - date '1970-01-01',"
      " l.numerator, l.denominator, l.ratio, l.target, l.met,"
      " floor(extract(epoch FROM l.as_of) * 1000000)::bigint,"
      " floor(extract(epoch FROM l.computed_at) * 1000000)::bigint"
      " FROM egovkpi.kpi_latest l JOIN egovkpi.kpi_definition d ON d.kpi = l.kpi"
      " WHERE l.period = " + tx.quote(query.period) +
      " AND l.period_start = date '1970-01-01' + " + DateLiteral(tx, data.period_start) +
      " AND l.scope = " + tx.quote(query.scope);
  if (query.unit) sql += " AND l.unit = " + tx.quote(*query.unit);
  // Levels from the province down; other units by code; KPIs in the plan's order.
  sql +=
      " ORDER BY CASE l.unit WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3 END"
      " NULLS LAST, l.unit, d.sort_order";
  const auto result = tx.exec(sql);
  if (result.empty()) {
    data.status = ReportStatus::kNoSuchUnit;
    return data;
  }
  data.rows.reserve(result.size());
  for (const auto& r : result) {
    ReportRow row;
    row.kpi = r[0].as<std::string>();
    row.kpi_name = r[1].as<std::string>();
    row.scope = r[2].as<std::string>();
    row.unit = r[3].as<std::string>();
    row.unit_name = r[4].as<std::string>();
    row.period = r[5].as<std::string>();
    row.period_start = Day(r[6]);
    row.period_end = Day(r[7]);
    row.numerator = r[8].as<std::int64_t>();
    row.denominator = r[9].as<std::int64_t>();
    if (!r[10].is_null()) row.ratio = r[10].as<double>();
    if (!r[11].is_null()) row.target = r[11].as<double>();
    if (!r[12].is_null()) row.met = r[12].as<bool>();
    row.as_of = Instant(r[13]);
    row.computed_at = Instant(r[14]);
    data.rows.push_back(std::move(row));
  }
  return data;
}

}  // namespace egovkpi::report
