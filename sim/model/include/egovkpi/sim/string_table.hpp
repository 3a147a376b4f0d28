// StringTable: many short texts in one character buffer, each named by a 32-bit index.
//
// A std::vector<std::string> of 20-character codes costs a 32-byte string and a heap block
// per entry; here an entry costs its characters and a 4-byte end offset. Entries are never
// changed or removed. Not thread-safe for writing; concurrent reads of a table nobody writes
// are fine. Views returned by operator[] stay valid until the next Add or Reserve.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace egovkpi::sim {

class StringTable {
 public:
  using Index = std::uint32_t;

  // Appends `text` and returns its index (0, 1, 2, ...). An equal text already in the table
  // gets a new entry. Throws std::length_error past 4 GiB of characters or 2^32 entries.
  Index Add(std::string_view text);

  // The text of entry `index` (< size()).
  [[nodiscard]] std::string_view operator[](Index index) const {
    const std::uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(chars_).substr(begin, ends_[index] - begin);
  }

  // The same, checked: throws std::out_of_range when `index` >= size().
  [[nodiscard]] std::string_view at(Index index) const;

  [[nodiscard]] std::size_t size() const { return ends_.size(); }
  [[nodiscard]] bool empty() const { return ends_.empty(); }

  // Room for `entries` more entries of `characters` characters in all.
  void Reserve(std::size_t entries, std::size_t characters);

 private:
  std::string chars_;                // every entry's characters, one after the other
  std::vector<std::uint32_t> ends_;  // entry i is chars_[ends_[i - 1], ends_[i])
};

}  // namespace egovkpi::sim
