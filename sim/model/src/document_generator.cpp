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

enum class Transport : std::uint8_t { kAxis, kLgsp, kEmail, kPaper };
constexpr const char* kTransportNames[] = {"axis", "lgsp", "email", "paper"};

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

// Writes the records of each issue.
class DocumentWriter {
 public:
  DocumentWriter(const World& w, std::uint32_t unit_count) : w_(w), unit_count_(unit_count) {}

  std::string PartyCode(std::uint32_t party) const {
    if (party < unit_count_) return w_.province.units[party].code;
    if (party < kNonStateBase) return ExternalAgencies()[party - unit_count_].code;
    const std::uint32_t n = party - kNonStateBase;
    std::string code = "000.";
    AppendPadded(code, n / 100, 2);
    code += '.';
    AppendPadded(code, n % 100, 2);
    code += ".H21";
    return code;
  }

  std::string Abbreviation(std::uint32_t party) const {
    if (party < unit_count_) return w_.profiles[party].abbreviation;
    return ExternalAgencies()[party - unit_count_].abbreviation;
  }

  // How many records `issue` makes.
  std::size_t RecordCount(const Issue& issue) const {
    std::size_t n = issue.issuer < unit_count_ ? 1 : 0;
    if (issue.failed) return n;
    for (std::uint8_t k = 0; k < issue.peer_count; ++k) n += issue.peers[k] < unit_count_ ? 1 : 0;
    return n;
  }

  void Write(const Issue& issue, std::uint64_t number, std::uint64_t stream,
             std::vector<Document>& out) const {
    Rng rng(w_.options.seed, Purpose::kDocumentRecords, stream);
    Document base;
    const std::string issuer_code = PartyCode(issue.issuer);
    base.code_number = std::to_string(number);
    base.code_notation = issue.type == 1 ? Abbreviation(issue.issuer) + "-VP"
                                         : kNotationPrefix[issue.type] + Abbreviation(issue.issuer);
    base.promulgation_date = LocalDay(issue.signed_at);
    base.document_id.reserve(issuer_code.size() + 12 + base.code_number.size() +
                             base.code_notation.size());
    base.document_id = issuer_code;
    base.document_id += ',';
    base.document_id += SlashDate(base.promulgation_date);
    base.document_id += ',';
    base.document_id += base.code_number;
    base.document_id += '/';
    base.document_id += base.code_notation;
    base.document_type = issue.type;
    base.secret = issue.secret;
    base.transport = kTransportNames[static_cast<int>(issue.transport)];
    AddSignatures(issue, issuer_code, base);

    if (issue.issuer < unit_count_) {
      Document outgoing = base;
      outgoing.outgoing = true;
      outgoing.organ = issue.issuer;
      outgoing.peer_is_state_agency = issue.peer_state;
      outgoing.peer_codes.reserve(issue.peer_count);
      for (std::uint8_t k = 0; k < issue.peer_count; ++k) {
        outgoing.peer_codes.push_back(PartyCode(issue.peers[k]));
      }
      outgoing.sent_at = issue.sent_at;
      if (issue.failed) {
        outgoing.versions = {{issue.sent_at, "done"},
                             {issue.sent_at + rng.Seconds(kMinute, 30 * kMinute), "fail"}};
      } else {
        outgoing.versions = {{issue.sent_at, "done"}};
      }
      out.push_back(std::move(outgoing));
    }
    if (issue.failed) return;
    for (std::uint8_t k = 0; k < issue.peer_count; ++k) {
      const std::uint32_t receiver = issue.peers[k];
      if (receiver >= unit_count_) continue;
      Document incoming = base;
      incoming.outgoing = false;
      incoming.organ = receiver;
      incoming.peer_is_state_agency = true;  // every issuer here is a state agency
      incoming.peer_codes = {issuer_code};
      const Time received =
          issue.sent_at + (issue.delivery ? *issue.delivery : Delivery(rng, issue));
      incoming.received_at = received;
      Intake(rng, w_.profiles[receiver], received, incoming);
      out.push_back(std::move(incoming));
    }
  }

 private:
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

  void AddSignatures(const Issue& issue, const std::string& issuer_code, Document& d) const {
    const auto personal = [&](bool valid) {
      Signature s;
      s.organization = false;
      s.valid = valid;
      s.signer = SignerNames()[issue.signer];
      s.signing_time = issue.signed_at;
      return s;
    };
    const auto organization = [&](bool valid) {
      Signature s;
      s.organization = true;
      s.valid = valid;
      s.signer = issuer_code;
      s.signing_time = issue.signed_at + 10min;
      return s;
    };
    switch (issue.signing) {
      case Signing::kNone:
        break;
      case Signing::kOrganization:
        d.signatures = {organization(true)};
        break;
      case Signing::kPersonalOrganization:
        d.signatures = {personal(true), organization(true)};
        break;
      case Signing::kInvalidOrganization:
        d.signatures = {organization(false)};
        break;
      case Signing::kInvalidPersonal:
        d.signatures = {personal(false)};
        break;
    }
  }

  // An incoming document's life in the receiver's inbox.
  static void Intake(Rng& rng, const UnitProfile& receiver, Time received, Document& d) {
    std::array<DocumentVersion, 4> v;
    std::size_t n = 0;
    Time t = received;
    const auto add = [&](std::int64_t lo, std::int64_t hi, const char* status) {
      t += rng.Seconds(lo, hi);
      v[n++] = {t, status};
    };
    v[n++] = {t, "inbox"};
    if (rng.Chance(receiver.incoming_fail_ppm)) {
      add(kMinute, 20 * kMinute, "fail");
    } else if (receiver.fast_intake || !rng.Chance(receiver.inbox_stuck_ppm)) {
      const bool rejected = rng.Chance(20000);
      if (receiver.fast_intake) {
        add(kMinute, 4 * kHour, rejected ? "rejection" : "acceptance");
      } else {
        add(10 * kMinute, 5 * kDay, rejected ? "rejection" : "acceptance");
      }
      if (!rejected) {
        if (rng.Chance(750000)) {
          add(30 * kMinute, 3 * kDay, "processing");
          if (rng.Chance(850000)) add(kHour, 20 * kDay, "done");
        } else if (rng.Chance(600000)) {
          add(kHour, 10 * kDay, "done");
        }
      }
    }
    d.versions.assign(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
  }

  const World& w_;
  std::uint32_t unit_count_;
};

}  // namespace

void BuildDocuments(World& w) {
  const DocumentPlanner planner(w);
  const DocumentWriter writer(w, planner.UnitCount());
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
