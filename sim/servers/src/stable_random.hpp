// Deterministic pseudo-randomness derived from record keys, for the choices a real upstream
// makes inconsistently (a code sent as "2" or 2, an optional field left out) and for fake
// personal data. Same key, same choices, on every platform: no std distributions.
#pragma once

#include <cstdint>
#include <string_view>

namespace egovkpi::sim {

// One step of splitmix64: advances `state` and returns the next 64 random-looking bits.
inline std::uint64_t SplitMix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a of `text`, mixed once more so that nearby keys give unrelated bits.
inline std::uint64_t StableHash(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return SplitMix64(h);
}

// Bit `n` (0..63) of `bits`.
inline bool Bit(std::uint64_t bits, int n) { return ((bits >> n) & 1U) != 0; }

}  // namespace egovkpi::sim
