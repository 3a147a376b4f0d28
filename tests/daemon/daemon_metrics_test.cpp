#include "egovkpi/metrics/daemon_metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

namespace egovkpi::metrics {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

std::string Exposition(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

const system_clock::time_point kStart{seconds(1700000000)};

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(DaemonMetrics, EverySeriesExistsFromStartupAtZero) {
  auto registry = std::make_shared<prometheus::Registry>();
  DaemonMetrics metrics(registry, "1.2.3", kStart);
  metrics.SetSources({{"onegate", seconds(60)}});
  const auto text = Exposition(*registry);
  for (const char* series :
       {"egovkpi_build_info{version=\"1.2.3\"} 1", "egovkpi_db_up 0",
        "egovkpi_source_up{source=\"onegate\"} 0",
        "egovkpi_source_poll_interval_seconds{source=\"onegate\"} 60",
        "egovkpi_config_last_reload_successful 1",
        "egovkpi_config_last_reload_success_timestamp_seconds 1700000000",
        "egovkpi_source_last_success_timestamp_seconds{source=\"onegate\"} 0",
        "egovkpi_source_poll_duration_seconds{source=\"onegate\"} 0",
        "egovkpi_source_records_total{source=\"onegate\"} 0",
        "egovkpi_source_poll_failures_total{reason=\"timeout\",source=\"onegate\"} 0",
        "egovkpi_source_poll_failures_total{reason=\"database\",source=\"onegate\"} 0",
        "egovkpi_source_rejected_records_total{reason=\"bad_date\",source=\"onegate\"} 0"}) {
    EXPECT_NE(text.find(std::string(series) + "\n"), std::string::npos) << series;
  }
  // A poll cut short by shutdown is not a failure reason users alert on.
  EXPECT_EQ(text.find("reason=\"cancelled\""), std::string::npos);
  EXPECT_EQ(text.find("source=\"portal\""), std::string::npos);
}

TEST(DaemonMetrics, FailureSetsSourceDownAndCountsReason) {
  auto registry = std::make_shared<prometheus::Registry>();
  DaemonMetrics metrics(registry, "1", kStart);
  metrics.SetSources({{"onegate", seconds(60)}});
  auto& source = metrics.Source("onegate");
  source.RecordSuccess(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)),
                       std::chrono::milliseconds(1500));
  source.AddRecords(42);
  EXPECT_NE(Exposition(*registry).find("egovkpi_source_up{source=\"onegate\"} 1\n"),
            std::string::npos);
  source.RecordFailure("http", std::chrono::milliseconds(200));
  source.AddRejected("missing_field", 2);
  const auto text = Exposition(*registry);
  EXPECT_NE(text.find("egovkpi_source_up{source=\"onegate\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("egovkpi_source_records_total{source=\"onegate\"} 42\n"), std::string::npos);
  EXPECT_NE(text.find("egovkpi_source_poll_failures_total{reason=\"http\",source=\"onegate\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("egovkpi_source_rejected_records_total{reason=\"missing_field\",source=\"onegate\"} 2\n"),
      std::string::npos);
  EXPECT_NE(text.find("egovkpi_source_last_success_timestamp_seconds{source=\"onegate\"} 1700000000\n"),
            std::string::npos);
}

TEST(DaemonMetrics, DatabaseUpFollowsLastAnswer) {
  auto registry = std::make_shared<prometheus::Registry>();
  DaemonMetrics metrics(registry, "1", kStart);
  EXPECT_FALSE(metrics.DatabaseUp());
  metrics.SetDatabaseUp(true);
  EXPECT_TRUE(metrics.DatabaseUp());
  metrics.SetDatabaseUp(false);
  EXPECT_FALSE(metrics.DatabaseUp());
}

TEST(DaemonMetrics, SourcesChangedByAReloadGainAndLoseSeriesOthersKeepCounters) {
  auto registry = std::make_shared<prometheus::Registry>();
  DaemonMetrics metrics(registry, "1", kStart);
  metrics.SetSources({{"onegate", seconds(60)}, {"portal", seconds(3600)}});
  metrics.Source("onegate").AddRecords(7);
  metrics.Source("portal").RecordFailure("upstream", seconds(1));

  metrics.SetSources({{"onegate", seconds(30)}, {"edoc", seconds(120)}});
  const auto text = Exposition(*registry);
  EXPECT_TRUE(Has(text, "egovkpi_source_records_total{source=\"onegate\"} 7")) << text;
  EXPECT_TRUE(Has(text, "egovkpi_source_poll_interval_seconds{source=\"onegate\"} 30")) << text;
  EXPECT_TRUE(Has(text, "egovkpi_source_up{source=\"edoc\"} 0")) << text;
  EXPECT_EQ(text.find("source=\"portal\""), std::string::npos) << text;
  EXPECT_THROW(metrics.Source("portal"), std::out_of_range);
}

TEST(DaemonMetrics, RefusedReloadKeepsTheTimeOfTheRunningConfiguration) {
  auto registry = std::make_shared<prometheus::Registry>();
  DaemonMetrics metrics(registry, "1", kStart);
  metrics.SetKpiComputeInterval(seconds(300));
  metrics.RecordConfigReload(false, kStart + seconds(10));
  auto text = Exposition(*registry);
  EXPECT_TRUE(Has(text, "egovkpi_config_last_reload_successful 0")) << text;
  EXPECT_TRUE(Has(text, "egovkpi_config_last_reload_success_timestamp_seconds 1700000000"));
  EXPECT_TRUE(Has(text, "egovkpi_kpi_compute_interval_seconds 300"));
  metrics.RecordConfigReload(true, kStart + seconds(20));
  text = Exposition(*registry);
  EXPECT_TRUE(Has(text, "egovkpi_config_last_reload_successful 1"));
  EXPECT_TRUE(Has(text, "egovkpi_config_last_reload_success_timestamp_seconds 1700000020"));
}

}  // namespace
}  // namespace egovkpi::metrics
