#include "egovkpi/collectors/retry.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <stop_token>
#include <thread>

namespace egovkpi::collectors {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

FetchFailure Transient(std::optional<seconds> retry_after = std::nullopt) {
  return FetchFailure{FailureReason::kNetwork, "test", retry_after};
}

TEST(BackoffDelayTest, StaysWithinTheDoublingCapForEachAttempt) {
  const BackoffPolicy policy{
      .max_attempts = 10, .initial_delay = milliseconds(100), .max_delay = milliseconds(1000)};
  std::mt19937_64 rng(42);
  const milliseconds caps[] = {milliseconds(100), milliseconds(200),  milliseconds(400),
                               milliseconds(800), milliseconds(1000), milliseconds(1000)};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    for (int i = 0; i < 500; ++i) {
      const milliseconds d = BackoffDelay(policy, attempt, Transient(), rng);
      EXPECT_GE(d, milliseconds(0));
      EXPECT_LE(d, caps[attempt - 1]) << "attempt " << attempt;
    }
  }
}

TEST(BackoffDelayTest, IsJitteredAcrossTheWholeRange) {
  const BackoffPolicy policy{
      .max_attempts = 4, .initial_delay = milliseconds(1000), .max_delay = milliseconds(1000)};
  std::mt19937_64 rng(7);
  milliseconds lowest = milliseconds::max();
  milliseconds highest = milliseconds::min();
  std::set<milliseconds::rep> distinct;
  for (int i = 0; i < 1000; ++i) {
    const milliseconds d = BackoffDelay(policy, 1, Transient(), rng);
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
    distinct.insert(d.count());
  }
  EXPECT_LT(lowest, milliseconds(100));
  EXPECT_GT(highest, milliseconds(900));
  EXPECT_GT(distinct.size(), 100u);
}

TEST(BackoffDelayTest, HugeAttemptNumbersStayAtMaxDelayWithoutOverflow) {
  const BackoffPolicy policy{
      .max_attempts = 1000, .initial_delay = milliseconds(500), .max_delay = seconds(30)};
  std::mt19937_64 rng(1);
  for (int attempt : {40, 63, 64, 100, 1000, 1 << 30}) {
    const milliseconds d = BackoffDelay(policy, attempt, Transient(), rng);
    EXPECT_GE(d, milliseconds(0));
    EXPECT_LE(d, seconds(30));
  }
}

TEST(BackoffDelayTest, NeverShorterThanRetryAfter) {
  const BackoffPolicy policy{
      .max_attempts = 4, .initial_delay = milliseconds(1), .max_delay = milliseconds(10)};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100; ++i) {
    EXPECT_GE(BackoffDelay(policy, 1, Transient(seconds(2)), rng), seconds(2));
  }
}

TEST(BackoffDelayTest, RetryAfterIsCappedAtFiveMinutes) {
  const BackoffPolicy policy{};
  std::mt19937_64 rng(3);
  const milliseconds d = BackoffDelay(policy, 1, Transient(seconds(86400)), rng);
  EXPECT_EQ(d, std::chrono::minutes(5));
}

TEST(BackoffDelayTest, ZeroInitialDelayGivesNoWait) {
  const BackoffPolicy policy{
      .max_attempts = 4, .initial_delay = milliseconds(0), .max_delay = milliseconds(10)};
  std::mt19937_64 rng(3);
  EXPECT_EQ(BackoffDelay(policy, 3, Transient(), rng), milliseconds(0));
  EXPECT_EQ(BackoffDelay(policy, 1 << 30, Transient(), rng), milliseconds(0));
}

TEST(SleepForTest, ReturnsTrueAfterTheDelay) {
  const std::stop_source stop;
  EXPECT_TRUE(SleepFor(milliseconds(5), stop.get_token()));
}

TEST(SleepForTest, ReturnsFalseAtOnceWhenAlreadyStopped) {
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(SleepFor(std::chrono::hours(1), stop.get_token()));
}

TEST(SleepForTest, WakesUpWhenStopIsRequestedFromAnotherThread) {
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(50));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(SleepFor(std::chrono::hours(1), stop.get_token()));
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(5));
}

TEST(WithRetriesTest, StopsAtMaxAttemptsOnTransientFailures) {
  const BackoffPolicy policy{
      .max_attempts = 3, .initial_delay = milliseconds(1), .max_delay = milliseconds(1)};
  std::mt19937_64 rng(1);
  int calls = 0;
  const std::function<FetchResult<int>()> attempt = [&]() -> FetchResult<int> {
    ++calls;
    return Transient();
  };
  const FetchResult<int> result = WithRetries<int>(policy, std::stop_token{}, rng, attempt);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace egovkpi::collectors
