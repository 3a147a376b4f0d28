// The GET /api/v1/edocs parser against recorded payloads (payloads/*.json) and single
// records built from a valid base record with one field changed; the document's words and
// the watermark's time format.
#include "egovkpi/collectors/edoc/document_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../parse_failure_checks.hpp"

namespace egovkpi::collectors::edoc {
namespace {

using collectors::test_support::ExpectParseFailure;
using collectors::test_support::GarbageReplies;
using collectors::test_support::NonObjectReplies;

namespace json = boost::json;
using std::chrono::year_month_day;

std::string LoadPayload(std::string_view name) {
  const std::string path = std::string(EGOVKPI_EDOC_PAYLOADS) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

DocumentPage MustParse(const FetchResult<DocumentPage>& result) {
  if (!result.ok()) {
    ADD_FAILURE() << "page failed: " << result.failure().message;
    return {};
  }
  return result.value();
}

DocumentPage MustParse(std::string_view json_text) {
  return MustParse(ParseDocumentPage(json_text));
}

// Independent of the parser's own conversion.
TimePoint Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return TimePoint{std::chrono::sys_days{std::chrono::year{y} / m / d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

year_month_day Day(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// A valid record with every field the parser reads; tests change one field.
json::object BaseRecord() {
  return json::parse(R"({
    "DocumentId": "000.00.01.H21,2021/03/04,215/UBND-VP", "Direction": "out",
    "OrganId": "000.00.01.H21", "PeerOrganIds": ["000.00.18.H21"], "PeerIsStateAgency": true,
    "CodeNumber": "215", "CodeNotation": "UBND-VP", "PromulgationDate": "2021/03/04",
    "DocumentType": 2, "Secret": false, "Transport": "lgsp",
    "Signatures": [{"Kind": "personal", "Valid": true, "SignerCN": "Võ Ngọc Thành",
                    "Issuer": "CN=CA G2", "SigningTime": "2021-03-04T08:12:40Z"}],
    "Status": "done", "SentAt": "2021-03-04T09:01:15Z", "UpdatedAt": "2021-03-05T07:22:10Z"
  })")
      .as_object();
}

FetchResult<DocumentPage> ParseRecords(json::array records) {
  json::object reply{{"nextCursor", nullptr}};
  reply["data"] = std::move(records);
  return ParseDocumentPage(reply);
}

DocumentPage ParseOne(const json::object& record) { return MustParse(ParseRecords({record})); }

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

// The record is rejected for `reason`, its detail naming `field`.
void ExpectRejected(const json::object& record, std::string_view reason, std::string_view field) {
  const DocumentPage page = ParseOne(record);
  ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(record);
  EXPECT_TRUE(page.documents.empty());
  EXPECT_EQ(page.rejected[0].reason, reason) << json::serialize(record);
  EXPECT_NE(page.rejected[0].detail.find(field), std::string::npos) << page.rejected[0].detail;
  EXPECT_EQ(page.newest_updated_at, std::nullopt);
}

TEST(DocumentParser, ParsesGoodPage) {
  const DocumentPage page = MustParse(LoadPayload("good_page.json"));
  EXPECT_TRUE(page.rejected.empty());
  ASSERT_EQ(page.documents.size(), 4U);
  EXPECT_EQ(page.next_cursor, "65317c313631343933303533307c696e7c3030302e30302e31382e4832317c");

  Document first;
  first.document_id = "000.00.01.H21,2021/03/04,215/UBND-VP";
  first.direction = Direction::kOut;
  first.organ_id = "000.00.01.H21";
  first.peer_is_state_agency = true;
  first.secret = false;
  first.transport = Transport::kLgsp;
  first.has_valid_signature = true;
  first.status = DocumentStatus::kDone;
  first.document_type = 2;
  first.promulgation_date = Day(2021, 3, 4);
  first.sent_at = Utc(2021, 3, 4, 9, 1, 15);
  first.received_at = std::nullopt;
  first.updated_at = Utc(2021, 3, 5, 7, 22, 10);
  EXPECT_EQ(page.documents[0], first);

  const Document& second = page.documents[1];
  EXPECT_EQ(second.direction, Direction::kIn);
  EXPECT_EQ(second.organ_id, "000.07.36.H21");
  EXPECT_EQ(second.transport, Transport::kAxis);
  EXPECT_FALSE(second.has_valid_signature);  // its only signature is not valid
  EXPECT_FALSE(second.secret);               // absent
  EXPECT_EQ(second.status, DocumentStatus::kProcessing);
  EXPECT_EQ(second.document_type, 1);  // "1"
  EXPECT_EQ(second.received_at, Utc(2021, 3, 4, 17, 30));
  EXPECT_EQ(second.sent_at, std::nullopt);

  const Document& third = page.documents[2];
  EXPECT_TRUE(third.secret);
  EXPECT_FALSE(third.peer_is_state_agency);  // absent
  EXPECT_EQ(third.transport, Transport::kPaper);
  EXPECT_FALSE(third.has_valid_signature);     // []
  EXPECT_EQ(third.sent_at, std::nullopt);      // ""
  EXPECT_EQ(third.received_at, std::nullopt);  // null

  // Only the required fields: everything else absent.
  Document fourth;
  fourth.document_id = "000.45.23.H21,2021/03/02,12/CV-UBND";
  fourth.direction = Direction::kIn;
  fourth.organ_id = "000.00.18.H21";
  fourth.peer_is_state_agency = true;  // "1"
  fourth.updated_at = Utc(2021, 3, 5, 9, 15, 30);
  EXPECT_EQ(page.documents[3], fourth);

  EXPECT_EQ(page.newest_updated_at, Utc(2021, 3, 5, 9, 15, 30));
}

TEST(DocumentParser, NullCursorMarksTheLastPage) {
  const DocumentPage page = MustParse(LoadPayload("last_page.json"));
  ASSERT_EQ(page.documents.size(), 1U);
  EXPECT_EQ(page.next_cursor, std::nullopt);
  EXPECT_EQ(page.newest_updated_at, Utc(2021, 12, 31, 16, 59, 59));
}

TEST(DocumentParser, AbsentOrEmptyCursorAlsoMarksTheLastPage) {
  EXPECT_EQ(MustParse(R"({"data": []})").next_cursor, std::nullopt);
  EXPECT_EQ(MustParse(R"({"data": [], "nextCursor": ""})").next_cursor, std::nullopt);
  EXPECT_EQ(MustParse(R"({"data": [], "nextCursor": "abc"})").next_cursor, "abc");
}

TEST(DocumentParser, ParsesEmptyPage) {
  const DocumentPage page = MustParse(LoadPayload("empty_page.json"));
  EXPECT_TRUE(page.documents.empty());
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.next_cursor, std::nullopt);
  EXPECT_EQ(page.newest_updated_at, std::nullopt);
}

class DocumentParserRequiredField : public testing::TestWithParam<const char*> {};

TEST_P(DocumentParserRequiredField, RejectsRecordMissingIt) {
  const std::string name = GetParam();
  for (const json::object& record : {Without(name), With(name, nullptr), With(name, "")}) {
    const DocumentPage page = MustParse(ParseRecords({record, BaseRecord()}));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(record);
    ASSERT_EQ(page.documents.size(), 1U);  // the rest of the page is kept
    const RejectedRecord& rejected = page.rejected[0];
    EXPECT_EQ(rejected.reason, "missing_field");
    EXPECT_NE(rejected.detail.find(name), std::string::npos) << rejected.detail;
    EXPECT_EQ(rejected.key, name == "DocumentId" ? "" : "000.00.01.H21,2021/03/04,215/UBND-VP");
  }
}

INSTANTIATE_TEST_SUITE_P(EachRequiredField, DocumentParserRequiredField,
                         testing::Values("DocumentId", "Direction", "OrganId", "UpdatedAt"));

TEST(DocumentParser, RejectsRequiredCodeOfWrongKind) {
  ExpectRejected(With("DocumentId", json::array{"x"}), "bad_code", "DocumentId");
  ExpectRejected(With("OrganId", true), "bad_code", "OrganId");
}

TEST(DocumentParser, AcceptsEveryWordOfTheContract) {
  for (const char* word : {"out", "in"}) {
    const DocumentPage page = ParseOne(With("Direction", word));
    ASSERT_EQ(page.documents.size(), 1U) << word;
    EXPECT_EQ(ToString(page.documents[0].direction), word);
  }
  for (const char* word : {"axis", "lgsp", "email", "paper"}) {
    const DocumentPage page = ParseOne(With("Transport", word));
    ASSERT_EQ(page.documents.size(), 1U) << word;
    ASSERT_TRUE(page.documents[0].transport.has_value());
    EXPECT_EQ(ToString(*page.documents[0].transport), word);
  }
  for (const char* word : {"inbox", "acceptance", "rejection", "processing", "done", "fail"}) {
    const DocumentPage page = ParseOne(With("Status", word));
    ASSERT_EQ(page.documents.size(), 1U) << word;
    ASSERT_TRUE(page.documents[0].status.has_value());
    EXPECT_EQ(ToString(*page.documents[0].status), word);
  }
}

TEST(DocumentParser, QuarantinesAnythingButTheLowerCaseWords) {
  for (const json::value& bad :
       {json::value("OUT"), json::value("Out"), json::value(" out"), json::value("outgoing"),
        json::value("sideways"), json::value(1), json::value(true), json::value(json::array{})}) {
    ExpectRejected(With("Direction", bad), "bad_code", "Direction");
  }
  for (const json::value& bad : {json::value("Axis"), json::value("LGSP"), json::value("fax"),
                                 json::value("axis "), json::value(2), json::value(false)}) {
    ExpectRejected(With("Transport", bad), "bad_code", "Transport");
  }
  for (const json::value& bad :
       {json::value("Done"), json::value("archived"), json::value("in progress"), json::value(5),
        json::value(json::object{})}) {
    ExpectRejected(With("Status", bad), "unknown_status", "Status");
  }
}

TEST(DocumentParser, TransportAndStatusMayBeAbsent) {
  for (const json::value& absent : {json::value(nullptr), json::value("")}) {
    json::object record = With("Transport", absent);
    record["Status"] = absent;
    const DocumentPage page = ParseOne(record);
    ASSERT_EQ(page.documents.size(), 1U);
    EXPECT_EQ(page.documents[0].transport, std::nullopt);
    EXPECT_EQ(page.documents[0].status, std::nullopt);
  }
}

class DocumentParserTimeField : public testing::TestWithParam<const char*> {};

TEST_P(DocumentParserTimeField, RejectsWhatIsNotRfc3339) {
  const std::string name = GetParam();
  for (const json::value& bad :
       {json::value("2021-03-05 07:22:10Z"), json::value("2021-03-05T07:22:10"),
        json::value("20210305072210"), json::value("2021-02-30T07:22:10Z"),
        json::value("2021-03-05T24:00:00Z"), json::value("2021-03-05"),
        json::value("2021/03/05T07:22:10Z"), json::value(1614928930), json::value(true)}) {
    ExpectRejected(With(name, bad), "bad_date", name);
  }
  const DocumentPage page = ParseOne(With(name, "yesterday"));
  EXPECT_EQ(page.rejected.at(0).detail, name + ": \"yesterday\" is not an RFC 3339 time");
}

INSTANTIATE_TEST_SUITE_P(EachTimeField, DocumentParserTimeField,
                         testing::Values("SentAt", "ReceivedAt", "UpdatedAt"));

TEST(DocumentParser, ReadsTimesWithAnOffsetOrAFractionAsTheirInstant) {
  json::object record = With("UpdatedAt", "2021-03-05T14:22:10+07:00");
  record["SentAt"] = "2021-03-05T07:22:10.999Z";
  record["ReceivedAt"] = "2021-03-04t17:00:00z";
  const DocumentPage page = ParseOne(record);
  ASSERT_EQ(page.documents.size(), 1U);
  EXPECT_EQ(page.documents[0].updated_at, Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(page.documents[0].sent_at, Utc(2021, 3, 5, 7, 22, 10));  // truncated to seconds
  EXPECT_EQ(page.documents[0].received_at, Utc(2021, 3, 4, 17));
}

TEST(DocumentParser, ReadsPromulgationDateAsACalendarDay) {
  EXPECT_EQ(ParseOne(With("PromulgationDate", "2020/12/31")).documents.at(0).promulgation_date,
            Day(2020, 12, 31));
  EXPECT_EQ(ParseOne(With("PromulgationDate", "2024/02/29")).documents.at(0).promulgation_date,
            Day(2024, 2, 29));
  EXPECT_EQ(ParseOne(Without("PromulgationDate")).documents.at(0).promulgation_date, std::nullopt);
  for (const json::value& bad :
       {json::value("2021-03-04"), json::value("04/03/2021"), json::value("2021/02/29"),
        json::value("2021/3/4"), json::value("2021/03/04T00:00:00Z"), json::value(20210304)}) {
    ExpectRejected(With("PromulgationDate", bad), "bad_date", "PromulgationDate");
  }
}

TEST(DocumentParser, ReadsFlagsAbsentAsFalse) {
  const DocumentPage page = ParseOne([] {
    json::object record = Without("Secret");
    record.erase("PeerIsStateAgency");
    return record;
  }());
  ASSERT_EQ(page.documents.size(), 1U);
  EXPECT_FALSE(page.documents[0].secret);
  EXPECT_FALSE(page.documents[0].peer_is_state_agency);

  for (const char* name : {"Secret", "PeerIsStateAgency"}) {
    const std::pair<json::value, bool> valid[] = {
        {true, true}, {false, false},   {1, true},        {0, false},
        {"1", true},  {"false", false}, {nullptr, false}, {"", false}};
    for (const auto& [value, expected] : valid) {
      const DocumentPage one = ParseOne(With(name, value));
      ASSERT_EQ(one.documents.size(), 1U) << name << " = " << json::serialize(value);
      EXPECT_EQ(name == std::string("Secret") ? one.documents[0].secret
                                              : one.documents[0].peer_is_state_agency,
                expected)
          << name << " = " << json::serialize(value);
    }
    for (const json::value& bad : {json::value(2), json::value("yes"), json::value("TRUE")}) {
      ExpectRejected(With(name, bad), "bad_code", name);
    }
  }
}

TEST(DocumentParser, HasValidSignatureWhenAnySignatureIsValid) {
  const auto parse = [](json::value signatures) {
    const DocumentPage page = ParseOne(With("Signatures", std::move(signatures)));
    EXPECT_EQ(page.documents.size(), 1U);
    return !page.documents.empty() && page.documents[0].has_valid_signature;
  };
  const json::object valid{{"Kind", "organization"}, {"Valid", true}};
  const json::object invalid{{"Kind", "personal"}, {"Valid", false}};
  const json::object unknown{{"Kind", "personal"}};  // Valid absent: not known valid
  EXPECT_TRUE(parse(json::array{invalid, valid}));
  EXPECT_TRUE(parse(json::array{json::object{{"Valid", "1"}}}));
  EXPECT_FALSE(parse(json::array{invalid, unknown}));
  EXPECT_FALSE(parse(json::array{}));
  EXPECT_FALSE(parse(nullptr));
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(ParseOne(Without("Signatures")).documents.at(0).has_valid_signature);
}

TEST(DocumentParser, QuarantinesMalformedSignatures) {
  ExpectRejected(With("Signatures", json::object{{"Valid", true}}), "bad_code", "Signatures");
  ExpectRejected(With("Signatures", "Võ Ngọc Thành"), "bad_code", "Signatures");
  ExpectRejected(With("Signatures", json::array{"Võ Ngọc Thành"}), "bad_code", "Signatures[0]");
  ExpectRejected(With("Signatures", json::array{json::object{{"Valid", true}}, 7}), "bad_code",
                 "Signatures[1]");
  ExpectRejected(With("Signatures", json::array{json::object{{"Valid", "yes"}}}), "bad_code",
                 "Signatures[0].Valid");
  ExpectRejected(With("Signatures", json::array{json::object{{"Kind", "robot"}, {"Valid", true}}}),
                 "bad_code", "Signatures[0].Kind");
}

TEST(DocumentParser, ReadsDocumentType) {
  EXPECT_EQ(ParseOne(With("DocumentType", 7)).documents.at(0).document_type, 7);
  EXPECT_EQ(ParseOne(With("DocumentType", "12")).documents.at(0).document_type, 12);
  EXPECT_EQ(ParseOne(Without("DocumentType")).documents.at(0).document_type, std::nullopt);
  for (const json::value& bad : {json::value(-1), json::value(1.5), json::value("a"),
                                 json::value(4294967296LL), json::value(true)}) {
    ExpectRejected(With("DocumentType", bad), "bad_code", "DocumentType");
  }
}

TEST(DocumentParser, KeepsValidRecordsBesideRejectedOnes) {
  const DocumentPage page = MustParse(LoadPayload("mixed_page.json"));
  ASSERT_EQ(page.documents.size(), 2U);
  EXPECT_EQ(page.documents[0].document_id, "000.00.01.H21,2021/03/10,240/UBND-VP");
  EXPECT_EQ(page.documents[1].document_id, "000.00.18.H21,2021/03/09,60/STTTT-VP");
  EXPECT_EQ(page.documents[1].received_at, Utc(2021, 3, 10, 3));  // +07:00
  EXPECT_EQ(page.documents[1].updated_at, Utc(2021, 3, 10, 10));  // .250 truncated

  std::vector<std::string> reasons;
  std::vector<std::string> keys;
  for (const RejectedRecord& rejected : page.rejected) {
    reasons.push_back(rejected.reason);
    keys.push_back(rejected.key);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"missing_field", "bad_code", "bad_code",
                                               "unknown_status", "not_an_object", "not_an_object",
                                               "bad_date", "bad_code", "bad_code", "bad_date"}));
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "", "000.00.01.H21,2021/03/10,241/UBND-VP", "000.00.18.H21,2021/03/09,55/STTTT-VP",
                "000.00.18.H21,2021/03/09,56/STTTT-VP", "", "",
                "000.00.18.H21,2021/03/09,57/STTTT-VP", "000.00.18.H21,2021/03/09,58/STTTT-VP",
                "000.00.18.H21,2021/03/09,59/STTTT-VP", "000.00.18.H21,2021/03/09,61/STTTT-VP"}));
  EXPECT_EQ(page.rejected[4].detail, "data[5] is a string");
  EXPECT_EQ(page.rejected[4].payload, "null");  // a bare string might be a name
  EXPECT_EQ(page.rejected[5].payload, "42");
  // Every problem of a record is listed, the first one giving the reason.
  EXPECT_EQ(
      page.rejected[7].detail,
      "Signatures[0].Valid: \"yes\" is not a boolean; PromulgationDate: \"2021-03-09\" is not "
      "YYYY/MM/DD");
  // A rejected record moves no watermark: the newest valid one does, even when rejected
  // records with later times follow it.
  EXPECT_EQ(page.newest_updated_at, Utc(2021, 3, 10, 10));
  EXPECT_TRUE(page.next_cursor.has_value());
}

TEST(DocumentParser, RejectsWithReasonsFromTheFixedSet) {
  for (const RejectedRecord& rejected : MustParse(LoadPayload("mixed_page.json")).rejected) {
    EXPECT_NE(std::find(std::begin(kRejectReasons), std::end(kRejectReasons), rejected.reason),
              std::end(kRejectReasons))
        << rejected.reason;
  }
}

TEST(DocumentParser, QuarantinedPayloadsKeepTheRecordWithoutSignerNames) {
  const DocumentPage page = MustParse(LoadPayload("mixed_page.json"));
  for (const RejectedRecord& rejected : page.rejected) {
    for (const char* name :
         {"Võ Ngọc Thành", "Nguyễn Thị Lan", "Phạm Minh Đức", "Rơ Châm Hoa", "Trần Văn Bình"}) {
      EXPECT_EQ(rejected.payload.find(name), std::string::npos) << name;
      EXPECT_EQ(rejected.detail.find(name), std::string::npos) << name;
    }
    EXPECT_EQ(rejected.payload.find("SignerCN"), std::string::npos);
  }
  // What is kept stays useful: the other fields, in the served order.
  const json::value kept = json::parse(page.rejected[1].payload);
  EXPECT_EQ(json::serialize(kept),
            R"({"DocumentId":"000.00.01.H21,2021/03/10,241/UBND-VP","Direction":"sideways",)"
            R"("OrganId":"000.00.01.H21","Signatures":[{"Kind":"personal","Valid":true}],)"
            R"("UpdatedAt":"2021-03-10T04:00:00Z"})");
  EXPECT_EQ(json::parse(page.rejected[8].payload).at("Signatures"), json::array{nullptr});
}

TEST(DocumentParser, DropsSignerNamesWhateverTheirCase) {
  json::object record = Without("DocumentId");
  record["Signatures"] = json::array{json::object{{"signercn", "Kpă Thuyên"}, {"Valid", true}}};
  const DocumentPage page = ParseOne(record);
  ASSERT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.rejected[0].payload.find("Thuy"), std::string::npos);
}

TEST(DocumentParser, RejectsTheSimulatorsInvalidRecords) {
  // egovkpi-sim's invalid_record fault: a copy of a real item without DocumentId, sometimes
  // with a Direction outside the table.
  json::object invalid = Without("DocumentId");
  invalid["Direction"] = "sideways";
  const DocumentPage page = MustParse(ParseRecords({Without("DocumentId"), invalid, BaseRecord()}));
  ASSERT_EQ(page.rejected.size(), 2U);
  EXPECT_EQ(page.rejected[0].reason, "missing_field");
  EXPECT_EQ(page.rejected[1].reason, "missing_field");
  EXPECT_NE(page.rejected[1].detail.find("Direction: \"sideways\""), std::string::npos);
  EXPECT_EQ(page.documents.size(), 1U);
}

TEST(DocumentParser, BoundsAndEscapesQuotedValues) {
  const DocumentPage page =
      ParseOne(With("Status", json::string("done\nFAKE LOG LINE " + std::string(200, 'x'))));
  ASSERT_EQ(page.rejected.size(), 1U);
  const std::string& detail = page.rejected[0].detail;
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_LT(detail.size(), 160U);
  EXPECT_NE(detail.find("Status: \"done\\nFAKE LOG LINE"), std::string::npos) << detail;
}

TEST(DocumentParser, RejectsPageWithTruncatedJson) {
  const FetchResult<DocumentPage> result = ParseDocumentPage(LoadPayload("truncated_page.json"));
  ExpectParseFailure(result);
  EXPECT_TRUE(result.failure().IsTransient());
  EXPECT_EQ(result.failure().message.find("Võ"), std::string::npos);
}

TEST(DocumentParser, RejectsGarbageBytes) {
  for (const std::string& input :
       GarbageReplies(std::string("{\"data\": [\"\xc3\x28\"]}"),  // invalid UTF-8
                      "{\"data\": []} trailing")) {
    ExpectParseFailure(ParseDocumentPage(input));
  }
}

TEST(DocumentParser, RejectsTopLevelNonObject) {
  for (const std::string& input : NonObjectReplies(json::serialize(BaseRecord()))) {
    ExpectParseFailure(ParseDocumentPage(input));
  }
}

TEST(DocumentParser, RejectsReplyWhoseDataIsNotAnArray) {
  for (const char* input : {R"({"nextCursor": null})", R"({"data": null})", R"({"data": ""})",
                            R"({"items": []})", R"({"data": {"DocumentId": "x"}})"}) {
    ExpectParseFailure(ParseDocumentPage(input));
  }
}

TEST(DocumentParser, RejectsReplyWithUnusableCursor) {
  for (const char* input :
       {R"({"data": [], "nextCursor": 42})", R"({"data": [], "nextCursor": true})",
        R"({"data": [], "nextCursor": ["a"]})"}) {
    ExpectParseFailure(ParseDocumentPage(input));
  }
  json::object huge{{"data", json::array{}}};
  huge["nextCursor"] = std::string(kMaxCursorBytes + 1, 'a');
  ExpectParseFailure(ParseDocumentPage(huge));
  huge["nextCursor"] = std::string(kMaxCursorBytes, 'a');
  EXPECT_TRUE(ParseDocumentPage(huge).ok());
}

TEST(DocumentParser, NeverThrowsOnDamagedInput) {
  const std::string good = LoadPayload("good_page.json");
  ASSERT_TRUE(ParseDocumentPage(good).ok());
  for (std::size_t size = 0; size < good.size(); size += 7) {
    EXPECT_NO_THROW(ParseDocumentPage(std::string_view(good).substr(0, size)));
  }
  for (std::size_t i = 0; i < good.size(); i += 3) {
    for (char c : {'"', '{', ']', '\0', '9', ','}) {
      std::string damaged = good;
      damaged[i] = c;
      EXPECT_NO_THROW(ParseDocumentPage(damaged));
    }
  }
}

// --- the document's words and the watermark's time format --------------------------------

TEST(DocumentWords, RoundTripAndRefuseOtherSpellings) {
  for (const Direction d : {Direction::kOut, Direction::kIn}) {
    EXPECT_EQ(ParseDirection(ToString(d)), d);
  }
  for (const Transport t :
       {Transport::kAxis, Transport::kLgsp, Transport::kEmail, Transport::kPaper}) {
    EXPECT_EQ(ParseTransport(ToString(t)), t);
  }
  for (const DocumentStatus s :
       {DocumentStatus::kInbox, DocumentStatus::kAcceptance, DocumentStatus::kRejection,
        DocumentStatus::kProcessing, DocumentStatus::kDone, DocumentStatus::kFail}) {
    EXPECT_EQ(ParseDocumentStatus(ToString(s)), s);
  }
  EXPECT_EQ(ParseDirection(""), std::nullopt);
  EXPECT_EQ(ParseTransport("AXIS"), std::nullopt);
  EXPECT_EQ(ParseDocumentStatus("done "), std::nullopt);
}

TEST(Rfc3339Format, WritesUtcWithWholeSecondsAndParsesBack) {
  EXPECT_EQ(FormatRfc3339Utc(Utc(2021, 3, 5, 7, 22, 10)), "2021-03-05T07:22:10Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(2020, 12, 31, 17)), "2020-12-31T17:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(TimePoint{}), "1970-01-01T00:00:00Z");
  for (const TimePoint t : {Utc(2021, 1, 1), Utc(2021, 12, 31, 23, 59, 59), Utc(2024, 2, 29, 12)}) {
    EXPECT_EQ(ParseIso8601(FormatRfc3339Utc(t)), t);
  }
}

}  // namespace
}  // namespace egovkpi::collectors::edoc
