// A VNPost BCCI tracking event as egovkpi keeps it: only the fields the KPIs need. The
// contract's events carry no personal data; VNPost's own order records do (sender and
// receiver names, addresses, phones), so the parser keeps nothing it does not know.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "egovkpi/collectors/local_time.hpp"

namespace egovkpi::collectors::postal {

// ServiceType: which way the item carries the dossier.
enum class ServiceType {
  kReceipt,  // NHAN_HO_SO: collected from the applicant, carried to the one-stop desk
  kReturn,   // TRA_KET_QUA: the result carried to the applicant
};

// "NHAN_HO_SO" / "TRA_KET_QUA": the contract's words, also the stored text.
std::string_view ToString(ServiceType type);
// Exactly one of the contract's words (case-sensitive); anything else is nothing.
std::optional<ServiceType> ParseServiceType(std::string_view text);

// StatusCode table: 1 order created, 2 picked up, 3 in transit, 4 delivered, 5 delivery
// failed, 6 returned to sender, 7 cancelled.
inline constexpr int kMinStatus = 1;
inline constexpr int kMaxStatus = 7;
// An item whose current status is cancelled counts for no KPI (kpi.md).
inline constexpr int kStatusCancelled = 7;

struct PostalEvent {
  std::int64_t id = 0;                               // Id, strictly increasing over the whole feed
  std::string item_code;                             // ItemCode, e.g. EB123456789VN
  std::string order_number;                          // OrderNumber = the dossier's MaHoSo
  ServiceType service_type = ServiceType::kReceipt;  // ServiceType
  std::optional<std::string> unit_code;              // UnitCode (MaDonVi of the one-stop desk)
  int status = kMinStatus;                           // StatusCode 1..7
  TimePoint event_time;                              // EventTime, as a UTC instant

  bool operator==(const PostalEvent&) const = default;
};

// Watermark text stored in egovkpi.source_watermark: the lastId in decimal.
std::string EncodeLastId(std::int64_t last_id);
// A decimal of digits only, >= 0, fitting in int64; anything else is nothing.
std::optional<std::int64_t> DecodeLastId(std::string_view text);

}  // namespace egovkpi::collectors::postal
