// The KPI series of /metrics (shared/spec/kpi.md, "What users see"), exposed from the last
// computed snapshot: a scrape reads memory only and never waits on the database, and the
// series of a unit that disappears from the snapshot disappear with it (prometheus-cpp
// never expires label sets of its own families, hence a Collectable of our own).
//
// Threading: Publish (KPI thread) and Collect (HTTP thread) may run concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace egovkpi::metrics {

// One KPI value of a period containing the as-of time.
struct KpiSample {
  std::string kpi;
  std::string scope;   // province, level, district, agency
  std::string unit;
  std::string period;  // year, quarter, month
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

struct UnitInfo {
  std::string code;
  std::string name;
  int level = 0;  // 1, 2, 3
  std::string parent;
};

struct KpiSnapshot {
  std::string province_code;  // the unit of scope "province"
  std::string province_name;
  std::map<std::string, std::string> kpi_names;  // kpi id -> Vietnamese name
  std::vector<KpiSample> samples;
  std::map<std::string, double> targets;  // kpi -> target ratio; absent: none
  std::vector<UnitInfo> units;
  std::chrono::system_clock::time_point as_of;
  std::chrono::system_clock::time_point computed_at;
  // Data-quality findings per check id (egovkpi_data_quality_findings{check}); the storage
  // side fills in every check, 0 included.
  std::map<std::string, std::int64_t> data_quality;
};

class KpiMetrics : public prometheus::Collectable {
 public:
  // Replaces what the next scrapes show.
  void Publish(KpiSnapshot snapshot);
  // Nothing until the first Publish.
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  mutable std::mutex mutex_;
  std::optional<KpiSnapshot> snapshot_;
};

}  // namespace egovkpi::metrics
