// End to end against the simulator's ground truth: the real daemon binary, a real
// PostgreSQL and egovkpi-sim (frozen as-of) serving all four systems. After the daemon has
// caught up, every row of egovkpi.kpi_latest equals the truth exactly — with no faults,
// with every fault mode switched on, and after a SIGKILL mid-ingest and a restart.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <thread>
#include <tuple>

#include "daemon_process.hpp"
#include "egovkpi/sim/generator.hpp"
#include "egovkpi/sim/http_server.hpp"
#include "egovkpi/sim/sim_service.hpp"
#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/truth.hpp"
#include "support/test_database.hpp"

namespace egovkpi::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// (kpi, scope, unit, period, period_start) -> (numerator, denominator)
using KpiKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
using KpiTable = std::map<KpiKey, std::pair<std::int64_t, std::int64_t>>;

const sim::Province& Province() {
  static const sim::Province province =
      sim::GenerateProvince({.seed = 11, .scale = 0.05, .year = 2021});
  return province;
}

sim::Time AsOf() { return *sim::ParseCommandLineTime("2021-09-15T12:00:00"); }

KpiTable TruthTable() {
  KpiTable table;
  for (const auto& row : sim::ComputeTruth(Province(), AsOf()).rows) {
    table[{row.kpi, row.scope, row.unit, row.period, sim::IsoDate(row.period_start)}] = {
        row.numerator, row.denominator};
  }
  return table;
}

class DaemonAgainstTruth : public ::testing::Test {
 protected:
  void StartSimulator(sim::FaultPlan faults) {
    service_ = std::make_unique<sim::SimService>(Province(), sim::SimClock::Frozen(AsOf()),
                                                 std::move(faults), sim::SimCredentials{});
    server_ = std::make_unique<sim::SimHttpServer>(
        [this](const sim::SimRequest& r) { return service_->Handle(r); });
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("egovkpi-e2e-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    std::ofstream(dir_ / "secret") << "egovkpi\n";
    http_port_ = FreeLoopbackPort();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::ifstream log(dir_ / "daemon.log");
      std::string text((std::istreambuf_iterator<char>(log)), {});
      std::cerr << "--- daemon log (last 4000 bytes) ---\n"
                << text.substr(text.size() > 4000 ? text.size() - 4000 : 0) << "\n";
    }
    fs::remove_all(dir_);
  }

  fs::path WriteConfig(int page_size = 1000) {
    const std::string base = server_->base_url();
    std::ofstream config(dir_ / "egovkpi.toml");
    config << "[province]\ncode = \"H21\"\n\n" << DatabaseSection(db_.conninfo())
           << "\n[http]\nlisten = \"127.0.0.1:" << http_port_ << "\"\n\n";
    auto source = [&](const char* name, const std::string& credentials) {
      config << "[sources." << name << "]\nenabled = true\nbase_url = \"" << base << "/" << name
             << "\"\n" << credentials << "interval = \"1s\"\nretry_interval = \"1s\"\n"
             << "timeout = \"1s\"\nmax_attempts = 6\npage_size = " << page_size << "\n\n";
    };
    source("onegate", "username = \"egovkpi\"\npassword_file = \"secret\"\n");
    source("portal", "username = \"egovkpi\"\npassword_file = \"secret\"\n");
    source("postal", "customer_key = \"egovkpi\"\nsecret_key_file = \"secret\"\n");
    source("edoc", "api_key_file = \"secret\"\n");
    config << "[kpi]\nplan_year = 2021\ncompute_interval = \"1s\"\n\n[log]\nlevel = \"info\"\n";
    return dir_ / "egovkpi.toml";
  }

  std::unique_ptr<DaemonProcess> StartDaemon(int page_size = 1000) {
    return std::make_unique<DaemonProcess>(EGOVKPI_BINARY, WriteConfig(page_size),
                                           dir_ / "daemon.log");
  }

  KpiTable Latest() {
    KpiTable table;
    pqxx::connection c(db_.conninfo());
    pqxx::work tx(c);
    for (const auto& row : tx.exec("SELECT kpi, scope, unit, period, period_start::text,"
                                   " numerator, denominator FROM egovkpi.kpi_latest")) {
      table[{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
             row[3].as<std::string>(), row[4].as<std::string>()}] = {row[5].as<std::int64_t>(),
                                                                    row[6].as<std::int64_t>()};
    }
    return table;
  }

  // Waits until kpi_latest equals the truth; on timeout reports the differences.
  void ExpectTruth(std::chrono::seconds timeout) {
    const KpiTable truth = TruthTable();
    ASSERT_GT(truth.size(), 1000u) << "the truth is too small to prove anything";
    KpiTable latest;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        latest = Latest();
      } catch (const pqxx::sql_error&) {
        latest.clear();  // schema not there yet
      }
      if (latest == truth) return;
      std::this_thread::sleep_for(500ms);
    }
    int shown = 0;
    for (const auto& [key, value] : truth) {
      auto it = latest.find(key);
      if (it == latest.end() || it->second != value) {
        if (++shown > 20) break;
        ADD_FAILURE() << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key)
                      << " " << std::get<3>(key) << " " << std::get<4>(key) << ": truth "
                      << value.first << "/" << value.second << ", daemon "
                      << (it == latest.end() ? std::string("missing")
                                             : std::to_string(it->second.first) + "/" +
                                                   std::to_string(it->second.second));
      }
    }
    for (const auto& [key, value] : latest) {
      if (!truth.contains(key) && ++shown <= 20) {
        ADD_FAILURE() << "extra row " << std::get<0>(key) << " " << std::get<1>(key) << " "
                      << std::get<2>(key) << " " << std::get<3>(key) << " " << std::get<4>(key);
      }
    }
    FAIL() << "kpi_latest (" << latest.size() << " rows) never matched the truth ("
           << truth.size() << " rows)";
  }

  TestDatabase db_;
  std::unique_ptr<sim::SimService> service_;
  std::unique_ptr<sim::SimHttpServer> server_;
  fs::path dir_;
  std::uint16_t http_port_ = 0;
};

TEST_F(DaemonAgainstTruth, MatchesTheTruthWithoutFaults) {
  StartSimulator(sim::FaultPlan());
  auto daemon = StartDaemon();
  ExpectTruth(120s);

  // /metrics shows the current periods' KPIs, and Prometheus accepts the exposition.
  auto metrics = HttpGet(http_port_, "/metrics");
  ASSERT_TRUE(metrics);
  const auto truth = TruthTable();
  const auto& [num, den] = truth.at({"online_dossiers", "province", "H21", "year", "2021-01-01"});
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_kpi_numerator{kpi="online_dossiers",period="year",scope="province",unit="H21"})"),
            static_cast<double>(num));
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_kpi_denominator{kpi="online_dossiers",period="year",scope="province",unit="H21"})"),
            static_cast<double>(den));
  EXPECT_EQ(SampleValue(*metrics, R"(egovkpi_kpi_target_ratio{kpi="online_dossiers"})"), 0.25);
  EXPECT_TRUE(SampleValue(*metrics, "egovkpi_kpi_as_of_timestamp_seconds"));
  std::ofstream(dir_ / "metrics.txt") << *metrics;
  auto check = RunCommand({"sh", "-c", "promtool check metrics < '" + (dir_ / "metrics.txt").string() + "'"});
  EXPECT_EQ(check.exit_status, 0) << check.output;
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

TEST_F(DaemonAgainstTruth, MatchesTheTruthWithEveryFaultModeOn) {
  sim::RandomFaults random;
  random.rate = 0.15;
  random.modes = {std::begin(sim::kAllFaults), std::end(sim::kAllFaults)};
  random.seed = 5;
  StartSimulator(sim::FaultPlan(random, 1500ms));
  auto daemon = StartDaemon();
  ExpectTruth(240s);
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

TEST_F(DaemonAgainstTruth, MatchesTheTruthAfterSigkillMidIngest) {
  StartSimulator(sim::FaultPlan());
  auto daemon = StartDaemon(/*page_size=*/100);
  // Kill once some dossiers are stored but long before the end.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (;;) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no progress before the kill";
    try {
      pqxx::connection c(db_.conninfo());
      pqxx::work tx(c);
      if (tx.exec1("SELECT count(*) FROM egovkpi.dossier")[0].as<long>() > 500) break;
    } catch (const pqxx::sql_error&) {
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(daemon->Stop(SIGKILL), -1);
  daemon = StartDaemon(/*page_size=*/100);
  ExpectTruth(120s);
  EXPECT_EQ(daemon->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace egovkpi::testing
