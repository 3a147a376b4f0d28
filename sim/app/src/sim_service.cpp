#include "egovkpi/sim/sim_service.hpp"

#include <boost/json.hpp>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/truth.hpp"

namespace egovkpi::sim {

namespace json = boost::json;

namespace {

SimReply JsonReply(const json::value& body, int status = 200) {
  return SimReply::Json(json::serialize(body), status);
}

SimReply Error(int status, std::string message) {
  return JsonReply(json::object{{"error", std::move(message)}}, status);
}

// The value of `name` in a query string ("a=1&b=2"); no percent-decoding beyond '+' and
// %3A/%2B, which is all the times this endpoint takes need.
std::optional<std::string> QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string value;
      const std::string_view raw = pair.substr(eq + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw.compare(i, 3, "%3A") == 0 || raw.compare(i, 3, "%3a") == 0) {
          value += ':';
          i += 2;
        } else if (raw.compare(i, 3, "%2B") == 0 || raw.compare(i, 3, "%2b") == 0) {
          value += '+';
          i += 2;
        } else {
          value += raw[i];
        }
      }
      return value;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace

SimService::SimService(const Province& province, SimClock clock, FaultPlan faults,
                       const SimCredentials& credentials)
    : province_(province), clock_(clock), faults_(std::move(faults)) {
  systems_.emplace("onegate", MakeOnegateSystem(province, credentials.onegate));
  systems_.emplace("portal", MakePortalSystem(province, credentials.portal));
  systems_.emplace("postal", MakePostalSystem(province, credentials.postal));
  systems_.emplace("edoc", MakeEdocSystem(province, credentials.edoc));
}

SimReply SimService::Handle(const SimRequest& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  const std::string_view query =
      path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};

  if (path.size() > 1) {
    const auto slash = path.find('/', 1);
    const std::string_view prefix = path.substr(1, slash == std::string_view::npos ? path.size() : slash - 1);
    if (auto system = systems_.find(prefix); system != systems_.end()) {
      return HandleSystem(*system->second, request, target.substr(prefix.size() + 1));
    }
  }
  if (path == "/truth" && request.method == "GET") return HandleTruth(query);
  if (path == "/control/faults") return HandleControlFaults(request);
  if (path == "/control/clock" && request.method == "GET") {
    return JsonReply(json::object{{"now", Rfc3339Utc(clock_.Now())},
                                  {"frozen", clock_.frozen()},
                                  {"speed", clock_.speed()}});
  }
  if (path == "/healthz") return SimReply::Json("{\"status\":\"ok\"}");
  return Error(404, "no such endpoint");
}

SimReply SimService::HandleSystem(UpstreamSystem& system, const SimRequest& request,
                                  std::string_view relative_target) {
  const std::string name(system.name());
  const bool is_auth = relative_target.starts_with("/auth") ||
                       relative_target.starts_with("/oauth/token");
  const FaultDecision decision = faults_.Next(name, is_auth);
  if (decision.transport == Fault::kHttp500) {
    return Error(500, "Lỗi máy chủ nội bộ (simulated)");
  }
  if (decision.transport == Fault::kHttp429) {
    SimReply reply = Error(429, "Quá nhiều yêu cầu (simulated)");
    reply.headers.emplace_back("Retry-After", "1");
    return reply;
  }

  SimRequest relative = request;
  relative.target = std::string(relative_target.empty() ? "/" : relative_target);
  SimReply reply = system.Handle(relative, clock_.Now(), decision.data);

  if (decision.transport == Fault::kSlow) reply.delay = faults_.slow_delay();
  if (decision.transport == Fault::kCutBody) reply.cut_mid_body = true;
  if (decision.transport == Fault::kMalformedJson) {
    // A reply cut short as text: complete HTTP, but not JSON as a whole.
    reply.body.resize(reply.body.size() / 2);
    reply.body += "\n<html>502 Bad Gateway</html>";
  }
  return reply;
}

SimReply SimService::HandleTruth(std::string_view query) {
  Time at = clock_.Now();
  if (auto text = QueryValue(query, "as_of")) {
    auto parsed = ParseCommandLineTime(*text);
    if (!parsed) return Error(400, "as_of: '" + *text + "' is not a time");
    at = *parsed;
  }
  return SimReply::Json(TruthToJson(ComputeTruth(province_, at)));
}

SimReply SimService::HandleControlFaults(const SimRequest& request) {
  if (request.method == "DELETE") {
    faults_.ClearScripts();
    return JsonReply(json::object{{"status", "cleared"}});
  }
  if (request.method == "POST") {
    boost::system::error_code ec;
    const json::value body = json::parse(request.body, ec);
    if (ec || !body.is_object()) return Error(400, "body must be a JSON object");
    const auto& o = body.as_object();
    const auto* system = o.if_contains("system");
    const auto* fault = o.if_contains("fault");
    const auto* count = o.if_contains("count");
    if (system == nullptr || !system->is_string() || !systems_.contains(system->as_string())) {
      return Error(400, "system must be onegate, portal, postal or edoc");
    }
    const auto parsed = fault != nullptr && fault->is_string()
                            ? FaultFromName(std::string_view(fault->as_string()))
                            : std::nullopt;
    if (!parsed) return Error(400, "unknown fault");
    const std::int64_t n = count != nullptr && count->is_int64() ? count->as_int64() : 1;
    if (n < 1 || n > 10000) return Error(400, "count must be 1..10000");
    faults_.Script(std::string(system->as_string()), *parsed, static_cast<int>(n));
  } else if (request.method != "GET") {
    return Error(405, "GET, POST or DELETE");
  }
  json::object injected;
  for (const auto& [system, counts] : faults_.injected()) {
    json::object c;
    for (const auto& [fault, n] : counts) c[fault] = n;
    injected[system] = std::move(c);
  }
  json::object pending;
  for (const auto& [system, list] : faults_.pending()) {
    json::array a;
    for (const auto& f : list) a.emplace_back(f);
    pending[system] = std::move(a);
  }
  return JsonReply(json::object{{"injected", std::move(injected)}, {"pending", std::move(pending)}});
}

}  // namespace egovkpi::sim
