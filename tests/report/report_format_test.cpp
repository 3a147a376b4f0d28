// The report's pure formatting (egovkpi::report, report_format.hpp): display width of
// Vietnamese text, percents and "—", met/missed, the aligned table, CSV and JSON.
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "egovkpi/report/report_format.hpp"

namespace egovkpi::report {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::year;

constexpr const char* kDash = "\xE2\x80\x94";

LocalDate Day(int y, unsigned m, unsigned d) {
  return sys_days(year(y) / std::chrono::month(m) / std::chrono::day(d));
}

// 2021-09-15 10:30 local = 03:30 UTC.
TimePoint AsOf() { return TimePoint(Day(2021, 9, 15)) + 3h + 30min; }

ReportRow Row(std::string kpi, std::string name, std::string unit, std::string unit_name,
              std::int64_t numerator, std::int64_t denominator, std::optional<double> target) {
  ReportRow row;
  row.kpi = std::move(kpi);
  row.kpi_name = std::move(name);
  row.scope = "agency";
  row.unit = std::move(unit);
  row.unit_name = std::move(unit_name);
  row.period = "year";
  row.period_start = Day(2021, 1, 1);
  row.period_end = Day(2022, 1, 1);
  row.numerator = numerator;
  row.denominator = denominator;
  if (denominator > 0) row.ratio = static_cast<double>(numerator) / static_cast<double>(denominator);
  row.target = target;
  if (row.ratio && target) row.met = *row.ratio >= *target;
  row.as_of = AsOf();
  return row;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Display column where `needle` starts in `line`.
std::size_t ColumnOf(const std::string& line, const std::string& needle) {
  const auto at = line.find(needle);
  EXPECT_NE(at, std::string::npos) << needle << " not in: " << line;
  return DisplayWidth(std::string_view(line).substr(0, at));
}

TEST(DisplayWidthTest, CountsVietnameseLettersAsOneColumnEach) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Tỷ lệ"), 5u);          // ỷ and ệ are 3 bytes each
  EXPECT_EQ(std::string("Tỷ lệ").size(), 9u);
  EXPECT_EQ(DisplayWidth("Không đạt"), 9u);
  EXPECT_EQ(DisplayWidth(kDash), 1u);
}

TEST(DisplayWidthTest, CombiningMarksTakeNoColumn) {
  // "e" + U+0302 (circumflex) + U+0323 (dot below) = ệ decomposed.
  EXPECT_EQ(DisplayWidth("e\xCC\x82\xCC\xA3"), 1u);
}

TEST(DisplayWidthTest, StrayBytesCountOneEach) {
  EXPECT_EQ(DisplayWidth("a\xFF" "b"), 3u);
  EXPECT_EQ(DisplayWidth("\xE1\xBB"), 2u);  // a truncated 3-byte sequence
}

TEST(FormatPercentTest, OneDecimalWithDecimalCommaRoundedHalfUp) {
  EXPECT_EQ(FormatPercent(7, 8), "87,5%");
  EXPECT_EQ(FormatPercent(1, 3), "33,3%");
  EXPECT_EQ(FormatPercent(2, 3), "66,7%");
  EXPECT_EQ(FormatPercent(1, 2000), "0,1%");  // 0.05% rounds up
  EXPECT_EQ(FormatPercent(0, 5), "0,0%");
  EXPECT_EQ(FormatPercent(5, 5), "100,0%");
}

TEST(FormatPercentTest, DashWithoutDenominator) {
  EXPECT_EQ(FormatPercent(0, 0), kDash);
}

TEST(FormatPercentTest, TargetPercentOrDash) {
  EXPECT_EQ(FormatTargetPercent(0.8), "80,0%");
  EXPECT_EQ(FormatTargetPercent(0.255), "25,5%");
  EXPECT_EQ(FormatTargetPercent(1.0), "100,0%");
  EXPECT_EQ(FormatTargetPercent(std::nullopt), kDash);
}

TEST(FormatMetTest, MetMissedOrDash) {
  EXPECT_EQ(FormatMet(true), "Đạt");
  EXPECT_EQ(FormatMet(false), "Không đạt");
  EXPECT_EQ(FormatMet(std::nullopt), kDash);
}

TEST(HeadingTest, NamesPeriodAsOfDayAndProvince) {
  const ReportHeading heading{"year", Day(2021, 1, 1), Day(2022, 1, 1), AsOf(), "province",
                              "Gia Lai"};
  EXPECT_EQ(HeadingLine(heading),
            "Báo cáo chỉ tiêu chính quyền điện tử — Năm 2021 (đến 15/09/2021) — Toàn tỉnh "
            "Gia Lai");
}

TEST(HeadingTest, AsOfDayIsLocal) {
  // 2021-09-15 20:00 UTC is already 16/09 in Gia Lai.
  const ReportHeading heading{"month", Day(2021, 9, 1), Day(2021, 10, 1),
                              TimePoint(Day(2021, 9, 15)) + 20h, "agency", "Sở Tư pháp"};
  EXPECT_EQ(HeadingLine(heading),
            "Báo cáo chỉ tiêu chính quyền điện tử — Tháng 9/2021 (đến 16/09/2021) — Sở Tư pháp");
}

TEST(HeadingTest, CompletePeriodHasNoAsOfDay) {
  const ReportHeading heading{"quarter", Day(2021, 4, 1), Day(2021, 7, 1), AsOf(), "level", ""};
  EXPECT_EQ(HeadingLine(heading),
            "Báo cáo chỉ tiêu chính quyền điện tử — Quý 2/2021 — Theo cấp hành chính");
}

TEST(FormatTableTest, AlignsColumnsByDisplayWidthWithVietnameseNames) {
  const std::vector<ReportRow> rows = {
      Row("online_dossiers", "Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4", "S1",
          "Sở Tư pháp", 7, 8, 0.5),
      Row("on_time_dossiers", "Tỷ lệ hồ sơ giải quyết đúng hạn", "S1", "Sở Tư pháp", 1, 3, 0.9),
      Row("signed_edocs", "Tỷ lệ văn bản ký số", "S1", "Sở Tư pháp", 0, 0, std::nullopt),
  };
  const ReportHeading heading{"year", Day(2021, 1, 1), Day(2022, 1, 1), AsOf(), "agency",
                              "Sở Tư pháp"};
  const auto lines = Lines(FormatTable(heading, rows));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], HeadingLine(heading));
  EXPECT_EQ(lines[1], "");
  // One unit: no Đơn vị column.
  EXPECT_EQ(lines[2].find("Đơn vị"), std::string::npos);
  EXPECT_EQ(lines[2].rfind("Chỉ tiêu", 0), 0u);
  EXPECT_EQ(lines[3].find_first_not_of('-'), std::string::npos);
  EXPECT_EQ(lines[4],
            "Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4    87,5%     50,0%  Đạt"
            "                 7/8");
  EXPECT_EQ(lines[5],
            "Tỷ lệ hồ sơ giải quyết đúng hạn                         33,3%     90,0%  Không đạt"
            "           1/3");
  EXPECT_EQ(lines[6],
            "Tỷ lệ văn bản ký số                                         —         —  —"
            "                   0/0");
  // Every line has the same display width, and columns start at the same display column.
  for (std::size_t i = 2; i < lines.size(); ++i) {
    EXPECT_EQ(DisplayWidth(lines[i]), DisplayWidth(lines[3])) << lines[i];
  }
  EXPECT_EQ(ColumnOf(lines[2], "Đánh giá"), ColumnOf(lines[4], "Đạt"));
  EXPECT_EQ(ColumnOf(lines[2], "Đánh giá"), ColumnOf(lines[5], "Không đạt"));
}

TEST(FormatTableTest, ShowsUnitColumnWhenSeveralUnits) {
  const std::vector<ReportRow> rows = {
      Row("online_dossiers", "Hồ sơ trực tuyến", "D1", "Huyện Chư Păh", 1, 4, 0.3),
      Row("online_dossiers", "Hồ sơ trực tuyến", "D2", "Huyện Ia Grai", 3, 4, 0.3),
      Row("online_dossiers", "Hồ sơ trực tuyến", "X9", "", 0, 0, 0.3),
  };
  const ReportHeading heading{"year", Day(2021, 1, 1), Day(2022, 1, 1), AsOf(), "district", ""};
  const auto lines = Lines(FormatTable(heading, rows));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(ColumnOf(lines[2], "Đơn vị"), ColumnOf(lines[4], "Huyện Chư Păh"));
  EXPECT_EQ(ColumnOf(lines[2], "Đơn vị"), ColumnOf(lines[6], "X9"));  // no name: the code
  EXPECT_NE(lines[4].find("Không đạt"), std::string::npos);
  EXPECT_NE(lines[5].find("Đạt"), std::string::npos);
  EXPECT_EQ(lines[5].find("Không"), std::string::npos);
  EXPECT_NE(lines[6].find("—"), std::string::npos);
}

TEST(FormatCsvTest, BomHeaderAndRfc4180Quoting) {
  auto row = Row("online_dossiers", "Tỷ lệ hồ sơ, \"mức độ 3\" và 4", "S1", "Sở Tư pháp", 7, 8,
                 0.5);
  auto no_value = Row("signed_edocs", "Văn bản\nký số", "S1", "Sở Tư pháp", 0, 0, std::nullopt);
  const std::string csv = FormatCsv({row, no_value});
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "kpi,kpi_name,scope,unit,unit_name,period,period_start,period_end,numerator,"
            "denominator,ratio,target,met\r\n"
            "online_dossiers,\"Tỷ lệ hồ sơ, \"\"mức độ 3\"\" và 4\",agency,S1,Sở Tư pháp,year,"
            "2021-01-01,2022-01-01,7,8,0.875,0.5,true\r\n"
            "signed_edocs,\"Văn bản\nký số\",agency,S1,Sở Tư pháp,year,2021-01-01,2022-01-01,"
            "0,0,,,\r\n");
}

TEST(FormatCsvTest, EmptyReportIsBomAndHeader) {
  const std::string csv = FormatCsv({});
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFkpi,", 0), 0u);
  EXPECT_EQ(csv.back(), '\n');
  EXPECT_EQ(csv.find("\r\n"), csv.size() - 2);
}

TEST(FormatJsonTest, ArrayOfObjectsWithNullsAndAsOf) {
  auto missed = Row("on_time_dossiers", "Tỷ lệ \"đúng hạn\"", "S1", "Sở Tư pháp", 1, 3, 0.9);
  auto none = Row("signed_edocs", "Ký số", "S1", "Sở Tư pháp", 0, 0, std::nullopt);
  const std::string json = FormatJson({missed, none});
  EXPECT_EQ(json,
            "[\n"
            "  {\"kpi\": \"on_time_dossiers\", \"kpi_name\": \"Tỷ lệ \\\"đúng hạn\\\"\","
            " \"scope\": \"agency\", \"unit\": \"S1\", \"unit_name\": \"Sở Tư pháp\","
            " \"period\": \"year\", \"period_start\": \"2021-01-01\","
            " \"period_end\": \"2022-01-01\", \"numerator\": 1, \"denominator\": 3,"
            " \"ratio\": 0.3333333333333333, \"target\": 0.9, \"met\": false,"
            " \"as_of\": \"2021-09-15T10:30:00+07:00\"},\n"
            "  {\"kpi\": \"signed_edocs\", \"kpi_name\": \"Ký số\", \"scope\": \"agency\","
            " \"unit\": \"S1\", \"unit_name\": \"Sở Tư pháp\", \"period\": \"year\","
            " \"period_start\": \"2021-01-01\", \"period_end\": \"2022-01-01\","
            " \"numerator\": 0, \"denominator\": 0, \"ratio\": null, \"target\": null,"
            " \"met\": null, \"as_of\": \"2021-09-15T10:30:00+07:00\"}\n"
            "]\n");
  EXPECT_EQ(FormatJson({}), "[]\n");
}

}  // namespace
}  // namespace egovkpi::report
