// One simulated upstream system (shared/spec/upstream-api.md): it answers the requests of
// its contract from the province's records as they stand at the simulated `now`.
//
// Faults: transport faults (HTTP 500, 429, slow, cut, malformed JSON) are applied around a
// system by the simulator's FaultPlan and never reach it. Data faults need to know the
// contract, so each system applies them itself when asked. No fault ever changes what a
// correct client ends up with: an invalid record is an extra record (never a real one
// broken), a duplicate repeats a record the client already had.
//
// Threading: Handle is called from one thread at a time (the HTTP server's).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "egovkpi/sim/http_server.hpp"
#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim {

struct DataFaults {
  // Add one record that fails validation (required field missing, bad date or bad code)
  // to this page; it must not disturb paging (no key that moves a cursor).
  bool invalid_record = false;
  // Serve again, at the start of this page, the last record of the previous page.
  bool duplicate_record = false;
  // Treat this request's session/token as expired (error_code 2 / HTTP 401).
  bool expire_session = false;
};

struct SystemCredentials {
  std::string id;      // LGSP username / VNPost customerKey (unused for document exchange)
  std::string secret;  // LGSP password / VNPost secretKey / document exchange API key
};

class UpstreamSystem {
 public:
  virtual ~UpstreamSystem() = default;
  // "onegate", "portal", "postal" or "edoc": also its path prefix ("/onegate/...").
  [[nodiscard]] virtual std::string_view name() const = 0;
  // `request.target` is relative to the system's prefix ("/auth", "/integration",
  // "/bcci/tracking?lastId=0&limit=100", ...).
  virtual SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults) = 0;
};

// `province` must outlive the systems. Each builds its own indexes at construction.
std::unique_ptr<UpstreamSystem> MakeOnegateSystem(const Province& province,
                                                  SystemCredentials credentials);
std::unique_ptr<UpstreamSystem> MakePortalSystem(const Province& province,
                                                 SystemCredentials credentials);
std::unique_ptr<UpstreamSystem> MakePostalSystem(const Province& province,
                                                 SystemCredentials credentials);
std::unique_ptr<UpstreamSystem> MakeEdocSystem(const Province& province,
                                               SystemCredentials credentials);

}  // namespace egovkpi::sim
