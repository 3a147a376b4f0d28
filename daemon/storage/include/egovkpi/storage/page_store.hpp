// Writing what a poll fetched. Every function takes the caller's transaction: a page's
// records, its quarantined records and the source's new watermark are committed together,
// so a crash at any point neither loses nor double counts anything.
#pragma once

#include <optional>
#include <span>
#include <string>

#include <pqxx/pqxx>

#include "egovkpi/collectors/onegate/dossier.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::storage {

// The stored watermark of `source` ("onegate", ...), or nothing before the first page.
std::optional<std::string> LoadWatermark(pqxx::transaction_base& tx, const std::string& source);
void SaveWatermark(pqxx::work& tx, const std::string& source, const std::string& watermark);

// Upserts dossiers by MaHoSo keeping the version with the newest NgayCapNhat; a version
// equal to or older than the stored one changes nothing. Returns how many rows were
// inserted or replaced.
int UpsertDossiers(pqxx::work& tx, std::span<const collectors::onegate::Dossier> dossiers);

// Stores rejected records with their reason in egovkpi.quarantine; a record already
// quarantined (same source, reason, key and payload) is not stored again.
void QuarantineRecords(pqxx::work& tx, const std::string& source,
                       std::span<const collectors::RejectedRecord> rejected);

}  // namespace egovkpi::storage
