// The part of the daemon that a configuration reload replaces: one poll scheduler per
// enabled source, the KPI scheduler and the database monitor. Built in two steps, so that a
// reload judges a new configuration completely before anything running is stopped:
// WorkerPlan constructs (but does not start) everything that can refuse a configuration,
// DaemonWorkers starts it.
#pragma once

#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

#include "egovkpi/app/database_monitor.hpp"
#include "egovkpi/app/kpi_scheduler.hpp"
#include "egovkpi/app/poll_scheduler.hpp"
#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/config/config.hpp"
#include "egovkpi/kpi/kpi_engine.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/metrics/kpi_metrics.hpp"

namespace egovkpi::app {

struct ScheduledPoller {
  std::unique_ptr<SourcePoller> poller;
  PollSchedule schedule;
};

struct WorkerPlan {
  // Throws std::invalid_argument for what the loader could not judge: plain http to a
  // remote host, a target for an unknown KPI, a plan year out of range.
  explicit WorkerPlan(const config::Config& from);

  config::Config config;
  std::vector<ScheduledPoller> pollers;
  kpi::KpiEngine engine;

  // The enabled sources and their intervals, for DaemonMetrics::SetSources.
  [[nodiscard]] std::vector<metrics::SourceSetting> Sources() const;
};

class DaemonWorkers {
 public:
  // Waits for the database (egovkpi_db_up 0 meanwhile, exponential backoff), applies the
  // migrations, then starts the monitor, the KPI scheduler and the pollers. Nothing when
  // `stop` came first: the daemon's stop, or a reload request that should be read rather
  // than wait for a database the new file may name differently. The metrics must outlive
  // the workers and already list plan's sources.
  static std::unique_ptr<DaemonWorkers> Start(WorkerPlan plan, metrics::DaemonMetrics& metrics,
                                              metrics::KpiMetrics& kpi_metrics,
                                              std::stop_token stop);

  // Stops the pollers first (an in-flight request is cancelled, an open transaction rolled
  // back), then the KPI scheduler they notify, then the monitor.
  ~DaemonWorkers();
  DaemonWorkers(const DaemonWorkers&) = delete;
  DaemonWorkers& operator=(const DaemonWorkers&) = delete;

 private:
  DaemonWorkers(WorkerPlan plan, storage::Database schema_db, metrics::DaemonMetrics& metrics,
                metrics::KpiMetrics& kpi_metrics);

  DatabaseMonitor monitor_;
  KpiScheduler kpi_scheduler_;
  std::vector<std::unique_ptr<PollScheduler>> schedulers_;
};

}  // namespace egovkpi::app
