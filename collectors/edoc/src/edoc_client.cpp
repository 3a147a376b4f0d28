#include "egovkpi/collectors/edoc/edoc_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/system/error_code.hpp>
#include <functional>
#include <utility>

namespace egovkpi::collectors::edoc {
namespace {

namespace json = boost::json;

FetchFailure Failure(FailureReason reason, std::string message,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return FetchFailure{reason, std::move(message), retry_after};
}

// The path without its query string, for messages: a cursor is long and says nothing.
std::string PathOnly(const std::string& path) { return path.substr(0, path.find('?')); }

}  // namespace

EdocClient::EdocClient(EdocOptions options)
    : options_(std::move(options)), http_(options_.http), rng_(std::random_device{}()) {}

FetchResult<boost::json::object> EdocClient::GetJson(const std::string& path,
                                                     std::stop_token stop) {
  HttpRequest request;
  request.method = "GET";
  request.path = path;
  request.headers.emplace_back("X-API-Key", options_.api_key);
  const std::string what = "GET " + PathOnly(path);

  const std::function<FetchResult<json::object>()> attempt = [&]() -> FetchResult<json::object> {
    FetchResult<HttpResponse> sent = http_.Send(request, stop);
    if (!sent.ok()) return sent.failure();
    const HttpResponse& response = sent.value();
    if (response.status == 401 || response.status == 403) {
      return Failure(FailureReason::kAuth,
                     what + ": HTTP " + std::to_string(response.status) + " (API key refused)");
    }
    if (response.status != 200) {
      return Failure(FailureReason::kHttp, what + ": HTTP " + std::to_string(response.status),
                     response.retry_after);
    }
    boost::system::error_code ec;
    json::value reply = json::parse(response.body, ec);
    if (ec) {
      return Failure(FailureReason::kParse,
                     what + ": reply is not valid JSON (" + ec.message() + ")");
    }
    if (!reply.is_object()) {
      return Failure(FailureReason::kParse, what + ": reply is not a JSON object");
    }
    return std::move(reply.get_object());
  };
  return WithRetries<json::object>(options_.backoff, stop, rng_, attempt);
}

}  // namespace egovkpi::collectors::edoc
