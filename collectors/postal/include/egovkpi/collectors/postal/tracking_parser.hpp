// Pure parsing of a VNPost tracking reply (GET /bcci/tracking): bytes -> events, rejected
// records and the next lastId, or a typed error for the reply as a whole. No I/O.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/postal/postal_event.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors::postal {

struct TrackingPage {
  std::vector<PostalEvent> events;  // valid events, in the order served
  // Invalid events. The key is the event's Id when readable, else its ItemCode, else
  // empty; the payload keeps only the contract's event fields (anything else VNPost might
  // add, such as a receiver's name or address, is dropped).
  std::vector<RejectedRecord> rejected;
  std::size_t items = 0;  // elements of `items`, valid or not; 0: caught up
  // Where the next call starts: the reply's lastId, raised to the highest Id readable in
  // any element (valid or not) should the reply's be lower. A record without a readable Id
  // cannot move it; the reply's lastId covers it.
  std::int64_t last_id = 0;
};

// Parses `items` and `lastId` of an already-decoded reply object. Fails with kParse when
// `items` is not an array or `lastId` is not an integer >= 0.
FetchResult<TrackingPage> ParseTrackingPage(const boost::json::object& reply);

// Convenience for tests and tools: decodes the JSON text first (kParse on invalid JSON).
FetchResult<TrackingPage> ParseTrackingPage(std::string_view json_text);

}  // namespace egovkpi::collectors::postal
