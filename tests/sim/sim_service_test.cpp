// The simulator as a client sees it: routing, every fault mode observable over a real
// socket, scripted faults through the control endpoint, the truth endpoint, determinism.
#include "egovkpi/sim/sim_service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "egovkpi/collectors/http_client.hpp"
#include "egovkpi/sim/generator.hpp"
#include "egovkpi/sim/time_format.hpp"

namespace egovkpi::sim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const Province& SmallProvince() {
  static const Province province = GenerateProvince({.seed = 7, .scale = 0.02, .year = 2021});
  return province;
}

Time MidYear() { return *ParseCommandLineTime("2021-07-01"); }

// A simulator on a free port, and a client for it.
class Simulator {
 public:
  explicit Simulator(FaultPlan faults = FaultPlan({}, 1500ms))
      : service_(SmallProvince(), SimClock::Frozen(MidYear()), std::move(faults), {}),
        server_([this](const SimRequest& r) { return service_.Handle(r); }) {}

  collectors::FetchResult<collectors::HttpResponse> Send(const std::string& method,
                                                         const std::string& path,
                                                         const std::string& body = "",
                                                         std::chrono::milliseconds timeout = 3s,
                                                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    collectors::HttpClient client({.base_url = server_.base_url(), .timeout = timeout});
    collectors::HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.headers = std::move(headers);
    return client.Send(request, std::stop_token{});
  }

  // A session for the one-stop system.
  std::string Login() {
    auto reply = Send("POST", "/onegate/auth", R"({"username":"egovkpi","password":"egovkpi"})");
    EXPECT_TRUE(reply.ok());
    return std::string(json::parse(reply.value().body).as_object().at("session").as_string());
  }

  std::string DossierPageRequest(const std::string& session) {
    return json::serialize(json::object{{"session", session},
                                        {"madonvi", "H21"},
                                        {"service", "LayDanhSachHoSo"},
                                        {"capnhat_tu", "20210101000000"},
                                        {"so_ban_ghi", 50}});
  }

  void Script(const std::string& system, const std::string& fault, int count) {
    auto reply = Send("POST", "/control/faults",
                      json::serialize(json::object{{"system", system}, {"fault", fault}, {"count", count}}));
    ASSERT_TRUE(reply.ok());
    ASSERT_EQ(reply.value().status, 200) << reply.value().body;
  }

 private:
  SimService service_;
  SimHttpServer server_;
};

TEST(FaultPlan, ScriptedFaultsComeFirstInOrderPerSystem) {
  FaultPlan plan;
  plan.Script("onegate", Fault::kHttp500, 2);
  plan.Script("onegate", Fault::kInvalidRecord, 1);
  EXPECT_FALSE(plan.Next("postal", false).transport);
  EXPECT_EQ(plan.Next("onegate", false).transport, Fault::kHttp500);
  EXPECT_EQ(plan.Next("onegate", false).transport, Fault::kHttp500);
  // A data fault waits for a data request: authentication gets nothing.
  EXPECT_FALSE(plan.Next("onegate", true).data.invalid_record);
  EXPECT_TRUE(plan.Next("onegate", false).data.invalid_record);
  EXPECT_FALSE(plan.Next("onegate", false).data.invalid_record);
  EXPECT_EQ(plan.injected().at("onegate").at("http_500"), 2);
}

TEST(FaultPlan, RandomFaultsAreDeterministicAndFollowTheRate) {
  const RandomFaults random{.rate = 0.2, .modes = {std::begin(kAllFaults), std::end(kAllFaults)}, .seed = 9};
  FaultPlan a(random);
  FaultPlan b(random);
  int faults = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto da = a.Next("edoc", false);
    const auto db = b.Next("edoc", false);
    ASSERT_EQ(da.transport, db.transport);
    ASSERT_EQ(da.data.invalid_record, db.data.invalid_record);
    faults += da.transport || da.data.invalid_record || da.data.duplicate_record ||
              da.data.expire_session;
  }
  EXPECT_GT(faults, 300);
  EXPECT_LT(faults, 500);
  FaultPlan none(RandomFaults{.rate = 0, .modes = random.modes, .seed = 9});
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(none.Next("edoc", false).transport);
}

TEST(SimService, Http500AndRecovery) {
  Simulator sim;
  const auto session = sim.Login();
  sim.Script("onegate", "http_500", 1);
  EXPECT_EQ(sim.Send("POST", "/onegate/integration", sim.DossierPageRequest(session)).value().status, 500);
  EXPECT_EQ(sim.Send("POST", "/onegate/integration", sim.DossierPageRequest(session)).value().status, 200);
}

TEST(SimService, Http429CarriesRetryAfter) {
  Simulator sim;
  sim.Script("postal", "http_429", 1);
  auto reply = sim.Send("GET", "/postal/bcci/tracking?lastId=0&limit=10");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.value().status, 429);
  EXPECT_EQ(reply.value().retry_after, std::chrono::seconds(1));
}

TEST(SimService, SlowReplyRunsPastTheClientTimeout) {
  Simulator sim;
  sim.Script("edoc", "slow", 1);
  auto reply = sim.Send("GET", "/edoc/api/v1/edocs?updatedSince=2021-01-01T00:00:00Z&limit=5", "", 300ms);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().reason, collectors::FailureReason::kTimeout);
}

TEST(SimService, CutBodyBreaksTheConnection) {
  Simulator sim;
  const auto session = sim.Login();
  sim.Script("onegate", "cut_body", 1);
  auto reply = sim.Send("POST", "/onegate/integration", sim.DossierPageRequest(session));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().reason, collectors::FailureReason::kNetwork);
}

TEST(SimService, MalformedJsonIsNotJsonAsAWhole) {
  Simulator sim;
  const auto session = sim.Login();
  sim.Script("onegate", "malformed_json", 1);
  auto reply = sim.Send("POST", "/onegate/integration", sim.DossierPageRequest(session));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.value().status, 200);
  boost::system::error_code ec;
  json::parse(reply.value().body, ec);
  EXPECT_TRUE(ec);
}

TEST(SimService, DataFaultsReachTheSystem) {
  Simulator sim;
  const auto session = sim.Login();
  auto page = [&] {
    auto reply = sim.Send("POST", "/onegate/integration", sim.DossierPageRequest(session));
    return json::parse(reply.value().body).as_object();
  };
  const auto normal = page();
  ASSERT_EQ(normal.at("result").as_array().size(), 50u);
  sim.Script("onegate", "invalid_record", 1);
  const auto with_invalid = page();
  EXPECT_EQ(with_invalid.at("result").as_array().size(), 51u);
  EXPECT_FALSE(with_invalid.at("result").as_array().front().as_object().contains("MaHoSo"));
  sim.Script("onegate", "expire_session", 1);
  const auto expired = page();
  const auto& code = expired.at("error_code");
  EXPECT_TRUE(code == json::value(2) || code == json::value("2")) << json::serialize(expired);
}

TEST(SimService, ControlEndpointRejectsUnknownSystemsAndFaults) {
  Simulator sim;
  EXPECT_EQ(sim.Send("POST", "/control/faults", R"({"system":"x","fault":"http_500"})").value().status, 400);
  EXPECT_EQ(sim.Send("POST", "/control/faults", R"({"system":"edoc","fault":"boom"})").value().status, 400);
  sim.Script("edoc", "http_500", 2);
  auto state = json::parse(sim.Send("GET", "/control/faults").value().body).as_object();
  EXPECT_EQ(state.at("pending").at("edoc").as_array().size(), 2u);
  EXPECT_EQ(sim.Send("DELETE", "/control/faults").value().status, 200);
  state = json::parse(sim.Send("GET", "/control/faults").value().body).as_object();
  EXPECT_TRUE(state.at("pending").as_object().empty());
}

TEST(SimService, TruthEndpointServesTheTruthAtTheGivenTime) {
  Simulator sim;
  auto reply = sim.Send("GET", "/truth?as_of=2021-04-01");
  ASSERT_TRUE(reply.ok());
  ASSERT_EQ(reply.value().status, 200);
  const auto truth = json::parse(reply.value().body).as_object();
  EXPECT_LE(std::string(truth.at("as_of").as_string()), "2021-03-31T17:00:00Z");
  EXPECT_FALSE(truth.at("rows").as_array().empty());
  EXPECT_EQ(sim.Send("GET", "/truth?as_of=yesterday").value().status, 400);
}

TEST(SimService, SameSeedSameBytes) {
  Simulator a;
  Simulator b;
  auto token = [](Simulator& sim) {
    auto reply = sim.Send("POST", "/postal/oauth/token", R"({"customerKey":"egovkpi","secretKey":"egovkpi"})");
    return std::string(json::parse(reply.value().body).at("access_token").as_string());
  };
  auto tracking_a = a.Send("GET", "/postal/bcci/tracking?lastId=0&limit=200", "", 3s,
                           {{"Authorization", "Bearer " + token(a)}});
  auto tracking_b = b.Send("GET", "/postal/bcci/tracking?lastId=0&limit=200", "", 3s,
                           {{"Authorization", "Bearer " + token(b)}});
  ASSERT_EQ(tracking_a.value().status, 200) << tracking_a.value().body;
  EXPECT_EQ(tracking_a.value().body, tracking_b.value().body);
  const std::string edocs = "/edoc/api/v1/edocs?updatedSince=2021-01-01T00:00:00Z&limit=200";
  auto docs_a = a.Send("GET", edocs, "", 3s, {{"X-API-Key", "egovkpi"}});
  auto docs_b = b.Send("GET", edocs, "", 3s, {{"X-API-Key", "egovkpi"}});
  ASSERT_EQ(docs_a.value().status, 200) << docs_a.value().body;
  EXPECT_EQ(docs_a.value().body, docs_b.value().body);
  const auto page_a = a.Send("POST", "/onegate/integration", a.DossierPageRequest(a.Login()));
  const auto page_b = b.Send("POST", "/onegate/integration", b.DossierPageRequest(b.Login()));
  // Sessions differ; the records do not.
  EXPECT_EQ(json::serialize(json::parse(page_a.value().body).at("result")),
            json::serialize(json::parse(page_b.value().body).at("result")));
}

TEST(SimService, UnknownPathIs404) {
  Simulator sim;
  EXPECT_EQ(sim.Send("GET", "/nope").value().status, 404);
  EXPECT_EQ(sim.Send("GET", "/healthz").value().status, 200);
}

}  // namespace
}  // namespace egovkpi::sim
