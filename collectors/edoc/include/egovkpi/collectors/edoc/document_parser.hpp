// Pure parsing of a GET /api/v1/edocs reply: bytes -> documents, rejected records and the
// paging state, or a typed error for the page as a whole. No I/O; never throws.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/edoc/document.hpp"
#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors::edoc {

// Longest nextCursor accepted: it goes back into a URL, so an upstream cannot make us send
// requests of any size.
inline constexpr std::size_t kMaxCursorBytes = 8192;

struct DocumentPage {
  std::vector<Document> documents;       // valid records, in the order served
  std::vector<RejectedRecord> rejected;  // invalid records (signers' names removed)
  // nextCursor; nullopt when it is null, "" or absent: the last page.
  std::optional<std::string> next_cursor;
  // The greatest UpdatedAt among `documents` (valid records only: a rejected record moves
  // no watermark); nullopt when the page has none.
  std::optional<TimePoint> newest_updated_at;
};

// Parses `data` and `nextCursor` of an already-decoded reply object. Fails with kParse when
// `data` is not an array or `nextCursor` is neither a string nor null (or is over
// kMaxCursorBytes).
FetchResult<DocumentPage> ParseDocumentPage(const boost::json::object& reply);

// Convenience for tests and tools: decodes the JSON text first (kParse on invalid JSON).
FetchResult<DocumentPage> ParseDocumentPage(std::string_view json_text);

}  // namespace egovkpi::collectors::edoc
