// Builds a realistic province deterministically from a seed: Gia Lai in the plan year, its
// 17 district-level units by their real names, about 220 communes, about 20 departments
// and the provincial service centre, about 2,000 procedures, several thousand service
// pairs, about 150,000 dossiers, their postal items and a few hundred thousand documents
// (all volumes multiplied by `scale`).
#pragma once

#include <cstdint>

#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim {

struct GeneratorOptions {
  std::uint64_t seed = 2021;
  double scale = 1.0;  // multiplies dossiers, postal items and documents
  int year = 2021;
};

// Same options, same province, byte for byte.
Province GenerateProvince(const GeneratorOptions& options);

}  // namespace egovkpi::sim
