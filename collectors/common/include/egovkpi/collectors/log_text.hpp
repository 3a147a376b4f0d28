// Upstream text that ends up in logs and messages (error messages, offending values) is
// bounded: an upstream must not be able to flood our logs.
#pragma once

#include <cstddef>
#include <string>

namespace egovkpi::collectors {

// Cuts `text` to at most `max_bytes` (plus "...") on a UTF-8 character boundary, so a
// Vietnamese message stays valid text.
inline std::string Abbreviate(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  text.resize(cut);
  text += "...";
  return text;
}

}  // namespace egovkpi::collectors
