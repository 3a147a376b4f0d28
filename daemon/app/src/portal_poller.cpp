#include "egovkpi/app/portal_poller.hpp"

#include <utility>

#include "egovkpi/collectors/local_time.hpp"
#include "egovkpi/storage/catalogue_store.hpp"
#include "egovkpi/storage/page_store.hpp"

namespace egovkpi::app {

PortalPoller::PortalPoller(std::unique_ptr<collectors::portal::PortalCollector> collector,
                           storage::Database database, Clock clock)
    : collector_(std::move(collector)),
      database_(std::move(database)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

PollOutcome PortalPoller::Poll(std::stop_token stop) {
  PollOutcome outcome;
  auto snapshot = collector_->FetchSnapshot(stop);
  if (!snapshot.ok()) {
    RecordFetchFailure(outcome, snapshot.failure());
    return outcome;
  }
  const collectors::portal::CatalogueSnapshot& catalogue = snapshot.value();
  // Taken once the whole snapshot is in: what it no longer lists was gone by then.
  const auto seen_at = clock_();
  const auto watermark =
      collectors::FormatCompactLocalTime(std::chrono::floor<std::chrono::seconds>(seen_at));

  storage::CatalogueChanges changes;
  try {
    database_.InTransaction([&](pqxx::work& tx) {
      changes = storage::ApplyCatalogueSnapshot(tx, catalogue, seen_at);
      storage::QuarantineRecords(tx, source_, catalogue.rejected);
      storage::SaveWatermark(tx, source_, watermark);
    });
  } catch (const storage::StorageError& e) {
    outcome.failure_reason = "database";
    outcome.message = e.what();
    return outcome;
  }

  outcome.ok = true;
  outcome.pages = catalogue.pages;
  outcome.records = changes.inserted() + changes.updated();
  for (const auto& r : catalogue.rejected) ++outcome.rejected[r.reason];
  outcome.message = "snapshot of " + std::to_string(catalogue.units.size()) + " units, " +
                    std::to_string(catalogue.procedures.size()) + " procedures, " +
                    std::to_string(catalogue.service_rows.size()) +
                    " service rows: " + std::to_string(changes.inserted()) + " inserted, " +
                    std::to_string(changes.updated()) + " updated, " +
                    std::to_string(changes.withdrawn()) + " withdrawn";
  return outcome;
}

}  // namespace egovkpi::app
