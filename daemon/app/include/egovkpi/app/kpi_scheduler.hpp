// Recomputes the KPIs on their own thread: every compute_interval, and soon after a poll
// stored new records (NotifyNewData), but never more often than once a second. Each
// computation runs in one transaction; its result is published to the KPI metrics, so a
// scrape never waits on the database. Logs one line per state change.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "egovkpi/kpi/kpi_engine.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/metrics/kpi_metrics.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class KpiScheduler {
 public:
  // `metrics` and `kpi_metrics` must outlive the scheduler.
  KpiScheduler(kpi::KpiEngine engine, storage::Database database,
               std::chrono::milliseconds interval, metrics::DaemonMetrics& metrics,
               metrics::KpiMetrics& kpi_metrics);
  ~KpiScheduler();
  KpiScheduler(const KpiScheduler&) = delete;
  KpiScheduler& operator=(const KpiScheduler&) = delete;

  // A poll stored records: compute soon. Thread-safe, never blocks.
  void NotifyNewData();

 private:
  void Run(std::stop_token stop);
  bool ComputeOnce();

  kpi::KpiEngine engine_;
  storage::Database database_;
  std::chrono::milliseconds interval_;
  metrics::DaemonMetrics& metrics_;
  metrics::KpiMetrics& kpi_metrics_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool new_data_ = false;
  std::string last_error_;  // of the last failed computation, for the log
  std::jthread thread_;  // last: started when everything above is ready
};

}  // namespace egovkpi::app
