// The tracking-reply parser against recorded payloads (payloads/*.json) and single events
// built from a valid base event with one field changed.
#include "egovkpi/collectors/postal/tracking_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../parse_failure_checks.hpp"

namespace egovkpi::collectors::postal {
namespace {

using collectors::test_support::ExpectParseFailure;
using collectors::test_support::GarbageReplies;
using collectors::test_support::NonObjectReplies;

namespace json = boost::json;

// The fields the contract names for an event; anything else in a payload stands for what
// VNPost's order records carry besides (names, phones, addresses of senders and receivers).
const std::set<std::string, std::less<>> kContractFields = {
    "Id",       "ItemCode",   "OrderNumber", "ServiceType",
    "UnitCode", "StatusCode", "StatusName",  "EventTime"};

std::string LoadPayload(std::string_view name) {
  const std::string path = std::string(EGOVKPI_POSTAL_PAYLOADS) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TrackingPage MustParse(const FetchResult<TrackingPage>& result) {
  if (!result.ok()) {
    ADD_FAILURE() << "page failed: " << result.failure().message;
    return {};
  }
  return result.value();
}

TrackingPage MustParse(std::string_view json_text) {
  return MustParse(ParseTrackingPage(json_text));
}

// Independent of the parser's own conversion.
TimePoint Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return TimePoint{std::chrono::sys_days{std::chrono::year{y} / m / d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

// A valid event with every field the contract names; tests change one field.
json::object BaseEvent() {
  return json::parse(R"({
    "Id": 5001, "ItemCode": "EB123456789VN", "OrderNumber": "H21.30-210305-0042",
    "ServiceType": "NHAN_HO_SO", "UnitCode": "000.30.21.H21", "StatusCode": 4,
    "StatusName": "Phát thành công", "EventTime": "2021-03-05T14:22:10+07:00"
  })")
      .as_object();
}

FetchResult<TrackingPage> ParseItems(json::array items, std::int64_t last_id = 5001) {
  json::object reply{{"lastId", last_id}};
  reply["items"] = std::move(items);
  return ParseTrackingPage(reply);
}

TrackingPage ParseOne(const json::object& event) { return MustParse(ParseItems({event})); }

json::object With(std::string_view name, json::value value) {
  json::object event = BaseEvent();
  event[name] = std::move(value);
  return event;
}

json::object Without(std::string_view name) {
  json::object event = BaseEvent();
  event.erase(name);
  return event;
}

// The values of every non-contract field of a payload's events, and its bare strings.
std::vector<std::string> ForeignValuesIn(const std::string& payload) {
  std::vector<std::string> values;
  const json::value reply = json::parse(payload);
  for (const json::value& element : reply.at("items").as_array()) {
    if (element.is_string()) values.emplace_back(element.get_string());
    if (!element.is_object()) continue;
    for (const auto& member : element.get_object()) {
      if (kContractFields.contains(member.key())) continue;
      if (member.value().is_string()) values.emplace_back(member.value().get_string());
    }
  }
  return values;
}

void ExpectNoneOf(const TrackingPage& page, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    for (const RejectedRecord& rejected : page.rejected) {
      EXPECT_EQ(rejected.payload.find(value), std::string::npos) << value;
      EXPECT_EQ(rejected.detail.find(value), std::string::npos) << value;
      EXPECT_EQ(rejected.key.find(value), std::string::npos) << value;
    }
    for (const PostalEvent& event : page.events) {
      EXPECT_EQ(event.item_code.find(value), std::string::npos) << value;
      EXPECT_EQ(event.order_number.find(value), std::string::npos) << value;
      EXPECT_EQ(event.unit_code.value_or("").find(value), std::string::npos) << value;
    }
  }
}

TEST(TrackingParser, ParsesGoodPage) {
  const TrackingPage page = MustParse(LoadPayload("good_page.json"));
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.items, 4U);
  EXPECT_EQ(page.last_id, 1007);
  ASSERT_EQ(page.events.size(), 4U);

  const PostalEvent first{.id = 1001,
                          .item_code = "EB123456789VN",
                          .order_number = "H21.30-210305-0042",
                          .service_type = ServiceType::kReceipt,
                          .unit_code = "000.30.21.H21",
                          .status = 1,
                          .event_time = Utc(2021, 3, 5, 1, 15)};
  EXPECT_EQ(page.events[0], first);

  const PostalEvent& second = page.events[1];
  EXPECT_EQ(second.id, 1002);
  EXPECT_EQ(second.item_code, "EB123456789VN");
  EXPECT_EQ(second.status, 4);  // "4"
  EXPECT_EQ(second.event_time, Utc(2021, 3, 5, 7, 22, 10));

  const PostalEvent& third = page.events[2];
  EXPECT_EQ(third.id, 1005);  // "1005"
  EXPECT_EQ(third.service_type, ServiceType::kReturn);
  EXPECT_EQ(third.unit_code, std::nullopt);  // absent
  EXPECT_EQ(third.status, kStatusCancelled);
  EXPECT_EQ(third.event_time, Utc(2021, 3, 5, 9));  // "Z", fraction dropped

  const PostalEvent& fourth = page.events[3];
  EXPECT_EQ(fourth.id, 1007);
  EXPECT_EQ(fourth.unit_code, std::nullopt);  // ""
  EXPECT_EQ(fourth.status, 3);
  EXPECT_EQ(fourth.event_time, Utc(2020, 12, 31, 16, 30));  // still 2020 in local time
}

TEST(TrackingParser, ParsesEmptyPageAsCaughtUp) {
  const TrackingPage page = MustParse(LoadPayload("empty_page.json"));
  EXPECT_EQ(page.items, 0U);
  EXPECT_TRUE(page.events.empty());
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.last_id, 1007);
}

TEST(TrackingParser, NumericAndStringCodesGiveIdenticalEvents) {
  const TrackingPage numeric = MustParse(LoadPayload("codes_as_numbers.json"));
  const TrackingPage strings = MustParse(LoadPayload("codes_as_strings.json"));
  ASSERT_EQ(numeric.events.size(), 2U);
  EXPECT_TRUE(numeric.rejected.empty());
  EXPECT_TRUE(strings.rejected.empty());
  EXPECT_EQ(numeric.events, strings.events);
  EXPECT_EQ(numeric.last_id, 2002);
  EXPECT_EQ(strings.last_id, 2002);
  EXPECT_EQ(numeric.events[0].unit_code, "30");
  EXPECT_EQ(numeric.events[1].status, 6);
}

TEST(TrackingParser, ConvertsEveryOffsetToTheSameInstant) {
  for (const char* text :
       {"2021-03-05T14:22:10+07:00", "2021-03-05T07:22:10Z", "2021-03-05T07:22:10z",
        "2021-03-05T02:22:10-05:00", "2021-03-05T14:22:10.999+07:00"}) {
    const TrackingPage page = ParseOne(With("EventTime", text));
    ASSERT_EQ(page.events.size(), 1U) << text;
    EXPECT_EQ(page.events[0].event_time, Utc(2021, 3, 5, 7, 22, 10)) << text;
  }
}

class TrackingParserRequiredField : public testing::TestWithParam<const char*> {};

TEST_P(TrackingParserRequiredField, RejectsEventMissingIt) {
  const std::string name = GetParam();
  for (const json::object& event : {Without(name), With(name, nullptr), With(name, "")}) {
    const TrackingPage page = MustParse(ParseItems({event, BaseEvent()}));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(event);
    ASSERT_EQ(page.events.size(), 1U);  // the rest of the page is kept
    const RejectedRecord& rejected = page.rejected[0];
    EXPECT_EQ(rejected.reason, "missing_field");
    EXPECT_NE(rejected.detail.find(name), std::string::npos) << rejected.detail;
    // The key is the Id, else the ItemCode.
    EXPECT_EQ(rejected.key, name == "Id" ? "EB123456789VN" : "5001");
  }
}

INSTANTIATE_TEST_SUITE_P(EachRequiredField, TrackingParserRequiredField,
                         testing::Values("Id", "ItemCode", "OrderNumber", "ServiceType",
                                         "StatusCode", "EventTime"));

TEST(TrackingParser, KeyIsEmptyWithoutIdAndItemCode) {
  json::object event = Without("Id");
  event.erase("ItemCode");
  const TrackingPage page = ParseOne(event);
  ASSERT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.rejected[0].key, "");
  EXPECT_EQ(page.rejected[0].detail,
            "Id: required field is missing; ItemCode: required field is missing");
}

TEST(TrackingParser, UnitCodeIsOptional) {
  for (const json::object& event :
       {Without("UnitCode"), With("UnitCode", nullptr), With("UnitCode", "")}) {
    const TrackingPage page = ParseOne(event);
    ASSERT_EQ(page.events.size(), 1U) << json::serialize(event);
    EXPECT_EQ(page.events[0].unit_code, std::nullopt);
  }
  for (const json::value& bad : {json::value(true), json::value(json::array{"x"}), json::value(1.5),
                                 json::value(json::object{})}) {
    const TrackingPage page = ParseOne(With("UnitCode", bad));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(bad);
    EXPECT_EQ(page.rejected[0].reason, "bad_code");
    EXPECT_NE(page.rejected[0].detail.find("UnitCode"), std::string::npos);
  }
}

TEST(TrackingParser, StatusNameIsNotNeeded) {
  for (const json::object& event : {Without("StatusName"), With("StatusName", 42)}) {
    EXPECT_EQ(ParseOne(event).events.size(), 1U) << json::serialize(event);
  }
}

TEST(TrackingParser, RejectsRequiredStringsOfWrongKind) {
  for (const char* name : {"ItemCode", "OrderNumber"}) {
    for (const json::value& bad : {json::value(true), json::value(json::array{"EB1VN"}),
                                   json::value(2.5), json::value(json::object{})}) {
      const TrackingPage page = ParseOne(With(name, bad));
      ASSERT_EQ(page.rejected.size(), 1U) << name << " = " << json::serialize(bad);
      EXPECT_EQ(page.rejected[0].reason, "bad_code");
      EXPECT_NE(page.rejected[0].detail.find(name), std::string::npos);
    }
  }
}

TEST(TrackingParser, RejectsIdThatIsNotAnIntegerOfZeroOrMore) {
  for (const json::value& bad :
       {json::value(-1), json::value("-3"), json::value("12a"), json::value(" 12"),
        json::value(1.5), json::value(5001.0), json::value(true), json::value(json::array{5001}),
        json::value(std::numeric_limits<std::uint64_t>::max())}) {
    const TrackingPage page = ParseOne(With("Id", bad));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(bad);
    EXPECT_EQ(page.rejected[0].reason, "bad_code") << json::serialize(bad);
    EXPECT_NE(page.rejected[0].detail.find("Id: "), std::string::npos);
    EXPECT_EQ(page.rejected[0].key, "EB123456789VN");
  }
  EXPECT_EQ(ParseOne(With("Id", 0)).events.at(0).id, 0);
  EXPECT_EQ(ParseOne(With("Id", "9007199254740993")).events.at(0).id, 9007199254740993);
}

TEST(TrackingParser, RejectsServiceTypeOutsideItsTable) {
  for (const json::value& bad :
       {json::value("nhan_ho_so"), json::value("GUI_HANG"), json::value(" TRA_KET_QUA"),
        json::value(1), json::value(true), json::value(json::array{"NHAN_HO_SO"})}) {
    const TrackingPage page = ParseOne(With("ServiceType", bad));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(bad);
    EXPECT_EQ(page.rejected[0].reason, "bad_code") << json::serialize(bad);
    EXPECT_NE(page.rejected[0].detail.find("ServiceType"), std::string::npos);
  }
  EXPECT_EQ(ParseOne(With("ServiceType", "TRA_KET_QUA")).events.at(0).service_type,
            ServiceType::kReturn);
}

TEST(TrackingParser, RejectsUnknownStatus) {
  for (const json::value& status :
       {json::value(0), json::value(8), json::value(9), json::value("abc"), json::value("0"),
        json::value(-1), json::value("4a"), json::value(4.0), json::value(true)}) {
    const TrackingPage page = ParseOne(With("StatusCode", status));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(status);
    EXPECT_EQ(page.rejected[0].reason, "unknown_status") << json::serialize(status);
    EXPECT_NE(page.rejected[0].detail.find("StatusCode"), std::string::npos);
  }
  for (int status = 1; status <= 7; ++status) {
    const TrackingPage page = ParseOne(With("StatusCode", json::string(std::to_string(status))));
    ASSERT_EQ(page.events.size(), 1U) << status;
    EXPECT_EQ(page.events[0].status, status);
  }
}

TEST(TrackingParser, RejectsEventTimeNotIso8601WithOffset) {
  for (const json::value& bad :
       {json::value("20210305142210"), json::value("2021-03-05T14:22:10"),
        json::value("2021-03-05 14:22:10+07:00"), json::value("2021-02-30T14:22:10+07:00"),
        json::value("2021-03-05T24:00:00+07:00"), json::value("2021-03-05T14:22:10+0700"),
        json::value("2021-03-05"), json::value(1614928930), json::value(true),
        json::value(json::array{})}) {
    const TrackingPage page = ParseOne(With("EventTime", bad));
    ASSERT_EQ(page.rejected.size(), 1U) << json::serialize(bad);
    EXPECT_TRUE(page.events.empty());
    EXPECT_EQ(page.rejected[0].reason, "bad_date") << json::serialize(bad);
    EXPECT_EQ(page.rejected[0].key, "5001");
  }
  // The detail quotes the offending value.
  EXPECT_EQ(ParseOne(With("EventTime", "2021-03-05T14:22:10")).rejected.at(0).detail,
            "EventTime: \"2021-03-05T14:22:10\" is not ISO 8601 with an offset");
}

TEST(TrackingParser, KeepsValidEventsBesideRejectedOnes) {
  const TrackingPage page = MustParse(LoadPayload("mixed_page.json"));
  EXPECT_EQ(page.items, 11U);
  ASSERT_EQ(page.events.size(), 2U);
  EXPECT_EQ(page.events[0].id, 3001);
  EXPECT_EQ(page.events[1].id, 3010);
  EXPECT_EQ(page.events[1].item_code, "EB300000002VN");
  std::vector<std::string> reasons;
  std::vector<std::string> keys;
  for (const RejectedRecord& rejected : page.rejected) {
    reasons.push_back(rejected.reason);
    keys.push_back(rejected.key);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "missing_field", "bad_code", "unknown_status", "bad_date", "bad_date",
                         "missing_field", "not_an_object", "not_an_object", "unknown_status"}));
  EXPECT_EQ(keys, (std::vector<std::string>{"EB300000002VN", "3003", "3004", "3005", "3006", "3007",
                                            "", "", "3011"}));
  EXPECT_EQ(page.rejected[6].detail, "items[7] is a string");
  EXPECT_EQ(page.rejected[7].detail, "items[8] is null");
  EXPECT_EQ(page.rejected[7].payload, "null");
  EXPECT_EQ(page.last_id, 3011);
}

TEST(TrackingParser, RejectsWithReasonsFromTheFixedSet) {
  for (const char* payload : {"mixed_page.json", "trailing_record_without_id.json"}) {
    for (const RejectedRecord& rejected : MustParse(LoadPayload(payload)).rejected) {
      EXPECT_NE(std::find(std::begin(kRejectReasons), std::end(kRejectReasons), rejected.reason),
                std::end(kRejectReasons))
          << rejected.reason;
    }
  }
}

TEST(TrackingParser, QuarantinedPayloadKeepsOnlyTheContractFields) {
  for (const char* name : {"good_page.json", "mixed_page.json"}) {
    const std::string payload = LoadPayload(name);
    const std::vector<std::string> foreign = ForeignValuesIn(payload);
    ASSERT_FALSE(foreign.empty()) << name;
    ExpectNoneOf(MustParse(payload), foreign);
  }
  const TrackingPage page = MustParse(LoadPayload("mixed_page.json"));
  const json::object kept = json::parse(page.rejected[0].payload).as_object();
  std::vector<std::string> fields;
  for (const auto& member : kept) fields.emplace_back(member.key());
  // In the order served, without SenderName and SenderPhone.
  EXPECT_EQ(fields, (std::vector<std::string>{"ItemCode", "OrderNumber", "ServiceType", "UnitCode",
                                              "StatusCode", "StatusName", "EventTime"}));
  EXPECT_EQ(kept.at("StatusName").as_string(), "Tạo đơn hàng");
  EXPECT_EQ(page.rejected[6].payload, "null");  // a bare string might be a name
}

TEST(TrackingParser, BoundsAndEscapesQuotedValues) {
  const TrackingPage page =
      ParseOne(With("EventTime", json::string("hôm nay\nFAKE LOG LINE " + std::string(200, 'x'))));
  ASSERT_EQ(page.rejected.size(), 1U);
  const std::string& detail = page.rejected[0].detail;
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_LT(detail.size(), 120U);
  EXPECT_NE(detail.find("EventTime: \"hôm nay\\nFAKE LOG LINE"), std::string::npos) << detail;
}

TEST(TrackingParser, RepliesLastIdCoversATrailingEventWithoutId) {
  const TrackingPage page = MustParse(LoadPayload("trailing_record_without_id.json"));
  EXPECT_EQ(page.events.size(), 2U);
  ASSERT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.rejected[0].reason, "missing_field");
  EXPECT_EQ(page.rejected[0].key, "EB400000003VN");
  EXPECT_EQ(page.last_id, 4003);  // not 4002, the last readable Id
}

TEST(TrackingParser, LastIdIsRaisedToTheHighestReadableId) {
  // A reply whose lastId lags behind what it served: the served Ids win, invalid events
  // included, so the next call does not read them again.
  json::object invalid = With("Id", 5003);
  invalid["StatusCode"] = 9;
  const TrackingPage page = MustParse(ParseItems({BaseEvent(), invalid}, /*last_id=*/5000));
  EXPECT_EQ(page.events.size(), 1U);
  EXPECT_EQ(page.rejected.size(), 1U);
  EXPECT_EQ(page.last_id, 5003);
}

TEST(TrackingParser, LastIdAboveTheServedIdsIsKept) {
  EXPECT_EQ(MustParse(ParseItems({BaseEvent()}, /*last_id=*/5050)).last_id, 5050);
}

TEST(TrackingParser, RejectsPageWithTruncatedJson) {
  const FetchResult<TrackingPage> result = ParseTrackingPage(LoadPayload("truncated_page.json"));
  ExpectParseFailure(result);
  EXPECT_TRUE(result.failure().IsTransient());
  EXPECT_EQ(result.failure().message.find("Nguyễn"), std::string::npos);
}

TEST(TrackingParser, RejectsGarbageBytes) {
  for (const std::string& input :
       GarbageReplies(std::string("{\"items\": [\"\xc3\x28\"], \"lastId\": 1}"),  // invalid UTF-8
                      "{\"items\": [], \"lastId\": 1} trailing")) {
    ExpectParseFailure(ParseTrackingPage(input));
  }
}

TEST(TrackingParser, RejectsTopLevelNonObject) {
  for (const std::string& input : NonObjectReplies(json::serialize(BaseEvent()))) {
    ExpectParseFailure(ParseTrackingPage(input));
  }
}

TEST(TrackingParser, RejectsReplyWhoseItemsIsNotAnArray) {
  for (const char* input :
       {R"({"lastId": 1})", R"({"items": null, "lastId": 1})", R"({"items": "", "lastId": 1})",
        R"({"items": {"Id": 1}, "lastId": 1})"}) {
    ExpectParseFailure(ParseTrackingPage(input));
  }
}

TEST(TrackingParser, RejectsReplyWithoutAUsableLastId) {
  for (const char* input :
       {R"({"items": []})", R"({"items": [], "lastId": null})", R"({"items": [], "lastId": ""})",
        R"({"items": [], "lastId": -1})", R"({"items": [], "lastId": "-1"})",
        R"({"items": [], "lastId": 1.5})", R"({"items": [], "lastId": "x"})",
        R"({"items": [], "lastId": 18446744073709551615})", R"({"items": [], "lastId": [1]})"}) {
    ExpectParseFailure(ParseTrackingPage(input));
  }
}

TEST(TrackingParser, NeverThrowsOnDamagedInput) {
  const std::string good = LoadPayload("good_page.json");
  ASSERT_TRUE(ParseTrackingPage(good).ok());
  for (std::size_t size = 0; size < good.size(); size += 7) {
    EXPECT_NO_THROW(ParseTrackingPage(std::string_view(good).substr(0, size)));
  }
  for (std::size_t i = 0; i < good.size(); i += 3) {
    for (char c : {'"', '{', ']', '\0', '9', ',', '-'}) {
      std::string damaged = good;
      damaged[i] = c;
      EXPECT_NO_THROW(ParseTrackingPage(damaged));
    }
  }
}

}  // namespace
}  // namespace egovkpi::collectors::postal
