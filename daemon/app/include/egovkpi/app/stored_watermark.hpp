// Reading a source's stored watermark back into the poller's own type.
#pragma once

#include <string>
#include <utility>

#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/page_store.hpp"

namespace egovkpi::app {

// The watermark of `source` decoded by `decode` (text -> std::optional<T>), or `initial`
// before the first page was stored. An unreadable stored watermark is a StorageError: the
// poll fails rather than start over from the beginning.
template <typename T, typename Decode>
T LoadStoredWatermark(storage::Database& database, const std::string& source, T initial,
                      Decode decode) {
  T watermark = std::move(initial);
  database.InTransaction([&](pqxx::work& tx) {
    if (auto stored = storage::LoadWatermark(tx, source)) {
      auto decoded = decode(*stored);
      if (!decoded) {
        throw storage::StorageError("stored " + source + " watermark '" + *stored +
                                    "' is unreadable");
      }
      watermark = std::move(*decoded);
    }
  });
  return watermark;
}

}  // namespace egovkpi::app
