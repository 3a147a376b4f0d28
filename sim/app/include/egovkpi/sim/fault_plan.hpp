// Which faults the simulator injects, per upstream system: seeded random faults at a rate
// (for soak and end-to-end tests) and scripted ones ("fail the next 3 calls with 500") set
// through the control endpoint. Faults never change the ground truth: a correct client
// retries transport faults and ends with exactly the truth's numbers.
//
// Threading: not synchronised; the simulator calls it from the HTTP server's thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/sim/upstream_system.hpp"

namespace egovkpi::sim {

enum class Fault {
  kHttp500,          // HTTP 500 with a JSON error body
  kHttp429,          // HTTP 429 with Retry-After: 1
  kSlow,             // the normal reply, after a delay longer than a client's timeout
  kCutBody,          // the normal reply's headers, half its body, then the connection closes
  kMalformedJson,    // HTTP 200 with a body that is not valid JSON
  kInvalidRecord,    // an extra record that fails validation in the page
  kDuplicateRecord,  // the previous page's last record served again
  kExpireSession,    // the session or token is treated as expired
};

inline constexpr Fault kAllFaults[] = {
    Fault::kHttp500,       Fault::kHttp429,       Fault::kSlow,
    Fault::kCutBody,       Fault::kMalformedJson, Fault::kInvalidRecord,
    Fault::kDuplicateRecord, Fault::kExpireSession};

std::string_view FaultName(Fault fault);  // "http_500", "http_429", "slow", "cut_body", ...
std::optional<Fault> FaultFromName(std::string_view name);

// What to do with one request.
struct FaultDecision {
  std::optional<Fault> transport;  // kHttp500, kHttp429, kSlow, kCutBody or kMalformedJson
  DataFaults data;
};

struct RandomFaults {
  double rate = 0.0;          // probability that a request gets a fault
  std::set<Fault> modes;      // drawn uniformly among these; empty = none
  std::uint64_t seed = 1;
};

class FaultPlan {
 public:
  explicit FaultPlan(RandomFaults random = {}, std::chrono::milliseconds slow_delay =
                                                   std::chrono::seconds(5));

  // Scripts `count` occurrences of `fault` for the next requests to `system`.
  void Script(const std::string& system, Fault fault, int count);
  void ClearScripts();

  // Consumes what applies to the next request to `system`: a scripted fault first, else a
  // random draw. Authentication requests only ever get transport faults.
  FaultDecision Next(const std::string& system, bool is_auth_request);

  [[nodiscard]] std::chrono::milliseconds slow_delay() const { return slow_delay_; }
  // Faults injected so far, by system and fault name (for /control/faults).
  [[nodiscard]] const std::map<std::string, std::map<std::string, int>>& injected() const {
    return injected_;
  }
  [[nodiscard]] std::map<std::string, std::vector<std::string>> pending() const;

 private:
  std::uint64_t NextRandom();

  RandomFaults random_;
  std::vector<Fault> random_modes_;
  std::chrono::milliseconds slow_delay_;
  std::uint64_t state_;
  std::map<std::string, std::deque<Fault>> scripted_;
  std::map<std::string, std::map<std::string, int>> injected_;
};

}  // namespace egovkpi::sim
