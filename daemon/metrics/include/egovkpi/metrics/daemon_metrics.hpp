// The daemon's own health metrics (shared/spec/kpi.md, "What users see"): per-source poll
// state, the database, the build. Every series exists from start-up with value 0 so that
// alerts and dashboards never see a missing series for a known state.
//
// Threading: prometheus-cpp metrics are thread-safe; each source's poller updates its own
// series, the database monitor updates egovkpi_db_up.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace egovkpi::metrics {

// The failure reasons of egovkpi_source_poll_failures_total: the collectors' transport and
// protocol reasons plus "database" when storing a page failed.
std::vector<std::string> PollFailureReasons();

// The series of one source, created at start-up.
class SourceMetrics {
 public:
  void RecordSuccess(std::chrono::system_clock::time_point finished,
                     std::chrono::duration<double> duration);
  void RecordFailure(std::string_view reason, std::chrono::duration<double> duration);
  void AddRecords(double stored);
  void AddRejected(std::string_view reason, double count);

 private:
  friend class DaemonMetrics;
  std::string source_;
  prometheus::Gauge* up_ = nullptr;
  prometheus::Gauge* last_success_ = nullptr;
  prometheus::Gauge* poll_duration_ = nullptr;
  prometheus::Counter* records_ = nullptr;
  prometheus::Family<prometheus::Counter>* failures_family_ = nullptr;
  prometheus::Family<prometheus::Counter>* rejected_family_ = nullptr;
};

class DaemonMetrics {
 public:
  DaemonMetrics(std::shared_ptr<prometheus::Registry> registry, std::string_view version,
                const std::vector<std::string>& sources);

  // The metrics of a source given to the constructor (std::out_of_range otherwise).
  SourceMetrics& Source(const std::string& source);
  void SetDatabaseUp(bool up);
  [[nodiscard]] bool DatabaseUp() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge* db_up_ = nullptr;
  std::map<std::string, SourceMetrics> sources_;
};

}  // namespace egovkpi::metrics
