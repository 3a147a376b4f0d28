// The LayDanhSachHoSo parser against recorded payloads (payloads/*.json) and single records
// built from a valid base record with one field changed.
#include "egovkpi/collectors/onegate/dossier_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../parse_failure_checks.hpp"

namespace egovkpi::collectors::onegate {
namespace {

using collectors::test_support::ExpectParseFailure;
using collectors::test_support::GarbageReplies;
using collectors::test_support::NonObjectReplies;

namespace json = boost::json;

const std::string_view kPersonalFieldNames[] = {"ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai",
                                                "Email", "DiaChi"};

std::string LoadPayload(std::string_view name) {
  const std::string path = std::string(EGOVKPI_ONEGATE_PAYLOADS) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

DossierPage MustParse(const FetchResult<DossierPage>& result) {
  if (!result.ok()) {
    ADD_FAILURE() << "page failed: " << result.failure().message;
    return {};
  }
  return result.value();
}

DossierPage MustParse(std::string_view json_text) { return MustParse(ParseDossierPage(json_text)); }

// Independent of the parser's own conversion: local time is UTC+07:00.
TimePoint Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return TimePoint{std::chrono::sys_days{std::chrono::year{y} / m / d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

// A valid record with every field the parser reads; tests change one field.
json::object BaseRecord() {
  return json::parse(R"({
    "MaHoSo": "H21.30-210305-0042", "MaTTHC": "1.001612.000.00.00.H21",
    "TenTTHC": "Đăng ký thành lập hộ kinh doanh", "MaDonVi": "000.30.21.H21",
    "KenhThucHien": 2, "HinhThuc": 0, "MucDo": 3, "TrangThaiHoSo": 4,
    "NgayNopHoSo": "20210305082115", "NgayTiepNhan": "20210305142210",
    "NgayHenTra": "20210310170000", "NgayCapNhat": "20210305142210",
    "DaXoa": false, "DuocThanhToanTrucTuyen": 1,
    "ChuHoSo": "Nguyễn Thị Hồng Nhung", "SoGiayToChuHoSo": "064187002315",
    "SoDienThoai": "0905123456", "Email": "hongnhung.nguyen.gl@example.vn",
    "DiaChi": "Số 12 đường Hùng Vương, phường Hội Thương, thành phố Pleiku, tỉnh Gia Lai"
  })")
      .as_object();
}

FetchResult<DossierPage> ParseRecords(json::array records) {
  json::object reply{{"error_code", 0}, {"message", "Thành công"}, {"con_du_lieu", false}};
  reply["result"] = std::move(records);
  return ParseDossierPage(reply);
}

DossierPage ParseOne(const json::object& record) { return MustParse(ParseRecords({record})); }

json::object With(std::string_view name, json::value value) {
  json::object record = BaseRecord();
  record[name] = std::move(value);
  return record;
}

json::object Without(std::string_view name) {
  json::object record = BaseRecord();
  record.erase(name);
  return record;
}

// The values of the personal fields in every record of a payload, and its bare strings.
std::vector<std::string> PersonalValuesIn(const std::string& payload) {
  std::vector<std::string> values;
  const json::value reply = json::parse(payload);
  for (const json::value& element : reply.at("result").as_array()) {
    if (element.is_string()) values.emplace_back(element.get_string());
    if (!element.is_object()) continue;
    for (std::string_view name : kPersonalFieldNames) {
      if (const json::value* v = element.get_object().if_contains(name); v && v->is_string()) {
        values.emplace_back(v->get_string());
      }
    }
  }
  return values;
}

void ExpectNoPersonalData(const DossierPage& page, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    for (const RejectedRecord& rejected : page.rejected) {
      EXPECT_EQ(rejected.payload.find(value), std::string::npos) << value;
      EXPECT_EQ(rejected.detail.find(value), std::string::npos) << value;
      EXPECT_EQ(rejected.key.find(value), std::string::npos) << value;
    }
    for (const Dossier& dossier : page.dossiers) {
      for (const std::string* text : {&dossier.code, &dossier.procedure_code, &dossier.unit_code}) {
        EXPECT_EQ(text->find(value), std::string::npos) << value;
      }
    }
  }
  for (const RejectedRecord& rejected : page.rejected) {
    for (std::string_view name : kPersonalFieldNames) {
      EXPECT_EQ(rejected.payload.find(name), std::string::npos) << name;
      EXPECT_EQ(rejected.detail.find(name), std::string::npos) << name;
    }
  }
}

TEST(DossierParser, ParsesGoodPage) {
  const DossierPage page = MustParse(LoadPayload("good_page.json"));
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_TRUE(page.more);
  ASSERT_EQ(page.dossiers.size(), 3U);

  Dossier first;
  first.code = "H21.30-210305-0042";
  first.procedure_code = "1.001612.000.00.00.H21";
  first.unit_code = "000.30.21.H21";
  first.channel = 2;
  first.return_method = 1;
  first.level = 3;
  first.status = 10;
  first.submitted_at = Utc(2021, 3, 5, 1, 21, 15);
  first.received_at = Utc(2021, 3, 5, 7, 22, 10);
  first.due_at = Utc(2021, 3, 10, 10);
  first.finished_at = Utc(2021, 3, 9, 3, 15);
  first.returned_at = Utc(2021, 3, 9, 8, 30);
  first.refused_at = std::nullopt;  // "" is absent
  first.updated_at = Utc(2021, 3, 9, 8, 30);
  first.deleted = false;
  first.payment = 1;
  first.has_electronic_result = true;
  EXPECT_EQ(page.dossiers[0], first);

  const Dossier& second = page.dossiers[1];
  EXPECT_EQ(second.code, "H21.30-210308-0007");
  EXPECT_EQ(second.channel, 1);
  EXPECT_EQ(second.level, 2);
  EXPECT_EQ(second.status, 4);
  EXPECT_EQ(second.finished_at, std::nullopt);
  EXPECT_FALSE(second.deleted);  // "0"
  EXPECT_EQ(second.payment, 0);
  EXPECT_FALSE(second.has_electronic_result);  // []

  const Dossier& third = page.dossiers[2];
  EXPECT_EQ(third.code, "H21.45-210310-0113");
  EXPECT_EQ(third.unit_code, "000.45.23.H21");
  EXPECT_EQ(third.channel, 3);
  EXPECT_EQ(third.return_method, 0);  // absent
  EXPECT_EQ(third.level, std::nullopt);
  EXPECT_EQ(third.status, 3);
  EXPECT_EQ(third.refused_at, Utc(2021, 3, 10, 7, 30));
  EXPECT_TRUE(third.deleted);              // 1
  EXPECT_EQ(third.payment, std::nullopt);  // null
  EXPECT_FALSE(third.has_electronic_result);

  ASSERT_TRUE(page.last_cursor.has_value());
  EXPECT_EQ(page.last_cursor->updated_at, Utc(2021, 3, 10, 7, 30));
  EXPECT_EQ(page.last_cursor->after_code, "H21.45-210310-0113");
}

TEST(DossierParser, ParsesEmptyPage) {
  const DossierPage page = MustParse(LoadPayload("empty_page.json"));
  EXPECT_TRUE(page.dossiers.empty());
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_FALSE(page.more);
  EXPECT_EQ(page.last_cursor, std::nullopt);
}

TEST(DossierParser, MissingMoreFlagMeansNoMore) {
  const DossierPage page = MustParse(R"({"error_code": 0, "result": []})");
  EXPECT_FALSE(page.more);
}

TEST(DossierParser, NumericAndStringCodesGiveIdenticalDossiers) {
  const DossierPage numeric = MustParse(LoadPayload("codes_as_numbers.json"));
  const DossierPage strings = MustParse(LoadPayload("codes_as_strings.json"));
  ASSERT_EQ(numeric.dossiers.size(), 2U);
  EXPECT_TRUE(numeric.rejected.empty());
  EXPECT_TRUE(strings.rejected.empty());
  EXPECT_EQ(numeric.dossiers, strings.dossiers);
  EXPECT_EQ(numeric.dossiers[0].status, 9);
  EXPECT_EQ(numeric.dossiers[0].level, 4);
  EXPECT_EQ(numeric.dossiers[0].payment, 2);
  EXPECT_EQ(numeric.dossiers[1].payment, 3);
}

TEST(DossierParser, ConvertsLocalTimesToUtc) {
  const DossierPage page = ParseOne(With("NgayCapNhat", "20210101000000"));
  ASSERT_EQ(page.dossiers.size(), 1U);
  EXPECT_EQ(page.dossiers[0].updated_at, Utc(2020, 12, 31, 17));
  EXPECT_EQ(page.last_cursor->updated_at, Utc(2020, 12, 31, 17));
}

class DossierParserRequiredField : public testing::TestWithParam<const char*> {};

TEST_P(DossierParserRequiredField, RejectsRecordMissingIt) {
  const std::string name = GetParam();
  for (const json::object& record : {Without(name), With(name, nullptr), With(name, "")}) {
    const DossierPage page = MustParse(ParseRecords({record, BaseRecord()}));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(record);
    ASSERT_EQ(page.dossiers.size(), 1U);  // the rest of the page is kept
    const RejectedRecord& rejected = page.rejected[0];
    EXPECT_EQ(rejected.reason, "missing_field");
    EXPECT_NE(rejected.detail.find(name), std::string::npos) << rejected.detail;
    EXPECT_EQ(rejected.key, name == "MaHoSo" ? "" : "H21.30-210305-0042");
    if (name != "MaHoSo") {
      EXPECT_NE(rejected.payload.find("H21.30-210305-0042"), std::string::npos);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EachRequiredField, DossierParserRequiredField,
                         testing::Values("MaHoSo", "MaTTHC", "MaDonVi", "TrangThaiHoSo",
                                         "NgayCapNhat"));

TEST(DossierParser, RejectsRequiredCodeOfWrongKind) {
  const DossierPage page = ParseOne(With("MaTTHC", json::array{"1.001612.000.00.00.H21"}));
  ASSERT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.rejected[0].reason, "bad_code");
  EXPECT_NE(page.rejected[0].detail.find("MaTTHC"), std::string::npos);
}

class DossierParserDateField : public testing::TestWithParam<const char*> {};

TEST_P(DossierParserDateField, RejectsUnparsableDate) {
  const std::string name = GetParam();
  for (const json::value& bad :
       {json::value("2021-03-05"), json::value("20210230080000"), json::value("20210305250000"),
        json::value("20210305 142210"), json::value("2021030514221"), json::value(true),
        json::value(json::array{}), json::value(20210230080000)}) {
    const DossierPage page = ParseOne(With(name, bad));
    ASSERT_EQ(page.rejected.size(), 1U) << name << " = " << json::serialize(bad);
    EXPECT_TRUE(page.dossiers.empty());
    EXPECT_EQ(page.rejected[0].reason, "bad_date");
    EXPECT_NE(page.rejected[0].detail.find(name), std::string::npos) << page.rejected[0].detail;
    EXPECT_EQ(page.rejected[0].key, "H21.30-210305-0042");
  }
  // The detail quotes the offending value of this (non-personal) field.
  const DossierPage page = ParseOne(With(name, "2021-03-05"));
  EXPECT_EQ(page.rejected[0].detail, name + ": \"2021-03-05\" is not yyyyMMddHHmmss");
}

INSTANTIATE_TEST_SUITE_P(EachDateField, DossierParserDateField,
                         testing::Values("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra",
                                         "NgayKetThucXuLy", "NgayTra", "NgayTuChoi",
                                         "NgayCapNhat"));

TEST(DossierParser, RejectsUnknownStatus) {
  for (const json::value& status :
       {json::value(0), json::value(11), json::value("abc"), json::value("0"), json::value("11"),
        json::value(-1), json::value("4a"), json::value(4.0), json::value(true)}) {
    const DossierPage page = ParseOne(With("TrangThaiHoSo", status));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(status);
    EXPECT_EQ(page.rejected[0].reason, "unknown_status") << json::serialize(status);
    EXPECT_NE(page.rejected[0].detail.find("TrangThaiHoSo"), std::string::npos);
  }
  for (int status = 1; status <= 10; ++status) {
    const DossierPage page = ParseOne(With("TrangThaiHoSo", json::string(std::to_string(status))));
    ASSERT_EQ(page.dossiers.size(), 1U) << status;
    EXPECT_EQ(page.dossiers[0].status, status);
  }
}

TEST(DossierParser, RejectsCodesOutsideTheirTables) {
  const std::pair<const char*, json::value> cases[] = {{"KenhThucHien", 0},
                                                       {"KenhThucHien", 4},
                                                       {"KenhThucHien", "x"},
                                                       {"HinhThuc", 2},
                                                       {"HinhThuc", -1},
                                                       {"MucDo", 1},
                                                       {"MucDo", "5"},
                                                       {"DuocThanhToanTrucTuyen", 4},
                                                       {"DuocThanhToanTrucTuyen", " 1"},
                                                       {"KenhThucHien", 1.0},
                                                       {"HinhThuc", json::object{}}};
  for (const auto& [name, value] : cases) {
    const DossierPage page = ParseOne(With(name, value));
    ASSERT_EQ(page.rejected.size(), 1U) << name << " = " << json::serialize(value);
    EXPECT_EQ(page.rejected[0].reason, "bad_code");
    EXPECT_NE(page.rejected[0].detail.find(name), std::string::npos);
  }
}

TEST(DossierParser, NullAndEmptyStringMeanAbsent) {
  json::object record = BaseRecord();
  for (const char* name : {"KenhThucHien", "HinhThuc", "MucDo", "NgayNopHoSo", "NgayTiepNhan",
                           "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi", "DaXoa",
                           "DuocThanhToanTrucTuyen", "DanhSachGiayToKetQua"}) {
    for (const json::value& absent : {json::value(nullptr), json::value("")}) {
      record[name] = absent;
      const DossierPage page = ParseOne(record);
      ASSERT_EQ(page.dossiers.size(), 1U) << name << " = " << json::serialize(absent);
      const Dossier& dossier = page.dossiers[0];
      EXPECT_EQ(dossier.channel, 1) << name;
      EXPECT_EQ(dossier.return_method, 0) << name;
    }
  }
  const DossierPage page = ParseOne(record);
  ASSERT_EQ(page.dossiers.size(), 1U);
  const Dossier& dossier = page.dossiers[0];
  EXPECT_EQ(dossier.level, std::nullopt);
  EXPECT_EQ(dossier.submitted_at, std::nullopt);
  EXPECT_EQ(dossier.received_at, std::nullopt);
  EXPECT_EQ(dossier.due_at, std::nullopt);
  EXPECT_EQ(dossier.finished_at, std::nullopt);
  EXPECT_EQ(dossier.returned_at, std::nullopt);
  EXPECT_EQ(dossier.refused_at, std::nullopt);
  EXPECT_FALSE(dossier.deleted);
  EXPECT_EQ(dossier.payment, std::nullopt);
  EXPECT_FALSE(dossier.has_electronic_result);
}

TEST(DossierParser, ReadsDaXoaForms) {
  const std::pair<json::value, bool> valid[] = {{true, true},   {false, false},  {1, true},
                                                {0, false},     {"1", true},     {"0", false},
                                                {"true", true}, {"false", false}};
  for (const auto& [value, deleted] : valid) {
    const DossierPage page = ParseOne(With("DaXoa", value));
    ASSERT_EQ(page.dossiers.size(), 1U) << json::serialize(value);
    EXPECT_EQ(page.dossiers[0].deleted, deleted) << json::serialize(value);
  }
  EXPECT_FALSE(ParseOne(Without("DaXoa")).dossiers.at(0).deleted);
  for (const json::value& invalid :
       {json::value(2), json::value("yes"), json::value("TRUE"), json::value("co"),
        json::value(1.0), json::value(json::array{1})}) {
    const DossierPage page = ParseOne(With("DaXoa", invalid));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(invalid);
    EXPECT_EQ(page.rejected[0].reason, "bad_code");
    EXPECT_NE(page.rejected[0].detail.find("DaXoa"), std::string::npos);
  }
}

TEST(DossierParser, DetectsElectronicResult) {
  EXPECT_TRUE(
      ParseOne(With("DanhSachGiayToKetQua", json::array{json::object{{"TenGiayTo", "Giấy phép"}}}))
          .dossiers.at(0)
          .has_electronic_result);
  EXPECT_FALSE(
      ParseOne(With("DanhSachGiayToKetQua", json::array{})).dossiers.at(0).has_electronic_result);
  EXPECT_FALSE(ParseOne(Without("DanhSachGiayToKetQua")).dossiers.at(0).has_electronic_result);
}

TEST(DossierParser, KeepsValidRecordsBesideRejectedOnes) {
  const DossierPage page = MustParse(LoadPayload("mixed_page.json"));
  ASSERT_EQ(page.dossiers.size(), 1U);
  EXPECT_EQ(page.dossiers[0].code, "H21.30-210312-0020");
  std::vector<std::string> reasons;
  std::vector<std::string> keys;
  for (const RejectedRecord& rejected : page.rejected) {
    reasons.push_back(rejected.reason);
    keys.push_back(rejected.key);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"missing_field", "bad_date", "unknown_status",
                                               "not_an_object", "not_an_object", "bad_code",
                                               "unknown_status"}));
  EXPECT_EQ(keys, (std::vector<std::string>{"H21.30-210312-0021", "H21.30-210312-0022",
                                            "H21.30-210312-0023", "", "", "H21.30-210312-0024",
                                            "H21.30-210312-0025"}));
  EXPECT_EQ(page.rejected[3].detail, "result[4] is a string");
  EXPECT_EQ(page.rejected[4].payload, "42");
  // The last record was rejected, but its position still moves paging past it.
  ASSERT_TRUE(page.last_cursor.has_value());
  EXPECT_EQ(page.last_cursor->after_code, "H21.30-210312-0025");
  EXPECT_EQ(page.last_cursor->updated_at, Utc(2021, 3, 12, 4));
  EXPECT_TRUE(page.more);
}

TEST(DossierParser, RejectsWithReasonsFromTheFixedSet) {
  for (const char* payload : {"mixed_page.json", "trailing_record_without_update_time.json"}) {
    for (const RejectedRecord& rejected : MustParse(LoadPayload(payload)).rejected) {
      EXPECT_NE(std::find(std::begin(kRejectReasons), std::end(kRejectReasons), rejected.reason),
                std::end(kRejectReasons))
          << rejected.reason;
    }
  }
}

TEST(DossierParser, NeverKeepsPersonalData) {
  for (const char* name :
       {"good_page.json", "mixed_page.json", "trailing_record_without_update_time.json"}) {
    const std::string payload = LoadPayload(name);
    const std::vector<std::string> personal = PersonalValuesIn(payload);
    ASSERT_FALSE(personal.empty()) << name;
    const DossierPage page = MustParse(payload);
    ExpectNoPersonalData(page, personal);
  }
  // What is kept stays useful: the non-personal fields of a quarantined record.
  const DossierPage page = MustParse(LoadPayload("mixed_page.json"));
  const json::value kept = json::parse(page.rejected[0].payload);
  EXPECT_EQ(kept.at("MaHoSo").as_string(), "H21.30-210312-0021");
  EXPECT_EQ(kept.at("TenTTHC").as_string(), "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh");
  EXPECT_EQ(kept.at("NgayCapNhat").as_string(), "20210312090000");
  EXPECT_EQ(page.rejected[3].payload, "null");  // a bare string might be a name
}

TEST(DossierParser, DropsPersonalFieldsWhateverTheirCase) {
  json::object record = Without("MaTTHC");
  record["email"] = "tran.b@example.vn";
  record["DIACHI"] = "Thôn 1, xã Ia Kênh";
  const DossierPage page = ParseOne(record);
  ASSERT_EQ(page.rejected.size(), 1U);
  ExpectNoPersonalData(
      page, {"tran.b@example.vn", "Thôn 1, xã Ia Kênh", "Nguyễn Thị Hồng Nhung", "064187002315",
             "0905123456", "hongnhung.nguyen.gl@example.vn", "Số 12 đường Hùng Vương"});
}

TEST(DossierParser, BoundsAndEscapesQuotedValues) {
  const DossierPage page = ParseOne(
      With("NgayHenTra", json::string("ngày mai\nFAKE LOG LINE " + std::string(200, 'x'))));
  ASSERT_EQ(page.rejected.size(), 1U);
  const std::string& detail = page.rejected[0].detail;
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_LT(detail.size(), 120U);
  EXPECT_NE(detail.find("NgayHenTra: \"ngày mai\\nFAKE LOG LINE"), std::string::npos) << detail;
}

TEST(DossierParser, LastCursorSkipsTrailingRecordWithoutUpdateTime) {
  const DossierPage page = MustParse(LoadPayload("trailing_record_without_update_time.json"));
  EXPECT_EQ(page.dossiers.size(), 2U);
  ASSERT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.rejected[0].reason, "missing_field");
  EXPECT_EQ(page.rejected[0].key, "H21.30-210313-0003");
  ASSERT_TRUE(page.last_cursor.has_value());
  EXPECT_EQ(page.last_cursor->after_code, "H21.30-210313-0002");
  EXPECT_EQ(page.last_cursor->updated_at, Utc(2021, 3, 13, 1, 15));
}

TEST(DossierParser, LastCursorIsEmptyWhenNoRecordHasAPosition) {
  const DossierPage page = MustParse(ParseRecords({Without("NgayCapNhat"), Without("MaHoSo"), 7}));
  EXPECT_EQ(page.rejected.size(), 3U);
  EXPECT_EQ(page.last_cursor, std::nullopt);
}

TEST(DossierParser, RejectsPageWithTruncatedJson) {
  const std::string truncated = LoadPayload("truncated_page.json");
  const FetchResult<DossierPage> result = ParseDossierPage(truncated);
  ExpectParseFailure(result);
  EXPECT_TRUE(result.failure().IsTransient());
  EXPECT_EQ(result.failure().message.find("Nguyễn"), std::string::npos);
}

TEST(DossierParser, RejectsGarbageBytes) {
  for (const std::string& input :
       GarbageReplies(std::string("{\"result\": [\"\xc3\x28\"]}"),  // invalid UTF-8
                      "{\"result\": []} trailing")) {
    ExpectParseFailure(ParseDossierPage(input));
  }
}

TEST(DossierParser, RejectsTopLevelNonObject) {
  for (const std::string& input : NonObjectReplies(json::serialize(BaseRecord()))) {
    ExpectParseFailure(ParseDossierPage(input));
  }
}

TEST(DossierParser, RejectsReplyWhoseResultIsNotAnArray) {
  for (const char* input :
       {R"({"error_code": 0, "con_du_lieu": false})", R"({"error_code": 0, "result": null})",
        R"({"error_code": 0, "result": ""})",
        R"({"error_code": 0, "result": {"MaHoSo": "H21.30-210305-0042"}})"}) {
    ExpectParseFailure(ParseDossierPage(input));
  }
}

TEST(DossierParser, RejectsReplyWithUnreadableMoreFlag) {
  ExpectParseFailure(ParseDossierPage(R"({"result": [], "con_du_lieu": "maybe"})"));
}

TEST(DossierParser, NeverThrowsOnDamagedInput) {
  const std::string good = LoadPayload("good_page.json");
  ASSERT_TRUE(ParseDossierPage(good).ok());
  for (std::size_t size = 0; size < good.size(); size += 7) {
    EXPECT_NO_THROW(ParseDossierPage(std::string_view(good).substr(0, size)));
  }
  for (std::size_t i = 0; i < good.size(); i += 3) {
    for (char c : {'"', '{', ']', '\0', '9', ','}) {
      std::string damaged = good;
      damaged[i] = c;
      EXPECT_NO_THROW(ParseDossierPage(damaged));
    }
  }
}

}  // namespace
}  // namespace egovkpi::collectors::onegate
