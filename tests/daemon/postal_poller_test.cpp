// PostalPoller against FakeVnpostServer and a real PostgreSQL (EGOVKPI_TEST_PG): lastId
// paging until caught up, each page committed with its lastId, a failed page keeping what
// was committed before it, and the poll outcome the scheduler reports.
#include "egovkpi/app/postal_poller.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "egovkpi/storage/migrations.hpp"
#include "fake_vnpost_server.hpp"
#include "support/test_database.hpp"

namespace egovkpi::app {
namespace {

using fakes::FakeVnpostServer;
using fakes::VnpostFault;
using std::chrono::milliseconds;

const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

boost::json::object EventJson(std::int64_t id, const std::string& item, int status) {
  return boost::json::object{{"Id", id},
                             {"ItemCode", item},
                             {"OrderNumber", "H21.30-210305-0042"},
                             {"ServiceType", "NHAN_HO_SO"},
                             {"UnitCode", "000.30.21.H21"},
                             {"StatusCode", status},
                             {"EventTime", "2021-03-05T14:22:10+07:00"}};
}

std::vector<boost::json::object> SevenEvents() {
  return {EventJson(3, "EB1VN", 1), EventJson(4, "EB1VN", 2),  EventJson(8, "EB2VN", 1),
          EventJson(9, "EB1VN", 4), EventJson(15, "EB3VN", 1), EventJson(16, "EB2VN", 7),
          EventJson(23, "EB3VN", 2)};
}

class PostalPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::Database db{test_db_.conninfo(), "test database"};
    storage::ApplyMigrations(db);
  }

  // One attempt per request: a fault fails the poll at once.
  std::unique_ptr<PostalPoller> Poller(std::string conninfo = {}) {
    collectors::postal::VnpostOptions options;
    options.http.base_url = fake_.base_url();
    options.http.timeout = milliseconds(500);
    options.backoff.max_attempts = 1;
    options.customer_key = fake_.options().customer_key;
    options.secret_key = fake_.options().secret_key;
    return std::make_unique<PostalPoller>(
        std::make_unique<collectors::postal::PostalCollector>(options, /*page_size=*/2),
        storage::Database(conninfo.empty() ? test_db_.conninfo() : conninfo, "test database"));
  }

  std::string Scalar(const std::string& sql) const {
    pqxx::connection c{test_db_.conninfo()};
    pqxx::nontransaction tx{c};
    const auto f = tx.exec1(sql)[0];
    return f.is_null() ? "<null>" : f.as<std::string>();
  }

  std::string Watermark() const {
    return Scalar(
        "SELECT coalesce(max(watermark), '<none>') FROM egovkpi.source_watermark"
        " WHERE source = 'postal'");
  }

  std::string Items() const {
    return Scalar(
        "SELECT coalesce(string_agg(item_code || ':' || last_event_id || '/' || status,"
        " ',' ORDER BY item_code), '') FROM egovkpi.postal_item");
  }

  egovkpi::testing::TestDatabase test_db_;
  FakeVnpostServer fake_;
};

TEST_F(PostalPollerTest, ReadsUntilAnEmptyPageCommittingTheLastIdWithEachPage) {
  fake_.SetEvents(SevenEvents());
  auto poller = Poller();
  EXPECT_EQ(poller->source(), "postal");
  const PollOutcome outcome = poller->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.pages, 4);  // the empty page that ends the poll stores nothing
  EXPECT_EQ(outcome.records, 7);
  EXPECT_TRUE(outcome.rejected.empty());
  EXPECT_EQ(Watermark(), "23");
  EXPECT_EQ(Items(), "EB1VN:9/4,EB2VN:16/7,EB3VN:23/2");
  EXPECT_EQ(fake_.tracking_requests().back().target, "/bcci/tracking?lastId=23&limit=2");
}

TEST_F(PostalPollerTest, NextPollStartsFromTheStoredLastId) {
  fake_.SetEvents(SevenEvents());
  ASSERT_TRUE(Poller()->Poll({}).ok);
  fake_.AddEvent(EventJson(30, "EB1VN", 7));

  // A new poller (as after a restart) reads on from the database's lastId.
  const PollOutcome outcome = Poller()->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 1);
  EXPECT_EQ(Watermark(), "30");
  EXPECT_EQ(Items(), "EB1VN:30/7,EB2VN:16/7,EB3VN:23/2");
  const auto requests = fake_.tracking_requests();
  EXPECT_EQ(requests[requests.size() - 2].target, "/bcci/tracking?lastId=23&limit=2");
}

TEST_F(PostalPollerTest, FailedPageKeepsThePagesCommittedBeforeIt) {
  fake_.SetEvents(SevenEvents());
  fake_.PushFault(VnpostFault::HttpStatus(500).After(2));
  const PollOutcome failed = Poller()->Poll({});
  EXPECT_FALSE(failed.ok);
  EXPECT_FALSE(failed.cancelled);
  EXPECT_EQ(failed.failure_reason, "http");
  EXPECT_EQ(failed.pages, 2);
  EXPECT_EQ(failed.records, 4);
  EXPECT_EQ(Watermark(), "9");
  EXPECT_EQ(Items(), "EB1VN:9/4,EB2VN:8/1");

  // The next poll goes on from there: nothing lost, nothing counted twice.
  const PollOutcome resumed = Poller()->Poll({});
  ASSERT_TRUE(resumed.ok) << resumed.message;
  EXPECT_EQ(resumed.records, 3);
  EXPECT_EQ(Watermark(), "23");
  EXPECT_EQ(Items(), "EB1VN:9/4,EB2VN:16/7,EB3VN:23/2");
}

TEST_F(PostalPollerTest, QuarantinesInvalidEventsAndCountsThemByReason) {
  boost::json::object without_id = EventJson(0, "EB9VN", 1);
  without_id.erase("Id");
  fake_.SetEvents(
      {without_id, EventJson(3, "EB1VN", 1), EventJson(5, "EB1VN", 9), EventJson(6, "EB1VN", 2)});
  const PollOutcome outcome = Poller()->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 2);
  EXPECT_EQ(outcome.rejected,
            (std::map<std::string, long long>{{"missing_field", 1}, {"unknown_status", 1}}));
  EXPECT_EQ(Watermark(), "6");
  EXPECT_EQ(Scalar("SELECT string_agg(reason || ':' || coalesce(record_key, ''), ','"
                   " ORDER BY id) FROM egovkpi.quarantine WHERE source = 'postal'"),
            "missing_field:EB9VN,unknown_status:5");
}

TEST_F(PostalPollerTest, PageThatBringsNothingNewEndsThePoll) {
  // An event without an Id at the end of the feed is served on every call, and the
  // reply's lastId stays where it was: the poll must end, not ask forever.
  boost::json::object without_id = EventJson(0, "EB9VN", 1);
  without_id.erase("Id");
  fake_.SetEvents({EventJson(3, "EB1VN", 1), without_id});
  const PollOutcome outcome = Poller()->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 1);
  EXPECT_EQ(Watermark(), "3");
  EXPECT_EQ(fake_.stats().pages_served, 2);
  // Served twice, quarantined once.
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine"), "1");
}

TEST_F(PostalPollerTest, WrongKeysFailWithAuthAndStoreNothing) {
  fake_.SetEvents(SevenEvents());
  collectors::postal::VnpostOptions options;
  options.http.base_url = fake_.base_url();
  options.customer_key = "egovkpi-customer";
  options.secret_key = "wrong";
  PostalPoller poller(std::make_unique<collectors::postal::PostalCollector>(options, 2),
                      storage::Database(test_db_.conninfo(), "test database"));
  const PollOutcome outcome = poller.Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "auth");
  EXPECT_EQ(Watermark(), "<none>");
  EXPECT_EQ(Items(), "");
}

TEST_F(PostalPollerTest, StopRequestedIsCancelledNotFailed) {
  fake_.SetEvents(SevenEvents());
  std::stop_source stop;
  stop.request_stop();
  const PollOutcome outcome = Poller()->Poll(stop.get_token());
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(Watermark(), "<none>");
}

TEST_F(PostalPollerTest, UnreachableDatabaseFailsWithDatabase) {
  fake_.SetEvents(SevenEvents());
  const PollOutcome outcome =
      Poller("host=127.0.0.1 port=1 user=egovkpi connect_timeout=5")->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "database");
  EXPECT_EQ(fake_.stats().tracking_requests, 0);
}

TEST_F(PostalPollerTest, UnreadableStoredLastIdFailsWithDatabase) {
  {
    pqxx::connection c{test_db_.conninfo()};
    pqxx::work tx{c};
    tx.exec0("INSERT INTO egovkpi.source_watermark (source, watermark) VALUES ('postal', 'x1')");
    tx.commit();
  }
  const PollOutcome outcome = Poller()->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "database");
  EXPECT_NE(outcome.message.find("x1"), std::string::npos) << outcome.message;
  EXPECT_EQ(fake_.stats().tracking_requests, 0);
}

}  // namespace
}  // namespace egovkpi::app
