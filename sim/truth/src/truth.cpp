// The KPIs of shared/spec/kpi.md from the province's records as the upstreams show them at
// `now`. One pass over each kind of record buckets counts by the record's unit and by the
// periods the record counts in (a bit mask over the 17 periods); the scopes then sum the
// buckets of the units they cover. Service pairs carry masks of the periods in which they
// are offered and used, so a pair is counted once per period however many dossiers it has.
#include "egovkpi/sim/truth.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "periods.hpp"

namespace egovkpi::sim {
namespace {

using truth_detail::kPeriodCount;
using truth_detail::PeriodMask;
using truth_detail::PlanCalendar;

enum Kpi : std::size_t {
  kOnlineServicesUsed,
  kOnlineDossiers,
  kBcciServicesUsed,
  kBcciReceived,
  kBcciReturned,
  kSignedEdocs,
  kEdocsProcessedOnline,
  kOnTimeDossiers,
  kKpiCount,
};

constexpr std::array<std::string_view, kKpiCount> kKpiIds = {
    "online_services_used", "online_dossiers", "bcci_services_used",     "bcci_received",
    "bcci_returned",        "signed_edocs",    "edocs_processed_online", "on_time_dossiers",
};

constexpr std::uint8_t kPostalCancelled = 7;

// A dossier as the one-stop system serves its newest version at `now`.
struct DossierAtNow {
  bool exists = false;
  std::uint8_t status = 0;
  bool deleted = false;
  std::optional<Time> received;  // NgayTiepNhan: first visible step with status 2
  std::optional<Time> finished;  // NgayKetThucXuLy: first visible step with status 9
  std::optional<Time> returned;  // NgayTra: first visible step with status 10
  std::optional<Time> due;       // NgayHenTra: served once the dossier is received
  Time newest{};                 // NgayCapNhat of that version
};

DossierAtNow Observe(const Dossier& d, Time now) {
  DossierAtNow seen;
  for (const DossierStep step : d.steps()) {
    if (step.at > now) continue;
    if (!seen.exists || step.at > seen.newest) seen.newest = step.at;
    seen.exists = true;
    seen.status = step.status;
    std::optional<Time>* first = step.status == 2    ? &seen.received
                                 : step.status == 9  ? &seen.finished
                                 : step.status == 10 ? &seen.returned
                                                     : nullptr;
    if (first != nullptr && !*first) *first = step.at;
  }
  if (!seen.exists) return seen;  // not submitted yet: a deletion alone shows nothing
  if (const std::optional<Time> deleted = d.deleted_at(); deleted && *deleted <= now) {
    seen.deleted = true;
    seen.newest = std::max(seen.newest, *deleted);
  }
  if (seen.received) seen.due = d.due_at();
  return seen;
}

// A document as the document-exchange system serves it at `now`: no status when it does
// not exist yet.
struct DocumentAtNow {
  std::optional<DocumentStatus> status;
  Time newest{};
};

DocumentAtNow Observe(const Document& doc, Time now) {
  DocumentAtNow seen;
  for (const DocumentVersion version : doc.versions()) {
    if (version.updated_at > now) continue;
    if (!seen.status || version.updated_at > seen.newest) seen.newest = version.updated_at;
    seen.status = version.status;
  }
  if (doc.version_count() == 0 || doc.version(0).updated_at > now) seen.status.reset();
  return seen;
}

// The current status of every postal item at `now` (its visible event with the highest
// id); nullopt for an item with no visible event (it does not exist yet).
std::vector<std::optional<std::pair<std::int64_t, std::uint8_t>>> PostalItemsAtNow(
    const Province& province, Time now) {
  std::vector<std::optional<std::pair<std::int64_t, std::uint8_t>>> current(
      province.postal_items.size());
  for (const PostalEvent& event : province.postal_events) {
    if (event.recorded_at > now || event.item >= current.size()) continue;
    auto& item = current[event.item];
    if (!item || event.id > item->first) item = std::make_pair(event.id, event.status);
  }
  return current;
}

// Per unit bucket, KPI and period: the counts behind the ratio.
struct Count {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};
using KpiCounts = std::array<std::array<Count, kPeriodCount>, kKpiCount>;

void Add(KpiCounts& counts, Kpi kpi, PeriodMask periods, bool in_numerator) {
  while (periods != 0) {
    const auto p = static_cast<std::size_t>(std::countr_zero(periods));
    periods &= periods - 1;
    Count& count = counts[kpi][p];
    ++count.denominator;
    if (in_numerator) ++count.numerator;
  }
}

// A distinct (unit, procedure) of the listed catalogue rows.
struct ServicePair {
  std::size_t bucket = 0;
  PeriodMask offered_online = 0;  // a row with MucDo 3/4 counts for the period
  PeriodMask offers_bcci = 0;     // a row with TiepNhanBCCI or TraKetQuaBCCI counts for it
  PeriodMask used_online = 0;     // an online dossier of the pair in D_P
  PeriodMask used_bcci = 0;       // received via BCCI in D_P, or returned via BCCI in P
};

std::uint64_t PairKey(UnitIndex unit, ProcedureIndex procedure) {
  return (std::uint64_t{unit} << 32) | procedure;
}

struct ScopeUnit {
  std::string_view scope;
  std::string unit;
  std::vector<std::size_t> buckets;
};

// Every scope and unit of kpi.md; bucket i < units.size() is unit i, the last bucket holds
// records of unit indexes the province does not have.
std::vector<ScopeUnit> ScopeUnits(const Province& province) {
  const auto& units = province.units;
  std::vector<ScopeUnit> scopes;
  ScopeUnit whole{"province", province.code, {}};
  for (std::size_t i = 0; i <= units.size(); ++i) whole.buckets.push_back(i);
  scopes.push_back(std::move(whole));

  constexpr std::array<std::string_view, 3> kLevels = {"tinh", "huyen", "xa"};
  for (std::size_t level = 1; level <= kLevels.size(); ++level) {
    ScopeUnit scope{"level", std::string(kLevels[level - 1]), {}};
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (units[i].in_catalogue && units[i].level == static_cast<int>(level)) {
        scope.buckets.push_back(i);
      }
    }
    scopes.push_back(std::move(scope));
  }
  for (std::size_t d = 0; d < units.size(); ++d) {
    if (!units[d].in_catalogue || units[d].level != 2) continue;
    ScopeUnit scope{"district", units[d].code, {d}};
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (i != d && units[i].in_catalogue && units[i].parent_code == units[d].code) {
        scope.buckets.push_back(i);
      }
    }
    scopes.push_back(std::move(scope));
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].in_catalogue) scopes.push_back({"agency", units[i].code, {i}});
  }
  return scopes;
}

class TruthBuilder {
 public:
  TruthBuilder(const Province& province, Time now, Time as_of)
      : province_(province),
        now_(now),
        calendar_(province.year, as_of),
        unknown_bucket_(province.units.size()),
        counts_(province.units.size() + 1) {}

  std::vector<KpiTruth> Build() {
    ListServicePairs();
    IndexPostalItems();
    CountDossiers();
    CountDocuments();
    CountServicePairs();
    return Rows();
  }

 private:
  std::size_t Bucket(UnitIndex unit) const {
    return unit < province_.units.size() ? unit : unknown_bucket_;
  }

  void ListServicePairs() {
    for (const ServiceRow& row : province_.service_rows) {
      if (row.published_at > now_) continue;  // not in the catalogue yet
      // Before its end is published the row is served open. A row without a publication
      // time for its end is taken to have been served with it from the start.
      std::optional<Date> valid_to = row.valid_to;
      if (row.valid_to_published_at && *row.valid_to_published_at > now_) valid_to.reset();
      const PeriodMask valid = calendar_.ValidityMask(row.valid_from, valid_to);
      auto [it, inserted] =
          pair_index_.try_emplace(PairKey(row.unit, row.procedure), pairs_.size());
      if (inserted) pairs_.push_back({Bucket(row.unit), 0, 0, 0, 0});
      ServicePair& pair = pairs_[it->second];
      if (row.level == 3 || row.level == 4) pair.offered_online |= valid;
      if (row.bcci_receive || row.bcci_return) pair.offers_bcci |= valid;
    }
  }

  // Which dossiers have a live (not cancelled) receipt or return item at `now`.
  void IndexPostalItems() {
    const auto current = PostalItemsAtNow(province_, now_);
    for (std::size_t i = 0; i < current.size(); ++i) {
      if (!current[i] || current[i]->second == kPostalCancelled) continue;
      const PostalItem& item = province_.postal_items[i];
      std::uint8_t& flags = postal_by_dossier_[province_.dossier_codes.at(item.order_number)];
      flags |= item.service == PostalService::kReceipt ? kLiveReceipt : kLiveReturn;
    }
  }

  std::uint8_t PostalFlags(std::string_view dossier_code) const {
    const auto it = postal_by_dossier_.find(dossier_code);
    return it == postal_by_dossier_.end() ? 0 : it->second;
  }

  void CountDossiers() {
    for (const Dossier& d : province_.dossiers) {
      const DossierAtNow seen = Observe(d, now_);
      if (!seen.exists || seen.deleted) continue;
      KpiCounts& counts = counts_[Bucket(d.unit)];
      const auto pair_it = pair_index_.find(PairKey(d.unit, d.procedure));
      ServicePair* pair = pair_it == pair_index_.end() ? nullptr : &pairs_[pair_it->second];
      const std::uint8_t postal = PostalFlags(province_.dossier_codes.at(d.code));

      // D_P: received (status 2, 4..10), placed by reception time.
      if (seen.status == 2 || (seen.status >= 4 && seen.status <= 10)) {
        const PeriodMask periods = calendar_.MaskOf(seen.received.value_or(d.submitted_at()));
        const bool online = d.channel == 2;
        // Channel 2 is online whatever the postal records say; anything but 2 and 3 is in
        // person (absent = 1), and in person becomes BCCI with a live receipt item.
        const bool via_bcci = d.channel == 3 || (d.channel != 2 && (postal & kLiveReceipt) != 0);
        Add(counts, kOnlineDossiers, periods, online);
        Add(counts, kBcciReceived, periods, via_bcci);
        if (pair != nullptr) {
          if (online) pair->used_online |= periods;
          if (via_bcci) pair->used_bcci |= periods;
        }
      }
      // Results returned in P.
      if (seen.status == 10) {
        const PeriodMask periods = calendar_.MaskOf(seen.returned);
        const bool via_bcci = d.return_method == 1 || (postal & kLiveReturn) != 0;
        Add(counts, kBcciReturned, periods, via_bcci);
        if (pair != nullptr && via_bcci) pair->used_bcci |= periods;
      }
      // Processed, with a promised date, placed by NgayKetThucXuLy.
      if ((seen.status == 9 || seen.status == 10) && seen.due && seen.finished) {
        Add(counts, kOnTimeDossiers, calendar_.MaskOf(seen.finished), *seen.finished <= *seen.due);
      }
    }
  }

  void CountDocuments() {
    for (const Document& doc : province_.documents) {
      const DocumentAtNow seen = Observe(doc, now_);
      if (!seen.status || doc.secret) continue;
      KpiCounts& counts = counts_[Bucket(doc.organ)];
      if (doc.outgoing) {
        if (!doc.peer_is_state_agency) continue;
        const bool electronic =
            doc.transport == Transport::kAxis || doc.transport == Transport::kLgsp;
        bool signed_ok = false;
        for (const Signature s : doc.signatures()) signed_ok = signed_ok || s.valid;
        Add(counts, kSignedEdocs, calendar_.MaskOf(doc.sent_at()), electronic && signed_ok);
      } else {
        const DocumentStatus status = *seen.status;
        if (status == DocumentStatus::kFail) continue;
        const bool processed =
            status == DocumentStatus::kAcceptance || status == DocumentStatus::kRejection ||
            status == DocumentStatus::kProcessing || status == DocumentStatus::kDone;
        Add(counts, kEdocsProcessedOnline, calendar_.MaskOf(doc.received_at()), processed);
      }
    }
  }

  void CountServicePairs() {
    for (const ServicePair& pair : pairs_) {
      KpiCounts& counts = counts_[pair.bucket];
      for (std::size_t p = 0; p < kPeriodCount; ++p) {
        const PeriodMask bit = PeriodMask{1} << p;
        if ((pair.offered_online & bit) != 0) {
          Add(counts, kOnlineServicesUsed, bit, (pair.used_online & bit) != 0);
        }
        if ((pair.offers_bcci & bit) != 0) {
          Add(counts, kBcciServicesUsed, bit, (pair.used_bcci & bit) != 0);
        }
      }
    }
  }

  std::vector<KpiTruth> Rows() const {
    const auto& periods = calendar_.periods();
    std::vector<KpiTruth> rows;
    for (const ScopeUnit& scope : ScopeUnits(province_)) {
      KpiCounts sum{};
      for (std::size_t bucket : scope.buckets) {
        for (std::size_t k = 0; k < kKpiCount; ++k) {
          for (std::size_t p = 0; p < kPeriodCount; ++p) {
            sum[k][p].numerator += counts_[bucket][k][p].numerator;
            sum[k][p].denominator += counts_[bucket][k][p].denominator;
          }
        }
      }
      for (std::size_t k = 0; k < kKpiCount; ++k) {
        for (std::size_t p = 0; p < kPeriodCount; ++p) {
          if (!calendar_.Reported(p)) continue;
          rows.push_back({std::string(kKpiIds[k]), std::string(scope.scope), scope.unit,
                          std::string(periods[p].kind), periods[p].start, periods[p].end,
                          sum[k][p].numerator, sum[k][p].denominator});
        }
      }
    }
    const auto key = [](const KpiTruth& r) {
      return std::tie(r.kpi, r.scope, r.unit, r.period, r.period_start);
    };
    std::sort(rows.begin(), rows.end(),
              [&](const KpiTruth& a, const KpiTruth& b) { return key(a) < key(b); });
    return rows;
  }

  static constexpr std::uint8_t kLiveReceipt = 1;
  static constexpr std::uint8_t kLiveReturn = 2;

  const Province& province_;
  Time now_;
  PlanCalendar calendar_;
  std::size_t unknown_bucket_;
  std::vector<KpiCounts> counts_;
  std::vector<ServicePair> pairs_;
  std::unordered_map<std::uint64_t, std::size_t> pair_index_;
  std::unordered_map<std::string_view, std::uint8_t> postal_by_dossier_;
};

}  // namespace

Time AsOf(const Province& province, Time now) {
  std::optional<Time> newest;
  const auto see = [&](Time t) {
    if (!newest || t > *newest) newest = t;
  };
  for (const Dossier& d : province.dossiers) {
    const DossierAtNow seen = Observe(d, now);
    if (seen.exists) see(seen.newest);
  }
  for (const PostalEvent& event : province.postal_events) {
    if (event.recorded_at <= now) see(event.event_time);
  }
  for (const Document& doc : province.documents) {
    const DocumentAtNow seen = Observe(doc, now);
    if (seen.status) see(seen.newest);
  }
  Time as_of = std::min(now, truth_detail::StartOfLocalYear(province.year + 1));
  if (newest) as_of = std::min(as_of, *newest);
  return as_of;
}

Truth ComputeTruth(const Province& province, Time now) {
  Truth truth;
  truth.as_of = AsOf(province, now);
  truth.rows = TruthBuilder(province, now, truth.as_of).Build();
  return truth;
}

}  // namespace egovkpi::sim
