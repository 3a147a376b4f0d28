// The simulator behind one HTTP port: routes /onegate, /portal, /postal and /edoc to the
// four upstream systems (applying the FaultPlan around them), and serves
//   GET    /truth?as_of=<time>   the ground truth as the systems show it at that time
//                               (default: the simulated now)
//   GET    /control/faults       faults injected so far and scripted ones pending
//   POST   /control/faults       {"system": "onegate", "fault": "http_500", "count": 3}
//   DELETE /control/faults       forget the scripted faults
//   GET    /control/clock        {"now": ..., "frozen": ...}
//   GET    /healthz
// Times in queries: "2021-12-31", "2021-12-31T23:00:00" (local) or RFC 3339.
//
// Threading: Handle is called by the HTTP server one request at a time.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "egovkpi/sim/fault_plan.hpp"
#include "egovkpi/sim/http_server.hpp"
#include "egovkpi/sim/sim_clock.hpp"
#include "egovkpi/sim/upstream_system.hpp"

namespace egovkpi::sim {

struct SimCredentials {
  SystemCredentials onegate{"egovkpi", "egovkpi"};
  SystemCredentials portal{"egovkpi", "egovkpi"};
  SystemCredentials postal{"egovkpi", "egovkpi"};
  SystemCredentials edoc{"", "egovkpi"};
};

class SimService {
 public:
  // `province` must outlive the service.
  SimService(const Province& province, SimClock clock, FaultPlan faults,
             const SimCredentials& credentials);

  SimReply Handle(const SimRequest& request);

 private:
  SimReply HandleSystem(UpstreamSystem& system, const SimRequest& request,
                        std::string_view relative_target);
  SimReply HandleTruth(std::string_view query);
  SimReply HandleControlFaults(const SimRequest& request);

  const Province& province_;
  SimClock clock_;
  FaultPlan faults_;
  std::map<std::string, std::unique_ptr<UpstreamSystem>, std::less<>> systems_;
};

}  // namespace egovkpi::sim
