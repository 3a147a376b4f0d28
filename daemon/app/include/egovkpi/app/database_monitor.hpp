// Keeps egovkpi_db_up and /healthz truthful while no poll touches the database: pings on
// its own connection, every few seconds while up, backing off exponentially (up to the
// configured maximum) while down. Logs once per state change.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class DatabaseMonitor {
 public:
  DatabaseMonitor(storage::Database database, std::chrono::milliseconds max_backoff,
                  metrics::DaemonMetrics& metrics);
  ~DatabaseMonitor();
  DatabaseMonitor(const DatabaseMonitor&) = delete;
  DatabaseMonitor& operator=(const DatabaseMonitor&) = delete;

 private:
  void Run(std::stop_token stop);

  storage::Database database_;
  std::chrono::milliseconds max_backoff_;
  metrics::DaemonMetrics& metrics_;
  std::jthread thread_;
};

}  // namespace egovkpi::app
