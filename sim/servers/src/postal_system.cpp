// The VNPost BCCI tracking system (shared/spec/upstream-api.md, section 3): OAuth-style
// tokens and the tracking feed read by `lastId`.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"
#include "query_string.hpp"

namespace egovkpi::sim {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kTokenLifetimeSeconds = 3600;
constexpr std::int64_t kMaxLimit = 1000;
// The status code of the invalid record fault: outside the table (1..7).
constexpr int kUnknownStatusCode = 9;

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string_view StatusName(std::uint8_t status) {
  switch (status) {
    case 1:
      return "Tạo đơn hàng";
    case 2:
      return "Đã lấy hàng";
    case 3:
      return "Đang vận chuyển";
    case 4:
      return "Phát thành công";
    case 5:
      return "Phát không thành công";
    case 6:
      return "Chuyển hoàn";
    case 7:
      return "Hủy đơn hàng";
    default:
      return "Không xác định";
  }
}

SimReply Message(int status, std::string_view message) {
  json::object body;
  body["message"] = message;
  return SimReply::Json(json::serialize(body), status);
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

class PostalSystem final : public UpstreamSystem {
 public:
  PostalSystem(const Province& province, SystemCredentials credentials)
      : province_(province), credentials_(std::move(credentials)) {}

  [[nodiscard]] std::string_view name() const override { return "postal"; }

  SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults) override {
    const QueryString query(request.target);
    if (query.path() == "/oauth/token") {
      if (request.method != "POST") return Message(405, "use POST");
      return IssueToken(request);
    }
    if (query.path() == "/bcci/tracking") {
      if (request.method != "GET") return Message(405, "use GET");
      if (!Authorized(request, faults.expire_session)) {
        return Message(401, "invalid or expired access token");
      }
      return Track(query, now, faults);
    }
    return Message(404, "no such resource");
  }

 private:
  SimReply IssueToken(const SimRequest& request) {
    boost::system::error_code error;
    const json::value body = json::parse(request.body, error);
    if (error || !body.is_object()) return Message(400, "the body must be a JSON object");
    const json::string* customer_key = body.as_object().if_contains("customerKey")
                                           ? body.as_object().at("customerKey").if_string()
                                           : nullptr;
    const json::string* secret_key = body.as_object().if_contains("secretKey")
                                         ? body.as_object().at("secretKey").if_string()
                                         : nullptr;
    if (customer_key == nullptr || secret_key == nullptr ||
        std::string_view(*customer_key) != credentials_.id ||
        std::string_view(*secret_key) != credentials_.secret) {
      return Message(401, "wrong customerKey or secretKey");
    }

    const auto issued_at = SteadyClock::now();
    std::erase_if(tokens_, [&](const auto& entry) { return entry.second <= issued_at; });
    // Opaque but deterministic: the n-th token of a run is always the same string.
    ++tokens_issued_;
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx",
                  static_cast<unsigned long long>(SplitMix64(tokens_issued_)),
                  static_cast<unsigned long long>(SplitMix64(~tokens_issued_)));
    const std::string token(text, 32);
    tokens_[token] = issued_at + std::chrono::seconds(kTokenLifetimeSeconds);

    json::object reply;
    reply["access_token"] = token;
    reply["expires_in"] = kTokenLifetimeSeconds;
    return SimReply::Json(json::serialize(reply));
  }

  // True when the request carries a live token. The expire_session fault ends the token
  // here, as if its lifetime had run out.
  bool Authorized(const SimRequest& request, bool expire_session) {
    const std::string header = request.Header("Authorization");
    constexpr std::string_view kScheme = "Bearer ";
    if (!StartsWithIgnoringCase(header, kScheme)) return false;
    const std::string token(Trim(std::string_view(header).substr(kScheme.size())));
    const auto found = tokens_.find(token);
    if (found == tokens_.end()) return false;
    if (expire_session || found->second <= SteadyClock::now()) {
      tokens_.erase(found);
      return false;
    }
    return true;
  }

  SimReply Track(const QueryString& query, Time now, const DataFaults& faults) const {
    if (!query.error().empty()) return Message(400, query.error());
    const std::string* last_id_text = query.Find("lastId");
    const std::string* limit_text = query.Find("limit");
    if (last_id_text == nullptr) return Message(400, "lastId is required");
    if (limit_text == nullptr) return Message(400, "limit is required");
    const auto last_id = ParseDecimal(*last_id_text);
    if (!last_id) return Message(400, "lastId must be an integer >= 0");
    const auto limit = ParseDecimal(*limit_text, kMaxLimit);
    if (!limit || *limit < 1) return Message(400, "limit must be an integer from 1 to 1000");

    const auto& events = province_.postal_events;
    const auto by_id = [](const PostalEvent& event, std::int64_t id) { return event.id < id; };
    // Ids grow with recorded_at, so the first event not yet recorded ends what is visible:
    // a client that reads on from its lastId can never skip an event.
    const auto first =
        std::upper_bound(events.begin(), events.end(), *last_id,
                         [](std::int64_t id, const PostalEvent& event) { return id < event.id; });
    auto end = first;
    while (end != events.end() && end - first < *limit && end->recorded_at <= now) ++end;

    json::array items;
    items.reserve(static_cast<std::size_t>(end - first) + 2);
    if (faults.duplicate_record && *last_id > 0) {
      const auto previous = std::lower_bound(events.begin(), events.end(), *last_id, by_id);
      if (previous != events.end() && previous->id == *last_id && previous->recorded_at <= now) {
        items.push_back(EventJson(*previous));
      }
    }
    if (faults.invalid_record && first != end) {
      // A copy of the first real event without its Id (and every other time with a status
      // code outside the table): it fails validation and cannot move anyone's lastId.
      json::object invalid = EventJson(*first);
      invalid.erase("Id");
      if (first->id % 2 != 0) {
        invalid["StatusCode"] = kUnknownStatusCode;
        invalid["StatusName"] = StatusName(kUnknownStatusCode);
      }
      items.push_back(std::move(invalid));
    }
    for (auto it = first; it != end; ++it) items.push_back(EventJson(*it));

    json::object reply;
    reply["items"] = std::move(items);
    reply["lastId"] = first == end ? *last_id : std::prev(end)->id;
    return SimReply::Json(json::serialize(reply));
  }

  [[nodiscard]] json::object EventJson(const PostalEvent& event) const {
    const PostalItem& item = province_.postal_items.at(event.item);
    json::object out;
    out["Id"] = event.id;
    out["ItemCode"] = item.item_code;
    out["OrderNumber"] = province_.dossier_codes.at(item.order_number);
    out["ServiceType"] = item.service == PostalService::kReceipt ? "NHAN_HO_SO" : "TRA_KET_QUA";
    out["UnitCode"] = province_.units.at(item.unit).code;
    // Codes arrive as numbers or as strings (the spec's general rule): a third as strings.
    if (SplitMix64(static_cast<std::uint64_t>(event.id)) % 3 == 0) {
      out["StatusCode"] = std::to_string(event.status);
    } else {
      out["StatusCode"] = static_cast<int>(event.status);
    }
    out["StatusName"] = StatusName(event.status);
    out["EventTime"] = IsoLocal(event.event_time);
    return out;
  }

  const Province& province_;
  const SystemCredentials credentials_;
  // Live tokens and when each expires (real time: a token outlives no simulated clock).
  std::unordered_map<std::string, SteadyClock::time_point> tokens_;
  std::uint64_t tokens_issued_ = 0;
};

}  // namespace

std::unique_ptr<UpstreamSystem> MakePostalSystem(const Province& province,
                                                 SystemCredentials credentials) {
  return std::make_unique<PostalSystem>(province, std::move(credentials));
}

}  // namespace egovkpi::sim
