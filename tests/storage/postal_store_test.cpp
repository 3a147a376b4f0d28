// ApplyPostalEvents (egovkpi.postal_item) and migration 003 against a real PostgreSQL: each
// test gets a fresh database (TestDatabase) with the migrations applied.
#include "egovkpi/storage/postal_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "egovkpi/storage/page_store.hpp"
#include "support/test_database.hpp"

namespace egovkpi::storage {
namespace {

using collectors::RejectedRecord;
using collectors::TimePoint;
using collectors::postal::PostalEvent;
using collectors::postal::ServiceType;
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

PostalEvent Event(std::int64_t id, std::string item, int status, TimePoint time,
                  ServiceType type = ServiceType::kReceipt) {
  PostalEvent e;
  e.id = id;
  e.item_code = std::move(item);
  e.order_number = "H21.30-210305-0042";
  e.service_type = type;
  e.unit_code = "000.30.21.H21";
  e.status = status;
  e.event_time = time;
  return e;
}

// A postal_item row as the KPI engine reads it.
struct StoredItem {
  std::string order_number;
  std::string service_type;
  std::optional<std::string> unit_code;
  int status = 0;
  std::int64_t last_event_id = 0;
  TimePoint last_event_time;
  TimePoint first_event_time;
  TimePoint max_event_time;

  bool operator==(const StoredItem&) const = default;
};

std::ostream& operator<<(std::ostream& out, const StoredItem& s) {
  return out << "{" << s.order_number << ", " << s.service_type << ", "
             << s.unit_code.value_or("NULL") << ", status " << s.status << ", last id "
             << s.last_event_id << ", last " << s.last_event_time.time_since_epoch().count()
             << ", first " << s.first_event_time.time_since_epoch().count() << ", max "
             << s.max_event_time.time_since_epoch().count() << "}";
}

// What the stored row should be after the events of one item whose newest is `newest`.
StoredItem Expected(const PostalEvent& newest, TimePoint first, TimePoint max) {
  return StoredItem{newest.order_number,
                    std::string(collectors::postal::ToString(newest.service_type)),
                    newest.unit_code,
                    newest.status,
                    newest.id,
                    newest.event_time,
                    first,
                    max};
}

class PostalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(ApplyMigrations(db_), static_cast<int>(Migrations().size())); }

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

  // Every stored row as text, updated_at included: equal snapshots mean no row was touched.
  std::string Snapshot() const {
    return Scalar(
        "SELECT coalesce(string_agg(p::text, '|' ORDER BY item_code), '')"
        " FROM egovkpi.postal_item p");
  }

  std::optional<StoredItem> ReadItem(const std::string& item_code) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    const auto r = tx.exec(
        "SELECT order_number, service_type, unit_code, status, last_event_id,"
        " extract(epoch FROM last_event_time)::bigint,"
        " extract(epoch FROM first_event_time)::bigint,"
        " extract(epoch FROM max_event_time)::bigint"
        " FROM egovkpi.postal_item WHERE item_code = " +
        tx.quote(item_code));
    if (r.empty()) return std::nullopt;
    const auto row = r[0];
    StoredItem s;
    s.order_number = row[0].as<std::string>();
    s.service_type = row[1].as<std::string>();
    if (!row[2].is_null()) s.unit_code = row[2].as<std::string>();
    s.status = row[3].as<int>();
    s.last_event_id = row[4].as<std::int64_t>();
    s.last_event_time = TimePoint{seconds{row[5].as<long long>()}};
    s.first_event_time = TimePoint{seconds{row[6].as<long long>()}};
    s.max_event_time = TimePoint{seconds{row[7].as<long long>()}};
    return s;
  }

  int Apply(const std::vector<PostalEvent>& events) {
    int fresh = -1;
    db_.InTransaction([&](pqxx::work& tx) { fresh = ApplyPostalEvents(tx, events); });
    return fresh;
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

// --- migration 003 ------------------------------------------------------------------------

TEST_F(PostalStoreTest, MigrationAddsARequiredMaxEventTimeColumn) {
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.schema_migration WHERE version = 3"), "postal");
  EXPECT_EQ(Scalar("SELECT string_agg(column_name, ',' ORDER BY ordinal_position)"
                   " FROM information_schema.columns"
                   " WHERE table_schema = 'egovkpi' AND table_name = 'postal_item'"),
            "item_code,order_number,service_type,unit_code,status,last_event_id,"
            "last_event_time,first_event_time,updated_at,max_event_time");
  EXPECT_EQ(Scalar("SELECT is_nullable || ':' || data_type FROM information_schema.columns"
                   " WHERE table_schema = 'egovkpi' AND table_name = 'postal_item'"
                   " AND column_name = 'max_event_time'"),
            "NO:timestamp with time zone");
  // The as-of time reads max(max_event_time) by index.
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'egovkpi'"
                   " AND indexname = 'postal_item_max_event_time_idx'"),
            "1");
}

TEST_F(PostalStoreTest, MigrationFillsMaxEventTimeOfRowsWrittenBeforeIt) {
  // The state before 003: the column gone and rows written without it.
  std::string migration_sql;
  for (const Migration& m : Migrations()) {
    if (m.version == 3) migration_sql = m.sql;
  }
  ASSERT_FALSE(migration_sql.empty());
  auto c = Other();
  pqxx::work tx{c};
  tx.exec0("DROP INDEX egovkpi.postal_item_max_event_time_idx");
  tx.exec0("ALTER TABLE egovkpi.postal_item DROP COLUMN max_event_time");
  tx.exec0(
      "INSERT INTO egovkpi.postal_item (item_code, order_number, service_type, status,"
      " last_event_id, last_event_time, first_event_time) VALUES"
      " ('A', 'D1', 'NHAN_HO_SO', 4, 9, '2021-03-05 10:00+07', '2021-03-05 08:00+07'),"
      " ('B', 'D2', 'TRA_KET_QUA', 2, 7, '2021-03-05 09:00+07', '2021-03-05 11:00+07')");
  tx.exec(migration_sql);
  EXPECT_EQ(tx.exec1("SELECT string_agg(item_code || '=' ||"
                     " to_char(max_event_time AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI'),"
                     " ',' ORDER BY item_code) FROM egovkpi.postal_item")[0]
                .as<std::string>(),
            "A=10:00,B=11:00");
}

// --- current state ------------------------------------------------------------------------

TEST_F(PostalStoreTest, StoresANewItemWithTimesAsUtcInstants) {
  PostalEvent receipt = Event(7, "EB123456789VN", 2, At(5, 7, 22, 10));
  PostalEvent result = Event(8, "RR987654321VN", 1, At(5, 8), ServiceType::kReturn);
  result.unit_code.reset();
  result.order_number = "H21.45-210301-0113";
  EXPECT_EQ(Apply({receipt, result}), 2);
  EXPECT_EQ(ReadItem("EB123456789VN"), Expected(receipt, At(5, 7, 22, 10), At(5, 7, 22, 10)));
  EXPECT_EQ(ReadItem("RR987654321VN"), Expected(result, At(5, 8), At(5, 8)));
  EXPECT_EQ(Scalar("SELECT service_type || ':' || coalesce(unit_code, 'NULL')"
                   " FROM egovkpi.postal_item WHERE item_code = 'RR987654321VN'"),
            "TRA_KET_QUA:NULL");
  // 07:22:10 UTC is 14:22:10 in Asia/Ho_Chi_Minh.
  EXPECT_EQ(Scalar("SELECT last_event_time = '2021-03-05 14:22:10+07' FROM egovkpi.postal_item"
                   " WHERE item_code = 'EB123456789VN'"),
            "t");
}

TEST_F(PostalStoreTest, HighestIdWinsEvenWhenALowerIdHasALaterEventTime) {
  // Stored first: Id 20, in transit. Then Id 10 arrives with a later EventTime.
  const PostalEvent newest = Event(20, "EB1VN", 3, At(5, 9));
  const PostalEvent lower_but_later = Event(10, "EB1VN", 4, At(6, 9));
  EXPECT_EQ(Apply({newest}), 1);
  EXPECT_EQ(Apply({lower_but_later}), 0);
  // The state stays Id 20's; only the time bounds take the later time in.
  EXPECT_EQ(ReadItem("EB1VN"), Expected(newest, At(5, 9), At(6, 9)));
}

TEST_F(PostalStoreTest, HighestIdWinsWithinOneSpanWhateverTheOrder) {
  const PostalEvent a = Event(10, "EB1VN", 4, At(7, 9));  // the latest EventTime
  const PostalEvent b = Event(20, "EB1VN", 2, At(5, 9));  // the highest Id
  const PostalEvent c = Event(15, "EB1VN", 7, At(4, 9));  // the earliest EventTime
  EXPECT_EQ(Apply({a, b, c}), 3);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(b, At(4, 9), At(7, 9)));
}

TEST_F(PostalStoreTest, CancelledStatusOfTheNewestEventIsTheCurrentState) {
  EXPECT_EQ(Apply({Event(1, "EB1VN", 1, At(5, 8)), Event(2, "EB1VN", 2, At(5, 9))}), 2);
  const PostalEvent cancelled = Event(3, "EB1VN", 7, At(5, 10));
  EXPECT_EQ(Apply({cancelled}), 1);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(cancelled, At(5, 8), At(5, 10)));
}

TEST_F(PostalStoreTest, NewestEventWithoutUnitCodeStoresNone) {
  // The current state is the newest event's, field by field as served.
  PostalEvent later = Event(2, "EB1VN", 2, At(5, 9));
  later.unit_code.reset();
  EXPECT_EQ(Apply({Event(1, "EB1VN", 1, At(5, 8)), later}), 2);
  EXPECT_EQ(ReadItem("EB1VN")->unit_code, std::nullopt);
}

TEST_F(PostalStoreTest, SameEventsTwiceChangeNothing) {
  std::vector<PostalEvent> page;
  for (int i = 0; i < 50; ++i) {
    page.push_back(Event(100 + i, "EB" + std::to_string(i % 20) + "VN", 1 + i % 7, At(5, 9, i)));
  }
  EXPECT_EQ(Apply(page), 50);
  const std::string before = Snapshot();
  EXPECT_EQ(Count("egovkpi.postal_item"), 20);
  EXPECT_EQ(Apply(page), 0);
  EXPECT_EQ(Snapshot(), before);  // including updated_at: no row was touched
  // A subset served again (the reply to a repeated call) is no different.
  EXPECT_EQ(Apply({page[49], page[3]}), 0);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(PostalStoreTest, SameEventTwiceInOneSpanCountsOnce) {
  const PostalEvent e = Event(5, "EB1VN", 2, At(5, 9));
  EXPECT_EQ(Apply({e, e, Event(6, "EB2VN", 1, At(5, 9)), e}), 2);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(e, At(5, 9), At(5, 9)));
}

TEST_F(PostalStoreTest, EventsOfOneItemAcrossSeveralPages) {
  const PostalEvent created = Event(1, "EB1VN", 1, At(5, 8));
  const PostalEvent picked_up = Event(5, "EB1VN", 2, At(5, 9));
  const PostalEvent delivered = Event(9, "EB1VN", 4, At(6, 15));
  EXPECT_EQ(Apply({created, Event(2, "EB2VN", 1, At(5, 8))}), 2);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(created, At(5, 8), At(5, 8)));
  EXPECT_EQ(Apply({Event(4, "EB2VN", 2, At(5, 8, 30)), picked_up}), 2);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(picked_up, At(5, 8), At(5, 9)));
  EXPECT_EQ(Apply({delivered}), 1);
  EXPECT_EQ(ReadItem("EB1VN"), Expected(delivered, At(5, 8), At(6, 15)));
  EXPECT_EQ(Count("egovkpi.postal_item"), 2);
}

TEST_F(PostalStoreTest, LargeSpanIsWrittenInSeveralStatements) {
  std::vector<PostalEvent> page;
  for (int i = 0; i < 2500; ++i) {
    page.push_back(Event(i + 1, "EB" + std::to_string(i) + "VN", 1, At(5, 9)));
  }
  EXPECT_EQ(Apply(page), 2500);
  EXPECT_EQ(Count("egovkpi.postal_item"), 2500);
  EXPECT_EQ(Apply(page), 0);
  EXPECT_EQ(Apply({}), 0);
}

TEST_F(PostalStoreTest, TextIsStoredVerbatimWithoutInjection) {
  PostalEvent e = Event(1, "EB1'); DROP TABLE egovkpi.postal_item; --", 1, At(5, 9));
  e.order_number = "H21.30 \\ 'x' Sở Thông tin";
  EXPECT_EQ(Apply({e}), 1);
  EXPECT_EQ(ReadItem(e.item_code), Expected(e, At(5, 9), At(5, 9)));
}

// --- atomicity ----------------------------------------------------------------------------

TEST_F(PostalStoreTest, KilledTransactionLeavesStateAndWatermarkUnchanged) {
  const PostalEvent stored = Event(9, "EB1VN", 2, At(5, 9));
  db_.InTransaction([&](pqxx::work& tx) {
    ApplyPostalEvents(tx, std::vector{stored});
    SaveWatermark(tx, "postal", "9");
  });
  const std::string before = Snapshot();

  const std::vector page{Event(12, "EB1VN", 4, At(6, 9)), Event(13, "EB2VN", 1, At(6, 10))};
  const std::vector<RejectedRecord> rejected{
      {"unknown_status", "StatusCode: 9 is not a code in 1..7", "14", R"({"Id":14})"}};
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
    EXPECT_EQ(ApplyPostalEvents(tx, page), 2);
    QuarantineRecords(tx, "postal", rejected);
    Terminate(tx.exec1("SELECT pg_backend_pid()")[0].as<int>());
    SaveWatermark(tx, "postal", "14");
  }),
               StorageError);

  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(ReadItem("EB2VN"), std::nullopt);
  EXPECT_EQ(Count("egovkpi.quarantine"), 0);
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark WHERE source = 'postal'"), "9");

  // The next use reconnects; the page is then written completely, its events counted as
  // new (nothing of the killed attempt survived).
  db_.InTransaction([&](pqxx::work& tx) {
    EXPECT_EQ(LoadWatermark(tx, "postal"), "9");
    EXPECT_EQ(ApplyPostalEvents(tx, page), 2);
    QuarantineRecords(tx, "postal", rejected);
    SaveWatermark(tx, "postal", "14");
  });
  EXPECT_EQ(ReadItem("EB1VN"), Expected(page[0], At(5, 9), At(6, 9)));
  EXPECT_EQ(Count("egovkpi.quarantine"), 1);
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark WHERE source = 'postal'"), "14");
}

TEST_F(PostalStoreTest, ExceptionBeforeTheWatermarkRollsTheEventsBack) {
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
    ApplyPostalEvents(tx, std::vector{Event(1, "EB1VN", 1, At(5, 9))});
    throw std::runtime_error("page cut short");
  }),
               StorageError);
  EXPECT_EQ(Count("egovkpi.postal_item"), 0);
  EXPECT_EQ(Count("egovkpi.source_watermark"), 0);
}

// --- roles --------------------------------------------------------------------------------

TEST_F(PostalStoreTest, WriterAppliesEventsAndReaderReadsButCannotWrite) {
  {
    auto c = Other();
    pqxx::work tx{c};
    tx.exec0("SET LOCAL ROLE egovkpi_writer");
    EXPECT_EQ(ApplyPostalEvents(tx, std::vector{Event(1, "EB1VN", 1, At(5, 8))}), 1);
    EXPECT_EQ(ApplyPostalEvents(tx, std::vector{Event(2, "EB1VN", 2, At(5, 9))}), 1);
    SaveWatermark(tx, "postal", "2");
    tx.commit();
  }
  auto c = Other();
  pqxx::work tx{c};
  tx.exec0("SET LOCAL ROLE egovkpi_reader");
  EXPECT_EQ(tx.exec1("SELECT max(max_event_time) = '2021-03-05 09:00+00'"
                     " FROM egovkpi.postal_item")[0]
                .as<bool>(),
            true);
  EXPECT_THROW(tx.exec0("UPDATE egovkpi.postal_item SET max_event_time = now()"),
               pqxx::insufficient_privilege);
}

}  // namespace
}  // namespace egovkpi::storage
