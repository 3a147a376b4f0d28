#include "egovkpi/collectors/postal/postal_collector.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace egovkpi::collectors::postal {

namespace {
constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 1000;  // the contract's bound for limit
}  // namespace

PostalCollector::PostalCollector(VnpostOptions options, int page_size)
    : client_(std::move(options)), page_size_(page_size) {
  if (page_size < kMinPageSize || page_size > kMaxPageSize) {
    throw std::invalid_argument("page size " + std::to_string(page_size) + " is outside 1..1000");
  }
}

FetchResult<TrackingPage> PostalCollector::FetchPage(std::int64_t last_id, std::stop_token stop) {
  // Both values are plain decimals: nothing to percent-encode.
  const std::string target =
      "/bcci/tracking?lastId=" + std::to_string(last_id) + "&limit=" + std::to_string(page_size_);
  FetchResult<boost::json::object> reply = client_.Get(target, std::move(stop));
  if (!reply.ok()) return reply.failure();
  return ParseTrackingPage(reply.value());
}

}  // namespace egovkpi::collectors::postal
