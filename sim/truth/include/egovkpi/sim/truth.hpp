// The ground truth: every KPI of shared/spec/kpi.md — numerator and denominator, for every
// kpi, scope, unit and period — computed from the simulated province's in-memory records
// as the upstream systems show them at `now`, with code of its own (no SQL, nothing shared
// with the daemon's KPI engine). The end-to-end tests hold the daemon to these numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim {

struct KpiTruth {
  std::string kpi;     // online_services_used, online_dossiers, bcci_services_used,
                       // bcci_received, bcci_returned, signed_edocs,
                       // edocs_processed_online, on_time_dossiers
  std::string scope;   // province, level, district, agency
  std::string unit;    // province code, tinh/huyen/xa, or a MaDonVi
  std::string period;  // year, quarter, month
  Date period_start;   // local calendar day, inclusive
  Date period_end;     // exclusive
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

struct Truth {
  // min(now, end of the plan year, newest record time visible at `now` from any source).
  Time as_of;
  // Sorted by (kpi, scope, unit, period, period_start).
  std::vector<KpiTruth> rows;
};

// The as-of time alone (see Truth::as_of).
Time AsOf(const Province& province, Time now);

Truth ComputeTruth(const Province& province, Time now);

// {"as_of": "<RFC 3339 UTC>", "rows": [{"kpi":..., "scope":..., "unit":..., "period":...,
//  "period_start": "2021-01-01", "period_end": "2021-04-01", "numerator": n,
//  "denominator": d}, ...]} — stable bytes for the same truth.
std::string TruthToJson(const Truth& truth);

}  // namespace egovkpi::sim
