#include "egovkpi/metrics/daemon_metrics.hpp"

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

DaemonMetrics::DaemonMetrics(std::shared_ptr<prometheus::Registry> registry,
                             std::string_view version, const std::vector<std::string>& sources)
    : registry_(std::move(registry)) {
  auto& build_info = prometheus::BuildGauge()
                         .Name("egovkpi_build_info")
                         .Help("Always 1; the version label identifies the build.")
                         .Register(*registry_);
  build_info.Add({{"version", std::string(version)}}).Set(1);

  db_up_ = &prometheus::BuildGauge()
                .Name("egovkpi_db_up")
                .Help("1 if the database answered the last time it was used.")
                .Register(*registry_)
                .Add({});

  auto& up = prometheus::BuildGauge()
                 .Name("egovkpi_source_up")
                 .Help("1 if the last poll of the source succeeded.")
                 .Register(*registry_);
  auto& last_success = prometheus::BuildGauge()
                           .Name("egovkpi_source_last_success_timestamp_seconds")
                           .Help("Unix time of the last successful poll (0: none yet).")
                           .Register(*registry_);
  auto& duration = prometheus::BuildGauge()
                       .Name("egovkpi_source_poll_duration_seconds")
                       .Help("Duration of the last poll of the source.")
                       .Register(*registry_);
  auto& records = prometheus::BuildCounter()
                      .Name("egovkpi_source_records_total")
                      .Help("Records stored (new records and newer versions).")
                      .Register(*registry_);
  auto& failures = prometheus::BuildCounter()
                       .Name("egovkpi_source_poll_failures_total")
                       .Help("Failed polls by reason.")
                       .Register(*registry_);
  auto& rejected = prometheus::BuildCounter()
                       .Name("egovkpi_source_rejected_records_total")
                       .Help("Records quarantined by reason.")
                       .Register(*registry_);

  for (const auto& source : sources) {
    SourceMetrics& m = sources_[source];
    m.source_ = source;
    const prometheus::Labels labels{{"source", source}};
    m.up_ = &up.Add(labels);
    m.last_success_ = &last_success.Add(labels);
    m.poll_duration_ = &duration.Add(labels);
    m.records_ = &records.Add(labels);
    m.failures_family_ = &failures;
    m.rejected_family_ = &rejected;
    for (const auto& reason : PollFailureReasons()) {
      failures.Add({{"source", source}, {"reason", reason}});
    }
    for (auto reason : collectors::kRejectReasons) {
      rejected.Add({{"source", source}, {"reason", std::string(reason)}});
    }
  }
}

SourceMetrics& DaemonMetrics::Source(const std::string& source) { return sources_.at(source); }

void DaemonMetrics::SetDatabaseUp(bool up) { db_up_->Set(up ? 1 : 0); }

bool DaemonMetrics::DatabaseUp() const { return db_up_->Value() == 1; }

}  // namespace egovkpi::metrics
