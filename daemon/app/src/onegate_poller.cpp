#include "egovkpi/app/onegate_poller.hpp"

#include <tuple>

#include "egovkpi/app/stored_watermark.hpp"
#include "egovkpi/storage/page_store.hpp"

namespace egovkpi::app {

using collectors::onegate::DossierCursor;

OnegatePoller::OnegatePoller(std::unique_ptr<collectors::onegate::OnegateCollector> collector,
                             storage::Database database, collectors::TimePoint start)
    : collector_(std::move(collector)), database_(std::move(database)), start_(start) {}

DossierCursor OnegatePoller::LoadCursor() {
  return LoadStoredWatermark(database_, source_, DossierCursor{start_, ""},
                             collectors::onegate::DecodeCursor);
}

PollOutcome OnegatePoller::Poll(std::stop_token stop) {
  PollOutcome outcome;
  try {
    DossierCursor cursor = LoadCursor();
    for (;;) {
      auto page = collector_->FetchPage(cursor, stop);
      if (!page.ok()) {
        RecordFetchFailure(outcome, page.failure());
        return outcome;
      }
      const auto& dossiers = page.value().dossiers;
      const auto& rejected = page.value().rejected;
      // The cursor only moves forward: a page that re-serves older records (the source
      // changed while we paged) must not send us back.
      const auto& next = page.value().last_cursor;
      const bool advances = next && std::tie(next->updated_at, next->after_code) >
                                        std::tie(cursor.updated_at, cursor.after_code);
      int stored = 0;
      database_.InTransaction([&](pqxx::work& tx) {
        stored = storage::UpsertDossiers(tx, dossiers);
        storage::QuarantineRecords(tx, source_, rejected);
        if (advances) storage::SaveWatermark(tx, source_, collectors::onegate::EncodeCursor(*next));
      });
      ++outcome.pages;
      outcome.records += stored;
      for (const auto& r : rejected) ++outcome.rejected[r.reason];
      if (advances) cursor = *next;
      if (!page.value().more) break;
      if (!advances) {
        // More pages announced but nothing to page from: asking again would loop forever.
        outcome.failure_reason = "parse";
        outcome.message = "page announces more records but gives no cursor past " +
                          collectors::onegate::EncodeCursor(cursor);
        return outcome;
      }
    }
    outcome.ok = true;
  } catch (const storage::StorageError& e) {
    outcome.failure_reason = "database";
    outcome.message = e.what();
  }
  return outcome;
}

}  // namespace egovkpi::app
