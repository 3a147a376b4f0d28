// Runs one source's poller on its own thread: poll, then wait the interval (or the shorter
// retry interval after a failure), each wait scaled by random jitter so that sources and
// replicas do not poll in lockstep. One thread per source means two polls of one source
// never overlap. Outcomes go to the metrics and the poll_run table; the log gets one line
// per state change (up -> down, down -> up), not one per poll.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

struct PollSchedule {
  std::chrono::milliseconds interval;
  std::chrono::milliseconds retry_interval;
  double jitter = 0.1;
};

class PollScheduler {
 public:
  // Starts polling at once. `audit` is a connection of this scheduler's own for poll_run
  // rows; `metrics` must outlive the scheduler. `on_new_data` (may be empty) is called
  // after a poll that stored records.
  PollScheduler(std::unique_ptr<SourcePoller> poller, PollSchedule schedule,
                storage::Database audit, metrics::DaemonMetrics& metrics,
                std::function<void()> on_new_data = {});
  // Requests stop (an in-flight request is cancelled, an open transaction rolled back) and
  // joins the thread.
  ~PollScheduler();
  PollScheduler(const PollScheduler&) = delete;
  PollScheduler& operator=(const PollScheduler&) = delete;

 private:
  void Run(std::stop_token stop);
  void Report(const PollOutcome& outcome, std::chrono::system_clock::time_point started,
              std::chrono::system_clock::time_point finished);

  std::unique_ptr<SourcePoller> poller_;
  PollSchedule schedule_;
  storage::Database audit_;
  metrics::DaemonMetrics& metrics_;
  std::function<void()> on_new_data_;
  bool was_up_ = false;
  bool reported_once_ = false;
  std::jthread thread_;  // last: started after every member above is ready
};

}  // namespace egovkpi::app
