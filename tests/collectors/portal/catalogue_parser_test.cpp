// The portal's page parsers (LayDanhMucDonVi, LayDanhSachTTHC, LayDanhSachDichVuCong)
// against recorded payloads (payloads/*.json, taken from egovkpi-sim's portal and edited to
// hold the invalid cases) and single records built in the test.
#include "egovkpi/collectors/portal/catalogue_parser.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace egovkpi::collectors::portal {
namespace {

namespace json = boost::json;
using namespace std::chrono;

std::string LoadPayload(std::string_view name) {
  const std::string path = std::string(EGOVKPI_PORTAL_PAYLOADS) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <typename Page>
Page MustParse(const FetchResult<Page>& result) {
  if (!result.ok()) {
    ADD_FAILURE() << "page failed: " << result.failure().message;
    return {};
  }
  return result.value();
}

LocalDate Day(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

std::vector<std::string> Reasons(const std::vector<RejectedRecord>& rejected) {
  std::vector<std::string> reasons;
  for (const RejectedRecord& r : rejected) reasons.push_back(r.reason);
  return reasons;
}

std::vector<std::string> Keys(const std::vector<RejectedRecord>& rejected) {
  std::vector<std::string> keys;
  for (const RejectedRecord& r : rejected) keys.push_back(r.key);
  return keys;
}

json::object Reply(json::array records, json::value total = 1) {
  json::object reply{{"error_code", 0}, {"message", "Thành công"}};
  reply["result"] = std::move(records);
  reply["tong_so"] = std::move(total);
  return reply;
}

// --- validity dates -------------------------------------------------------------------

TEST(CompactDateTest, ParsesAndFormatsLocalCalendarDays) {
  EXPECT_EQ(ParseCompactDate("20210806"), Day(2021, 8, 6));
  EXPECT_EQ(ParseCompactDate("20200229"), Day(2020, 2, 29));
  EXPECT_EQ(ParseCompactDate("20211231"), Day(2021, 12, 31));
  EXPECT_EQ(FormatCompactDate(Day(2021, 8, 6)), "20210806");
  EXPECT_EQ(FormatCompactDate(Day(1, 1, 1)), "00010101");
}

TEST(CompactDateTest, RejectsAnythingButExactlyYyyyMmDdOfARealDay) {
  for (const char* text : {"20210229", "20211301", "20210132", "2021080", "202108061", "2021-08-06",
                           "2021/08/06", "+2021080", "00000101", "", "20210806000000"}) {
    EXPECT_FALSE(ParseCompactDate(text)) << text;
  }
}

// --- units ----------------------------------------------------------------------------

TEST(UnitParserTest, ParsesUnitsOfEveryLevelWithCodesAsStringsOrNumbers) {
  const UnitPage page = MustParse(ParseUnitPage(LoadPayload("units_page.json")));
  EXPECT_EQ(page.total, 258);
  EXPECT_TRUE(page.rejected.empty());
  ASSERT_EQ(page.records.size(), 7u);
  EXPECT_EQ(page.records[0], (CatalogueUnit{"000.00.01.H21", "Văn phòng UBND tỉnh", 1, "H21"}));
  EXPECT_EQ(page.records[1].level, 1);
  EXPECT_EQ(page.records[2], (CatalogueUnit{"000.00.31.H21", "UBND thành phố Pleiku", 2, "H21"}));
  EXPECT_EQ(page.records[3].level, 2);
  EXPECT_EQ(page.records[4],
            (CatalogueUnit{"000.01.31.H21", "UBND phường Diên Hồng", 3, "000.00.31.H21"}));
  // Unknown fields are ignored; "" and null are absent.
  EXPECT_EQ(page.records[5],
            (CatalogueUnit{"000.21.45.H21", "UBND xã Ia Rsươm", 3, "000.00.45.H21"}));
  EXPECT_EQ(page.records[6], (CatalogueUnit{"000.00.90.H21", "", 1, ""}));
}

TEST(UnitParserTest, QuarantinesInvalidUnitsAndKeepsTheRest) {
  const UnitPage page = MustParse(ParseUnitPage(LoadPayload("units_mixed_page.json")));
  ASSERT_EQ(page.records.size(), 2u);
  EXPECT_EQ(page.records[0].code, "000.00.03.H21");
  EXPECT_EQ(page.records[1].code, "000.00.09.H21");
  EXPECT_EQ(Reasons(page.rejected),
            (std::vector<std::string>{"missing_field", "bad_code", "missing_field", "bad_code",
                                      "bad_code", "not_an_object", "not_an_object"}));
  EXPECT_EQ(Keys(page.rejected), (std::vector<std::string>{"", "000.00.04.H21", "000.00.05.H21",
                                                           "000.00.06.H21", "", "", ""}));
  // Listed (with a readable code) means not withdrawn, even when invalid.
  EXPECT_EQ(page.rejected_keys,
            (std::vector<std::string>{"000.00.04.H21", "000.00.05.H21", "000.00.06.H21"}));
  EXPECT_EQ(page.rejected[0].detail, "LayDanhMucDonVi: MaDonVi: required field is missing");
  EXPECT_EQ(page.rejected[1].detail, "LayDanhMucDonVi: CapDonVi: 4 is not a code in 1..3");
  EXPECT_EQ(page.rejected[2].detail, "LayDanhMucDonVi: CapDonVi: required field is missing");
  EXPECT_EQ(page.rejected[3].detail, "LayDanhMucDonVi: CapDonVi: \"tinh\" is not a code in 1..3");
  EXPECT_EQ(page.rejected[4].detail, "LayDanhMucDonVi: MaDonVi: an array is not a string");
  EXPECT_EQ(page.rejected[5].detail, "LayDanhMucDonVi: result[6] is a string");
  EXPECT_EQ(page.rejected[6].detail, "LayDanhMucDonVi: result[7] is null");
  // The payload is the record as served (the catalogue holds no personal data).
  EXPECT_EQ(json::parse(page.rejected[1].payload),
            json::parse(R"({"MaDonVi": "000.00.04.H21", "TenDonVi": "Sở Kế hoạch và Đầu tư",
                            "CapDonVi": 4, "MaDonViCha": "H21"})"));
  EXPECT_EQ(page.rejected[5].payload, "\"000.00.08.H21\"");
}

TEST(UnitParserTest, NumericCodesAreReadAsText) {
  const UnitPage page = MustParse(
      ParseUnitPage(Reply({json::object{{"MaDonVi", 3021}, {"CapDonVi", 2}, {"MaDonViCha", 21}}})));
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0], (CatalogueUnit{"3021", "", 2, "21"}));
}

// --- procedures -----------------------------------------------------------------------

TEST(ProcedureParserTest, ParsesProceduresAndTheirFeeFlag) {
  const ProcedurePage page = MustParse(ParseProcedurePage(LoadPayload("procedures_page.json")));
  EXPECT_EQ(page.total, 1915);  // served as the string "1915"
  EXPECT_TRUE(page.rejected.empty());
  ASSERT_EQ(page.records.size(), 5u);
  EXPECT_EQ(page.records[0],
            (CatalogueProcedure{"1.001010.000.00.00.H21",
                                "Đăng ký thành lập công ty cổ phần (trường hợp gia hạn)", "KH-DKDN",
                                "Thành lập và hoạt động doanh nghiệp", true}));
  EXPECT_FALSE(page.records[1].has_fee);
  EXPECT_FALSE(page.records[2].has_fee);  // absent
  EXPECT_TRUE(page.records[3].has_fee);   // "1"
  EXPECT_FALSE(page.records[4].has_fee);  // 0
  EXPECT_EQ(page.records[4].field_code, "");
}

TEST(ProcedureParserTest, QuarantinesProceduresWithoutCodeOrWithABadFeeFlag) {
  const ProcedurePage page =
      MustParse(ParseProcedurePage(LoadPayload("procedures_mixed_page.json")));
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].code, "1.001695.000.00.00.H21");
  EXPECT_EQ(Reasons(page.rejected), (std::vector<std::string>{"missing_field", "bad_code"}));
  EXPECT_EQ(page.rejected[0].detail, "LayDanhSachTTHC: MaTTHC: required field is missing");
  EXPECT_EQ(page.rejected[1].detail,
            "LayDanhSachTTHC: CoPhiLePhi: \"có\" is not a boolean (true/false, 0/1)");
  EXPECT_EQ(page.rejected_keys, (std::vector<std::string>{"1.001193.000.00.00.H21"}));
}

// --- service rows ---------------------------------------------------------------------

TEST(ServiceRowParserTest, ParsesRowsWithValidityAndBcciFlags) {
  const ServiceRowPage page = MustParse(ParseServiceRowPage(LoadPayload("service_rows_page.json")));
  EXPECT_EQ(page.total, 12759);
  EXPECT_TRUE(page.rejected.empty());
  ASSERT_EQ(page.records.size(), 6u);

  EXPECT_EQ(page.records[0], (ServiceRow{"000.00.01.H21", "1.001612.000.00.00.H21", Day(2020, 2, 7),
                                         std::nullopt, 3, false, false}));
  // MucDo as a string; TraKetQuaBCCI absent means false.
  EXPECT_EQ(page.records[1].level, 2);
  EXPECT_FALSE(page.records[1].bcci_return);

  // An upgraded pair: two rows, told apart by HieuLucTu.
  EXPECT_EQ(page.records[2], (ServiceRow{"000.00.02.H21", "1.001914.000.00.00.H21",
                                         Day(2020, 3, 16), Day(2021, 8, 5), 3, true, true}));
  EXPECT_EQ(page.records[3], (ServiceRow{"000.00.02.H21", "1.001914.000.00.00.H21", Day(2021, 8, 6),
                                         std::nullopt, 4, true, true}));
  EXPECT_NE(page.records[2].Key(), page.records[3].Key());
  EXPECT_LT(page.records[2].Key(), page.records[3].Key());

  // Flags as "1" and 0.
  EXPECT_TRUE(page.records[4].bcci_receive);
  EXPECT_FALSE(page.records[4].bcci_return);
  EXPECT_EQ(page.records[4].valid_to, Day(2021, 5, 28));
  // A row valid for one day (HieuLucDen == HieuLucTu), both flags absent.
  EXPECT_EQ(page.records[5], (ServiceRow{"000.21.45.H21", "1.001193.000.00.00.H21", Day(2021, 1, 1),
                                         Day(2021, 1, 1), 3, false, false}));
}

TEST(ServiceRowParserTest, QuarantinesInvalidRowsAndKeepsTheKeysOfListedOnes) {
  const ServiceRowPage page =
      MustParse(ParseServiceRowPage(LoadPayload("service_rows_mixed_page.json")));
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].procedure_code, "1.001612.000.00.00.H21");
  EXPECT_EQ(Reasons(page.rejected),
            (std::vector<std::string>{"missing_field", "bad_code", "bad_date", "missing_field",
                                      "bad_date", "bad_date", "bad_code", "missing_field",
                                      "not_an_object"}));
  EXPECT_EQ(Keys(page.rejected), (std::vector<std::string>{
                                     "000.00.01.H21|1.001612.000.00.00.H21|20200207",
                                     "000.00.01.H21|1.008450.000.00.00.H21|20200116",
                                     "000.00.02.H21|1.001185.000.00.00.H21|2020-07-09",
                                     "000.00.02.H21|1.001186.000.00.00.H21|",
                                     "000.00.02.H21|1.001187.000.00.00.H21|20200709",
                                     "000.00.02.H21|1.001188.000.00.00.H21|20210709",
                                     "000.00.02.H21|1.001189.000.00.00.H21|20200709",
                                     "",
                                     "",
                                 }));
  const std::string prefix = "LayDanhSachDichVuCong: ";
  EXPECT_EQ(page.rejected[0].detail, prefix + "MucDo: required field is missing");
  EXPECT_EQ(page.rejected[1].detail, prefix + "MucDo: 5 is not a code in 2..4");
  EXPECT_EQ(page.rejected[2].detail, prefix + "HieuLucTu: \"2020-07-09\" is not yyyyMMdd");
  EXPECT_EQ(page.rejected[3].detail, prefix + "HieuLucTu: required field is missing");
  EXPECT_EQ(page.rejected[4].detail, prefix + "HieuLucDen: \"20210231\" is not yyyyMMdd");
  EXPECT_EQ(page.rejected[5].detail,
            prefix + "HieuLucDen: \"20210708\" is before HieuLucTu \"20210709\"");
  EXPECT_EQ(page.rejected[6].detail,
            prefix + "TiepNhanBCCI: \"yes\" is not a boolean (true/false, 0/1)");
  EXPECT_EQ(page.rejected[7].detail, prefix + "MaTTHC: required field is missing");
  EXPECT_EQ(page.rejected[8].detail, prefix + "result[9] is an array");

  // Typed keys only where MaDonVi, MaTTHC and a valid HieuLucTu could be read.
  ASSERT_EQ(page.rejected_keys.size(), 5u);
  EXPECT_EQ(page.rejected_keys[0],
            (ServiceRowKey{"000.00.01.H21", "1.001612.000.00.00.H21", Day(2020, 2, 7)}));
  EXPECT_EQ(page.rejected_keys[1].procedure_code, "1.008450.000.00.00.H21");
  EXPECT_EQ(page.rejected_keys[2].procedure_code, "1.001187.000.00.00.H21");
  EXPECT_EQ(page.rejected_keys[3].procedure_code, "1.001188.000.00.00.H21");
  EXPECT_EQ(page.rejected_keys[4].procedure_code, "1.001189.000.00.00.H21");
}

TEST(ServiceRowParserTest, EveryProblemOfARecordIsInItsDetail) {
  const ServiceRowPage page = MustParse(ParseServiceRowPage(Reply({json::object{
      {"MaDonVi", "000.00.01.H21"}, {"MaTTHC", true}, {"MucDo", 1}, {"HieuLucTu", "x"}}})));
  ASSERT_EQ(page.rejected.size(), 1u);
  EXPECT_EQ(page.rejected[0].reason, "bad_code");
  EXPECT_EQ(page.rejected[0].detail,
            "LayDanhSachDichVuCong: MaTTHC: true is not a string; MucDo: 1 is not a code in "
            "2..4; HieuLucTu: \"x\" is not yyyyMMdd");
  EXPECT_TRUE(page.rejected_keys.empty());
}

TEST(ServiceRowParserTest, QuotedValuesInDetailsAreBounded) {
  const std::string long_date(5000, '9');
  const ServiceRowPage page =
      MustParse(ParseServiceRowPage(Reply({json::object{{"MaDonVi", "000.00.01.H21"},
                                                        {"MaTTHC", "1.001612.000.00.00.H21"},
                                                        {"MucDo", 3},
                                                        {"HieuLucTu", long_date}}})));
  ASSERT_EQ(page.rejected.size(), 1u);
  EXPECT_LT(page.rejected[0].detail.size(), 200u);
}

// --- whole pages ----------------------------------------------------------------------

TEST(CataloguePageTest, AnEmptyListingIsAValidPage) {
  const UnitPage page = MustParse(ParseUnitPage(LoadPayload("empty_listing.json")));
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.records.empty());
  EXPECT_TRUE(page.rejected.empty());
}

TEST(CataloguePageTest, FailsOnTruncatedJson) {
  const auto page = ParseServiceRowPage(LoadPayload("truncated_page.json"));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  EXPECT_NE(page.failure().message.find("LayDanhSachDichVuCong"), std::string::npos);
}

TEST(CataloguePageTest, FailsWithoutATotal) {
  const auto page = ParseUnitPage(LoadPayload("missing_total.json"));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  EXPECT_NE(page.failure().message.find("tong_so"), std::string::npos);
}

TEST(CataloguePageTest, FailsOnATotalThatIsNoCount) {
  for (const json::value& total :
       {json::value(-1), json::value("abc"), json::value(2.5), json::value(json::array{}),
        json::value(nullptr), json::value("")}) {
    const auto page = ParseProcedurePage(Reply({}, total));
    ASSERT_FALSE(page.ok()) << json::serialize(total);
    EXPECT_EQ(page.failure().reason, FailureReason::kParse);
  }
}

TEST(CataloguePageTest, FailsWhenResultIsNotAnArray) {
  json::object reply = Reply({});
  reply["result"] = json::object{};
  const auto missing = ParseUnitPage(json::object{{"error_code", 0}, {"tong_so", 0}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.failure().reason, FailureReason::kParse);
  const auto object = ParseUnitPage(reply);
  ASSERT_FALSE(object.ok());
  EXPECT_NE(object.failure().message.find("an object"), std::string::npos);
}

TEST(CataloguePageTest, FailsWhenTheReplyIsNotAnObject) {
  const auto page = ParseServiceRowPage(std::string_view("[1, 2]"));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
}

}  // namespace
}  // namespace egovkpi::collectors::portal
