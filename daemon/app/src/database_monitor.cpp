#include "egovkpi/app/database_monitor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "egovkpi/collectors/retry.hpp"

namespace egovkpi::app {

namespace {
constexpr std::chrono::milliseconds kCheckInterval = std::chrono::seconds(5);
constexpr std::chrono::milliseconds kFirstRetry = std::chrono::seconds(1);
}  // namespace

DatabaseMonitor::DatabaseMonitor(storage::Database database,
                                 std::chrono::milliseconds max_backoff,
                                 metrics::DaemonMetrics& metrics)
    : database_(std::move(database)),
      max_backoff_(max_backoff),
      metrics_(metrics),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

DatabaseMonitor::~DatabaseMonitor() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void DatabaseMonitor::Run(std::stop_token stop) {
  bool was_up = true;  // the daemon only starts monitoring after migrations succeeded
  auto backoff = kFirstRetry;
  while (!stop.stop_requested()) {
    const bool up = database_.Ping();
    metrics_.SetDatabaseUp(up);
    if (up != was_up) {
      if (up) {
        spdlog::info("database {} is reachable again", database_.description());
      } else {
        spdlog::error("database {} is unreachable; retrying with backoff up to {}s",
                      database_.description(),
                      std::chrono::duration_cast<std::chrono::seconds>(max_backoff_).count());
      }
      was_up = up;
    }
    std::chrono::milliseconds wait = kCheckInterval;
    if (up) {
      backoff = kFirstRetry;
    } else {
      wait = backoff;
      backoff = std::min(backoff * 2, max_backoff_);
    }
    if (!collectors::SleepFor(wait, stop)) return;
  }
}

}  // namespace egovkpi::app
