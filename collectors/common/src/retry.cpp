#include "egovkpi/collectors/retry.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace egovkpi::collectors {
namespace {

// A server asking for more than this is capped: a poll interval is minutes, and a stop
// request interrupts the wait anyway.
constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::minutes(5);

}  // namespace

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       const FetchFailure& failure, std::mt19937_64& rng) {
  using std::chrono::milliseconds;
  const milliseconds max_delay = std::max(policy.max_delay, milliseconds::zero());
  milliseconds cap = std::clamp(policy.initial_delay, milliseconds::zero(), max_delay);
  // Double up to max_delay; stop early so the multiplication never overflows.
  for (int n = 1; n < attempt && cap > milliseconds::zero() && cap < max_delay; ++n) {
    cap = cap > max_delay / 2 ? max_delay : cap * 2;
  }
  std::uniform_int_distribution<milliseconds::rep> pick(0, cap.count());
  milliseconds delay(pick(rng));
  if (failure.retry_after) {
    const milliseconds asked = std::min<milliseconds>(
        std::chrono::duration_cast<milliseconds>(*failure.retry_after), kMaxRetryAfter);
    delay = std::max(delay, asked);
  }
  return delay;
}

bool SleepFor(std::chrono::milliseconds delay, std::stop_token stop) {
  if (delay > std::chrono::milliseconds::zero()) {
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    // Returns early (with the predicate's value) only when a stop is requested.
    cv.wait_for(lock, stop, delay, [] { return false; });
  }
  return !stop.stop_requested();
}

}  // namespace egovkpi::collectors
