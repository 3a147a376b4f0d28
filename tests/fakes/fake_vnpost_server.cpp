#include "fake_vnpost_server.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <limits>
#include <string_view>
#include <utility>

namespace egovkpi::fakes {
namespace {

namespace json = boost::json;

sim::SimReply Message(int status, std::string_view message) {
  return sim::SimReply::Json(json::serialize(json::object{{"message", message}}), status);
}

// A decimal of digits only (no sign, no spaces) that fits in int64.
std::optional<std::int64_t> Decimal(std::string_view text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The Id of an event as the contract allows it: a JSON integer or a string of digits.
std::optional<std::int64_t> ReadableId(const json::object& event) {
  const json::value* id = event.if_contains("Id");
  if (id == nullptr) return std::nullopt;
  if (id->is_int64()) return id->get_int64() >= 0 ? std::optional(id->get_int64()) : std::nullopt;
  if (id->is_string()) return Decimal(std::string_view(id->get_string()));
  return std::nullopt;
}

// The value of `name` in a query string "a=1&b=2" (no percent-decoding: only digits are
// expected); nothing when absent.
std::optional<std::string_view> QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace

FakeVnpostServer::FakeVnpostServer(FakeVnpostOptions options)
    : options_(std::move(options)),
      server_([this](const sim::SimRequest& request) { return Handle(request); }) {}

FakeVnpostServer::~FakeVnpostServer() = default;

std::uint16_t FakeVnpostServer::port() const { return server_.port(); }

std::string FakeVnpostServer::base_url() const { return server_.base_url(); }

void FakeVnpostServer::SetEvents(std::vector<json::object> events) {
  const std::lock_guard lock(mutex_);
  events_.clear();
  for (auto& e : events) {
    const std::optional<std::int64_t> id = ReadableId(e);
    events_.push_back(Entry{std::move(e), id, 0});
  }
  Reposition();
}

void FakeVnpostServer::AddEvent(json::object event) {
  const std::lock_guard lock(mutex_);
  const std::optional<std::int64_t> id = ReadableId(event);
  events_.push_back(Entry{std::move(event), id, 0});
  Reposition();
}

void FakeVnpostServer::Reposition() {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->id) next = *it->id;
    it->position = next;
  }
}

std::size_t FakeVnpostServer::event_count() const {
  const std::lock_guard lock(mutex_);
  return events_.size();
}

void FakeVnpostServer::ExpireTokens() {
  const std::lock_guard lock(mutex_);
  tokens_.clear();
}

void FakeVnpostServer::PushFault(VnpostFault fault) {
  const std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

std::size_t FakeVnpostServer::pending_faults() const {
  const std::lock_guard lock(mutex_);
  return faults_.size();
}

FakeVnpostStats FakeVnpostServer::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<TrackingRequest> FakeVnpostServer::tracking_requests() const {
  const std::lock_guard lock(mutex_);
  return tracking_requests_;
}

sim::SimReply FakeVnpostServer::Handle(const sim::SimRequest& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  const bool is_token = path == "/oauth/token";
  if (!is_token && path != "/bcci/tracking") return Message(404, "no such resource");
  if (request.method != (is_token ? "POST" : "GET")) return Message(405, "method not allowed");

  const std::lock_guard lock(mutex_);
  (is_token ? stats_.token_requests : stats_.tracking_requests) += 1;

  std::optional<VnpostFault> fault;
  if (!faults_.empty()) {
    const auto wanted = is_token ? VnpostFault::Endpoint::kToken : VnpostFault::Endpoint::kTracking;
    VnpostFault& front = faults_.front();
    const bool matches = front.endpoint == VnpostFault::Endpoint::kAny || front.endpoint == wanted;
    if (matches && front.after > 0) {
      --front.after;
    } else if (matches) {
      fault = std::move(front);
      faults_.pop_front();
      ++stats_.faults_served;
    }
  }
  if (fault && fault->http_status != 0) {
    sim::SimReply reply = Message(fault->http_status, "scripted HTTP failure");
    if (fault->retry_after_seconds) {
      reply.headers.emplace_back("Retry-After", std::to_string(*fault->retry_after_seconds));
    }
    return reply;
  }
  if (fault && fault->body) return sim::SimReply::Json(*fault->body);
  if (fault && fault->oversize_bytes != 0) {
    json::object reply{{"items", json::array()}, {"lastId", 0}};
    reply["padding"] = std::string(fault->oversize_bytes, 'x');
    return sim::SimReply::Json(json::serialize(reply));
  }

  sim::SimReply reply = is_token ? IssueToken(request.body) : Track(request);
  if (fault) {
    reply.delay = fault->delay;
    reply.cut_mid_body = fault->cut_body;
  }
  return reply;
}

sim::SimReply FakeVnpostServer::IssueToken(const std::string& body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return Message(400, "the body must be a JSON object");
  const json::object& keys = parsed.get_object();
  const auto text = [&keys](std::string_view name) -> std::string {
    const json::value* v = keys.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (text("customerKey") != options_.customer_key || text("secretKey") != options_.secret_key) {
    ++stats_.wrong_keys;
    return Message(401, "wrong customerKey or secretKey");
  }
  std::string token = "fake-token-" + std::to_string(next_token_++);
  tokens_.push_back(token);
  ++stats_.tokens_issued;
  return sim::SimReply::Json(
      json::serialize(json::object{{"access_token", token}, {"expires_in", 3600}}));
}

sim::SimReply FakeVnpostServer::Track(const sim::SimRequest& request) {
  const std::string authorization = request.Header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  const std::string_view header = authorization;
  if (!header.starts_with(kScheme) ||
      std::find(tokens_.begin(), tokens_.end(), header.substr(kScheme.size())) == tokens_.end()) {
    ++stats_.unauthorized_replies;
    return Message(401, "invalid or expired access token");
  }
  tracking_requests_.push_back(TrackingRequest{request.target, authorization});

  const std::string_view target = request.target;
  const std::size_t question = target.find('?');
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  const auto last_id_text = QueryValue(query, "lastId");
  const auto limit_text = QueryValue(query, "limit");
  const std::optional<std::int64_t> last_id = last_id_text ? Decimal(*last_id_text) : std::nullopt;
  const std::optional<std::int64_t> limit = limit_text ? Decimal(*limit_text) : std::nullopt;
  if (!last_id) return Message(400, "lastId must be an integer >= 0");
  if (!limit || *limit < 1 || *limit > 1000) return Message(400, "limit must be in 1..1000");

  json::array items;
  std::int64_t reply_last_id = *last_id;
  for (const Entry& entry : events_) {
    if (static_cast<std::int64_t>(items.size()) >= *limit) break;
    if (entry.position <= *last_id) continue;
    items.push_back(entry.event);
    if (entry.id) reply_last_id = std::max(reply_last_id, *entry.id);
  }
  ++stats_.pages_served;
  return sim::SimReply::Json(
      json::serialize(json::object{{"items", std::move(items)}, {"lastId", reply_last_id}}));
}

}  // namespace egovkpi::fakes
