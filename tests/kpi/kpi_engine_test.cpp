// The KPI engine (egovkpi::kpi) against a real PostgreSQL: each test builds a small province
// with SQL in a fresh database (TestDatabase, migrations applied) and checks the numbers of
// shared/spec/kpi.md, worked out by hand in the comments. Times in the data are local
// (UTC+07:00) unless they say otherwise.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "egovkpi/kpi/kpi_engine.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "support/test_database.hpp"

namespace egovkpi::kpi {
namespace {

using egovkpi::testing::TestDatabase;
using storage::Database;
using namespace std::chrono_literals;

// "2021-03-05 10:00[:ss]" local -> the instant.
TimePoint Local(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  const auto day = std::chrono::sys_days(std::chrono::year(y) / mo / d);
  return TimePoint(day) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s) - 7h;
}

// A local time as an SQL timestamptz literal; empty -> NULL.
std::string Ts(const std::string& local) {
  return local.empty() ? std::string("NULL") : "'" + local + "+07'::timestamptz";
}
std::string Text(const std::string& text) {
  return text.empty() ? std::string("NULL") : "'" + text + "'";
}
std::string Date(const std::string& text) { return text.empty() ? "NULL" : "'" + text + "'::date"; }

struct DossierSpec {
  std::string code{};
  std::string unit = "C1";
  std::string procedure = "P1";
  int channel = 1;          // KenhThucHien
  int return_method = 0;    // HinhThuc
  int status = 2;           // TrangThaiHoSo
  std::string submitted{};  // NgayNopHoSo
  std::string received{};   // NgayTiepNhan
  std::string due{};        // NgayHenTra
  std::string finished{};   // NgayKetThucXuLy
  std::string returned{};   // NgayTra
  std::string updated{};    // NgayCapNhat; empty: the latest of the times above
  bool deleted = false;     // DaXoa
};

struct DocumentSpec {
  std::string id{};
  std::string direction = "out";
  std::string organ = "C1";
  bool state_agency = true;
  bool secret = false;
  std::string transport = "axis";
  std::string status = "done";
  bool signed_valid = true;
  std::string sent{};
  std::string received{};
  std::string updated{};  // empty: the later of sent and received
};

std::string Latest(std::initializer_list<std::string> times) {
  std::string latest;
  for (const auto& t : times) latest = std::max(latest, t);  // same format: text order
  return latest;
}

class KpiEngineTest : public ::testing::Test {
 protected:
  // After the plan year: the as-of time is the newest record's unless a test says otherwise.
  static TimePoint Now() { return Local("2022-01-10 08:00"); }

  void SetUp() override {
    storage::ApplyMigrations(db_);
    // The catalogue's units: a department, two districts with their communes.
    Exec(
        "INSERT INTO egovkpi.unit (code, name, level, parent_code) VALUES"
        " ('S1', 'Sở Tư pháp', 1, 'H21'),"
        " ('D1', 'Huyện Chư Păh', 2, 'H21'),"
        " ('C1', 'Xã Ia Ka', 3, 'D1'),"
        " ('C2', 'Xã Ia Nhin', 3, 'D1'),"
        " ('D2', 'Huyện Ia Grai', 2, 'H21'),"
        " ('C3', 'Xã Ia Dêr', 3, 'D2')");
  }

  static KpiPlan Plan(std::map<std::string, double> targets = {{"online_dossiers", 0.25}}) {
    return KpiPlan{"H21", "Gia Lai", 2021, std::move(targets)};
  }

  void Exec(const std::string& sql) {
    db_.InTransaction([&](pqxx::work& tx) { tx.exec(sql); });
  }

  // Committed data only, on a connection of its own.
  pqxx::result Query(const std::string& sql) const {
    pqxx::connection c{test_db_.conninfo()};
    pqxx::nontransaction tx{c};
    return tx.exec(sql);
  }
  std::string Scalar(const std::string& sql) const {
    const auto r = Query(sql);
    return r[0][0].is_null() ? "<null>" : r[0][0].as<std::string>();
  }

  void Dossier(const DossierSpec& d) {
    const std::string updated =
        d.updated.empty() ? Latest({d.submitted, d.received, d.due, d.finished, d.returned})
                          : d.updated;
    Exec(
        "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method,"
        " status, submitted_at, received_at, due_at, finished_at, returned_at, updated_at,"
        " deleted) VALUES ('" +
        d.code + "', '" + d.procedure + "', '" + d.unit + "', " + std::to_string(d.channel) + ", " +
        std::to_string(d.return_method) + ", " + std::to_string(d.status) + ", " + Ts(d.submitted) +
        ", " + Ts(d.received) + ", " + Ts(d.due) + ", " + Ts(d.finished) + ", " + Ts(d.returned) +
        ", " + Ts(updated) + ", " + (d.deleted ? "true" : "false") + ")");
  }

  // A postal item whose newest event has `status`, at `time`.
  void Postal(const std::string& item, const std::string& order, const std::string& type,
              int status, const std::string& time) {
    Exec(
        "INSERT INTO egovkpi.postal_item (item_code, order_number, service_type, unit_code,"
        " status, last_event_id, last_event_time, first_event_time, max_event_time) VALUES ('" +
        item + "', '" + order + "', '" + type + "', 'C1', " + std::to_string(status) + ", " +
        std::to_string(++postal_event_id_) + ", " + Ts(time) + ", " + Ts(time) + ", " + Ts(time) +
        ")");
  }

  void Document(const DocumentSpec& d) {
    const std::string updated = d.updated.empty() ? Latest({d.sent, d.received}) : d.updated;
    Exec(
        "INSERT INTO egovkpi.document (document_id, direction, organ_id,"
        " peer_is_state_agency, secret, transport, status, signed_valid, sent_at, received_at,"
        " updated_at) VALUES ('" +
        d.id + "', '" + d.direction + "', '" + d.organ + "', " +
        (d.state_agency ? "true" : "false") + ", " + (d.secret ? "true" : "false") + ", " +
        Text(d.transport) + ", " + Text(d.status) + ", " + (d.signed_valid ? "true" : "false") +
        ", " + Ts(d.sent) + ", " + Ts(d.received) + ", " + Ts(updated) + ")");
  }

  // A row of LayDanhSachDichVuCong: validity days [from, to] (to empty: open).
  void ServiceRow(const std::string& unit, const std::string& procedure, const std::string& from,
                  const std::string& to, int level, bool bcci_receive = false,
                  bool bcci_return = false, const std::string& withdrawn = "") {
    Exec(
        "INSERT INTO egovkpi.service_pair (unit_code, procedure_code, valid_from, valid_to,"
        " level, bcci_receive, bcci_return, withdrawn_at) VALUES ('" +
        unit + "', '" + procedure + "', " + Date(from) + ", " + Date(to) + ", " +
        std::to_string(level) + ", " + (bcci_receive ? "true" : "false") + ", " +
        (bcci_return ? "true" : "false") + ", " + Ts(withdrawn) + ")");
  }

  // Pins the as-of time to `local` with a record that counts in no KPI (a postal item of a
  // dossier that does not exist).
  void AsOfAt(const std::string& local) {
    Postal("ANCHOR" + std::to_string(postal_event_id_), "NO-SUCH-DOSSIER", "TRA_KET_QUA", 4, local);
  }

  KpiComputation Compute(TimePoint now = Now(), const KpiPlan& plan = Plan()) {
    KpiComputation out;
    db_.InTransaction([&](pqxx::work& tx) { out = KpiEngine(plan).Compute(tx, now); });
    return out;
  }

  // Forgets every aggregate: the next computation rebuilds them from the records.
  void ForceRebuild() {
    Exec(
        "INSERT INTO egovkpi.kpi_dirty_day (source, day) VALUES ('dossier', NULL),"
        " ('document', NULL)");
  }

  TestDatabase test_db_;
  Database db_{test_db_.conninfo(), "kpi test"};
  int postal_event_id_ = 0;
};

// "numerator/denominator" of one row; `period` is "Y", "Q1".."Q4" or "M1".."M12" of 2021.
std::string Cell(const KpiComputation& c, std::string_view kpi, std::string_view scope,
                 std::string_view unit, std::string_view period) {
  std::string kind = "year";
  unsigned first_month = 1;
  if (period[0] == 'Q') {
    kind = "quarter";
    first_month = 3 * static_cast<unsigned>(std::stoi(std::string(period.substr(1)))) - 2;
  } else if (period[0] == 'M') {
    kind = "month";
    first_month = static_cast<unsigned>(std::stoi(std::string(period.substr(1))));
  }
  const LocalDate start =
      std::chrono::sys_days(std::chrono::year(2021) / std::chrono::month(first_month) / 1);
  for (const KpiRow& r : c.rows) {
    if (r.kpi == kpi && r.scope == scope && r.unit == unit && r.period == kind &&
        r.period_start == start) {
      return std::to_string(r.numerator) + "/" + std::to_string(r.denominator);
    }
  }
  return "missing";
}

// ---------------------------------------------------------------------------------------
// The definitions.

TEST(KpiPlanTest, RejectsTargetsOfUnknownKpisAndOutOfRange) {
  EXPECT_THROW(KpiEngine({"H21", "Gia Lai", 2021, {{"online_dosiers", 0.5}}}),
               std::invalid_argument);
  EXPECT_THROW(KpiEngine({"H21", "Gia Lai", 2021, {{"online_dossiers", 1.5}}}),
               std::invalid_argument);
  EXPECT_THROW(KpiEngine({"H21", "Gia Lai", 0, {}}), std::invalid_argument);
  EXPECT_THROW(KpiEngine({"", "Gia Lai", 2021, {}}), std::invalid_argument);
  EXPECT_NO_THROW(KpiEngine({"H21", "Gia Lai", 2021, {{"signed_edocs", 1.0}}}));
}

TEST_F(KpiEngineTest, DefinitionsCarryThePlansNamesInTheEnginesOrder) {
  const auto r = Query("SELECT kpi, name FROM egovkpi.kpi_definition ORDER BY sort_order");
  ASSERT_EQ(r.size(), kKpiIds.size());
  for (std::size_t i = 0; i < kKpiIds.size(); ++i) {
    EXPECT_EQ(r[static_cast<int>(i)][0].as<std::string>(), kKpiIds[i]);
  }
  const std::vector<std::string> names = {
      "Tỷ lệ TTHC cung cấp trực tuyến mức độ 3, 4 có phát sinh hồ sơ",
      "Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4",
      std::string("Tỷ lệ TTHC đã triển khai có phát sinh hồ sơ tiếp nhận hoặc trả kết quả ") +
          "giải quyết qua dịch vụ BCCI",
      "Tỷ lệ hồ sơ TTHC được tiếp nhận qua dịch vụ BCCI",
      "Tỷ lệ kết quả giải quyết TTHC được trả qua dịch vụ BCCI",
      std::string("Tỷ lệ văn bản trao đổi giữa các cơ quan hành chính nhà nước dưới dạng ") +
          "điện tử (được ký số)",
      "Tỷ lệ văn bản, hồ sơ công việc được xử lý trên môi trường mạng",
      "Tỷ lệ hồ sơ giải quyết đúng hạn",
  };
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(r[static_cast<int>(i)][1].as<std::string>(), names[i]);
  }
}

// ---------------------------------------------------------------------------------------
// The dossier formulas.

TEST_F(KpiEngineTest, OnlineDossiersAreTheOnlineShareOfCountedDossiers) {
  // C1 in March: a online (2), b in person (4), c BCCI (10), d online (9) -> 2 online of 4.
  Dossier({.code = "a", .channel = 2, .status = 2, .received = "2021-03-02 09:00"});
  Dossier({.code = "b", .channel = 1, .status = 4, .received = "2021-03-03 09:00"});
  Dossier({.code = "c",
           .channel = 3,
           .status = 10,
           .received = "2021-03-04 09:00",
           .returned = "2021-03-20 09:00"});
  Dossier({.code = "d", .channel = 2, .status = 9, .received = "2021-03-05 09:00"});
  // C2 in February: one online. D1 (the district unit itself) in January: one in person.
  Dossier({.code = "e", .unit = "C2", .channel = 2, .status = 5, .received = "2021-02-10 09:00"});
  Dossier({.code = "f", .unit = "D1", .channel = 1, .status = 6, .received = "2021-01-31 23:30"});
  const auto c = Compute();

  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "2/4");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M2"), "0/0");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "Q1"), "2/4");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "Y"), "2/4");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C2", "M2"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "D1", "M1"), "0/1");
  // District D1 = D1 + C1 + C2: (0 + 2 + 1) / (1 + 4 + 1).
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "D1", "Y"), "3/6");
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "D2", "Y"), "0/0");
  // Levels: communes C1 + C2 = 3/5, districts D1 = 0/1, departments none.
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "xa", "Y"), "3/5");
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "huyen", "Y"), "0/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "tinh", "Y"), "0/0");
  EXPECT_EQ(Cell(c, "online_dossiers", "province", "H21", "Y"), "3/6");
  EXPECT_EQ(Cell(c, "online_dossiers", "province", "H21", "Q1"), "3/6");
  // bcci_received shares the denominator: only c (channel 3) -> 1/4 at C1.
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "1/4");
  // Every unit of the catalogue has its rows, also with nothing to count.
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "S1", "Y"), "0/0");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C3", "M1"), "0/0");
}

TEST_F(KpiEngineTest, StatusOneAndThreeNeverCount) {
  // Status 1 (submitted online, not received) and 3 (refused) are not in D; 7 (withdrawn by
  // the applicant) and 8 (stopped) are. Online: the status 7 one -> 1/2.
  Dossier({.code = "new", .channel = 2, .status = 1, .submitted = "2021-03-01 09:00"});
  Dossier({.code = "refused",
           .channel = 2,
           .status = 3,
           .submitted = "2021-03-01 10:00",
           .received = "2021-03-01 11:00"});
  Dossier({.code = "withdrawn", .channel = 2, .status = 7, .received = "2021-03-02 09:00"});
  Dossier({.code = "stopped", .channel = 1, .status = 8, .received = "2021-03-03 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "1/2");
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "0/2");
}

TEST_F(KpiEngineTest, DeletedDossiersDoNotCountButTheirTimeIsAsOfData) {
  // Deleted: an online one in D, a BCCI-returned result, an on-time finished one. Left: one
  // in-person dossier in D.
  Dossier(
      {.code = "x1", .channel = 2, .status = 2, .received = "2021-03-02 09:00", .deleted = true});
  Dossier({.code = "x2",
           .return_method = 1,
           .status = 10,
           .received = "2021-03-02 09:00",
           .due = "2021-03-10 17:00",
           .finished = "2021-03-05 09:00",
           .returned = "2021-03-06 09:00",
           .deleted = true});
  Dossier({.code = "x3",
           .status = 9,
           .received = "2021-03-02 09:00",
           .due = "2021-03-10 17:00",
           .finished = "2021-03-04 09:00",
           .updated = "2021-03-25 08:00",
           .deleted = true});
  Dossier({.code = "kept", .status = 2, .received = "2021-03-03 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "0/1");
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "M3"), "0/0");
  EXPECT_EQ(Cell(c, "on_time_dossiers", "agency", "C1", "M3"), "0/0");
  // The newest record time is the deleted x3's NgayCapNhat.
  EXPECT_EQ(c.as_of, Local("2021-03-25 08:00"));
}

TEST_F(KpiEngineTest, LocalTimeDecidesTheYearAndTheMonth) {
  // 23:30 on 31/12/2020 local is 16:30 UTC: 2020, not counted. 00:30 on 1/1/2021 local is
  // 17:30 UTC on 31/12/2020: January 2021. Likewise at the month and quarter boundaries.
  Dossier({.code = "y2020", .channel = 2, .received = "2020-12-31 23:30"});
  Dossier({.code = "jan-first", .channel = 2, .received = "2021-01-01 00:30"});
  Dossier({.code = "jan-last", .channel = 2, .received = "2021-01-31 23:30"});
  Dossier({.code = "feb-first", .channel = 2, .received = "2021-02-01 00:10"});
  Dossier({.code = "mar-last", .channel = 2, .received = "2021-03-31 23:59:59"});
  Dossier({.code = "apr-first", .channel = 2, .received = "2021-04-01 00:00:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M1"), "2/2");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M2"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "Q1"), "4/4");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M4"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "Q2"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "Y"), "5/5");
  // The as-of time is apr-first's 00:00 on 1 April: April (starting then) is reported, May
  // is not.
  EXPECT_EQ(c.as_of, Local("2021-04-01 00:00"));
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M5"), "missing");
}

TEST_F(KpiEngineTest, ReceptionTimeIsNgayTiepNhanElseNgayNopHoSo) {
  // Not yet received but in processing: placed by NgayNopHoSo (February). Received in March
  // after a February submission: placed by NgayTiepNhan (March).
  Dossier({.code = "a", .channel = 2, .status = 4, .submitted = "2021-02-10 09:00"});
  Dossier({.code = "b",
           .channel = 1,
           .status = 4,
           .submitted = "2021-02-27 09:00",
           .received = "2021-03-01 08:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M2"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "0/1");
}

TEST_F(KpiEngineTest, BcciReceivedIsChannelThreeOrAPostalReceiptOfAnInPersonDossier) {
  // C1 in March, all in processing:
  //   a channel 3                                   -> via BCCI
  //   b channel 1 with a live NHAN_HO_SO item       -> via BCCI
  //   c channel 1 with a cancelled NHAN_HO_SO item  -> no
  //   d channel 1 with a TRA_KET_QUA item only      -> no (that carries the result)
  //   e channel 1, no postal item                   -> no
  // -> 2/5.
  Dossier({.code = "a", .channel = 3, .status = 4, .received = "2021-03-02 09:00"});
  Dossier({.code = "b", .channel = 1, .status = 4, .received = "2021-03-03 09:00"});
  Dossier({.code = "c", .channel = 1, .status = 4, .received = "2021-03-04 09:00"});
  Dossier({.code = "d", .channel = 1, .status = 4, .received = "2021-03-05 09:00"});
  Dossier({.code = "e", .channel = 1, .status = 4, .received = "2021-03-06 09:00"});
  Postal("EB1", "b", "NHAN_HO_SO", 4, "2021-03-02 15:00");
  Postal("EB2", "c", "NHAN_HO_SO", 7, "2021-03-03 15:00");
  Postal("EB3", "d", "TRA_KET_QUA", 4, "2021-03-06 15:00");
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "2/5");
  EXPECT_EQ(Cell(c, "bcci_received", "province", "H21", "Y"), "2/5");
}

TEST_F(KpiEngineTest, OnlineDossierWithAPostalReceiptIsOnlineNotBcci) {
  // KenhThucHien 2 wins over a live NHAN_HO_SO item (a data-quality finding, not BCCI).
  Dossier({.code = "a", .channel = 2, .status = 4, .received = "2021-03-02 09:00"});
  Postal("EB1", "a", "NHAN_HO_SO", 4, "2021-03-01 15:00");
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "1/1");
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "0/1");
}

TEST_F(KpiEngineTest, CancelledPostalItemsDoNotCountAndTheNewestStateDecides) {
  // An in-person dossier returned in March; both its items' newest event is 7 (cancelled).
  Dossier({.code = "a",
           .channel = 1,
           .status = 10,
           .received = "2021-03-02 09:00",
           .returned = "2021-03-12 09:00"});
  Postal("EB1", "a", "NHAN_HO_SO", 7, "2021-03-01 15:00");
  Postal("EB2", "a", "TRA_KET_QUA", 7, "2021-03-12 15:00");
  auto c = Compute();
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "0/1");
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "M3"), "0/1");

  // A newer event of the receipt item (delivered after all) makes it live; the return item
  // stays cancelled.
  Exec(
      "UPDATE egovkpi.postal_item SET status = 4, last_event_id = 100,"
      " last_event_time = '2021-03-13 10:00+07', max_event_time = '2021-03-13 10:00+07'"
      " WHERE item_code = 'EB1'");
  c = Compute();
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "1/1");
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "M3"), "0/1");

  // And cancelled again: not counted any more.
  Exec("UPDATE egovkpi.postal_item SET status = 7, last_event_id = 101 WHERE item_code = 'EB1'");
  c = Compute();
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M3"), "0/1");
}

TEST_F(KpiEngineTest, BcciReturnedIsHinhThucOneOrALiveReturnItemByNgayTra) {
  // All received 15 January; results handed over (status 10) in February:
  //   a HinhThuc 1                          -> via BCCI
  //   b HinhThuc 0, live TRA_KET_QUA item   -> via BCCI
  //   c HinhThuc 0, cancelled TRA_KET_QUA   -> no
  //   d HinhThuc 0, no item                 -> no
  // Not results returned: e (status 9 with an NgayTra), f (deleted). -> February 2/4.
  const std::string jan = "2021-01-15 09:00";
  Dossier({.code = "a",
           .return_method = 1,
           .status = 10,
           .received = jan,
           .returned = "2021-02-01 09:00"});
  Dossier({.code = "b", .status = 10, .received = jan, .returned = "2021-02-02 09:00"});
  Dossier({.code = "c", .status = 10, .received = jan, .returned = "2021-02-03 09:00"});
  Dossier({.code = "d", .status = 10, .received = jan, .returned = "2021-02-04 09:00"});
  Dossier({.code = "e",
           .return_method = 1,
           .status = 9,
           .received = jan,
           .returned = "2021-02-05 09:00"});
  Dossier({.code = "f",
           .return_method = 1,
           .status = 10,
           .received = jan,
           .returned = "2021-02-06 09:00",
           .deleted = true});
  Postal("EB1", "b", "TRA_KET_QUA", 4, "2021-02-03 09:00");
  Postal("EB2", "c", "TRA_KET_QUA", 7, "2021-02-04 09:00");
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "M1"), "0/0");
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "M2"), "2/4");
  EXPECT_EQ(Cell(c, "bcci_returned", "agency", "C1", "Q1"), "2/4");
  // Receiving via BCCI is another matter: none of a..e (f is deleted) came by post.
  EXPECT_EQ(Cell(c, "bcci_received", "agency", "C1", "M1"), "0/5");
}

TEST_F(KpiEngineTest, OnTimeDossiersByNgayKetThucXuLyAgainstNgayHenTra) {
  //   a status 10, finished 9/3 before due 10/3           -> on time (March)
  //   b status 9, finished exactly at the due time         -> on time (<=)
  //   c status 9, finished 8/3 after due 5/3               -> late
  //   d status 9, no NgayHenTra                            -> not counted
  //   e status 8 (stopped) with dates                      -> not counted
  //   g status 10, finished 1/4 before due 5/4             -> on time (April)
  // March 2/3, April 1/1, Q1 2/3, year 3/4.
  Dossier({.code = "a",
           .status = 10,
           .received = "2021-03-01 09:00",
           .due = "2021-03-10 17:00",
           .finished = "2021-03-09 09:00",
           .returned = "2021-03-09 10:00"});
  Dossier({.code = "b",
           .status = 9,
           .received = "2021-03-01 09:00",
           .due = "2021-03-10 10:00",
           .finished = "2021-03-10 10:00"});
  Dossier({.code = "c",
           .status = 9,
           .received = "2021-03-01 09:00",
           .due = "2021-03-05 17:00",
           .finished = "2021-03-08 09:00"});
  Dossier(
      {.code = "d", .status = 9, .received = "2021-03-01 09:00", .finished = "2021-03-08 09:00"});
  Dossier({.code = "e",
           .status = 8,
           .received = "2021-03-01 09:00",
           .due = "2021-03-10 17:00",
           .finished = "2021-03-08 09:00"});
  Dossier({.code = "g",
           .status = 10,
           .received = "2021-03-20 09:00",
           .due = "2021-04-05 17:00",
           .finished = "2021-04-01 09:00",
           .returned = "2021-04-02 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "on_time_dossiers", "agency", "C1", "M3"), "2/3");
  EXPECT_EQ(Cell(c, "on_time_dossiers", "agency", "C1", "M4"), "1/1");
  EXPECT_EQ(Cell(c, "on_time_dossiers", "agency", "C1", "Q1"), "2/3");
  EXPECT_EQ(Cell(c, "on_time_dossiers", "agency", "C1", "Y"), "3/4");
}

// ---------------------------------------------------------------------------------------
// The document formulas.

TEST_F(KpiEngineTest, SignedEdocsAreSentElectronicallyWithAValidSignature) {
  // Sent by C1 in March to state agencies, not secret:
  //   a axis, signed -> yes; b lgsp, signed -> yes; c email, signed -> no; d axis, unsigned
  //   -> no. Not counted: e secret, f to a non-state peer, g received (Direction in).
  // -> 2/4.
  const std::string t = "2021-03-05 09:00";
  Document({.id = "a", .transport = "axis", .sent = t});
  Document({.id = "b", .transport = "lgsp", .sent = t});
  Document({.id = "c", .transport = "email", .sent = t});
  Document({.id = "d", .transport = "axis", .signed_valid = false, .sent = t});
  Document({.id = "e", .secret = true, .transport = "axis", .sent = t});
  Document({.id = "f", .state_agency = false, .transport = "axis", .sent = t});
  Document({.id = "g", .direction = "in", .transport = "axis", .received = t});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "signed_edocs", "agency", "C1", "M3"), "2/4");
  EXPECT_EQ(Cell(c, "signed_edocs", "district", "D1", "M3"), "2/4");
  EXPECT_EQ(Cell(c, "signed_edocs", "level", "xa", "Y"), "2/4");
}

TEST_F(KpiEngineTest, EdocsProcessedOnlineAreReceivedDocumentsPastTheInbox) {
  // Received by C1 in March, not secret, Status not fail:
  //   a inbox -> no; b acceptance, c rejection, d processing, e done -> yes; h no Status -> no.
  // Not counted: f fail, g secret, s sent (Direction out). -> 4/6.
  const std::string t = "2021-03-05 09:00";
  Document({.id = "a", .direction = "in", .status = "inbox", .received = t});
  Document({.id = "b", .direction = "in", .status = "acceptance", .received = t});
  Document({.id = "c", .direction = "in", .status = "rejection", .received = t});
  Document({.id = "d", .direction = "in", .status = "processing", .received = t});
  Document({.id = "e", .direction = "in", .status = "done", .received = t});
  Document({.id = "h", .direction = "in", .status = "", .received = t});
  Document({.id = "f", .direction = "in", .status = "fail", .received = t});
  Document({.id = "g", .direction = "in", .secret = true, .status = "done", .received = t});
  Document({.id = "s", .direction = "out", .status = "done", .sent = t});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "edocs_processed_online", "agency", "C1", "M3"), "4/6");
  EXPECT_EQ(Cell(c, "edocs_processed_online", "province", "H21", "Y"), "4/6");
}

// ---------------------------------------------------------------------------------------
// The service-pair formulas.

TEST_F(KpiEngineTest, OnlineServicesUsedAreOfferedPairsWithAnOnlineDossier) {
  // Pairs valid all year: C1/P1 level 3, C1/P2 level 4, C1/P3 level 2 (not online),
  // S1/P1 level 3.
  ServiceRow("C1", "P1", "2020-01-01", "", 3);
  ServiceRow("C1", "P2", "2020-01-01", "", 4);
  ServiceRow("C1", "P3", "2020-01-01", "", 2);
  ServiceRow("S1", "P1", "2020-01-01", "", 3);
  // March: two online dossiers of C1/P1 (one pair, used once), an in-person one of C1/P2
  // (not used online), an online one of C1/P3 (not offered online), an online one of C2/P1
  // (C2 offers nothing) and an online one of C1/P1 with status 1 (not in D).
  Dossier({.code = "a", .procedure = "P1", .channel = 2, .received = "2021-03-02 09:00"});
  Dossier({.code = "b", .procedure = "P1", .channel = 2, .received = "2021-03-03 09:00"});
  Dossier({.code = "c", .procedure = "P2", .channel = 1, .received = "2021-03-04 09:00"});
  Dossier({.code = "d", .procedure = "P3", .channel = 2, .received = "2021-03-05 09:00"});
  Dossier(
      {.code = "e", .unit = "C2", .procedure = "P1", .channel = 2, .received = "2021-03-06 09:00"});
  Dossier(
      {.code = "f", .procedure = "P2", .channel = 2, .status = 1, .submitted = "2021-03-07 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M1"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M3"), "1/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q1"), "1/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Y"), "1/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C2", "Y"), "0/0");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "S1", "Y"), "0/1");
  EXPECT_EQ(Cell(c, "online_services_used", "district", "D1", "Y"), "1/2");
  EXPECT_EQ(Cell(c, "online_services_used", "level", "tinh", "Y"), "0/1");
  EXPECT_EQ(Cell(c, "online_services_used", "province", "H21", "Y"), "1/3");
}

TEST_F(KpiEngineTest, BcciServicesUsedCountReceiptsAndReturnsInTheirOwnPeriods) {
  // Pairs of C1 offering BCCI: P1 (receipt), P2 (return), P4 (both); P3 offers none.
  ServiceRow("C1", "P1", "2020-01-01", "", 3, true, false);
  ServiceRow("C1", "P2", "2020-01-01", "", 3, false, true);
  ServiceRow("C1", "P3", "2020-01-01", "", 3, false, false);
  ServiceRow("C1", "P4", "2020-01-01", "", 2, true, true);
  // P1: received via BCCI (channel 3) on 10 January -> used in January.
  // P2: received in person on 20 January, result returned via BCCI on 3 February -> used in
  //     February only.
  // P3: received via BCCI, but P3 offers no BCCI -> not a pair of this KPI.
  // P4: in person, no postal item -> not used.
  Dossier(
      {.code = "a", .procedure = "P1", .channel = 3, .status = 4, .received = "2021-01-10 09:00"});
  Dossier({.code = "b",
           .procedure = "P2",
           .return_method = 1,
           .status = 10,
           .received = "2021-01-20 09:00",
           .returned = "2021-02-03 09:00"});
  Dossier(
      {.code = "c", .procedure = "P3", .channel = 3, .status = 4, .received = "2021-01-11 09:00"});
  Dossier({.code = "d", .procedure = "P4", .status = 4, .received = "2021-01-12 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "bcci_services_used", "agency", "C1", "M1"), "1/3");
  EXPECT_EQ(Cell(c, "bcci_services_used", "agency", "C1", "M2"), "1/3");
  EXPECT_EQ(Cell(c, "bcci_services_used", "agency", "C1", "Q1"), "2/3");
  EXPECT_EQ(Cell(c, "bcci_services_used", "agency", "C1", "Y"), "2/3");
  // P1, P2, P3 are level 3: offered online, none used online.
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Y"), "0/3");
}

TEST_F(KpiEngineTest, UpgradedPairIsOfferedOnlineFromItsUpgradeOnly) {
  // C1/P1: level 2 until 30 June, level 3 from 1 July. Online dossiers in February and
  // August; the year runs to its end.
  ServiceRow("C1", "P1", "2021-01-01", "2021-06-30", 2);
  ServiceRow("C1", "P1", "2021-07-01", "", 3);
  Dossier({.code = "feb", .channel = 2, .received = "2021-02-10 09:00"});
  Dossier({.code = "aug", .channel = 2, .received = "2021-08-05 09:00"});
  AsOfAt("2021-12-31 23:00");
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q1"), "0/0");  // not offered
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M6"), "0/0");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M7"), "0/1");  // offered, unused
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M8"), "1/1");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q3"), "1/1");
  // The year: offered (from July), and used in the year (February and August).
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Y"), "1/1");
}

TEST_F(KpiEngineTest, WithdrawnPairsKeepTheirValidityDates) {
  // P1 ended on 31 March and was then withdrawn from the catalogue; P2 was withdrawn in May
  // without an end date: only the dates decide, so P2 is offered all year.
  ServiceRow("C1", "P1", "2021-01-01", "2021-03-31", 3, false, false, "2021-04-02 08:00");
  ServiceRow("C1", "P2", "2021-01-01", "", 3, false, false, "2021-05-01 08:00");
  AsOfAt("2021-12-31 23:00");
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M3"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M4"), "0/1");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q1"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q2"), "0/1");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Y"), "0/2");
}

TEST_F(KpiEngineTest, ValidityCountsOnlyUpToTheAsOfTime) {
  // As of 15 September 12:00:
  //   P1 valid from 20 September -> not offered yet in any reported period;
  //   P2 valid from 15 September -> offered from its 00:00, before the as-of time;
  //   P3 valid until 14 September -> offered in September, Q3 and the year.
  ServiceRow("C1", "P1", "2021-09-20", "", 3);
  ServiceRow("C1", "P2", "2021-09-15", "", 3);
  ServiceRow("C1", "P3", "2021-01-01", "2021-09-14", 3);
  AsOfAt("2021-09-15 12:00");
  const auto c = Compute();
  EXPECT_EQ(c.as_of, Local("2021-09-15 12:00"));
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M8"), "0/1");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M9"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Q3"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "Y"), "0/2");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M10"), "missing");
}

// ---------------------------------------------------------------------------------------
// Scopes.

TEST_F(KpiEngineTest, RecordsOfUnitsOutsideTheCatalogueCountInTheProvinceOnly) {
  // ZZ is no unit of the catalogue: its online dossier (of a level-3 pair), its signed
  // document and its pair count for the province and nowhere else.
  ServiceRow("ZZ", "P1", "2020-01-01", "", 3);
  Dossier({.code = "z",
           .unit = "ZZ",
           .channel = 2,
           .received = "2021-03-02 09:00",
           .updated = "2021-03-20 10:00"});
  Document({.id = "zd", .organ = "ZZ", .sent = "2021-03-03 09:00"});
  const auto c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "province", "H21", "Y"), "1/1");
  EXPECT_EQ(Cell(c, "signed_edocs", "province", "H21", "M3"), "1/1");
  EXPECT_EQ(Cell(c, "online_services_used", "province", "H21", "Y"), "1/1");
  for (const char* level : {"tinh", "huyen", "xa"}) {
    EXPECT_EQ(Cell(c, "online_dossiers", "level", level, "Y"), "0/0") << level;
  }
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "D1", "Y"), "0/0");
  for (const KpiRow& r : c.rows) EXPECT_NE(r.unit, "ZZ");
  // Its record is still data: its NgayCapNhat is the newest, so it is the as-of time.
  EXPECT_EQ(c.as_of, Local("2021-03-20 10:00"));
}

TEST_F(KpiEngineTest, DistrictIsItsUnitAndItsCommunesLevelsFollowCapDonVi) {
  // C4 is a commune under the department S1 (no district); a unit without CapDonVi is in no
  // level but still an agency.
  Exec(
      "INSERT INTO egovkpi.unit (code, name, level, parent_code) VALUES"
      " ('C4', 'Xã lẻ', 3, 'S1'), ('U0', 'Không rõ cấp', NULL, 'D1')");
  for (const char* unit : {"S1", "D1", "C1", "C2", "D2", "C3", "C4", "U0"}) {
    Dossier({.code = std::string("d-") + unit,
             .unit = unit,
             .channel = 2,
             .received = "2021-03-02 09:00"});
  }
  const auto c = Compute();
  // D1: D1, C1, C2 and U0 (its parent is D1) = 4. D2: D2, C3 = 2.
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "D1", "Y"), "4/4");
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "D2", "Y"), "2/2");
  EXPECT_EQ(Cell(c, "online_dossiers", "district", "S1", "Y"), "missing");  // not a district
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "tinh", "Y"), "1/1");       // S1
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "huyen", "Y"), "2/2");      // D1, D2
  EXPECT_EQ(Cell(c, "online_dossiers", "level", "xa", "Y"), "4/4");         // C1..C4
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "U0", "Y"), "1/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "province", "H21", "Y"), "8/8");
  // Scope units: province, 3 levels, 2 districts, 8 agencies = 14; periods: year, Q1 and
  // January to March (as of 2 March) = 5; 8 KPIs.
  EXPECT_EQ(c.rows.size(), 14u * 5u * 8u);
}

// ---------------------------------------------------------------------------------------
// Periods and the as-of time.

TEST_F(KpiEngineTest, PeriodsStartingAfterTheAsOfTimeAreNotReported) {
  // As of 10 May: the year, Q1, Q2 and January..May; the current ones are the year, Q2, May.
  AsOfAt("2021-05-10 12:00");
  const auto c = Compute();
  // 12 scope units (province, 3 levels, D1, D2, 6 agencies) x 8 KPIs x 8 periods.
  EXPECT_EQ(c.rows.size(), 12u * 8u * 8u);
  std::set<std::string> periods;
  std::set<std::string> current;
  for (const KpiRow& r : c.rows) {
    const std::chrono::year_month_day start(r.period_start);
    const std::string key =
        r.period + " " + std::to_string(static_cast<unsigned>(start.month()));  // start month
    periods.insert(key);
    if (r.current) current.insert(key);
  }
  EXPECT_THAT(periods,
              ::testing::UnorderedElementsAre("year 1", "quarter 1", "quarter 4", "month 1",
                                              "month 2", "month 3", "month 4", "month 5"));
  EXPECT_THAT(current, ::testing::UnorderedElementsAre("year 1", "quarter 4", "month 5"));
}

TEST_F(KpiEngineTest, AsOfTimeIsTheEarliestOfNowYearEndAndNewestRecord) {
  // No records: min(now, end of the plan year).
  EXPECT_EQ(Compute(Local("2021-07-01 10:00")).as_of, Local("2021-07-01 10:00"));
  EXPECT_EQ(Compute(Local("2022-03-01 10:00")).as_of, Local("2022-01-01 00:00"));

  // The newest of every source: a dossier's NgayCapNhat 1/5, a document's UpdatedAt 2/5, a
  // postal item whose newest event (highest Id) is of 2/5 but whose events reach 3/5.
  Dossier({.code = "a", .status = 1, .submitted = "2021-05-01 08:00"});
  Document({.id = "doc", .direction = "in", .received = "2021-05-02 08:00"});
  Exec(
      "INSERT INTO egovkpi.postal_item (item_code, order_number, service_type, status,"
      " last_event_id, last_event_time, first_event_time, max_event_time) VALUES ('EB1', 'x',"
      " 'NHAN_HO_SO', 4, 9, '2021-05-02 09:00+07', '2021-05-01 09:00+07',"
      " '2021-05-03 09:00+07')");
  EXPECT_EQ(Compute().as_of, Local("2021-05-03 09:00"));
  // `now` before that: now.
  EXPECT_EQ(Compute(Local("2021-05-02 12:00")).as_of, Local("2021-05-02 12:00"));
  // A record of the next year: the end of the plan year.
  Dossier({.code = "b", .status = 2, .received = "2022-02-01 08:00"});
  EXPECT_EQ(Compute().as_of, Local("2022-01-01 00:00"));
}

TEST_F(KpiEngineTest, TimesAfterTheAsOfTimeDoNotCount) {
  // Now is 10:00 on 10 May: received at 09:59:59 and at 10:00:00 count, at 10:00:01 not
  // (its record time is later than now, so now is the as-of time).
  Dossier({.code = "a", .channel = 2, .received = "2021-05-10 09:59:59"});
  Dossier({.code = "b", .channel = 2, .received = "2021-05-10 10:00:00"});
  Dossier({.code = "c", .channel = 2, .received = "2021-05-10 10:00:01"});
  Document({.id = "d", .sent = "2021-05-10 10:00:01"});
  const auto c = Compute(Local("2021-05-10 10:00"));
  EXPECT_EQ(c.as_of, Local("2021-05-10 10:00"));
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M5"), "2/2");
  EXPECT_EQ(Cell(c, "signed_edocs", "agency", "C1", "M5"), "0/0");
  // A later computation with the clock past them counts them all.
  const auto later = Compute(Local("2021-05-10 11:00"));
  EXPECT_EQ(Cell(later, "online_dossiers", "agency", "C1", "M5"), "3/3");
  EXPECT_EQ(Cell(later, "signed_edocs", "agency", "C1", "M5"), "1/1");
}

// ---------------------------------------------------------------------------------------
// What users see: the views, the history, the targets.

TEST_F(KpiEngineTest, ViewsHaveTheColumnsTheSpecNames) {
  Compute();
  const auto columns = [&](const std::string& view) {
    std::vector<std::string> out;
    for (const auto& r : Query("SELECT column_name || ' ' || data_type FROM"
                               " information_schema.columns WHERE table_schema = 'egovkpi'"
                               " AND table_name = '" +
                               view + "' ORDER BY ordinal_position")) {
      out.push_back(r[0].as<std::string>());
    }
    return out;
  };
  const std::vector<std::string> latest = {"kpi text",
                                           "kpi_name text",
                                           "scope text",
                                           "unit text",
                                           "unit_name text",
                                           "period text",
                                           "period_start date",
                                           "period_end date",
                                           "numerator bigint",
                                           "denominator bigint",
                                           "ratio double precision",
                                           "target double precision",
                                           "met boolean",
                                           "as_of timestamp with time zone",
                                           "computed_at timestamp with time zone"};
  EXPECT_EQ(columns("kpi_latest"), latest);
  auto history = latest;
  history.push_back("snapshot_date date");
  EXPECT_EQ(columns("kpi_history"), history);
}

TEST_F(KpiEngineTest, UnitNamesAreTheProvinceTheLevelOrTheUnit) {
  Compute();
  const auto name = [&](const std::string& scope, const std::string& unit) {
    return Scalar("SELECT DISTINCT unit_name FROM egovkpi.kpi_latest WHERE scope = '" + scope +
                  "' AND unit = '" + unit + "'");
  };
  EXPECT_EQ(name("province", "H21"), "Gia Lai");
  EXPECT_EQ(name("level", "tinh"), "Cấp tỉnh");
  EXPECT_EQ(name("level", "huyen"), "Cấp huyện");
  EXPECT_EQ(name("level", "xa"), "Cấp xã");
  EXPECT_EQ(name("district", "D1"), "Huyện Chư Păh");
  EXPECT_EQ(name("agency", "C3"), "Xã Ia Dêr");
  EXPECT_EQ(Scalar("SELECT DISTINCT kpi_name FROM egovkpi.kpi_latest"
                   " WHERE kpi = 'bcci_received'"),
            "Tỷ lệ hồ sơ TTHC được tiếp nhận qua dịch vụ BCCI");
}

TEST_F(KpiEngineTest, RatioAndMetAreNullWithoutADenominatorOrATarget) {
  // online_dossiers (target 0.25): C1 1 online of 5 (a..d and g) -> 0.2, missed; C2 0 of 2
  // -> missed; C3 nothing -> no ratio, no verdict. on_time_dossiers (g, on time) has no
  // target: no verdict.
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  for (const char* code : {"b", "c", "d"}) {
    Dossier({.code = code, .received = "2021-03-02 10:00"});
  }
  Dossier({.code = "e", .unit = "C2", .received = "2021-03-02 10:00"});
  Dossier({.code = "f", .unit = "C2", .received = "2021-03-02 11:00"});
  Dossier({.code = "g",
           .status = 9,
           .received = "2021-03-02 11:00",
           .due = "2021-03-05 10:00",
           .finished = "2021-03-04 10:00"});
  Compute();
  const auto row = [&](const std::string& kpi, const std::string& unit) {
    const auto r = Query(
        "SELECT numerator, denominator, coalesce(ratio::text, 'null'),"
        " coalesce(target::text, 'null'), coalesce(met::text, 'null')"
        " FROM egovkpi.kpi_latest WHERE kpi = '" +
        kpi + "' AND scope = 'agency' AND unit = '" + unit + "' AND period = 'year'");
    return r[0][0].as<std::string>() + "/" + r[0][1].as<std::string>() + " " +
           r[0][2].as<std::string>() + " " + r[0][3].as<std::string>() + " " +
           r[0][4].as<std::string>();
  };
  EXPECT_EQ(row("online_dossiers", "C1"), "1/5 0.2 0.25 false");
  EXPECT_EQ(row("online_dossiers", "C2"), "0/2 0 0.25 false");
  EXPECT_EQ(row("online_dossiers", "C3"), "0/0 null 0.25 null");
  EXPECT_EQ(row("on_time_dossiers", "C1"), "1/1 1 null null");
}

TEST_F(KpiEngineTest, TargetIsMetWhenTheRatioReachesIt) {
  // 1 online of 4 in D with target 0.25: exactly the target, met.
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  for (const char* code : {"b", "c", "d"}) Dossier({.code = code, .received = "2021-03-02 10:00"});
  Compute();
  EXPECT_EQ(Scalar("SELECT ratio::text || ' ' || met::text FROM egovkpi.kpi_latest"
                   " WHERE kpi = 'online_dossiers' AND scope = 'agency' AND unit = 'C1'"
                   " AND period = 'month' AND period_start = '2021-03-01'"),
            "0.25 true");
}

TEST_F(KpiEngineTest, HistoryKeepsTheLastComputationOfEachLocalDay) {
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  // Two computations on 10 January (local): one row set, the second one's.
  Compute(Local("2022-01-10 08:00"));
  Dossier({.code = "b", .received = "2021-03-03 09:00"});
  Compute(Local("2022-01-10 20:00"));
  EXPECT_EQ(Scalar("SELECT count(DISTINCT snapshot_date) FROM egovkpi.kpi_history"), "1");
  const std::string march_c1 =
      " WHERE kpi = 'online_dossiers' AND scope = 'agency' AND unit = 'C1' AND period = 'month'"
      " AND period_start = '2021-03-01'";
  EXPECT_EQ(Scalar("SELECT numerator || '/' || denominator || ' ' || snapshot_date"
                   " FROM egovkpi.kpi_history" +
                   march_c1),
            "1/2 2022-01-10");
  EXPECT_EQ(Scalar("SELECT computed_at = '2022-01-10 20:00+07' FROM egovkpi.kpi_latest" + march_c1),
            "t");

  // 00:30 on 11 January local is still 10 January in UTC: a new local day, a second set.
  Dossier({.code = "c", .channel = 2, .received = "2021-03-04 09:00"});
  const auto c = Compute(Local("2022-01-11 00:30"));
  EXPECT_EQ(c.snapshot_date, std::chrono::sys_days(std::chrono::year(2022) / 1 / 11));
  EXPECT_EQ(Scalar("SELECT string_agg(snapshot_date || ' ' || numerator || '/' || denominator,"
                   " ', ' ORDER BY snapshot_date) FROM egovkpi.kpi_history" +
                   march_c1),
            "2022-01-10 1/2, 2022-01-11 2/3");
  EXPECT_EQ(Scalar("SELECT numerator || '/' || denominator FROM egovkpi.kpi_latest" + march_c1),
            "2/3");
  // Every row of each day is there: kpi_history holds two full row sets.
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.kpi_history"), std::to_string(2 * c.rows.size()));
  EXPECT_EQ(Scalar("SELECT count(*) FROM egovkpi.kpi_latest"), std::to_string(c.rows.size()));
}

TEST_F(KpiEngineTest, HistoryKeepsTheTargetThatApplied) {
  // 1 online of 3: 0.33 meets 0.25 (first day's target) but not 0.5 (the second day's).
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  Dossier({.code = "b", .received = "2021-03-02 10:00"});
  Dossier({.code = "c", .received = "2021-03-02 11:00"});
  Compute(Local("2022-01-10 08:00"), Plan({{"online_dossiers", 0.25}}));
  Compute(Local("2022-01-11 08:00"), Plan({{"online_dossiers", 0.5}, {"on_time_dossiers", 0.9}}));
  EXPECT_EQ(Scalar("SELECT string_agg(snapshot_date || ' ' || target || ' ' || met, ', '"
                   " ORDER BY snapshot_date) FROM egovkpi.kpi_history WHERE kpi ="
                   " 'online_dossiers' AND scope = 'province' AND period = 'year'"),
            "2022-01-10 0.25 true, 2022-01-11 0.5 false");
  EXPECT_EQ(Scalar("SELECT string_agg(snapshot_date || ' ' || coalesce(target::text, 'none'),"
                   " ', ' ORDER BY snapshot_date) FROM egovkpi.kpi_history WHERE kpi ="
                   " 'on_time_dossiers' AND scope = 'province' AND period = 'year'"),
            "2022-01-10 none, 2022-01-11 0.9");
}

TEST_F(KpiEngineTest, ReaderReadsTheViewsAndWriterComputes) {
  Exec("CREATE ROLE kpi_test_reader_" + test_db_.name() +
       " LOGIN IN ROLE egovkpi_reader;"
       "CREATE ROLE kpi_test_writer_" +
       test_db_.name() + " LOGIN IN ROLE egovkpi_writer");
  const auto as = [&](const std::string& role) {
    std::string conninfo = test_db_.conninfo() + " user=" + role;
    return conninfo;
  };
  // The daemon's role stores records (the change-log triggers run as it) and computes.
  {
    Database writer(as("kpi_test_writer_" + test_db_.name()), "writer");
    writer.InTransaction([&](pqxx::work& tx) {
      tx.exec0(
          "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel,"
          " return_method, status, received_at, updated_at) VALUES ('w', 'P1', 'C1', 2, 0,"
          " 2, '2021-03-02 09:00+07', '2021-03-02 09:00+07')");
    });
    KpiComputation c;
    writer.InTransaction([&](pqxx::work& tx) { c = KpiEngine(Plan()).Compute(tx, Now()); });
    EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "1/1");
  }
  // Analysts read the views, and cannot write the results.
  pqxx::connection reader(as("kpi_test_reader_" + test_db_.name()));
  {
    pqxx::work tx(reader);
    // online_dossiers of agency C1, district D1, level xa and the province, each for March,
    // Q1 and the year.
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM egovkpi.kpi_latest WHERE numerator > 0")[0].as<int>(),
              12);
  }
  {
    pqxx::work tx(reader);
    EXPECT_GT(tx.exec1("SELECT count(*) FROM egovkpi.kpi_history")[0].as<int>(), 0);
  }
  {
    pqxx::work tx(reader);
    EXPECT_THROW(tx.exec("DELETE FROM egovkpi.kpi_result"), pqxx::insufficient_privilege);
  }
  Exec("DROP OWNED BY kpi_test_reader_" + test_db_.name() + ", kpi_test_writer_" + test_db_.name() +
       "; DROP ROLE kpi_test_reader_" + test_db_.name() + "; DROP ROLE kpi_test_writer_" +
       test_db_.name());
}

// ---------------------------------------------------------------------------------------
// The aggregates: kept up to date by the change log, equal to a rebuild from the records.

TEST_F(KpiEngineTest, LaterChangesAreCountedWithoutRebuilding) {
  ServiceRow("C1", "P1", "2020-01-01", "", 3);
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  auto c = Compute();
  EXPECT_EQ(c.refreshed_days, -1);  // the first computation builds everything
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "1/1");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M3"), "1/1");

  // The dossier moves to C2 in April and becomes in person: March loses it, April has it.
  Exec(
      "UPDATE egovkpi.dossier SET unit_code = 'C2', channel = 1,"
      " received_at = '2021-04-05 09:00+07', updated_at = '2021-04-05 09:00+07'");
  c = Compute();
  EXPECT_EQ(c.refreshed_days, 2);  // 2 March and 5 April
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C1", "M3"), "0/0");
  EXPECT_EQ(Cell(c, "online_services_used", "agency", "C1", "M3"), "0/1");
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C2", "M4"), "0/1");

  // Deleted at the source: gone.
  Exec("UPDATE egovkpi.dossier SET deleted = true, updated_at = '2021-04-06 09:00+07'");
  c = Compute();
  EXPECT_EQ(Cell(c, "online_dossiers", "agency", "C2", "M4"), "0/0");

  // Nothing new: nothing re-aggregated.
  EXPECT_EQ(Compute().refreshed_days, 0);
}

TEST_F(KpiEngineTest, IncrementalAggregatesEqualARebuildFromTheRecords) {
  ServiceRow("C1", "P1", "2021-01-01", "2021-06-30", 2, true, false);
  ServiceRow("C1", "P1", "2021-07-01", "", 3, true, true);
  ServiceRow("C2", "P2", "2020-01-01", "", 4, false, true);
  // A spread of dossiers, documents and postal items over the year.
  for (int i = 0; i < 60; ++i) {
    const int month = 1 + i % 12;
    const int day = 1 + (i * 7) % 28;
    char received[32], finished[32], due[32];
    std::snprintf(received, sizeof received, "2021-%02d-%02d %02d:15", month, day, i % 24);
    std::snprintf(finished, sizeof finished, "2021-%02d-%02d 10:00", month, std::min(28, day + 3));
    std::snprintf(due, sizeof due, "2021-%02d-%02d 10:00", month, std::min(28, day + 2 + i % 3));
    Dossier({.code = "d" + std::to_string(i),
             .unit = i % 3 == 0 ? "C2" : "C1",
             .procedure = i % 3 == 0 ? "P2" : "P1",
             .channel = 1 + i % 3,
             .return_method = i % 4 == 0 ? 1 : 0,
             .status = i % 5 == 0 ? 9 : 10,
             .received = received,
             .due = due,
             .finished = finished,
             .returned = i % 5 == 0 ? "" : finished});
    Document({.id = "doc" + std::to_string(i),
              .direction = i % 2 ? "in" : "out",
              .organ = i % 4 ? "C1" : "S1",
              .transport = i % 3 ? "axis" : "email",
              .status = i % 5 ? "done" : "inbox",
              .sent = i % 2 ? "" : received,
              .received = i % 2 ? received : ""});
    if (i % 4 == 1)
      Postal("EB" + std::to_string(i), "d" + std::to_string(i), "NHAN_HO_SO", 4, finished);
  }
  Compute();
  // Changes of every kind, each followed by a computation.
  const std::vector<std::string> changes = {
      std::string("UPDATE egovkpi.dossier SET received_at = received_at + interval '40 days',") +
          " updated_at = updated_at + interval '40 days' WHERE code IN ('d1', 'd2', 'd13')",
      "UPDATE egovkpi.dossier SET unit_code = 'C3' WHERE code IN ('d4', 'd5')",
      "UPDATE egovkpi.dossier SET procedure_code = 'P2' WHERE code = 'd7'",
      "UPDATE egovkpi.dossier SET status = 3 WHERE code = 'd8'",
      "UPDATE egovkpi.dossier SET deleted = true WHERE code = 'd10'",
      "UPDATE egovkpi.postal_item SET status = 7 WHERE item_code IN ('EB1', 'EB5')",
      "UPDATE egovkpi.postal_item SET order_number = 'd14' WHERE item_code = 'EB9'",
      "DELETE FROM egovkpi.postal_item WHERE item_code = 'EB13'",
      "DELETE FROM egovkpi.dossier WHERE code = 'd20'",
      "UPDATE egovkpi.document SET sent_at = sent_at - interval '20 days' WHERE organ_id = 'S1'",
      "UPDATE egovkpi.document SET status = 'fail' WHERE document_id IN ('doc3', 'doc7')",
      "DELETE FROM egovkpi.document WHERE document_id = 'doc11'",
      std::string("UPDATE egovkpi.dossier SET returned_at = returned_at + interval '1 month',") +
          " finished_at = finished_at + interval '1 month' WHERE code IN ('d21', 'd22')",
  };
  for (const auto& change : changes) {
    Exec(change);
    const auto incremental = Compute();
    ForceRebuild();
    const auto rebuilt = Compute();
    ASSERT_EQ(rebuilt.refreshed_days, -1);
    ASSERT_EQ(incremental.rows.size(), rebuilt.rows.size()) << change;
    for (std::size_t i = 0; i < rebuilt.rows.size(); ++i) {
      const KpiRow& a = incremental.rows[i];
      const KpiRow& b = rebuilt.rows[i];
      ASSERT_EQ(
          std::tie(a.kpi, a.scope, a.unit, a.period, a.period_start, a.numerator, a.denominator),
          std::tie(b.kpi, b.scope, b.unit, b.period, b.period_start, b.numerator, b.denominator))
          << "after: " << change;
    }
  }
  // A TRUNCATE of a source table rebuilds everything.
  Exec("TRUNCATE egovkpi.postal_item");
  EXPECT_EQ(Compute().refreshed_days, -1);
}

TEST_F(KpiEngineTest, RecordsWrittenDuringAComputationAreCountedByTheNext) {
  Dossier({.code = "a", .channel = 2, .received = "2021-03-02 09:00"});
  // A computation holds its transaction open; meanwhile a writer stores a dossier. The
  // writer waits for the computation to commit (it must not slip between the aggregation
  // and the emptying of the change log), and the next computation counts it.
  pqxx::connection computing{test_db_.conninfo()};
  auto tx = std::make_unique<pqxx::work>(computing);
  const auto first = KpiEngine(Plan()).Compute(*tx, Now());
  EXPECT_EQ(Cell(first, "online_dossiers", "agency", "C1", "M3"), "1/1");
  std::atomic<bool> written{false};
  std::thread writer([&] {
    Dossier({.code = "b", .channel = 2, .received = "2021-03-03 09:00"});
    written = true;
  });
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(written) << "a writer went past a running computation";
  tx->commit();
  tx.reset();
  writer.join();
  EXPECT_TRUE(written);
  EXPECT_EQ(Cell(Compute(), "online_dossiers", "agency", "C1", "M3"), "2/2");
}

}  // namespace
}  // namespace egovkpi::kpi
