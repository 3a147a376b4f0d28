// The daemon's own health metrics (shared/spec/kpi.md, "What users see"): per-source poll
// state, the database, the build, the configuration's reloads. Every series of an enabled
// source exists from its start with value 0 so that alerts and dashboards never see a
// missing series for a known state.
//
// Threading: prometheus-cpp metrics are thread-safe; each source's poller updates its own
// series, the database monitor updates egovkpi_db_up. SetSources changes which sources have
// series: call it only while no poller runs (at start and between a reload's stop and start).
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
  prometheus::Gauge* poll_interval_ = nullptr;
  prometheus::Gauge* up_ = nullptr;
  prometheus::Gauge* last_success_ = nullptr;
  prometheus::Gauge* poll_duration_ = nullptr;
  prometheus::Counter* records_ = nullptr;
  prometheus::Family<prometheus::Counter>* failures_family_ = nullptr;
  prometheus::Family<prometheus::Counter>* rejected_family_ = nullptr;
};

// An enabled source and its configured poll interval (for the staleness alert).
struct SourceSetting {
  std::string name;
  std::chrono::duration<double> poll_interval;
};

class DaemonMetrics {
 public:
  // The configuration counts as loaded successfully at `started`.
  DaemonMetrics(std::shared_ptr<prometheus::Registry> registry, std::string_view version,
                std::chrono::system_clock::time_point started);

  // Makes `sources` the ones with series: new ones start at 0, sources no longer listed lose
  // their series, the others keep their counters. See the threading note above.
  void SetSources(const std::vector<SourceSetting>& sources);
  // The metrics of a source of the last SetSources (std::out_of_range otherwise).
  SourceMetrics& Source(const std::string& source);
  void SetDatabaseUp(bool up);
  [[nodiscard]] bool DatabaseUp() const;
  void SetKpiComputeInterval(std::chrono::duration<double> interval);
  // A SIGHUP reload: applied (`ok`) or refused, the old configuration kept.
  void RecordConfigReload(bool ok, std::chrono::system_clock::time_point at);

 private:
  void AddSource(const std::string& source);
  void RemoveSource(SourceMetrics& metrics);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge* db_up_ = nullptr;
  prometheus::Gauge* kpi_compute_interval_ = nullptr;
  prometheus::Gauge* reload_successful_ = nullptr;
  prometheus::Gauge* reload_success_time_ = nullptr;
  prometheus::Family<prometheus::Gauge>* poll_interval_ = nullptr;
  prometheus::Family<prometheus::Gauge>* up_ = nullptr;
  prometheus::Family<prometheus::Gauge>* last_success_ = nullptr;
  prometheus::Family<prometheus::Gauge>* poll_duration_ = nullptr;
  prometheus::Family<prometheus::Counter>* records_ = nullptr;
  prometheus::Family<prometheus::Counter>* failures_ = nullptr;
  prometheus::Family<prometheus::Counter>* rejected_ = nullptr;
  std::map<std::string, SourceMetrics> sources_;
};

}  // namespace egovkpi::metrics
