// EdocCollector (and EdocClient under it) against FakeEdocServer on 127.0.0.1:0: cursor
// paging across many equal UpdatedAt, the request's key and parameters, and the fault matrix
// (wrong key, 500, 429 with Retry-After, slow, cut, truncated, garbage, oversize, cancel).
// Short timeouts and a 1 ms backoff keep the suite to a few seconds.
#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "egovkpi/collectors/edoc/edoc_collector.hpp"
#include "fake_edoc_server.hpp"

namespace egovkpi::collectors::edoc {
namespace {

using fakes::EdocFault;
using fakes::FakeEdocServer;
using std::chrono::milliseconds;

constexpr int kMaxAttempts = 3;

EdocOptions Options(const FakeEdocServer& fake, milliseconds timeout = milliseconds(300)) {
  EdocOptions options;
  options.http.base_url = fake.base_url();
  options.http.timeout = timeout;
  options.http.max_response_bytes = 64u * 1024u;
  options.backoff = BackoffPolicy{
      .max_attempts = kMaxAttempts, .initial_delay = milliseconds(1), .max_delay = milliseconds(1)};
  options.api_key = fake.options().api_key;
  return options;
}

boost::json::object DocumentJson(const std::string& number, const std::string& updated,
                                 const std::string& direction = "out",
                                 const std::string& organ = "000.00.01.H21") {
  return boost::json::object{
      {"DocumentId", "000.00.01.H21,2021/03/04," + number + "/UBND-VP"},
      {"Direction", direction},
      {"OrganId", organ},
      {"PeerOrganIds", boost::json::array{"000.00.18.H21"}},
      {"PeerIsStateAgency", true},
      {"Transport", "axis"},
      {"Signatures", boost::json::array{boost::json::object{
                         {"Kind", "personal"}, {"Valid", true}, {"SignerCN", "Võ Ngọc Thành"}}}},
      {"Status", "done"},
      {"SentAt", "2021-03-04T09:00:00Z"},
      {"UpdatedAt", updated},
  };
}

// Twelve documents, nine of them changed in the same second (the same DocumentId twice
// among them, in and out): with a page size of 2 the tie spans five pages, so only a cursor
// that remembers the whole key keeps paging exact.
std::vector<boost::json::object> TwelveDocuments() {
  std::vector<boost::json::object> documents;
  documents.push_back(DocumentJson("1", "2021-03-05T01:00:00Z"));
  documents.push_back(DocumentJson("2", "2021-03-05T01:00:01Z"));
  for (const char* n : {"19", "11", "17", "13", "15", "12", "18", "14"}) {
    documents.push_back(DocumentJson(n, "2021-03-05T02:00:00Z"));
  }
  documents.push_back(DocumentJson("11", "2021-03-05T02:00:00Z", "in", "000.00.18.H21"));
  documents.push_back(DocumentJson("3", "2021-03-05T03:00:00Z"));
  return documents;
}

// Document keys in the feed's order: (UpdatedAt, DocumentId, Direction, OrganId).
const std::vector<std::string> kPagingOrder = {"1/out",  "2/out",  "11/in",  "11/out",
                                               "12/out", "13/out", "14/out", "15/out",
                                               "17/out", "18/out", "19/out", "3/out"};

std::string ShortKey(const Document& d) {
  const std::string id = d.document_id.substr(d.document_id.rfind(',') + 1);
  return id.substr(0, id.find('/')) + "/" + std::string(ToString(d.direction));
}

TimePoint Since() { return *ParseIso8601("2021-01-01T00:00:00Z"); }

// Pages from Since() until nextCursor is null; `between_pages` runs after each page.
std::vector<std::string> ReadAll(EdocCollector& collector,
                                 const std::function<void(int)>& between_pages = {}) {
  std::vector<std::string> keys;
  auto page = collector.FetchFirst(Since(), {});
  for (int page_number = 1; page_number < 100; ++page_number) {
    if (!page.ok()) {
      ADD_FAILURE() << "page " << page_number << ": " << page.failure().message;
      break;
    }
    for (const Document& d : page.value().documents) keys.push_back(ShortKey(d));
    EXPECT_TRUE(page.value().rejected.empty());
    if (!page.value().next_cursor) break;
    const std::string cursor = *page.value().next_cursor;
    if (between_pages) between_pages(page_number);
    page = collector.FetchNext(cursor, {});
  }
  return keys;
}

TEST(EdocFetchTest, CursorPagingAcrossManyEqualUpdateTimesReadsEveryDocumentExactlyOnce) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), /*page_size=*/2);

  EXPECT_EQ(ReadAll(collector), kPagingOrder);
  EXPECT_EQ(fake.stats().pages_served, 6);

  // The first call gives updatedSince, the following ones only the cursor; limit always.
  const auto queries = fake.queries();
  ASSERT_EQ(queries.size(), 6u);
  EXPECT_EQ(queries[0], (std::map<std::string, std::string>{
                            {"updatedSince", "2021-01-01T00:00:00Z"}, {"limit", "2"}}));
  for (std::size_t i = 1; i < queries.size(); ++i) {
    EXPECT_EQ(queries[i].size(), 2u);
    EXPECT_TRUE(queries[i].contains("cursor"));
    EXPECT_EQ(queries[i].at("limit"), "2");
  }
}

TEST(EdocFetchTest, OnePageWhenTheLimitCoversEverything) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 1000);
  auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  EXPECT_EQ(page.value().next_cursor, std::nullopt);
  EXPECT_EQ(page.value().newest_updated_at, ParseIso8601("2021-03-05T03:00:00Z"));
}

TEST(EdocFetchTest, UpdatedSinceIsInclusive) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  auto page = collector.FetchFirst(*ParseIso8601("2021-03-05T02:00:00Z"), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 10u);  // the nine of 02:00:00 and the last one
  EXPECT_EQ(fake.queries().at(0).at("updatedSince"), "2021-03-05T02:00:00Z");
}

TEST(EdocFetchTest, DocumentChangedWhilePagingIsReadAtItsNewVersion) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 2);
  const auto keys = ReadAll(collector, [&fake](int page_number) {
    // "13" (not read yet) and "1" (read already) change after the second page.
    if (page_number == 2) {
      fake.UpsertDocument(DocumentJson("13", "2021-03-05T04:00:00Z"));
      fake.UpsertDocument(DocumentJson("1", "2021-03-05T04:00:01Z"));
    }
  });
  EXPECT_EQ(keys, (std::vector<std::string>{"1/out", "2/out", "11/in", "11/out", "12/out", "14/out",
                                            "15/out", "17/out", "18/out", "19/out", "3/out",
                                            "13/out", "1/out"}));
}

TEST(EdocFetchTest, OpaqueCursorIsSentBackVerbatim) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 5);
  auto first = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(first.ok()) << first.failure().message;
  ASSERT_TRUE(first.value().next_cursor.has_value());
  ASSERT_TRUE(collector.FetchNext(*first.value().next_cursor, {}).ok());
  EXPECT_EQ(fake.queries().at(1).at("cursor"), *first.value().next_cursor);

  // Characters that mean something in a query string arrive intact (percent-encoded).
  const auto page = collector.FetchNext("a+b&c=d %/?#é", {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kHttp);  // the fake's 400: malformed cursor
  EXPECT_EQ(fake.stats().bad_requests, kMaxAttempts);
  EXPECT_EQ(fake.queries().back().at("cursor"), "a+b&c=d %/?#é");
}

TEST(EdocFetchTest, WrongApiKeyFailsWithAuthAndNoRetry) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocOptions options = Options(fake);
  options.api_key = "not-the-key-42";
  EdocCollector collector(options, 10);
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
  EXPECT_NE(page.failure().message.find("401"), std::string::npos);
  EXPECT_EQ(page.failure().message.find("not-the-key-42"), std::string::npos);
  EXPECT_EQ(fake.stats().requests, 1);
  EXPECT_EQ(fake.stats().unauthorized, 1);
}

TEST(EdocFetchTest, MissingApiKeyFailsWithAuth) {
  FakeEdocServer fake;
  EdocOptions options = Options(fake);
  options.api_key.clear();
  EdocCollector collector(options, 10);
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
}

TEST(EdocFetchTest, Http500ThenSuccessIsRetried) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::HttpStatus(500));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  EXPECT_EQ(fake.stats().requests, 2);
}

TEST(EdocFetchTest, Http500EveryTimeFailsWithHttpAfterMaxAttempts) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake), 100);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(EdocFault::HttpStatus(503));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kHttp);
  EXPECT_NE(page.failure().message.find("503"), std::string::npos);
  EXPECT_EQ(fake.stats().requests, kMaxAttempts);
}

TEST(EdocFetchTest, Http429RetryAfterIsHonoured) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::HttpStatus(429, /*retry_after=*/1));
  // Only a lower bound is measured: the backoff alone would wait at most 1 ms.
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchFirst(Since(), {});
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_GE(waited, milliseconds(950));
  EXPECT_EQ(fake.stats().requests, 2);
}

TEST(EdocFetchTest, SlowResponsePastTheTimeoutFailsWithTimeoutAfterMaxAttempts) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(EdocFault::Delay(milliseconds(1000)));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTimeout);
  EXPECT_EQ(fake.stats().requests, kMaxAttempts);
}

TEST(EdocFetchTest, SlowResponseWithinTheTimeoutSucceeds) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::Delay(milliseconds(50)));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(fake.stats().requests, 1);
}

TEST(EdocFetchTest, GarbageReplyIsRetriedThenSucceeds) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::Garbage());
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  EXPECT_EQ(fake.stats().requests, 2);
}

TEST(EdocFetchTest, GarbageEveryTimeFailsWithParse) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake), 100);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(EdocFault::Garbage());
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  EXPECT_EQ(page.failure().message.find("nginx"), std::string::npos);  // the body is not quoted
  EXPECT_EQ(fake.stats().requests, kMaxAttempts);
}

TEST(EdocFetchTest, TruncatedJsonIsRetriedThenSucceeds) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::TruncatedJson());
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  EXPECT_EQ(fake.stats().requests, 2);
}

TEST(EdocFetchTest, TruncatedJsonEveryTimeFailsWithParse) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake), 100);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(EdocFault::TruncatedJson());
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
}

TEST(EdocFetchTest, ConnectionCutMidBodyIsRetriedThenSucceeds) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::CutBody());
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  EXPECT_EQ(fake.stats().requests, 2);
}

TEST(EdocFetchTest, OversizeBodyFailsWithTooLargeAndNoRetry) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::Oversize(1024u * 1024u));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTooLarge);
  EXPECT_EQ(fake.stats().requests, 1);
}

TEST(EdocFetchTest, InvalidRecordsAreReturnedBesideTheValidOnes) {
  FakeEdocServer fake;
  fake.SetDocuments(TwelveDocuments());
  EdocCollector collector(Options(fake), 100);
  boost::json::object invalid = DocumentJson("99", "2021-03-06T00:00:00Z");
  invalid.erase("DocumentId");
  fake.PushFault(EdocFault::ExtraRecords({invalid, boost::json::value("Võ Ngọc Thành")}));
  const auto page = collector.FetchFirst(Since(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().documents.size(), 12u);
  ASSERT_EQ(page.value().rejected.size(), 2u);
  EXPECT_EQ(page.value().rejected[0].reason, "missing_field");
  EXPECT_EQ(page.value().rejected[1].reason, "not_an_object");
  EXPECT_EQ(page.value().newest_updated_at, ParseIso8601("2021-03-05T03:00:00Z"));
}

TEST(EdocFetchTest, StopDuringASlowResponseReturnsCancelledPromptly) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake, std::chrono::seconds(10)), 100);
  fake.PushFault(EdocFault::Delay(milliseconds(5000)));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchFirst(Since(), stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(EdocFetchTest, StopDuringARetryWaitReturnsCancelledPromptly) {
  FakeEdocServer fake;
  EdocCollector collector(Options(fake), 100);
  fake.PushFault(EdocFault::HttpStatus(429, /*retry_after=*/60));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchNext("c1.00", stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(EdocFetchTest, PlainHttpToANonLoopbackHostIsRefusedAtConstruction) {
  FakeEdocServer fake;
  EdocOptions options = Options(fake);
  options.http.base_url = "http://vbdh.gialai.gov.vn";
  EXPECT_THROW(EdocCollector(options, 10), std::invalid_argument);
}

TEST(EdocFetchTest, PageSizeOutsideTheContractIsRefusedAtConstruction) {
  FakeEdocServer fake;
  EXPECT_THROW(EdocCollector(Options(fake), 0), std::invalid_argument);
  EXPECT_THROW(EdocCollector(Options(fake), 1001), std::invalid_argument);
}

}  // namespace
}  // namespace egovkpi::collectors::edoc
