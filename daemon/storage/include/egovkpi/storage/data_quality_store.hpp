// Counting the data-quality findings of the view egovkpi.data_quality_finding (migration
// 006_data_quality.sql defines each check precisely).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace egovkpi::storage {

// The fixed check ids: the values of the view's "check" column and of the metric label
// egovkpi_data_quality_findings{check}.
inline constexpr std::array<std::string_view, 6> kDataQualityChecks{
    "unknown_unit",
    "online_with_postal_receipt",
    "bcci_return_without_postal_item",
    "postal_return_without_bcci_flag",
    "no_service_pair",
    "dates_out_of_order",
};

// Number of findings per check, read in the caller's transaction (one statement). Every id
// of kDataQualityChecks is present, with 0 when it has no finding. Throws pqxx exceptions as
// any statement does (the caller's InTransaction turns them into StorageError).
std::map<std::string, std::int64_t> CountDataQualityFindings(pqxx::transaction_base& tx);

}  // namespace egovkpi::storage
