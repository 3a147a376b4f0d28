#include "egovkpi/metrics/kpi_metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

namespace egovkpi::metrics {
namespace {

std::string Exposition(const KpiMetrics& metrics) {
  return prometheus::TextSerializer().Serialize(metrics.Collect());
}

KpiSnapshot Snapshot() {
  KpiSnapshot s;
  s.province_code = "H21";
  s.province_name = "Gia Lai";
  s.kpi_names = {{"online_dossiers", "Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4"}};
  s.samples = {{"online_dossiers", "province", "H21", "year", 30, 120},
               {"online_dossiers", "agency", "000.00.31.H21", "month", 0, 0}};
  s.targets = {{"online_dossiers", 0.25}};
  s.units = {{"000.00.31.H21", "UBND thành phố Pleiku", 2, "H21"}};
  s.as_of = std::chrono::system_clock::time_point(std::chrono::seconds(1625072400));
  s.computed_at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  s.data_quality = {{"unknown_unit", 3}, {"dates_out_of_order", 0}};
  return s;
}

TEST(KpiMetrics, NothingBeforeTheFirstSnapshot) {
  KpiMetrics metrics;
  EXPECT_TRUE(metrics.Collect().empty());
}

TEST(KpiMetrics, PublishesRatioOnlyWithADenominator) {
  KpiMetrics metrics;
  metrics.Publish(Snapshot());
  const auto text = Exposition(metrics);
  EXPECT_NE(text.find(R"(egovkpi_kpi_ratio{kpi="online_dossiers",period="year",scope="province",unit="H21"} 0.25)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(R"(egovkpi_kpi_ratio{kpi="online_dossiers",period="month")"), std::string::npos);
  EXPECT_NE(text.find(R"(egovkpi_kpi_denominator{kpi="online_dossiers",period="month",scope="agency",unit="000.00.31.H21"} 0)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(egovkpi_kpi_target_ratio{kpi="online_dossiers"} 0.25)"), std::string::npos);
  EXPECT_NE(text.find(R"(egovkpi_unit_info{level="huyen",name="UBND thành phố Pleiku",parent="H21",unit="000.00.31.H21"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("egovkpi_kpi_as_of_timestamp_seconds 1625072400"), std::string::npos);
}

TEST(KpiMetrics, PublishesTheNamesAlertsAndDashboardsJoinOn) {
  KpiMetrics metrics;
  metrics.Publish(Snapshot());
  const auto text = Exposition(metrics);
  EXPECT_NE(text.find(R"(egovkpi_kpi_info{kpi="online_dossiers",kpi_name="Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(egovkpi_province_info{name="Gia Lai",unit="H21"} 1)"), std::string::npos)
      << text;
}

TEST(KpiMetrics, UnitsMissingFromANewSnapshotDisappear) {
  KpiMetrics metrics;
  metrics.Publish(Snapshot());
  KpiSnapshot next = Snapshot();
  next.samples.pop_back();
  next.units.clear();
  metrics.Publish(next);
  const auto text = Exposition(metrics);
  EXPECT_EQ(text.find("000.00.31.H21"), std::string::npos) << text;
}

TEST(KpiMetrics, PublishesDataQualityFindingsPerCheckZeroIncluded) {
  KpiMetrics metrics;
  metrics.Publish(Snapshot());
  const auto text = Exposition(metrics);
  EXPECT_NE(text.find("# TYPE egovkpi_data_quality_findings gauge"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(egovkpi_data_quality_findings{check="unknown_unit"} 3)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(egovkpi_data_quality_findings{check="dates_out_of_order"} 0)"),
            std::string::npos)
      << text;
}

TEST(KpiMetrics, DataQualityChecksMissingFromANewSnapshotDisappear) {
  KpiMetrics metrics;
  metrics.Publish(Snapshot());
  KpiSnapshot next = Snapshot();
  next.data_quality.erase("unknown_unit");
  metrics.Publish(next);
  const auto text = Exposition(metrics);
  EXPECT_EQ(text.find(R"(check="unknown_unit")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(check="dates_out_of_order")"), std::string::npos) << text;
}

}  // namespace
}  // namespace egovkpi::metrics
