// Retrying transient failures with exponential backoff and full jitter.
#pragma once

#include <chrono>
#include <functional>
#include <random>
#include <stop_token>

#include "egovkpi/collectors/fetch_result.hpp"

namespace egovkpi::collectors {

struct BackoffPolicy {
  int max_attempts = 4;
  std::chrono::milliseconds initial_delay = std::chrono::milliseconds(500);
  std::chrono::milliseconds max_delay = std::chrono::seconds(30);
};

// Delay before attempt `attempt` (1 = first retry): uniform in [0, min(max, initial*2^n)],
// but never shorter than a server's Retry-After.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       const FetchFailure& failure, std::mt19937_64& rng);

// Sleeps for `delay` unless `stop` is requested first; returns false when stopped.
bool SleepFor(std::chrono::milliseconds delay, std::stop_token stop);

// Calls `attempt` until it succeeds, fails non-transiently, runs out of attempts or the
// stop token fires (then the result is kCancelled).
template <typename T>
FetchResult<T> WithRetries(const BackoffPolicy& policy, std::stop_token stop,
                           std::mt19937_64& rng,
                           const std::function<FetchResult<T>()>& attempt) {
  for (int n = 1;; ++n) {
    FetchResult<T> result = attempt();
    if (result.ok() || !result.failure().IsTransient() || n >= policy.max_attempts) {
      return result;
    }
    if (!SleepFor(BackoffDelay(policy, n, result.failure(), rng), stop)) {
      return FetchFailure{FailureReason::kCancelled, "stopping", std::nullopt};
    }
  }
}

}  // namespace egovkpi::collectors
