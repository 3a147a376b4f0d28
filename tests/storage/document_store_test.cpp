// The document exchange source against a real PostgreSQL: UpsertDocuments on its own, then
// EdocPoller end to end against FakeEdocServer. Each test gets a fresh database
// (TestDatabase) with the migrations applied.
#include "egovkpi/storage/document_store.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "egovkpi/app/edoc_poller.hpp"
#include "egovkpi/collectors/edoc/edoc_collector.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "egovkpi/storage/page_store.hpp"
#include "fake_edoc_server.hpp"
#include "support/test_database.hpp"

namespace egovkpi::storage {
namespace {

using collectors::TimePoint;
using collectors::edoc::Direction;
using collectors::edoc::Document;
using collectors::edoc::DocumentStatus;
using collectors::edoc::Transport;
using egovkpi::testing::TestDatabase;
using namespace std::chrono;
using namespace std::chrono_literals;

// libpq does not raise SIGPIPE on Linux, but a daemon ignores it anyway; so do the tests.
const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

TimePoint At(int day, int hour, int minute = 0, int second = 0) {
  return sys_days{2021y / 3 / day} + hours(hour) + minutes(minute) + seconds(second);
}

Document MakeDocument(std::string id, TimePoint updated_at,
                      DocumentStatus status = DocumentStatus::kDone,
                      Direction direction = Direction::kOut, std::string organ = "000.00.01.H21") {
  Document d;
  d.document_id = std::move(id);
  d.direction = direction;
  d.organ_id = std::move(organ);
  d.peer_is_state_agency = true;
  d.transport = Transport::kAxis;
  d.has_valid_signature = true;
  d.status = status;
  d.document_type = 2;
  d.promulgation_date = year_month_day{2021y / 3 / 4};
  if (direction == Direction::kOut) {
    d.sent_at = At(4, 9, 1, 15);
  } else {
    d.received_at = At(4, 17, 30);
  }
  d.updated_at = updated_at;
  return d;
}

std::optional<TimePoint> OptionalTime(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimePoint{seconds{f.as<long long>()}};
}

class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GT(ApplyMigrations(db_), 0); }

  // A second connection to the test database, as its superuser.
  [[nodiscard]] pqxx::connection Other() const { return pqxx::connection{test_db_.conninfo()}; }

  // One value of a query, read on a separate connection (sees only committed data).
  std::string Scalar(const std::string& sql) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    const auto f = tx.exec1(sql)[0];
    return f.is_null() ? "<null>" : f.as<std::string>();
  }

  long long Count(const std::string& table) const {
    return std::stoll(Scalar("SELECT count(*) FROM " + table));
  }

  // Every stored row as text, with its row version: equal before and after means that no
  // row was written.
  std::string Snapshot() const {
    return Scalar(
        "SELECT coalesce(string_agg(d::text || '@' || d.xmin::text, '|'"
        " ORDER BY document_id, direction, organ_id), '') FROM egovkpi.document d");
  }

  std::optional<std::string> Watermark() const {
    const std::string value =
        Scalar("SELECT (SELECT watermark FROM egovkpi.source_watermark WHERE source = 'edoc')");
    if (value == "<null>") return std::nullopt;
    return value;
  }

  // The stored document, read back into the collector's type.
  std::optional<Document> ReadDocument(const std::string& id, Direction direction,
                                       const std::string& organ) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    const auto r = tx.exec(
        "SELECT document_id, direction, organ_id, peer_is_state_agency, secret, transport,"
        " status, signed_valid, document_type, extract(year FROM promulgation_date)::int,"
        " extract(month FROM promulgation_date)::int, extract(day FROM promulgation_date)::int,"
        " extract(epoch FROM sent_at)::bigint, extract(epoch FROM received_at)::bigint,"
        " extract(epoch FROM updated_at)::bigint FROM egovkpi.document WHERE document_id = " +
        tx.quote(id) + " AND direction = " + tx.quote(std::string(ToString(direction))) +
        " AND organ_id = " + tx.quote(organ));
    if (r.empty()) return std::nullopt;
    const auto row = r[0];
    Document d;
    d.document_id = row[0].as<std::string>();
    d.direction = *collectors::edoc::ParseDirection(row[1].as<std::string>());
    d.organ_id = row[2].as<std::string>();
    d.peer_is_state_agency = row[3].as<bool>();
    d.secret = row[4].as<bool>();
    if (!row[5].is_null()) d.transport = collectors::edoc::ParseTransport(row[5].as<std::string>());
    if (!row[6].is_null()) {
      d.status = collectors::edoc::ParseDocumentStatus(row[6].as<std::string>());
    }
    d.has_valid_signature = row[7].as<bool>();
    if (!row[8].is_null()) d.document_type = row[8].as<int>();
    if (!row[9].is_null()) {
      d.promulgation_date =
          year_month_day{year{row[9].as<int>()}, month{static_cast<unsigned>(row[10].as<int>())},
                         day{static_cast<unsigned>(row[11].as<int>())}};
    }
    d.sent_at = OptionalTime(row[12]);
    d.received_at = OptionalTime(row[13]);
    d.updated_at = *OptionalTime(row[14]);
    return d;
  }

  std::optional<Document> ReadDocument(const Document& key) const {
    return ReadDocument(key.document_id, key.direction, key.organ_id);
  }

  int Upsert(const std::vector<Document>& documents) {
    int changed = -1;
    db_.InTransaction([&](pqxx::work& tx) { changed = UpsertDocuments(tx, documents); });
    return changed;
  }

  // Terminates `pid` from another connection and waits until it is gone.
  void Terminate(int pid) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    ASSERT_TRUE(
        tx.exec1("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)")[0].as<bool>());
  }

  TestDatabase test_db_;
  Database db_{test_db_.conninfo(), "test database"};
};

// --- UpsertDocuments --------------------------------------------------------------------

TEST_F(DocumentStoreTest, StoresEveryFieldAndTimesAsUtcInstants) {
  Document full = MakeDocument("000.00.01.H21,2021/03/04,215/UBND-VP", At(5, 7, 22, 10));
  full.secret = false;
  full.transport = Transport::kLgsp;
  Document sparse = MakeDocument("000.45.23.H21,2021/03/02,12/CV-UBND", At(5, 9, 15, 30),
                                 DocumentStatus::kDone, Direction::kIn, "000.00.18.H21");
  sparse.peer_is_state_agency = false;
  sparse.secret = true;
  sparse.transport.reset();
  sparse.status.reset();
  sparse.has_valid_signature = false;
  sparse.document_type.reset();
  sparse.promulgation_date.reset();
  sparse.received_at.reset();

  EXPECT_EQ(Upsert({full, sparse}), 2);
  EXPECT_EQ(ReadDocument(full), full);
  EXPECT_EQ(ReadDocument(sparse), sparse);
  // 07:22:10 UTC is 14:22:10 in Asia/Ho_Chi_Minh; the words are the contract's.
  EXPECT_EQ(Scalar("SELECT updated_at = '2021-03-05 14:22:10+07' AND direction = 'out' AND"
                   " transport = 'lgsp' AND status = 'done' AND promulgation_date = '2021-03-04'"
                   " FROM egovkpi.document WHERE organ_id = '000.00.01.H21'"),
            "t");
}

TEST_F(DocumentStoreTest, NewerVersionReplacesTheStoredOne) {
  const Document older = MakeDocument("D1", At(5, 9), DocumentStatus::kInbox, Direction::kIn);
  const Document newer = MakeDocument("D1", At(5, 10), DocumentStatus::kDone, Direction::kIn);
  EXPECT_EQ(Upsert({older}), 1);
  EXPECT_EQ(Upsert({newer}), 1);
  EXPECT_EQ(ReadDocument(newer), newer);
  EXPECT_EQ(Count("egovkpi.document"), 1);
}

TEST_F(DocumentStoreTest, OlderVersionAfterANewerOneChangesNothing) {
  const Document newer = MakeDocument("D1", At(5, 10), DocumentStatus::kDone, Direction::kIn);
  const Document older = MakeDocument("D1", At(5, 9), DocumentStatus::kInbox, Direction::kIn);
  EXPECT_EQ(Upsert({newer}), 1);
  const std::string before = Snapshot();
  EXPECT_EQ(Upsert({older}), 0);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(ReadDocument(newer), newer);
}

TEST_F(DocumentStoreTest, EqualVersionChangesNothing) {
  const Document first = MakeDocument("D1", At(5, 9), DocumentStatus::kProcessing);
  const Document same_time_other_content = MakeDocument("D1", At(5, 9), DocumentStatus::kFail);
  EXPECT_EQ(Upsert({first}), 1);
  EXPECT_EQ(Upsert({same_time_other_content}), 0);
  EXPECT_EQ(ReadDocument(first), first);
}

TEST_F(DocumentStoreTest, ReReadPageChangesNothing) {
  std::vector<Document> page;
  for (int i = 0; i < 50; ++i) {
    page.push_back(MakeDocument("D" + std::to_string(i), At(5, 9, i / 10),
                                i % 2 == 0 ? DocumentStatus::kDone : DocumentStatus::kProcessing,
                                i % 3 == 0 ? Direction::kIn : Direction::kOut));
  }
  EXPECT_EQ(Upsert(page), 50);
  const std::string before = Snapshot();
  EXPECT_EQ(Upsert(page), 0);
  EXPECT_EQ(Snapshot(), before);  // no row was written, not even with the same values
  EXPECT_EQ(Count("egovkpi.document"), 50);
}

TEST_F(DocumentStoreTest, SameDocumentIdWithAnotherDirectionOrOrganIsADistinctRow) {
  // One document sent by the province's office to two agencies: one "out" row at the
  // sender, one "in" row at each receiver.
  const std::string id = "000.00.01.H21,2021/03/04,215/UBND-VP";
  const Document sent =
      MakeDocument(id, At(5, 9), DocumentStatus::kDone, Direction::kOut, "000.00.01.H21");
  const Document received_a =
      MakeDocument(id, At(5, 10), DocumentStatus::kProcessing, Direction::kIn, "000.00.18.H21");
  const Document received_b =
      MakeDocument(id, At(5, 11), DocumentStatus::kInbox, Direction::kIn, "000.00.45.H21");
  // The sender also files an incoming copy of its own document: same id and organ.
  const Document own_copy =
      MakeDocument(id, At(5, 12), DocumentStatus::kDone, Direction::kIn, "000.00.01.H21");
  EXPECT_EQ(Upsert({sent, received_a, received_b, own_copy}), 4);
  EXPECT_EQ(Count("egovkpi.document"), 4);
  for (const Document& d : {sent, received_a, received_b, own_copy}) {
    EXPECT_EQ(ReadDocument(d), d);
  }
  // A newer version of one of them changes that row only.
  Document received_a_done = received_a;
  received_a_done.status = DocumentStatus::kDone;
  received_a_done.updated_at = At(6, 8);
  EXPECT_EQ(Upsert({received_a_done}), 1);
  EXPECT_EQ(ReadDocument(received_a), received_a_done);
  EXPECT_EQ(ReadDocument(sent), sent);
  EXPECT_EQ(ReadDocument(received_b), received_b);
  EXPECT_EQ(ReadDocument(own_copy), own_copy);
}

TEST_F(DocumentStoreTest, DuplicatesInsideOneSpanKeepTheNewest) {
  const Document a1 = MakeDocument("A", At(5, 9), DocumentStatus::kInbox, Direction::kIn);
  const Document a3 = MakeDocument("A", At(5, 11), DocumentStatus::kDone, Direction::kIn);
  const Document a2 = MakeDocument("A", At(5, 10), DocumentStatus::kProcessing, Direction::kIn);
  const Document a3_again = MakeDocument("A", At(5, 11), DocumentStatus::kFail, Direction::kIn);
  const Document b = MakeDocument("B", At(5, 9));
  EXPECT_EQ(Upsert({a1, b, a3, a2, a3_again, b}), 2);
  EXPECT_EQ(ReadDocument(a3), a3);  // among equal versions the first served
  EXPECT_EQ(ReadDocument(b), b);
}

TEST_F(DocumentStoreTest, LargeSpanIsWrittenInSeveralStatements) {
  std::vector<Document> page;
  for (int i = 0; i < 2500; ++i) page.push_back(MakeDocument("D" + std::to_string(i), At(5, 9)));
  EXPECT_EQ(Upsert(page), 2500);
  EXPECT_EQ(Count("egovkpi.document"), 2500);
  EXPECT_EQ(Upsert({}), 0);
}

TEST_F(DocumentStoreTest, TextIsStoredVerbatimWithoutInjection) {
  const Document d =
      MakeDocument("H21,2021/03/04,1/QĐ-UBND'); DROP TABLE egovkpi.document; --", At(5, 9),
                   DocumentStatus::kDone, Direction::kOut, "Sở Thông tin và Truyền thông \\ 'x'");
  EXPECT_EQ(Upsert({d}), 1);
  EXPECT_EQ(ReadDocument(d), d);
}

TEST_F(DocumentStoreTest, BackendKilledBeforeTheWatermarkLeavesDocumentsAndWatermarkUnchanged) {
  const Document stored = MakeDocument("D1", At(5, 9), DocumentStatus::kInbox, Direction::kIn);
  db_.InTransaction([&](pqxx::work& tx) {
    UpsertDocuments(tx, std::vector{stored});
    SaveWatermark(tx, "edoc", "2021-03-05T09:00:00Z");
  });

  const std::vector page{MakeDocument("D1", At(5, 10), DocumentStatus::kDone, Direction::kIn),
                         MakeDocument("D2", At(5, 10))};
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
    EXPECT_EQ(UpsertDocuments(tx, page), 2);
    QuarantineRecords(tx, "edoc",
                      std::vector<collectors::RejectedRecord>{
                          {"missing_field", "DocumentId: missing", "", "{}"}});
    Terminate(tx.exec1("SELECT pg_backend_pid()")[0].as<int>());
    SaveWatermark(tx, "edoc", "2021-03-05T10:00:00Z");
  }),
               StorageError);

  EXPECT_EQ(ReadDocument(stored), stored);
  EXPECT_EQ(ReadDocument(page[1]), std::nullopt);
  EXPECT_EQ(Count("egovkpi.quarantine"), 0);
  EXPECT_EQ(Watermark(), "2021-03-05T09:00:00Z");

  // The next use reconnects; the page can then be written completely.
  db_.InTransaction([&](pqxx::work& tx) {
    EXPECT_EQ(UpsertDocuments(tx, page), 2);
    SaveWatermark(tx, "edoc", "2021-03-05T10:00:00Z");
  });
  EXPECT_EQ(ReadDocument(page[0]), page[0]);
  EXPECT_EQ(Watermark(), "2021-03-05T10:00:00Z");
}

TEST_F(DocumentStoreTest, WriterRoleCanUpsertDocumentsAndReaderCannot) {
  auto c = Other();
  {
    pqxx::work tx{c};
    tx.exec0("SET LOCAL ROLE egovkpi_writer");
    EXPECT_EQ(UpsertDocuments(tx, std::vector{MakeDocument("D1", At(5, 9))}), 1);
    EXPECT_EQ(UpsertDocuments(tx, std::vector{MakeDocument("D1", At(5, 10))}), 1);
    tx.commit();
  }
  pqxx::work tx{c};
  tx.exec0("SET LOCAL ROLE egovkpi_reader");
  EXPECT_THROW(UpsertDocuments(tx, std::vector{MakeDocument("D2", At(5, 9))}),
               pqxx::insufficient_privilege);
}

// --- EdocPoller against FakeEdocServer ----------------------------------------------------

using app::EdocPoller;
using app::PollOutcome;
using fakes::EdocFault;
using fakes::FakeEdocServer;

constexpr int kMaxAttempts = 3;

boost::json::object DocumentJson(const std::string& number, const std::string& updated,
                                 const std::string& status = "done",
                                 const std::string& direction = "out") {
  return boost::json::object{
      {"DocumentId", "000.00.01.H21,2021/03/04," + number + "/UBND-VP"},
      {"Direction", direction},
      {"OrganId", "000.00.01.H21"},
      {"PeerIsStateAgency", true},
      {"Transport", "axis"},
      {"Signatures", boost::json::array{boost::json::object{
                         {"Kind", "personal"}, {"Valid", true}, {"SignerCN", "Võ Ngọc Thành"}}}},
      {"Status", status},
      {"SentAt", "2021-03-04T09:00:00Z"},
      {"UpdatedAt", updated},
  };
}

// Twelve documents of 2021 (nine changed in the same second, one DocumentId both out and
// in) and one last changed before the plan year starts (2021-01-01 local).
std::vector<boost::json::object> Documents() {
  std::vector<boost::json::object> documents;
  documents.push_back(DocumentJson("0", "2020-12-31T16:59:59Z"));
  documents.push_back(DocumentJson("1", "2020-12-31T17:00:00Z"));
  documents.push_back(DocumentJson("2", "2021-03-05T01:00:01Z"));
  for (const char* n : {"19", "11", "17", "13", "15", "12", "18", "14"}) {
    documents.push_back(DocumentJson(n, "2021-03-05T02:00:00Z"));
  }
  documents.push_back(DocumentJson("11", "2021-03-05T02:00:00Z", "processing", "in"));
  documents.push_back(DocumentJson("3", "2021-03-05T03:00:00Z"));
  return documents;
}

class EdocPollerTest : public DocumentStoreTest {
 protected:
  std::unique_ptr<EdocPoller> MakePoller(int page_size = 2, std::string api_key = {}) {
    collectors::edoc::EdocOptions options;
    options.http.base_url = fake_.base_url();
    options.http.timeout = 300ms;
    options.backoff = collectors::BackoffPolicy{
        .max_attempts = kMaxAttempts, .initial_delay = 1ms, .max_delay = 1ms};
    options.api_key = api_key.empty() ? fake_.options().api_key : api_key;
    return std::make_unique<EdocPoller>(
        std::make_unique<collectors::edoc::EdocCollector>(options, page_size),
        Database{test_db_.conninfo(), "poller database"}, kPlanYearStart);
  }

  PollOutcome Poll(int page_size = 2) { return MakePoller(page_size)->Poll({}); }

  // 2021-01-01 00:00 local.
  const TimePoint kPlanYearStart = sys_days{2020y / 12 / 31} + 17h;
  FakeEdocServer fake_;
};

TEST_F(EdocPollerTest, FirstPollReadsEveryPageFromThePlanYearStart) {
  fake_.SetDocuments(Documents());
  const PollOutcome outcome = Poll();
  EXPECT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 12);
  EXPECT_EQ(outcome.pages, 6);
  EXPECT_TRUE(outcome.rejected.empty());
  EXPECT_EQ(Count("egovkpi.document"), 12);
  EXPECT_EQ(Watermark(), "2021-03-05T03:00:00Z");
  EXPECT_EQ(fake_.queries().at(0).at("updatedSince"), "2020-12-31T17:00:00Z");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.document WHERE document_id LIKE '%,0/%'"), "0");
}

TEST_F(EdocPollerTest, NextPollRereadsFromTheCommittedUpdatedAtAndStoresNothingTwice) {
  fake_.SetDocuments(Documents());
  ASSERT_TRUE(Poll().ok);
  const std::string before = Snapshot();

  const PollOutcome again = Poll();
  EXPECT_TRUE(again.ok) << again.message;
  EXPECT_EQ(again.records, 0);
  EXPECT_EQ(again.pages, 1);
  EXPECT_EQ(fake_.queries().back().at("updatedSince"), "2021-03-05T03:00:00Z");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Watermark(), "2021-03-05T03:00:00Z");
}

TEST_F(EdocPollerTest, ChangedDocumentIsStoredByTheNextPoll) {
  fake_.SetDocuments(Documents());
  ASSERT_TRUE(Poll().ok);
  fake_.UpsertDocument(DocumentJson("11", "2021-03-06T08:00:00Z", "done", "in"));
  const PollOutcome outcome = Poll();
  EXPECT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 1);
  EXPECT_EQ(Count("egovkpi.document"), 12);
  EXPECT_EQ(Scalar("SELECT status FROM egovkpi.document WHERE direction = 'in'"), "done");
  EXPECT_EQ(Watermark(), "2021-03-06T08:00:00Z");
}

TEST_F(EdocPollerTest, FailureMidPollKeepsTheCommittedPagesAndTheNextPollCompletes) {
  fake_.SetDocuments(Documents());
  fake_.PushFault(EdocFault{});  // page 1 as usual
  fake_.PushFault(EdocFault{});  // page 2 as usual
  for (int i = 0; i < kMaxAttempts; ++i) fake_.PushFault(EdocFault::HttpStatus(500));
  const PollOutcome failed = Poll();
  EXPECT_FALSE(failed.ok);
  EXPECT_FALSE(failed.cancelled);
  EXPECT_EQ(failed.failure_reason, "http");
  EXPECT_EQ(failed.pages, 2);
  EXPECT_EQ(failed.records, 4);
  EXPECT_EQ(Count("egovkpi.document"), 4);
  EXPECT_EQ(Watermark(), "2021-03-05T02:00:00Z");  // the newest UpdatedAt committed

  // The cursor is gone: the next poll starts again from the watermark, re-reads the two
  // documents of 02:00:00 already stored (changing nothing) and stores the other eight.
  const PollOutcome resumed = Poll();
  EXPECT_TRUE(resumed.ok) << resumed.message;
  EXPECT_EQ(resumed.records, 8);
  EXPECT_EQ(Count("egovkpi.document"), 12);
  EXPECT_EQ(Watermark(), "2021-03-05T03:00:00Z");
}

TEST_F(EdocPollerTest, QuarantinedRecordsAreStoredAndCountedButMoveNoWatermark) {
  fake_.SetDocuments(Documents());
  boost::json::object invalid = DocumentJson("99", "2021-06-01T00:00:00Z");
  invalid.erase("DocumentId");
  boost::json::object bad_status = DocumentJson("98", "2021-06-01T00:00:00Z", "archived");
  const auto extras = [&] {
    return EdocFault::ExtraRecords({invalid, bad_status, boost::json::value("Rơ Châm Hoa")});
  };
  fake_.PushFault(extras());
  const PollOutcome outcome = Poll(/*page_size=*/100);
  EXPECT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 12);
  EXPECT_EQ(outcome.rejected,
            (std::map<std::string, long long>{
                {"missing_field", 1}, {"unknown_status", 1}, {"not_an_object", 1}}));
  EXPECT_EQ(Count("egovkpi.quarantine"), 3);
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine WHERE source = 'edoc'"), "3");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine WHERE payload::text LIKE '%Võ%'"
                   " OR payload::text LIKE '%Rơ%'"),
            "0");
  EXPECT_EQ(Watermark(), "2021-03-05T03:00:00Z");

  // Served again on the next poll: counted again, stored once.
  fake_.PushFault(extras());
  const PollOutcome again = Poll(100);
  EXPECT_TRUE(again.ok) << again.message;
  EXPECT_EQ(again.records, 0);
  EXPECT_EQ(Count("egovkpi.quarantine"), 3);
}

TEST_F(EdocPollerTest, OlderVersionServedLateNeverMovesTheWatermarkBack) {
  fake_.SetDocuments(Documents());
  ASSERT_TRUE(Poll().ok);
  const std::string before = Snapshot();
  // The previous page's last item repeated (egovkpi-sim's duplicate_record), and an older
  // version of a stored document.
  fake_.PushFault(
      EdocFault::ExtraRecords({DocumentJson("3", "2021-03-05T03:00:00Z", "fail"),
                               DocumentJson("11", "2021-03-05T01:30:00Z", "inbox", "in")}));
  const PollOutcome outcome = Poll();
  EXPECT_TRUE(outcome.ok) << outcome.message;
  EXPECT_EQ(outcome.records, 0);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Watermark(), "2021-03-05T03:00:00Z");
}

TEST_F(EdocPollerTest, PagingThatReturnsTheSameCursorFailsInsteadOfLooping) {
  fake_.PushFault(EdocFault::Body(R"({"data": [], "nextCursor": "same"})"));
  fake_.PushFault(EdocFault::Body(R"({"data": [], "nextCursor": "same"})"));
  const PollOutcome outcome = Poll();
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "parse");
  EXPECT_EQ(outcome.pages, 2);
  EXPECT_EQ(fake_.stats().requests, 2);
}

TEST_F(EdocPollerTest, WrongKeyFailsWithAuthAndStoresNothing) {
  fake_.SetDocuments(Documents());
  const PollOutcome outcome = MakePoller(2, "wrong-key")->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "auth");
  EXPECT_EQ(outcome.message.find("wrong-key"), std::string::npos);
  EXPECT_EQ(Count("egovkpi.document"), 0);
  EXPECT_EQ(Watermark(), std::nullopt);
}

TEST_F(EdocPollerTest, StoppedPollIsCancelledNotFailed) {
  fake_.SetDocuments(Documents());
  std::stop_source stop;
  stop.request_stop();
  const PollOutcome outcome = MakePoller()->Poll(stop.get_token());
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(Count("egovkpi.document"), 0);
}

TEST_F(EdocPollerTest, UnreadableStoredWatermarkFailsWithDatabase) {
  db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "edoc", "20210305142210|x"); });
  const PollOutcome outcome = Poll();
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "database");
  EXPECT_NE(outcome.message.find("unreadable"), std::string::npos);
  EXPECT_EQ(fake_.stats().requests, 0);
}

TEST_F(EdocPollerTest, SourceIsEdoc) { EXPECT_EQ(MakePoller()->source(), "edoc"); }

}  // namespace
}  // namespace egovkpi::storage
