// Pure parsing of a LayDanhSachHoSo reply: bytes -> dossiers, rejected records and the
// paging state, or a typed error for the page as a whole. No I/O.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/onegate/dossier.hpp"
#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors::onegate {

struct DossierPage {
  std::vector<Dossier> dossiers;          // valid records, in the order served
  std::vector<RejectedRecord> rejected;   // invalid records, personal data removed
  bool more = false;                      // con_du_lieu
  // Position after the last record of the page whose (NgayCapNhat, MaHoSo) could be read,
  // valid or not; empty when the page had none.
  std::optional<DossierCursor> last_cursor;
};

// Parses the `result` array and `con_du_lieu` of an already-decoded reply object
// (error_code already checked by the LGSP client). Fails with kParse when `result` is not
// an array.
FetchResult<DossierPage> ParseDossierPage(const boost::json::object& reply);

// Convenience for tests and tools: decodes the JSON text first (kParse on invalid JSON).
FetchResult<DossierPage> ParseDossierPage(std::string_view json_text);

}  // namespace egovkpi::collectors::onegate
