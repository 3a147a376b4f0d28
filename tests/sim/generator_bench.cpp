// Not a test: measures GenerateProvince. Prints the record counts, the seconds it took and
// the process's peak resident set size (getrusage).
//
//   sim_generator_bench [scale] [seed]      e.g. sim_generator_bench 20
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "egovkpi/sim/generator.hpp"

int main(int argc, char** argv) {
  egovkpi::sim::GeneratorOptions options;
  if (argc > 1) options.scale = std::strtod(argv[1], nullptr);
  if (argc > 2) options.seed = std::strtoull(argv[2], nullptr, 10);

  const auto start = std::chrono::steady_clock::now();
  const egovkpi::sim::Province province = egovkpi::sim::GenerateProvince(options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("scale %.3g seed %llu\n", options.scale,
              static_cast<unsigned long long>(options.seed));
  std::printf("units %zu procedures %zu service_rows %zu\n", province.units.size(),
              province.procedures.size(), province.service_rows.size());
  std::printf("dossiers %zu postal_items %zu postal_events %zu documents %zu\n",
              province.dossiers.size(), province.postal_items.size(), province.postal_events.size(),
              province.documents.size());
  std::printf("seconds %.2f peak_rss_mib %.1f\n", elapsed.count(),
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
