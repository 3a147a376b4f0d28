// egovkpi::storage against a real PostgreSQL: each test gets a fresh database
// (TestDatabase) with the migrations applied.
#include <csignal>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "egovkpi/storage/page_store.hpp"
#include "egovkpi/storage/poll_run_store.hpp"
#include "support/test_database.hpp"

namespace egovkpi::storage {
namespace {

using collectors::RejectedRecord;
using collectors::TimePoint;
using collectors::onegate::Dossier;
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

Dossier MakeDossier(std::string code, TimePoint updated_at, int status = 2) {
  Dossier d;
  d.code = std::move(code);
  d.procedure_code = "1.001612.000.00.00.H21";
  d.unit_code = "H21.30";
  d.channel = 2;
  d.return_method = 1;
  d.level = 3;
  d.status = status;
  d.submitted_at = At(1, 1, 30);
  d.received_at = At(1, 2, 0, 5);
  d.due_at = At(10, 10);
  d.updated_at = updated_at;
  d.payment = 1;
  d.has_electronic_result = true;
  return d;
}

std::optional<TimePoint> OptionalTime(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimePoint{seconds{f.as<long long>()}};
}

std::optional<int> OptionalInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int>();
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(ApplyMigrations(db_), static_cast<int>(Migrations().size())); }

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

  // The stored dossier, read back into the collector's type.
  std::optional<Dossier> ReadDossier(const std::string& code) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    const auto r = tx.exec(
        "SELECT code, procedure_code, unit_code, channel, return_method, level, status,"
        " extract(epoch FROM submitted_at)::bigint, extract(epoch FROM received_at)::bigint,"
        " extract(epoch FROM due_at)::bigint, extract(epoch FROM finished_at)::bigint,"
        " extract(epoch FROM returned_at)::bigint, extract(epoch FROM refused_at)::bigint,"
        " extract(epoch FROM updated_at)::bigint, deleted, payment, has_electronic_result"
        " FROM egovkpi.dossier WHERE code = " +
        tx.quote(code));
    if (r.empty()) return std::nullopt;
    const auto row = r[0];
    Dossier d;
    d.code = row[0].as<std::string>();
    d.procedure_code = row[1].as<std::string>();
    d.unit_code = row[2].as<std::string>();
    d.channel = row[3].as<int>();
    d.return_method = row[4].as<int>();
    d.level = OptionalInt(row[5]);
    d.status = row[6].as<int>();
    d.submitted_at = OptionalTime(row[7]);
    d.received_at = OptionalTime(row[8]);
    d.due_at = OptionalTime(row[9]);
    d.finished_at = OptionalTime(row[10]);
    d.returned_at = OptionalTime(row[11]);
    d.refused_at = OptionalTime(row[12]);
    d.updated_at = *OptionalTime(row[13]);
    d.deleted = row[14].as<bool>();
    d.payment = OptionalInt(row[15]);
    d.has_electronic_result = row[16].as<bool>();
    return d;
  }

  int Upsert(const std::vector<Dossier>& dossiers) {
    int changed = -1;
    db_.InTransaction([&](pqxx::work& tx) { changed = UpsertDossiers(tx, dossiers); });
    return changed;
  }

  int BackendPid() {
    int pid = 0;
    db_.InTransaction([&](pqxx::work& tx) { pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>(); });
    return pid;
  }

  // Terminates `pid` from another connection and waits until it is gone.
  void Terminate(int pid) const {
    auto c = Other();
    pqxx::nontransaction tx{c};
    ASSERT_TRUE(tx.exec1("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)")[0]
                    .as<bool>());
  }

  TestDatabase test_db_;
  Database db_{test_db_.conninfo(), "test database"};
};

// --- migrations -------------------------------------------------------------------------

TEST(MigrationList, IsEmbeddedInVersionOrderStartingWithInitial) {
  const auto& migrations = Migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_EQ(migrations.front().name, "initial");
  EXPECT_THAT(migrations.front().sql, ::testing::HasSubstr("CREATE TABLE egovkpi.dossier"));
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
}

TEST_F(StorageTest, SecondApplyMigrationsAppliesNothing) {
  EXPECT_EQ(ApplyMigrations(db_), 0);
  EXPECT_EQ(Count("egovkpi.schema_migration"), static_cast<long long>(Migrations().size()));
  EXPECT_EQ(Scalar("SELECT count(DISTINCT version) FROM egovkpi.schema_migration"),
            std::to_string(Migrations().size()));
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.schema_migration WHERE version = 1"), "initial");
}

TEST(ConcurrentMigrations, TwoProcessesAtOnceApplyEachMigrationOnce) {
  TestDatabase test_db;
  for (int round = 0; round < 3; ++round) {
    // A fresh schema each round, so both really race for the first apply.
    {
      pqxx::connection c{test_db.conninfo()};
      pqxx::nontransaction tx{c};
      tx.exec0("DROP SCHEMA IF EXISTS egovkpi CASCADE");
    }
    Database a{test_db.conninfo(), "a"};
    Database b{test_db.conninfo(), "b"};
    ASSERT_TRUE(a.Ping());
    ASSERT_TRUE(b.Ping());
    int applied_a = -1, applied_b = -1;
    std::string error_a, error_b;
    std::atomic<int> ready{0};
    const auto run = [&ready](Database& db, int& applied, std::string& error) {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      try {
        applied = ApplyMigrations(db);
      } catch (const std::exception& e) {
        error = e.what();
      }
    };
    std::thread ta(run, std::ref(a), std::ref(applied_a), std::ref(error_a));
    std::thread tb(run, std::ref(b), std::ref(applied_b), std::ref(error_b));
    ta.join();
    tb.join();
    EXPECT_EQ(error_a, "");
    EXPECT_EQ(error_b, "");
    const int total = static_cast<int>(Migrations().size());
    EXPECT_EQ(applied_a + applied_b, total);
    EXPECT_TRUE(applied_a == 0 || applied_b == 0) << applied_a << " and " << applied_b;

    pqxx::connection c{test_db.conninfo()};
    pqxx::nontransaction tx{c};
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM egovkpi.schema_migration")[0].as<int>(), total);
  }
}

TEST_F(StorageTest, DossierTableHasOnlyTheKpiFields) {
  EXPECT_EQ(Scalar("SELECT string_agg(column_name, ',' ORDER BY ordinal_position)"
                   " FROM information_schema.columns"
                   " WHERE table_schema = 'egovkpi' AND table_name = 'dossier'"),
            "code,procedure_code,unit_code,channel,return_method,level,status,submitted_at,"
            "received_at,due_at,finished_at,returned_at,refused_at,updated_at,deleted,payment,"
            "has_electronic_result,ingested_at");
}

TEST_F(StorageTest, CreatesEveryRecordTable) {
  // Later migrations add their own tables (KPI results...); these are the records' tables.
  for (const char* table : {"document", "dossier", "poll_run", "postal_item", "procedure",
                            "quarantine", "schema_migration", "service_pair",
                            "source_watermark", "unit"}) {
    EXPECT_EQ(Scalar(std::string("SELECT to_regclass('egovkpi.") + table + "') IS NOT NULL"),
              "t")
        << table;
  }
}

// --- dossiers ---------------------------------------------------------------------------

TEST_F(StorageTest, UpsertStoresEveryFieldAndTimesAsUtcInstants) {
  Dossier full = MakeDossier("H21.30-210305-0042", At(5, 7, 22, 10));
  full.finished_at = At(6, 3);
  full.returned_at = At(7, 4);
  Dossier sparse = MakeDossier("H21.30-210305-0043", At(5, 8));
  sparse.level.reset();
  sparse.submitted_at.reset();
  sparse.received_at.reset();
  sparse.due_at.reset();
  sparse.payment.reset();
  sparse.refused_at = At(5, 8);
  sparse.status = 3;
  sparse.channel = 1;
  sparse.deleted = true;
  sparse.has_electronic_result = false;

  EXPECT_EQ(Upsert({full, sparse}), 2);
  EXPECT_EQ(ReadDossier(full.code), full);
  EXPECT_EQ(ReadDossier(sparse.code), sparse);
  // 07:22:10 UTC is 14:22:10 in Asia/Ho_Chi_Minh.
  EXPECT_EQ(Scalar("SELECT updated_at = '2021-03-05 14:22:10+07' FROM egovkpi.dossier"
                   " WHERE code = 'H21.30-210305-0042'"),
            "t");
}

TEST_F(StorageTest, OlderVersionAfterNewerChangesNothing) {
  const Dossier newer = MakeDossier("D1", At(5, 10), 4);
  const Dossier older = MakeDossier("D1", At(5, 9), 2);
  EXPECT_EQ(Upsert({newer}), 1);
  EXPECT_EQ(Upsert({older}), 0);
  EXPECT_EQ(ReadDossier("D1"), newer);
}

TEST_F(StorageTest, NewerVersionReplacesStoredOne) {
  const Dossier older = MakeDossier("D1", At(5, 9), 2);
  Dossier newer = MakeDossier("D1", At(5, 10), 10);
  newer.returned_at = At(5, 10);
  EXPECT_EQ(Upsert({older}), 1);
  EXPECT_EQ(Upsert({newer}), 1);
  EXPECT_EQ(ReadDossier("D1"), newer);
  EXPECT_EQ(Count("egovkpi.dossier"), 1);
}

TEST_F(StorageTest, EqualVersionChangesNothing) {
  const Dossier first = MakeDossier("D1", At(5, 9), 2);
  const Dossier same_time_other_content = MakeDossier("D1", At(5, 9), 4);
  EXPECT_EQ(Upsert({first}), 1);
  EXPECT_EQ(Upsert({same_time_other_content}), 0);
  EXPECT_EQ(ReadDossier("D1"), first);
}

TEST_F(StorageTest, SamePageTwiceChangesNothing) {
  std::vector<Dossier> page;
  for (int i = 0; i < 50; ++i) {
    page.push_back(MakeDossier("D" + std::to_string(i), At(5, 9, i), 2 + i % 8));
  }
  EXPECT_EQ(Upsert(page), 50);
  const std::string before = Scalar(
      "SELECT string_agg(d::text, '|' ORDER BY code) FROM egovkpi.dossier d");
  EXPECT_EQ(Upsert(page), 0);
  const std::string after = Scalar(
      "SELECT string_agg(d::text, '|' ORDER BY code) FROM egovkpi.dossier d");
  EXPECT_EQ(before, after);  // including ingested_at: no row was touched
  EXPECT_EQ(Count("egovkpi.dossier"), 50);
}

TEST_F(StorageTest, DuplicatesInsideOneSpanKeepTheNewest) {
  const Dossier a1 = MakeDossier("A", At(5, 9), 2);
  const Dossier a3 = MakeDossier("A", At(5, 11), 9);
  const Dossier a2 = MakeDossier("A", At(5, 10), 4);
  const Dossier a3_again = MakeDossier("A", At(5, 11), 10);  // same version served twice
  const Dossier b = MakeDossier("B", At(5, 9), 2);
  EXPECT_EQ(Upsert({a1, b, a3, a2, a3_again, b}), 2);
  EXPECT_EQ(ReadDossier("A"), a3);  // among equal versions the first served
  EXPECT_EQ(ReadDossier("B"), b);
}

TEST_F(StorageTest, LargeSpanIsWrittenInSeveralStatements) {
  std::vector<Dossier> page;
  for (int i = 0; i < 2500; ++i) page.push_back(MakeDossier("D" + std::to_string(i), At(5, 9)));
  EXPECT_EQ(Upsert(page), 2500);
  EXPECT_EQ(Count("egovkpi.dossier"), 2500);
  EXPECT_EQ(Upsert({}), 0);
}

TEST_F(StorageTest, TextIsStoredVerbatimWithoutInjection) {
  Dossier d = MakeDossier("H21'); DROP TABLE egovkpi.dossier; --", At(5, 9));
  d.unit_code = "Sở Thông tin và Truyền thông \\ 'x'";
  EXPECT_EQ(Upsert({d}), 1);
  EXPECT_EQ(ReadDossier(d.code), d);
}

// --- watermarks and atomicity ------------------------------------------------------------

TEST_F(StorageTest, WatermarkIsAbsentThenSavedThenReplaced) {
  db_.InTransaction([](pqxx::work& tx) { EXPECT_EQ(LoadWatermark(tx, "onegate"), std::nullopt); });
  db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "onegate", "20210305142210|A"); });
  db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "onegate", "20210305150000|B"); });
  db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "postal", "42"); });
  db_.InTransaction([](pqxx::work& tx) {
    EXPECT_EQ(LoadWatermark(tx, "onegate"), "20210305150000|B");
    EXPECT_EQ(LoadWatermark(tx, "postal"), "42");
  });
  EXPECT_EQ(Count("egovkpi.source_watermark"), 2);
}

TEST_F(StorageTest, BackendKilledBeforeWatermarkLeavesRecordsAndWatermarkUnchanged) {
  const Dossier stored = MakeDossier("D1", At(5, 9), 2);
  db_.InTransaction([&](pqxx::work& tx) {
    UpsertDossiers(tx, std::vector{stored});
    SaveWatermark(tx, "onegate", "old");
  });

  const std::vector page{MakeDossier("D1", At(5, 10), 4), MakeDossier("D2", At(5, 10))};
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
                 EXPECT_EQ(UpsertDossiers(tx, page), 2);
                 Terminate(tx.exec1("SELECT pg_backend_pid()")[0].as<int>());
                 SaveWatermark(tx, "onegate", "new");
               }),
               StorageError);

  EXPECT_EQ(ReadDossier("D1"), stored);
  EXPECT_EQ(ReadDossier("D2"), std::nullopt);
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark"), "old");

  // The next use reconnects; the page can then be written completely.
  db_.InTransaction([&](pqxx::work& tx) {
    EXPECT_EQ(LoadWatermark(tx, "onegate"), "old");
    EXPECT_EQ(UpsertDossiers(tx, page), 2);
    SaveWatermark(tx, "onegate", "new");
  });
  EXPECT_EQ(ReadDossier("D1"), page[0]);
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark"), "new");
}

TEST_F(StorageTest, ExceptionBeforeWatermarkRollsBackAndKeepsTheConnection) {
  const int pid = BackendPid();
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
                 UpsertDossiers(tx, std::vector{MakeDossier("D1", At(5, 9))});
                 throw std::runtime_error("page cut short");
               }),
               StorageError);
  EXPECT_EQ(Count("egovkpi.dossier"), 0);
  EXPECT_EQ(Count("egovkpi.source_watermark"), 0);
  EXPECT_EQ(BackendPid(), pid);
}

TEST_F(StorageTest, StatementErrorRollsBackAndKeepsTheConnection) {
  const int pid = BackendPid();
  try {
    db_.InTransaction([](pqxx::work& tx) {
      SaveWatermark(tx, "onegate", "x");
      tx.exec0("SELECT * FROM egovkpi.no_such_table");
    });
    ADD_FAILURE() << "no StorageError";
  } catch (const StorageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("test database"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("no_such_table"));
  }
  EXPECT_EQ(Count("egovkpi.source_watermark"), 0);
  EXPECT_EQ(BackendPid(), pid);
}

// --- reconnection -----------------------------------------------------------------------

TEST_F(StorageTest, PingFailsOnceAfterBackendTerminatedThenReconnects) {
  ASSERT_TRUE(db_.Ping());
  const int pid = BackendPid();
  Terminate(pid);
  EXPECT_FALSE(db_.Ping());
  EXPECT_TRUE(db_.Ping());
  EXPECT_NE(BackendPid(), pid);
}

TEST_F(StorageTest, InTransactionFailsOnceAfterBackendTerminatedThenWorks) {
  const int pid = BackendPid();
  Terminate(pid);
  EXPECT_THROW(db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "onegate", "x"); }),
               StorageError);
  db_.InTransaction([](pqxx::work& tx) { SaveWatermark(tx, "onegate", "y"); });
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark"), "y");
  EXPECT_NE(BackendPid(), pid);
}

TEST(DatabaseErrors, ConnectFailureIsStorageErrorWithoutConninfo) {
  // Port 1 on loopback: nothing listens there.
  Database db{"host=127.0.0.1 port=1 user=egovkpi password=hunter2secret connect_timeout=5",
              "unreachable"};
  EXPECT_FALSE(db.Ping());
  try {
    db.InTransaction([](pqxx::work&) {});
    ADD_FAILURE() << "no StorageError";
  } catch (const StorageError& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, ::testing::StartsWith("unreachable: cannot connect: "));
    EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr("hunter2secret")));
    EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr("user=egovkpi")));
  }
}

// --- quarantine and poll runs -------------------------------------------------------------

TEST_F(StorageTest, QuarantineStoresReasonDetailKeyAndPayload) {
  const std::vector<RejectedRecord> rejected{
      {"bad_date", "NgayTiepNhan: '2021-13-45' is not yyyyMMddHHmmss", "H21-1",
       R"({"MaHoSo": "H21-1", "NgayTiepNhan": "2021-13-45", "TenTTHC": "Cấp giấy phép"})"},
      {"not_an_object", "record 3 is not an object", "", R"({"MaHoSo": "H21-2", "Ngay)"},
      {"missing_field", "MaHoSo is missing", "", R"({"x": "\u0000"})"},
      {"missing_field", "", "", ""},
  };
  db_.InTransaction([&](pqxx::work& tx) { QuarantineRecords(tx, "onegate", rejected); });

  EXPECT_EQ(Count("egovkpi.quarantine"), 4);
  EXPECT_EQ(Scalar("SELECT string_agg(source || ':' || reason, ',' ORDER BY id)"
                   " FROM egovkpi.quarantine"),
            "onegate:bad_date,onegate:not_an_object,onegate:missing_field,onegate:missing_field");
  // Valid JSON is stored as JSON, with its text intact.
  EXPECT_EQ(Scalar("SELECT payload->>'TenTTHC' FROM egovkpi.quarantine WHERE record_key = 'H21-1'"),
            "Cấp giấy phép");
  EXPECT_EQ(Scalar("SELECT detail FROM egovkpi.quarantine WHERE record_key = 'H21-1'"),
            "NgayTiepNhan: '2021-13-45' is not yyyyMMddHHmmss");
  // Anything PostgreSQL's JSON parser refuses is kept as a JSON string.
  EXPECT_EQ(Scalar("SELECT jsonb_typeof(payload) || ':' || (payload #>> '{}')"
                   " FROM egovkpi.quarantine WHERE reason = 'not_an_object'"),
            R"(string:{"MaHoSo": "H21-2", "Ngay)");
  EXPECT_EQ(Scalar("SELECT jsonb_typeof(payload) FROM egovkpi.quarantine"
                   " WHERE detail = 'MaHoSo is missing'"),
            "string");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine"
                   " WHERE payload IS NULL AND detail IS NULL AND record_key IS NULL"),
            "1");
  EXPECT_EQ(Scalar("SELECT bool_and(quarantined_at IS NOT NULL) FROM egovkpi.quarantine"), "t");
}

TEST_F(StorageTest, QuarantineKeepsARecordServedTwiceOnce) {
  const std::vector<RejectedRecord> page{
      {"bad_date", "NgayTra: 'x'", "H21-1", R"({"MaHoSo": "H21-1", "NgayTra": "x"})"},
      {"bad_date", "NgayTra: 'x'", "H21-1", R"({"MaHoSo": "H21-1", "NgayTra": "x"})"},
      {"bad_date", "NgayTra: 'y'", "H21-1", R"({"MaHoSo": "H21-1", "NgayTra": "y"})"},
  };
  db_.InTransaction([&](pqxx::work& tx) { QuarantineRecords(tx, "onegate", page); });
  db_.InTransaction([&](pqxx::work& tx) { QuarantineRecords(tx, "onegate", page); });
  // The first two are one record; the third is a different (later) version of it.
  EXPECT_EQ(Count("egovkpi.quarantine"), 2);
}

TEST_F(StorageTest, RecordPollRunStoresTheOutcome) {
  const auto started = sys_days{2021y / 3 / 5} + 7h + 500ms;
  PollRun ok{"onegate", started, started + 1500ms, true, "", "3 pages", 120, 2, 3};
  PollRun failed{"postal", started, started + 30s, false, "timeout", "no reply in 30 s", 0, 0, 0};
  db_.InTransaction([&](pqxx::work& tx) {
    RecordPollRun(tx, ok);
    RecordPollRun(tx, failed);
  });
  EXPECT_EQ(Scalar("SELECT string_agg(concat_ws('/', source, ok, failure_reason, message,"
                   " records, rejected, pages, extract(epoch FROM finished_at - started_at)),"
                   " ',' ORDER BY id) FROM egovkpi.poll_run"),
            "onegate/t/3 pages/120/2/3/1.500000,postal/f/timeout/no reply in 30 s/0/0/0/30.000000");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.poll_run"
                   " WHERE ok AND failure_reason IS NULL"),
            "1");
}

// --- roles ------------------------------------------------------------------------------

class RoleTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    db_.InTransaction([](pqxx::work& tx) {
      QuarantineRecords(tx, "onegate",
                        std::vector<RejectedRecord>{{"bad_code", "KenhThucHien: 9", "K1", "{}"}});
      UpsertDossiers(tx, std::vector{MakeDossier("D1", At(5, 9))});
    });
  }

  // Runs `sql` as `role` in a transaction of its own: "ok", "insufficient_privilege" or
  // the error. (libpqxx 6 leaves sqlstate() empty on its specific exception classes.)
  std::string RunAs(const std::string& role, const std::string& sql) const {
    auto c = Other();
    pqxx::work tx{c};
    tx.exec0("SET LOCAL ROLE " + tx.quote_name(role));
    try {
      tx.exec(sql);
      return "ok";
    } catch (const pqxx::insufficient_privilege&) {
      return "insufficient_privilege";
    } catch (const pqxx::sql_error& e) {
      return e.what();
    }
  }
};

constexpr const char* kInsufficientPrivilege = "insufficient_privilege";

TEST_F(RoleTest, ReaderCannotWriteDossiers) {
  EXPECT_EQ(RunAs("egovkpi_reader",
                  "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel,"
                  " return_method, status, updated_at) VALUES ('X', 'P', 'U', 1, 0, 2, now())"),
            kInsufficientPrivilege);
  EXPECT_EQ(RunAs("egovkpi_reader", "UPDATE egovkpi.dossier SET status = 3"),
            kInsufficientPrivilege);
  EXPECT_EQ(RunAs("egovkpi_reader", "DELETE FROM egovkpi.dossier"), kInsufficientPrivilege);
}

TEST_F(RoleTest, ReaderCannotReadQuarantinedPayloads) {
  EXPECT_EQ(RunAs("egovkpi_reader", "SELECT payload FROM egovkpi.quarantine"),
            kInsufficientPrivilege);
  EXPECT_EQ(RunAs("egovkpi_reader", "SELECT * FROM egovkpi.quarantine"), kInsufficientPrivilege);
  EXPECT_EQ(RunAs("egovkpi_reader",
                  "SELECT id, source, quarantined_at, reason, detail, record_key"
                  " FROM egovkpi.quarantine"),
            "ok");
}

TEST_F(RoleTest, ReaderReadsTheNormalizedRecords) {
  for (const char* table : {"unit", "procedure", "service_pair", "dossier", "postal_item",
                            "document", "source_watermark", "poll_run", "schema_migration"}) {
    EXPECT_EQ(RunAs("egovkpi_reader", std::string("SELECT * FROM egovkpi.") + table), "ok")
        << table;
  }
}

TEST_F(RoleTest, WriterCanDoEverythingThePollersDo) {
  auto c = Other();
  pqxx::work tx{c};
  tx.exec0("SET LOCAL ROLE egovkpi_writer");
  EXPECT_EQ(UpsertDossiers(tx, std::vector{MakeDossier("D1", At(5, 10)), MakeDossier("D2", At(5, 10))}),
            2);
  QuarantineRecords(tx, "onegate", std::vector<RejectedRecord>{{"bad_date", "d", "k", "{\"a\":1}"}});
  SaveWatermark(tx, "onegate", "w");
  EXPECT_EQ(LoadWatermark(tx, "onegate"), "w");
  RecordPollRun(tx, PollRun{"onegate", system_clock::now(), system_clock::now(), true, "", "",
                            2, 1, 1});
  tx.exec0("DELETE FROM egovkpi.poll_run");
  tx.commit();
}

}  // namespace
}  // namespace egovkpi::storage
