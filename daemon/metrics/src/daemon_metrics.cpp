#include "egovkpi/metrics/daemon_metrics.hpp"

#include <algorithm>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::metrics {

std::vector<std::string> PollFailureReasons() {
  std::vector<std::string> reasons;
  for (auto reason : collectors::kAllFailureReasons) {
    // A poll cut short by shutdown is not a failure of the source.
    if (reason != collectors::FailureReason::kCancelled) {
      reasons.emplace_back(collectors::ToString(reason));
    }
  }
  reasons.emplace_back("database");
  return reasons;
}

void SourceMetrics::RecordSuccess(std::chrono::system_clock::time_point finished,
                                  std::chrono::duration<double> duration) {
  up_->Set(1);
  last_success_->Set(std::chrono::duration<double>(finished.time_since_epoch()).count());
  poll_duration_->Set(duration.count());
}

void SourceMetrics::RecordFailure(std::string_view reason,
                                  std::chrono::duration<double> duration) {
  up_->Set(0);
  poll_duration_->Set(duration.count());
  failures_family_->Add({{"source", source_}, {"reason", std::string(reason)}}).Increment();
}

void SourceMetrics::AddRecords(double stored) { records_->Increment(stored); }

void SourceMetrics::AddRejected(std::string_view reason, double count) {
  rejected_family_->Add({{"source", source_}, {"reason", std::string(reason)}})
      .Increment(count);
}

namespace {

double Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

prometheus::Gauge& SingleGauge(prometheus::Registry& registry, const std::string& name,
                               const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

DaemonMetrics::DaemonMetrics(std::shared_ptr<prometheus::Registry> registry,
                             std::string_view version,
                             std::chrono::system_clock::time_point started)
    : registry_(std::move(registry)) {
  auto& build_info = prometheus::BuildGauge()
                         .Name("egovkpi_build_info")
                         .Help("Always 1; the version label identifies the build.")
                         .Register(*registry_);
  build_info.Add({{"version", std::string(version)}}).Set(1);

  db_up_ = &SingleGauge(*registry_, "egovkpi_db_up",
                        "1 if the database answered the last time it was used.");
  kpi_compute_interval_ = &SingleGauge(*registry_, "egovkpi_kpi_compute_interval_seconds",
                                       "The configured interval between KPI computations.");
  reload_successful_ =
      &SingleGauge(*registry_, "egovkpi_config_last_reload_successful",
                   "0 if the last SIGHUP reload was refused (the previous configuration runs).");
  reload_success_time_ =
      &SingleGauge(*registry_, "egovkpi_config_last_reload_success_timestamp_seconds",
                   "Unix time the running configuration was loaded.");
  RecordConfigReload(true, started);

  poll_interval_ = &prometheus::BuildGauge()
                        .Name("egovkpi_source_poll_interval_seconds")
                        .Help("The configured interval between polls of the source.")
                        .Register(*registry_);
  up_ = &prometheus::BuildGauge()
             .Name("egovkpi_source_up")
             .Help("1 if the last poll of the source succeeded.")
             .Register(*registry_);
  last_success_ = &prometheus::BuildGauge()
                       .Name("egovkpi_source_last_success_timestamp_seconds")
                       .Help("Unix time of the last successful poll (0: none yet).")
                       .Register(*registry_);
  poll_duration_ = &prometheus::BuildGauge()
                        .Name("egovkpi_source_poll_duration_seconds")
                        .Help("Duration of the last poll of the source.")
                        .Register(*registry_);
  records_ = &prometheus::BuildCounter()
                  .Name("egovkpi_source_records_total")
                  .Help("Records stored (new records and newer versions).")
                  .Register(*registry_);
  failures_ = &prometheus::BuildCounter()
                   .Name("egovkpi_source_poll_failures_total")
                   .Help("Failed polls by reason.")
                   .Register(*registry_);
  rejected_ = &prometheus::BuildCounter()
                   .Name("egovkpi_source_rejected_records_total")
                   .Help("Records quarantined by reason.")
                   .Register(*registry_);
}

void DaemonMetrics::SetSources(const std::vector<SourceSetting>& sources) {
  for (auto it = sources_.begin(); it != sources_.end();) {
    const bool kept = std::any_of(sources.begin(), sources.end(),
                                  [&](const SourceSetting& s) { return s.name == it->first; });
    if (kept) {
      ++it;
    } else {
      RemoveSource(it->second);
      it = sources_.erase(it);
    }
  }
  for (const auto& source : sources) {
    if (!sources_.contains(source.name)) AddSource(source.name);
    sources_.at(source.name).poll_interval_->Set(source.poll_interval.count());
  }
}

void DaemonMetrics::AddSource(const std::string& source) {
  SourceMetrics& m = sources_[source];
  m.source_ = source;
  const prometheus::Labels labels{{"source", source}};
  m.poll_interval_ = &poll_interval_->Add(labels);
  m.up_ = &up_->Add(labels);
  m.last_success_ = &last_success_->Add(labels);
  m.poll_duration_ = &poll_duration_->Add(labels);
  m.records_ = &records_->Add(labels);
  m.failures_family_ = failures_;
  m.rejected_family_ = rejected_;
  for (const auto& reason : PollFailureReasons()) {
    failures_->Add({{"source", source}, {"reason", reason}});
  }
  for (auto reason : collectors::kRejectReasons) {
    rejected_->Add({{"source", source}, {"reason", std::string(reason)}});
  }
}

void DaemonMetrics::RemoveSource(SourceMetrics& m) {
  poll_interval_->Remove(m.poll_interval_);
  up_->Remove(m.up_);
  last_success_->Remove(m.last_success_);
  poll_duration_->Remove(m.poll_duration_);
  records_->Remove(m.records_);
  // The series are exactly the pre-created ones: RecordFailure and AddRejected only ever
  // get reasons from these two lists.
  for (const auto& reason : PollFailureReasons()) {
    failures_->Remove(&failures_->Add({{"source", m.source_}, {"reason", reason}}));
  }
  for (auto reason : collectors::kRejectReasons) {
    rejected_->Remove(&rejected_->Add({{"source", m.source_}, {"reason", std::string(reason)}}));
  }
}

void DaemonMetrics::SetKpiComputeInterval(std::chrono::duration<double> interval) {
  kpi_compute_interval_->Set(interval.count());
}

void DaemonMetrics::RecordConfigReload(bool ok, std::chrono::system_clock::time_point at) {
  reload_successful_->Set(ok ? 1 : 0);
  if (ok) reload_success_time_->Set(Seconds(at));
}

SourceMetrics& DaemonMetrics::Source(const std::string& source) { return sources_.at(source); }

void DaemonMetrics::SetDatabaseUp(bool up) { db_up_->Set(up ? 1 : 0); }

bool DaemonMetrics::DatabaseUp() const { return db_up_->Value() == 1; }

}  // namespace egovkpi::metrics
