// Writing a complete portal catalogue snapshot (collectors::portal::CatalogueSnapshot) to
// egovkpi.unit, egovkpi.procedure and egovkpi.service_pair, in the caller's transaction
// (the poller commits it together with the quarantine and the source's watermark).
//
// Rows are never deleted: the KPIs follow the service rows' validity dates, which keep
// governing the periods they covered after the portal stops listing a row.
#pragma once

#include <chrono>
#include <pqxx/pqxx>

#include "egovkpi/collectors/portal/catalogue.hpp"

namespace egovkpi::storage {

struct CatalogueTableChanges {
  int inserted = 0;   // records stored for the first time
  int updated = 0;    // stored records whose data changed or that were listed again after
                      // a withdrawal
  int withdrawn = 0;  // stored records the snapshot no longer lists, newly marked withdrawn

  bool operator==(const CatalogueTableChanges&) const = default;
};

struct CatalogueChanges {
  CatalogueTableChanges units;
  CatalogueTableChanges procedures;
  CatalogueTableChanges service_rows;

  [[nodiscard]] int inserted() const {
    return units.inserted + procedures.inserted + service_rows.inserted;
  }
  [[nodiscard]] int updated() const {
    return units.updated + procedures.updated + service_rows.updated;
  }
  [[nodiscard]] int withdrawn() const {
    return units.withdrawn + procedures.withdrawn + service_rows.withdrawn;
  }
};

// Makes the three tables follow `snapshot`, which must be complete (every page read: a
// partial snapshot would withdraw what it failed to read). For each record, by key (unit
// code, procedure code, service row (unit, procedure, HieuLucTu)):
//  - listed and valid: inserted, or its data replaced; last_seen_at = seen_at and
//    withdrawn_at cleared (a reappearing record is no longer withdrawn); first_seen_at is
//    set once, on insert;
//  - listed but rejected (the snapshot's rejected_* keys): left exactly as stored;
//  - stored but not listed: withdrawn_at = seen_at unless already set; nothing else
//    changes, its validity dates included.
// A key listed twice keeps its last copy. Applying the same snapshot again changes no data
// (only last_seen_at) and returns all zeros. Throws pqxx errors on database failure (the
// caller's Database::InTransaction rolls back).
CatalogueChanges ApplyCatalogueSnapshot(pqxx::work& tx,
                                        const collectors::portal::CatalogueSnapshot& snapshot,
                                        std::chrono::system_clock::time_point seen_at);

}  // namespace egovkpi::storage
