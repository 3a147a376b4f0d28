#include "egovkpi/storage/data_quality_store.hpp"

namespace egovkpi::storage {

std::map<std::string, std::int64_t> CountDataQualityFindings(pqxx::transaction_base& tx) {
  std::map<std::string, std::int64_t> counts;
  for (const auto check : kDataQualityChecks) counts.emplace(std::string(check), 0);
  const auto rows =
      tx.exec(R"(SELECT check_id, count(*) FROM egovkpi.data_quality_finding GROUP BY check_id)");
  for (const auto& row : rows) {
    // A check the view gained but this list lacks is still counted: the view is the truth.
    counts[row[0].as<std::string>()] = row[1].as<std::int64_t>();
  }
  return counts;
}

}  // namespace egovkpi::storage
