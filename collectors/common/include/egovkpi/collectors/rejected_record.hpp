// A record that failed validation. It is quarantined (stored with its reason) and counted;
// the rest of its page is kept.
#pragma once

#include <string>
#include <string_view>

namespace egovkpi::collectors {

// The reasons a record is rejected for: the `reason` label of
// egovkpi_source_rejected_records_total, whose series exist from start-up.
inline constexpr std::string_view kRejectReasons[] = {
    "not_an_object", "missing_field", "bad_date", "bad_code", "unknown_status"};

struct RejectedRecord {
  // One of kRejectReasons.
  std::string reason;
  // Human-readable detail, e.g. "NgayTiepNhan: '2021-13-45' is not yyyyMMddHHmmss".
  std::string detail;
  // The record's key when it has one (e.g. its MaHoSo), else empty.
  std::string key;
  // The record as JSON text with the applicant's personal fields removed.
  std::string payload;
};

}  // namespace egovkpi::collectors
