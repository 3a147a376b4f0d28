// LgspClient against FakeLgspServer on 127.0.0.1:0: the envelope, lazy authentication and
// the HTTP statuses that are not transient.
#include "egovkpi/collectors/lgsp/lgsp_client.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "fake_lgsp_server.hpp"

namespace egovkpi::collectors::lgsp {
namespace {

using fakes::FakeLgspServer;
using fakes::LgspFault;
using std::chrono::milliseconds;

LgspOptions Options(const FakeLgspServer& fake) {
  LgspOptions options;
  options.http.base_url = fake.base_url();
  options.http.timeout = milliseconds(300);
  options.backoff = BackoffPolicy{
      .max_attempts = 3, .initial_delay = milliseconds(1), .max_delay = milliseconds(1)};
  options.username = fake.options().username;
  options.password = fake.options().password;
  options.province_code = fake.options().province_code;
  return options;
}

TEST(LgspClientTest, AuthenticatesLazilyAndSendsTheFlatEnvelope) {
  FakeLgspServer fake;
  fake.SetService("LayDanhMucDonVi", [](const boost::json::object& request) {
    return boost::json::object{
        {"result", boost::json::array{}}, {"tong_so", 0}, {"echo_trang", request.at("trang")}};
  });
  LgspClient client(Options(fake));
  EXPECT_EQ(fake.stats().auth_requests, 0);

  // A parameter named like an envelope key does not override the envelope.
  const auto reply =
      client.Call("LayDanhMucDonVi",
                  boost::json::object{{"trang", 1}, {"so_ban_ghi", 50}, {"madonvi", "X"}}, {});
  ASSERT_TRUE(reply.ok()) << reply.failure().message;
  EXPECT_EQ(reply.value().at("echo_trang").as_int64(), 1);
  EXPECT_EQ(fake.stats().sessions_issued, 1);

  const auto bodies = fake.integration_bodies();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0].at("service").as_string(), "LayDanhMucDonVi");
  EXPECT_EQ(bodies[0].at("madonvi").as_string(), "H21");
  EXPECT_EQ(bodies[0].at("session").as_string(), "fake-session-1");
  EXPECT_EQ(bodies[0].at("so_ban_ghi").as_int64(), 50);

  ASSERT_TRUE(client.Call("LayDanhMucDonVi", boost::json::object{{"trang", 2}}, {}).ok());
  EXPECT_EQ(fake.stats().auth_requests, 1);  // the session is reused
}

TEST(LgspClientTest, Http401OnACallIsAnAuthFailureWithoutRetry) {
  FakeLgspServer fake;
  LgspClient client(Options(fake));
  fake.PushFault(LgspFault::HttpStatus(401));
  const auto reply = client.Call("LayDanhSachHoSo", {}, {});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(fake.stats().integration_requests, 1);
}

TEST(LgspClientTest, Http503CarriesRetryAfterWhenAttemptsRunOut) {
  FakeLgspServer fake;
  LgspOptions options = Options(fake);
  options.backoff.max_attempts = 1;
  LgspClient client(options);
  fake.PushFault(LgspFault::HttpStatus(503, 2));
  const auto reply = client.Call("LayDanhSachHoSo", {}, {});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().reason, FailureReason::kHttp);
  EXPECT_EQ(reply.failure().retry_after, std::chrono::seconds(2));
}

TEST(LgspClientTest, UnknownServiceIsAnUpstreamError) {
  FakeLgspServer fake;
  LgspClient client(Options(fake));
  const auto reply = client.Call("KhongCoDichVuNay", {}, {});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().reason, FailureReason::kUpstream);
}

}  // namespace
}  // namespace egovkpi::collectors::lgsp
