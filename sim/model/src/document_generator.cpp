// Documents of the document management and exchange system.
//
// The generator plans documents as they are issued: by a unit of the province (an outgoing
// record at the issuer, and an incoming record at each peer that is a unit of the province,
// all with the same DocumentId) or by a central agency or another province (incoming records
// only). Like dossiers, an issue is a pure function of (seed, its number): planned once for
// sorting (numbers run per issuer and year in signing order), and again to be written out.
#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "egovkpi/sim/time_format.hpp"
#include "generator_internal.hpp"
#include "gia_lai_names.hpp"

namespace egovkpi::sim::gen {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

// Volumes before scaling: issues by the province's units and by outside agencies. With
// the copies received inside the province they make about 300,000 records a year.
constexpr double kUnitIssuesPerYear = 124000;
constexpr double kExternalIssuesPerYear = 56000;

constexpr MonthFactors kDocumentMonths = {1000, 750,  1050, 1000, 1000, 1000,
                                          1000, 1000, 1000, 1050, 1100, 1250};

enum class Signing : std::uint8_t {
  kNone,
  kOrganization,          // organization signature, valid
  kPersonalOrganization,  // the signer's and the organization's, both valid
  kInvalidOrganization,   // only an organization signature, invalid
  kInvalidPersonal,       // only a personal signature, invalid
};

// Document types (DocumentType) and their notation prefixes; type 1 (official letter) puts
// the issuer first: "123/STTTT-VP".
constexpr std::array<const char*, 8> kNotationPrefix = {"",    "",    "QĐ-",  "TB-",
                                                        "KH-", "BC-", "TTr-", "GM-"};
constexpr std::array<std::uint32_t, 7> kTypeWeights = {550, 120, 80, 60, 100, 50, 40};

constexpr std::uint8_t kMaxPeers = 3;

// One issued document. Issuers and peers are "parties": a UnitIndex, or
// units.size() + i for ExternalAgencies()[i], or kNonStateBase + n for a public service
// unit "000.NN.DD.H21" (n = NN * 100 + DD), which is not a state administrative agency.
constexpr std::uint32_t kNonStateBase = 1u << 30;

struct Issue {
  std::uint32_t issuer = 0;
  Time signed_at;  // promulgation day = its local day
  Time sent_at;
  std::uint8_t type = 1;
  bool secret = false;
  bool peer_state = true;
  bool failed = false;  // an outgoing record whose exchange failed: no copy was received
  Transport transport = Transport::kAxis;
  Signing signing = Signing::kPersonalOrganization;
  std::uint8_t signer = 0;  // index into SignerNames()
  std::array<std::uint32_t, kMaxPeers> peers{};
  std::uint8_t peer_count = 0;
  std::optional<std::chrono::seconds> delivery;  // fixed delivery delay (edge cases)

  [[nodiscard]] bool HasPeer(std::uint32_t party) const {
    return std::find(peers.begin(), peers.begin() + peer_count, party) !=
           peers.begin() + peer_count;
  }
};

class DocumentPlanner {
 public:
  explicit DocumentPlanner(const World& world) : w_(world) {
    unit_count_ = static_cast<std::uint32_t>(w_.province.units.size());
    unit_issues_ = w_.Scaled(kUnitIssuesPerYear);
    external_issues_ = w_.Scaled(kExternalIssuesPerYear);
    senders_.Reserve(unit_count_);
    for (const UnitProfile& p : w_.profiles) senders_.Add(p.document_weight);
    const int year = YearOf(w_.year_first_day);
    year_days_ = OfficeDays(w_.year_first_day, w_.year_end_day, kDocumentMonths);
    december_ = OfficeDays(MakeDate(year - 1, 12, 1), w_.year_first_day, kDocumentMonths);
    for (UnitIndex u = 0; u < w_.first_district; ++u) {
      if (u != w_.service_centre) departments_.push_back(u);
    }
    // Communes follow their district in unit order.
    parent_.assign(unit_count_, 0);
    communes_.assign(unit_count_, {0, 0});
    for (UnitIndex d = w_.first_district; d < w_.first_commune; ++d) {
      const std::string& code = w_.province.units[d].code;
      UnitIndex c = w_.first_commune;
      while (c < w_.first_outside && w_.province.units[c].parent_code != code) ++c;
      UnitIndex end = c;
      while (end < w_.first_outside && w_.province.units[end].parent_code == code)
        parent_[end++] = d;
      communes_[d] = {c, end};
    }
    MakeSpecials(year);
  }

  [[nodiscard]] std::size_t Count() const {
    return unit_issues_ + external_issues_ + specials_.size();
  }
  [[nodiscard]] std::uint32_t UnitCount() const { return unit_count_; }

  [[nodiscard]] Issue Make(std::size_t i) const {
    if (i >= unit_issues_ + external_issues_) return specials_[i - unit_issues_ - external_issues_];
    Rng rng(w_.options.seed, Purpose::kDocumentPlans, i);
    Issue d;
    const bool external = i >= unit_issues_;
    // Most documents are of the year; a few of December before it, still processed in it.
    const Date day = rng.Chance(15000) ? december_.Pick(rng) : year_days_.Pick(rng);
    d.signed_at = OfficeInstant(rng, day);
    d.sent_at = d.signed_at + (rng.Chance(800000) ? rng.Seconds(35 * kMinute, 5 * kHour)
                                                  : rng.Seconds(5 * kHour, 2 * kDay));
    d.type = static_cast<std::uint8_t>(1 + PickType(rng));
    d.signer = static_cast<std::uint8_t>(rng.Below(SignerNames().size()));
    if (external) {
      d.issuer = unit_count_ + static_cast<std::uint32_t>(rng.Below(ExternalAgencies().size()));
      const std::uint64_t recipients = rng.Chance(100000) ? rng.Between(2, 3) : 1;
      for (std::uint64_t r = 0; r < recipients; ++r)
        AddPeer(d, static_cast<std::uint32_t>(senders_.Pick(rng)));
      d.secret = rng.Chance(10000);
      const std::uint64_t roll = rng.Below(100);
      d.transport = d.secret || roll < 3 ? Transport::kPaper
                    : roll < 5           ? Transport::kEmail
                                         : Transport::kAxis;
      d.signing = d.transport == Transport::kPaper   ? Signing::kNone
                  : d.transport == Transport::kEmail ? Signing::kOrganization
                  : rng.Chance(900000)               ? Signing::kPersonalOrganization
                                                     : Signing::kOrganization;
      return d;
    }

    const auto issuer = static_cast<UnitIndex>(senders_.Pick(rng));
    const UnitProfile& profile = w_.profiles[issuer];
    d.issuer = issuer;
    const std::uint64_t peer_roll = rng.Below(100);
    const int peers = peer_roll < 80 ? 1 : peer_roll < 94 ? 2 : 3;
    if (rng.Chance(70000)) {
      d.peer_state = false;
      for (int k = 0; k < peers; ++k) {
        const auto nn = static_cast<std::uint32_t>(rng.Between(1, 9));
        const auto dd = static_cast<std::uint32_t>(rng.Between(1, 20));
        AddPeer(d, kNonStateBase + nn * 100 + dd);
      }
    } else {
      for (int k = 0; k < peers; ++k) AddPeer(d, PickStatePeer(rng, issuer));
    }
    if (d.peer_count == 0) AddPeer(d, unit_count_);  // the first external agency

    bool external_peer = false;
    for (std::uint8_t k = 0; k < d.peer_count; ++k) external_peer |= d.peers[k] >= unit_count_;
    d.secret = rng.Chance(profile.secret_ppm);
    if (d.secret || rng.Chance(profile.paper_ppm)) {
      d.transport = Transport::kPaper;
    } else if (rng.Chance(profile.email_ppm)) {
      d.transport = Transport::kEmail;
    } else {
      d.transport = external_peer || rng.Chance(350000) ? Transport::kAxis : Transport::kLgsp;
    }
    if (d.transport == Transport::kPaper) {
      d.signing = Signing::kNone;
    } else if (d.transport == Transport::kEmail) {
      d.signing = rng.Chance(500000) ? Signing::kOrganization : Signing::kNone;
    } else if (rng.Chance(profile.unsigned_ppm)) {
      d.signing = Signing::kNone;
    } else if (rng.Chance(profile.invalid_signature_ppm)) {
      d.signing = rng.Chance(700000) ? Signing::kInvalidOrganization : Signing::kInvalidPersonal;
    } else {
      d.signing = rng.Chance(750000) ? Signing::kPersonalOrganization : Signing::kOrganization;
    }
    d.failed = rng.Chance(15000);
    return d;
  }

 private:
  static std::size_t PickType(Rng& rng) {
    std::uint64_t x = rng.Below(1000);
    for (std::size_t t = 0; t < kTypeWeights.size(); ++t) {
      if (x < kTypeWeights[t]) return t;
      x -= kTypeWeights[t];
    }
    return 0;
  }

  static void AddPeer(Issue& d, std::uint32_t party) {
    if (d.peer_count < kMaxPeers && !d.HasPeer(party) && party != d.issuer) {
      d.peers[d.peer_count++] = party;
    }
  }

  // Who a unit writes to: its superiors, its subordinates, its neighbours, the ministries.
  std::uint32_t PickStatePeer(Rng& rng, UnitIndex issuer) const {
    const Unit& unit = w_.province.units[issuer];
    const std::uint64_t roll = rng.Below(100);
    const auto department = [&] { return departments_[rng.Below(departments_.size())]; };
    const auto district = [&] {
      return w_.first_district +
             static_cast<UnitIndex>(rng.Below(w_.first_commune - w_.first_district));
    };
    const auto external = [&] {
      return unit_count_ + static_cast<std::uint32_t>(rng.Below(ExternalAgencies().size()));
    };
    const auto outside = [&] {
      return w_.first_outside + static_cast<UnitIndex>(rng.Below(unit_count_ - w_.first_outside));
    };
    if (unit.level == 3) {  // a commune writes to its district, rarely elsewhere
      const UnitIndex parent = parent_[issuer];
      if (roll < 80) return parent;
      if (roll < 92) return department();
      return CommuneOf(rng, parent);
    }
    if (unit.level == 2) {
      if (roll < 35) return CommuneOf(rng, issuer);
      if (roll < 65) return department();
      if (roll < 75) return 0;  // Văn phòng UBND tỉnh
      if (roll < 80) return district();
      if (roll < 90) return external();
      return outside();
    }
    if (roll < 35) return department();
    if (roll < 45) return 0;
    if (roll < 75) return district();
    if (roll < 80) return outside();
    if (roll < 85)
      return w_.first_commune +
             static_cast<UnitIndex>(rng.Below(w_.first_outside - w_.first_commune));
    return external();
  }

  // A random commune of `district` (the district itself when it has none).
  UnitIndex CommuneOf(Rng& rng, UnitIndex district) const {
    const auto [first, last] = communes_[district];
    if (first == last) return district;
    return first + static_cast<UnitIndex>(rng.Below(last - first));
  }

  // Documents exchanged around midnight of the year's boundaries (local time).
  void MakeSpecials(int year) {
    const auto add = [&](int y, unsigned m, unsigned d, int h, int mi, int s, std::int64_t delay,
                         UnitIndex to) {
      Issue issue;
      issue.issuer = 0;  // Văn phòng UBND tỉnh
      issue.sent_at = LocalInstant(MakeDate(y, m, d), h, mi, s);
      issue.signed_at = issue.sent_at - 2h;
      issue.type = 1;
      issue.transport = Transport::kAxis;
      issue.signing = Signing::kPersonalOrganization;
      issue.peers[0] = to;
      issue.peer_count = 1;
      issue.delivery = std::chrono::seconds(delay);
      specials_.push_back(issue);
    };
    const UnitIndex pleiku = w_.pleiku;
    const UnitIndex centre = w_.service_centre;
    add(year - 1, 12, 31, 23, 30, 0, 5, pleiku);   // sent and received last year
    add(year - 1, 12, 31, 23, 59, 58, 5, centre);  // sent last year, received this year
    add(year, 1, 1, 0, 0, 0, 5, pleiku);           // the year's first second
    add(year, 12, 31, 23, 10, 0, 6, centre);       // the last hour of the year
    add(year, 12, 31, 23, 59, 59, 5, pleiku);      // received next year
    add(year + 1, 1, 1, 0, 5, 0, 9, centre);       // next year
  }

  const World& w_;
  std::uint32_t unit_count_ = 0;
  std::uint64_t unit_issues_ = 0;
  std::uint64_t external_issues_ = 0;
  WeightedPicker senders_;  // units by document weight (also recipients of outside mail)
  DayPicker year_days_;
  DayPicker december_;
  std::vector<UnitIndex> departments_;
  std::vector<UnitIndex> parent_;                          // a commune's district
  std::vector<std::pair<UnitIndex, UnitIndex>> communes_;  // a district's communes [first, last)
  std::vector<Issue> specials_;
};

// Writes the records of each issue, and the province's tables of the texts they share:
// outside organs (the external agencies in their order, then public service units as they
// first appear), signers (the personal names in their order, then organs as they first
// sign) and notations (as they first appear).
class DocumentWriter {
 public:
  DocumentWriter(World& w, std::uint32_t unit_count) : w_(w), unit_count_(unit_count) {
    Province& province = w_.province;
    first_external_ = static_cast<std::uint32_t>(province.outside_organs.size());
    for (const ExternalAgency& agency : ExternalAgencies()) {
      province.outside_organs.emplace_back(agency.code);
    }
    first_signer_name_ = province.signers.size();
    for (const char* name : SignerNames()) province.signers.emplace_back(name);
    const std::size_t issuers = unit_count_ + ExternalAgencies().size();
    organ_signer_.assign(issuers, kNotYet);
    notations_.assign(issuers * kNotationPrefix.size(), kNotYet);
    non_state_.assign(kNonStateCount, kNotYet);
  }

  // How many records `issue` makes.
  std::size_t RecordCount(const Issue& issue) const {
    std::size_t n = issue.issuer < unit_count_ ? 1 : 0;
    if (issue.failed) return n;
    for (std::uint8_t k = 0; k < issue.peer_count; ++k) n += issue.peers[k] < unit_count_ ? 1 : 0;
    return n;
  }

  void Write(const Issue& issue, std::uint64_t number, std::uint64_t stream,
             std::vector<Document>& out) {
    Rng rng(w_.options.seed, Purpose::kDocumentRecords, stream);
    Document base;
    base.issuer = OrganOf(issue.issuer);
    // Numbers run per issuer and year: a few hundred thousand at most.
    base.code_number = static_cast<std::uint32_t>(number);
    base.notation = Notation(issue);
    base.set_promulgation_date(LocalDay(issue.signed_at));
    base.document_type = issue.type;
    base.secret = issue.secret;
    base.transport = issue.transport;
    AddSignatures(issue, base);

    if (issue.issuer < unit_count_) {
      Document outgoing = base;
      outgoing.outgoing = true;
      outgoing.organ = issue.issuer;
      outgoing.peer_is_state_agency = issue.peer_state;
      for (std::uint8_t k = 0; k < issue.peer_count; ++k) outgoing.AddPeer(OrganOf(issue.peers[k]));
      outgoing.set_exchanged_at(issue.sent_at);
      outgoing.AddVersion(issue.sent_at, DocumentStatus::kDone);
      if (issue.failed) {
        outgoing.AddVersion(issue.sent_at + rng.Seconds(kMinute, 30 * kMinute),
                            DocumentStatus::kFail);
      }
      out.push_back(outgoing);
    }
    if (issue.failed) return;
    for (std::uint8_t k = 0; k < issue.peer_count; ++k) {
      const std::uint32_t receiver = issue.peers[k];
      if (receiver >= unit_count_) continue;
      Document incoming = base;
      incoming.outgoing = false;
      incoming.organ = receiver;
      incoming.peer_is_state_agency = true;  // every issuer here is a state agency
      incoming.AddPeer(base.issuer);
      const Time received =
          issue.sent_at + (issue.delivery ? *issue.delivery : Delivery(rng, issue));
      incoming.set_exchanged_at(received);
      Intake(rng, w_.profiles[receiver], received, incoming);
      out.push_back(incoming);
    }
  }

 private:
  static constexpr std::int32_t kNotYet = -1;
  static constexpr std::uint32_t kNonStateCount = 10000;  // n = NN * 100 + DD < 10000

  std::string_view Abbreviation(std::uint32_t party) const {
    if (party < unit_count_) return w_.profiles[party].abbreviation;
    return ExternalAgencies()[party - unit_count_].abbreviation;
  }

  // The organ a party is; a public service unit is added to the outside organs when first
  // named.
  OrganRef OrganOf(std::uint32_t party) {
    if (party < unit_count_) return OrganRef::Unit(party);
    if (party < kNonStateBase) return OrganRef::Outside(first_external_ + party - unit_count_);
    const std::uint32_t n = party - kNonStateBase;
    std::int32_t& index = non_state_.at(n);
    if (index == kNotYet) {
      std::string code = "000.";
      AppendPadded(code, n / 100, 2);
      code += '.';
      AppendPadded(code, n % 100, 2);
      code += ".H21";
      index = static_cast<std::int32_t>(w_.province.outside_organs.size());
      w_.province.outside_organs.push_back(std::move(code));
    }
    return OrganRef::Outside(static_cast<std::uint32_t>(index));
  }

  // CodeNotation: type 1 (official letter) puts the issuer first: "STTTT-VP"; the others
  // the type's prefix: "QĐ-STTTT".
  NotationIndex Notation(const Issue& issue) {
    std::int32_t& index = notations_.at(issue.issuer * kNotationPrefix.size() + issue.type);
    if (index == kNotYet) {
      std::string text =
          issue.type == 1 ? std::string(Abbreviation(issue.issuer)) + "-VP"
                          : kNotationPrefix[issue.type] + std::string(Abbreviation(issue.issuer));
      index = Intern(w_.province.document_notations, std::move(text));
    }
    return static_cast<NotationIndex>(index);
  }

  // The signer entry of an issuer's organization signature: its code.
  SignerIndex OrganSigner(std::uint32_t issuer) {
    std::int32_t& index = organ_signer_.at(issuer);
    if (index == kNotYet) {
      index = Intern(w_.province.signers, std::string(OrganCode(w_.province, OrganOf(issuer))));
    }
    return static_cast<SignerIndex>(index);
  }

  // Appends `text` to a table indexed by 16 bits and returns its index.
  static std::int32_t Intern(std::vector<std::string>& table, std::string text) {
    if (table.size() > 0xffff) throw std::length_error("more than 65,536 shared document texts");
    table.push_back(std::move(text));
    return static_cast<std::int32_t>(table.size() - 1);
  }

  static std::chrono::seconds Delivery(Rng& rng, const Issue& issue) {
    switch (issue.transport) {
      case Transport::kAxis:
      case Transport::kLgsp:
        return rng.Seconds(3, 10 * kMinute);
      case Transport::kEmail:
        return rng.Seconds(kHour, 2 * kDay);
      case Transport::kPaper:
        break;
    }
    // On paper: registered by the receiving clerk in office hours days later.
    const Date sent_day = LocalDay(issue.sent_at);
    const Date day = AddWorkingDays(sent_day, static_cast<int>(rng.Between(1, 4)));
    return OfficeInstant(rng, day) - issue.sent_at;
  }

  void AddSignatures(const Issue& issue, Document& d) {
    const auto personal = [&](bool valid) {
      Signature s;
      s.organization = false;
      s.valid = valid;
      s.signer = static_cast<SignerIndex>(first_signer_name_ + issue.signer);
      s.signing_time = issue.signed_at;
      return s;
    };
    const auto organization = [&](bool valid) {
      Signature s;
      s.organization = true;
      s.valid = valid;
      s.signer = OrganSigner(issue.issuer);
      s.signing_time = issue.signed_at + 10min;
      return s;
    };
    switch (issue.signing) {
      case Signing::kNone:
        break;
      case Signing::kOrganization:
        d.AddSignature(organization(true));
        break;
      case Signing::kPersonalOrganization:
        d.AddSignature(personal(true));
        d.AddSignature(organization(true));
        break;
      case Signing::kInvalidOrganization:
        d.AddSignature(organization(false));
        break;
      case Signing::kInvalidPersonal:
        d.AddSignature(personal(false));
        break;
    }
  }

  // An incoming document's life in the receiver's inbox.
  static void Intake(Rng& rng, const UnitProfile& receiver, Time received, Document& d) {
    using enum DocumentStatus;
    Time t = received;
    const auto add = [&](std::int64_t lo, std::int64_t hi, DocumentStatus status) {
      t += rng.Seconds(lo, hi);
      d.AddVersion(t, status);
    };
    d.AddVersion(t, kInbox);
    if (rng.Chance(receiver.incoming_fail_ppm)) {
      add(kMinute, 20 * kMinute, kFail);
    } else if (receiver.fast_intake || !rng.Chance(receiver.inbox_stuck_ppm)) {
      const bool rejected = rng.Chance(20000);
      const DocumentStatus decision = rejected ? kRejection : kAcceptance;
      if (receiver.fast_intake) {
        add(kMinute, 4 * kHour, decision);
      } else {
        add(10 * kMinute, 5 * kDay, decision);
      }
      if (!rejected) {
        if (rng.Chance(750000)) {
          add(30 * kMinute, 3 * kDay, kProcessing);
          if (rng.Chance(850000)) add(kHour, 20 * kDay, kDone);
        } else if (rng.Chance(600000)) {
          add(kHour, 10 * kDay, kDone);
        }
      }
    }
  }

  World& w_;
  std::uint32_t unit_count_;
  std::uint32_t first_external_ = 0;        // outside_organs index of ExternalAgencies()[0]
  std::size_t first_signer_name_ = 0;       // signers index of SignerNames()[0]
  std::vector<std::int32_t> organ_signer_;  // by issuing party: signers index, or kNotYet
  std::vector<std::int32_t> notations_;     // by (issuing party, type): notation index
  std::vector<std::int32_t> non_state_;     // by n: outside_organs index
};

}  // namespace

void BuildDocuments(World& w) {
  const DocumentPlanner planner(w);
  DocumentWriter writer(w, planner.UnitCount());
  const std::size_t count = planner.Count();

  struct Key {
    std::uint32_t issuer;
    std::uint32_t plan;
    Time signed_at;
  };
  std::vector<Key> keys;
  keys.reserve(count);
  std::size_t records = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Issue issue = planner.Make(i);
    records += writer.RecordCount(issue);
    keys.push_back({issue.issuer, static_cast<std::uint32_t>(i), issue.signed_at});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.issuer != b.issuer) return a.issuer < b.issuer;
    if (a.signed_at != b.signed_at) return a.signed_at < b.signed_at;
    return a.plan < b.plan;
  });

  // Numbers (CodeNumber) run per issuer from 1 each calendar year.
  auto& documents = w.province.documents;
  documents.reserve(records);
  std::uint32_t issuer = ~0u;
  int year = 0;
  std::uint64_t number = 0;
  for (const Key& key : keys) {
    const Issue issue = planner.Make(key.plan);
    const int issue_year = YearOf(LocalDay(issue.signed_at));
    if (key.issuer != issuer || issue_year != year) {
      issuer = key.issuer;
      year = issue_year;
      number = 0;
    }
    writer.Write(issue, ++number, key.plan, documents);
  }
}

}  // namespace egovkpi::sim::gen
