// Contract tests of the simulated VNPost tracking system and document-exchange system
// (shared/spec/upstream-api.md, sections 3 and 4), called directly through Handle on small
// hand-built provinces: authentication, paging, visibility in simulated time, data faults.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"

namespace egovkpi::sim {
namespace {

namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const SystemCredentials kPostalCredentials{"ubnd-gialai", "s3cret-postal"};
const SystemCredentials kEdocCredentials{"", "edoc-api-key"};

Time At(std::string_view rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Time{});
}

const Time kT0 = At("2021-03-01T00:00:00Z");

SimRequest Request(std::string method, std::string target,
                   std::vector<std::pair<std::string, std::string>> headers = {},
                   std::string body = {}) {
  SimRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

json::value Body(const SimReply& reply) {
  boost::system::error_code error;
  json::value value = json::parse(reply.body, error);
  EXPECT_FALSE(error) << reply.body;
  return value;
}

std::vector<Unit> SomeUnits() {
  return {
      {"000.00.12.H21", "Sở Thông tin và Truyền thông", 1, "H21", true},
      {"000.00.30.H21", "UBND thành phố Pleiku", 2, "H21", true},
      {"000.31.30.H21", "UBND phường Yên Đỗ", 3, "000.00.30.H21", true},
  };
}

// ---------------------------------------------------------------------------------------
// Postal (VNPost BCCI tracking)

constexpr int kPostalEvents = 30;
constexpr int kVisibleAtNow = 21;  // events 0..20 are recorded by kPostalNow
const Time kPostalNow = kT0 + hours(20);

// 30 events with ids 5, 12, 19, ... (gaps), recorded one an hour from kT0; their event
// times are sometimes earlier than those of lower ids.
Province PostalProvince() {
  Province province;
  province.units = SomeUnits();
  for (std::uint32_t i = 0; i < 4; ++i) {
    PostalItem item;
    item.item_code = "EB12345678" + std::to_string(i) + "VN";
    item.order_number = province.dossier_codes.Add("H21.30-210301-000" + std::to_string(i));
    item.service = i % 2 == 0 ? PostalService::kReceipt : PostalService::kReturn;
    item.unit = i % 3;
    province.postal_items.push_back(item);
  }
  for (int i = 0; i < kPostalEvents; ++i) {
    PostalEvent event;
    event.id = 5 + 7 * i;
    event.item = static_cast<std::uint32_t>(i % 4);
    event.status = static_cast<std::uint8_t>(1 + i % 7);
    event.recorded_at = kT0 + hours(i);
    event.event_time = event.recorded_at - minutes(i % 3 == 0 ? 90 : 10);
    province.postal_events.push_back(event);
  }
  return province;
}

SimReply PostToken(UpstreamSystem& system, std::string body) {
  return system.Handle(
      Request("POST", "/oauth/token", {{"Content-Type", "application/json"}}, std::move(body)),
      kPostalNow, {});
}

std::string NewToken(UpstreamSystem& system) {
  const SimReply reply =
      PostToken(system, R"({"customerKey":"ubnd-gialai","secretKey":"s3cret-postal"})");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return std::string(Body(reply).at("access_token").as_string());
}

SimReply Track(UpstreamSystem& system, const std::string& token, std::string query, Time now,
               const DataFaults& faults = {}) {
  return system.Handle(
      Request("GET", "/bcci/tracking?" + query, {{"Authorization", "Bearer " + token}}), now,
      faults);
}

SimReply Track(UpstreamSystem& system, const std::string& token, std::int64_t last_id, int limit,
               Time now, const DataFaults& faults = {}) {
  return Track(system, token,
               "lastId=" + std::to_string(last_id) + "&limit=" + std::to_string(limit), now,
               faults);
}

std::vector<std::int64_t> VisibleIds(const Province& province, Time now) {
  std::vector<std::int64_t> ids;
  for (const auto& event : province.postal_events) {
    if (event.recorded_at <= now) ids.push_back(event.id);
  }
  return ids;
}

// Reads on from `last_id` until an empty page; checks each page's lastId on the way.
std::vector<std::int64_t> PollUntilCaughtUp(UpstreamSystem& system, const std::string& token,
                                            std::int64_t& last_id, int limit, Time now) {
  std::vector<std::int64_t> ids;
  for (int pages = 0; pages < 1000; ++pages) {
    const SimReply reply = Track(system, token, last_id, limit, now);
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json::object body = Body(reply).as_object();
    const json::array& items = body.at("items").as_array();
    EXPECT_LE(items.size(), static_cast<std::size_t>(limit));
    if (items.empty()) {
      EXPECT_EQ(body.at("lastId").as_int64(), last_id)
          << "an empty page keeps the request's lastId";
      return ids;
    }
    for (const auto& item : items) ids.push_back(item.at("Id").as_int64());
    EXPECT_EQ(body.at("lastId").as_int64(), ids.back());
    last_id = body.at("lastId").as_int64();
  }
  ADD_FAILURE() << "never caught up";
  return ids;
}

TEST(PostalSystem, IssuesTokenForRightKeys) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  EXPECT_EQ(system->name(), "postal");
  const SimReply reply =
      PostToken(*system, R"({"customerKey":"ubnd-gialai","secretKey":"s3cret-postal"})");
  ASSERT_EQ(reply.status, 200);
  const json::object body = Body(reply).as_object();
  EXPECT_FALSE(body.at("access_token").as_string().empty());
  EXPECT_EQ(body.at("expires_in").as_int64(), 3600);
  EXPECT_EQ(
      Track(*system, std::string(body.at("access_token").as_string()), 0, 10, kPostalNow).status,
      200);
}

TEST(PostalSystem, RejectsWrongOrMissingKeysWith401) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  EXPECT_EQ(PostToken(*system, R"({"customerKey":"ubnd-gialai","secretKey":"wrong"})").status, 401);
  EXPECT_EQ(PostToken(*system, R"({"customerKey":"other","secretKey":"s3cret-postal"})").status,
            401);
  EXPECT_EQ(PostToken(*system, R"({"customerKey":"ubnd-gialai"})").status, 401);
  EXPECT_EQ(PostToken(*system, R"({"customerKey":"ubnd-gialai","secretKey":42})").status, 401);
  EXPECT_EQ(PostToken(*system, "not json").status, 400);
}

TEST(PostalSystem, RejectsTrackingWithMissingOrUnknownBearerWith401) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  EXPECT_EQ(
      system->Handle(Request("GET", "/bcci/tracking?lastId=0&limit=10"), kPostalNow, {}).status,
      401);
  EXPECT_EQ(Track(*system, "not-a-token", 0, 10, kPostalNow).status, 401);
  EXPECT_EQ(system
                ->Handle(Request("GET", "/bcci/tracking?lastId=0&limit=10",
                                 {{"Authorization", "Basic " + token}}),
                         kPostalNow, {})
                .status,
            401);
  EXPECT_EQ(system
                ->Handle(Request("GET", "/bcci/tracking?lastId=0&limit=10",
                                 {{"authorization", "bearer " + token}}),
                         kPostalNow, {})
                .status,
            200)
      << "header name and scheme are case-insensitive";
}

TEST(PostalSystem, ExpiredTokenIsForgottenAndANewTokenWorks) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  ASSERT_EQ(Track(*system, token, 0, 10, kPostalNow).status, 200);
  DataFaults expire;
  expire.expire_session = true;
  EXPECT_EQ(Track(*system, token, 0, 10, kPostalNow, expire).status, 401);
  EXPECT_EQ(Track(*system, token, 0, 10, kPostalNow).status, 401) << "the token stays expired";
  const std::string renewed = NewToken(*system);
  EXPECT_NE(renewed, token);
  EXPECT_EQ(Track(*system, renewed, 0, 10, kPostalNow).status, 200);
}

TEST(PostalSystem, PagingFromZeroYieldsEveryVisibleEventOnceInIdOrder) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  const auto expected = VisibleIds(province, kPostalNow);
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(kVisibleAtNow));
  for (const int limit : {1, 3, 1000}) {
    std::int64_t last_id = 0;
    EXPECT_EQ(PollUntilCaughtUp(*system, token, last_id, limit, kPostalNow), expected)
        << "limit " << limit;
    EXPECT_EQ(last_id, expected.back());
  }
}

TEST(PostalSystem, EmptyPageReturnsTheRequestsLastId) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  // Past every visible event, and even past every event there is.
  for (const std::int64_t last_id : {std::int64_t{145}, std::int64_t{146}, std::int64_t{999999}}) {
    const json::object body = Body(Track(*system, token, last_id, 5, kPostalNow)).as_object();
    EXPECT_TRUE(body.at("items").as_array().empty());
    EXPECT_EQ(body.at("lastId").as_int64(), last_id);
  }
  // Starting between two ids gives the next one.
  const json::object body = Body(Track(*system, token, 6, 1, kPostalNow)).as_object();
  EXPECT_EQ(body.at("items").as_array().at(0).at("Id").as_int64(), 12);
  EXPECT_EQ(body.at("lastId").as_int64(), 12);
}

TEST(PostalSystem, EventsRecordedLaterAreHiddenThenAppearWithoutBeingSkipped) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  std::vector<std::int64_t> seen;
  std::int64_t last_id = 0;
  for (Time now = kT0 - hours(1); now <= kT0 + hours(kPostalEvents + 2); now += minutes(25)) {
    const auto page = PollUntilCaughtUp(*system, token, last_id, 2, now);
    seen.insert(seen.end(), page.begin(), page.end());
    EXPECT_EQ(seen, VisibleIds(province, now)) << "at " << Rfc3339Utc(now);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kPostalEvents));
}

TEST(PostalSystem, EventFieldsFollowTheContract) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  const json::object body = Body(Track(*system, token, 0, 1000, kPostalNow)).as_object();
  const std::vector<std::string> names = {"",
                                          "Tạo đơn hàng",
                                          "Đã lấy hàng",
                                          "Đang vận chuyển",
                                          "Phát thành công",
                                          "Phát không thành công",
                                          "Chuyển hoàn",
                                          "Hủy đơn hàng"};
  int as_strings = 0;
  int as_numbers = 0;
  std::size_t i = 0;
  for (const auto& value : body.at("items").as_array()) {
    const PostalEvent& event = province.postal_events.at(i++);
    const PostalItem& item = province.postal_items.at(event.item);
    const json::object& e = value.as_object();
    EXPECT_EQ(e.at("Id").as_int64(), event.id);
    EXPECT_EQ(e.at("ItemCode").as_string(), item.item_code);
    EXPECT_EQ(e.at("OrderNumber").as_string(), province.dossier_codes[item.order_number]);
    EXPECT_EQ(e.at("ServiceType").as_string(),
              item.service == PostalService::kReceipt ? "NHAN_HO_SO" : "TRA_KET_QUA");
    EXPECT_EQ(e.at("UnitCode").as_string(), province.units.at(item.unit).code);
    const json::value& code = e.at("StatusCode");
    if (code.is_string()) {
      ++as_strings;
      EXPECT_EQ(code.as_string(), std::to_string(event.status));
    } else {
      ++as_numbers;
      EXPECT_EQ(code.as_int64(), event.status);
    }
    EXPECT_EQ(e.at("StatusName").as_string(), names.at(event.status));
    EXPECT_EQ(e.at("EventTime").as_string(), IsoLocal(event.event_time));
    EXPECT_TRUE(e.at("EventTime").as_string().ends_with("+07:00"));
  }
  EXPECT_EQ(i, static_cast<std::size_t>(kVisibleAtNow));
  EXPECT_GT(as_strings, 0) << "some codes arrive as strings";
  EXPECT_GT(as_numbers, 0) << "some codes arrive as numbers";
}

TEST(PostalSystem, RejectsBadLastIdOrLimitWith400) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  for (const char* query :
       {"lastId=-1&limit=10", "lastId=abc&limit=10", "lastId=&limit=10", "limit=10",
        "lastId=99999999999999999999&limit=10", "lastId=1.5&limit=10", "lastId=0&limit=0",
        "lastId=0&limit=1001", "lastId=0&limit=ten", "lastId=0", "lastId=0&limit=%zz",
        "lastId=0&lastId=5&limit=10"}) {
    const SimReply reply = Track(*system, token, query, kPostalNow);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_TRUE(Body(reply).as_object().at("message").is_string()) << query;
  }
  EXPECT_EQ(Track(*system, token, "lastId=9223372036854775807&limit=1000", kPostalNow).status, 200);
  EXPECT_EQ(Track(*system, token, "limit=1&lastId=0&unknown=1", kPostalNow).status, 200);
}

TEST(PostalSystem, AnswersUnknownPathsAndMethods) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  EXPECT_EQ(system->Handle(Request("GET", "/oauth/token"), kPostalNow, {}).status, 405);
  EXPECT_EQ(system->Handle(Request("GET", "/bcci/other"), kPostalNow, {}).status, 404);
}

TEST(PostalSystem, InvalidRecordFaultAddsAnEventWithoutIdFirst) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  DataFaults invalid;
  invalid.invalid_record = true;
  bool unknown_status_seen = false;
  std::int64_t last_id = 0;
  for (int page = 0; page < 6; ++page) {
    const json::object clean = Body(Track(*system, token, last_id, 2, kPostalNow)).as_object();
    const json::object faulty =
        Body(Track(*system, token, last_id, 2, kPostalNow, invalid)).as_object();
    const json::array& items = faulty.at("items").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_FALSE(items[0].as_object().contains("Id"));
    unknown_status_seen = unknown_status_seen || items[0].at("StatusCode") == json::value(9);
    EXPECT_EQ(json::array(items.begin() + 1, items.end()), clean.at("items").as_array());
    EXPECT_EQ(faulty.at("lastId"), clean.at("lastId")) << "the extra record moves no lastId";
    last_id = clean.at("lastId").as_int64();
  }
  EXPECT_TRUE(unknown_status_seen) << "some invalid records also carry StatusCode 9";
}

TEST(PostalSystem, DuplicateRecordFaultRepeatsThePreviousPagesLastEvent) {
  const Province province = PostalProvince();
  auto system = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*system);
  DataFaults duplicate;
  duplicate.duplicate_record = true;
  const json::object first = Body(Track(*system, token, 0, 3, kPostalNow, duplicate)).as_object();
  ASSERT_EQ(first.at("items").as_array().size(), 3u) << "nothing before lastId 0";
  const std::int64_t last_id = first.at("lastId").as_int64();

  const json::object clean = Body(Track(*system, token, last_id, 3, kPostalNow)).as_object();
  const json::object faulty =
      Body(Track(*system, token, last_id, 3, kPostalNow, duplicate)).as_object();
  const json::array& items = faulty.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0], first.at("items").as_array().back());
  EXPECT_EQ(json::array(items.begin() + 1, items.end()), clean.at("items").as_array());
  EXPECT_EQ(faulty.at("lastId"), clean.at("lastId"));

  // Caught up: the duplicate is the only item and lastId stays.
  const std::int64_t end = VisibleIds(province, kPostalNow).back();
  const json::object caught_up =
      Body(Track(*system, token, end, 3, kPostalNow, duplicate)).as_object();
  ASSERT_EQ(caught_up.at("items").as_array().size(), 1u);
  EXPECT_EQ(caught_up.at("items").as_array()[0].at("Id").as_int64(), end);
  EXPECT_EQ(caught_up.at("lastId").as_int64(), end);
}

// ---------------------------------------------------------------------------------------
// Document exchange

// The index of `text` in `table`, added if missing.
std::size_t Intern(std::vector<std::string>& table, std::string_view text) {
  const auto found = std::find(table.begin(), table.end(), text);
  if (found != table.end()) return static_cast<std::size_t>(found - table.begin());
  table.emplace_back(text);
  return table.size() - 1;
}

// The unit of `province` whose code is `code`.
OrganRef UnitCalled(const Province& province, std::string_view code) {
  for (std::size_t u = 0; u < province.units.size(); ++u) {
    if (province.units[u].code == code) return OrganRef::Unit(static_cast<UnitIndex>(u));
  }
  ADD_FAILURE() << "no unit " << code;
  return {};
}

// The DocumentStatus called `name` ("inbox", ..., "fail").
DocumentStatus StatusNamed(std::string_view name) {
  using enum DocumentStatus;
  for (const DocumentStatus s : {kInbox, kAcceptance, kRejection, kProcessing, kDone, kFail}) {
    if (DocumentStatusName(s) == name) return s;
  }
  ADD_FAILURE() << "no document status " << name;
  return kFail;
}

// A document of `province` (its texts are added to the province's tables; the caller adds
// the document). DocumentId: "<issuer_code>,<UTC day of the first version>,<number>/UBND-VP".
Document MakeDocument(Province& province, std::string_view issuer_code, UnitIndex organ,
                      bool outgoing, int number,
                      const std::vector<std::pair<Time, std::string>>& versions) {
  Document d;
  d.organ = organ;
  d.outgoing = outgoing;
  d.issuer = UnitCalled(province, issuer_code);
  d.code_number = static_cast<std::uint32_t>(number);
  d.notation = static_cast<NotationIndex>(Intern(province.document_notations, "UBND-VP"));
  d.set_promulgation_date(std::chrono::floor<std::chrono::days>(versions.front().first));
  d.AddPeer(UnitCalled(province, "000.00.30.H21"));
  d.peer_is_state_agency = number % 3 != 0;
  d.document_type = static_cast<std::uint8_t>(1 + number % 4);
  d.secret = number % 5 == 0;
  d.transport = number % 2 == 0 ? Transport::kAxis : Transport::kLgsp;
  d.AddSignature({true, true,
                  static_cast<SignerIndex>(Intern(province.signers, "UBND tỉnh Gia Lai")),
                  versions.front().first});
  d.set_exchanged_at(versions.front().first);  // SentAt or ReceivedAt by the direction
  for (const auto& [at, status] : versions) d.AddVersion(at, StatusNamed(status));
  return d;
}

constexpr int kChangingDocument = 1;  // index of the document that changes at kT0 + 5h
constexpr int kLateDocument = 7;      // index of the document first seen at kT0 + 30h
const Time kEdocNow = kT0 + hours(10);

// Ten documents; several share an UpdatedAt (so the key breaks ties) and one DocumentId is
// served twice (out by its sender, in by its receiver).
Province EdocProvince() {
  Province province;
  province.units = SomeUnits();
  auto& docs = province.documents;
  docs.push_back(MakeDocument(province, "000.00.12.H21", 0, true, 10, {{kT0, "done"}}));
  docs.push_back(MakeDocument(
      province, "000.00.12.H21", 0, false, 11,
      {{kT0 + hours(1), "inbox"}, {kT0 + hours(5), "processing"}, {kT0 + hours(40), "done"}}));
  docs.push_back(MakeDocument(province, "000.00.30.H21", 1, true, 12, {{kT0 + hours(1), "done"}}));
  docs.push_back(
      MakeDocument(province, "000.00.30.H21", 1, false, 13, {{kT0 + hours(1), "inbox"}}));
  // The receiver's record of document 2.
  Document received = docs[2];
  received.outgoing = false;
  received.organ = 2;
  received.set_exchanged_at(kT0 + hours(1));  // now its ReceivedAt
  docs.push_back(received);
  docs.push_back(MakeDocument(province, "000.31.30.H21", 2, true, 14,
                              {{kT0 - hours(30), "processing"}, {kT0 + hours(2), "done"}}));
  docs.push_back(MakeDocument(province, "000.31.30.H21", 2, false, 15,
                              {{kT0 + hours(3), "acceptance"}, {kT0 + hours(3), "processing"}}));
  docs.push_back(
      MakeDocument(province, "000.00.12.H21", 0, false, 16, {{kT0 + hours(30), "inbox"}}));
  docs.push_back(MakeDocument(province, "000.00.12.H21", 0, true, 17, {{kT0 + hours(4), "fail"}}));
  docs.push_back(MakeDocument(province, "000.00.30.H21", 1, true, 18, {{kT0 + hours(4), "done"}}));
  return province;
}

std::string KeyOf(const json::value& item) {
  return std::string(item.at("DocumentId").as_string()) + "|" +
         std::string(item.at("Direction").as_string()) + "|" +
         std::string(item.at("OrganId").as_string());
}

// The current version at `now` of every document that exists by then: key -> UpdatedAt,
// Status (the test's own oracle, straight from the province).
std::map<std::string, std::pair<std::string, std::string>> CurrentDocuments(
    const Province& province, Time now) {
  std::map<std::string, std::pair<std::string, std::string>> current;
  for (const auto& d : province.documents) {
    std::optional<DocumentVersion> version;
    for (const DocumentVersion v : d.versions()) {
      if (v.updated_at <= now) version = v;
    }
    if (!version) continue;
    current[DocumentId(province, d) + "|" + (d.outgoing ? "out" : "in") + "|" +
            province.units.at(d.organ).code] = {Rfc3339Utc(version->updated_at),
                                                std::string(DocumentStatusName(version->status))};
  }
  return current;
}

SimReply GetEdocs(UpstreamSystem& system, const std::string& query, Time now,
                  const DataFaults& faults = {}, const std::string& key = kEdocCredentials.secret) {
  return system.Handle(Request("GET", "/api/v1/edocs?" + query, {{"X-API-Key", key}}), now, faults);
}

// Every item of one reading: the first page from `since`, then cursors until null.
std::vector<json::value> ReadFeed(UpstreamSystem& system, Time since, int limit, Time now) {
  std::vector<json::value> items;
  std::string query = "updatedSince=" + Rfc3339Utc(since) + "&limit=" + std::to_string(limit);
  for (int pages = 0; pages < 1000; ++pages) {
    const SimReply reply = GetEdocs(system, query, now);
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json::object body = Body(reply).as_object();
    const json::array& data = body.at("data").as_array();
    EXPECT_LE(data.size(), static_cast<std::size_t>(limit));
    items.insert(items.end(), data.begin(), data.end());
    if (body.at("nextCursor").is_null()) return items;
    EXPECT_FALSE(data.empty()) << "a page with a next cursor has items";
    query = "cursor=" + std::string(body.at("nextCursor").as_string()) +
            "&limit=" + std::to_string(limit);
  }
  ADD_FAILURE() << "the cursor never ended";
  return items;
}

TEST(EdocSystem, RejectsWrongOrMissingKeyWith401) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  EXPECT_EQ(system->name(), "edoc");
  const std::string query = "updatedSince=2021-01-01T00:00:00Z&limit=10";
  EXPECT_EQ(GetEdocs(*system, query, kEdocNow, {}, "wrong").status, 401);
  EXPECT_EQ(system->Handle(Request("GET", "/api/v1/edocs?" + query), kEdocNow, {}).status, 401);
  EXPECT_EQ(GetEdocs(*system, query, kEdocNow).status, 200);
}

TEST(EdocSystem, PagingYieldsEveryCurrentDocumentOnceInOrder) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const auto expected = CurrentDocuments(province, kEdocNow);
  ASSERT_EQ(expected.size(), 9u);
  for (const int limit : {1, 2, 1000}) {
    const auto items = ReadFeed(*system, At("2021-01-01T00:00:00Z"), limit, kEdocNow);
    std::map<std::string, std::pair<std::string, std::string>> seen;
    for (const auto& item : items) {
      const bool fresh =
          seen.emplace(KeyOf(item), std::pair{std::string(item.at("UpdatedAt").as_string()),
                                              std::string(item.at("Status").as_string())})
              .second;
      EXPECT_TRUE(fresh) << "served twice: " << KeyOf(item) << " limit " << limit;
    }
    EXPECT_EQ(seen, expected) << "limit " << limit;
    for (std::size_t i = 1; i < items.size(); ++i) {
      const auto previous =
          std::pair{std::string(items[i - 1].at("UpdatedAt").as_string()), KeyOf(items[i - 1])};
      const auto next =
          std::pair{std::string(items[i].at("UpdatedAt").as_string()), KeyOf(items[i])};
      EXPECT_LT(previous, next) << "ordered by (UpdatedAt, key)";
    }
  }
}

TEST(EdocSystem, FullLastPageHasANullCursor) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const auto current = static_cast<int>(CurrentDocuments(province, kEdocNow).size());
  const std::string since = "updatedSince=2021-01-01T00:00:00Z&limit=";
  const json::object exact =
      Body(GetEdocs(*system, since + std::to_string(current), kEdocNow)).as_object();
  EXPECT_EQ(exact.at("data").as_array().size(), static_cast<std::size_t>(current));
  EXPECT_TRUE(exact.at("nextCursor").is_null());

  const json::object short_by_one =
      Body(GetEdocs(*system, since + std::to_string(current - 1), kEdocNow)).as_object();
  ASSERT_TRUE(short_by_one.at("nextCursor").is_string());
  const json::object last =
      Body(GetEdocs(
               *system,
               "cursor=" + std::string(short_by_one.at("nextCursor").as_string()) + "&limit=1000",
               kEdocNow))
          .as_object();
  EXPECT_EQ(last.at("data").as_array().size(), 1u);
  EXPECT_TRUE(last.at("nextCursor").is_null());
}

TEST(EdocSystem, UpdatedSinceIsInclusive) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  // Three documents are current at exactly kT0 + 1h, plus later ones.
  const auto items = ReadFeed(*system, kT0 + hours(1), 1000, kEdocNow);
  std::set<std::string> keys;
  for (const auto& item : items) {
    EXPECT_GE(std::string(item.at("UpdatedAt").as_string()), Rfc3339Utc(kT0 + hours(1)));
    keys.insert(KeyOf(item));
  }
  std::set<std::string> expected;
  for (const auto& [key, version] : CurrentDocuments(province, kEdocNow)) {
    if (version.first >= Rfc3339Utc(kT0 + hours(1))) expected.insert(key);
  }
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(std::count_if(items.begin(), items.end(),
                          [](const json::value& item) {
                            return item.at("UpdatedAt").as_string() == "2021-03-01T01:00:00Z";
                          }),
            3);
  // An offset is understood too: 08:00+07:00 is 01:00Z.
  const SimReply reply =
      GetEdocs(*system, "updatedSince=2021-03-01T08:00:00%2B07:00&limit=1000", kEdocNow);
  EXPECT_EQ(Body(reply).at("data").as_array().size(), items.size());
}

TEST(EdocSystem, ChangedDocumentReappearsAtItsNewPosition) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const std::string changing = DocumentId(province, province.documents[kChangingDocument]);
  // Before the change: served with its first version.
  const Time before = kT0 + hours(4);
  std::string watermark;
  bool first_version_seen = false;
  for (const auto& item : ReadFeed(*system, At("2021-01-01T00:00:00Z"), 2, before)) {
    watermark = std::max(watermark, std::string(item.at("UpdatedAt").as_string()));
    if (item.at("DocumentId").as_string() == changing && item.at("Direction").as_string() == "in") {
      first_version_seen = true;
      EXPECT_EQ(item.at("Status").as_string(), "inbox");
    }
  }
  EXPECT_TRUE(first_version_seen);
  // After it: reading on from the watermark (inclusive) serves it again, changed.
  const auto later = ReadFeed(*system, At(watermark), 2, kEdocNow);
  const auto again = std::find_if(later.begin(), later.end(), [&](const json::value& item) {
    return item.at("DocumentId").as_string() == changing &&
           item.at("Direction").as_string() == "in";
  });
  ASSERT_NE(again, later.end());
  EXPECT_EQ(again->at("Status").as_string(), "processing");
  EXPECT_EQ(again->at("UpdatedAt").as_string(), Rfc3339Utc(kT0 + hours(5)));
}

TEST(EdocSystem, ClientPagingWhileDocumentsChangeEndsWithTheCurrentState) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  // An idempotent client: keeps the newest version of each key; `now` moves between pages.
  std::map<std::string, std::pair<std::string, std::string>> stored;
  std::map<std::string, int> times_served;
  std::string watermark = "2021-01-01T00:00:00Z";
  Time now = kT0 - hours(2);
  while (now <= kT0 + hours(45)) {
    std::string query = "updatedSince=" + watermark + "&limit=1";
    for (int pages = 0;; ++pages) {
      ASSERT_LT(pages, 100) << "the cursor never ended";
      const json::object body = Body(GetEdocs(*system, query, now)).as_object();
      for (const auto& item : body.at("data").as_array()) {
        auto version = std::pair{std::string(item.at("UpdatedAt").as_string()),
                                 std::string(item.at("Status").as_string())};
        watermark = std::max(watermark, version.first);
        ++times_served[KeyOf(item)];
        auto& kept = stored[KeyOf(item)];
        kept = std::max(kept, version);
      }
      now += minutes(20);
      if (body.at("nextCursor").is_null()) break;
      query = "cursor=" + std::string(body.at("nextCursor").as_string()) + "&limit=1";
    }
  }
  ASSERT_GT(now, kT0 + hours(40));
  EXPECT_EQ(stored, CurrentDocuments(province, now));
  const std::string changing = DocumentId(province, province.documents[kChangingDocument]);
  EXPECT_GE((times_served[changing + "|in|000.00.12.H21"]), 3) << "served once per version";
}

TEST(EdocSystem, DocumentsAreHiddenBeforeTheirFirstVersion) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const std::string late = DocumentId(province, province.documents[kLateDocument]);
  const auto has_late = [&](Time now) {
    const auto items = ReadFeed(*system, At("2021-01-01T00:00:00Z"), 1000, now);
    return std::any_of(items.begin(), items.end(), [&](const json::value& item) {
      return item.at("DocumentId").as_string() == late;
    });
  };
  EXPECT_FALSE(has_late(kEdocNow));
  EXPECT_FALSE(has_late(kT0 + hours(30) - seconds(1)));
  EXPECT_TRUE(has_late(kT0 + hours(30)));
  EXPECT_TRUE(ReadFeed(*system, At("2021-01-01T00:00:00Z"), 10, kT0 - hours(40)).empty());
}

std::string Hex(std::string_view text) {
  std::string hex;
  for (const char c : text) {
    constexpr char kDigits[] = "0123456789abcdef";
    hex.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kDigits[static_cast<unsigned char>(c) & 0x0f]);
  }
  return hex;
}

TEST(EdocSystem, RejectsMalformedCursorWith400) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  for (const std::string& cursor :
       {std::string(""), std::string("zz"), std::string("abc"), Hex("garbage"),
        Hex("e1|x|in|000.00.12.H21|doc"), Hex("e1|1614556800|sideways|000.00.12.H21|doc"),
        Hex("e1|1614556800|in|000.00.12.H21|"), Hex("e9|1614556800|in|000.00.12.H21|doc"),
        Hex("e1|-5|in|000.00.12.H21|doc"), std::string(5000, 'a')}) {
    const SimReply reply = GetEdocs(*system, "cursor=" + cursor + "&limit=10", kEdocNow);
    EXPECT_EQ(reply.status, 400) << cursor;
    EXPECT_TRUE(Body(reply).as_object().at("message").is_string());
  }
  // A well-formed cursor need not name a document that exists.
  EXPECT_EQ(
      GetEdocs(*system,
               "cursor=" + Hex("e1|1614556800|in|000.00.12.H21|no such document") + "&limit=10",
               kEdocNow)
          .status,
      200);
}

TEST(EdocSystem, RejectsBadLimitOrStartWith400) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const std::string since = "updatedSince=2021-01-01T00:00:00Z";
  for (const std::string& query : std::vector<std::string>{
           since + "&limit=0", since + "&limit=1001", since + "&limit=-1", since + "&limit=x",
           since, std::string("limit=10"), "updatedSince=2021-01-01&limit=10",
           "updatedSince=yesterday&limit=10",
           since + "&cursor=" + Hex("e1|1614556800|in|000.00.12.H21|doc") + "&limit=10"}) {
    const SimReply reply = GetEdocs(*system, query, kEdocNow);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_TRUE(Body(reply).as_object().at("message").is_string()) << query;
  }
  EXPECT_EQ(GetEdocs(*system, since + "&limit=1000", kEdocNow).status, 200);
  EXPECT_EQ(
      system->Handle(Request("GET", "/api/v1/other", {{"X-API-Key", "edoc-api-key"}}), kEdocNow, {})
          .status,
      404);
}

TEST(EdocSystem, SameRequestAtTheSameNowGivesTheSameBytes) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  auto twin = MakeEdocSystem(province, kEdocCredentials);
  const std::string query = "updatedSince=2021-01-01T00:00:00Z&limit=3";
  const SimReply first = GetEdocs(*system, query, kEdocNow);
  EXPECT_EQ(GetEdocs(*system, query, kEdocNow).body, first.body);
  EXPECT_EQ(GetEdocs(*twin, query, kEdocNow).body, first.body);
  const std::string cursor(Body(first).at("nextCursor").as_string());
  EXPECT_EQ(GetEdocs(*system, "cursor=" + cursor + "&limit=3", kEdocNow).body,
            GetEdocs(*twin, "cursor=" + cursor + "&limit=3", kEdocNow).body);
}

TEST(EdocSystem, DocumentFieldsFollowTheContract) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  const auto items = ReadFeed(*system, At("2021-01-01T00:00:00Z"), 1000, kEdocNow);
  ASSERT_FALSE(items.empty());
  for (const auto& value : items) {
    const json::object& item = value.as_object();
    const auto found =
        std::find_if(province.documents.begin(), province.documents.end(), [&](const Document& d) {
          return DocumentId(province, d) == item.at("DocumentId").as_string() &&
                 (d.outgoing ? "out" : "in") == item.at("Direction").as_string() &&
                 province.units.at(d.organ).code == item.at("OrganId").as_string();
        });
    ASSERT_NE(found, province.documents.end()) << value;
    const Document& d = *found;
    EXPECT_EQ(item.at("PeerOrganIds").as_array(), json::array({"000.00.30.H21"}));
    EXPECT_EQ(item.contains("PeerIsStateAgency") ? item.at("PeerIsStateAgency").as_bool() : false,
              d.peer_is_state_agency);
    EXPECT_EQ(item.at("CodeNumber").as_string(), std::to_string(d.code_number));
    EXPECT_EQ(item.at("CodeNotation").as_string(), province.document_notations.at(d.notation));
    EXPECT_EQ(item.at("PromulgationDate").as_string(), SlashDate(d.promulgation_date()));
    EXPECT_EQ(item.at("DocumentType").as_int64(), d.document_type);
    EXPECT_EQ(item.contains("Secret") ? item.at("Secret").as_bool() : false, d.secret);
    EXPECT_EQ(item.at("Transport").as_string(), TransportName(d.transport));
    const json::array& signatures = item.at("Signatures").as_array();
    ASSERT_EQ(signatures.size(), 1u);
    EXPECT_EQ(signatures[0].at("Kind").as_string(), "organization");
    EXPECT_EQ(signatures[0].at("Valid").as_bool(), true);
    EXPECT_EQ(signatures[0].at("SignerCN").as_string(), "UBND tỉnh Gia Lai");
    EXPECT_FALSE(signatures[0].at("Issuer").as_string().empty());
    EXPECT_EQ(signatures[0].at("SigningTime").as_string(), Rfc3339Utc(d.signature(0).signing_time));
    if (d.outgoing) {
      EXPECT_EQ(item.at("SentAt").as_string(), Rfc3339Utc(*d.sent_at()));
      EXPECT_FALSE(item.contains("ReceivedAt"));
    } else {
      EXPECT_EQ(item.at("ReceivedAt").as_string(), Rfc3339Utc(*d.received_at()));
      EXPECT_FALSE(item.contains("SentAt"));
    }
    EXPECT_TRUE(item.at("UpdatedAt").as_string().ends_with("Z"));
  }
}

TEST(EdocSystem, FalseFlagsAreSometimesWrittenAndSometimesLeftOut) {
  Province province;
  province.units = SomeUnits();
  for (int i = 0; i < 64; ++i) {
    Document d = MakeDocument(province, "000.00.12.H21", 0, true, 1000 + i, {{kT0, "done"}});
    d.peer_is_state_agency = false;
    d.secret = false;
    province.documents.push_back(std::move(d));
  }
  auto system = MakeEdocSystem(province, kEdocCredentials);
  std::map<std::string, int> styles;
  for (const auto& item : ReadFeed(*system, kT0, 1000, kEdocNow)) {
    for (const char* flag : {"PeerIsStateAgency", "Secret"}) {
      const json::object& object = item.as_object();
      if (object.contains(flag)) {
        EXPECT_FALSE(object.at(flag).as_bool());
      }
      ++styles[std::string(flag) + (object.contains(flag) ? " false" : " absent")];
    }
  }
  EXPECT_GT(styles["PeerIsStateAgency false"], 0);
  EXPECT_GT(styles["PeerIsStateAgency absent"], 0);
  EXPECT_GT(styles["Secret false"], 0);
  EXPECT_GT(styles["Secret absent"], 0);
}

TEST(EdocSystem, InvalidRecordFaultAddsADocumentWithoutIdFirst) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  DataFaults invalid;
  invalid.invalid_record = true;
  bool sideways_seen = false;
  std::string query = "updatedSince=2021-01-01T00:00:00Z&limit=2";
  for (int page = 0; page < 10; ++page) {
    const json::object clean = Body(GetEdocs(*system, query, kEdocNow)).as_object();
    const json::object faulty = Body(GetEdocs(*system, query, kEdocNow, invalid)).as_object();
    const json::array& data = faulty.at("data").as_array();
    ASSERT_EQ(data.size(), clean.at("data").as_array().size() + 1);
    EXPECT_FALSE(data[0].as_object().contains("DocumentId"));
    EXPECT_EQ(data[0].at("UpdatedAt"), data[1].at("UpdatedAt"));
    sideways_seen = sideways_seen || data[0].at("Direction") == json::value("sideways");
    EXPECT_EQ(json::array(data.begin() + 1, data.end()), clean.at("data").as_array());
    EXPECT_EQ(faulty.at("nextCursor"), clean.at("nextCursor")) << "the cursor is unchanged";
    if (clean.at("nextCursor").is_null()) break;
    query = "cursor=" + std::string(clean.at("nextCursor").as_string()) + "&limit=2";
  }
  EXPECT_TRUE(sideways_seen) << "some invalid records also carry Direction sideways";
}

TEST(EdocSystem, DuplicateRecordFaultRepeatsThePreviousPagesLastDocument) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  DataFaults duplicate;
  duplicate.duplicate_record = true;
  const std::string first_query = "updatedSince=2021-01-01T00:00:00Z&limit=3";
  EXPECT_EQ(GetEdocs(*system, first_query, kEdocNow, duplicate).body,
            GetEdocs(*system, first_query, kEdocNow).body)
      << "no previous page without a cursor";
  const json::object first = Body(GetEdocs(*system, first_query, kEdocNow)).as_object();
  const std::string query =
      "cursor=" + std::string(first.at("nextCursor").as_string()) + "&limit=3";
  const json::object clean = Body(GetEdocs(*system, query, kEdocNow)).as_object();
  const json::object faulty = Body(GetEdocs(*system, query, kEdocNow, duplicate)).as_object();
  const json::array& data = faulty.at("data").as_array();
  ASSERT_EQ(data.size(), clean.at("data").as_array().size() + 1);
  EXPECT_EQ(data[0], first.at("data").as_array().back());
  EXPECT_EQ(json::array(data.begin() + 1, data.end()), clean.at("data").as_array());
  EXPECT_EQ(faulty.at("nextCursor"), clean.at("nextCursor"));
}

TEST(EdocSystem, ExpireSessionFaultChangesNothing) {
  const Province province = EdocProvince();
  auto system = MakeEdocSystem(province, kEdocCredentials);
  DataFaults expire;
  expire.expire_session = true;
  const std::string query = "updatedSince=2021-01-01T00:00:00Z&limit=4";
  EXPECT_EQ(GetEdocs(*system, query, kEdocNow, expire).body,
            GetEdocs(*system, query, kEdocNow).body);
}

// ---------------------------------------------------------------------------------------
// Scale: a province-scale year. Timings are printed, not asserted.

std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t x = (state += 0x9e3779b97f4a7c15ULL);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

TEST(RestSystemsAtScale, PagesAProvinceYearQuickly) {
  constexpr int kEvents = 100'000;
  constexpr int kDocuments = 300'000;
  const Time year_start = At("2020-12-31T17:00:00Z");
  const Time year_end = At("2021-12-31T17:00:00Z");
  const auto year_seconds = static_cast<std::uint64_t>((year_end - year_start).count());
  std::uint64_t random = 2021;

  Province province;
  province.units = SomeUnits();
  for (std::uint32_t i = 0; i < kEvents / 4; ++i) {
    province.postal_items.push_back({"EB" + std::to_string(100000000 + i) + "VN",
                                     province.dossier_codes.Add("H21.30-" + std::to_string(i)),
                                     PostalService::kReceipt, i % 3});
  }
  for (int i = 0; i < kEvents; ++i) {
    PostalEvent event;
    event.id = 1000 + 3 * std::int64_t{i};
    event.item = static_cast<std::uint32_t>(NextRandom(random) % (kEvents / 4));
    event.status = static_cast<std::uint8_t>(1 + NextRandom(random) % 7);
    event.recorded_at =
        year_start + seconds(year_seconds * static_cast<std::uint64_t>(i) / kEvents);
    event.event_time = event.recorded_at - seconds(NextRandom(random) % 7200);
    province.postal_events.push_back(event);
  }
  std::size_t version_count = 0;
  for (int i = 0; i < kDocuments; ++i) {
    const UnitIndex organ = static_cast<UnitIndex>(i % 3);
    Time at = year_start + seconds(NextRandom(random) % year_seconds);
    std::vector<std::pair<Time, std::string>> versions;
    const int count = 1 + static_cast<int>(NextRandom(random) % 5);  // 3 on average
    for (int v = 0; v < count; ++v) {
      versions.emplace_back(at, v + 1 == count ? "done" : "processing");
      at += seconds(1 + NextRandom(random) % (86400 * 10));
    }
    version_count += versions.size();
    province.documents.push_back(
        MakeDocument(province, province.units[organ].code, organ, i % 2 == 0, i, versions));
  }

  auto start = std::chrono::steady_clock::now();
  auto postal = MakePostalSystem(province, kPostalCredentials);
  const std::string token = NewToken(*postal);
  std::int64_t last_id = 0;
  const auto events = PollUntilCaughtUp(*postal, token, last_id, 1000, year_end);
  const double postal_ms = MillisecondsSince(start);
  EXPECT_EQ(events.size(), static_cast<std::size_t>(kEvents));

  start = std::chrono::steady_clock::now();
  auto edoc = MakeEdocSystem(province, kEdocCredentials);
  const double index_ms = MillisecondsSince(start);
  start = std::chrono::steady_clock::now();
  const auto mid_year = ReadFeed(*edoc, year_start, 500, year_start + hours(24 * 182));
  const double mid_ms = MillisecondsSince(start);
  start = std::chrono::steady_clock::now();
  const auto documents = ReadFeed(*edoc, year_start, 500, year_end + hours(24 * 60));
  const double full_ms = MillisecondsSince(start);
  EXPECT_EQ(documents.size(), static_cast<std::size_t>(kDocuments));
  // The server's share alone (Handle: seek, walk, JSON), without the client's parsing.
  double tail_ms = 0;
  int tail_pages = 0;
  std::string cursor_query =
      "updatedSince=" + Rfc3339Utc(year_start + hours(24 * 300)) + "&limit=1000";
  for (; tail_pages < 100; ++tail_pages) {
    start = std::chrono::steady_clock::now();
    const SimReply reply = GetEdocs(*edoc, cursor_query, year_end + hours(24 * 60));
    tail_ms += MillisecondsSince(start);
    const json::object body = Body(reply).as_object();
    if (body.at("nextCursor").is_null()) break;
    cursor_query = "cursor=" + std::string(body.at("nextCursor").as_string()) + "&limit=1000";
  }

  std::cout << "[ scale    ] postal: " << kEvents << " events read in pages of 1000 in "
            << postal_ms << " ms\n"
            << "[ scale    ] edoc: index of " << kDocuments << " documents / " << version_count
            << " versions built in " << index_ms << " ms\n"
            << "[ scale    ] edoc: mid-year read of " << mid_year.size()
            << " documents in pages of 500 in " << mid_ms << " ms\n"
            << "[ scale    ] edoc: full-year read of " << documents.size()
            << " documents in pages of 500 in " << full_ms << " ms ("
            << full_ms / static_cast<double>((documents.size() + 499) / 500) << " ms/page)\n"
            << "[ scale    ] edoc: " << tail_pages
            << " pages of 1000 from late in the year served in " << tail_ms << " ms ("
            << tail_ms / tail_pages << " ms/page, Handle only)\n";
}

}  // namespace
}  // namespace egovkpi::sim
