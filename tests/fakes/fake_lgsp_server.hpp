// A fake of the provincial integration platform (LGSP) serving the one-stop system's
// LayDanhSachHoSo exactly as shared/spec/upstream-api.md section 1 describes it:
//   POST /auth         {"username","password"} -> {"error_code":0,"session":...}, or 1
//   POST /integration  {session, madonvi, service, ...params}
// over an in-memory set of dossiers (JSON objects) kept sorted by (NgayCapNhat, MaHoSo).
// Sessions can be expired at will, and a queue of scripted faults (HTTP status with
// Retry-After, delay, cut body, oversize body, invalid JSON, error codes) is applied to
// the next requests. Other services can be added with SetService.
//
// Error codes it answers with: 0 ok, 1 wrong credentials, 2 session unknown or expired,
// 3 invalid parameter (capnhat_tu not yyyyMMddHHmmss, sau_ma_ho_so not a string,
// so_ban_ghi not a JSON integer in 1..1000, madonvi not the province code), 4 unknown
// service, 5 malformed request body.
//
// Threading: every method may be called from any thread while the server runs.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "egovkpi/sim/http_server.hpp"

namespace egovkpi::fakes {

struct FakeLgspOptions {
  std::string username = "egovkpi";
  std::string password = "s3cret";
  std::string province_code = "H21";
  // Send error_code as a string ("0") instead of a number: both are valid per the spec.
  bool codes_as_strings = false;
};

// One scripted fault, consumed by the next request to `endpoint`.
struct LgspFault {
  enum class Endpoint { kAny, kAuth, kIntegration };
  Endpoint endpoint = Endpoint::kIntegration;

  // Non-zero: answer with this HTTP status (and a small JSON body); nothing else happens.
  int http_status = 0;
  std::optional<int> retry_after_seconds;  // sent as Retry-After along with http_status
  // Non-empty: answer HTTP 200 with {"error_code": error_code, "message": message}.
  std::optional<std::int64_t> error_code;
  std::string message;
  // HTTP 200 with a complete body that is not valid JSON (a reply cut short as text).
  bool invalid_json = false;
  // Non-zero: HTTP 200 with a valid JSON body padded to at least this many bytes.
  std::size_t oversize_bytes = 0;
  // The normal reply (state changes included), delivered late...
  std::chrono::milliseconds delay{0};
  // ...or with the connection closed after half of its body.
  bool cut_body = false;

  static LgspFault HttpStatus(int status, std::optional<int> retry_after = std::nullopt) {
    LgspFault f;
    f.http_status = status;
    f.retry_after_seconds = retry_after;
    return f;
  }
  static LgspFault ErrorCode(std::int64_t code, std::string text = "Lỗi hệ thống") {
    LgspFault f;
    f.error_code = code;
    f.message = std::move(text);
    return f;
  }
  static LgspFault InvalidJson() {
    LgspFault f;
    f.invalid_json = true;
    return f;
  }
  static LgspFault Oversize(std::size_t bytes) {
    LgspFault f;
    f.oversize_bytes = bytes;
    return f;
  }
  static LgspFault Delay(std::chrono::milliseconds delay) {
    LgspFault f;
    f.delay = delay;
    return f;
  }
  static LgspFault CutBody() {
    LgspFault f;
    f.cut_body = true;
    return f;
  }
  LgspFault& On(Endpoint e) {
    endpoint = e;
    return *this;
  }
};

struct FakeLgspStats {
  int auth_requests = 0;            // every POST /auth, faulted or not
  int sessions_issued = 0;          // successful authentications
  int wrong_credentials = 0;        // error_code 1 replies
  int integration_requests = 0;     // every POST /integration, faulted or not
  int session_expired_replies = 0;  // error_code 2 replies
  int pages_served = 0;             // successful LayDanhSachHoSo replies
  int faults_served = 0;            // scripted faults consumed
};

class FakeLgspServer {
 public:
  // The reply object of a custom service (error_code 0 and a message are added when
  // absent); gets the whole request body.
  using ServiceHandler = std::function<boost::json::object(const boost::json::object& request)>;

  explicit FakeLgspServer(FakeLgspOptions options = {});
  ~FakeLgspServer();
  FakeLgspServer(const FakeLgspServer&) = delete;
  FakeLgspServer& operator=(const FakeLgspServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:<port>"
  [[nodiscard]] const FakeLgspOptions& options() const { return options_; }

  // Replaces all dossiers. Each is a HoSo object; MaHoSo and NgayCapNhat are read as
  // strings (a record lacking one sorts with "" in its place; every record is kept, even
  // with a duplicate key).
  void SetDossiers(std::vector<boost::json::object> dossiers);
  // Adds a dossier, replacing every one with the same MaHoSo (a changed dossier); a dossier
  // without MaHoSo is simply added.
  void UpsertDossier(boost::json::object dossier);
  [[nodiscard]] std::size_t dossier_count() const;

  // Every session issued so far becomes unknown: the next call gets error_code 2.
  void ExpireSessions();
  // Appends a fault to the queue; each request consumes at most the front fault, and only
  // when the fault's endpoint matches.
  void PushFault(LgspFault fault);
  [[nodiscard]] std::size_t pending_faults() const;

  void SetService(std::string name, ServiceHandler handler);

  [[nodiscard]] FakeLgspStats stats() const;
  // Bodies of the POST /integration requests that reached the service logic, oldest
  // first (requests answered by a scripted status, error code, invalid JSON or oversize
  // fault are not recorded; delayed and cut ones are).
  [[nodiscard]] std::vector<boost::json::object> integration_bodies() const;

 private:
  sim::SimReply Handle(const sim::SimRequest& request);
  sim::SimReply HandleAuth(const boost::json::object& body);
  // The session and madonvi of an /integration request: the refusal, or nothing when ok.
  std::optional<boost::json::object> CheckEnvelope(const boost::json::object& body);
  boost::json::object ListDossiers(const boost::json::object& body);
  boost::json::object Reply(std::int64_t code, std::string_view message) const;

  const FakeLgspOptions options_;
  mutable std::mutex mutex_;
  // Keyed by (NgayCapNhat, MaHoSo): iteration order is the paging order. A multimap, so
  // that records lacking those fields (quarantine tests) are all kept.
  std::multimap<std::pair<std::string, std::string>, boost::json::object> dossiers_;
  std::map<std::string, ServiceHandler> services_;
  std::vector<std::string> sessions_;
  int next_session_ = 1;
  std::deque<LgspFault> faults_;
  FakeLgspStats stats_;
  std::vector<boost::json::object> integration_bodies_;
  // Last member: it stops (joining its thread) before the state above goes away.
  sim::SimHttpServer server_;
};

}  // namespace egovkpi::fakes
