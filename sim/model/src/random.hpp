// The generator's randomness: splitmix64 and a few integer-only helpers on top of it.
// The std distributions are not used on purpose: their output differs between standard
// libraries, and "same seed, same province, byte for byte" must hold everywhere. Everything
// here is integer arithmetic, so it is also the same at every optimisation level.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace egovkpi::sim::gen {

inline constexpr std::uint64_t kMillion = 1000000;  // probabilities are in ppm

inline std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// What a stream of random numbers is for. Each record of each phase draws from its own
// stream (seed, purpose, index), so drawing more in one place never shifts another.
enum class Purpose : std::uint64_t {
  kUnitProfiles = 1,
  kProcedures,
  kUnitOffers,
  kServicePairs,
  kDossierPlans,
  kDossierSpecials,
  kPostal,
  kOrphanItems,
  kDocumentPlans,
  kDocumentRecords,
};

inline std::uint64_t StreamSeed(std::uint64_t seed, Purpose purpose, std::uint64_t index) {
  const auto p = static_cast<std::uint64_t>(purpose);
  return SplitMix(SplitMix(seed ^ (p * 0xd1342543de82ef95ULL)) ^ (index * 0x9e3779b97f4a7c15ULL));
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  Rng(std::uint64_t seed, Purpose purpose, std::uint64_t index)
      : state_(StreamSeed(seed, purpose, index)) {}

  std::uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); 0 when n is 0. The modulo bias (below n / 2^64) does not matter here.
  std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }

  // Uniform in [lo, hi], both inclusive; lo <= hi.
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  std::uint32_t Between32(std::uint32_t lo, std::uint32_t hi) {
    return lo + static_cast<std::uint32_t>(Below(std::uint64_t{hi - lo} + 1));
  }

  // A duration uniform in [lo, hi] seconds.
  std::chrono::seconds Seconds(std::int64_t lo, std::int64_t hi) {
    return std::chrono::seconds(Between(lo, hi));
  }

  // True with probability ppm / 1,000,000.
  bool Chance(std::uint64_t ppm) { return Below(kMillion) < ppm; }

 private:
  std::uint64_t state_;
};

// Picks an index with probability proportional to its weight (weight 0: never).
class WeightedPicker {
 public:
  void Reserve(std::size_t n) { cumulative_.reserve(n); }
  void Add(std::uint64_t weight) {
    total_ += weight;
    cumulative_.push_back(total_);
  }
  [[nodiscard]] bool Empty() const { return total_ == 0; }
  [[nodiscard]] std::size_t Size() const { return cumulative_.size(); }
  std::size_t Pick(Rng& rng) const {
    const std::uint64_t x = rng.Below(total_);
    return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                                    cumulative_.begin());
  }

 private:
  std::vector<std::uint64_t> cumulative_;
  std::uint64_t total_ = 0;
};

}  // namespace egovkpi::sim::gen
