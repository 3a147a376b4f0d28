#include "egovkpi/app/poll_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <random>

#include "egovkpi/collectors/retry.hpp"
#include "egovkpi/storage/poll_run_store.hpp"

namespace egovkpi::app {

namespace {

std::chrono::milliseconds Jittered(std::chrono::milliseconds base, double jitter,
                                   std::mt19937_64& rng) {
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(base.count()) * factor(rng)));
}

}  // namespace

PollScheduler::PollScheduler(std::unique_ptr<SourcePoller> poller, PollSchedule schedule,
                             storage::Database audit, metrics::DaemonMetrics& metrics,
                             std::function<void()> on_new_data)
    : poller_(std::move(poller)),
      schedule_(schedule),
      audit_(std::move(audit)),
      metrics_(metrics),
      on_new_data_(std::move(on_new_data)),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

PollScheduler::~PollScheduler() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void PollScheduler::Run(std::stop_token stop) {
  std::mt19937_64 rng(std::random_device{}());
  while (!stop.stop_requested()) {
    const auto started = std::chrono::system_clock::now();
    const PollOutcome outcome = poller_->Poll(stop);
    const auto finished = std::chrono::system_clock::now();
    if (outcome.cancelled) break;
    Report(outcome, started, finished);
    if (outcome.records > 0 && on_new_data_) on_new_data_();
    const auto wait = outcome.ok ? schedule_.interval : schedule_.retry_interval;
    if (!collectors::SleepFor(Jittered(wait, schedule_.jitter, rng), stop)) break;
  }
}

void PollScheduler::Report(const PollOutcome& outcome,
                           std::chrono::system_clock::time_point started,
                           std::chrono::system_clock::time_point finished) {
  const std::string& source = poller_->source();
  auto& m = metrics_.Source(source);
  const std::chrono::duration<double> duration = finished - started;
  m.AddRecords(static_cast<double>(outcome.records));
  long long rejected = 0;
  for (const auto& [reason, count] : outcome.rejected) {
    m.AddRejected(reason, static_cast<double>(count));
    rejected += count;
  }
  if (outcome.ok) {
    m.RecordSuccess(finished, duration);
  } else {
    m.RecordFailure(outcome.failure_reason, duration);
  }
  if (outcome.failure_reason == "database") {
    metrics_.SetDatabaseUp(false);
  } else if (outcome.pages > 0) {
    metrics_.SetDatabaseUp(true);
  }

  if (!reported_once_ || outcome.ok != was_up_) {
    if (outcome.ok) {
      spdlog::info("source {} is up: {} records stored, {} quarantined in {:.1f}s", source,
                   outcome.records, rejected, duration.count());
    } else {
      spdlog::warn("source {} is down ({}): {}", source, outcome.failure_reason,
                   outcome.message);
    }
    reported_once_ = true;
    was_up_ = outcome.ok;
  }
  if (rejected > 0) {
    // Counted in egovkpi_source_rejected_records_total; the log keeps to state changes.
    spdlog::debug("source {}: {} records quarantined (see egovkpi.quarantine)", source, rejected);
  }

  storage::PollRun run{source,         started, finished,        outcome.ok,
                       outcome.failure_reason, outcome.message, outcome.records,
                       rejected,       outcome.pages};
  try {
    audit_.InTransaction([&](pqxx::work& tx) { storage::RecordPollRun(tx, run); });
  } catch (const storage::StorageError&) {
    // The audit row is best effort; the database state is reported by egovkpi_db_up.
  }
}

}  // namespace egovkpi::app
