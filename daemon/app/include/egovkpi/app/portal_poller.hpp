// Polls the public-service portal: reads a full catalogue snapshot, then writes it (units,
// procedures, service rows, withdrawals), its quarantined records and the source's
// watermark in one transaction. A snapshot that could not be read completely is a failed
// poll that writes nothing, so the stored catalogue only ever follows complete snapshots.
//
// The watermark ("portal" in egovkpi.source_watermark) is the time the last complete
// snapshot was read, as yyyyMMddHHmmss local time; polls do not start from it (every poll
// reads everything), it records when the catalogue was last known complete.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/collectors/portal/portal_collector.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class PortalPoller final : public SourcePoller {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // `clock` gives the snapshot time (seen/withdrawn times, the watermark); default
  // std::chrono::system_clock::now.
  PortalPoller(std::unique_ptr<collectors::portal::PortalCollector> collector,
               storage::Database database, Clock clock = {});

  [[nodiscard]] const std::string& source() const override { return source_; }
  // One snapshot. `records` counts inserted and changed catalogue rows, `pages` the pages
  // read (0 when nothing was written); the message sums up the snapshot on success.
  PollOutcome Poll(std::stop_token stop) override;

 private:
  std::string source_ = "portal";
  std::unique_ptr<collectors::portal::PortalCollector> collector_;
  storage::Database database_;
  Clock clock_;
};

}  // namespace egovkpi::app
