#include "egovkpi/collectors/edoc/edoc_collector.hpp"

#include <stdexcept>
#include <utility>

namespace egovkpi::collectors::edoc {
namespace {

constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 1000;  // the contract's bound for limit
constexpr std::string_view kEdocsPath = "/api/v1/edocs";

// Percent-encodes everything but RFC 3986's unreserved characters: the cursor is opaque
// and may hold anything, and a time's ':' is safest escaped too.
std::string QueryValue(std::string_view value) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

}  // namespace

EdocCollector::EdocCollector(EdocOptions options, int page_size)
    : client_(std::move(options)), page_size_(page_size) {
  if (page_size < kMinPageSize || page_size > kMaxPageSize) {
    throw std::invalid_argument("page size " + std::to_string(page_size) + " is outside 1..1000");
  }
}

FetchResult<DocumentPage> EdocCollector::FetchFirst(TimePoint updated_since, std::stop_token stop) {
  return FetchPage("updatedSince=" + QueryValue(FormatRfc3339Utc(updated_since)), std::move(stop));
}

FetchResult<DocumentPage> EdocCollector::FetchNext(const std::string& cursor,
                                                   std::stop_token stop) {
  return FetchPage("cursor=" + QueryValue(cursor), std::move(stop));
}

FetchResult<DocumentPage> EdocCollector::FetchPage(const std::string& query, std::stop_token stop) {
  const std::string path =
      std::string(kEdocsPath) + "?" + query + "&limit=" + std::to_string(page_size_);
  FetchResult<boost::json::object> reply = client_.GetJson(path, std::move(stop));
  if (!reply.ok()) return reply.failure();
  return ParseDocumentPage(reply.value());
}

}  // namespace egovkpi::collectors::edoc
