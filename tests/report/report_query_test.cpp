// The report's query part (LoadReport) and the whole command (RunReportCommand) against a
// real PostgreSQL: a tiny province built with SQL, the real KPI engine computes
// egovkpi.kpi_latest, and the report must show its rows for the periods, scopes and units
// asked for. Times in the data are local (UTC+07:00).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "egovkpi/kpi/kpi_engine.hpp"
#include "egovkpi/report/report_command.hpp"
#include "egovkpi/report/report_query.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "support/test_database.hpp"

namespace egovkpi::report {
namespace {

using namespace std::chrono_literals;
using egovkpi::testing::TestDatabase;

LocalDate Day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) /
                               std::chrono::day(d));
}

// "key=value key='value'" -> map (the test server's values hold no spaces or escapes).
std::map<std::string, std::string> ParseConninfo(const std::string& conninfo) {
  std::map<std::string, std::string> result;
  std::istringstream in(conninfo);
  for (std::string pair; in >> pair;) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    std::string value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
      value = value.substr(1, value.size() - 2);
    }
    result[pair.substr(0, eq)] = value;
  }
  return result;
}

class ReportQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::ApplyMigrations(db_);
    Exec(
        "INSERT INTO egovkpi.unit (code, name, level, parent_code) VALUES"
        " ('S1', 'Sở Tư pháp', 1, 'H21'),"
        " ('D1', 'Huyện Chư Păh', 2, 'H21'),"
        " ('C1', 'Xã Ia Ka', 3, 'D1'),"
        " ('D2', 'Huyện Ia Grai', 2, 'H21')");
    // Received dossiers (status 2): S1 one online in February, one on paper in September;
    // C1 (in D1) two online in September and one on paper in February.
    Dossier("H1", "S1", 2, "2021-02-10 09:00");
    Dossier("H2", "S1", 1, "2021-09-14 09:00");
    Dossier("H3", "C1", 2, "2021-09-01 08:00");
    Dossier("H4", "C1", 2, "2021-09-15 10:30");  // the newest record: the as-of time
    Dossier("H5", "C1", 1, "2021-02-20 15:00");
  }

  void Exec(const std::string& sql) {
    db_.InTransaction([&](pqxx::work& tx) { tx.exec(sql); });
  }

  void Dossier(const std::string& code, const std::string& unit, int channel,
               const std::string& received) {
    const std::string at = "'" + received + "+07'::timestamptz";
    Exec(
        "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method,"
        " status, submitted_at, received_at, updated_at, deleted) VALUES ('" +
        code + "', 'P1', '" + unit + "', " + std::to_string(channel) + ", 0, 2, " + at + ", " +
        at + ", " + at + ", false)");
  }

  void Compute() {
    const kpi::KpiEngine engine(kpi::KpiPlan{
        "H21", "Gia Lai", 2021, {{"online_dossiers", 0.5}, {"on_time_dossiers", 0.9}}});
    // Later than every record: the as-of time is the newest record's.
    const auto now = kpi::TimePoint(Day(2021, 9, 20)) + 1h;
    db_.InTransaction([&](pqxx::work& tx) { engine.Compute(tx, now); });
  }

  ReportData Load(const ReportQuery& query) {
    ReportData data;
    db_.InTransaction([&](pqxx::work& tx) { data = LoadReport(tx, query); });
    return data;
  }

  static const ReportRow& Find(const ReportData& data, const std::string& kpi,
                               const std::string& unit) {
    for (const auto& row : data.rows) {
      if (row.kpi == kpi && row.unit == unit) return row;
    }
    ADD_FAILURE() << "no row " << kpi << " " << unit;
    static const ReportRow kNone;
    return kNone;
  }

  // A configuration file whose [database] is the test database.
  std::string WriteConfig() {
    auto c = ParseConninfo(test_db_.conninfo());
    const auto path = std::filesystem::temp_directory_path() /
                      ("egovkpi_report_test_" + std::to_string(::getpid()) + ".toml");
    std::ofstream out(path);
    out << "[province]\ncode = \"H21\"\nname = \"Gia Lai\"\n\n[database]\nhost = \""
        << c["host"] << "\"\nport = " << c["port"] << "\ndbname = \"" << c["dbname"]
        << "\"\nuser = \"" << c["user"] << "\"\nsslmode = \"disable\"\n";
    config_path_ = path.string();
    return config_path_;
  }

  int Run(std::vector<std::string_view> args, std::string& out, std::string& err) {
    std::ostringstream o;
    std::ostringstream e;
    const int status = RunReportCommand(args, "/nonexistent/egovkpi.toml", o, e);
    out = o.str();
    err = e.str();
    return status;
  }

  void TearDown() override {
    if (!config_path_.empty()) std::filesystem::remove(config_path_);
  }

  TestDatabase test_db_;
  storage::Database db_{test_db_.conninfo(), "test"};
  std::string config_path_;
};

TEST_F(ReportQueryTest, NothingComputedBeforeTheFirstComputation) {
  EXPECT_EQ(Load({}).status, ReportStatus::kNothingComputed);
}

TEST_F(ReportQueryTest, YearToDateForTheProvinceByDefault) {
  Compute();
  const auto data = Load({});
  ASSERT_EQ(data.status, ReportStatus::kOk);
  EXPECT_EQ(data.period_start, Day(2021, 1, 1));
  ASSERT_EQ(data.rows.size(), kpi::kKpiIds.size());
  for (std::size_t i = 0; i < data.rows.size(); ++i) {
    EXPECT_EQ(data.rows[i].kpi, kpi::kKpiIds[i]) << "the plan's order";
    EXPECT_EQ(data.rows[i].scope, "province");
    EXPECT_EQ(data.rows[i].unit, "H21");
    EXPECT_EQ(data.rows[i].unit_name, "Gia Lai");
    EXPECT_EQ(data.rows[i].period, "year");
    EXPECT_EQ(data.rows[i].period_end, Day(2022, 1, 1));
    EXPECT_EQ(data.rows[i].as_of, kpi::TimePoint(Day(2021, 9, 15)) + 3h + 30min);
  }
  const auto& online = Find(data, "online_dossiers", "H21");
  EXPECT_EQ(online.numerator, 3);
  EXPECT_EQ(online.denominator, 5);
  ASSERT_TRUE(online.ratio.has_value());
  EXPECT_DOUBLE_EQ(*online.ratio, 0.6);
  EXPECT_EQ(online.target, 0.5);
  EXPECT_EQ(online.met, true);
  // No dossier finished: no denominator, so neither a ratio nor a verdict.
  const auto& on_time = Find(data, "on_time_dossiers", "H21");
  EXPECT_EQ(on_time.denominator, 0);
  EXPECT_FALSE(on_time.ratio.has_value());
  EXPECT_EQ(on_time.target, 0.9);
  EXPECT_FALSE(on_time.met.has_value());
  // No target configured.
  EXPECT_FALSE(Find(data, "signed_edocs", "H21").target.has_value());
}

TEST_F(ReportQueryTest, MonthDefaultsToTheLatestReportedAndStartPicksAnother) {
  Compute();
  const auto latest = Load({.period = "month"});
  ASSERT_EQ(latest.status, ReportStatus::kOk);
  EXPECT_EQ(latest.period_start, Day(2021, 9, 1));
  const auto& september = Find(latest, "online_dossiers", "H21");
  EXPECT_EQ(september.period_end, Day(2021, 10, 1));
  EXPECT_EQ(september.numerator, 2);
  EXPECT_EQ(september.denominator, 3);

  const auto february = Load({.period = "month", .start = Day(2021, 2, 1)});
  ASSERT_EQ(february.status, ReportStatus::kOk);
  const auto& row = Find(february, "online_dossiers", "H21");
  EXPECT_EQ(row.numerator, 1);
  EXPECT_EQ(row.denominator, 2);
  EXPECT_EQ(row.met, true);

  const auto q3 = Load({.period = "quarter"});
  EXPECT_EQ(q3.period_start, Day(2021, 7, 1));

  // Not a month's start, and a month after the as-of time: not reported.
  EXPECT_EQ(Load({.period = "month", .start = Day(2021, 2, 2)}).status,
            ReportStatus::kNoSuchPeriod);
  EXPECT_EQ(Load({.period = "month", .start = Day(2021, 10, 1)}).status,
            ReportStatus::kNoSuchPeriod);
}

TEST_F(ReportQueryTest, ScopeWithAllItsUnitsOrOne) {
  Compute();
  const auto districts = Load({.scope = "district"});
  ASSERT_EQ(districts.status, ReportStatus::kOk);
  ASSERT_EQ(districts.rows.size(), 2 * kpi::kKpiIds.size());
  EXPECT_EQ(districts.rows.front().unit, "D1");
  EXPECT_EQ(districts.rows.back().unit, "D2");
  // D1 holds its commune C1: 2 of 3 online.
  const auto& d1 = Find(districts, "online_dossiers", "D1");
  EXPECT_EQ(d1.unit_name, "Huyện Chư Păh");
  EXPECT_EQ(d1.numerator, 2);
  EXPECT_EQ(d1.denominator, 3);
  EXPECT_EQ(Find(districts, "online_dossiers", "D2").denominator, 0);

  const auto levels = Load({.scope = "level"});
  ASSERT_EQ(levels.rows.size(), 3 * kpi::kKpiIds.size());
  EXPECT_EQ(levels.rows[0].unit, "tinh");
  EXPECT_EQ(levels.rows[0].unit_name, "Cấp tỉnh");
  EXPECT_EQ(levels.rows[kpi::kKpiIds.size()].unit, "huyen");
  EXPECT_EQ(levels.rows.back().unit, "xa");

  const auto agency = Load({.period = "month", .scope = "agency", .unit = "S1"});
  ASSERT_EQ(agency.status, ReportStatus::kOk);
  ASSERT_EQ(agency.rows.size(), kpi::kKpiIds.size());
  const auto& s1 = Find(agency, "online_dossiers", "S1");
  EXPECT_EQ(s1.unit_name, "Sở Tư pháp");
  EXPECT_EQ(s1.numerator, 0);
  EXPECT_EQ(s1.denominator, 1);
  EXPECT_EQ(s1.met, false);

  EXPECT_EQ(Load({.scope = "agency", .unit = "NOPE"}).status, ReportStatus::kNoSuchUnit);
}

TEST_F(ReportQueryTest, CommandPrintsTheTableCsvAndJson) {
  Compute();
  const std::string config = WriteConfig();
  std::string out;
  std::string err;
  ASSERT_EQ(Run({"--config", config}, out, err), 0) << err;
  EXPECT_EQ(out.rfind("Báo cáo chỉ tiêu chính quyền điện tử — Năm 2021 (đến 15/09/2021) — "
                      "Toàn tỉnh Gia Lai\n",
                      0),
            0u)
      << out;
  EXPECT_NE(out.find("60,0%     50,0%  Đạt"), std::string::npos) << out;

  ASSERT_EQ(Run({"--config", config, "--period", "month", "--start", "2021-02-01", "--scope",
                 "agency", "--unit", "C1", "--format", "csv"},
                out, err),
            0)
      << err;
  EXPECT_EQ(out.rfind("\xEF\xBB\xBFkpi,kpi_name,", 0), 0u);
  EXPECT_NE(out.find("\r\nonline_dossiers,Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4,"
                     "agency,C1,Xã Ia Ka,month,2021-02-01,2021-03-01,0,1,0,0.5,false\r\n"),
            std::string::npos)
      << out;

  ASSERT_EQ(Run({"--config", config, "--scope", "level", "--format", "json"}, out, err), 0);
  EXPECT_EQ(out.rfind("[\n  {\"kpi\": \"online_services_used\"", 0), 0u) << out;
  EXPECT_NE(out.find("\"as_of\": \"2021-09-15T10:30:00+07:00\""), std::string::npos);
}

TEST_F(ReportQueryTest, CommandFailsClearlyWhenNothingComputedOrNoSuchUnit) {
  const std::string config = WriteConfig();
  std::string out;
  std::string err;
  EXPECT_EQ(Run({"--config", config}, out, err), 1);
  EXPECT_NE(err.find("no KPIs have been computed yet"), std::string::npos) << err;
  EXPECT_EQ(out, "");

  Compute();
  EXPECT_EQ(Run({"--config", config, "--scope", "agency", "--unit", "NOPE"}, out, err), 1);
  EXPECT_NE(err.find("no unit NOPE in scope agency"), std::string::npos) << err;
}

TEST_F(ReportQueryTest, CommandExitStatusForBadConfigUnreachableDatabaseAndUsage) {
  std::string out;
  std::string err;
  EXPECT_EQ(Run({}, out, err), 2) << "the default config does not exist";
  EXPECT_EQ(Run({"--format", "xml"}, out, err), 64);
  EXPECT_EQ(Run({"--start", "2021-02-30"}, out, err), 64);
  EXPECT_EQ(Run({"--period"}, out, err), 64);

  // A port where nothing listens.
  const auto path = std::filesystem::temp_directory_path() /
                    ("egovkpi_report_down_" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream file(path);
    file << "[province]\ncode = \"H21\"\nname = \"Gia Lai\"\n\n[database]\nhost = "
            "\"127.0.0.1\"\nport = 1\nconnect_timeout = \"2s\"\nsslmode = \"disable\"\n";
  }
  EXPECT_EQ(Run({"--config", path.string()}, out, err), 1);
  EXPECT_NE(err.find("cannot connect"), std::string::npos) << err;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace egovkpi::report
