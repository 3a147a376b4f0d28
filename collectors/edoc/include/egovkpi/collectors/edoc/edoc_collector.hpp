// Fetches pages of changed documents from the document exchange system
// (GET /api/v1/edocs). A poll asks for the first page by time (updatedSince, inclusive) and
// follows nextCursor until it is null. The caller (the daemon's poller) owns the watermark
// and stores each page with it in one transaction; cursors are never stored.
#pragma once

#include <stop_token>
#include <string>

#include "egovkpi/collectors/edoc/document_parser.hpp"
#include "egovkpi/collectors/edoc/edoc_client.hpp"

namespace egovkpi::collectors::edoc {

class EdocCollector {
 public:
  // `page_size` is the contract's `limit`, 1..1000 (std::invalid_argument otherwise).
  EdocCollector(EdocOptions options, int page_size);

  // The first page of documents with UpdatedAt >= `updated_since`.
  FetchResult<DocumentPage> FetchFirst(TimePoint updated_since, std::stop_token stop);
  // The page after `cursor` (a previous page's next_cursor).
  FetchResult<DocumentPage> FetchNext(const std::string& cursor, std::stop_token stop);

 private:
  FetchResult<DocumentPage> FetchPage(const std::string& query, std::stop_token stop);

  EdocClient client_;
  int page_size_;
};

}  // namespace egovkpi::collectors::edoc
