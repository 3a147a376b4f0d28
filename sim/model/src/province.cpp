// The province's compact records: their accessors that do more than a read, and the texts
// derived from them.
#include "egovkpi/sim/province.hpp"

#include <limits>
#include <stdexcept>

#include "egovkpi/sim/string_table.hpp"
#include "egovkpi/sim/time_format.hpp"

namespace egovkpi::sim {

// The sizes province.hpp promises (what 3M dossiers and 6M documents cost).
static_assert(sizeof(Dossier) <= 80);
static_assert(sizeof(Document) <= 88);

StringTable::Index StringTable::Add(std::string_view text) {
  constexpr std::size_t kLimit = std::numeric_limits<std::uint32_t>::max();
  if (chars_.size() + text.size() > kLimit || ends_.size() >= kLimit) {
    throw std::length_error("StringTable holds at most 4 GiB of text in 2^32 entries");
  }
  if (!text.empty() && text.data() >= chars_.data() &&
      text.data() < chars_.data() + chars_.size()) {
    const std::string copy(text);  // an entry of this table: growing may move it
    chars_.append(copy);
  } else {
    chars_.append(text);
  }
  ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
  return static_cast<Index>(ends_.size() - 1);
}

std::string_view StringTable::at(Index index) const {
  if (index >= ends_.size()) throw std::out_of_range("no such StringTable entry");
  return (*this)[index];
}

void StringTable::Reserve(std::size_t entries, std::size_t characters) {
  ends_.reserve(ends_.size() + entries);
  chars_.reserve(chars_.size() + characters);
}

namespace time_offset {

std::int32_t From(Time base, Time t) {
  const std::int64_t offset = (t - base).count();
  // kNone (the minimum) means "absent", so it is not a time.
  if (offset <= std::int64_t{kNone} || offset > std::numeric_limits<std::int32_t>::max()) {
    throw std::out_of_range("a record's time lies more than 68 years from its base time");
  }
  return static_cast<std::int32_t>(offset);
}

}  // namespace time_offset

namespace {

// `offset` from `old_base`, as an offset from `new_base` (kNone stays kNone).
std::int32_t Rebase(std::int32_t offset, Time old_base, Time new_base) {
  if (offset == time_offset::kNone) return offset;
  return time_offset::From(new_base, time_offset::At(old_base, offset));
}

}  // namespace

void Dossier::set_submitted_at(Time t) {
  for (std::size_t i = 0; i < step_count_; ++i) step_at_[i] = Rebase(step_at_[i], submitted_at_, t);
  due_ = Rebase(due_, submitted_at_, t);
  deleted_ = Rebase(deleted_, submitted_at_, t);
  submitted_at_ = t;
}

void Dossier::AddStep(Time at, std::uint8_t status) {
  if (step_count_ == kMaxDossierSteps) throw std::length_error("a dossier has at most 8 steps");
  step_at_[step_count_] = time_offset::From(submitted_at_, at);
  step_status_[step_count_] = status;
  ++step_count_;
}

void Document::set_promulgation_date(Date day) {
  const Time old_base = Base();
  const Time new_base = StartOfLocalDay(day);
  exchanged_ = Rebase(exchanged_, old_base, new_base);
  for (std::size_t i = 0; i < version_count_; ++i) {
    version_at_[i] = Rebase(version_at_[i], old_base, new_base);
  }
  for (std::size_t i = 0; i < signature_count_; ++i) {
    signatures_[i].signing_time = Rebase(signatures_[i].signing_time, old_base, new_base);
  }
  promulgation_day_ = static_cast<std::int32_t>(day.time_since_epoch().count());
}

void Document::AddPeer(OrganRef peer) {
  if (peer_count_ == kMaxDocumentPeers) throw std::length_error("a document has at most 3 peers");
  peers_[peer_count_++] = peer;
}

void Document::AddSignature(const Signature& signature) {
  if (signature_count_ == kMaxDocumentSignatures) {
    throw std::length_error("a document has at most 2 signatures");
  }
  signatures_[signature_count_++] = {time_offset::From(Base(), signature.signing_time),
                                     signature.signer, signature.organization, signature.valid};
}

void Document::AddVersion(Time updated_at, DocumentStatus status) {
  if (version_count_ == kMaxDocumentVersions) {
    throw std::length_error("a document has at most 6 versions");
  }
  version_at_[version_count_] = time_offset::From(Base(), updated_at);
  version_status_[version_count_] = status;
  ++version_count_;
}

std::string_view TransportName(Transport transport) {
  switch (transport) {
    case Transport::kAxis:
      return "axis";
    case Transport::kLgsp:
      return "lgsp";
    case Transport::kEmail:
      return "email";
    case Transport::kPaper:
      return "paper";
  }
  return "paper";
}

std::string_view DocumentStatusName(DocumentStatus status) {
  switch (status) {
    case DocumentStatus::kInbox:
      return "inbox";
    case DocumentStatus::kAcceptance:
      return "acceptance";
    case DocumentStatus::kRejection:
      return "rejection";
    case DocumentStatus::kProcessing:
      return "processing";
    case DocumentStatus::kDone:
      return "done";
    case DocumentStatus::kFail:
      return "fail";
  }
  return "fail";
}

std::string_view OrganCode(const Province& province, OrganRef organ) {
  return organ.is_unit() ? std::string_view(province.units.at(organ.index()).code)
                         : std::string_view(province.outside_organs.at(organ.index()));
}

void AppendDocumentId(const Province& province, const Document& document, std::string& out) {
  out += OrganCode(province, document.issuer);
  out += ',';
  out += SlashDate(document.promulgation_date());
  out += ',';
  out += std::to_string(document.code_number);
  out += '/';
  out += province.document_notations.at(document.notation);
}

std::string DocumentId(const Province& province, const Document& document) {
  std::string id;
  id.reserve(48);
  AppendDocumentId(province, document, id);
  return id;
}

}  // namespace egovkpi::sim
