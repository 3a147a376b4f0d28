#include "egovkpi/collectors/postal/vnpost_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <functional>
#include <optional>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"

namespace egovkpi::collectors::postal {
namespace {

namespace json = boost::json;

constexpr int kOk = 200;
constexpr int kUnauthorized = 401;
constexpr int kForbidden = 403;

FetchFailure Failure(FailureReason reason, std::string message,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return FetchFailure{reason, std::move(message), retry_after};
}

// The JSON object of a 200 reply. Anything but a whole JSON object (a body cut short, an
// HTML error page) is kParse, which is retried like the other transient failures.
FetchResult<json::object> JsonObject(const std::string& what, const std::string& body) {
  boost::system::error_code ec;
  json::value reply = json::parse(body, ec);
  // The message names the error only, never the body.
  if (ec) {
    return Failure(FailureReason::kParse,
                   what + ": reply is not valid JSON (" + ec.message() + ")");
  }
  if (!reply.is_object()) {
    return Failure(FailureReason::kParse, what + ": reply is not a JSON object");
  }
  return std::move(reply.get_object());
}

}  // namespace

VnpostClient::VnpostClient(VnpostOptions options)
    : options_(std::move(options)), http_(options_.http), rng_(std::random_device{}()) {}

FetchResult<std::string> VnpostClient::RequestToken(std::stop_token stop) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/oauth/token";
  request.body = json::serialize(
      json::object{{"customerKey", options_.customer_key}, {"secretKey", options_.secret_key}});
  const std::string what = "POST /oauth/token";

  const std::function<FetchResult<json::object>()> attempt = [&]() -> FetchResult<json::object> {
    FetchResult<HttpResponse> sent = http_.Send(request, stop);
    if (!sent.ok()) return sent.failure();
    const HttpResponse& response = sent.value();
    if (response.status == kUnauthorized || response.status == kForbidden) {
      return Failure(FailureReason::kAuth, what + ": HTTP " + std::to_string(response.status) +
                                               ": customerKey/secretKey refused");
    }
    if (response.status != kOk) {
      return Failure(FailureReason::kHttp, what + ": HTTP " + std::to_string(response.status),
                     response.retry_after);
    }
    return JsonObject(what, response.body);
  };
  FetchResult<json::object> reply =
      WithRetries<json::object>(options_.backoff, stop, rng_, attempt);
  if (!reply.ok()) return reply.failure();
  Field<std::string> token = ReadString(reply.value(), "access_token");
  if (!token.value) return Failure(FailureReason::kParse, what + ": reply has no access_token");
  // expires_in is not used: a 401 is the contract's signal to renew, and it covers a
  // token revoked early as well.
  return std::move(*token.value);
}

FetchResult<boost::json::object> VnpostClient::Get(const std::string& path_and_query,
                                                   std::stop_token stop) {
  const std::string what = "GET " + path_and_query;
  for (int renewals = 0;; ++renewals) {
    if (token_.empty()) {
      FetchResult<std::string> token = RequestToken(stop);
      if (!token.ok()) return token.failure();
      token_ = std::move(token.value());
    }
    HttpRequest request;
    request.method = "GET";
    request.path = path_and_query;
    request.headers.emplace_back("Authorization", "Bearer " + token_);

    bool expired = false;
    const std::function<FetchResult<json::object>()> attempt = [&]() -> FetchResult<json::object> {
      expired = false;
      FetchResult<HttpResponse> sent = http_.Send(request, stop);
      if (!sent.ok()) return sent.failure();
      const HttpResponse& response = sent.value();
      if (response.status == kUnauthorized || response.status == kForbidden) {
        expired = response.status == kUnauthorized;
        return Failure(FailureReason::kAuth, what + ": HTTP " + std::to_string(response.status));
      }
      if (response.status != kOk) {
        return Failure(FailureReason::kHttp, what + ": HTTP " + std::to_string(response.status),
                       response.retry_after);
      }
      return JsonObject(what, response.body);
    };
    FetchResult<json::object> reply =
        WithRetries<json::object>(options_.backoff, stop, rng_, attempt);
    if (reply.ok() || !expired) return reply;
    token_.clear();
    if (renewals == 0) continue;  // the token expired: get a new one once and repeat
    return Failure(FailureReason::kAuth, what + ": HTTP 401 again right after a new token");
  }
}

}  // namespace egovkpi::collectors::postal
