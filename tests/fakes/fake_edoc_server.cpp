#include "fake_edoc_server.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <string_view>
#include <utility>

namespace egovkpi::fakes {
namespace {

namespace json = boost::json;

constexpr std::string_view kPath = "/api/v1/edocs";
constexpr std::string_view kCursorPrefix = "c1.";

std::string StringField(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return {};
  return std::string(v->get_string());
}

sim::SimReply Message(int status, std::string_view message) {
  json::object body;
  body["message"] = message;
  return sim::SimReply::Json(json::serialize(body), status);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = HexValue(text[i + 1]);
    const int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

// The query parameters of `target`, decoded; nullopt on a bad escape or a repeated name.
std::optional<std::map<std::string, std::string>> Query(std::string_view target) {
  std::map<std::string, std::string> params;
  const auto question = target.find('?');
  if (question == std::string_view::npos) return params;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = PercentDecode(pair.substr(0, equals));
    auto value = PercentDecode(equals == std::string_view::npos ? std::string_view{}
                                                                : pair.substr(equals + 1));
    if (!name || !value || params.contains(*name)) return std::nullopt;
    params.emplace(std::move(*name), std::move(*value));
  }
  return params;
}

// "YYYY-MM-DDTHH:MM:SSZ": the only form the fake compares correctly as text.
bool IsUtcTime(std::string_view s) {
  if (s.size() != 20) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = i == 4 || i == 7     ? c == '-'
                    : i == 10            ? c == 'T'
                    : i == 13 || i == 16 ? c == ':'
                    : i == 19            ? c == 'Z'
                                         : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::optional<std::size_t> Limit(const std::string& text) {
  if (text.empty() || text.size() > 4 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const std::size_t value = std::stoul(text);
  if (value < 1 || value > 1000) return std::nullopt;
  return value;
}

std::string EncodeCursor(
    const std::tuple<std::string, std::string, std::string, std::string>& key) {
  const std::string plain = json::serialize(
      json::array{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key)});
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(kCursorPrefix);
  for (const char c : plain) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

std::optional<std::tuple<std::string, std::string, std::string, std::string>> DecodeCursor(
    std::string_view cursor) {
  if (!cursor.starts_with(kCursorPrefix)) return std::nullopt;
  cursor.remove_prefix(kCursorPrefix.size());
  if (cursor.size() % 2 != 0) return std::nullopt;
  std::string plain;
  for (std::size_t i = 0; i < cursor.size(); i += 2) {
    const int high = HexValue(cursor[i]);
    const int low = HexValue(cursor[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    plain.push_back(static_cast<char>(high * 16 + low));
  }
  boost::system::error_code ec;
  const json::value parsed = json::parse(plain, ec);
  if (ec || !parsed.is_array() || parsed.get_array().size() != 4) return std::nullopt;
  const json::array& a = parsed.get_array();
  for (const json::value& v : a) {
    if (!v.is_string()) return std::nullopt;
  }
  return std::tuple{std::string(a[0].get_string()), std::string(a[1].get_string()),
                    std::string(a[2].get_string()), std::string(a[3].get_string())};
}

}  // namespace

FakeEdocServer::FakeEdocServer(FakeEdocOptions options)
    : options_(std::move(options)),
      server_([this](const sim::SimRequest& request) { return Handle(request); }) {}

FakeEdocServer::~FakeEdocServer() = default;

std::uint16_t FakeEdocServer::port() const { return server_.port(); }

std::string FakeEdocServer::base_url() const { return server_.base_url(); }

namespace {
std::tuple<std::string, std::string, std::string, std::string> KeyOf(const json::object& d) {
  return {StringField(d, "UpdatedAt"), StringField(d, "DocumentId"), StringField(d, "Direction"),
          StringField(d, "OrganId")};
}
}  // namespace

void FakeEdocServer::SetDocuments(std::vector<json::object> documents) {
  const std::lock_guard lock(mutex_);
  documents_.clear();
  for (auto& d : documents) {
    auto key = KeyOf(d);
    documents_.emplace(std::move(key), std::move(d));
  }
}

void FakeEdocServer::UpsertDocument(json::object document) {
  const std::lock_guard lock(mutex_);
  auto key = KeyOf(document);
  std::erase_if(documents_, [&](const auto& entry) {
    return std::get<1>(entry.first) == std::get<1>(key) &&
           std::get<2>(entry.first) == std::get<2>(key) &&
           std::get<3>(entry.first) == std::get<3>(key);
  });
  documents_.emplace(std::move(key), std::move(document));
}

std::size_t FakeEdocServer::document_count() const {
  const std::lock_guard lock(mutex_);
  return documents_.size();
}

void FakeEdocServer::PushFault(EdocFault fault) {
  const std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

std::size_t FakeEdocServer::pending_faults() const {
  const std::lock_guard lock(mutex_);
  return faults_.size();
}

FakeEdocStats FakeEdocServer::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<std::map<std::string, std::string>> FakeEdocServer::queries() const {
  const std::lock_guard lock(mutex_);
  return queries_;
}

sim::SimReply FakeEdocServer::Handle(const sim::SimRequest& request) {
  const std::lock_guard lock(mutex_);
  ++stats_.requests;

  std::optional<EdocFault> fault;
  if (!faults_.empty()) {
    fault = std::move(faults_.front());
    faults_.pop_front();
    ++stats_.faults_served;
  }
  if (fault && fault->http_status != 0) {
    sim::SimReply reply = Message(fault->http_status, "scripted HTTP failure");
    if (fault->retry_after_seconds) {
      reply.headers.emplace_back("Retry-After", std::to_string(*fault->retry_after_seconds));
    }
    return reply;
  }
  if (fault && fault->body) return sim::SimReply::Json(*fault->body);
  if (fault && fault->truncated_json) {
    return sim::SimReply::Json(
        R"({"data":[{"DocumentId":"000.00.01.H21,2021/03/05,12/UBND-VP","Direction":"ou)");
  }
  if (fault && fault->garbage) {
    sim::SimReply reply = sim::SimReply::Json(
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
    reply.headers.emplace_back("Content-Type", "text/html");
    return reply;
  }
  if (fault && fault->oversize_bytes != 0) {
    json::object body{{"data", json::array{}}, {"nextCursor", nullptr}};
    body["padding"] = std::string(fault->oversize_bytes, 'x');
    return sim::SimReply::Json(json::serialize(body));
  }

  const std::string_view target = request.target;
  if (target.substr(0, target.find('?')) != kPath) return Message(404, "no such resource");
  if (request.method != "GET") return Message(405, "use GET");
  const std::string key = request.Header("X-API-Key");
  if (key.empty() || key != options_.api_key) {
    ++stats_.unauthorized;
    return Message(401, "wrong or missing API key");
  }
  const auto query = Query(target);
  sim::SimReply reply;
  std::optional<std::size_t> limit;
  if (query) queries_.push_back(*query);
  if (!query) {
    reply = Message(400, "malformed query string");
  } else if (!query->contains("limit") || !(limit = Limit(query->at("limit")))) {
    reply = Message(400, "limit must be an integer from 1 to 1000");
  } else if (query->contains("updatedSince") == query->contains("cursor")) {
    reply = Message(400, "give either updatedSince or cursor");
  } else if (query->contains("updatedSince")) {
    const std::string& since = query->at("updatedSince");
    if (!IsUtcTime(since)) {
      reply = Message(400, "updatedSince must be an RFC 3339 UTC time");
    } else {
      reply = Page({since, "", "", ""}, /*inclusive=*/true, *limit,
                   fault ? fault->extra_records : std::vector<json::value>{});
    }
  } else if (const auto position = DecodeCursor(query->at("cursor")); !position) {
    reply = Message(400, "malformed cursor");
  } else {
    reply = Page(*position, /*inclusive=*/false, *limit,
                 fault ? fault->extra_records : std::vector<json::value>{});
  }
  if (reply.status == 400) ++stats_.bad_requests;
  if (fault) {
    reply.delay = fault->delay;
    reply.cut_mid_body = fault->cut_body;
  }
  return reply;
}

sim::SimReply FakeEdocServer::Page(const SortKey& from, bool inclusive, std::size_t limit,
                                   const std::vector<json::value>& extra) {
  auto it = inclusive ? documents_.lower_bound(from) : documents_.upper_bound(from);
  json::array data;
  for (const json::value& record : extra) data.push_back(record);
  std::optional<SortKey> last;
  for (std::size_t served = 0; it != documents_.end() && served < limit; ++it, ++served) {
    data.push_back(it->second);
    last = it->first;
  }
  json::object body;
  body["data"] = std::move(data);
  if (it != documents_.end() && last) {
    body["nextCursor"] = EncodeCursor(*last);
  } else {
    body["nextCursor"] = nullptr;
  }
  ++stats_.pages_served;
  return sim::SimReply::Json(json::serialize(body));
}

}  // namespace egovkpi::fakes
