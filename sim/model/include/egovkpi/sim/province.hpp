// The simulated province: every record the four upstream systems will ever serve, with
// the time each version becomes visible. The servers (sim/servers) show the data as it
// stood at the simulated "now"; the ground truth (sim/truth) computes the KPIs from the
// same data at an as-of time. Nothing here is shared with the daemon: this is the
// independent witness the daemon is tested against.
//
// Times are UTC instants (std::chrono::sys_seconds); "local" is UTC+07:00.
//
// Memory. Dossiers and documents are many (3M and 6.2M at scale 20), so their records are
// small and fixed in size, with no heap block of their own:
//   - a text that many records share (a CodeNotation, a SignerCN, an organ's code) is held
//     once in a table of the Province and named by an index;
//   - a text of its own per record (MaHoSo) lives in a StringTable, 4 bytes of index plus
//     its characters;
//   - texts derived from other fields are not stored (DocumentId: see DocumentId());
//   - short lists (a dossier's steps, a document's versions, peers and signatures) are
//     inline arrays with a count, and their times are 32-bit offsets in seconds from a
//     base instant of the record (±68 years). They are read and written through accessors;
//     a time out of that range, or a list past its room, throws.
// A Dossier is 80 bytes, a Document 88: scale 20 is generated within about 1 GiB.
//
// Reading a record: province.dossier_codes[d.code] is its MaHoSo, `for (const DossierStep s :
// d.steps())` reads its versions, DocumentId(province, doc) and OrganCode(province,
// doc.peer(i)) give a document's texts. Building one by hand (tests/sim has examples): the
// Add* and set_* functions, in any order — set_submitted_at and set_promulgation_date change
// the base without moving any time already stored.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/sim/string_table.hpp"

namespace egovkpi::sim {

using Time = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;  // a local calendar day (its number, not an instant)

inline constexpr std::chrono::seconds kLocalOffset = std::chrono::hours(7);

// Local midnight that starts `day`, as a UTC instant.
inline Time StartOfLocalDay(Date day) { return Time(day.time_since_epoch()) - kLocalOffset; }

using UnitIndex = std::uint32_t;       // index into Province::units
using ProcedureIndex = std::uint32_t;  // index into Province::procedures
using CodeIndex = StringTable::Index;  // index into Province::dossier_codes
using NotationIndex = std::uint16_t;   // index into Province::document_notations
using SignerIndex = std::uint16_t;     // index into Province::signers

// A read-only range over a record's inline list, yielding each item by value:
//   for (const DossierStep step : dossier.steps()) ...
template <class Owner, class Item, Item (Owner::*kItemAt)(std::size_t) const>
class ValueRange {
 public:
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;  // items are made on reading
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Item;

    Iterator() = default;
    Iterator(const Owner* owner, std::size_t index) : owner_(owner), index_(index) {}
    Item operator*() const { return (owner_->*kItemAt)(index_); }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++index_;
      return before;
    }
    friend bool operator==(const Iterator&, const Iterator&) = default;

   private:
    const Owner* owner_ = nullptr;
    std::size_t index_ = 0;
  };

  ValueRange(const Owner& owner, std::size_t size) : owner_(&owner), size_(size) {}
  [[nodiscard]] Iterator begin() const { return {owner_, 0}; }
  [[nodiscard]] Iterator end() const { return {owner_, size_}; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] Item operator[](std::size_t i) const { return (owner_->*kItemAt)(i); }
  [[nodiscard]] Item front() const { return (*this)[0]; }
  [[nodiscard]] Item back() const { return (*this)[size_ - 1]; }

 private:
  const Owner* owner_;
  std::size_t size_;
};

// Times stored as 32-bit offsets from a record's base instant (what the records' accessors
// use).
namespace time_offset {
// "No such time" (an absent optional).
inline constexpr std::int32_t kNone = INT32_MIN;
// `t - base` in seconds; throws std::out_of_range when it does not fit (beyond ±68 years).
std::int32_t From(Time base, Time t);
inline Time At(Time base, std::int32_t offset) { return base + std::chrono::seconds(offset); }
inline std::int32_t FromOptional(Time base, std::optional<Time> t) {
  return t ? From(base, *t) : kNone;
}
inline std::optional<Time> AtOptional(Time base, std::int32_t offset) {
  if (offset == kNone) return std::nullopt;
  return At(base, offset);
}
}  // namespace time_offset

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

// --- Dossiers (one-stop system) ------------------------------------------------------------

// One version of a dossier: the status it moved to and when (NgayCapNhat).
struct DossierStep {
  Time at;
  std::uint8_t status = 2;  // TrangThaiHoSo 1..10
};

// The most versions a dossier has (the generator's longest life: submitted online, received,
// processing, supplement requested, processing again, fee, processed, returned).
inline constexpr std::size_t kMaxDossierSteps = 8;

// A dossier of the one-stop system. Its times are kept as seconds after submitted_at;
// set_submitted_at moves none of them.
struct Dossier {
  CodeIndex code = 0;  // MaHoSo: Province::dossier_codes[code]
  UnitIndex unit = 0;
  ProcedureIndex procedure = 0;
  std::uint8_t channel = 1;        // KenhThucHien 1, 2, 3
  std::uint8_t return_method = 0;  // HinhThuc 0, 1
  std::uint8_t level = 3;          // MucDo when received (informational)
  std::uint8_t payment = 0;        // DuocThanhToanTrucTuyen 0..3
  bool electronic_result = false;  // DanhSachGiayToKetQua non-empty once processed

  // NgayNopHoSo.
  [[nodiscard]] Time submitted_at() const { return submitted_at_; }
  void set_submitted_at(Time t);

  // NgayHenTra, served once the dossier is received.
  [[nodiscard]] std::optional<Time> due_at() const {
    return time_offset::AtOptional(submitted_at_, due_);
  }
  void set_due_at(std::optional<Time> t) { due_ = time_offset::FromOptional(submitted_at_, t); }

  // Every version in the order added (time order in generated data); steps().front() is the
  // first version; step(i) needs i < step_count(). Fields are derived per version: NgayTiepNhan =
  // time of the first step with status 2, NgayTuChoi of status 3, NgayKetThucXuLy of status 9,
  // NgayTra of status 10 — each shown only from that step on.
  [[nodiscard]] std::size_t step_count() const { return step_count_; }
  [[nodiscard]] DossierStep step(std::size_t i) const {
    return {time_offset::At(submitted_at_, step_at_[i]), step_status_[i]};
  }
  [[nodiscard]] ValueRange<Dossier, DossierStep, &Dossier::step> steps() const {
    return {*this, step_count_};
  }
  // Appends a version; throws std::length_error past kMaxDossierSteps.
  void AddStep(Time at, std::uint8_t status);

  // A last version with DaXoa = 1 (status unchanged) at this time.
  [[nodiscard]] std::optional<Time> deleted_at() const {
    return time_offset::AtOptional(submitted_at_, deleted_);
  }
  void set_deleted_at(std::optional<Time> t) {
    deleted_ = time_offset::FromOptional(submitted_at_, t);
  }

 private:
  std::uint8_t step_count_ = 0;  // declared first: it fills the gap after the public bytes
  Time submitted_at_{};
  std::int32_t due_ = time_offset::kNone;
  std::int32_t deleted_ = time_offset::kNone;
  std::array<std::int32_t, kMaxDossierSteps> step_at_{};
  std::array<std::uint8_t, kMaxDossierSteps> step_status_{};
};

// --- Postal records (VNPost BCCI tracking) -------------------------------------------------

enum class PostalService : std::uint8_t { kReceipt, kReturn };  // NHAN_HO_SO, TRA_KET_QUA

struct PostalItem {
  std::string item_code;  // ItemCode, e.g. "EB123456789VN" (13 bytes: no heap block)
  // OrderNumber = MaHoSo: Province::dossier_codes[order_number]. A dossier's own items use
  // the dossier's entry; an OrderNumber that names no known dossier has its own.
  CodeIndex order_number = 0;
  PostalService service = PostalService::kReceipt;
  UnitIndex unit = 0;  // UnitCode
};

struct PostalEvent {
  std::int64_t id = 0;      // strictly increasing with recorded_at
  std::uint32_t item = 0;   // index into Province::postal_items
  std::uint8_t status = 1;  // StatusCode 1..7
  Time event_time;          // EventTime (can be earlier than an event with a lower id)
  Time recorded_at;         // visible to tracking queries from this time
};

// --- Documents (document management and exchange) -----------------------------------------

// An organ a document names (its issuer, its peers): a unit of the province, or an organ
// outside Province::units (a ministry, another province's agency, a public service unit) by
// index into Province::outside_organs. OrganCode() gives its code (OrganId).
class OrganRef {
 public:
  constexpr OrganRef() = default;
  static constexpr OrganRef Unit(UnitIndex unit) { return OrganRef(unit); }
  static constexpr OrganRef Outside(std::uint32_t index) { return OrganRef(index | kOutside); }

  [[nodiscard]] constexpr bool is_unit() const { return (value_ & kOutside) == 0; }
  // The UnitIndex, or the index into Province::outside_organs.
  [[nodiscard]] constexpr std::uint32_t index() const { return value_ & ~kOutside; }
  friend constexpr bool operator==(OrganRef, OrganRef) = default;

 private:
  static constexpr std::uint32_t kOutside = 1u << 31;
  constexpr explicit OrganRef(std::uint32_t value) : value_(value) {}
  std::uint32_t value_ = 0;
};

// Transport: how a document travelled.
enum class Transport : std::uint8_t { kAxis, kLgsp, kEmail, kPaper };
// "axis", "lgsp", "email", "paper".
std::string_view TransportName(Transport transport);

// Status of a document version.
enum class DocumentStatus : std::uint8_t {
  kInbox,
  kAcceptance,
  kRejection,
  kProcessing,
  kDone,
  kFail,
};
// "inbox", "acceptance", "rejection", "processing", "done", "fail".
std::string_view DocumentStatusName(DocumentStatus status);

// One version of a document record.
struct DocumentVersion {
  Time updated_at;
  DocumentStatus status = DocumentStatus::kInbox;
};

struct Signature {
  bool organization = false;  // Kind organization / personal
  bool valid = true;
  SignerIndex signer = 0;  // SignerCN: Province::signers[signer]
  Time signing_time;
};

// Room in a Document's inline lists. The generator writes at most 3 peers, 4 versions (inbox,
// acceptance, processing, done) and 2 signatures (personal, organization); hand-built
// provinces get two versions more.
inline constexpr std::size_t kMaxDocumentPeers = 3;
inline constexpr std::size_t kMaxDocumentVersions = 6;
inline constexpr std::size_t kMaxDocumentSignatures = 2;

// One record of the document exchange: a document as its issuer sent it (outgoing) or as a
// receiver took it in (incoming). The key the feed orders by is (DocumentId, direction, the
// organ's code).
//
// DocumentId is derived: "<issuer's code>,<YYYY/MM/DD promulgation>,<CodeNumber>/<CodeNotation>"
// (DocumentId() below). Times are kept as seconds after the local midnight that starts the
// promulgation date; set_promulgation_date moves none of them.
struct Document {
  UnitIndex organ = 0;   // OrganId: the unit holding this record
  bool outgoing = true;  // Direction out / in
  bool peer_is_state_agency = true;
  bool secret = false;
  std::uint8_t document_type = 1;
  OrganRef issuer;                // who issued it: the organ for outgoing, a peer for incoming
  std::uint32_t code_number = 0;  // CodeNumber (served as decimal text)
  NotationIndex notation = 0;     // CodeNotation: Province::document_notations[notation]
  Transport transport = Transport::kAxis;

  // PromulgationDate.
  [[nodiscard]] Date promulgation_date() const {
    return Date(std::chrono::days(promulgation_day_));
  }
  void set_promulgation_date(Date day);

  // PeerOrganIds: the receivers of an outgoing record, the issuer of an incoming one.
  [[nodiscard]] std::size_t peer_count() const { return peer_count_; }
  [[nodiscard]] OrganRef peer(std::size_t i) const { return peers_[i]; }
  [[nodiscard]] ValueRange<Document, OrganRef, &Document::peer> peers() const {
    return {*this, peer_count_};
  }
  // Throws std::length_error past kMaxDocumentPeers.
  void AddPeer(OrganRef peer);

  [[nodiscard]] std::size_t signature_count() const { return signature_count_; }
  [[nodiscard]] Signature signature(std::size_t i) const {
    const StoredSignature& s = signatures_[i];
    return {s.organization, s.valid, s.signer, time_offset::At(Base(), s.signing_time)};
  }
  [[nodiscard]] ValueRange<Document, Signature, &Document::signature> signatures() const {
    return {*this, signature_count_};
  }
  // Throws std::length_error past kMaxDocumentSignatures.
  void AddSignature(const Signature& signature);

  // SentAt of an outgoing record, ReceivedAt of an incoming one (the other is never served).
  [[nodiscard]] std::optional<Time> exchanged_at() const {
    return time_offset::AtOptional(Base(), exchanged_);
  }
  void set_exchanged_at(std::optional<Time> t) {
    exchanged_ = time_offset::FromOptional(Base(), t);
  }
  [[nodiscard]] std::optional<Time> sent_at() const {
    return outgoing ? exchanged_at() : std::nullopt;
  }
  [[nodiscard]] std::optional<Time> received_at() const {
    return outgoing ? std::nullopt : exchanged_at();
  }

  // Versions in the order added (ascending updated_at in generated data); versions().front()
  // is the first; version(i) needs i < version_count().
  [[nodiscard]] std::size_t version_count() const { return version_count_; }
  [[nodiscard]] DocumentVersion version(std::size_t i) const {
    return {time_offset::At(Base(), version_at_[i]), version_status_[i]};
  }
  [[nodiscard]] ValueRange<Document, DocumentVersion, &Document::version> versions() const {
    return {*this, version_count_};
  }
  // Throws std::length_error past kMaxDocumentVersions.
  void AddVersion(Time updated_at, DocumentStatus status);

 private:
  struct StoredSignature {
    std::int32_t signing_time = 0;  // offset from Base()
    SignerIndex signer = 0;
    bool organization = false;
    bool valid = true;
  };

  [[nodiscard]] Time Base() const { return StartOfLocalDay(promulgation_date()); }

  // The one-byte fields first: they fill the gap after the public ones.
  std::uint8_t peer_count_ = 0;
  std::uint8_t signature_count_ = 0;
  std::uint8_t version_count_ = 0;
  std::array<DocumentStatus, kMaxDocumentVersions> version_status_{};
  std::int32_t promulgation_day_ = 0;  // days since 1970-01-01
  std::int32_t exchanged_ = time_offset::kNone;
  std::array<OrganRef, kMaxDocumentPeers> peers_{};
  std::array<StoredSignature, kMaxDocumentSignatures> signatures_{};
  std::array<std::int32_t, kMaxDocumentVersions> version_at_{};
};

// --- The province --------------------------------------------------------------------------

struct Province {
  std::string code = "H21";
  std::string name = "Gia Lai";
  int year = 2021;
  std::vector<Unit> units;
  std::vector<Procedure> procedures;
  std::vector<ServiceRow> service_rows;
  std::vector<Dossier> dossiers;
  // MaHoSo texts: every Dossier::code and PostalItem::order_number names an entry.
  StringTable dossier_codes;
  std::vector<PostalItem> postal_items;
  std::vector<PostalEvent> postal_events;  // ascending id
  std::vector<Document> documents;
  // Codes of the organs documents name that are not in `units` (OrganRef::Outside).
  std::vector<std::string> outside_organs;
  std::vector<std::string> document_notations;  // CodeNotation texts, e.g. "STTTT-VP"
  std::vector<std::string> signers;             // SignerCN texts: names and organ codes
};

// The code (OrganId) of `organ`.
std::string_view OrganCode(const Province& province, OrganRef organ);

// DocumentId of `document`: "<issuer's code>,<YYYY/MM/DD>,<CodeNumber>/<CodeNotation>".
std::string DocumentId(const Province& province, const Document& document);
// The same, appended to `out`.
void AppendDocumentId(const Province& province, const Document& document, std::string& out);

}  // namespace egovkpi::sim
