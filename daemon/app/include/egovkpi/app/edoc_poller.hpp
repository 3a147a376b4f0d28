// Polls the document exchange system: from the stored watermark (the greatest UpdatedAt
// committed) it asks for documents changed since then (inclusive) and follows the cursors
// until the last page; each page's documents, quarantined records and new watermark are
// written in one transaction.
//
// The cursor itself is never stored: after a failure or a restart the next poll starts again
// from the committed UpdatedAt, re-reading the documents of that second (and of any page
// whose commit was lost). The upsert keeps only strictly newer versions, so a re-read
// changes nothing and nothing is counted twice.
#pragma once

#include <memory>
#include <string>

#include "egovkpi/app/source_poller.hpp"
#include "egovkpi/collectors/edoc/edoc_collector.hpp"
#include "egovkpi/collectors/local_time.hpp"
#include "egovkpi/storage/database.hpp"

namespace egovkpi::app {

class EdocPoller final : public SourcePoller {
 public:
  // `start` is where the very first poll begins (no stored watermark yet): the start of
  // the plan year.
  EdocPoller(std::unique_ptr<collectors::edoc::EdocCollector> collector, storage::Database database,
             collectors::TimePoint start);

  [[nodiscard]] const std::string& source() const override { return source_; }
  PollOutcome Poll(std::stop_token stop) override;

 private:
  collectors::TimePoint LoadWatermark();

  std::string source_ = "edoc";
  std::unique_ptr<collectors::edoc::EdocCollector> collector_;
  storage::Database database_;
  collectors::TimePoint start_;
};

}  // namespace egovkpi::app
