// Writing documents of the document exchange system (egovkpi.document). Takes the caller's
// transaction: a page's documents, its quarantined records and the source's new watermark
// are committed together (page_store.hpp has the quarantine and watermark writers).
#pragma once

#include <pqxx/pqxx>
#include <span>

#include "egovkpi/collectors/edoc/document.hpp"

namespace egovkpi::storage {

// Upserts documents by (DocumentId, Direction, OrganId) keeping the version with the newest
// UpdatedAt; a version equal to or older than the stored one changes nothing, so a page read
// twice is stored once. Returns how many rows were inserted or replaced.
int UpsertDocuments(pqxx::work& tx, std::span<const collectors::edoc::Document> documents);

}  // namespace egovkpi::storage
