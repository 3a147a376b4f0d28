#include "egovkpi/kpi/kpi_engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace egovkpi::kpi {
namespace {

using std::chrono::microseconds;

// Values go into the statements as literals: they are numbers, or quoted by the
// transaction. Times travel as microseconds since the epoch and dates as days since
// 1970-01-01, so nothing depends on the session's time zone or date style.

// A timestamptz expression for `t`, exact to the microsecond (PostgreSQL's resolution).
std::string TimestampSql(TimePoint t) {
  const auto micros = std::chrono::floor<microseconds>(t).time_since_epoch().count();
  return "(timestamptz 'epoch' + " + std::to_string(micros) + " * interval '1 microsecond')";
}

std::string EpochMicrosSql(const std::string& timestamptz) {
  return "(extract(epoch FROM " + timestamptz + ") * 1000000)::bigint";
}

TimePoint FromEpochMicros(long long micros) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(microseconds(micros)));
}

std::string DateSql(LocalDate day) {
  return "(date '1970-01-01' + " + std::to_string(day.time_since_epoch().count()) + ")";
}

std::string EpochDaysSql(const std::string& date) { return "(" + date + " - date '1970-01-01')"; }

LocalDate FromEpochDays(long long days) { return LocalDate(std::chrono::days(days)); }

// 17 significant digits: the double comes back bit for bit.
std::string DoubleSql(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// Stores the roll-up as the snapshot's rows and reads them back: one row per scope x unit x
// period with every KPI's numerator and denominator (kKpiIds order, which is
// kpi_definition.sort_order). Rows that did not change are not rewritten (a computation
// every minute would otherwise churn the day's whole row set); rows no longer reported
// (the as-of time moved back, a unit is no district any more) are removed.
std::string StoreRowsSql(const std::string& rollup, const std::string& snapshot) {
  const std::string stale =
      "DELETE FROM egovkpi.kpi_result r WHERE r.snapshot_date = " + snapshot +
      " AND NOT EXISTS (SELECT FROM fresh f WHERE f.scope = r.scope AND f.unit = r.unit"
      " AND f.period = r.period AND f.period_start = r.period_start)";
  const std::string stored =
      "INSERT INTO egovkpi.kpi_result AS r (snapshot_date, scope, unit, period, period_start,"
      " period_end, numerators, denominators) SELECT " +
      snapshot + ", f.* FROM fresh f" +
      " ON CONFLICT (snapshot_date, scope, unit, period, period_start) DO UPDATE SET"
      " period_end = EXCLUDED.period_end, numerators = EXCLUDED.numerators,"
      " denominators = EXCLUDED.denominators"
      " WHERE (r.period_end, r.numerators, r.denominators) IS DISTINCT FROM"
      " (EXCLUDED.period_end, EXCLUDED.numerators, EXCLUDED.denominators)";
  std::string select = "SELECT scope, unit, period, " + EpochDaysSql("period_start") + ", " +
                       EpochDaysSql("period_end");
  for (std::size_t k = 1; k <= kKpiIds.size(); ++k) {
    const std::string i = std::to_string(k);
    select.append(", numerators[").append(i).append("], denominators[").append(i).append("]");
  }
  return "WITH fresh AS MATERIALIZED (" + rollup + "), stale AS (" + stale + "), stored AS (" +
         stored + ") " + select + " FROM fresh";
}

void MarkCurrentPeriods(std::vector<KpiRow>& rows) {
  std::map<std::string, LocalDate> latest;  // period kind -> latest reported start
  for (const KpiRow& row : rows) {
    auto [it, inserted] = latest.try_emplace(row.period, row.period_start);
    if (!inserted && it->second < row.period_start) it->second = row.period_start;
  }
  for (KpiRow& row : rows) row.current = latest[row.period] == row.period_start;
}

}  // namespace

KpiEngine::KpiEngine(KpiPlan plan) : plan_(std::move(plan)) {
  if (plan_.year < 1 || plan_.year > 9998) {
    throw std::invalid_argument("KPI plan year " + std::to_string(plan_.year) +
                                " is outside 1..9998");
  }
  if (plan_.province_code.empty()) throw std::invalid_argument("KPI plan has no province code");
  for (const auto& [kpi, target] : plan_.targets) {
    if (std::find(kKpiIds.begin(), kKpiIds.end(), kpi) == kKpiIds.end()) {
      throw std::invalid_argument("target for unknown KPI id '" + kpi + "'");
    }
    if (!std::isfinite(target) || target < 0.0 || target > 1.0) {
      throw std::invalid_argument("target of " + kpi + " is outside [0, 1]");
    }
  }
}

KpiComputation KpiEngine::Compute(pqxx::work& tx, TimePoint now) const {
  KpiComputation out;
  out.computed_at = now;
  const std::string now_sql = TimestampSql(now);
  const std::string year_sql = std::to_string(plan_.year);

  // For this transaction only. The statements are a few scans over aggregates and many
  // small ones: JIT compilation and parallel workers cost more than they save.
  tx.exec0("SET LOCAL jit = off");
  tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
  tx.exec0("SET LOCAL work_mem = '64MB'");

  // 1. The aggregates, up to date with the records written since the last computation
  //    (this takes the lock that orders computations and record writers).
  out.refreshed_days = tx.exec1("SELECT egovkpi.kpi_refresh_facts()")[0].as<int>();

  // 2. The as-of time, and the day whose snapshot this computation replaces.
  {
    const auto row = tx.exec1("SELECT " + EpochMicrosSql("a") + ", " +
                              EpochDaysSql("egovkpi.kpi_local_day(" + now_sql + ")") +
                              " FROM egovkpi.kpi_as_of(" + now_sql + ", " + year_sql + ") a");
    out.as_of = FromEpochMicros(row[0].as<long long>());
    out.snapshot_date = FromEpochDays(row[1].as<long long>());
  }
  const std::string as_of_sql = TimestampSql(out.as_of);
  const std::string snapshot_sql = DateSql(out.snapshot_date);

  // 3. The snapshot: when and for what it was computed, the targets that apply.
  tx.exec0(
      "INSERT INTO egovkpi.kpi_snapshot (snapshot_date, province_code, province_name,"
      " plan_year, as_of, computed_at) VALUES (" +
      snapshot_sql + ", " + tx.quote(plan_.province_code) + ", " + tx.quote(plan_.province_name) +
      ", " + year_sql + ", " + as_of_sql + ", " + now_sql +
      ") ON CONFLICT (snapshot_date) DO UPDATE SET province_code = EXCLUDED.province_code,"
      " province_name = EXCLUDED.province_name, plan_year = EXCLUDED.plan_year,"
      " as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at");
  tx.exec0("DELETE FROM egovkpi.kpi_snapshot_target WHERE snapshot_date = " + snapshot_sql);
  if (!plan_.targets.empty()) {
    std::string values;
    for (const auto& [kpi, target] : plan_.targets) {
      if (!values.empty()) values += ", ";
      values += "(" + snapshot_sql + ", " + tx.quote(kpi) + ", " + DoubleSql(target) + ")";
    }
    tx.exec0("INSERT INTO egovkpi.kpi_snapshot_target (snapshot_date, kpi, target) VALUES " +
             values);
  }

  // 4. Every KPI of every scope, unit and reported period, stored and read back.
  const std::string rollup = "SELECT * FROM egovkpi.kpi_rollup(" + tx.quote(plan_.province_code) +
                             ", " + year_sql + ", " + as_of_sql + ")";
  const auto result = tx.exec(StoreRowsSql(rollup, snapshot_sql));
  out.rows.reserve(result.size() * kKpiIds.size());
  for (const auto& row : result) {
    for (std::size_t k = 0; k < kKpiIds.size(); ++k) {
      KpiRow r;
      r.kpi = kKpiIds[k];
      r.scope = row[0].as<std::string>();
      r.unit = row[1].as<std::string>();
      r.period = row[2].as<std::string>();
      r.period_start = FromEpochDays(row[3].as<long long>());
      r.period_end = FromEpochDays(row[4].as<long long>());
      r.numerator = row[static_cast<int>(5 + 2 * k)].as<std::int64_t>();
      r.denominator = row[static_cast<int>(6 + 2 * k)].as<std::int64_t>();
      out.rows.push_back(std::move(r));
    }
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const KpiRow& a, const KpiRow& b) {
    return std::tie(a.kpi, a.scope, a.unit, a.period, a.period_start) <
           std::tie(b.kpi, b.scope, b.unit, b.period, b.period_start);
  });
  MarkCurrentPeriods(out.rows);

  // 5. The catalogue's units, for the unit series of /metrics.
  for (const auto& row : tx.exec("SELECT code, coalesce(name, ''), coalesce(level, 0),"
                                 " coalesce(parent_code, '') FROM egovkpi.unit")) {
    out.units.push_back(CatalogueUnit{row[0].as<std::string>(), row[1].as<std::string>(),
                                      row[2].as<int>(), row[3].as<std::string>()});
  }
  std::sort(out.units.begin(), out.units.end(),
            [](const CatalogueUnit& a, const CatalogueUnit& b) { return a.code < b.code; });
  for (const auto& row : tx.exec("SELECT kpi, name FROM egovkpi.kpi_definition")) {
    out.kpi_names[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return out;
}

}  // namespace egovkpi::kpi
