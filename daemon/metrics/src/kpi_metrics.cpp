#include "egovkpi/metrics/kpi_metrics.hpp"

namespace egovkpi::metrics {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Gauge(std::string name, std::string help) {
  return MetricFamily{std::move(name), std::move(help), MetricType::Gauge, {}};
}

ClientMetric Sample(std::vector<ClientMetric::Label> labels, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  return metric;
}

double Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

const char* LevelName(int level) {
  switch (level) {
    case 1:
      return "tinh";
    case 2:
      return "huyen";
    case 3:
      return "xa";
    default:
      return "";
  }
}

}  // namespace

void KpiMetrics::Publish(KpiSnapshot snapshot) {
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(snapshot);
}

std::vector<MetricFamily> KpiMetrics::Collect() const {
  std::lock_guard lock(mutex_);
  if (!snapshot_) return {};
  const KpiSnapshot& s = *snapshot_;

  auto ratio = Gauge("egovkpi_kpi_ratio", "KPI value 0..1 (no sample when the denominator is 0).");
  auto numerator = Gauge("egovkpi_kpi_numerator", "Numerator of the KPI.");
  auto denominator = Gauge("egovkpi_kpi_denominator", "Denominator of the KPI.");
  for (const auto& k : s.samples) {
    std::vector<ClientMetric::Label> labels{
        {"kpi", k.kpi}, {"period", k.period}, {"scope", k.scope}, {"unit", k.unit}};
    numerator.metric.push_back(Sample(labels, static_cast<double>(k.numerator)));
    denominator.metric.push_back(Sample(labels, static_cast<double>(k.denominator)));
    if (k.denominator > 0) {
      ratio.metric.push_back(Sample(std::move(labels), static_cast<double>(k.numerator) /
                                                           static_cast<double>(k.denominator)));
    }
  }
  auto target = Gauge("egovkpi_kpi_target_ratio", "Configured target of the KPI.");
  for (const auto& [kpi, value] : s.targets) target.metric.push_back(Sample({{"kpi", kpi}}, value));

  auto as_of = Gauge("egovkpi_kpi_as_of_timestamp_seconds",
                     "The as-of time of the KPIs: the newest record time known, at most now.");
  as_of.metric.push_back(Sample({}, Seconds(s.as_of)));
  auto computed = Gauge("egovkpi_kpi_last_computed_timestamp_seconds",
                        "When the KPIs were last computed.");
  computed.metric.push_back(Sample({}, Seconds(s.computed_at)));

  auto units = Gauge("egovkpi_unit_info", "1 per unit of the catalogue, for joins.");
  for (const auto& u : s.units) {
    units.metric.push_back(Sample(
        {{"level", LevelName(u.level)}, {"name", u.name}, {"parent", u.parent}, {"unit", u.code}},
        1));
  }

  // Names for alert texts and dashboards: joined in PromQL with `* on(kpi) group_left(kpi_name)`.
  auto kpi_info = Gauge("egovkpi_kpi_info", "1 per KPI, with the plan's Vietnamese name.");
  for (const auto& [kpi, name] : s.kpi_names) {
    kpi_info.metric.push_back(Sample({{"kpi", kpi}, {"kpi_name", name}}, 1));
  }
  auto province = Gauge("egovkpi_province_info", "1, with the province's code and name.");
  province.metric.push_back(Sample({{"name", s.province_name}, {"unit", s.province_code}}, 1));

  auto findings = Gauge("egovkpi_data_quality_findings",
                        "Data-quality findings per check (view egovkpi.data_quality_finding).");
  for (const auto& [check, count] : s.data_quality) {
    findings.metric.push_back(Sample({{"check", check}}, static_cast<double>(count)));
  }

  std::vector<MetricFamily> families;
  for (auto* family :
       {&ratio, &numerator, &denominator, &target, &as_of, &computed, &units, &kpi_info,
        &province, &findings}) {
    families.push_back(std::move(*family));
  }
  return families;
}

}  // namespace egovkpi::metrics
