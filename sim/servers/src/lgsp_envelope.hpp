// The provincial integration platform (LGSP) envelope shared by the one-stop system and
// the portal (shared/spec/upstream-api.md sections 1 and 2): POST /auth, sessions, error
// codes and the dispatch of POST /integration to a named service.
//
// Error codes (error_code) this simulator answers with:
//   0  Thành công                          success
//   1  Sai tên đăng nhập hoặc mật khẩu     wrong credentials (/auth)
//   2  Phiên làm việc hết hạn              session missing, unknown or expired
//   3  Tham số không hợp lệ: <name>        madonvi is not the province code, or a service
//                                          parameter is missing, mistyped or out of range
//   4  Dịch vụ không tồn tại: <service>    unknown service
//   5  Dữ liệu yêu cầu không hợp lệ        the body is not a JSON object
// error_code is sent as a number or as a string ("2"), as real adapters do: one form per
// session (by its serial), and for replies without a valid session by the request body's
// hash — so the same request in the same state always gets the same bytes.
//
// Threading: not thread-safe; the owning system is called from one thread at a time.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "egovkpi/sim/upstream_system.hpp"

namespace egovkpi::sim {

namespace lgsp_error {
inline constexpr std::int64_t kOk = 0;
inline constexpr std::int64_t kWrongCredentials = 1;
inline constexpr std::int64_t kSessionExpired = 2;
inline constexpr std::int64_t kInvalidParameter = 3;
inline constexpr std::int64_t kUnknownService = 4;
inline constexpr std::int64_t kMalformedRequest = 5;
}  // namespace lgsp_error

// Sessions issued by /auth. Each lives 30 minutes of real (steady-clock) time from its
// issue, whatever the simulated clock does; tokens are random-looking 32 hex digits.
class LgspSessions {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::minutes kLifetime{30};

  // `clock` defaults to std::chrono::steady_clock::now (tests inject their own).
  explicit LgspSessions(Clock clock = {});

  // A new session's token.
  std::string Issue();
  // The serial (1, 2, ...) of a live session; nothing when unknown or expired.
  [[nodiscard]] std::optional<std::uint64_t> Find(std::string_view token);
  void Forget(std::string_view token);
  [[nodiscard]] std::size_t live_count() const { return sessions_.size(); }

 private:
  struct Session {
    std::uint64_t serial = 0;
    std::chrono::steady_clock::time_point expires;
  };
  void DropExpired();

  Clock clock_;
  std::uint64_t nonce_;
  std::uint64_t next_serial_ = 1;
  std::map<std::string, Session, std::less<>> sessions_;
};

// The outcome of one service call: an error, or the members that follow error_code and
// message in the reply (written with JsonTextWriter, e.g. `"result":[...],"tong_so":3`).
struct LgspOutcome {
  std::int64_t error_code = lgsp_error::kOk;
  std::string message = "Thành công";
  std::string members;

  static LgspOutcome Ok(std::string members_text) {
    LgspOutcome outcome;
    outcome.members = std::move(members_text);
    return outcome;
  }
  static LgspOutcome Error(std::int64_t code, std::string text) {
    LgspOutcome outcome;
    outcome.error_code = code;
    outcome.message = std::move(text);
    return outcome;
  }
  // error_code 3 naming the parameter.
  static LgspOutcome InvalidParameter(std::string_view name) {
    return Error(lgsp_error::kInvalidParameter, "Tham số không hợp lệ: " + std::string(name));
  }
};

// What a service sees: the whole flat request body (session, madonvi and service included).
struct LgspCall {
  const boost::json::object& body;
  Time now;
  const DataFaults& faults;
};

class LgspGateway {
 public:
  using Service = std::function<LgspOutcome(const LgspCall&)>;

  LgspGateway(std::string province_code, SystemCredentials credentials,
              LgspSessions::Clock clock = {});

  void AddService(std::string name, Service service);

  // request.target is "/auth" or "/integration" (a query string is ignored); anything else
  // is HTTP 404, another method than POST HTTP 405. faults.expire_session forgets the
  // session of an /integration call and answers error_code 2.
  SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults);

  [[nodiscard]] const LgspSessions& sessions() const { return sessions_; }

 private:
  SimReply Authenticate(const boost::json::object& body, bool codes_as_text);
  SimReply Integrate(const boost::json::object& body, Time now, const DataFaults& faults,
                     bool codes_as_text);

  std::string province_code_;
  SystemCredentials credentials_;
  LgspSessions sessions_;
  std::map<std::string, Service, std::less<>> services_;
};

// Parameter readers for services. Absent, null and "" are "absent" (upstream-api.md).

// A required integer in [min, max]: a JSON integer, or (leniently, as real adapters accept
// it) a string of decimal digits. Nothing when absent, mistyped or out of range.
std::optional<std::int64_t> IntegerParameter(const boost::json::object& body, std::string_view name,
                                             std::int64_t min, std::int64_t max);

// An optional string: "" when absent; nothing when present but not a string.
std::optional<std::string_view> OptionalStringParameter(const boost::json::object& body,
                                                        std::string_view name);

}  // namespace egovkpi::sim
