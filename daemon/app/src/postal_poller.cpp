#include "egovkpi/app/postal_poller.hpp"

#include "egovkpi/app/stored_watermark.hpp"
#include "egovkpi/storage/page_store.hpp"
#include "egovkpi/storage/postal_store.hpp"

namespace egovkpi::app {

namespace postal = collectors::postal;

PostalPoller::PostalPoller(std::unique_ptr<postal::PostalCollector> collector,
                           storage::Database database)
    : collector_(std::move(collector)), database_(std::move(database)) {}

std::int64_t PostalPoller::LoadLastId() {
  return LoadStoredWatermark(database_, source_, std::int64_t{0}, postal::DecodeLastId);
}

PollOutcome PostalPoller::Poll(std::stop_token stop) {
  PollOutcome outcome;
  try {
    std::int64_t last_id = LoadLastId();
    for (;;) {
      auto page = collector_->FetchPage(last_id, stop);
      if (!page.ok()) {
        RecordFetchFailure(outcome, page.failure());
        return outcome;
      }
      // An empty page means caught up; nothing to store.
      if (page.value().items == 0) break;
      const auto& events = page.value().events;
      const auto& rejected = page.value().rejected;
      // lastId only moves forward: a reply that re-serves known events must not send us
      // back.
      const std::int64_t next = page.value().last_id;
      const bool advances = next > last_id;
      int stored = 0;
      database_.InTransaction([&](pqxx::work& tx) {
        stored = storage::ApplyPostalEvents(tx, events);
        storage::QuarantineRecords(tx, source_, rejected);
        if (advances) storage::SaveWatermark(tx, source_, postal::EncodeLastId(next));
      });
      ++outcome.pages;
      outcome.records += stored;
      for (const auto& r : rejected) ++outcome.rejected[r.reason];
      // A page that brings only events at or below lastId (one served again) is as good as
      // an empty one: asking again would get the same page forever.
      if (!advances) break;
      last_id = next;
    }
    outcome.ok = true;
  } catch (const storage::StorageError& e) {
    outcome.failure_reason = "database";
    outcome.message = e.what();
  }
  return outcome;
}

}  // namespace egovkpi::app
