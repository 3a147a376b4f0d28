// The data-quality findings (view egovkpi.data_quality_finding, migration 006) and
// CountDataQualityFindings against a real PostgreSQL: each test gets a fresh database
// (TestDatabase) with the migrations applied and a hand-built dataset written in SQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "egovkpi/storage/data_quality_store.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "support/test_database.hpp"

namespace egovkpi::storage {
namespace {

using egovkpi::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// libpq does not raise SIGPIPE on Linux, but a daemon ignores it anyway; so do the tests.
const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

// The catalogue every dataset starts from: two known units (one since withdrawn, still
// known), their service pairs (one withdrawn long ago: a pair row whatever its dates).
constexpr const char* kCatalogue = R"sql(
INSERT INTO egovkpi.unit (code, name, level, parent_code) VALUES
  ('U1', 'UBND phường Tây Sơn', 3, 'U0'),
  ('U2', 'UBND xã Chư Á', 3, 'U0');
UPDATE egovkpi.unit SET withdrawn_at = '2021-02-01T00:00:00Z' WHERE code = 'U2';
INSERT INTO egovkpi.service_pair (unit_code, procedure_code, valid_from, valid_to, level,
                                  withdrawn_at) VALUES
  ('U1', 'P1', '2020-01-01', NULL, 4, NULL),
  ('U2', 'P1', '2020-01-01', NULL, 3, NULL),
  ('U1', 'P3', '2019-01-01', '2019-12-31', 2, '2020-01-05T00:00:00Z');
)sql";

// One finding as the view lists it; times as epoch seconds.
using Finding = std::tuple<std::string, std::string, std::string, std::string, std::int64_t>;

class DataQualityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApplyMigrations(db_);
    Exec(kCatalogue);
  }

  void Exec(const std::string& sql) {
    db_.InTransaction([&](pqxx::work& tx) { tx.exec(sql); });
  }

  // Inserts a dossier whose columns are all given, in Dossier()'s column order.
  void InsertDossier(const std::string& code, const std::string& unit, const std::string& proc,
                     int channel, int return_method, int status, const std::string& submitted,
                     const std::string& received, const std::string& finished,
                     const std::string& returned, bool deleted = false) {
    auto ts = [](const std::string& t) {
      return t.empty() ? std::string("NULL") : "'" + t + "'::timestamptz";
    };
    Exec(
        "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method,"
        " status, submitted_at, received_at, finished_at, returned_at, updated_at, deleted)"
        " VALUES ('" +
        code + "', '" + proc + "', '" + unit + "', " + std::to_string(channel) + ", " +
        std::to_string(return_method) + ", " + std::to_string(status) + ", " + ts(submitted) +
        ", " + ts(received) + ", " + ts(finished) + ", " + ts(returned) +
        ", '2021-03-10T00:00:00Z', " + (deleted ? "true" : "false") + ")");
  }

  // A dossier with the usual in-order dates.
  void InsertDossier(const std::string& code, const std::string& unit, const std::string& proc,
                     int channel, int return_method, int status, bool deleted = false) {
    InsertDossier(code, unit, proc, channel, return_method, status, "2021-03-01T01:00:00Z",
                  "2021-03-01T02:00:00Z", status >= 9 ? "2021-03-05T02:00:00Z" : "",
                  status == 10 ? "2021-03-06T02:00:00Z" : "", deleted);
  }

  void InsertPostalItem(const std::string& item, const std::string& order, const std::string& type,
                        int status, const std::string& unit = "U1") {
    Exec(
        "INSERT INTO egovkpi.postal_item (item_code, order_number, service_type, unit_code,"
        " status, last_event_id, last_event_time, first_event_time, max_event_time) VALUES ('" +
        item + "', '" + order + "', '" + type + "', " +
        (unit.empty() ? std::string("NULL") : "'" + unit + "'") + ", " + std::to_string(status) +
        ", 1, '2021-03-07T00:00:00Z', '2021-03-02T00:00:00Z', '2021-03-07T00:00:00Z')");
  }

  void InsertDocument(const std::string& id, const std::string& direction,
                      const std::string& organ) {
    Exec(
        "INSERT INTO egovkpi.document (document_id, direction, organ_id, sent_at, received_at,"
        " updated_at) VALUES ('" +
        id + "', '" + direction + "', '" + organ +
        "', '2021-03-03T00:00:00Z', '2021-03-04T00:00:00Z', '2021-03-09T00:00:00Z')");
  }

  // The view's rows, sorted by check and key.
  std::vector<Finding> Findings() {
    std::vector<Finding> out;
    db_.InTransaction([&](pqxx::work& tx) {
      for (const auto& r : tx.exec(
               R"(SELECT check_id, source, record_key, coalesce(unit_code, '<null>'),
                         extract(epoch FROM found_time)::bigint
                  FROM egovkpi.data_quality_finding ORDER BY 1, 2, 3)")) {
        out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                         r[3].as<std::string>(), r[4].as<std::int64_t>());
      }
    });
    return out;
  }

  std::string Detail(const std::string& check) {
    std::string detail;
    db_.InTransaction([&](pqxx::work& tx) {
      detail = tx.exec1(R"(SELECT detail FROM egovkpi.data_quality_finding WHERE check_id = )" +
                        tx.quote(check))[0]
                   .as<std::string>();
    });
    return detail;
  }

  std::map<std::string, std::int64_t> Counts() {
    std::map<std::string, std::int64_t> counts;
    db_.InTransaction([&](pqxx::work& tx) { counts = CountDataQualityFindings(tx); });
    return counts;
  }

  TestDatabase test_db_;
  Database db_{test_db_.conninfo(), "test database"};
};

constexpr std::int64_t kReceived = 1614564000;     // 2021-03-01T02:00:00Z
constexpr std::int64_t kReturned = 1614996000;     // 2021-03-06T02:00:00Z
constexpr std::int64_t kFirstEvent = 1614643200;   // 2021-03-02T00:00:00Z
constexpr std::int64_t kSent = 1614729600;         // 2021-03-03T00:00:00Z
constexpr std::int64_t kDocReceived = 1614816000;  // 2021-03-04T00:00:00Z

// Exactly one case of each check, beside clean records that look like them but are not.
TEST_F(DataQualityTest, ListsExactlyOneFindingPerCheckAndNoCleanRecord) {
  // Clean: in person, a live postal receipt (fine: not online), returned in person.
  InsertDossier("CLEAN-INPERSON", "U1", "P1", 1, 0, 10);
  InsertPostalItem("IT-CLEAN-RECEIPT", "CLEAN-INPERSON", "NHAN_HO_SO", 5);
  // Clean: online with only a cancelled receipt item; BCCI return with a live return item.
  InsertDossier("CLEAN-ONLINE", "U1", "P1", 2, 1, 10);
  InsertPostalItem("IT-CANCELLED-RECEIPT", "CLEAN-ONLINE", "NHAN_HO_SO", 7);
  InsertPostalItem("IT-CLEAN-RETURN", "CLEAN-ONLINE", "TRA_KET_QUA", 5);
  // Clean: BCCI return chosen but the result is not returned yet (no item expected).
  InsertDossier("CLEAN-PROCESSING", "U1", "P1", 1, 1, 4);
  // Clean: HinhThuc 0 with a cancelled return item.
  InsertDossier("CLEAN-CANCELLED-RETURN", "U1", "P1", 1, 0, 10);
  InsertPostalItem("IT-CANCELLED-RETURN", "CLEAN-CANCELLED-RETURN", "TRA_KET_QUA", 7);
  // Clean: a withdrawn unit is still known; a pair withdrawn long ago is still a pair.
  InsertDossier("CLEAN-WITHDRAWN", "U2", "P1", 1, 0, 10);
  InsertDossier("CLEAN-OLD-PAIR", "U1", "P3", 1, 0, 10);
  // Clean: equal times are in order; missing times compare with nothing; reception falls
  // back to NgayNopHoSo.
  InsertDossier("CLEAN-EQUAL-DATES", "U1", "P1", 1, 0, 10, "2021-03-01T02:00:00Z",
                "2021-03-01T02:00:00Z", "2021-03-01T02:00:00Z", "2021-03-01T02:00:00Z");
  InsertDossier("CLEAN-NO-RECEIVED", "U1", "P1", 1, 0, 10, "2021-03-01T02:00:00Z", "",
                "2021-03-02T02:00:00Z", "");
  // Clean: a deleted dossier with every fault (unknown unit, no pair, dates, online +
  // receipt, BCCI without item).
  InsertDossier("CLEAN-DELETED", "UX", "P9", 2, 1, 10, "2021-03-02T00:00:00Z",
                "2021-03-01T00:00:00Z", "2021-02-01T00:00:00Z", "2021-01-01T00:00:00Z", true);
  InsertPostalItem("IT-DELETED-RECEIPT", "CLEAN-DELETED", "NHAN_HO_SO", 5);
  // Clean: a live return item whose dossier is not stored (yet); an item with no UnitCode.
  InsertPostalItem("IT-ORPHAN-RETURN", "NOT-STORED", "TRA_KET_QUA", 5, "");
  // Clean: documents of a known unit.
  InsertDocument("DOC-CLEAN", "out", "U1");
  InsertDocument("DOC-CLEAN", "in", "U2");

  // The six findings.
  InsertDocument("DOC-UNKNOWN", "in", "UX");             // unknown_unit
  InsertDossier("ONLINE-POSTAL", "U1", "P1", 2, 0, 10);  // online + receipt
  InsertPostalItem("IT-ONLINE-RECEIPT", "ONLINE-POSTAL", "NHAN_HO_SO", 5);
  InsertDossier("BCCI-NO-ITEM", "U1", "P1", 1, 1, 10);  // only a cancelled item
  InsertPostalItem("IT-BCCI-CANCELLED", "BCCI-NO-ITEM", "TRA_KET_QUA", 7);
  InsertDossier("ITEM-NO-FLAG", "U1", "P1", 1, 0, 10);  // HinhThuc 0 + item
  InsertPostalItem("IT-RETURN-NO-FLAG", "ITEM-NO-FLAG", "TRA_KET_QUA", 5);
  InsertDossier("NO-PAIR", "U2", "P2", 1, 0, 10);                       // U2 never offered P2
  InsertDossier("DATES", "U1", "P1", 1, 0, 10, "2021-03-01T01:00:00Z",  // finished < received
                "2021-03-01T02:00:00Z", "2021-03-01T01:30:00Z", "2021-03-06T02:00:00Z");

  EXPECT_THAT(
      Findings(),
      ElementsAre(
          Finding{"bcci_return_without_postal_item", "onegate", "BCCI-NO-ITEM", "U1", kReturned},
          Finding{"dates_out_of_order", "onegate", "DATES", "U1", kReceived},
          Finding{"no_service_pair", "onegate", "NO-PAIR", "U2", kReceived},
          Finding{"online_with_postal_receipt", "onegate", "ONLINE-POSTAL", "U1", kReceived},
          Finding{"postal_return_without_bcci_flag", "postal", "IT-RETURN-NO-FLAG", "U1",
                  kFirstEvent},
          Finding{"unknown_unit", "edoc", "DOC-UNKNOWN", "UX", kDocReceived}));

  const std::map<std::string, std::int64_t> one_each{{"unknown_unit", 1},
                                                     {"online_with_postal_receipt", 1},
                                                     {"bcci_return_without_postal_item", 1},
                                                     {"postal_return_without_bcci_flag", 1},
                                                     {"no_service_pair", 1},
                                                     {"dates_out_of_order", 1}};
  EXPECT_EQ(Counts(), one_each);

  EXPECT_THAT(Detail("online_with_postal_receipt"), ::testing::HasSubstr("IT-ONLINE-RECEIPT"));
  EXPECT_THAT(Detail("postal_return_without_bcci_flag"), ::testing::HasSubstr("ITEM-NO-FLAG"));
  EXPECT_THAT(Detail("no_service_pair"), ::testing::HasSubstr("P2"));
  EXPECT_THAT(Detail("dates_out_of_order"),
              ::testing::EndsWith("dates out of order: NgayKetThucXuLy < NgayTiepNhan"));
}

TEST_F(DataQualityTest, FindsUnknownUnitsOfEverySource) {
  // A dossier of an unknown unit also has no service pair there (each check stands alone).
  InsertDossier("D-UNKNOWN", "UX", "P1", 1, 0, 4);
  InsertDossier("D-KNOWN", "U1", "P1", 1, 0, 4);
  InsertPostalItem("IT-UNKNOWN", "D-KNOWN", "NHAN_HO_SO", 5, "UY");
  InsertDocument("DOC-OUT", "out", "UZ");

  EXPECT_THAT(Findings(),
              ElementsAre(Finding{"no_service_pair", "onegate", "D-UNKNOWN", "UX", kReceived},
                          Finding{"unknown_unit", "edoc", "DOC-OUT", "UZ", kSent},
                          Finding{"unknown_unit", "onegate", "D-UNKNOWN", "UX", kReceived},
                          Finding{"unknown_unit", "postal", "IT-UNKNOWN", "UY", kFirstEvent}));
  EXPECT_EQ(Counts().at("unknown_unit"), 3);
}

TEST_F(DataQualityTest, ReportsEveryPairOfDatesOutOfOrderInOneFinding) {
  InsertDossier("DATES", "U1", "P1", 1, 0, 10, "2021-03-02T00:00:00Z", "2021-03-01T02:00:00Z",
                "2021-03-01T01:00:00Z", "2021-03-01T00:00:00Z");
  EXPECT_THAT(Findings(),
              ElementsAre(Finding{"dates_out_of_order", "onegate", "DATES", "U1", kReceived}));
  EXPECT_THAT(Detail("dates_out_of_order"),
              ::testing::EndsWith("NgayTiepNhan < NgayNopHoSo, NgayKetThucXuLy < NgayTiepNhan,"
                                  " NgayTra < NgayKetThucXuLy"));
}

TEST_F(DataQualityTest, CountsEveryCheckAsZeroWhenThereIsNoFinding) {
  InsertDossier("CLEAN", "U1", "P1", 1, 0, 10);
  EXPECT_THAT(Findings(), IsEmpty());
  std::map<std::string, std::int64_t> zeros;
  for (const auto check : kDataQualityChecks) zeros.emplace(std::string(check), 0);
  EXPECT_EQ(Counts(), zeros);
}

TEST_F(DataQualityTest, ReaderRoleReadsTheViewAndItsCounts) {
  InsertDossier("NO-PAIR", "U2", "P2", 1, 0, 10);
  pqxx::connection c{test_db_.conninfo()};
  pqxx::work tx{c};
  tx.exec0("SET LOCAL ROLE egovkpi_reader");
  EXPECT_EQ(tx.exec1(R"(SELECT count(*) FROM egovkpi.data_quality_finding
                        WHERE check_id = 'no_service_pair')")[0]
                .as<int>(),
            1);
  const auto counts = CountDataQualityFindings(tx);
  EXPECT_EQ(counts.at("no_service_pair"), 1);
}

}  // namespace
}  // namespace egovkpi::storage
