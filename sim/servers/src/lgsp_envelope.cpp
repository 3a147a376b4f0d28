#include "lgsp_envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <random>

#include "lgsp_json_writer.hpp"
#include "stable_random.hpp"

namespace egovkpi::sim {
namespace {

namespace json = boost::json;

constexpr std::string_view kSuccess = "Thành công";

// A live table larger than this is swept for expired sessions on the next issue, so a
// client authenticating in a loop cannot grow it without bound.
constexpr std::size_t kSweepThreshold = 1024;

std::string Hex64(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = kHex[value & 0xF];
    value >>= 4;
  }
  return text;
}

std::string Envelope(std::int64_t code, std::string_view message, std::string_view members,
                     bool codes_as_text) {
  std::string body;
  body.reserve(members.size() + message.size() + 48);
  JsonTextWriter writer(body);
  writer.BeginObject();
  writer.MemberCode("error_code", code, codes_as_text);
  writer.Member("message", message);
  writer.EndObject();
  if (!members.empty()) {
    body.pop_back();
    body.push_back(',');
    body.append(members);
    body.push_back('}');
  }
  return body;
}

SimReply Reply(std::int64_t code, std::string_view message, bool codes_as_text,
               std::string_view members = {}) {
  return SimReply::Json(Envelope(code, message, members, codes_as_text));
}

std::string_view StringOrEmpty(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (value == nullptr || !value->is_string()) return {};
  return value->get_string();
}

bool IsDecimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

LgspSessions::LgspSessions(Clock clock)
    : clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      nonce_((std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()) {}

std::string LgspSessions::Issue() {
  if (sessions_.size() > kSweepThreshold) DropExpired();
  const std::uint64_t serial = next_serial_++;
  std::uint64_t state = nonce_ ^ (serial * 0xD1B54A32D192ED03ULL);
  std::string token = Hex64(SplitMix64(state));
  token += Hex64(SplitMix64(state));
  sessions_.insert_or_assign(token, Session{serial, clock_() + kLifetime});
  return token;
}

std::optional<std::uint64_t> LgspSessions::Find(std::string_view token) {
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (clock_() >= it->second.expires) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second.serial;
}

void LgspSessions::Forget(std::string_view token) {
  const auto it = sessions_.find(token);
  if (it != sessions_.end()) sessions_.erase(it);
}

void LgspSessions::DropExpired() {
  const auto now = clock_();
  std::erase_if(sessions_, [&](const auto& entry) { return now >= entry.second.expires; });
}

LgspGateway::LgspGateway(std::string province_code, SystemCredentials credentials,
                         LgspSessions::Clock clock)
    : province_code_(std::move(province_code)),
      credentials_(std::move(credentials)),
      sessions_(std::move(clock)) {}

void LgspGateway::AddService(std::string name, Service service) {
  services_.insert_or_assign(std::move(name), std::move(service));
}

SimReply LgspGateway::Handle(const SimRequest& request, Time now, const DataFaults& faults) {
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  const bool is_auth = path == "/auth";
  if (!is_auth && path != "/integration") {
    return SimReply::Json(R"({"message":"Không tìm thấy"})", 404);
  }
  if (request.method != "POST") {
    SimReply reply = SimReply::Json(R"({"message":"Phương thức không được hỗ trợ"})", 405);
    reply.headers.emplace_back("Allow", "POST");
    return reply;
  }
  // Without a session to decide it, the form of error_code follows the request's bytes.
  const bool anonymous_codes_as_text = Bit(StableHash(request.body), 0);
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    return Reply(lgsp_error::kMalformedRequest, "Dữ liệu yêu cầu không hợp lệ",
                 anonymous_codes_as_text);
  }
  if (is_auth) return Authenticate(parsed.get_object(), anonymous_codes_as_text);
  return Integrate(parsed.get_object(), now, faults, anonymous_codes_as_text);
}

SimReply LgspGateway::Authenticate(const json::object& body, bool codes_as_text) {
  const json::value* username = body.if_contains("username");
  const json::value* password = body.if_contains("password");
  if (username == nullptr || password == nullptr || !username->is_string() ||
      !password->is_string() || username->get_string() != credentials_.id ||
      password->get_string() != credentials_.secret) {
    return Reply(lgsp_error::kWrongCredentials, "Sai tên đăng nhập hoặc mật khẩu", codes_as_text);
  }
  const std::string token = sessions_.Issue();
  const std::uint64_t serial = *sessions_.Find(token);
  return Reply(lgsp_error::kOk, kSuccess, Bit(serial, 0), "\"session\":" + JsonQuoted(token));
}

SimReply LgspGateway::Integrate(const json::object& body, Time now, const DataFaults& faults,
                                bool codes_as_text) {
  const std::string_view token = StringOrEmpty(body, "session");
  const std::optional<std::uint64_t> serial = token.empty() ? std::nullopt : sessions_.Find(token);
  if (!serial) {
    return Reply(lgsp_error::kSessionExpired, "Phiên làm việc hết hạn", codes_as_text);
  }
  const bool session_codes_as_text = Bit(*serial, 0);
  if (faults.expire_session) {
    sessions_.Forget(token);
    return Reply(lgsp_error::kSessionExpired, "Phiên làm việc hết hạn", session_codes_as_text);
  }
  const json::value* madonvi = body.if_contains("madonvi");
  if (madonvi == nullptr || !madonvi->is_string() || madonvi->get_string() != province_code_) {
    return Reply(lgsp_error::kInvalidParameter, "Tham số không hợp lệ: madonvi",
                 session_codes_as_text);
  }
  const std::string_view name = StringOrEmpty(body, "service");
  const auto service = services_.find(name);
  if (service == services_.end()) {
    return Reply(lgsp_error::kUnknownService, "Dịch vụ không tồn tại: " + std::string(name),
                 session_codes_as_text);
  }
  const LgspOutcome outcome = service->second(LgspCall{body, now, faults});
  if (outcome.error_code != lgsp_error::kOk) {
    return Reply(outcome.error_code, outcome.message, session_codes_as_text);
  }
  return Reply(lgsp_error::kOk, outcome.message, session_codes_as_text, outcome.members);
}

std::optional<std::int64_t> IntegerParameter(const json::object& body, std::string_view name,
                                             std::int64_t min, std::int64_t max) {
  const json::value* value = body.if_contains(name);
  if (value == nullptr) return std::nullopt;
  // A JSON integer above INT64_MAX (uint64) is out of every range we accept; a string
  // has at most 18 digits, so it cannot overflow.
  std::int64_t number = 0;
  if (value->is_int64()) {
    number = value->get_int64();
  } else if (value->is_string() && IsDecimal(value->get_string())) {
    for (const char c : value->get_string()) number = number * 10 + (c - '0');
  } else {
    return std::nullopt;
  }
  if (number < min || number > max) return std::nullopt;
  return number;
}

std::optional<std::string_view> OptionalStringParameter(const json::object& body,
                                                        std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::string_view{};
  if (!value->is_string()) return std::nullopt;
  return std::string_view(value->get_string());
}

}  // namespace egovkpi::sim
