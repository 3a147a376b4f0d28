#include "fake_lgsp_server.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <utility>

namespace egovkpi::fakes {
namespace {

namespace json = boost::json;

constexpr std::int64_t kOk = 0;
constexpr std::int64_t kWrongCredentials = 1;
constexpr std::int64_t kSessionExpired = 2;
constexpr std::int64_t kInvalidParameter = 3;
constexpr std::int64_t kUnknownService = 4;
constexpr std::int64_t kMalformedRequest = 5;

std::string StringField(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return {};
  return std::string(v->get_string());
}

bool IsCompactTime(const json::value* v) {
  if (v == nullptr || !v->is_string()) return false;
  const json::string& s = v->get_string();
  return s.size() == 14 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::pair<std::string, std::string> SortKey(const json::object& dossier) {
  return {StringField(dossier, "NgayCapNhat"), StringField(dossier, "MaHoSo")};
}

sim::SimReply JsonReply(const json::object& body) { return sim::SimReply::Json(json::serialize(body)); }

}  // namespace

FakeLgspServer::FakeLgspServer(FakeLgspOptions options)
    : options_(std::move(options)),
      server_([this](const sim::SimRequest& request) { return Handle(request); }) {}

FakeLgspServer::~FakeLgspServer() = default;

std::uint16_t FakeLgspServer::port() const { return server_.port(); }

std::string FakeLgspServer::base_url() const { return server_.base_url(); }

void FakeLgspServer::SetDossiers(std::vector<json::object> dossiers) {
  const std::lock_guard lock(mutex_);
  dossiers_.clear();
  for (auto& d : dossiers) {
    auto key = SortKey(d);
    dossiers_.emplace(std::move(key), std::move(d));
  }
}

void FakeLgspServer::UpsertDossier(json::object dossier) {
  const std::lock_guard lock(mutex_);
  auto key = SortKey(dossier);
  if (!key.second.empty()) {
    std::erase_if(dossiers_, [&](const auto& entry) { return entry.first.second == key.second; });
  }
  dossiers_.emplace(std::move(key), std::move(dossier));
}

std::size_t FakeLgspServer::dossier_count() const {
  const std::lock_guard lock(mutex_);
  return dossiers_.size();
}

void FakeLgspServer::ExpireSessions() {
  const std::lock_guard lock(mutex_);
  sessions_.clear();
}

void FakeLgspServer::PushFault(LgspFault fault) {
  const std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

std::size_t FakeLgspServer::pending_faults() const {
  const std::lock_guard lock(mutex_);
  return faults_.size();
}

void FakeLgspServer::SetService(std::string name, ServiceHandler handler) {
  const std::lock_guard lock(mutex_);
  services_.insert_or_assign(std::move(name), std::move(handler));
}

FakeLgspStats FakeLgspServer::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

std::vector<json::object> FakeLgspServer::integration_bodies() const {
  const std::lock_guard lock(mutex_);
  return integration_bodies_;
}

json::object FakeLgspServer::Reply(std::int64_t code, std::string_view message) const {
  json::object reply;
  if (options_.codes_as_strings) {
    reply["error_code"] = std::to_string(code);
  } else {
    reply["error_code"] = code;
  }
  reply["message"] = message;
  return reply;
}

sim::SimReply FakeLgspServer::Handle(const sim::SimRequest& request) {
  const bool is_auth = request.target == "/auth";
  if (!is_auth && request.target != "/integration") {
    return sim::SimReply::Json(R"({"message":"not found"})", 404);
  }
  if (request.method != "POST") return sim::SimReply::Json(R"({"message":"method not allowed"})", 405);

  std::unique_lock lock(mutex_);
  (is_auth ? stats_.auth_requests : stats_.integration_requests) += 1;

  std::optional<LgspFault> fault;
  if (!faults_.empty()) {
    const auto wanted = is_auth ? LgspFault::Endpoint::kAuth : LgspFault::Endpoint::kIntegration;
    if (faults_.front().endpoint == LgspFault::Endpoint::kAny ||
        faults_.front().endpoint == wanted) {
      fault = std::move(faults_.front());
      faults_.pop_front();
      ++stats_.faults_served;
    }
  }
  if (fault && fault->http_status != 0) {
    sim::SimReply reply = sim::SimReply::Json(R"({"message":"scripted HTTP failure"})", fault->http_status);
    if (fault->retry_after_seconds) {
      reply.headers.emplace_back("Retry-After", std::to_string(*fault->retry_after_seconds));
    }
    return reply;
  }
  if (fault && fault->error_code) return JsonReply(Reply(*fault->error_code, fault->message));
  if (fault && fault->invalid_json) {
    return sim::SimReply::Json(R"({"error_code":0,"message":"OK","result":[{"MaHoSo":"H21)");
  }
  if (fault && fault->oversize_bytes != 0) {
    json::object reply = Reply(kOk, "Thành công");
    reply["result"] = json::array();
    reply["con_du_lieu"] = false;
    reply["padding"] = std::string(fault->oversize_bytes, 'x');
    return JsonReply(reply);
  }

  boost::system::error_code ec;
  json::value parsed = json::parse(request.body, ec);
  sim::SimReply reply;
  if (ec || !parsed.is_object()) {
    reply = JsonReply(Reply(kMalformedRequest, "Dữ liệu yêu cầu không hợp lệ"));
  } else if (is_auth) {
    reply = HandleAuth(parsed.get_object());
  } else {
    const json::object& body = parsed.get_object();
    integration_bodies_.push_back(body);
    const auto custom = services_.find(StringField(body, "service"));
    if (std::optional<json::object> refused = CheckEnvelope(body)) {
      reply = JsonReply(*refused);
    } else if (custom != services_.end()) {
      // A custom handler may call back into this object: run it unlocked.
      const ServiceHandler handler = custom->second;
      lock.unlock();
      json::object answer = handler(body);
      lock.lock();
      if (!answer.contains("error_code")) {
        json::object ok = Reply(kOk, "Thành công");
        for (auto& [key, value] : answer) ok[key] = std::move(value);
        answer = std::move(ok);
      }
      reply = JsonReply(answer);
    } else if (StringField(body, "service") == "LayDanhSachHoSo") {
      reply = JsonReply(ListDossiers(body));
    } else {
      reply = JsonReply(
          Reply(kUnknownService, "Dịch vụ không tồn tại: " + StringField(body, "service")));
    }
  }
  if (fault) {
    reply.delay = fault->delay;
    reply.cut_mid_body = fault->cut_body;
  }
  return reply;
}

sim::SimReply FakeLgspServer::HandleAuth(const json::object& body) {
  if (StringField(body, "username") != options_.username ||
      StringField(body, "password") != options_.password) {
    ++stats_.wrong_credentials;
    return JsonReply(Reply(kWrongCredentials, "Sai tên đăng nhập hoặc mật khẩu"));
  }
  std::string session = "fake-session-" + std::to_string(next_session_++);
  sessions_.push_back(session);
  ++stats_.sessions_issued;
  json::object reply = Reply(kOk, "Thành công");
  reply["session"] = session;
  return JsonReply(reply);
}

std::optional<json::object> FakeLgspServer::CheckEnvelope(const json::object& body) {
  const std::string session = StringField(body, "session");
  if (session.empty() ||
      std::find(sessions_.begin(), sessions_.end(), session) == sessions_.end()) {
    ++stats_.session_expired_replies;
    return Reply(kSessionExpired, "Phiên làm việc hết hạn");
  }
  if (StringField(body, "madonvi") != options_.province_code) {
    return Reply(kInvalidParameter, "Mã đơn vị không hợp lệ");
  }
  return std::nullopt;
}

json::object FakeLgspServer::ListDossiers(const json::object& body) {
  const json::value* since = body.if_contains("capnhat_tu");
  if (!IsCompactTime(since)) {
    return Reply(kInvalidParameter, "capnhat_tu không hợp lệ");
  }
  std::string after;
  if (const json::value* v = body.if_contains("sau_ma_ho_so"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return Reply(kInvalidParameter, "sau_ma_ho_so không hợp lệ");
    after = std::string(v->get_string());
  }
  const json::value* size = body.if_contains("so_ban_ghi");
  if (size == nullptr || !(size->is_int64() || size->is_uint64())) {
    return Reply(kInvalidParameter, "so_ban_ghi không hợp lệ");
  }
  const std::int64_t page_size = size->is_int64() ? size->get_int64() : -1;
  if (page_size < 1 || page_size > 1000) return Reply(kInvalidParameter, "so_ban_ghi không hợp lệ");

  // (NgayCapNhat, MaHoSo) order: NgayCapNhat >= capnhat_tu, and on a tie with capnhat_tu
  // only MaHoSo > sau_ma_ho_so (byte order, as std::string compares).
  std::pair<std::string, std::string> from{std::string(since->get_string()), after};
  auto it = after.empty() ? dossiers_.lower_bound(from) : dossiers_.upper_bound(from);
  json::array result;
  for (; it != dossiers_.end() && static_cast<std::int64_t>(result.size()) < page_size; ++it) {
    result.push_back(it->second);
  }
  json::object reply = Reply(kOk, "Thành công");
  reply["result"] = std::move(result);
  reply["con_du_lieu"] = it != dossiers_.end();
  ++stats_.pages_served;
  return reply;
}

}  // namespace egovkpi::fakes
