// The simulated province: every record the four upstream systems will ever serve, with
// the time each version becomes visible. The servers (sim/servers) show the data as it
// stood at the simulated "now"; the ground truth (sim/truth) computes the KPIs from the
// same data at an as-of time. Nothing here is shared with the daemon: this is the
// independent witness the daemon is tested against.
//
// Times are UTC instants (std::chrono::sys_seconds); "local" is UTC+07:00.
// Memory: one Dossier is ~120 bytes; scale 20 (3M dossiers) stays well under 1 GiB.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace egovkpi::sim {

using Time = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;  // a local calendar day (its number, not an instant)

inline constexpr std::chrono::seconds kLocalOffset = std::chrono::hours(7);

// Local midnight that starts `day`, as a UTC instant.
inline Time StartOfLocalDay(Date day) { return Time(day.time_since_epoch()) - kLocalOffset; }

using UnitIndex = std::uint32_t;       // index into Province::units
using ProcedureIndex = std::uint32_t;  // index into Province::procedures

struct Unit {
  std::string code;         // MaDonVi, e.g. "000.00.12.H21"
  std::string name;         // TenDonVi, Vietnamese with diacritics
  int level = 1;            // CapDonVi: 1 province, 2 district, 3 commune
  std::string parent_code;  // MaDonViCha: the district's code for a commune, else province
  // False for the few units that receive dossiers/documents but that the portal's catalogue
  // never lists (a data-quality case the spec names).
  bool in_catalogue = true;
};

struct Procedure {
  std::string code;  // MaTTHC, e.g. "1.001612.000.00.00.H21"
  std::string name;
  std::string field_code;
  std::string field_name;
  bool has_fee = false;
};

// One row of LayDanhSachDichVuCong. A pair upgraded mid-year has two rows; the older one's
// valid_to is served from the moment its successor is published (published_at).
struct ServiceRow {
  UnitIndex unit = 0;
  ProcedureIndex procedure = 0;
  int level = 2;  // MucDo 2, 3 or 4
  bool bcci_receive = false;
  bool bcci_return = false;
  Date valid_from;
  std::optional<Date> valid_to;  // inclusive; absent = open
  Time published_at;             // first listed in the catalogue at this time
  // When valid_to is first served (before that the row is served as open). Always at or
  // before the end of valid_to's day, so the KPIs never depend on it.
  std::optional<Time> valid_to_published_at;
};

// One version of a dossier: the status it moved to and when (NgayCapNhat).
struct DossierStep {
  Time at;
  std::uint8_t status = 2;  // TrangThaiHoSo 1..10
};

struct Dossier {
  std::string code;  // MaHoSo
  UnitIndex unit = 0;
  ProcedureIndex procedure = 0;
  std::uint8_t channel = 1;        // KenhThucHien 1, 2, 3
  std::uint8_t return_method = 0;  // HinhThuc 0, 1
  std::uint8_t level = 3;          // MucDo when received (informational)
  std::uint8_t payment = 0;        // DuocThanhToanTrucTuyen 0..3
  bool electronic_result = false;  // DanhSachGiayToKetQua non-empty once processed
  Time submitted_at;               // NgayNopHoSo
  std::optional<Time> due_at;      // NgayHenTra, served once the dossier is received
  // Every version in time order; steps.front() is the first version. Fields are derived per
  // version: NgayTiepNhan = time of the first step with status 2, NgayTuChoi of status 3,
  // NgayKetThucXuLy of status 9, NgayTra of status 10 — each shown only from that step on.
  std::vector<DossierStep> steps;
  // A last version with DaXoa = 1 (status unchanged) at this time.
  std::optional<Time> deleted_at;
};

enum class PostalService : std::uint8_t { kReceipt, kReturn };  // NHAN_HO_SO, TRA_KET_QUA

struct PostalItem {
  std::string item_code;        // ItemCode, e.g. "EB123456789VN"
  std::string order_number;     // OrderNumber = MaHoSo (may name no known dossier)
  PostalService service = PostalService::kReceipt;
  UnitIndex unit = 0;           // UnitCode
};

struct PostalEvent {
  std::int64_t id = 0;          // strictly increasing with recorded_at
  std::uint32_t item = 0;       // index into Province::postal_items
  std::uint8_t status = 1;      // StatusCode 1..7
  Time event_time;              // EventTime (can be earlier than an event with a lower id)
  Time recorded_at;             // visible to tracking queries from this time
};

struct Signature {
  bool organization = false;  // Kind organization / personal
  bool valid = true;
  std::string signer;
  Time signing_time;
};

// One version of a document record.
struct DocumentVersion {
  Time updated_at;
  std::string status;  // inbox, acceptance, rejection, processing, done, fail
};

struct Document {
  std::string document_id;  // "<OrganId>,<YYYY/MM/DD>,<CodeNumber>/<CodeNotation>"
  bool outgoing = true;     // Direction out / in
  UnitIndex organ = 0;
  std::vector<std::string> peer_codes;
  bool peer_is_state_agency = true;
  std::string code_number;
  std::string code_notation;
  Date promulgation_date;
  int document_type = 1;
  bool secret = false;
  std::string transport;  // axis, lgsp, email, paper
  std::vector<Signature> signatures;
  std::optional<Time> sent_at;      // for outgoing
  std::optional<Time> received_at;  // for incoming
  std::vector<DocumentVersion> versions;  // ascending updated_at; front() is the first
};

struct Province {
  std::string code = "H21";
  std::string name = "Gia Lai";
  int year = 2021;
  std::vector<Unit> units;
  std::vector<Procedure> procedures;
  std::vector<ServiceRow> service_rows;
  std::vector<Dossier> dossiers;
  std::vector<PostalItem> postal_items;
  std::vector<PostalEvent> postal_events;  // ascending id
  std::vector<Document> documents;
};

}  // namespace egovkpi::sim
