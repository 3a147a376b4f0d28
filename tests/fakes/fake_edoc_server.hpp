// A fake of the document management and exchange system serving GET /api/v1/edocs exactly
// as shared/spec/upstream-api.md section 4 describes it, over an in-memory set of documents
// (JSON objects) kept sorted by (UpdatedAt, DocumentId, Direction, OrganId):
//   - X-API-Key must be the configured key, else HTTP 401;
//   - `limit` 1..1000 and exactly one of `updatedSince` (RFC 3339 UTC, "...Z", inclusive)
//     or `cursor` (opaque, from a previous reply), else HTTP 400;
//   - the reply is {"data": [...], "nextCursor": "<opaque>" | null}; nextCursor is null
//     exactly when no document follows the page.
// The cursor holds the last item's sort key, so paging stays exact across any number of
// documents with equal UpdatedAt, and a document changed while a client pages moves to its
// new place (as a real feed does). UpdatedAt values are compared as text: give them all as
// "YYYY-MM-DDTHH:MM:SSZ". A queue of scripted faults (HTTP status with Retry-After, delay,
// cut body, truncated JSON, garbage, oversize body, a given body, extra records) is applied
// to the next requests.
//
// Threading: every method may be called from any thread while the server runs.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "egovkpi/sim/http_server.hpp"

namespace egovkpi::fakes {

struct FakeEdocOptions {
  std::string api_key = "edoc-test-key-7f3a";
};

// One scripted fault, consumed by the next request.
struct EdocFault {
  // Non-zero: answer with this HTTP status (and a small JSON body); nothing else happens.
  int http_status = 0;
  std::optional<int> retry_after_seconds;  // sent as Retry-After along with http_status
  // HTTP 200 with exactly this body (a reply the paging logic would not give).
  std::optional<std::string> body;
  // HTTP 200 with a complete body that is JSON cut short.
  bool truncated_json = false;
  // HTTP 200 with an HTML error page from a proxy.
  bool garbage = false;
  // Non-zero: HTTP 200 with a valid JSON body padded to at least this many bytes.
  std::size_t oversize_bytes = 0;
  // The normal reply, delivered late...
  std::chrono::milliseconds delay{0};
  // ...or with the connection closed after half of its body...
  bool cut_body = false;
  // ...and with these values served before the page's documents (invalid records, repeated
  // older versions).
  std::vector<boost::json::value> extra_records;

  static EdocFault HttpStatus(int status, std::optional<int> retry_after = std::nullopt) {
    EdocFault f;
    f.http_status = status;
    f.retry_after_seconds = retry_after;
    return f;
  }
  static EdocFault Body(std::string text) {
    EdocFault f;
    f.body = std::move(text);
    return f;
  }
  static EdocFault TruncatedJson() {
    EdocFault f;
    f.truncated_json = true;
    return f;
  }
  static EdocFault Garbage() {
    EdocFault f;
    f.garbage = true;
    return f;
  }
  static EdocFault Oversize(std::size_t bytes) {
    EdocFault f;
    f.oversize_bytes = bytes;
    return f;
  }
  static EdocFault Delay(std::chrono::milliseconds delay) {
    EdocFault f;
    f.delay = delay;
    return f;
  }
  static EdocFault CutBody() {
    EdocFault f;
    f.cut_body = true;
    return f;
  }
  static EdocFault ExtraRecords(std::vector<boost::json::value> records) {
    EdocFault f;
    f.extra_records = std::move(records);
    return f;
  }
};

struct FakeEdocStats {
  int requests = 0;       // every request, faulted or not
  int unauthorized = 0;   // HTTP 401 replies
  int bad_requests = 0;   // HTTP 400 replies
  int pages_served = 0;   // successful page replies
  int faults_served = 0;  // scripted faults consumed
};

class FakeEdocServer {
 public:
  explicit FakeEdocServer(FakeEdocOptions options = {});
  ~FakeEdocServer();
  FakeEdocServer(const FakeEdocServer&) = delete;
  FakeEdocServer& operator=(const FakeEdocServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:<port>"
  [[nodiscard]] const FakeEdocOptions& options() const { return options_; }

  // Replaces all documents. DocumentId, Direction, OrganId and UpdatedAt are read as
  // strings (a record lacking one sorts with "" in its place; every record is kept, even with
  // a duplicate key).
  void SetDocuments(std::vector<boost::json::object> documents);
  // Adds a document, replacing every one with the same (DocumentId, Direction, OrganId): a
  // changed document.
  void UpsertDocument(boost::json::object document);
  [[nodiscard]] std::size_t document_count() const;

  // Appends a fault to the queue; each request consumes the front fault.
  void PushFault(EdocFault fault);
  [[nodiscard]] std::size_t pending_faults() const;

  [[nodiscard]] FakeEdocStats stats() const;
  // The decoded query parameters of every request to the edocs path that carried the right
  // key and a well-formed query string (valid parameters or not), oldest first.
  [[nodiscard]] std::vector<std::map<std::string, std::string>> queries() const;

 private:
  // (UpdatedAt, DocumentId, Direction, OrganId)
  using SortKey = std::tuple<std::string, std::string, std::string, std::string>;

  sim::SimReply Handle(const sim::SimRequest& request);
  sim::SimReply Page(const SortKey& from, bool inclusive, std::size_t limit,
                     const std::vector<boost::json::value>& extra);

  const FakeEdocOptions options_;
  mutable std::mutex mutex_;
  std::multimap<SortKey, boost::json::object> documents_;
  std::deque<EdocFault> faults_;
  FakeEdocStats stats_;
  std::vector<std::map<std::string, std::string>> queries_;
  // Last member: it stops (joining its thread) before the state above goes away.
  sim::SimHttpServer server_;
};

}  // namespace egovkpi::fakes
