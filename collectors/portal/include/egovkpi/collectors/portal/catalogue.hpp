// The public-service portal's catalogue (upstream-api.md section 2) as egovkpi keeps it:
// the units, the procedures, and the service rows saying which unit offers which procedure
// at which online level, with which BCCI options, over which days. Only the fields the
// KPIs, their scopes and the catalogue tables need; the portal holds no personal data.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors::portal {

// A local calendar day as the portal writes it (yyyyMMdd): a date, not an instant. The
// KPIs turn it into local-day bounds themselves (kpi.md: validity runs from the start of
// HieuLucTu to the end of HieuLucDen, local time).
using LocalDate = std::chrono::year_month_day;

// Strict "yyyyMMdd" (8 ASCII digits, a real day of years 0001..9999).
std::optional<LocalDate> ParseCompactDate(std::string_view text);
std::string FormatCompactDate(LocalDate date);

// LayDanhMucDonVi. Optional text is "" when absent.
struct CatalogueUnit {
  std::string code;         // MaDonVi, required
  std::string name;         // TenDonVi
  int level = 0;            // CapDonVi, required: 1 province, 2 district, 3 commune level
  std::string parent_code;  // MaDonViCha: a commune's district unit, else the province

  bool operator==(const CatalogueUnit&) const = default;
};

// LayDanhSachTTHC. Optional text is "" when absent.
struct CatalogueProcedure {
  std::string code;        // MaTTHC, required
  std::string name;        // TenTTHC
  std::string field_code;  // MaLinhVuc
  std::string field_name;  // TenLinhVuc
  bool has_fee = false;    // CoPhiLePhi (absent = false)

  bool operator==(const CatalogueProcedure&) const = default;
};

// What identifies a service row: one unit-procedure pair can have several rows with
// non-overlapping validity (an upgrade from level 2 to 3 in July gives two rows).
struct ServiceRowKey {
  std::string unit_code;       // MaDonVi
  std::string procedure_code;  // MaTTHC
  LocalDate valid_from{};      // HieuLucTu

  bool operator==(const ServiceRowKey&) const = default;
  std::strong_ordering operator<=>(const ServiceRowKey&) const = default;
};

// LayDanhSachDichVuCong.
struct ServiceRow {
  std::string unit_code;              // MaDonVi, required
  std::string procedure_code;         // MaTTHC, required
  LocalDate valid_from{};             // HieuLucTu, required: first day (inclusive)
  std::optional<LocalDate> valid_to;  // HieuLucDen: last day (inclusive); absent = open
  int level = 0;                      // MucDo, required: 2 information, 3 submit, 4 pay online
  bool bcci_receive = false;          // TiepNhanBCCI (absent = false)
  bool bcci_return = false;           // TraKetQuaBCCI (absent = false)

  [[nodiscard]] ServiceRowKey Key() const { return {unit_code, procedure_code, valid_from}; }
  bool operator==(const ServiceRow&) const = default;
};

// A complete snapshot: every page of the three listings was read and each listing's count
// added up. Records are distinct by key (when the portal served one twice, the copy read
// last is kept), in the order first served. Whatever a complete snapshot does not list
// has been withdrawn from the portal.
struct CatalogueSnapshot {
  std::vector<CatalogueUnit> units;
  std::vector<CatalogueProcedure> procedures;
  std::vector<ServiceRow> service_rows;

  // Keys of records the portal listed but that failed validation (and are quarantined):
  // listed means not withdrawn, so storage leaves what it has for them as it is. None of
  // them is also the key of a valid record above.
  std::vector<std::string> rejected_unit_codes;
  std::vector<std::string> rejected_procedure_codes;
  std::vector<ServiceRowKey> rejected_service_row_keys;

  // Every rejected record of the three listings (details name the service).
  std::vector<RejectedRecord> rejected;

  // Pages read to get it, re-reads of a listing that changed while paged included.
  int pages = 0;
};

}  // namespace egovkpi::collectors::portal
