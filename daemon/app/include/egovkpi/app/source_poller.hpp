// One poll of one upstream source: fetch everything new, store it, report what happened.
// The scheduler (poll_scheduler.hpp) owns time; a poller only knows how to catch up once.
#pragma once

#include <map>
#include <optional>
#include <stop_token>
#include <string>

#include "egovkpi/collectors/fetch_result.hpp"

namespace egovkpi::app {

struct PollOutcome {
  bool ok = false;
  bool cancelled = false;                     // stopped by shutdown: neither success nor failure
  std::string failure_reason;                 // a metrics::PollFailureReasons() value when !ok
  std::string message;                        // for the log; no secrets, no personal data
  long long records = 0;                      // stored (new records and newer versions)
  std::map<std::string, long long> rejected;  // quarantined, by reason
  int pages = 0;
};

// Marks `outcome` failed by `failure` (cancelled when the daemon is stopping); what earlier
// pages stored stays counted.
inline void RecordFetchFailure(PollOutcome& outcome, const collectors::FetchFailure& failure) {
  outcome.cancelled = failure.reason == collectors::FailureReason::kCancelled;
  outcome.failure_reason = std::string(collectors::ToString(failure.reason));
  outcome.message = failure.message;
}

class SourcePoller {
 public:
  virtual ~SourcePoller() = default;
  // The source name: "onegate", "portal", "postal" or "edoc".
  [[nodiscard]] virtual const std::string& source() const = 0;
  // Reads until caught up or until a failure; each page is committed with its watermark,
  // so a failure or a kill keeps what was committed and loses nothing.
  virtual PollOutcome Poll(std::stop_token stop) = 0;
};

}  // namespace egovkpi::app
