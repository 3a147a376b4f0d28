#include "egovkpi/collectors/fetch_result.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace egovkpi::collectors {
namespace {

TEST(FetchResult, NamesEveryFailureReasonWithItsMetricLabel) {
  EXPECT_EQ(ToString(FailureReason::kTimeout), "timeout");
  EXPECT_EQ(ToString(FailureReason::kNetwork), "network");
  EXPECT_EQ(ToString(FailureReason::kHttp), "http");
  EXPECT_EQ(ToString(FailureReason::kTooLarge), "too_large");
  EXPECT_EQ(ToString(FailureReason::kAuth), "auth");
  EXPECT_EQ(ToString(FailureReason::kParse), "parse");
  EXPECT_EQ(ToString(FailureReason::kUpstream), "upstream");
  EXPECT_EQ(ToString(FailureReason::kCancelled), "cancelled");
  std::set<std::string_view> names;
  for (FailureReason reason : kAllFailureReasons) names.insert(ToString(reason));
  EXPECT_EQ(names.size(), std::size(kAllFailureReasons));
}

TEST(FetchResult, RetriesOnlyTransientFailures) {
  auto transient = [](FailureReason reason) {
    FetchFailure failure;
    failure.reason = reason;
    return failure.IsTransient();
  };
  EXPECT_TRUE(transient(FailureReason::kTimeout));
  EXPECT_TRUE(transient(FailureReason::kNetwork));
  EXPECT_TRUE(transient(FailureReason::kHttp));
  EXPECT_TRUE(transient(FailureReason::kParse));  // a body cut short
  EXPECT_FALSE(transient(FailureReason::kTooLarge));
  EXPECT_FALSE(transient(FailureReason::kAuth));
  EXPECT_FALSE(transient(FailureReason::kUpstream));
  EXPECT_FALSE(transient(FailureReason::kCancelled));
}

TEST(FetchResult, HoldsEitherValueOrFailure) {
  const FetchResult<int> ok = 7;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 7);
  FetchFailure failure;
  failure.reason = FailureReason::kAuth;
  failure.message = "wrong";
  const FetchResult<int> failed = failure;
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(failed.failure().message, "wrong");
}

}  // namespace
}  // namespace egovkpi::collectors
