#include "egovkpi/collectors/lgsp/lgsp_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <functional>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"
#include "egovkpi/collectors/log_text.hpp"

namespace egovkpi::collectors::lgsp {
namespace {

namespace json = boost::json;

constexpr std::int64_t kOk = 0;
constexpr std::int64_t kWrongCredentials = 1;
constexpr std::int64_t kSessionExpired = 2;

// Upstream messages end up in logs: keep them short.
constexpr std::size_t kMaxMessageBytes = 200;

std::string UpstreamMessage(const json::object& reply) {
  const Field<std::string> message = ReadString(reply, "message");
  if (!message.value) return {};
  return Abbreviate(*message.value, kMaxMessageBytes);
}

FetchFailure Failure(FailureReason reason, std::string message,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return FetchFailure{reason, std::move(message), retry_after};
}

// error_code of a reply; a reply without a readable one breaks the contract.
FetchResult<std::int64_t> ErrorCode(const json::object& reply, const std::string& what) {
  const Field<std::int64_t> code = ReadCode(reply, "error_code");
  if (!code.value) {
    return Failure(FailureReason::kParse, what + ": reply has no valid error_code");
  }
  return *code.value;
}

}  // namespace

LgspClient::LgspClient(LgspOptions options)
    : options_(std::move(options)), http_(options_.http), rng_(std::random_device{}()) {}

FetchResult<boost::json::object> LgspClient::PostJson(const std::string& path,
                                                      const boost::json::object& body,
                                                      std::stop_token stop) {
  HttpRequest request;
  request.method = "POST";
  request.path = path;
  request.body = json::serialize(body);

  const std::function<FetchResult<json::object>()> attempt = [&]() -> FetchResult<json::object> {
    FetchResult<HttpResponse> sent = http_.Send(request, stop);
    if (!sent.ok()) return sent.failure();
    const HttpResponse& response = sent.value();
    if (response.status == 401 || response.status == 403) {
      return Failure(FailureReason::kAuth,
                     "POST " + path + ": HTTP " + std::to_string(response.status));
    }
    if (response.status != 200) {
      return Failure(FailureReason::kHttp,
                     "POST " + path + ": HTTP " + std::to_string(response.status),
                     response.retry_after);
    }
    boost::system::error_code ec;
    json::value reply = json::parse(response.body, ec);
    if (ec) {
      return Failure(FailureReason::kParse,
                     "POST " + path + ": reply is not valid JSON (" + ec.message() + ")");
    }
    if (!reply.is_object()) {
      return Failure(FailureReason::kParse, "POST " + path + ": reply is not a JSON object");
    }
    return std::move(reply.get_object());
  };
  return WithRetries<json::object>(options_.backoff, stop, rng_, attempt);
}

FetchResult<std::string> LgspClient::Authenticate(std::stop_token stop) {
  // The password goes only into the request body; no message below may contain it.
  FetchResult<json::object> reply = PostJson(
      "/auth", json::object{{"username", options_.username}, {"password", options_.password}},
      std::move(stop));
  if (!reply.ok()) return reply.failure();
  const FetchResult<std::int64_t> code = ErrorCode(reply.value(), "auth");
  if (!code.ok()) return code.failure();
  if (code.value() == kWrongCredentials) {
    return Failure(FailureReason::kAuth,
                   "auth: wrong credentials: " + UpstreamMessage(reply.value()));
  }
  if (code.value() != kOk) {
    return Failure(FailureReason::kUpstream, "auth: error_code " + std::to_string(code.value()) +
                                                 ": " + UpstreamMessage(reply.value()));
  }
  const Field<std::string> session = ReadString(reply.value(), "session");
  if (!session.value) return Failure(FailureReason::kParse, "auth: reply has no session");
  return *session.value;
}

FetchResult<boost::json::object> LgspClient::Call(const std::string& service,
                                                  const boost::json::object& params,
                                                  std::stop_token stop) {
  for (int renewals = 0;; ++renewals) {
    if (session_.empty()) {
      FetchResult<std::string> session = Authenticate(stop);
      if (!session.ok()) return session.failure();
      session_ = std::move(session.value());
    }
    json::object body = params;
    // The envelope's keys win over a parameter of the same name.
    body["session"] = session_;
    body["madonvi"] = options_.province_code;
    body["service"] = service;

    FetchResult<json::object> reply = PostJson("/integration", body, stop);
    if (!reply.ok()) return reply;
    const FetchResult<std::int64_t> code = ErrorCode(reply.value(), service);
    if (!code.ok()) return code.failure();
    if (code.value() == kOk) return reply;
    if (code.value() == kSessionExpired) {
      session_.clear();
      if (renewals == 0) continue;  // authenticate again once and repeat the call
      return Failure(FailureReason::kUpstream,
                     service + ": session expired again right after authenticating: " +
                         UpstreamMessage(reply.value()));
    }
    return Failure(FailureReason::kUpstream, service + ": error_code " +
                                                 std::to_string(code.value()) + ": " +
                                                 UpstreamMessage(reply.value()));
  }
}

}  // namespace egovkpi::collectors::lgsp
