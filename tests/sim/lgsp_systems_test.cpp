// Contract tests of the simulated one-stop system and portal (shared/spec/upstream-api.md
// sections 1 and 2) on small hand-built provinces, calling Handle directly.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"
#include "fake_applicant.hpp"    // internal: the fake personal data
#include "lgsp_envelope.hpp"     // internal: the session table, for the real-time expiry test
#include "lgsp_json_writer.hpp"  // internal: the JSON text writer the pages are written with

namespace egovkpi::sim {
namespace {

namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

SystemCredentials Credentials() { return {"egovkpi", "s3cret"}; }

Time At(std::string_view compact_local) { return ParseCompactLocal(compact_local).value(); }

// A local wall-clock time (UTC+07:00) as an instant, at compile time.
constexpr Time Local(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return Time(std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(mo) /
                                    std::chrono::day(d))
                  .time_since_epoch()) +
         std::chrono::hours(h) + std::chrono::minutes(mi) - kLocalOffset;
}

Date Day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

// A code the contract allows as "2" or 2.
std::int64_t CodeOf(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_string()) return std::stoll(std::string(value.get_string()));
  ADD_FAILURE() << "not a code: " << json::serialize(value);
  return -1;
}

std::string Str(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool Truthy(const json::value& v) {
  if (v.is_bool()) return v.get_bool();
  return CodeOf(v) == 1;
}

// A test client of one LGSP system.
class LgspClient {
 public:
  explicit LgspClient(UpstreamSystem& system, std::string province_code = "H21")
      : system_(system), province_code_(std::move(province_code)) {}

  SimReply Raw(std::string target, std::string body, Time now, DataFaults faults = {},
               std::string method = "POST") {
    SimRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    return system_.Handle(request, now, faults);
  }

  json::object Post(std::string target, const json::object& body, Time now,
                    DataFaults faults = {}) {
    const SimReply reply = Raw(std::move(target), json::serialize(body), now, faults);
    EXPECT_EQ(reply.status, 200);
    last_body_ = reply.body;
    return json::parse(reply.body).as_object();
  }

  std::string Authenticate(Time now) {
    const json::object reply =
        Post("/auth", {{"username", Credentials().id}, {"password", Credentials().secret}}, now);
    EXPECT_EQ(CodeOf(reply.at("error_code")), 0);
    session_ = Str(reply, "session");
    return session_;
  }

  // A service call with this client's session and the province code.
  json::object Call(std::string_view service, json::object params, Time now,
                    DataFaults faults = {}) {
    if (session_.empty()) Authenticate(now);
    params["session"] = session_;
    params["madonvi"] = province_code_;
    params["service"] = service;
    return Post("/integration", params, now, faults);
  }

  // The records of a successful reply.
  static const json::array& Result(const json::object& reply) {
    EXPECT_EQ(CodeOf(reply.at("error_code")), 0) << json::serialize(reply);
    return reply.at("result").as_array();
  }

  [[nodiscard]] const std::string& LastBody() const { return last_body_; }
  void SetSession(std::string session) { session_ = std::move(session); }

 private:
  UpstreamSystem& system_;
  std::string province_code_;
  std::string session_;
  std::string last_body_;
};

// --- A small province -------------------------------------------------------------------

Province BaseProvince() {
  Province p;
  p.units = {
      {"000.00.12.H21", "Sở Thông tin và Truyền thông", 1, "H21", true},
      {"000.00.30.H21", "UBND huyện Krông Pa", 2, "H21", true},
      {"000.30.31.H21", "UBND xã Ia Rsươm", 3, "000.00.30.H21", true},
      {"000.99.99.H21", "Trung tâm không có trong danh mục", 1, "H21", false},
  };
  p.procedures = {
      {"1.001612.000.00.00.H21", "Cấp giấy phép xuất bản bản tin", "G01", "Xuất bản", true},
      {"2.000001.000.00.00.H21", "Đăng ký khai sinh", "G02", "Hộ tịch", false},
      {"1.000656.000.00.00.H21", "Chứng thực bản sao từ bản chính", "G03", "Chứng thực", true},
  };
  return p;
}

// A dossier of `p` (its code is added to p's codes; the caller adds the dossier).
Dossier MakeDossier(Province& p, std::string_view code, const std::vector<DossierStep>& steps,
                    UnitIndex unit = 0, ProcedureIndex procedure = 0) {
  Dossier d;
  d.code = p.dossier_codes.Add(code);
  d.unit = unit;
  d.procedure = procedure;
  d.set_submitted_at(steps.front().at);
  d.set_due_at(steps.front().at + hours(24 * 10));
  for (const DossierStep& step : steps) d.AddStep(step.at, step.status);
  return d;
}

// MaHoSo of a dossier of `p`.
std::string_view MaHoSo(const Province& p, const Dossier& d) { return p.dossier_codes[d.code]; }

constexpr Time kT0 = Local(2021, 3, 5, 8);
constexpr Time kShared = kT0 + hours(10);  // many dossiers change in this very second
constexpr Time kFrozenNow = kT0 + hours(12);

// 90 dossiers with 1 to 5 versions each, 25 of them current at kShared, some deleted,
// some with versions after kFrozenNow, codes in an order unrelated to their creation.
Province FrozenProvince() {
  Province p = BaseProvince();
  for (int i = 0; i < 90; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "H21.30-210305-%04d", (i * 37) % 90);
    const Time start = kT0 + minutes((i * 13) % 240);
    std::vector<DossierStep> steps{{start, 1}};
    const int more = i % 5;
    for (int s = 1; s <= more; ++s) {
      const std::uint8_t status = s == 1 ? 2 : s == 2 ? 4 : s == 3 ? 9 : 10;
      steps.push_back({start + minutes(17 * s), status});
    }
    if (i % 4 == 0 && i < 100) steps.push_back({kShared, steps.back().status});
    if (i % 11 == 0) steps.push_back({kFrozenNow + hours(1), 10});  // not visible yet
    Dossier d = MakeDossier(p, code, steps, static_cast<UnitIndex>(i % 4),
                            static_cast<ProcedureIndex>(i % 3));
    d.channel = static_cast<std::uint8_t>(1 + i % 3);
    d.return_method = static_cast<std::uint8_t>(i % 2);
    d.level = static_cast<std::uint8_t>(2 + i % 3);
    d.payment = static_cast<std::uint8_t>(i % 4);
    d.electronic_result = i % 2 == 0;
    if (i % 9 == 4) d.set_deleted_at(kShared);                 // deleted in the shared second too
    if (i % 13 == 6) d.set_deleted_at(kFrozenNow + hours(2));  // deleted later
    p.dossiers.push_back(d);
  }
  // Codes that differ only by case: byte order puts "A" before "a".
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-00A1", {{kShared, 2}}));
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-00a1", {{kShared, 2}}));
  return p;
}

// The current (NgayCapNhat, MaHoSo) of every dossier visible at `now`, computed here by
// brute force, in paging order.
std::vector<std::pair<std::string, std::string>> ExpectedKeys(const Province& p, Time now) {
  std::vector<std::pair<Time, std::string>> keys;
  keys.reserve(p.dossiers.size());
  for (const Dossier& d : p.dossiers) {
    std::optional<Time> latest;
    for (const DossierStep s : d.steps()) {
      if (s.at <= now && (!latest || s.at > *latest)) latest = s.at;
    }
    if (!latest) continue;
    if (d.deleted_at() && *d.deleted_at() <= now) latest = std::max(*latest, *d.deleted_at());
    keys.emplace_back(*latest, MaHoSo(p, d));
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(keys.size());
  for (const auto& [t, code] : keys) out.emplace_back(CompactLocal(t), code);
  return out;
}

struct PagedRead {
  std::vector<json::object> records;
  int pages = 0;
};

// Pages LayDanhSachHoSo from (since, after) until con_du_lieu is false.
PagedRead ReadAll(LgspClient& client, Time now, std::int64_t page_size,
                  std::string since = "20000101000000", std::string after = "") {
  PagedRead read;
  for (;;) {
    json::object params{{"capnhat_tu", since}, {"so_ban_ghi", page_size}};
    if (!after.empty()) params["sau_ma_ho_so"] = after;
    const json::object reply = client.Call("LayDanhSachHoSo", params, now);
    const json::array& result = LgspClient::Result(reply);
    EXPECT_LE(static_cast<std::int64_t>(result.size()), page_size);
    ++read.pages;
    for (const json::value& v : result) read.records.push_back(v.as_object());
    if (!result.empty()) {
      since = Str(result.back().as_object(), "NgayCapNhat");
      after = Str(result.back().as_object(), "MaHoSo");
    }
    if (!reply.at("con_du_lieu").as_bool()) break;
    EXPECT_FALSE(result.empty()) << "con_du_lieu with an empty page";
    if (read.pages > 100000) {
      ADD_FAILURE() << "paging does not end";
      break;
    }
  }
  return read;
}

std::vector<std::pair<std::string, std::string>> KeysOf(const std::vector<json::object>& records) {
  std::vector<std::pair<std::string, std::string>> keys;
  keys.reserve(records.size());
  for (const json::object& r : records) keys.emplace_back(Str(r, "NgayCapNhat"), Str(r, "MaHoSo"));
  return keys;
}

// The record of `code` at `now`, read through a full paging.
std::optional<json::object> RecordOf(LgspClient& client, Time now, std::string_view code) {
  for (const json::object& r : ReadAll(client, now, 1000).records) {
    if (Str(r, "MaHoSo") == code) return r;
  }
  return std::nullopt;
}

// --- Building blocks --------------------------------------------------------------------

TEST(JsonTextWriter, WritesNestedMembersWithCommasInPlace) {
  std::string out;
  JsonTextWriter w(out);
  w.BeginObject();
  w.Member("a", std::int64_t{-12});
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.String("x");
  w.Code(2, true);
  w.Code(3, false);
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.MemberDigits("t", "20210305142210");
  w.Key("c");
  w.StringParts({"Kết quả: ", "Đăng ký \"khai\" sinh"});
  w.EndObject();
  EXPECT_EQ(
      out,
      R"({"a":-12,"b":[true,"x","2",3,{}],"t":"20210305142210","c":"Kết quả: Đăng ký \"khai\" sinh"})");
}

TEST(JsonTextWriter, EscapesEveryCharacterJsonRequiresAndKeepsUtf8) {
  // Strings of many lengths mixing plain ASCII, Vietnamese, quotes, backslashes and control
  // characters, so that escapes fall inside and across the writer's 8-byte steps.
  const std::vector<std::string> alphabet{"a",  "Z",  " ",    "ư",    "Đ", "ệ", "\"",  "\\",
                                          "\n", "\t", "\x01", "\x1f", "/", "~", "\x7f"};
  std::uint64_t state = 42;
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    const int length = n % 40;
    for (int i = 0; i < length; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(state >> 33) % alphabet.size()];
    }
    std::string out;
    JsonTextWriter w(out);
    w.BeginArray();
    w.String(text);
    w.EndArray();
    boost::system::error_code ec;
    const json::value parsed = json::parse(out, ec);
    ASSERT_FALSE(ec) << out;
    EXPECT_EQ(std::string(parsed.as_array().at(0).as_string()), text);
    EXPECT_TRUE(std::none_of(out.begin(), out.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20;
    })) << out;
    EXPECT_EQ(JsonQuoted(text), out.substr(1, out.size() - 2));
  }
}

TEST(FakeApplicant, SameKeySamePersonOtherKeyOtherPerson) {
  const FakeApplicant a = MakeFakeApplicant("H21.30-210305-0042", "Gia Lai");
  const FakeApplicant b = MakeFakeApplicant("H21.30-210305-0042", "Gia Lai");
  const FakeApplicant c = MakeFakeApplicant("H21.30-210305-0043", "Gia Lai");
  EXPECT_EQ(std::tie(a.name, a.id_number, a.phone, a.email, a.address),
            std::tie(b.name, b.id_number, b.phone, b.email, b.address));
  EXPECT_NE(std::tie(a.id_number, a.phone), std::tie(c.id_number, c.phone));
  FakeApplicant reused = c;
  FillFakeApplicant("H21.30-210305-0042", "Gia Lai", reused);
  EXPECT_EQ(std::tie(a.name, a.id_number, a.phone, a.email, a.address),
            std::tie(reused.name, reused.id_number, reused.phone, reused.email, reused.address));
  EXPECT_TRUE(a.id_number.starts_with("064"));
  EXPECT_TRUE(a.address.ends_with("tỉnh Gia Lai"));
}

// --- Authentication and sessions --------------------------------------------------------

TEST(LgspAuth, IssuesSessionForRightCredentials) {
  const Province p = BaseProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const json::object reply =
      client.Post("/auth", {{"username", "egovkpi"}, {"password", "s3cret"}}, kT0);
  EXPECT_EQ(CodeOf(reply.at("error_code")), 0);
  EXPECT_EQ(Str(reply, "message"), "Thành công");
  const std::string session = Str(reply, "session");
  EXPECT_EQ(session.size(), 32U);
  EXPECT_TRUE(std::all_of(session.begin(), session.end(), [](char c) { return std::isxdigit(c); }));
  // A second session is another token.
  const json::object again =
      client.Post("/auth", {{"username", "egovkpi"}, {"password", "s3cret"}}, kT0);
  EXPECT_NE(Str(again, "session"), session);
}

TEST(LgspAuth, RefusesWrongCredentials) {
  const Province p = BaseProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  for (const json::object& body :
       {json::object{{"username", "egovkpi"}, {"password", "wrong"}},
        json::object{{"username", "other"}, {"password", "s3cret"}},
        json::object{{"username", "egovkpi"}}, json::object{{"username", 1}, {"password", 2}}}) {
    const json::object reply = client.Post("/auth", body, kT0);
    EXPECT_EQ(CodeOf(reply.at("error_code")), 1) << json::serialize(body);
    EXPECT_EQ(Str(reply, "message"), "Sai tên đăng nhập hoặc mật khẩu");
    EXPECT_FALSE(reply.contains("session"));
  }
}

TEST(LgspAuth, RejectsUnknownOrMissingSession) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  client.SetSession("0123456789abcdef0123456789abcdef");
  const json::object params{{"capnhat_tu", "20210101000000"}, {"so_ban_ghi", 10}};
  json::object reply = client.Call("LayDanhSachHoSo", params, kFrozenNow);
  EXPECT_EQ(CodeOf(reply.at("error_code")), 2);
  EXPECT_EQ(Str(reply, "message"), "Phiên làm việc hết hạn");
  EXPECT_FALSE(reply.contains("result"));

  reply = client.Post("/integration",
                      {{"madonvi", "H21"},
                       {"service", "LayDanhSachHoSo"},
                       {"capnhat_tu", "20210101000000"},
                       {"so_ban_ghi", 10}},
                      kFrozenNow);
  EXPECT_EQ(CodeOf(reply.at("error_code")), 2);
}

TEST(LgspAuth, ExpireSessionFaultForgetsSessionAndReauthenticationWorks) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const std::string first = client.Authenticate(kFrozenNow);
  const json::object params{{"capnhat_tu", "20210101000000"}, {"so_ban_ghi", 10}};
  DataFaults expire;
  expire.expire_session = true;
  json::object reply = client.Call("LayDanhSachHoSo", params, kFrozenNow, expire);
  EXPECT_EQ(CodeOf(reply.at("error_code")), 2);
  EXPECT_EQ(Str(reply, "message"), "Phiên làm việc hết hạn");
  // The session stays forgotten without the fault.
  reply = client.Call("LayDanhSachHoSo", params, kFrozenNow);
  EXPECT_EQ(CodeOf(reply.at("error_code")), 2);
  // Authenticate again once and repeat the call.
  EXPECT_NE(client.Authenticate(kFrozenNow), first);
  reply = client.Call("LayDanhSachHoSo", params, kFrozenNow);
  EXPECT_EQ(LgspClient::Result(reply).size(), 10U);
}

TEST(LgspAuth, SessionsExpireAfterThirtyMinutesOfRealTime) {
  auto clock = std::chrono::steady_clock::time_point{} + hours(1000);
  LgspSessions sessions([&] { return clock; });
  const std::string token = sessions.Issue();
  clock += minutes(29);
  EXPECT_EQ(sessions.Find(token), std::optional<std::uint64_t>(1));
  clock += minutes(1);
  EXPECT_FALSE(sessions.Find(token).has_value());
  EXPECT_EQ(sessions.live_count(), 0U);
  EXPECT_FALSE(sessions.Find("not-a-session").has_value());
}

TEST(LgspAuth, GatewayAnswersSessionExpiredAfterThirtyMinutesWhateverTheSimulatedClock) {
  auto clock = std::chrono::steady_clock::time_point{} + hours(1000);
  LgspGateway gateway("H21", Credentials(), [&] { return clock; });
  gateway.AddService("Ping", [](const LgspCall&) { return LgspOutcome::Ok("\"pong\":true"); });
  SimRequest auth{"POST", "/auth", {}, R"({"username":"egovkpi","password":"s3cret"})"};
  const json::object issued = json::parse(gateway.Handle(auth, kT0, {}).body).as_object();
  const std::string session = Str(issued, "session");
  SimRequest call{
      "POST",
      "/integration",
      {},
      json::serialize(json::object{{"session", session}, {"madonvi", "H21"}, {"service", "Ping"}})};
  json::object reply =
      json::parse(gateway.Handle(call, kT0 + hours(24 * 300), {}).body).as_object();
  EXPECT_EQ(CodeOf(reply.at("error_code")), 0);
  EXPECT_TRUE(reply.at("pong").as_bool());
  clock += minutes(30);
  reply = json::parse(gateway.Handle(call, kT0, {}).body).as_object();
  EXPECT_EQ(CodeOf(reply.at("error_code")), 2);
}

TEST(LgspAuth, UnknownPathIs404AndOtherMethodsAre405) {
  const Province p = BaseProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  EXPECT_EQ(client.Raw("/nothing", "{}", kT0).status, 404);
  EXPECT_EQ(client.Raw("/auth", "", kT0, {}, "GET").status, 405);
}

TEST(LgspAuth, ErrorCodesArriveAsNumbersAndAsStrings) {
  const Province p = BaseProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  bool number = false;
  bool text = false;
  for (int i = 0; i < 8; ++i) {
    const json::object reply =
        client.Post("/auth", {{"username", "egovkpi"}, {"password", "s3cret"}}, kT0);
    number = number || reply.at("error_code").is_int64();
    text = text || reply.at("error_code").is_string();
    EXPECT_EQ(CodeOf(reply.at("error_code")), 0);
  }
  EXPECT_TRUE(number);
  EXPECT_TRUE(text);
}

// --- LayDanhSachHoSo: paging ------------------------------------------------------------

TEST(OnegateListDossiers, PagingServesEveryCurrentDossierOnceInOrderWithAnyPageSize) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  const auto expected = ExpectedKeys(p, kFrozenNow);
  ASSERT_GT(expected.size(), 80U);
  const auto shared = std::count_if(expected.begin(), expected.end(),
                                    [](const auto& k) { return k.first == CompactLocal(kShared); });
  ASSERT_GE(shared, 20);  // the case of many dossiers sharing one NgayCapNhat second
  for (const std::int64_t size : {1, 2, 7, 1000}) {
    LgspClient client(*system);
    const PagedRead read = ReadAll(client, kFrozenNow, size);
    EXPECT_EQ(KeysOf(read.records), expected) << "page size " << size;
    const auto pages = static_cast<int>((expected.size() + static_cast<std::size_t>(size) - 1) /
                                        static_cast<std::size_t>(size));
    EXPECT_EQ(read.pages, std::max(pages, 1)) << "page size " << size;
  }
  // The case variants are both there, "A" first (byte order).
  const auto a_upper =
      std::find(expected.begin(), expected.end(),
                std::pair{CompactLocal(kShared), std::string("H21.30-210305-00A1")});
  ASSERT_NE(a_upper, expected.end());
  EXPECT_EQ((a_upper + 1)->second, "H21.30-210305-00a1");
}

TEST(OnegateListDossiers, CursorInsideASharedSecondResumesAfterThatCode) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const auto expected = ExpectedKeys(p, kFrozenNow);
  const auto first_shared = std::find_if(expected.begin(), expected.end(), [](const auto& k) {
    return k.first == CompactLocal(kShared);
  });
  ASSERT_NE(first_shared, expected.end());
  const auto from = first_shared + 5;
  const PagedRead read = ReadAll(client, kFrozenNow, 3, from->first, from->second);
  EXPECT_EQ(KeysOf(read.records), std::vector(from + 1, expected.end()));
  // capnhat_tu alone is inclusive.
  const PagedRead inclusive = ReadAll(client, kFrozenNow, 1000, CompactLocal(kShared));
  EXPECT_EQ(KeysOf(inclusive.records), std::vector(first_shared, expected.end()));
}

TEST(OnegateListDossiers, ReadingFromNowOnGivesAnEmptyLastPage) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const json::object reply = client.Call(
      "LayDanhSachHoSo", {{"capnhat_tu", CompactLocal(kFrozenNow + seconds(1))}, {"so_ban_ghi", 5}},
      kFrozenNow);
  EXPECT_TRUE(LgspClient::Result(reply).empty());
  EXPECT_FALSE(reply.at("con_du_lieu").as_bool());
}

TEST(OnegateListDossiers, VersionNotYetVisibleIsServedOnceNowPassesIt) {
  Province p = BaseProvince();
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-0001", {{kT0, 1}, {kT0 + hours(2), 2}}));
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-0002", {{kT0 + minutes(30), 2}}));
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-0003", {{kT0 + hours(5), 1}}));
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);

  PagedRead before = ReadAll(client, kT0 + hours(1), 10);
  ASSERT_EQ(before.records.size(), 2U);  // 0003 is not submitted yet
  EXPECT_EQ(Str(before.records[0], "MaHoSo"), "H21.30-210305-0001");
  EXPECT_EQ(CodeOf(before.records[0].at("TrangThaiHoSo")), 1);
  EXPECT_EQ(Str(before.records[0], "NgayCapNhat"), CompactLocal(kT0));
  EXPECT_FALSE(before.records[0].contains("NgayTiepNhan"));

  // Resuming from the last record once now has moved: the dossier reappears, changed.
  const json::object& last = before.records.back();
  PagedRead after =
      ReadAll(client, kT0 + hours(3), 10, Str(last, "NgayCapNhat"), Str(last, "MaHoSo"));
  ASSERT_EQ(after.records.size(), 1U);
  EXPECT_EQ(Str(after.records[0], "MaHoSo"), "H21.30-210305-0001");
  EXPECT_EQ(CodeOf(after.records[0].at("TrangThaiHoSo")), 2);
  EXPECT_EQ(Str(after.records[0], "NgayCapNhat"), CompactLocal(kT0 + hours(2)));
  EXPECT_EQ(Str(after.records[0], "NgayTiepNhan"), CompactLocal(kT0 + hours(2)));

  // From the start, the old version is no longer served.
  EXPECT_EQ(KeysOf(ReadAll(client, kT0 + hours(3), 1).records),
            (std::vector<std::pair<std::string, std::string>>{
                {CompactLocal(kT0 + minutes(30)), "H21.30-210305-0002"},
                {CompactLocal(kT0 + hours(2)), "H21.30-210305-0001"}}));
}

TEST(OnegateListDossiers, DeletedDossierIsServedWithDaXoaAtItsDeletionTime) {
  Province p = BaseProvince();
  Dossier d = MakeDossier(p, "H21.30-210305-0007", {{kT0, 2}, {kT0 + hours(1), 4}});
  d.set_deleted_at(kT0 + hours(3));
  p.dossiers.push_back(d);
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);

  std::optional<json::object> r = RecordOf(client, kT0 + hours(2), MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_FALSE(Truthy(r->at("DaXoa")));
  r = RecordOf(client, kT0 + hours(4), MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_TRUE(Truthy(r->at("DaXoa")));
  EXPECT_EQ(CodeOf(r->at("TrangThaiHoSo")), 4);  // status unchanged
  EXPECT_EQ(Str(*r, "NgayCapNhat"), CompactLocal(kT0 + hours(3)));
}

TEST(OnegateListDossiers, DerivedFieldsComeFromVisibleStepsOnly) {
  Province p = BaseProvince();
  const Time t1 = kT0, t2 = kT0 + hours(1), t3 = kT0 + hours(2), t4 = kT0 + hours(30),
             t5 = kT0 + hours(50);
  Dossier d = MakeDossier(p, "H21.30-210305-0009", {{t1, 1}, {t2, 2}, {t3, 4}, {t4, 9}, {t5, 10}});
  d.electronic_result = true;
  d.set_due_at(kT0 + hours(24 * 5));
  p.dossiers.push_back(d);
  Dossier refused = MakeDossier(p, "H21.30-210305-0010", {{t1, 1}, {t3, 3}});
  p.dossiers.push_back(refused);
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);

  std::optional<json::object> r = RecordOf(client, t1 + minutes(1), MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_EQ(CodeOf(r->at("TrangThaiHoSo")), 1);
  EXPECT_EQ(Str(*r, "NgayNopHoSo"), CompactLocal(t1));
  for (const char* field :
       {"NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi"}) {
    EXPECT_FALSE(r->contains(field)) << field;
  }

  r = RecordOf(client, t3 + minutes(1), MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_EQ(CodeOf(r->at("TrangThaiHoSo")), 4);
  EXPECT_EQ(Str(*r, "NgayTiepNhan"), CompactLocal(t2));
  EXPECT_EQ(Str(*r, "NgayHenTra"), CompactLocal(*d.due_at()));
  EXPECT_FALSE(r->contains("NgayKetThucXuLy"));
  EXPECT_FALSE(r->contains("NgayTra"));
  const json::value* documents = r->if_contains("DanhSachGiayToKetQua");
  EXPECT_TRUE(documents == nullptr || documents->as_array().empty());

  r = RecordOf(client, t5, MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_EQ(CodeOf(r->at("TrangThaiHoSo")), 10);
  EXPECT_EQ(Str(*r, "NgayKetThucXuLy"), CompactLocal(t4));
  EXPECT_EQ(Str(*r, "NgayTra"), CompactLocal(t5));
  EXPECT_EQ(Str(*r, "NgayCapNhat"), CompactLocal(t5));
  const json::array& results = r->at("DanhSachGiayToKetQua").as_array();
  ASSERT_FALSE(results.empty());
  EXPECT_FALSE(Str(results[0].as_object(), "TenGiayTo").empty());
  EXPECT_FALSE(Str(results[0].as_object(), "DuongDan").empty());

  r = RecordOf(client, t5, MaHoSo(p, refused));
  ASSERT_TRUE(r);
  EXPECT_EQ(Str(*r, "NgayTuChoi"), CompactLocal(t3));
  EXPECT_FALSE(r->contains("NgayTiepNhan"));
  EXPECT_FALSE(r->contains("NgayHenTra"));
}

TEST(OnegateListDossiers, RecordsCarryTheModelsFields) {
  Province p = BaseProvince();
  Dossier d = MakeDossier(p, "H21.30-210305-0011", {{kT0, 2}}, 2, 1);
  d.channel = 3;
  d.return_method = 1;
  d.level = 4;
  d.payment = 2;
  p.dossiers.push_back(d);
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const std::optional<json::object> r = RecordOf(client, kT0, MaHoSo(p, d));
  ASSERT_TRUE(r);
  EXPECT_EQ(Str(*r, "MaTTHC"), "2.000001.000.00.00.H21");
  EXPECT_EQ(Str(*r, "TenTTHC"), "Đăng ký khai sinh");
  EXPECT_EQ(Str(*r, "MaDonVi"), "000.30.31.H21");
  EXPECT_EQ(CodeOf(r->at("KenhThucHien")), 3);
  EXPECT_EQ(CodeOf(r->at("HinhThuc")), 1);
  EXPECT_EQ(CodeOf(r->at("MucDo")), 4);
  EXPECT_EQ(CodeOf(r->at("DuocThanhToanTrucTuyen")), 2);
}

TEST(OnegateListDossiers, CodesAppearBothAsStringsAndAsNumbers) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  std::map<std::string, std::pair<int, int>> forms;  // field -> (numbers, strings)
  bool deleted_as_bool = false, deleted_as_number = false, channel_absent = false,
       return_absent = false;
  for (const json::object& r : ReadAll(client, kFrozenNow, 1000).records) {
    for (const char* field :
         {"TrangThaiHoSo", "MucDo", "KenhThucHien", "HinhThuc", "DuocThanhToanTrucTuyen"}) {
      if (const json::value* v = r.if_contains(field)) {
        (v->is_string() ? forms[field].second : forms[field].first) += 1;
      }
    }
    deleted_as_bool = deleted_as_bool || r.at("DaXoa").is_bool();
    deleted_as_number = deleted_as_number || r.at("DaXoa").is_int64();
    channel_absent = channel_absent || !r.contains("KenhThucHien");
    return_absent = return_absent || !r.contains("HinhThuc");
  }
  for (const auto& [field, counts] : forms) {
    EXPECT_GT(counts.first, 0) << field;
    EXPECT_GT(counts.second, 0) << field;
  }
  EXPECT_EQ(forms.size(), 5U);
  EXPECT_TRUE(deleted_as_bool);
  EXPECT_TRUE(deleted_as_number);
  EXPECT_TRUE(channel_absent);
  EXPECT_TRUE(return_absent);
}

TEST(OnegateListDossiers, PersonalFieldsArePresentPlausibleAndStableAcrossVersions) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::map<std::string, std::string> applicant_at_noon;
  std::set<std::string> names;
  for (const json::object& r : ReadAll(client, kFrozenNow, 1000).records) {
    const std::string id = Str(r, "SoGiayToChuHoSo");
    const std::string phone = Str(r, "SoDienThoai");
    EXPECT_EQ(id.size(), 12U);
    EXPECT_TRUE(digits(id)) << id;
    EXPECT_EQ(phone.size(), 10U);
    EXPECT_TRUE(digits(phone) && phone[0] == '0') << phone;
    EXPECT_NE(Str(r, "Email").find('@'), std::string::npos);
    EXPECT_NE(Str(r, "DiaChi").find("tỉnh Gia Lai"), std::string::npos);
    EXPECT_FALSE(Str(r, "ChuHoSo").empty());
    names.insert(Str(r, "ChuHoSo"));
    applicant_at_noon[Str(r, "MaHoSo")] =
        json::serialize(json::object{{"a", r.at("ChuHoSo")},
                                     {"b", r.at("SoGiayToChuHoSo")},
                                     {"c", r.at("SoDienThoai")},
                                     {"d", r.at("Email")},
                                     {"e", r.at("DiaChi")}});
  }
  EXPECT_GT(names.size(), 40U);  // not one person for all
  // Earlier versions of the same dossiers show the same person.
  int compared = 0;
  for (const json::object& r : ReadAll(client, kT0 + hours(2), 1000).records) {
    const auto it = applicant_at_noon.find(Str(r, "MaHoSo"));
    ASSERT_NE(it, applicant_at_noon.end());
    EXPECT_EQ(it->second, json::serialize(json::object{{"a", r.at("ChuHoSo")},
                                                       {"b", r.at("SoGiayToChuHoSo")},
                                                       {"c", r.at("SoDienThoai")},
                                                       {"d", r.at("Email")},
                                                       {"e", r.at("DiaChi")}}));
    ++compared;
  }
  EXPECT_GT(compared, 10);
}

TEST(OnegateListDossiers, SameRequestAtSameNowGivesSameBytes) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  auto other = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  LgspClient other_client(*other);
  const json::object params{{"capnhat_tu", "20210305090000"}, {"so_ban_ghi", 20}};
  client.Call("LayDanhSachHoSo", params, kFrozenNow);
  const std::string first = client.LastBody();
  client.Call("LayDanhSachHoSo", params, kFrozenNow);
  EXPECT_EQ(client.LastBody(), first);
  // Another instance serves the same records (its session may choose the other form of
  // error_code, so compare the result).
  other_client.Call("LayDanhSachHoSo", params, kFrozenNow);
  EXPECT_EQ(json::serialize(json::parse(other_client.LastBody()).at("result")),
            json::serialize(json::parse(first).at("result")));
}

// --- Parameters and errors --------------------------------------------------------------

TEST(OnegateListDossiers, BadParametersGetErrorCodes) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const auto code_of = [&](json::object params) {
    return CodeOf(client.Call("LayDanhSachHoSo", std::move(params), kFrozenNow).at("error_code"));
  };
  EXPECT_EQ(code_of({{"capnhat_tu", "2021-03-05 08:00"}, {"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20211305080000"}, {"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", 20210305080000}, {"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 0}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 1001}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", -5}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 2.5}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", "ten"}}), 3);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 10}, {"sau_ma_ho_so", 42}}),
            3);
  // Lenient: numeric strings for integers; null or "" for an absent cursor code.
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", "10"}}), 0);
  EXPECT_EQ(
      code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 10}, {"sau_ma_ho_so", nullptr}}),
      0);
  EXPECT_EQ(code_of({{"capnhat_tu", "20210305080000"}, {"so_ban_ghi", 10}, {"sau_ma_ho_so", ""}}),
            0);

  const json::object invalid =
      client.Call("LayDanhSachHoSo", {{"capnhat_tu", "x"}, {"so_ban_ghi", 1}}, kFrozenNow);
  EXPECT_EQ(Str(invalid, "message"), "Tham số không hợp lệ: capnhat_tu");
  EXPECT_FALSE(invalid.contains("result"));

  const json::object unknown = client.Call("LayDanhSachHoSoCu", {}, kFrozenNow);
  EXPECT_EQ(CodeOf(unknown.at("error_code")), 4);
  EXPECT_NE(Str(unknown, "message").find("LayDanhSachHoSoCu"), std::string::npos);

  // madonvi must be the province code.
  const std::string session = client.Authenticate(kFrozenNow);
  json::object wrong_unit = client.Post("/integration",
                                        {{"session", session},
                                         {"madonvi", "H22"},
                                         {"service", "LayDanhSachHoSo"},
                                         {"capnhat_tu", "20210305080000"},
                                         {"so_ban_ghi", 10}},
                                        kFrozenNow);
  EXPECT_EQ(CodeOf(wrong_unit.at("error_code")), 3);
  EXPECT_EQ(Str(wrong_unit, "message"), "Tham số không hợp lệ: madonvi");

  // A body that is not a JSON object.
  for (const char* body : {"{\"session\":", "[1,2]", ""}) {
    const SimReply reply = client.Raw("/integration", body, kFrozenNow);
    EXPECT_EQ(reply.status, 200);
    const json::object o = json::parse(reply.body).as_object();
    EXPECT_EQ(CodeOf(o.at("error_code")), 5) << body;
    EXPECT_EQ(Str(o, "message"), "Dữ liệu yêu cầu không hợp lệ");
  }
}

// --- Data faults ------------------------------------------------------------------------

TEST(OnegateDataFaults, InvalidRecordIsAnExtraRecordFirstWithoutMaHoSo) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const json::object params{{"capnhat_tu", "20210305090000"}, {"so_ban_ghi", 7}};
  const json::array clean = LgspClient::Result(client.Call("LayDanhSachHoSo", params, kFrozenNow));
  DataFaults faults;
  faults.invalid_record = true;
  const json::object reply = client.Call("LayDanhSachHoSo", params, kFrozenNow, faults);
  const json::array& faulted = LgspClient::Result(reply);
  ASSERT_EQ(faulted.size(), clean.size() + 1);
  const json::object& extra = faulted[0].as_object();
  EXPECT_FALSE(extra.contains("MaHoSo"));
  EXPECT_FALSE(Str(extra, "ChuHoSo").empty());
  EXPECT_EQ(Str(extra, "SoGiayToChuHoSo").size(), 12U);
  EXPECT_FALSE(Str(extra, "MaTTHC").empty());
  EXPECT_LE(Str(extra, "NgayCapNhat"), Str(clean[0].as_object(), "NgayCapNhat"));
  for (std::size_t i = 0; i < clean.size(); ++i) EXPECT_EQ(faulted[i + 1], clean[i]);
  EXPECT_TRUE(reply.at("con_du_lieu").as_bool());

  // Also on a page with nothing left to serve.
  const json::object empty = client.Call(
      "LayDanhSachHoSo", {{"capnhat_tu", "20211231000000"}, {"so_ban_ghi", 7}}, kFrozenNow, faults);
  ASSERT_EQ(LgspClient::Result(empty).size(), 1U);
  EXPECT_FALSE(LgspClient::Result(empty)[0].as_object().contains("MaHoSo"));
  EXPECT_FALSE(empty.at("con_du_lieu").as_bool());
}

TEST(OnegateDataFaults, DuplicateRepeatsThePreviousPagesLastRecordFirst) {
  const Province p = FrozenProvince();
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  const json::array first = LgspClient::Result(client.Call(
      "LayDanhSachHoSo", {{"capnhat_tu", "20000101000000"}, {"so_ban_ghi", 7}}, kFrozenNow));
  const json::object& last = first.back().as_object();
  const json::object next{{"capnhat_tu", Str(last, "NgayCapNhat")},
                          {"sau_ma_ho_so", Str(last, "MaHoSo")},
                          {"so_ban_ghi", 7}};
  const json::array clean = LgspClient::Result(client.Call("LayDanhSachHoSo", next, kFrozenNow));
  DataFaults faults;
  faults.duplicate_record = true;
  const json::array faulted =
      LgspClient::Result(client.Call("LayDanhSachHoSo", next, kFrozenNow, faults));
  ASSERT_EQ(faulted.size(), clean.size() + 1);
  EXPECT_EQ(faulted[0], first.back());
  for (std::size_t i = 0; i < clean.size(); ++i) EXPECT_EQ(faulted[i + 1], clean[i]);

  // A whole read with the fault on every page still ends with every dossier exactly once
  // after removing repeats.
  std::string since = "20000101000000", after;
  std::vector<std::pair<std::string, std::string>> keys;
  for (int guard = 0; guard < 1000; ++guard) {
    json::object params{{"capnhat_tu", since}, {"so_ban_ghi", 5}};
    if (!after.empty()) params["sau_ma_ho_so"] = after;
    const json::object reply = client.Call("LayDanhSachHoSo", params, kFrozenNow, faults);
    for (const json::value& v : LgspClient::Result(reply)) {
      std::pair key{Str(v.as_object(), "NgayCapNhat"), Str(v.as_object(), "MaHoSo")};
      if (keys.empty() || keys.back() != key) keys.push_back(key);
      since = key.first;
      after = key.second;
    }
    if (!reply.at("con_du_lieu").as_bool()) break;
  }
  EXPECT_EQ(keys, ExpectedKeys(p, kFrozenNow));
}

TEST(OnegateDataFaults, DuplicateIsNotServedWhenTheCursorRecordChangedSince) {
  Province p = BaseProvince();
  p.dossiers.push_back(MakeDossier(p, "H21.30-210305-0001", {{kT0, 1}, {kT0 + hours(2), 2}}));
  auto system = MakeOnegateSystem(p, Credentials());
  LgspClient client(*system);
  DataFaults faults;
  faults.duplicate_record = true;
  const json::object params{{"capnhat_tu", CompactLocal(kT0)},
                            {"sau_ma_ho_so", "H21.30-210305-0001"},
                            {"so_ban_ghi", 10}};
  // Still current at kT0 + 1h: repeated; changed at kT0 + 3h: only the new version.
  json::array result =
      LgspClient::Result(client.Call("LayDanhSachHoSo", params, kT0 + hours(1), faults));
  ASSERT_EQ(result.size(), 1U);
  EXPECT_EQ(Str(result[0].as_object(), "NgayCapNhat"), CompactLocal(kT0));
  result = LgspClient::Result(client.Call("LayDanhSachHoSo", params, kT0 + hours(3), faults));
  ASSERT_EQ(result.size(), 1U);
  EXPECT_EQ(Str(result[0].as_object(), "NgayCapNhat"), CompactLocal(kT0 + hours(2)));
}

// --- Portal -----------------------------------------------------------------------------

ServiceRow Row(UnitIndex unit, ProcedureIndex procedure, int level, Date from, Time published) {
  ServiceRow row;
  row.unit = unit;
  row.procedure = procedure;
  row.level = level;
  row.valid_from = from;
  row.published_at = published;
  return row;
}

constexpr Time kPublishedEarly = Local(2020, 12, 1, 0);

Province PortalProvince() {
  Province p = BaseProvince();
  // Upgraded from level 2 to 3 on 1 July; the end date is served from 20 June.
  ServiceRow old_row = Row(0, 0, 2, Day(2021, 1, 1), kPublishedEarly);
  old_row.valid_to = Day(2021, 6, 30);
  old_row.valid_to_published_at = At("20210620090000");
  p.service_rows.push_back(old_row);
  p.service_rows.push_back(Row(0, 0, 3, Day(2021, 7, 1), At("20210620090000")));
  // Several rows for paging, in an order unrelated to the serving order.
  for (UnitIndex u : {2U, 1U, 3U}) {
    for (ProcedureIndex pr : {2U, 1U, 0U}) {
      ServiceRow row =
          Row(u, pr, 3 + static_cast<int>((u + pr) % 2), Day(2021, 1, 1), kPublishedEarly);
      row.bcci_receive = (u + pr) % 3 == 0;
      row.bcci_return = (u + pr) % 2 == 0;
      p.service_rows.push_back(row);
    }
  }
  // Ended with a date known from the start (no separate publication of the end).
  ServiceRow ended = Row(1, 0, 4, Day(2020, 1, 1), kPublishedEarly);
  ended.valid_to = Day(2020, 12, 31);
  p.service_rows.push_back(ended);
  return p;
}

// Every page of `service` read with `page_size`: the rows and the tong_so of each page.
std::pair<std::vector<json::object>, std::set<std::int64_t>> ReadCatalogue(LgspClient& client,
                                                                           std::string_view service,
                                                                           Time now,
                                                                           std::int64_t page_size) {
  std::vector<json::object> rows;
  std::set<std::int64_t> totals;
  for (std::int64_t page = 1;; ++page) {
    const json::object reply =
        client.Call(service, {{"trang", page}, {"so_ban_ghi", page_size}}, now);
    const json::array& result = LgspClient::Result(reply);
    totals.insert(reply.at("tong_so").as_int64());
    for (const json::value& v : result) rows.push_back(v.as_object());
    if (result.empty() || page * page_size >= reply.at("tong_so").as_int64()) break;
  }
  return {rows, totals};
}

TEST(PortalCatalogue, UnitsArePagedCompleteWithoutUnitsOutsideTheCatalogue) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  for (const std::int64_t size : {1, 2, 1000}) {
    const auto [rows, totals] = ReadCatalogue(client, "LayDanhMucDonVi", kT0, size);
    EXPECT_EQ(totals, std::set<std::int64_t>{3});
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(Str(rows[0], "MaDonVi"), "000.00.12.H21");
    EXPECT_EQ(Str(rows[1], "MaDonVi"), "000.00.30.H21");
    EXPECT_EQ(Str(rows[2], "MaDonVi"), "000.30.31.H21");
    EXPECT_EQ(Str(rows[2], "TenDonVi"), "UBND xã Ia Rsươm");
    EXPECT_EQ(CodeOf(rows[2].at("CapDonVi")), 3);
    EXPECT_EQ(Str(rows[2], "MaDonViCha"), "000.00.30.H21");
    EXPECT_EQ(Str(rows[0], "MaDonViCha"), "H21");
  }
}

TEST(PortalCatalogue, ProceduresArePagedCompleteInCodeOrder) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  const auto [rows, totals] = ReadCatalogue(client, "LayDanhSachTTHC", kT0, 2);
  EXPECT_EQ(totals, std::set<std::int64_t>{3});
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(Str(rows[0], "MaTTHC"), "1.000656.000.00.00.H21");
  EXPECT_EQ(Str(rows[1], "MaTTHC"), "1.001612.000.00.00.H21");
  EXPECT_EQ(Str(rows[2], "MaTTHC"), "2.000001.000.00.00.H21");
  EXPECT_EQ(Str(rows[1], "TenLinhVuc"), "Xuất bản");
  EXPECT_EQ(Str(rows[1], "MaLinhVuc"), "G01");
  EXPECT_TRUE(rows[1].at("CoPhiLePhi").as_bool());
  EXPECT_FALSE(rows[2].at("CoPhiLePhi").as_bool());
}

TEST(PortalCatalogue, ServiceRowsArePagedCompleteInStableOrder) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  const Time now = At("20210701000000");
  std::vector<std::string> reference;
  for (const std::int64_t size : {1, 2, 7, 1000}) {
    const auto [rows, totals] = ReadCatalogue(client, "LayDanhSachDichVuCong", now, size);
    EXPECT_EQ(totals, std::set<std::int64_t>{static_cast<std::int64_t>(p.service_rows.size())});
    ASSERT_EQ(rows.size(), p.service_rows.size());
    std::vector<std::string> keys;
    bool level_number = false, level_text = false, return_flag_absent = false;
    for (const json::object& r : rows) {
      keys.push_back(Str(r, "MaDonVi") + " " + Str(r, "MaTTHC") + " " + Str(r, "HieuLucTu"));
      EXPECT_EQ(Str(r, "HieuLucTu").size(), 8U);
      EXPECT_TRUE(r.at("TiepNhanBCCI").is_bool());
      level_number = level_number || r.at("MucDo").is_int64();
      level_text = level_text || r.at("MucDo").is_string();
      return_flag_absent = return_flag_absent || !r.contains("TraKetQuaBCCI");
    }
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    EXPECT_EQ(std::set(keys.begin(), keys.end()).size(), keys.size());
    EXPECT_TRUE(level_number && level_text);
    EXPECT_TRUE(return_flag_absent);
    if (reference.empty()) reference = keys;
    EXPECT_EQ(keys, reference);
  }
  // A page past the end is empty.
  const json::object past =
      client.Call("LayDanhSachDichVuCong", {{"trang", 99}, {"so_ban_ghi", 10}}, now);
  EXPECT_TRUE(LgspClient::Result(past).empty());
  EXPECT_EQ(past.at("tong_so").as_int64(), static_cast<std::int64_t>(p.service_rows.size()));
}

TEST(PortalCatalogue, UnpublishedRowsAndEndDatesAreHiddenUntilPublished) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  const auto pair_rows = [&](Time now) {
    std::vector<json::object> out;
    for (const json::object& r : ReadCatalogue(client, "LayDanhSachDichVuCong", now, 1000).first) {
      if (Str(r, "MaDonVi") == "000.00.12.H21" && Str(r, "MaTTHC") == "1.001612.000.00.00.H21") {
        out.push_back(r);
      }
    }
    return out;
  };
  std::vector<json::object> rows = pair_rows(At("20210501000000"));
  ASSERT_EQ(rows.size(), 1U);  // the level-3 row is not published yet
  EXPECT_EQ(Str(rows[0], "HieuLucTu"), "20210101");
  EXPECT_FALSE(rows[0].contains("HieuLucDen"));
  EXPECT_EQ(CodeOf(rows[0].at("MucDo")), 2);

  rows = pair_rows(At("20210620090000"));
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(Str(rows[0], "HieuLucDen"), "20210630");
  EXPECT_EQ(Str(rows[1], "HieuLucTu"), "20210701");
  EXPECT_FALSE(rows[1].contains("HieuLucDen"));
  EXPECT_EQ(CodeOf(rows[1].at("MucDo")), 3);

  // Nothing is listed before its publication.
  EXPECT_EQ(
      client.Call("LayDanhSachDichVuCong", {{"trang", 1}, {"so_ban_ghi", 10}}, At("20201101000000"))
          .at("tong_so")
          .as_int64(),
      0);
  // An end date without its own publication time is served with the row.
  const auto all = ReadCatalogue(client, "LayDanhSachDichVuCong", At("20210101000000"), 1000).first;
  const auto ended = std::find_if(all.begin(), all.end(), [](const json::object& r) {
    return Str(r, "HieuLucTu") == "20200101";
  });
  ASSERT_NE(ended, all.end());
  EXPECT_EQ(Str(*ended, "HieuLucDen"), "20201231");
}

TEST(PortalCatalogue, BadParametersGetErrorCodes) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  const auto code_of = [&](json::object params) {
    return CodeOf(client.Call("LayDanhMucDonVi", std::move(params), kT0).at("error_code"));
  };
  EXPECT_EQ(code_of({{"trang", 0}, {"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"trang", 1}, {"so_ban_ghi", 1001}}), 3);
  EXPECT_EQ(code_of({{"trang", 1}}), 3);
  EXPECT_EQ(code_of({{"trang", "một"}, {"so_ban_ghi", 10}}), 3);
  EXPECT_EQ(code_of({{"trang", "1"}, {"so_ban_ghi", "10"}}), 0);
  EXPECT_EQ(CodeOf(client.Call("LayDanhSachHoSo", {}, kT0).at("error_code")), 4);
}

TEST(PortalDataFaults, InvalidRowLacksARequiredFieldAndDuplicateRepeatsThePreviousPage) {
  const Province p = PortalProvince();
  auto system = MakePortalSystem(p, Credentials());
  LgspClient client(*system);
  const Time now = At("20210701000000");
  DataFaults invalid;
  invalid.invalid_record = true;
  const std::map<std::string, std::string> required{{"LayDanhMucDonVi", "MaDonVi"},
                                                    {"LayDanhSachTTHC", "MaTTHC"},
                                                    {"LayDanhSachDichVuCong", "MucDo"}};
  for (const auto& [service, field] : required) {
    const json::object params{{"trang", 2}, {"so_ban_ghi", 2}};
    const json::object clean = client.Call(service, params, now);
    const json::object faulted = client.Call(service, params, now, invalid);
    const json::array& clean_rows = LgspClient::Result(clean);
    const json::array& faulted_rows = LgspClient::Result(faulted);
    ASSERT_EQ(faulted_rows.size(), clean_rows.size() + 1) << service;
    EXPECT_FALSE(faulted_rows[0].as_object().contains(field)) << service;
    for (std::size_t i = 0; i < clean_rows.size(); ++i)
      EXPECT_EQ(faulted_rows[i + 1], clean_rows[i]);
    EXPECT_EQ(faulted.at("tong_so"), clean.at("tong_so"));
  }

  DataFaults duplicate;
  duplicate.duplicate_record = true;
  const json::array page1 = LgspClient::Result(
      client.Call("LayDanhSachDichVuCong", {{"trang", 1}, {"so_ban_ghi", 3}}, now));
  const json::array page2 = LgspClient::Result(
      client.Call("LayDanhSachDichVuCong", {{"trang", 2}, {"so_ban_ghi", 3}}, now));
  const json::array faulted = LgspClient::Result(
      client.Call("LayDanhSachDichVuCong", {{"trang", 2}, {"so_ban_ghi", 3}}, now, duplicate));
  ASSERT_EQ(faulted.size(), page2.size() + 1);
  EXPECT_EQ(faulted[0], page1.back());
  // No previous page on page 1.
  EXPECT_EQ(LgspClient::Result(client.Call("LayDanhSachDichVuCong",
                                           {{"trang", 1}, {"so_ban_ghi", 3}}, now, duplicate)),
            page1);

  DataFaults expire;
  expire.expire_session = true;
  EXPECT_EQ(CodeOf(client.Call("LayDanhMucDonVi", {{"trang", 1}, {"so_ban_ghi", 3}}, now, expire)
                       .at("error_code")),
            2);
}

// --- Scale ------------------------------------------------------------------------------

// A province-scale year: 150,000 dossiers with 5 versions each. Paging through all of it
// must stay fast (the rate is printed; the Debug build is several times slower).
TEST(OnegateScale, PagesAProvinceScaleYearCompletely) {
  Province p = BaseProvince();
  constexpr int kDossiers = 150'000;
  const Time year_start = At("20210101000000");
  p.dossiers.reserve(kDossiers);
  std::uint64_t state = 7;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int i = 0; i < kDossiers; ++i) {
    char code[40];
    std::snprintf(code, sizeof code, "H21.%02d-2101%02d-%05d", i % 40, 1 + i % 28, i);
    const Time start = year_start + seconds(static_cast<std::int64_t>(next() % (360LL * 86400)));
    std::vector<DossierStep> steps{{start, 1}};
    Time t = start;
    for (const std::uint8_t status :
         {std::uint8_t{2}, std::uint8_t{4}, std::uint8_t{9}, std::uint8_t{10}}) {
      t += seconds(static_cast<std::int64_t>(next() % (5LL * 86400)));
      steps.push_back({t, status});
    }
    Dossier d = MakeDossier(p, code, steps, static_cast<UnitIndex>(i % 4),
                            static_cast<ProcedureIndex>(i % 3));
    d.electronic_result = i % 3 == 0;
    p.dossiers.push_back(d);
  }
  const auto build_start = std::chrono::steady_clock::now();
  auto system = MakeOnegateSystem(p, Credentials());
  const auto build_time = std::chrono::steady_clock::now() - build_start;
  LgspClient client(*system);
  const std::string session = client.Authenticate(year_start);

  const Time now = At("20211231235959");
  std::string since = "20210101000000", after;
  std::size_t records = 0;
  std::size_t bytes = 0;
  std::chrono::steady_clock::duration serving{};
  std::string previous_key;
  for (int guard = 0; guard < 1000; ++guard) {
    json::object params{{"session", session},
                        {"madonvi", "H21"},
                        {"service", "LayDanhSachHoSo"},
                        {"capnhat_tu", since},
                        {"so_ban_ghi", 1000}};
    if (!after.empty()) params["sau_ma_ho_so"] = after;
    SimRequest request{"POST", "/integration", {}, json::serialize(params)};
    const auto t0 = std::chrono::steady_clock::now();
    const SimReply reply = system->Handle(request, now, {});
    serving += std::chrono::steady_clock::now() - t0;
    bytes += reply.body.size();
    const json::object o = json::parse(reply.body).as_object();
    const json::array& result = LgspClient::Result(o);
    for (const json::value& v : result) {
      std::string key = Str(v.as_object(), "NgayCapNhat") + Str(v.as_object(), "MaHoSo");
      ASSERT_LT(previous_key, key);
      previous_key = std::move(key);
    }
    records += result.size();
    if (!result.empty()) {
      since = Str(result.back().as_object(), "NgayCapNhat");
      after = Str(result.back().as_object(), "MaHoSo");
    }
    if (!o.at("con_du_lieu").as_bool()) break;
  }
  EXPECT_EQ(records, static_cast<std::size_t>(kDossiers));
  const double ms = std::chrono::duration<double, std::milli>(serving).count();
  std::printf(
      "[ scale    ] index of %d dossiers built in %.0f ms; served %zu records "
      "(%.0f MB) in %.0f ms: %.0f records/ms\n",
      kDossiers, std::chrono::duration<double, std::milli>(build_time).count(), records,
      static_cast<double>(bytes) / 1e6, ms, static_cast<double>(records) / ms);
}

}  // namespace
}  // namespace egovkpi::sim
