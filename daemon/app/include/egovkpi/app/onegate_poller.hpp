// Polls the one-stop system: pages of changed dossiers from the stored cursor on, each
// page's dossiers, quarantined records and new cursor written in one transaction.
#pragma once

#include <memory>
#include <string>

#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/collectors/local_time.hpp"
#include "egovkpi/collectors/onegate/onegate_collector.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class OnegatePoller final : public SourcePoller {
 public:
  // `start` is where the very first poll begins (no stored watermark yet).
  OnegatePoller(std::unique_ptr<collectors::onegate::OnegateCollector> collector,
                storage::Database database, collectors::TimePoint start);

  [[nodiscard]] const std::string& source() const override { return source_; }
  PollOutcome Poll(std::stop_token stop) override;

 private:
  collectors::onegate::DossierCursor LoadCursor();

  std::string source_ = "onegate";
  std::unique_ptr<collectors::onegate::OnegateCollector> collector_;
  storage::Database database_;
  collectors::TimePoint start_;
};

}  // namespace egovkpi::app
