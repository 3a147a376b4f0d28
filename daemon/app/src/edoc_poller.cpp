#include "egovkpi/app/edoc_poller.hpp"

#include <optional>
#include <utility>

#include "egovkpi/app/stored_watermark.hpp"
#include "egovkpi/storage/document_store.hpp"
#include "egovkpi/storage/page_store.hpp"

namespace egovkpi::app {

using collectors::TimePoint;
using collectors::edoc::DocumentPage;

EdocPoller::EdocPoller(std::unique_ptr<collectors::edoc::EdocCollector> collector,
                       storage::Database database, TimePoint start)
    : collector_(std::move(collector)), database_(std::move(database)), start_(start) {}

TimePoint EdocPoller::LoadWatermark() {
  return LoadStoredWatermark(database_, source_, start_, collectors::ParseIso8601);
}

PollOutcome EdocPoller::Poll(std::stop_token stop) {
  PollOutcome outcome;
  try {
    TimePoint watermark = LoadWatermark();
    collectors::FetchResult<DocumentPage> page = collector_->FetchFirst(watermark, stop);
    std::optional<std::string> cursor;  // the cursor `page` was fetched with
    for (;;) {
      if (!page.ok()) {
        RecordFetchFailure(outcome, page.failure());
        return outcome;
      }
      const DocumentPage& documents = page.value();
      // The watermark only moves forward: a page that re-serves older documents (a
      // duplicate, a re-read) must not send the next poll back.
      const bool advances = documents.newest_updated_at && *documents.newest_updated_at > watermark;
      int stored = 0;
      database_.InTransaction([&](pqxx::work& tx) {
        stored = storage::UpsertDocuments(tx, documents.documents);
        storage::QuarantineRecords(tx, source_, documents.rejected);
        if (advances) {
          storage::SaveWatermark(tx, source_,
                                 collectors::edoc::FormatRfc3339Utc(*documents.newest_updated_at));
        }
      });
      ++outcome.pages;
      outcome.records += stored;
      for (const auto& r : documents.rejected) ++outcome.rejected[r.reason];
      if (advances) watermark = *documents.newest_updated_at;

      if (!documents.next_cursor) break;
      if (documents.next_cursor == cursor) {
        // The same cursor again would serve the same page forever.
        outcome.failure_reason = "parse";
        outcome.message = "edocs reply gives back the cursor it was asked for: paging loops";
        return outcome;
      }
      cursor = documents.next_cursor;
      page = collector_->FetchNext(*cursor, stop);
    }
    outcome.ok = true;
  } catch (const storage::StorageError& e) {
    outcome.failure_reason = "database";
    outcome.message = e.what();
  }
  return outcome;
}

}  // namespace egovkpi::app
