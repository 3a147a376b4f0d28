// The KPI engine (shared/spec/kpi.md): the eight KPIs of the province's plan for every scope
// (province, level, district, agency), unit and period (the plan year, its quarters and
// months up to the as-of time), computed in PostgreSQL from the stored records and kept as
// the snapshot of the computation's local day: egovkpi.kpi_latest shows the newest
// computation, egovkpi.kpi_history the last one of each day. How the SQL works, and why a
// recomputation costs little: daemon/kpi/README.md and migration 005_kpi.sql.
//
// Threading: a KpiEngine is immutable; Compute may run on any thread, each with its own
// connection. Computations of one database run one at a time: Compute takes a lock that
// lasts until its transaction ends, and while it is held, writers of records wait at the
// end of their write statement. Commit (or roll back) right after Compute.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace egovkpi::kpi {

using TimePoint = std::chrono::system_clock::time_point;
// A local (UTC+07:00) calendar day, as its day number.
using LocalDate = std::chrono::sys_days;

// The KPI ids, in the plan's order (kpi.md, "Targets of the plan").
inline constexpr std::array<std::string_view, 8> kKpiIds = {
    "online_services_used", "online_dossiers", "bcci_services_used",     "bcci_received",
    "bcci_returned",        "signed_edocs",    "edocs_processed_online", "on_time_dossiers",
};

// What the engine computes for: the province (its code is the unit of scope "province",
// its name that unit's unit_name in the views), the plan year, and the target ratio of
// each KPI (as config::KpiConfig::targets; a KPI without an entry has no target).
struct KpiPlan {
  std::string province_code;
  std::string province_name;
  int year = 0;
  std::map<std::string, double> targets;
};

// One KPI value: kpi x scope x unit x period.
struct KpiRow {
  std::string kpi;         // one of kKpiIds
  std::string scope;       // province, level, district, agency
  std::string unit;        // the province code, tinh/huyen/xa, or a MaDonVi
  std::string period;      // year, quarter, month
  LocalDate period_start;  // inclusive
  LocalDate period_end;    // exclusive
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;  // 0: the ratio has no value
  // The latest reported period of its kind: the year, quarter and month that contain the
  // as-of time (December and Q4 once the as-of time is the end of the year). These are the
  // periods /metrics shows.
  bool current = false;
};

// A unit of the catalogue (withdrawn ones included), for egovkpi_unit_info.
struct CatalogueUnit {
  std::string code;
  std::string name;    // empty when the portal gave none
  int level = 0;       // CapDonVi 1, 2, 3; 0 when the portal gave none
  std::string parent;  // MaDonViCha; empty when none
};

struct KpiComputation {
  TimePoint as_of;
  TimePoint computed_at;    // the `now` of the computation
  LocalDate snapshot_date;  // local day of computed_at: the history row set it replaced
  // Every kpi x scope x unit x reported period (a period is reported when it starts at or
  // before the as-of time), sorted by (kpi, scope, unit, period, period_start) in byte
  // order. Units the catalogue has ever listed all have rows, with denominator 0 too.
  std::vector<KpiRow> rows;
  std::vector<CatalogueUnit> units;  // sorted by code
  // kpi id -> the plan's Vietnamese name (egovkpi.kpi_definition), for egovkpi_kpi_info.
  std::map<std::string, std::string> kpi_names;
  // Local days whose aggregates this computation brought up to date from the records;
  // -1 when it rebuilt them all (first computation, or after a table was truncated).
  int refreshed_days = 0;
};

class KpiEngine {
 public:
  // Throws std::invalid_argument for a year outside 1..9998, an empty province code, a
  // target for an id not in kKpiIds, or a target outside [0, 1].
  explicit KpiEngine(KpiPlan plan);

  // Brings the aggregates up to date with the records stored since the last computation
  // (all of them the first time), computes every row as of min(now, end of the plan year,
  // newest stored record time), and stores the rows, the targets and the as-of time as the
  // snapshot of now's local day (replacing an earlier computation of that day). Nothing is
  // visible to others until `tx` commits; after a rollback the aggregates are as they were
  // and the next computation redoes the work. Database errors propagate as pqxx exceptions
  // (storage::Database::InTransaction turns them into StorageError).
  KpiComputation Compute(pqxx::work& tx, TimePoint now) const;

  [[nodiscard]] const KpiPlan& plan() const { return plan_; }

 private:
  KpiPlan plan_;
};

}  // namespace egovkpi::kpi
