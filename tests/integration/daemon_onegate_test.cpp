// The real egovkpi binary against a fake one-stop system (LGSP) and a real PostgreSQL:
// it fills egovkpi.dossier exactly once, quarantines bad records, never stores personal
// data, reports itself on /metrics, and neither loses nor double counts after SIGKILL.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <regex>
#include <thread>

#include "daemon_process.hpp"
#include "fake_lgsp_server.hpp"
#include "support/test_database.hpp"

namespace egovkpi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kApplicantName = "Nguyễn Thị Hồng Nhung";
constexpr const char* kApplicantPhone = "0905123456";
constexpr const char* kApplicantId = "064195001234";

// `count` valid dossiers with NgayCapNhat spread over 2021 (several share a second), plus
// three invalid ones: no MaHoSo, a bad date, an unknown status.
std::vector<boost::json::object> MakeDossiers(int count) {
  std::vector<boost::json::object> dossiers;
  for (int i = 0; i < count; ++i) {
    char code[64];
    std::snprintf(code, sizeof code, "H21.30-2103%02d-%04d", i % 28 + 1, i);
    char updated[64];
    // Groups of three share one NgayCapNhat, so paging must tie-break on MaHoSo.
    std::snprintf(updated, sizeof updated, "202103%02d%02d%02d00", (i / 3) % 28 + 1,
                  (i / 3) % 24, (i / 3) % 60);
    boost::json::object d{{"MaHoSo", code},
                          {"MaTTHC", "1.001612.000.00.00.H21"},
                          {"TenTTHC", "Cấp giấy phép xây dựng"},
                          {"MaDonVi", i % 2 ? "000.30.31.H21" : "000.00.12.H21"},
                          {"KenhThucHien", i % 4 == 0 ? 2 : 1},
                          {"TrangThaiHoSo", i % 3 ? "4" : "10"},
                          {"NgayTiepNhan", "20210301080000"},
                          {"NgayCapNhat", updated},
                          {"ChuHoSo", kApplicantName},
                          {"SoGiayToChuHoSo", kApplicantId},
                          {"SoDienThoai", kApplicantPhone},
                          {"DiaChi", "12 Hùng Vương, Pleiku, Gia Lai"}};
    dossiers.push_back(std::move(d));
  }
  dossiers.push_back({{"MaTTHC", "1.001612.000.00.00.H21"}, {"MaDonVi", "000.00.12.H21"},
                      {"TrangThaiHoSo", 2}, {"NgayCapNhat", "20210302000000"},
                      {"ChuHoSo", kApplicantName}});
  dossiers.push_back({{"MaHoSo", "H21.30-210303-9998"}, {"MaTTHC", "1.001612.000.00.00.H21"},
                      {"MaDonVi", "000.00.12.H21"}, {"TrangThaiHoSo", 2},
                      {"NgayTiepNhan", "2021-03-03"}, {"NgayCapNhat", "20210303000000"},
                      {"SoDienThoai", kApplicantPhone}});
  dossiers.push_back({{"MaHoSo", "H21.30-210304-9999"}, {"MaTTHC", "1.001612.000.00.00.H21"},
                      {"MaDonVi", "000.00.12.H21"}, {"TrangThaiHoSo", 42},
                      {"NgayCapNhat", "20210304000000"}, {"SoGiayToChuHoSo", kApplicantId}});
  return dossiers;
}

class DaemonOnegateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("egovkpi-it-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    http_port_ = FreeLoopbackPort();
    std::ofstream(dir_ / "onegate-password") << fake_.options().password << "\n";
  }
  void TearDown() override {
    if (HasFailure()) {
      std::ifstream log(dir_ / "daemon.log");
      std::cerr << "--- daemon log ---\n" << log.rdbuf() << "\n";
    }
    fs::remove_all(dir_);
  }

  fs::path WriteConfig(int page_size, const std::string& database_section = "") {
    std::ofstream config(dir_ / "egovkpi.toml");
    config << "[province]\ncode = \"H21\"\n\n"
           << (database_section.empty() ? DatabaseSection(db_.conninfo()) : database_section) << "\n[http]\nlisten = \"127.0.0.1:" << http_port_
           << "\"\n\n[sources.onegate]\nenabled = true\nbase_url = \"" << fake_.base_url()
           << "\"\nusername = \"" << fake_.options().username
           << "\"\npassword_file = \"onegate-password\"\ninterval = \"1s\"\n"
           << "retry_interval = \"1s\"\npage_size = " << page_size
           << "\ntimeout = \"2s\"\n\n[log]\nlevel = \"debug\"\n";
    return dir_ / "egovkpi.toml";
  }

  std::unique_ptr<DaemonProcess> StartDaemon(int page_size) {
    return std::make_unique<DaemonProcess>(EGOVKPI_BINARY, WriteConfig(page_size),
                                           dir_ / "daemon.log");
  }

  // Waits until /metrics shows the source up with `records` stored in total.
  bool WaitForRecords(double records, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto metrics = HttpGet(http_port_, "/metrics")) {
        auto up = SampleValue(*metrics, R"(egovkpi_source_up{source="onegate"})");
        auto stored = SampleValue(*metrics, R"(egovkpi_source_records_total{source="onegate"})");
        if (up == 1.0 && stored == records) return true;
      }
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  long long Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work tx(c);
    return tx.exec1(sql)[0].as<long long>();
  }

  // Dossiers stored so far; 0 while the daemon has not created the schema yet.
  long long StoredDossiers() {
    try {
      return Count("SELECT count(*) FROM egovkpi.dossier");
    } catch (const pqxx::undefined_table&) {
      return 0;
    }
  }

  TestDatabase db_;
  fakes::FakeLgspServer fake_;
  fs::path dir_;
  std::uint16_t http_port_ = 0;
};

TEST_F(DaemonOnegateTest, FillsDossiersExactlyOnceAndReportsSourceUp) {
  constexpr int kValid = 250;
  fake_.SetDossiers(MakeDossiers(kValid));
  auto daemon = StartDaemon(/*page_size=*/40);
  ASSERT_TRUE(WaitForRecords(kValid)) << "daemon did not catch up";

  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier"), kValid);
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.quarantine WHERE source = 'onegate'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier WHERE channel = 2"), (kValid + 3) / 4);
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.source_watermark WHERE source = 'onegate'"), 1);
  // Personal data is stored nowhere, not even in the quarantined payloads.
  for (const char* value : {kApplicantName, kApplicantPhone, kApplicantId}) {
    const std::string needle = pqxx::connection(db_.conninfo()).quote(std::string("%") + value + "%");
    EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier d WHERE row_to_json(d)::text LIKE " + needle), 0);
    EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.quarantine q WHERE row_to_json(q)::text LIKE " + needle), 0);
  }

  auto metrics = HttpGet(http_port_, "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(SampleValue(*metrics, "egovkpi_db_up"), 1.0);
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_source_rejected_records_total{reason="missing_field",source="onegate"})"), 1.0);
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_source_rejected_records_total{reason="unknown_status",source="onegate"})"), 1.0);
  EXPECT_GT(SampleValue(*metrics, R"(egovkpi_source_last_success_timestamp_seconds{source="onegate"})").value_or(0), 1.6e9);
  EXPECT_TRUE(HttpGet(http_port_, "/healthz"));
  {
    std::ofstream(dir_ / "metrics.txt") << *metrics;
    auto check = RunCommand({"sh", "-c", "promtool check metrics < '" + (dir_ / "metrics.txt").string() + "'"});
    EXPECT_EQ(check.exit_status, 0) << check.output;
  }

  // A dossier changes at the source: its newer version replaces the stored one.
  boost::json::object changed = MakeDossiers(1).front();
  changed["TrangThaiHoSo"] = 10;
  changed["NgayTra"] = "20210415100000";
  changed["NgayCapNhat"] = "20210415100000";
  fake_.UpsertDossier(changed);
  ASSERT_TRUE(WaitForRecords(kValid + 1));
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier"), kValid);
  EXPECT_EQ(Count("SELECT status FROM egovkpi.dossier WHERE code = 'H21.30-210301-0000'"), 10);

  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

// SIGHUP: a broken file is refused with its position in the log and the old configuration
// keeps running; a good file is applied (here: a new interval and the portal enabled)
// without a restart, and the counters of the sources that stay are kept.
TEST_F(DaemonOnegateTest, ReloadsTheConfigurationOnSighupAndRefusesABrokenOne) {
  constexpr int kValid = 30;
  fake_.SetDossiers(MakeDossiers(kValid));
  auto daemon = StartDaemon(/*page_size=*/40);
  ASSERT_TRUE(WaitForRecords(kValid)) << "daemon did not catch up";
  auto metric = [&](const std::string& series) {
    auto text = HttpGet(http_port_, "/metrics");
    return text ? SampleValue(*text, series) : std::nullopt;
  };
  auto wait_for = [&](const std::string& series, double value) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (metric(series) == value) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  };
  EXPECT_EQ(metric("egovkpi_config_last_reload_successful"), 1.0);
  EXPECT_EQ(metric(R"(egovkpi_source_poll_interval_seconds{source="onegate"})"), 1.0);
  const auto loaded_at = metric("egovkpi_config_last_reload_success_timestamp_seconds");
  ASSERT_TRUE(loaded_at);

  const std::string good = [&] {
    std::ifstream in(dir_ / "egovkpi.toml");
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }();
  std::ofstream(dir_ / "egovkpi.toml") << good << "\n[kpi]\nplan_year = \"2021\"\n";
  daemon->Signal(SIGHUP);
  ASSERT_TRUE(wait_for("egovkpi_config_last_reload_successful", 0.0));
  EXPECT_TRUE(daemon->Running());
  EXPECT_EQ(metric("egovkpi_config_last_reload_success_timestamp_seconds"), loaded_at);
  // Still polling with the old configuration.
  fake_.UpsertDossier(MakeDossiers(kValid + 1)[kValid]);
  EXPECT_TRUE(WaitForRecords(kValid + 1));

  std::string next = good;
  next.replace(next.find("interval = \"1s\""), 15, "interval = \"2s\"");
  next += "\n[sources.portal]\nenabled = true\nbase_url = \"" + fake_.base_url() +
          "\"\nusername = \"" + fake_.options().username +
          "\"\npassword_file = \"onegate-password\"\ninterval = \"1s\"\n";
  std::ofstream(dir_ / "egovkpi.toml") << next;
  daemon->Signal(SIGHUP);
  ASSERT_TRUE(wait_for("egovkpi_config_last_reload_successful", 1.0));
  EXPECT_GT(metric("egovkpi_config_last_reload_success_timestamp_seconds"), loaded_at);
  EXPECT_EQ(metric(R"(egovkpi_source_poll_interval_seconds{source="onegate"})"), 2.0);
  EXPECT_TRUE(metric(R"(egovkpi_source_up{source="portal"})"));
  EXPECT_EQ(metric(R"(egovkpi_source_records_total{source="onegate"})"), kValid + 1.0);
  EXPECT_TRUE(daemon->Running());
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);

  std::ifstream log(dir_ / "daemon.log");
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_TRUE(std::regex_search(text, std::regex("configuration reload refused: .*egovkpi\\.toml:[0-9]+:[0-9]+: ")))
      << "the refusal names the file, line and column";
}

// A daemon waiting for a database that its file names wrongly is not stuck: the corrected
// file, on SIGHUP, is read at once and the daemon gets to work.
TEST_F(DaemonOnegateTest, ReloadEndsAWaitForADatabaseTheOldFileNamedWrongly) {
  constexpr int kValid = 20;
  fake_.SetDossiers(MakeDossiers(kValid));
  const std::string dead_database = "[database]\nhost = \"127.0.0.1\"\nport = " +
                                    std::to_string(FreeLoopbackPort()) +
                                    "\nconnect_timeout = \"1s\"\nsslmode = \"disable\"\n";
  DaemonProcess daemon(EGOVKPI_BINARY, WriteConfig(20, dead_database), dir_ / "daemon.log");
  std::optional<std::string> metrics;
  for (int i = 0; i < 100 && !(metrics && SampleValue(*metrics, "egovkpi_db_up") == 0.0); ++i) {
    std::this_thread::sleep_for(50ms);
    metrics = HttpGet(http_port_, "/metrics");
  }
  ASSERT_TRUE(metrics) << "no /metrics while the database is down";

  WriteConfig(20);  // the right database
  daemon.Signal(SIGHUP);
  EXPECT_TRUE(WaitForRecords(kValid, 30s)) << "still waiting for the old database";
  EXPECT_EQ(StoredDossiers(), kValid);
  EXPECT_EQ(daemon.Stop(SIGTERM), 0);
}

TEST_F(DaemonOnegateTest, LosesAndDuplicatesNothingWhenKilledMidIngest) {
  constexpr int kValid = 400;
  fake_.SetDossiers(MakeDossiers(kValid));
  // Slow pages so that the kill lands between commits.
  for (int i = 0; i < 12; ++i) fake_.PushFault(fakes::LgspFault::Delay(150ms));
  auto daemon = StartDaemon(/*page_size=*/20);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (StoredDossiers() < 60) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no progress before the kill";
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(daemon->Stop(SIGKILL), -1);
  const long long before_restart = Count("SELECT count(*) FROM egovkpi.dossier");
  ASSERT_LT(before_restart, kValid) << "killed too late to test anything";

  daemon = StartDaemon(/*page_size=*/20);
  ASSERT_TRUE(WaitForRecords(static_cast<double>(kValid - before_restart)));
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier"), kValid);
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.quarantine"), 3);
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

TEST_F(DaemonOnegateTest, ReconnectsAfterTheDatabaseDropsItsConnections) {
  fake_.SetDossiers(MakeDossiers(50));
  auto daemon = StartDaemon(/*page_size=*/20);
  ASSERT_TRUE(WaitForRecords(50));
  {
    pqxx::connection admin(db_.conninfo());
    pqxx::work tx(admin);
    tx.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    tx.commit();
  }
  // New dossiers arrive: the daemon must reconnect to store them.
  auto more = MakeDossiers(60);
  fake_.SetDossiers(std::vector<boost::json::object>(more.begin(), more.begin() + 60));
  ASSERT_TRUE(WaitForRecords(60));
  EXPECT_EQ(Count("SELECT count(*) FROM egovkpi.dossier"), 60);
  EXPECT_EQ(HttpStatus(http_port_, "/healthz"), 200);
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

TEST_F(DaemonOnegateTest, ServesMetricsAndReportsTheDatabaseDownWhenUnreachable) {
  const std::string dead_database = "[database]\nhost = \"127.0.0.1\"\nport = " +
                                    std::to_string(FreeLoopbackPort()) +
                                    "\nconnect_timeout = \"1s\"\nsslmode = \"disable\"\n";
  DaemonProcess daemon(EGOVKPI_BINARY, WriteConfig(20, dead_database), dir_ / "daemon.log");
  std::optional<std::string> metrics;
  for (int i = 0; i < 100 && !metrics; ++i) {
    std::this_thread::sleep_for(50ms);
    metrics = HttpGet(http_port_, "/metrics");
  }
  ASSERT_TRUE(metrics) << "no /metrics while the database is down";
  EXPECT_EQ(SampleValue(*metrics, "egovkpi_db_up"), 0.0);
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_source_up{source="onegate"})"), 0.0);
  EXPECT_EQ(HttpStatus(http_port_, "/healthz"), 503);
  // Stopping does not wait for the database.
  EXPECT_EQ(daemon.Stop(SIGTERM, 5s), 0);
}

TEST(CheckConfigCommand, RefusesBadFileWithPositionAndStatus2) {
  const fs::path file = fs::temp_directory_path() / ("egovkpi-bad-" + std::to_string(getpid()) + ".toml");
  std::ofstream(file) << "[http]\nlisten = \"127.0.0.1:9464\"\nbogus = 1\n";
  auto result = RunCommand({EGOVKPI_BINARY, "check-config", file.string()});
  fs::remove(file);
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.output.find(file.string() + ":3:1:"), std::string::npos) << result.output;
}

TEST(CheckConfigCommand, AcceptsTheExampleFile) {
  auto result = RunCommand({EGOVKPI_BINARY, "check-config", EGOVKPI_EXAMPLE_CONFIG});
  EXPECT_EQ(result.exit_status, 0) << result.output;
}

}  // namespace
}  // namespace egovkpi::testing
