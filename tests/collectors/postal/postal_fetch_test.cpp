// PostalCollector (and the VNPost client under it) against FakeVnpostServer on
// 127.0.0.1:0: lastId paging, bearer tokens and their renewal, and the fault matrix (wrong
// keys, token expiry, 500, 429 with Retry-After, slow, garbage, truncated, oversize,
// cancel). Short timeouts and a 1 ms backoff keep the suite to a few seconds.
#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "egovkpi/collectors/postal/postal_collector.hpp"
#include "fake_vnpost_server.hpp"

namespace egovkpi::collectors::postal {
namespace {

using fakes::FakeVnpostServer;
using fakes::VnpostFault;
using std::chrono::milliseconds;

constexpr int kMaxAttempts = 3;

VnpostOptions Options(const FakeVnpostServer& fake, milliseconds timeout = milliseconds(300)) {
  VnpostOptions options;
  options.http.base_url = fake.base_url();
  options.http.timeout = timeout;
  options.http.max_response_bytes = 64u * 1024u;
  options.backoff = BackoffPolicy{
      .max_attempts = kMaxAttempts, .initial_delay = milliseconds(1), .max_delay = milliseconds(1)};
  options.customer_key = fake.options().customer_key;
  options.secret_key = fake.options().secret_key;
  return options;
}

boost::json::object EventJson(std::int64_t id, const std::string& item, int status) {
  return boost::json::object{
      {"Id", id},
      {"ItemCode", item},
      {"OrderNumber", "H21.30-210305-00" + std::to_string(id % 100)},
      {"ServiceType", id % 2 == 0 ? "NHAN_HO_SO" : "TRA_KET_QUA"},
      {"UnitCode", "000.30.21.H21"},
      {"StatusCode", status},
      {"StatusName", "Đang vận chuyển"},
      {"EventTime", "2021-03-05T14:22:10+07:00"},
      {"ReceiverName", "Nguyễn Văn An"},
  };
}

// Seven events with gaps in their Ids (as when other customers' events share the feed).
std::vector<boost::json::object> SevenEvents() {
  return {EventJson(3, "EB1VN", 1), EventJson(4, "EB1VN", 2),  EventJson(8, "EB2VN", 1),
          EventJson(9, "EB1VN", 4), EventJson(15, "EB3VN", 1), EventJson(16, "EB2VN", 7),
          EventJson(23, "EB3VN", 2)};
}

const std::vector<std::int64_t> kIds = {3, 4, 8, 9, 15, 16, 23};

// Pages until an empty page; `between_pages` runs after each page.
std::vector<std::int64_t> ReadAll(PostalCollector& collector,
                                  const std::function<void(int)>& between_pages = {}) {
  std::vector<std::int64_t> ids;
  std::int64_t last_id = 0;
  for (int page_number = 1; page_number < 100; ++page_number) {
    auto page = collector.FetchPage(last_id, {});
    if (!page.ok()) {
      ADD_FAILURE() << "page " << page_number << ": " << page.failure().message;
      break;
    }
    for (const PostalEvent& e : page.value().events) ids.push_back(e.id);
    EXPECT_TRUE(page.value().rejected.empty());
    if (page.value().items == 0) break;
    EXPECT_GT(page.value().last_id, last_id);
    last_id = page.value().last_id;
    if (between_pages) between_pages(page_number);
  }
  return ids;
}

TEST(PostalFetchTest, PagingByLastIdReadsEveryEventExactlyOnce) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), /*page_size=*/2);

  EXPECT_EQ(ReadAll(collector), kIds);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.tokens_issued, 1);  // a token fetched lazily, once
  EXPECT_EQ(stats.pages_served, 5);   // 4 pages of events + the empty one

  // The query as the contract wants it, and the bearer token on every call.
  const auto requests = fake.tracking_requests();
  ASSERT_EQ(requests.size(), 5u);
  const std::vector<std::string> targets = {
      "/bcci/tracking?lastId=0&limit=2", "/bcci/tracking?lastId=4&limit=2",
      "/bcci/tracking?lastId=9&limit=2", "/bcci/tracking?lastId=16&limit=2",
      "/bcci/tracking?lastId=23&limit=2"};
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].target, targets[i]);
    EXPECT_EQ(requests[i].authorization, "Bearer fake-token-1");
  }
}

TEST(PostalFetchTest, ParsedEventsCarryTheContractFields) {
  FakeVnpostServer fake;
  fake.SetEvents({EventJson(8, "EB2VN", 5)});
  PostalCollector collector(Options(fake), 10);
  auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  ASSERT_EQ(page.value().events.size(), 1u);
  const PostalEvent& e = page.value().events[0];
  EXPECT_EQ(e.id, 8);
  EXPECT_EQ(e.item_code, "EB2VN");
  EXPECT_EQ(e.order_number, "H21.30-210305-008");
  EXPECT_EQ(e.service_type, ServiceType::kReceipt);
  EXPECT_EQ(e.unit_code, "000.30.21.H21");
  EXPECT_EQ(e.status, 5);
  EXPECT_EQ(e.event_time, *ParseIso8601("2021-03-05T07:22:10Z"));
  EXPECT_EQ(page.value().last_id, 8);
}

TEST(PostalFetchTest, CaughtUpPageKeepsTheRequestsLastId) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  auto page = collector.FetchPage(23, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().items, 0u);
  EXPECT_EQ(page.value().last_id, 23);
}

TEST(PostalFetchTest, InvalidEventIsQuarantinedAndTheReplysLastIdMovesPastIt) {
  FakeVnpostServer fake;
  boost::json::object without_id = EventJson(0, "EB9VN", 1);
  without_id.erase("Id");
  fake.SetEvents({EventJson(3, "EB1VN", 1), without_id, EventJson(5, "EB1VN", 9)});
  PostalCollector collector(Options(fake), 10);
  auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  ASSERT_EQ(page.value().events.size(), 1u);
  ASSERT_EQ(page.value().rejected.size(), 2u);
  EXPECT_EQ(page.value().rejected[0].reason, "missing_field");
  EXPECT_EQ(page.value().rejected[1].reason, "unknown_status");
  EXPECT_EQ(page.value().last_id, 5);
  for (const RejectedRecord& r : page.value().rejected) {
    EXPECT_EQ(r.payload.find("Nguyễn Văn An"), std::string::npos);
  }
}

// --- authentication -----------------------------------------------------------------------

TEST(PostalFetchTest, WrongKeysFailWithAuthAndNoRetry) {
  FakeVnpostServer fake;
  VnpostOptions options = Options(fake);
  options.secret_key = "not-the-secret-42";
  PostalCollector collector(options, 10);
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(page.failure().message.find("not-the-secret-42"), std::string::npos);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.token_requests, 1);
  EXPECT_EQ(stats.wrong_keys, 1);
  EXPECT_EQ(stats.tracking_requests, 0);
}

TEST(PostalFetchTest, TokenExpiryMidPagingGetsANewTokenOnceAndLosesNothing) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 2);

  const auto ids = ReadAll(collector, [&fake](int page_number) {
    if (page_number == 2) fake.ExpireTokens();
  });
  EXPECT_EQ(ids, kIds);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.tokens_issued, 2);
  EXPECT_EQ(stats.unauthorized_replies, 1);
  EXPECT_EQ(stats.tracking_requests, 6);  // 5 pages + the repeated call
  const auto requests = fake.tracking_requests();
  EXPECT_EQ(requests.back().authorization, "Bearer fake-token-2");
  EXPECT_EQ(requests[2].target, "/bcci/tracking?lastId=9&limit=2");  // repeated as it was
}

TEST(PostalFetchTest, Unauthorized401RightAfterANewTokenFailsWithAuth) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 2);
  fake.PushFault(VnpostFault::HttpStatus(401));
  fake.PushFault(VnpostFault::HttpStatus(401));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(fake.stats().tokens_issued, 2);
  EXPECT_EQ(fake.stats().tracking_requests, 2);
}

TEST(PostalFetchTest, ForbiddenFailsWithAuthWithoutANewToken) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 2);
  fake.PushFault(VnpostFault::HttpStatus(403));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(fake.stats().tokens_issued, 1);
  EXPECT_EQ(fake.stats().tracking_requests, 1);
}

TEST(PostalFetchTest, TokenReplyWithoutAccessTokenFailsWithParse) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 2);
  fake.PushFault(VnpostFault::Body(R"({"expires_in": 3600})").On(VnpostFault::Endpoint::kToken));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  EXPECT_EQ(fake.stats().tracking_requests, 0);
}

// --- transient failures ---------------------------------------------------------------------

TEST(PostalFetchTest, Http500ThenSuccessIsRetried) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::HttpStatus(500));
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().events.size(), 7u);
  EXPECT_EQ(fake.stats().tracking_requests, 2);
}

TEST(PostalFetchTest, Http503OnTheTokenRequestIsRetriedToo) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::HttpStatus(503).On(VnpostFault::Endpoint::kToken));
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(fake.stats().token_requests, 2);
  EXPECT_EQ(fake.stats().tokens_issued, 1);
}

TEST(PostalFetchTest, Http500EveryTimeFailsWithHttpAfterMaxAttempts) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(VnpostFault::HttpStatus(500));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kHttp);
  EXPECT_EQ(fake.stats().tracking_requests, kMaxAttempts);
}

TEST(PostalFetchTest, Http429RetryAfterIsHonoured) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  ASSERT_TRUE(collector.FetchPage(0, {}).ok());  // holds a token already

  fake.PushFault(VnpostFault::HttpStatus(429, /*retry_after=*/1));
  // Only a lower bound is measured: the backoff alone would wait at most 1 ms.
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(0, {});
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_GE(waited, milliseconds(950));
  EXPECT_EQ(fake.stats().tracking_requests, 3);
}

TEST(PostalFetchTest, SlowResponsePastTheTimeoutFailsWithTimeoutAfterMaxAttempts) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(VnpostFault::Delay(milliseconds(1000)));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTimeout);
  EXPECT_EQ(fake.stats().tracking_requests, kMaxAttempts);
}

TEST(PostalFetchTest, SlowResponsePastTheTimeoutOnceIsRetriedThenSucceeds) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::Delay(milliseconds(1000)));
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().events.size(), 7u);
  EXPECT_EQ(fake.stats().tracking_requests, 2);
}

TEST(PostalFetchTest, SlowResponseWithinTheTimeoutSucceeds) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::Delay(milliseconds(50)));
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(fake.stats().tracking_requests, 1);
}

TEST(PostalFetchTest, GarbageReplyIsRetriedThenSucceeds) {
  for (const char* garbage :
       {"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        "\x01\x02\xff garbage", "", "[1, 2, 3]"}) {
    FakeVnpostServer fake;
    fake.SetEvents(SevenEvents());
    PostalCollector collector(Options(fake), 10);
    fake.PushFault(VnpostFault::Body(garbage));
    const auto page = collector.FetchPage(0, {});
    ASSERT_TRUE(page.ok()) << garbage << ": " << page.failure().message;
    EXPECT_EQ(page.value().events.size(), 7u);
    EXPECT_EQ(fake.stats().tracking_requests, 2);
  }
}

TEST(PostalFetchTest, GarbageEveryTimeFailsWithParse) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(VnpostFault::Body("<html>oops</html>"));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  EXPECT_EQ(fake.stats().tracking_requests, kMaxAttempts);
}

TEST(PostalFetchTest, TruncatedJsonReplyIsRetriedThenSucceeds) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::TruncatedJson());
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().events.size(), 7u);
  EXPECT_EQ(fake.stats().tracking_requests, 2);
}

TEST(PostalFetchTest, ConnectionCutMidBodyIsRetriedThenSucceeds) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::CutBody());
  const auto page = collector.FetchPage(0, {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().events.size(), 7u);
  EXPECT_EQ(fake.stats().tracking_requests, 2);
}

TEST(PostalFetchTest, ConnectionCutMidBodyEveryTimeFailsWithNetwork) {
  FakeVnpostServer fake;
  fake.SetEvents(SevenEvents());
  PostalCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(VnpostFault::CutBody());
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kNetwork);
}

TEST(PostalFetchTest, OversizeBodyFailsWithTooLargeAndNoRetry) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::Oversize(1024u * 1024u));
  const auto page = collector.FetchPage(0, {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTooLarge);
  EXPECT_EQ(fake.stats().tracking_requests, 1);
}

TEST(PostalFetchTest, ReplyBreakingTheContractFailsWithParse) {
  for (const char* body :
       {R"({"lastId": 3})", R"({"items": [], "lastId": "x"})", R"({"items": {}, "lastId": 3})"}) {
    FakeVnpostServer fake;
    PostalCollector collector(Options(fake), 10);
    fake.PushFault(VnpostFault::Body(body));
    const auto page = collector.FetchPage(0, {});
    ASSERT_FALSE(page.ok()) << body;
    EXPECT_EQ(page.failure().reason, FailureReason::kParse) << body;
  }
}

// --- cancellation and configuration -------------------------------------------------------

TEST(PostalFetchTest, StopDuringASlowResponseReturnsCancelledPromptly) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake, std::chrono::seconds(10)), 10);
  fake.PushFault(VnpostFault::Delay(milliseconds(5000)));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(0, stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(PostalFetchTest, StopDuringARetryWaitReturnsCancelledPromptly) {
  FakeVnpostServer fake;
  PostalCollector collector(Options(fake), 10);
  fake.PushFault(VnpostFault::HttpStatus(429, /*retry_after=*/60));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(0, stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(PostalFetchTest, PlainHttpToANonLoopbackHostIsRefusedAtConstruction) {
  FakeVnpostServer fake;
  VnpostOptions options = Options(fake);
  options.http.base_url = "http://api.vnpost.vn/bcci";
  EXPECT_THROW(PostalCollector(options, 10), std::invalid_argument);
}

TEST(PostalFetchTest, PageSizeOutsideTheContractIsRefusedAtConstruction) {
  FakeVnpostServer fake;
  EXPECT_THROW(PostalCollector(Options(fake), 0), std::invalid_argument);
  EXPECT_THROW(PostalCollector(Options(fake), 1001), std::invalid_argument);
}

}  // namespace
}  // namespace egovkpi::collectors::postal
