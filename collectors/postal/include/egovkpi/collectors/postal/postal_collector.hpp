// Fetches pages of VNPost BCCI tracking events (GET /bcci/tracking?lastId=&limit=) through
// the VNPost client. The caller (the daemon's poller) owns the lastId and stores each page
// with its new lastId in one transaction.
#pragma once

#include <cstdint>
#include <stop_token>

#include "egovkpi/collectors/postal/tracking_parser.hpp"
#include "egovkpi/collectors/postal/vnpost_client.hpp"

namespace egovkpi::collectors::postal {

class PostalCollector {
 public:
  // Throws std::invalid_argument when `page_size` (limit) is outside 1..1000 or the base
  // URL is refused by HttpClient.
  PostalCollector(VnpostOptions options, int page_size);

  // One page of events with Id > `last_id` (`last_id` >= 0; 0 reads from the beginning).
  FetchResult<TrackingPage> FetchPage(std::int64_t last_id, std::stop_token stop);

 private:
  VnpostClient client_;
  int page_size_;
};

}  // namespace egovkpi::collectors::postal
