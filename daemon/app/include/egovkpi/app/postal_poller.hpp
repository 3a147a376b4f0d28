// Polls VNPost BCCI tracking: pages of events from the stored lastId on, each page's
// events, quarantined records and new lastId written in one transaction, until a page
// brings nothing new.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/collectors/postal/postal_collector.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class PostalPoller final : public SourcePoller {
 public:
  // The very first poll (no stored watermark yet) reads the feed from lastId 0.
  PostalPoller(std::unique_ptr<collectors::postal::PostalCollector> collector,
               storage::Database database);

  [[nodiscard]] const std::string& source() const override { return source_; }
  PollOutcome Poll(std::stop_token stop) override;

 private:
  std::int64_t LoadLastId();

  std::string source_ = "postal";
  std::unique_ptr<collectors::postal::PostalCollector> collector_;
  storage::Database database_;
};

}  // namespace egovkpi::app
