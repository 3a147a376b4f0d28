// A fake of VNPost's BCCI tracking API exactly as shared/spec/upstream-api.md section 3
// describes it:
//   POST /oauth/token          {"customerKey","secretKey"} -> {"access_token","expires_in"},
//                              HTTP 401 on wrong keys
//   GET  /bcci/tracking?lastId=<int>&limit=<1..1000>
//                              with Authorization: Bearer <token>, HTTP 401 when the token
//                              is unknown or expired; {"items":[...],"lastId":<int>}
// over an in-memory list of events (JSON objects) in ascending Id. Tokens can be expired at
// will, and a queue of scripted faults (HTTP status with Retry-After, a delay, a body cut
// mid-way, an oversize body, any body at all) is applied to the next requests.
//
// An event without a readable Id (quarantine tests) is served together with the next event
// that has one, just before it; one at the end of the list is served on every call. The
// reply's lastId is the highest readable Id served, or the request's when none.
// Malformed requests get HTTP 400 (lastId not digits, limit not in 1..1000, a token request
// body that is not a JSON object); other paths 404; other methods 405.
//
// Threading: every method may be called from any thread while the server runs.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "egovkpi/sim/http_server.hpp"

namespace egovkpi::fakes {

struct FakeVnpostOptions {
  std::string customer_key = "egovkpi-customer";
  std::string secret_key = "vnpost-s3cret";
};

// One scripted fault, consumed by the next request to `endpoint`.
struct VnpostFault {
  enum class Endpoint { kAny, kToken, kTracking };
  Endpoint endpoint = Endpoint::kTracking;
  // Let this many matching requests through unharmed first (e.g. fail the third page).
  int after = 0;

  // Non-zero: answer with this HTTP status (and a small JSON body); nothing else happens.
  int http_status = 0;
  std::optional<int> retry_after_seconds;  // sent as Retry-After along with http_status
  // Set: HTTP 200 with exactly this body (garbage, an HTML page, JSON cut short...).
  std::optional<std::string> body;
  // Non-zero: HTTP 200 with a valid JSON body padded to at least this many bytes.
  std::size_t oversize_bytes = 0;
  // The normal reply (state changes included), delivered late...
  std::chrono::milliseconds delay{0};
  // ...or with the connection closed after half of its body.
  bool cut_body = false;

  static VnpostFault HttpStatus(int status, std::optional<int> retry_after = std::nullopt) {
    VnpostFault f;
    f.http_status = status;
    f.retry_after_seconds = retry_after;
    return f;
  }
  static VnpostFault Body(std::string text) {
    VnpostFault f;
    f.body = std::move(text);
    return f;
  }
  // A complete HTTP reply whose body is JSON cut short.
  static VnpostFault TruncatedJson() { return Body(R"({"items":[{"Id":1,"ItemCode":"EB0000)"); }
  static VnpostFault Oversize(std::size_t bytes) {
    VnpostFault f;
    f.oversize_bytes = bytes;
    return f;
  }
  static VnpostFault Delay(std::chrono::milliseconds delay) {
    VnpostFault f;
    f.delay = delay;
    return f;
  }
  static VnpostFault CutBody() {
    VnpostFault f;
    f.cut_body = true;
    return f;
  }
  VnpostFault& On(Endpoint e) {
    endpoint = e;
    return *this;
  }
  VnpostFault& After(int requests) {
    after = requests;
    return *this;
  }
};

struct FakeVnpostStats {
  int token_requests = 0;        // every POST /oauth/token, faulted or not
  int tokens_issued = 0;         // successful token replies
  int wrong_keys = 0;            // HTTP 401 from /oauth/token
  int tracking_requests = 0;     // every GET /bcci/tracking, faulted or not
  int unauthorized_replies = 0;  // HTTP 401 from /bcci/tracking
  int pages_served = 0;          // successful tracking replies
  int faults_served = 0;         // scripted faults consumed
};

// A tracking request that reached the feed (authorized, not answered by a scripted status,
// body or oversize fault).
struct TrackingRequest {
  std::string target;         // path and query as sent
  std::string authorization;  // the Authorization header
};

class FakeVnpostServer {
 public:
  explicit FakeVnpostServer(FakeVnpostOptions options = {});
  ~FakeVnpostServer();
  FakeVnpostServer(const FakeVnpostServer&) = delete;
  FakeVnpostServer& operator=(const FakeVnpostServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:<port>"
  [[nodiscard]] const FakeVnpostOptions& options() const { return options_; }

  // Replaces all events; they are served in the order given, which should be ascending Id.
  void SetEvents(std::vector<boost::json::object> events);
  // Appends an event (a new one has a higher Id than every other).
  void AddEvent(boost::json::object event);
  [[nodiscard]] std::size_t event_count() const;

  // Every token issued so far becomes unknown: the next tracking call gets HTTP 401.
  void ExpireTokens();
  // Appends a fault to the queue; each request consumes at most the front fault, and only
  // when the fault's endpoint matches and its `after` count is used up.
  void PushFault(VnpostFault fault);
  [[nodiscard]] std::size_t pending_faults() const;

  [[nodiscard]] FakeVnpostStats stats() const;
  [[nodiscard]] std::vector<TrackingRequest> tracking_requests() const;

 private:
  struct Entry {
    boost::json::object event;
    std::optional<std::int64_t> id;  // its readable Id
    std::int64_t position = 0;       // its Id, or the next readable one (served before it)
  };

  sim::SimReply Handle(const sim::SimRequest& request);
  sim::SimReply IssueToken(const std::string& body);
  sim::SimReply Track(const sim::SimRequest& request);
  void Reposition();

  const FakeVnpostOptions options_;
  mutable std::mutex mutex_;
  std::vector<Entry> events_;
  std::vector<std::string> tokens_;
  int next_token_ = 1;
  std::deque<VnpostFault> faults_;
  FakeVnpostStats stats_;
  std::vector<TrackingRequest> tracking_requests_;
  // Last member: it stops (joining its thread) before the state above goes away.
  sim::SimHttpServer server_;
};

}  // namespace egovkpi::fakes
