#include "egovkpi/http/endpoint_server.hpp"

#include <gtest/gtest.h>

#include "egovkpi/collectors/http_client.hpp"

namespace egovkpi::http {
namespace {

collectors::HttpResponse Get(std::uint16_t port, const std::string& path,
                             const std::string& method = "GET") {
  collectors::HttpClient client({.base_url = "http://127.0.0.1:" + std::to_string(port),
                                 .timeout = std::chrono::seconds(2)});
  collectors::HttpRequest request;
  request.method = method;
  request.path = path;
  auto reply = client.Send(request, std::stop_token{});
  EXPECT_TRUE(reply.ok());
  return reply.ok() ? reply.value() : collectors::HttpResponse{};
}

Routes TwoRoutes() {
  return {{"/metrics", [] { return EndpointReply{200, "text/plain", "m 1\n"}; }},
          {"/healthz", [] { return EndpointReply{503, "text/plain", "database unreachable\n"}; }}};
}

TEST(EndpointServer, AnswersRoutesIgnoringQueryString) {
  EndpointServer server("127.0.0.1", 0, TwoRoutes());
  ASSERT_NE(server.port(), 0);
  auto metrics = Get(server.port(), "/metrics?x=1");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body, "m 1\n");
  auto health = Get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 503);
  EXPECT_EQ(health.body, "database unreachable\n");
}

TEST(EndpointServer, UnknownPathIs404AndPostIs405) {
  EndpointServer server("127.0.0.1", 0, TwoRoutes());
  EXPECT_EQ(Get(server.port(), "/nope").status, 404);
  EXPECT_EQ(Get(server.port(), "/metrics", "POST").status, 405);
}

TEST(EndpointServer, RefusesTakenPortWithClearMessage) {
  EndpointServer first("127.0.0.1", 0, TwoRoutes());
  try {
    EndpointServer second("127.0.0.1", first.port(), TwoRoutes());
    FAIL() << "second bind succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace egovkpi::http
