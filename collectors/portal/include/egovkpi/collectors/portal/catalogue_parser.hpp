// Pure parsing of one page of each portal listing (LayDanhMucDonVi, LayDanhSachTTHC,
// LayDanhSachDichVuCong): bytes -> records, rejected records and the listing's total
// (`tong_so`), or a typed error for the page as a whole. No I/O, never throws.
//
// Validation (upstream-api.md section 2): units need MaDonVi and CapDonVi 1..3;
// procedures need MaTTHC; service rows need MaDonVi, MaTTHC, MucDo 2..4 and HieuLucTu
// (yyyyMMdd), and a HieuLucDen that is given must be a yyyyMMdd day not before HieuLucTu.
// Absent booleans (CoPhiLePhi, TiepNhanBCCI, TraKetQuaBCCI) are false; a boolean that is
// present but not one is a bad_code. A failing record is rejected with the first problem
// as its reason and all of them in the detail; the rest of the page is kept.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/portal/catalogue.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors::portal {

inline constexpr std::string_view kUnitService = "LayDanhMucDonVi";
inline constexpr std::string_view kProcedureService = "LayDanhSachTTHC";
inline constexpr std::string_view kServiceRowService = "LayDanhSachDichVuCong";

template <typename Record, typename Key>
struct CataloguePage {
  std::vector<Record> records;           // valid records, in the order served
  std::vector<RejectedRecord> rejected;  // invalid records; details start with the service
  // The keys that could be read from rejected records, one per such record (a service
  // row's key needs MaDonVi, MaTTHC and a valid HieuLucTu). A listed record is not a
  // withdrawn one, even when it is invalid.
  std::vector<Key> rejected_keys;
  std::int64_t total = 0;  // tong_so: records in the whole listing, all pages together
};

using UnitPage = CataloguePage<CatalogueUnit, std::string>;
using ProcedurePage = CataloguePage<CatalogueProcedure, std::string>;
using ServiceRowPage = CataloguePage<ServiceRow, ServiceRowKey>;

// Each parses the `result` array and `tong_so` of an already-decoded reply object (the
// LGSP client has checked error_code). Fails with kParse when `result` is not an array or
// `tong_so` is not a non-negative integer (as a number or a string of digits).
FetchResult<UnitPage> ParseUnitPage(const boost::json::object& reply);
FetchResult<ProcedurePage> ParseProcedurePage(const boost::json::object& reply);
FetchResult<ServiceRowPage> ParseServiceRowPage(const boost::json::object& reply);

// Convenience for tests and tools: decode the JSON text first (kParse on invalid JSON).
FetchResult<UnitPage> ParseUnitPage(std::string_view json_text);
FetchResult<ProcedurePage> ParseProcedurePage(std::string_view json_text);
FetchResult<ServiceRowPage> ParseServiceRowPage(std::string_view json_text);

}  // namespace egovkpi::collectors::portal
