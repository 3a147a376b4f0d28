// A document of the document management and exchange system (its EDXML header) as egovkpi
// keeps it: only the fields the KPIs need (signed_edocs, edocs_processed_online) plus the
// document's type and date of issue. The signers' names and the peers' codes are not kept.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "egovkpi/collectors/local_time.hpp"

namespace egovkpi::collectors::edoc {

// Direction: "out" (sent by OrganId) or "in" (received by OrganId).
enum class Direction { kOut, kIn };
// Transport: national exchange axis, LGSP, e-mail or paper.
enum class Transport { kAxis, kLgsp, kEmail, kPaper };
// Status of the document at OrganId.
enum class DocumentStatus { kInbox, kAcceptance, kRejection, kProcessing, kDone, kFail };

// The contract's lower-case words ("out", "axis", "processing", ...).
std::string_view ToString(Direction direction);
std::string_view ToString(Transport transport);
std::string_view ToString(DocumentStatus status);
// Exactly those words: anything else (other case, spaces) is nullopt.
std::optional<Direction> ParseDirection(std::string_view text);
std::optional<Transport> ParseTransport(std::string_view text);
std::optional<DocumentStatus> ParseDocumentStatus(std::string_view text);

struct Document {
  // The key: unique together.
  std::string document_id;  // DocumentId, "<OrganId>,<YYYY/MM/DD>,<CodeNumber>/<CodeNotation>"
  Direction direction = Direction::kOut;  // Direction
  std::string organ_id;                   // OrganId (a MaDonVi)

  bool peer_is_state_agency = false;     // PeerIsStateAgency (absent = false)
  bool secret = false;                   // Secret (absent = false)
  std::optional<Transport> transport;    // Transport
  bool has_valid_signature = false;      // Signatures: at least one with Valid true
  std::optional<DocumentStatus> status;  // Status
  std::optional<int> document_type;      // DocumentType
  std::optional<std::chrono::year_month_day> promulgation_date;  // PromulgationDate (a date)
  std::optional<TimePoint> sent_at;                              // SentAt
  std::optional<TimePoint> received_at;                          // ReceivedAt
  TimePoint updated_at;                                          // UpdatedAt

  bool operator==(const Document&) const = default;
};

// "2021-03-05T07:22:10Z": the contract's time format (RFC 3339 in UTC, whole seconds). The
// poller's watermark is stored in it and sent back as updatedSince.
std::string FormatRfc3339Utc(TimePoint t);

}  // namespace egovkpi::collectors::edoc
