// The portal catalogue in PostgreSQL: ApplyCatalogueSnapshot directly (upserts, withdrawals
// recorded and never deleted, reappearance, upgraded pairs, idempotence), and PortalPoller
// end to end against a fake LGSP portal (snapshot, quarantine and watermark in one
// transaction; an incomplete or failed snapshot changes nothing). Each test gets a fresh
// database (TestDatabase) with the migrations applied.
#include "egovkpi/storage/catalogue_store.hpp"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "egovkpi/app/portal_poller.hpp"
#include "egovkpi/collectors/local_time.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "fake_lgsp_server.hpp"
#include "support/test_database.hpp"

namespace egovkpi::storage {
namespace {

namespace json = boost::json;
using collectors::RejectedRecord;
using collectors::portal::CatalogueProcedure;
using collectors::portal::CatalogueSnapshot;
using collectors::portal::CatalogueUnit;
using collectors::portal::LocalDate;
using collectors::portal::ServiceRow;
using collectors::portal::ServiceRowKey;
using egovkpi::testing::TestDatabase;
using namespace std::chrono;
using namespace std::chrono_literals;

const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

// Snapshot times: the first, second and third poll.
const system_clock::time_point kT1 = sys_days{2021y / 3 / 1} + 1h;
const system_clock::time_point kT2 = sys_days{2021y / 3 / 1} + 1h + 5min;
const system_clock::time_point kT3 = sys_days{2021y / 3 / 1} + 1h + 10min;

long long Epoch(system_clock::time_point t) {
  return duration_cast<seconds>(t.time_since_epoch()).count();
}

CatalogueUnit Unit(std::string code, int level, std::string parent = "H21") {
  return {code, "UBND " + code, level, std::move(parent)};
}

CatalogueProcedure Procedure(std::string code, bool fee = true) {
  return {code, "Thủ tục " + code, "TP-HT", "Hộ tịch", fee};
}

ServiceRow Row(std::string unit, std::string procedure, int level, LocalDate from,
               std::optional<LocalDate> to = std::nullopt) {
  return {std::move(unit), std::move(procedure), from, to, level, true, false};
}

// Three units (a district and its commune, a department), two procedures, four service
// rows (the district's pair upgraded from level 2 to 3 on 1 July: two rows).
CatalogueSnapshot BaseSnapshot() {
  CatalogueSnapshot s;
  s.units = {Unit("000.00.01.H21", 1), Unit("000.00.31.H21", 2),
             Unit("000.01.31.H21", 3, "000.00.31.H21")};
  s.procedures = {Procedure("1.001193.000.00.00.H21"), Procedure("2.000488.000.00.00.H21", false)};
  s.service_rows = {
      Row("000.00.01.H21", "2.000488.000.00.00.H21", 3, 2020y / 1 / 15),
      Row("000.00.31.H21", "1.001193.000.00.00.H21", 2, 2019y / 5 / 6, 2021y / 6 / 30),
      Row("000.00.31.H21", "1.001193.000.00.00.H21", 3, 2021y / 7 / 1),
      Row("000.01.31.H21", "1.001193.000.00.00.H21", 4, 2020y / 3 / 16),
  };
  return s;
}

class CatalogueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(ApplyMigrations(db_), static_cast<int>(Migrations().size())); }

  CatalogueChanges Apply(const CatalogueSnapshot& snapshot, system_clock::time_point seen_at) {
    CatalogueChanges changes;
    db_.InTransaction(
        [&](pqxx::work& tx) { changes = ApplyCatalogueSnapshot(tx, snapshot, seen_at); });
    return changes;
  }

  // One value of a query, read on a separate connection (sees only committed data).
  std::string Scalar(const std::string& sql) const {
    pqxx::connection c{test_db_.conninfo()};
    pqxx::nontransaction tx{c};
    const auto f = tx.exec1(sql)[0];
    return f.is_null() ? "<null>" : f.as<std::string>();
  }

  // Every row of the three catalogue tables as text, for before/after comparisons.
  std::vector<std::string> Dump() const {
    pqxx::connection c{test_db_.conninfo()};
    pqxx::nontransaction tx{c};
    std::vector<std::string> rows;
    for (const char* sql : {"SELECT row_to_json(t)::text FROM egovkpi.unit t ORDER BY code",
                            "SELECT row_to_json(t)::text FROM egovkpi.procedure t ORDER BY code",
                            "SELECT row_to_json(t)::text FROM egovkpi.service_pair t"
                            " ORDER BY unit_code, procedure_code, valid_from"}) {
      for (const auto& row : tx.exec(sql)) rows.push_back(row[0].as<std::string>());
    }
    return rows;
  }

  // The seen/withdrawn times of a row (epoch seconds, -1 for NULL) as "first,last,withdrawn".
  std::string Times(const std::string& table, const std::string& where) const {
    return Scalar(
        "SELECT concat_ws(',', extract(epoch FROM first_seen_at)::bigint,"
        " extract(epoch FROM last_seen_at)::bigint,"
        " coalesce(extract(epoch FROM withdrawn_at)::bigint, -1)) FROM " +
        table + " WHERE " + where);
  }

  static std::string TimesText(system_clock::time_point first, system_clock::time_point last,
                               std::optional<system_clock::time_point> withdrawn) {
    return std::to_string(Epoch(first)) + "," + std::to_string(Epoch(last)) + "," +
           std::to_string(withdrawn ? Epoch(*withdrawn) : -1);
  }

  TestDatabase test_db_;
  Database db_{test_db_.conninfo(), "test database"};
};

const std::string kUpgradedPairOldRow =
    "unit_code = '000.00.31.H21' AND procedure_code = '1.001193.000.00.00.H21'"
    " AND valid_from = '2019-05-06'";

TEST_F(CatalogueStoreTest, AFirstSnapshotInsertsEveryRecord) {
  const CatalogueChanges changes = Apply(BaseSnapshot(), kT1);
  EXPECT_EQ(changes.units, (CatalogueTableChanges{3, 0, 0}));
  EXPECT_EQ(changes.procedures, (CatalogueTableChanges{2, 0, 0}));
  EXPECT_EQ(changes.service_rows, (CatalogueTableChanges{4, 0, 0}));

  EXPECT_EQ(Scalar("SELECT concat_ws('|', name, level, parent_code) FROM egovkpi.unit"
                   " WHERE code = '000.01.31.H21'"),
            "UBND 000.01.31.H21|3|000.00.31.H21");
  EXPECT_EQ(Scalar("SELECT concat_ws('|', name, field_code, field_name, has_fee)"
                   " FROM egovkpi.procedure WHERE code = '2.000488.000.00.00.H21'"),
            "Thủ tục 2.000488.000.00.00.H21|TP-HT|Hộ tịch|f");
  EXPECT_EQ(Scalar("SELECT concat_ws('|', valid_from, valid_to, level, bcci_receive, bcci_return)"
                   " FROM egovkpi.service_pair WHERE " +
                   kUpgradedPairOldRow),
            "2019-05-06|2021-06-30|2|t|f");
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.00.01.H21'"), TimesText(kT1, kT1, std::nullopt));
  EXPECT_EQ(Times("egovkpi.service_pair", kUpgradedPairOldRow), TimesText(kT1, kT1, std::nullopt));
}

TEST_F(CatalogueStoreTest, TheSameSnapshotAppliedTwiceChangesNothing) {
  Apply(BaseSnapshot(), kT1);
  const auto before = Dump();
  const CatalogueChanges again = Apply(BaseSnapshot(), kT2);
  EXPECT_EQ(again.units, (CatalogueTableChanges{}));
  EXPECT_EQ(again.procedures, (CatalogueTableChanges{}));
  EXPECT_EQ(again.service_rows, (CatalogueTableChanges{}));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair"), "4");
  // Only last_seen_at moved.
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.00.01.H21'"), TimesText(kT1, kT2, std::nullopt));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair WHERE last_seen_at <> " +
                   std::string("'2021-03-01 01:05:00+00'")),
            "0");
  Apply(BaseSnapshot(), kT1);  // the first time again: everything as after the first apply
  EXPECT_EQ(Dump(), before);
}

TEST_F(CatalogueStoreTest, ChangedRecordsAreUpdatedInPlace) {
  Apply(BaseSnapshot(), kT1);
  CatalogueSnapshot s = BaseSnapshot();
  s.units[1].name = "UBND thành phố Pleiku";
  s.procedures[0].has_fee = false;
  s.service_rows[2].valid_to = 2021y / 12 / 31;  // the portal ends a row by HieuLucDen
  s.service_rows[3].bcci_return = true;
  const CatalogueChanges changes = Apply(s, kT2);
  EXPECT_EQ(changes.units, (CatalogueTableChanges{0, 1, 0}));
  EXPECT_EQ(changes.procedures, (CatalogueTableChanges{0, 1, 0}));
  EXPECT_EQ(changes.service_rows, (CatalogueTableChanges{0, 2, 0}));
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.unit WHERE code = '000.00.31.H21'"),
            "UBND thành phố Pleiku");
  EXPECT_EQ(Scalar("SELECT valid_to FROM egovkpi.service_pair WHERE valid_from = '2021-07-01'"),
            "2021-12-31");
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.00.31.H21'"), TimesText(kT1, kT2, std::nullopt));
}

TEST_F(CatalogueStoreTest, ARecordMissingFromALaterSnapshotIsWithdrawnNotDeleted) {
  Apply(BaseSnapshot(), kT1);
  CatalogueSnapshot s = BaseSnapshot();
  s.units.pop_back();                                // the commune
  s.procedures.pop_back();                           // 2.000488
  s.service_rows.erase(s.service_rows.begin() + 1);  // the upgraded pair's old row
  const CatalogueChanges changes = Apply(s, kT2);
  EXPECT_EQ(changes.units, (CatalogueTableChanges{0, 0, 1}));
  EXPECT_EQ(changes.procedures, (CatalogueTableChanges{0, 0, 1}));
  EXPECT_EQ(changes.service_rows, (CatalogueTableChanges{0, 0, 1}));

  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.unit"), "3");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.procedure"), "2");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair"), "4");
  // Kept with its dates and level: they still govern the periods it covered.
  EXPECT_EQ(Scalar("SELECT concat_ws('|', valid_from, valid_to, level) FROM egovkpi.service_pair"
                   " WHERE " +
                   kUpgradedPairOldRow),
            "2019-05-06|2021-06-30|2");
  EXPECT_EQ(Times("egovkpi.service_pair", kUpgradedPairOldRow), TimesText(kT1, kT1, kT2));
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.01.31.H21'"), TimesText(kT1, kT1, kT2));
  EXPECT_EQ(Times("egovkpi.procedure", "code = '2.000488.000.00.00.H21'"),
            TimesText(kT1, kT1, kT2));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.unit WHERE withdrawn_at IS NOT NULL"), "1");

  // Still missing later: the first withdrawal time stays.
  const CatalogueChanges later = Apply(s, kT3);
  EXPECT_EQ(later.withdrawn(), 0);
  EXPECT_EQ(Times("egovkpi.service_pair", kUpgradedPairOldRow), TimesText(kT1, kT1, kT2));
}

TEST_F(CatalogueStoreTest, AReappearingRecordIsNoLongerWithdrawn) {
  Apply(BaseSnapshot(), kT1);
  CatalogueSnapshot s = BaseSnapshot();
  s.units.pop_back();
  s.service_rows.erase(s.service_rows.begin() + 1);
  Apply(s, kT2);

  const CatalogueChanges back = Apply(BaseSnapshot(), kT3);
  EXPECT_EQ(back.units, (CatalogueTableChanges{0, 1, 0}));
  EXPECT_EQ(back.procedures, (CatalogueTableChanges{}));
  EXPECT_EQ(back.service_rows, (CatalogueTableChanges{0, 1, 0}));
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.01.31.H21'"), TimesText(kT1, kT3, std::nullopt));
  EXPECT_EQ(Times("egovkpi.service_pair", kUpgradedPairOldRow), TimesText(kT1, kT3, std::nullopt));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair WHERE withdrawn_at IS NOT NULL"),
            "0");
}

TEST_F(CatalogueStoreTest, AnUpgradedPairIsTwoRows) {
  CatalogueSnapshot s = BaseSnapshot();
  // Before the upgrade is known: one open row at level 2.
  s.service_rows[1].valid_to.reset();
  s.service_rows.erase(s.service_rows.begin() + 2);
  Apply(s, kT1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair WHERE unit_code = '000.00.31.H21'"),
            "1");

  // The portal publishes the level-3 row and ends the level-2 one the day before.
  const CatalogueChanges changes = Apply(BaseSnapshot(), kT2);
  EXPECT_EQ(changes.service_rows, (CatalogueTableChanges{1, 1, 0}));
  EXPECT_EQ(
      Scalar("SELECT string_agg(concat(valid_from, '|', valid_to, '|', level), ', '"
             " ORDER BY valid_from) FROM egovkpi.service_pair"
             " WHERE unit_code = '000.00.31.H21' AND procedure_code = '1.001193.000.00.00.H21'"
             " AND withdrawn_at IS NULL"),
      "2019-05-06|2021-06-30|2, 2021-07-01||3");
}

TEST_F(CatalogueStoreTest, ListedButRejectedRecordsAreLeftAsStored) {
  Apply(BaseSnapshot(), kT1);
  const auto before = Dump();
  CatalogueSnapshot s = BaseSnapshot();
  s.units.pop_back();
  s.rejected_unit_codes = {"000.01.31.H21"};
  s.procedures.pop_back();
  s.rejected_procedure_codes = {"2.000488.000.00.00.H21"};
  s.service_rows.erase(s.service_rows.begin() + 1);
  s.rejected_service_row_keys = {
      ServiceRowKey{"000.00.31.H21", "1.001193.000.00.00.H21", 2019y / 5 / 6}};
  // A rejected record never stored before is not invented either.
  s.rejected_unit_codes.push_back("000.99.99.H21");
  const CatalogueChanges changes = Apply(s, kT2);
  EXPECT_EQ(changes.withdrawn(), 0);
  EXPECT_EQ(changes.inserted() + changes.updated(), 0);
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.01.31.H21'"), TimesText(kT1, kT1, std::nullopt));
  EXPECT_EQ(Times("egovkpi.service_pair", kUpgradedPairOldRow), TimesText(kT1, kT1, std::nullopt));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.unit"), "3");
}

TEST_F(CatalogueStoreTest, AKeyListedTwiceKeepsItsLastCopy) {
  CatalogueSnapshot s = BaseSnapshot();
  CatalogueUnit renamed = s.units[0];
  renamed.name = "Văn phòng UBND tỉnh";
  s.units.push_back(renamed);
  ServiceRow raised = s.service_rows[0];
  raised.level = 4;
  s.service_rows.push_back(raised);
  const CatalogueChanges changes = Apply(s, kT1);
  EXPECT_EQ(changes.units.inserted, 3);
  EXPECT_EQ(changes.service_rows.inserted, 4);
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.unit WHERE code = '000.00.01.H21'"),
            "Văn phòng UBND tỉnh");
  EXPECT_EQ(Scalar("SELECT level FROM egovkpi.service_pair WHERE unit_code = '000.00.01.H21'"),
            "4");
}

TEST_F(CatalogueStoreTest, TextIsStoredAsGivenAndAbsentTextAsNull) {
  CatalogueSnapshot s;
  s.units = {CatalogueUnit{"000.21.45.H21", "UBND xã Ia Rsươm (H'Bia)", 3, ""},
             CatalogueUnit{"000.00.90.H21", "", 1, "H21"}};
  Apply(s, kT1);
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.unit WHERE code = '000.21.45.H21'"),
            "UBND xã Ia Rsươm (H'Bia)");
  EXPECT_EQ(Scalar("SELECT parent_code FROM egovkpi.unit WHERE code = '000.21.45.H21'"), "<null>");
  EXPECT_EQ(Scalar("SELECT name FROM egovkpi.unit WHERE code = '000.00.90.H21'"), "<null>");
  // Applied again, NULL compares equal to NULL: no change.
  EXPECT_EQ(Apply(s, kT2).updated(), 0);
}

TEST_F(CatalogueStoreTest, ACompleteEmptySnapshotWithdrawsEverythingAndDeletesNothing) {
  Apply(BaseSnapshot(), kT1);
  const CatalogueChanges changes = Apply(CatalogueSnapshot{}, kT2);
  EXPECT_EQ(changes.units, (CatalogueTableChanges{0, 0, 3}));
  EXPECT_EQ(changes.procedures, (CatalogueTableChanges{0, 0, 2}));
  EXPECT_EQ(changes.service_rows, (CatalogueTableChanges{0, 0, 4}));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair WHERE withdrawn_at IS NOT NULL"),
            "4");
}

TEST_F(CatalogueStoreTest, ASnapshotLargerThanOneStatementIsAppliedWhole) {
  CatalogueSnapshot s;
  s.units = {Unit("000.00.01.H21", 1)};
  for (int p = 0; p < 2500; ++p) {
    const std::string code = "1." + std::to_string(100000 + p) + ".000.00.00.H21";
    s.procedures.push_back(Procedure(code, p % 2 == 0));
    s.service_rows.push_back(Row("000.00.01.H21", code, 2 + p % 3, 2020y / 1 / 1));
  }
  const CatalogueChanges first = Apply(s, kT1);
  EXPECT_EQ(first.procedures.inserted, 2500);
  EXPECT_EQ(first.service_rows.inserted, 2500);
  EXPECT_EQ(Apply(s, kT2).updated(), 0);

  s.service_rows.erase(s.service_rows.begin() + 1700);
  ASSERT_NE(s.service_rows[2199].level, 4);
  s.service_rows[2199].level = 4;
  const CatalogueChanges later = Apply(s, kT3);
  EXPECT_EQ(later.service_rows, (CatalogueTableChanges{0, 1, 1}));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair"), "2500");
}

TEST_F(CatalogueStoreTest, NothingIsKeptWhenTheTransactionFails) {
  Apply(BaseSnapshot(), kT1);
  const auto before = Dump();
  CatalogueSnapshot s = BaseSnapshot();
  s.units.pop_back();
  EXPECT_THROW(db_.InTransaction([&](pqxx::work& tx) {
    ApplyCatalogueSnapshot(tx, s, kT2);
    tx.exec0("SELECT 1/0");
  }),
               StorageError);
  EXPECT_EQ(Dump(), before);
}

// --- PortalPoller: fetch, then one transaction ---------------------------------------------

// The three portal listings on a FakeLgspServer, each served whole on page 1 with tong_so
// (the poller tests read with a page size of 1000). `total_bonus` adds to one listing's
// tong_so (an incomplete snapshot); `error_listing` answers one listing with an upstream
// error.
class FakePortal {
 public:
  explicit FakePortal(fakes::FakeLgspServer& lgsp) {
    for (const char* service : {"LayDanhMucDonVi", "LayDanhSachTTHC", "LayDanhSachDichVuCong"}) {
      lgsp.SetService(service, [this, name = std::string(service)](const json::object&) {
        const std::lock_guard lock(mutex_);
        if (name == error_listing_) {
          return json::object{{"error_code", 99}, {"message", "Lỗi hệ thống"}};
        }
        json::array result;
        for (const json::object& r : listings_[name]) result.push_back(r);
        const auto total =
            static_cast<std::int64_t>(result.size()) + (name == bonus_listing_ ? 1 : 0);
        json::object reply;
        reply["result"] = std::move(result);
        reply["tong_so"] = total;
        return reply;
      });
    }
  }

  void Set(const std::string& service, std::vector<json::object> records) {
    const std::lock_guard lock(mutex_);
    listings_[service] = std::move(records);
  }
  void OverstateTotalOf(std::string service) {
    const std::lock_guard lock(mutex_);
    bonus_listing_ = std::move(service);
  }
  void FailListing(std::string service) {
    const std::lock_guard lock(mutex_);
    error_listing_ = std::move(service);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<json::object>> listings_;
  std::string bonus_listing_;
  std::string error_listing_;
};

class PortalPollerTest : public CatalogueStoreTest {
 protected:
  void SetUp() override {
    CatalogueStoreTest::SetUp();
    portal_.Set("LayDanhMucDonVi", {json::object{{"MaDonVi", "000.00.31.H21"},
                                                 {"TenDonVi", "UBND thành phố Pleiku"},
                                                 {"CapDonVi", 2},
                                                 {"MaDonViCha", "H21"}},
                                    json::object{{"MaDonVi", "000.01.31.H21"},
                                                 {"TenDonVi", "UBND phường Diên Hồng"},
                                                 {"CapDonVi", "3"},
                                                 {"MaDonViCha", "000.00.31.H21"}},
                                    json::object{{"MaDonVi", "000.02.31.H21"},
                                                 {"TenDonVi", "UBND phường Hội Thương"},
                                                 {"CapDonVi", 9}}});
    portal_.Set("LayDanhSachTTHC", {json::object{{"MaTTHC", "1.001193.000.00.00.H21"},
                                                 {"TenTTHC", "Đăng ký khai sinh"}}});
    portal_.Set("LayDanhSachDichVuCong", {json::object{{"MaDonVi", "000.00.31.H21"},
                                                       {"MaTTHC", "1.001193.000.00.00.H21"},
                                                       {"MucDo", 2},
                                                       {"HieuLucTu", "20190506"},
                                                       {"HieuLucDen", "20210630"}},
                                          json::object{{"MaDonVi", "000.00.31.H21"},
                                                       {"MaTTHC", "1.001193.000.00.00.H21"},
                                                       {"MucDo", "3"},
                                                       {"TiepNhanBCCI", true},
                                                       {"HieuLucTu", "20210701"}},
                                          json::object{{"MaDonVi", "000.01.31.H21"},
                                                       {"MaTTHC", "1.001193.000.00.00.H21"},
                                                       {"MucDo", 4},
                                                       {"HieuLucTu", "20200316"}}});
  }

  std::unique_ptr<app::PortalPoller> MakePoller(std::string conninfo = {}) {
    collectors::lgsp::LgspOptions options;
    options.http.base_url = lgsp_.base_url();
    options.http.timeout = 2s;
    options.backoff =
        collectors::BackoffPolicy{.max_attempts = 2, .initial_delay = 1ms, .max_delay = 1ms};
    options.username = lgsp_.options().username;
    options.password = lgsp_.options().password;
    options.province_code = lgsp_.options().province_code;
    return std::make_unique<app::PortalPoller>(
        std::make_unique<collectors::portal::PortalCollector>(options, 1000),
        Database(conninfo.empty() ? test_db_.conninfo() : conninfo, "poller database"),
        [this] { return now_; });
  }

  fakes::FakeLgspServer lgsp_;
  FakePortal portal_{lgsp_};
  system_clock::time_point now_ = kT1;
};

TEST_F(PortalPollerTest, APollStoresTheSnapshotItsQuarantineAndTheWatermarkTogether) {
  auto poller = MakePoller();
  EXPECT_EQ(poller->source(), "portal");
  const app::PollOutcome outcome = poller->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.failure_reason << ": " << outcome.message;
  EXPECT_EQ(outcome.pages, 3);
  EXPECT_EQ(outcome.records, 2 + 1 + 3);
  EXPECT_EQ(outcome.rejected, (std::map<std::string, long long>{{"bad_code", 1}}));
  EXPECT_EQ(
      outcome.message,
      "snapshot of 2 units, 1 procedures, 3 service rows: 6 inserted, 0 updated, 0 withdrawn");

  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.service_pair"), "3");
  EXPECT_EQ(Scalar("SELECT concat_ws('|', source, reason, record_key) FROM egovkpi.quarantine"),
            "portal|bad_code|000.02.31.H21");
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark WHERE source = 'portal'"),
            collectors::FormatCompactLocalTime(floor<seconds>(kT1)));
  EXPECT_EQ(Times("egovkpi.unit", "code = '000.01.31.H21'"), TimesText(kT1, kT1, std::nullopt));

  // Polled again unchanged: nothing new, the quarantined record is kept once.
  now_ = kT2;
  const app::PollOutcome again = poller->Poll({});
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.records, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine"), "1");
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark WHERE source = 'portal'"),
            collectors::FormatCompactLocalTime(floor<seconds>(kT2)));
}

TEST_F(PortalPollerTest, AWithdrawalIsRecordedAtTheSnapshotTime) {
  auto poller = MakePoller();
  ASSERT_TRUE(poller->Poll({}).ok);
  portal_.Set("LayDanhSachDichVuCong", {json::object{{"MaDonVi", "000.00.31.H21"},
                                                     {"MaTTHC", "1.001193.000.00.00.H21"},
                                                     {"MucDo", 2},
                                                     {"HieuLucTu", "20190506"},
                                                     {"HieuLucDen", "20210630"}},
                                        json::object{{"MaDonVi", "000.00.31.H21"},
                                                     {"MaTTHC", "1.001193.000.00.00.H21"},
                                                     {"MucDo", "3"},
                                                     {"TiepNhanBCCI", true},
                                                     {"HieuLucTu", "20210701"}}});
  now_ = kT2;
  const app::PollOutcome outcome = poller->Poll({});
  ASSERT_TRUE(outcome.ok) << outcome.message;
  EXPECT_NE(outcome.message.find("1 withdrawn"), std::string::npos) << outcome.message;
  EXPECT_EQ(Times("egovkpi.service_pair", "unit_code = '000.01.31.H21'"), TimesText(kT1, kT1, kT2));
}

TEST_F(PortalPollerTest, AnIncompleteSnapshotLeavesTheTablesUnchanged) {
  auto poller = MakePoller();
  ASSERT_TRUE(poller->Poll({}).ok);
  const auto before = Dump();
  const std::string quarantined = Scalar("SELECT count(*) FROM egovkpi.quarantine");

  // The portal now lists one unit less, a changed row and a new quarantined record, but
  // its row listing claims one record more than it serves.
  portal_.Set("LayDanhMucDonVi",
              {json::object{{"MaDonVi", "000.00.31.H21"}, {"TenDonVi", "Đổi tên"}, {"CapDonVi", 2}},
               json::object{{"TenDonVi", "không mã"}, {"CapDonVi", 3}}});
  portal_.OverstateTotalOf("LayDanhSachDichVuCong");
  now_ = kT2;
  const app::PollOutcome outcome = poller->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.cancelled);
  EXPECT_EQ(outcome.failure_reason, "parse");
  EXPECT_NE(outcome.message.find("LayDanhSachDichVuCong: incomplete snapshot"), std::string::npos)
      << outcome.message;
  EXPECT_EQ(outcome.pages, 0);
  EXPECT_EQ(outcome.records, 0);
  EXPECT_TRUE(outcome.rejected.empty());

  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine"), quarantined);
  EXPECT_EQ(Scalar("SELECT watermark FROM egovkpi.source_watermark WHERE source = 'portal'"),
            collectors::FormatCompactLocalTime(floor<seconds>(kT1)));
}

TEST_F(PortalPollerTest, AFailingPageLeavesTheTablesUnchanged) {
  auto poller = MakePoller();
  ASSERT_TRUE(poller->Poll({}).ok);
  const auto before = Dump();
  portal_.Set("LayDanhMucDonVi", {});  // would withdraw every unit, had it been stored
  portal_.FailListing("LayDanhSachDichVuCong");
  now_ = kT2;
  const app::PollOutcome outcome = poller->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "upstream");
  EXPECT_EQ(Dump(), before);
}

TEST_F(PortalPollerTest, AFirstPollThatFailsStoresNothing) {
  portal_.FailListing("LayDanhSachTTHC");
  auto poller = MakePoller();
  const app::PollOutcome outcome = poller->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(Dump().empty());
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.source_watermark"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.quarantine"), "0");
}

TEST_F(PortalPollerTest, AnUnreachableDatabaseIsADatabaseFailure) {
  auto poller = MakePoller("host=127.0.0.1 port=1 dbname=nothing connect_timeout=2");
  const app::PollOutcome outcome = poller->Poll({});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failure_reason, "database");
  EXPECT_EQ(outcome.pages, 0);
}

TEST_F(PortalPollerTest, AStopBeforeThePollIsCancelledAndStoresNothing) {
  auto poller = MakePoller();
  std::stop_source stop;
  stop.request_stop();
  const app::PollOutcome outcome = poller->Poll(stop.get_token());
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_TRUE(Dump().empty());
}

}  // namespace
}  // namespace egovkpi::storage
