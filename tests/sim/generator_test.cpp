// The province generator (sim/model): the same seed gives the same province, volumes are
// realistic and follow the scale, every record keeps the invariants the servers and the
// ground truth rely on, and every edge case the simulator promises is present.
#include "egovkpi/sim/generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "egovkpi/sim/time_format.hpp"

namespace egovkpi::sim {
namespace {

using namespace std::chrono_literals;

// Local midnight starting 1 January of `year`.
Time YearStart(int year) {
  return StartOfLocalDay(Date(std::chrono::year(year) / std::chrono::January / 1));
}

// The province most tests read, generated once per process (scale 1, the default seed).
const Province& GiaLai() {
  static const Province province = GenerateProvince(GeneratorOptions{});
  return province;
}

// The same at scale 0.1: the catalogue is the same, the records a tenth.
const Province& SmallGiaLai() {
  static const Province province = GenerateProvince(GeneratorOptions{.scale = 0.1});
  return province;
}

// FNV-1a over every field of every record.
class Hasher {
 public:
  void Bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      hash_ ^= p[i];
      hash_ *= 1099511628211ULL;
    }
  }
  void Int(std::int64_t v) { Bytes(&v, sizeof v); }
  void Str(std::string_view s) {
    Int(static_cast<std::int64_t>(s.size()));
    Bytes(s.data(), s.size());
  }
  void At(Time t) { Int(t.time_since_epoch().count()); }
  void Day(Date d) { Int(d.time_since_epoch().count()); }
  void MaybeAt(const std::optional<Time>& t) {
    Int(t.has_value());
    if (t) At(*t);
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

std::uint64_t HashOf(const Province& p) {
  Hasher h;
  h.Str(p.code);
  h.Str(p.name);
  h.Int(p.year);
  for (const Unit& u : p.units) {
    h.Str(u.code);
    h.Str(u.name);
    h.Int(u.level);
    h.Str(u.parent_code);
    h.Int(u.in_catalogue);
  }
  for (const Procedure& x : p.procedures) {
    h.Str(x.code);
    h.Str(x.name);
    h.Str(x.field_code);
    h.Str(x.field_name);
    h.Int(x.has_fee);
  }
  for (const ServiceRow& r : p.service_rows) {
    h.Int(r.unit);
    h.Int(r.procedure);
    h.Int(r.level);
    h.Int(r.bcci_receive);
    h.Int(r.bcci_return);
    h.Day(r.valid_from);
    h.Int(r.valid_to.has_value());
    if (r.valid_to) h.Day(*r.valid_to);
    h.At(r.published_at);
    h.MaybeAt(r.valid_to_published_at);
  }
  for (const Dossier& d : p.dossiers) {
    h.Str(p.dossier_codes[d.code]);
    h.Int(d.unit);
    h.Int(d.procedure);
    h.Int(d.channel);
    h.Int(d.return_method);
    h.Int(d.level);
    h.Int(d.payment);
    h.Int(d.electronic_result);
    h.At(d.submitted_at());
    h.MaybeAt(d.due_at());
    for (const DossierStep s : d.steps()) {
      h.At(s.at);
      h.Int(s.status);
    }
    h.MaybeAt(d.deleted_at());
  }
  for (const PostalItem& i : p.postal_items) {
    h.Str(i.item_code);
    h.Str(p.dossier_codes[i.order_number]);
    h.Int(static_cast<int>(i.service));
    h.Int(i.unit);
  }
  for (const PostalEvent& e : p.postal_events) {
    h.Int(e.id);
    h.Int(e.item);
    h.Int(e.status);
    h.At(e.event_time);
    h.At(e.recorded_at);
  }
  for (const Document& d : p.documents) {
    h.Str(DocumentId(p, d));
    h.Int(d.outgoing);
    h.Int(d.organ);
    for (const OrganRef peer : d.peers()) h.Str(OrganCode(p, peer));
    h.Int(d.peer_is_state_agency);
    h.Int(d.code_number);
    h.Str(p.document_notations[d.notation]);
    h.Day(d.promulgation_date());
    h.Int(d.document_type);
    h.Int(d.secret);
    h.Str(TransportName(d.transport));
    for (const Signature s : d.signatures()) {
      h.Int(s.organization);
      h.Int(s.valid);
      h.Str(p.signers[s.signer]);
      h.At(s.signing_time);
    }
    h.MaybeAt(d.sent_at());
    h.MaybeAt(d.received_at());
    for (const DocumentVersion v : d.versions()) {
      h.At(v.updated_at);
      h.Str(DocumentStatusName(v.status));
    }
  }
  return h.value();
}

std::optional<Time> StepTime(const Dossier& d, int status) {
  for (const DossierStep s : d.steps()) {
    if (s.status == status) return s.at;
  }
  return std::nullopt;
}

Time ReceptionTime(const Dossier& d) { return StepTime(d, 2).value_or(d.submitted_at()); }

// MaHoSo of `d`.
std::string_view CodeOf(const Province& p, const Dossier& d) { return p.dossier_codes[d.code]; }

// The status name of a document's last version.
std::string_view LastStatus(const Document& d) {
  return DocumentStatusName(d.versions().back().status);
}

bool Counted(int status) { return status == 2 || (status >= 4 && status <= 10); }

// ---------------------------------------------------------------------------------------
// Determinism

TEST(GeneratorDeterminism, SameSeedGivesIdenticalProvince) {
  const Province again = GenerateProvince(GeneratorOptions{.scale = 0.1});
  const Province& first = SmallGiaLai();
  EXPECT_EQ(HashOf(again), HashOf(first));
  ASSERT_EQ(again.dossiers.size(), first.dossiers.size());
  ASSERT_EQ(again.documents.size(), first.documents.size());
  ASSERT_EQ(again.postal_events.size(), first.postal_events.size());
  for (std::size_t i : {std::size_t{0}, first.dossiers.size() / 2, first.dossiers.size() - 1}) {
    EXPECT_EQ(CodeOf(again, again.dossiers[i]), CodeOf(first, first.dossiers[i]));
    EXPECT_EQ(again.dossiers[i].steps().back().at, first.dossiers[i].steps().back().at);
  }
  for (std::size_t i : {std::size_t{0}, first.documents.size() / 3, first.documents.size() - 1}) {
    EXPECT_EQ(DocumentId(again, again.documents[i]), DocumentId(first, first.documents[i]));
    EXPECT_EQ(again.documents[i].versions().back().updated_at,
              first.documents[i].versions().back().updated_at);
  }
  EXPECT_EQ(again.postal_items.back().item_code, first.postal_items.back().item_code);
  EXPECT_EQ(again.service_rows[100].published_at, first.service_rows[100].published_at);
}

TEST(GeneratorDeterminism, DifferentSeedGivesDifferentProvince) {
  const Province other = GenerateProvince(GeneratorOptions{.seed = 7, .scale = 0.1});
  const Province& first = SmallGiaLai();
  EXPECT_NE(HashOf(other), HashOf(first));
  // The real names stay; the records change.
  EXPECT_EQ(other.units.size(), first.units.size());
  EXPECT_EQ(other.units[0].name, first.units[0].name);
  EXPECT_NE(other.dossiers[0].submitted_at(), first.dossiers[0].submitted_at());
}

TEST(GeneratorDeterminism, FollowsTheRequestedYear) {
  const Province p = GenerateProvince(GeneratorOptions{.scale = 0.01, .year = 2022});
  EXPECT_EQ(p.year, 2022);
  std::size_t in_year = 0;
  for (const Dossier& d : p.dossiers) {
    const Time r = ReceptionTime(d);
    in_year += r >= YearStart(2022) && r < YearStart(2023);
  }
  EXPECT_GT(in_year, p.dossiers.size() * 9 / 10);
}

// ---------------------------------------------------------------------------------------
// Volumes

TEST(GeneratorVolumes, UnitsAreGiaLaisRealUnits) {
  const Province& p = SmallGiaLai();  // the catalogue does not depend on the scale
  EXPECT_EQ(p.code, "H21");
  EXPECT_EQ(p.name, "Gia Lai");
  std::map<int, int> by_level;
  std::set<std::string> districts;
  for (const Unit& u : p.units) {
    if (!u.in_catalogue) continue;
    ++by_level[u.level];
    if (u.level == 2) districts.insert(u.name);
  }
  EXPECT_GE(by_level[1], 19);
  EXPECT_LE(by_level[1], 23);
  EXPECT_EQ(by_level[2], 17);
  EXPECT_GE(by_level[3], 200);
  EXPECT_LE(by_level[3], 240);
  const std::set<std::string> expected = {
      "UBND thành phố Pleiku", "UBND thị xã An Khê",   "UBND thị xã Ayun Pa",
      "UBND huyện Chư Păh",    "UBND huyện Chư Prông", "UBND huyện Chư Pưh",
      "UBND huyện Chư Sê",     "UBND huyện Đak Đoa",   "UBND huyện Đak Pơ",
      "UBND huyện Đức Cơ",     "UBND huyện Ia Grai",   "UBND huyện Ia Pa",
      "UBND huyện Kbang",      "UBND huyện Kông Chro", "UBND huyện Krông Pa",
      "UBND huyện Mang Yang",  "UBND huyện Phú Thiện"};
  EXPECT_EQ(districts, expected);
  const auto has_unit = [&p](std::string_view name) {
    return std::any_of(p.units.begin(), p.units.end(),
                       [name](const Unit& u) { return u.name == name; });
  };
  EXPECT_TRUE(has_unit("Sở Thông tin và Truyền thông"));
  EXPECT_TRUE(has_unit("Trung tâm Phục vụ hành chính công tỉnh"));
  EXPECT_TRUE(has_unit("UBND xã Ia Rsươm"));
  EXPECT_TRUE(has_unit("UBND phường Hoa Lư"));
  EXPECT_TRUE(has_unit("UBND thị trấn Chư Sê"));
}

TEST(GeneratorVolumes, VolumesAtScaleOneAreRealistic) {
  const Province& p = GiaLai();
  EXPECT_GE(p.procedures.size(), 1800u);
  EXPECT_LE(p.procedures.size(), 2200u);
  EXPECT_GE(p.service_rows.size(), 5000u);
  EXPECT_LE(p.service_rows.size(), 16000u);
  EXPECT_GE(p.dossiers.size(), 120000u);
  EXPECT_LE(p.dossiers.size(), 180000u);
  EXPECT_GE(p.documents.size(), 200000u);
  EXPECT_LE(p.documents.size(), 400000u);
  EXPECT_GE(p.postal_items.size(), 10000u);
  EXPECT_GE(p.postal_events.size(), 3 * p.postal_items.size());
}

TEST(GeneratorVolumes, ScaleMultipliesDossiersPostalItemsAndDocuments) {
  const Province& big = GiaLai();
  const Province& small = SmallGiaLai();
  EXPECT_EQ(small.units.size(), big.units.size());
  EXPECT_EQ(small.procedures.size(), big.procedures.size());
  EXPECT_EQ(small.service_rows.size(), big.service_rows.size());
  const auto near_tenth = [](std::size_t part, std::size_t whole) {
    return part * 100 > whole * 8 && part * 100 < whole * 12;
  };
  EXPECT_TRUE(near_tenth(small.dossiers.size(), big.dossiers.size())) << small.dossiers.size();
  EXPECT_TRUE(near_tenth(small.documents.size(), big.documents.size())) << small.documents.size();
  EXPECT_TRUE(near_tenth(small.postal_items.size(), big.postal_items.size()))
      << small.postal_items.size();
}

// ---------------------------------------------------------------------------------------
// Catalogue invariants

TEST(GeneratorCatalogue, UnitCodesAreUniqueAndParentsExist) {
  const Province& p = SmallGiaLai();  // the catalogue does not depend on the scale
  std::unordered_map<std::string, const Unit*> by_code;
  for (const Unit& u : p.units) {
    EXPECT_TRUE(by_code.emplace(u.code, &u).second) << u.code;
    EXPECT_EQ(u.code.size(), 13u) << u.code;
    EXPECT_TRUE(u.code.ends_with(".H21")) << u.code;
  }
  std::size_t outside = 0;
  for (const Unit& u : p.units) {
    outside += !u.in_catalogue;
    if (u.level == 3) {
      ASSERT_TRUE(by_code.count(u.parent_code)) << u.code;
      EXPECT_EQ(by_code[u.parent_code]->level, 2) << u.code;
      EXPECT_EQ(u.code.substr(7), by_code[u.parent_code]->code.substr(7)) << u.code;
    } else {
      EXPECT_EQ(u.parent_code, "H21") << u.code;
    }
  }
  EXPECT_GE(outside, 2u);
  EXPECT_LE(outside, 3u);
}

TEST(GeneratorCatalogue, ProcedureCodesAreUnique) {
  const Province& p = SmallGiaLai();  // the catalogue does not depend on the scale
  std::unordered_set<std::string> codes;
  std::set<std::string> fields;
  std::size_t with_fee = 0;
  for (const Procedure& x : p.procedures) {
    EXPECT_TRUE(codes.insert(x.code).second) << x.code;
    EXPECT_EQ(x.code.size(), 22u) << x.code;
    EXPECT_TRUE(x.code.ends_with(".000.00.00.H21")) << x.code;
    EXPECT_FALSE(x.name.empty());
    fields.insert(x.field_name);
    with_fee += x.has_fee;
  }
  EXPECT_TRUE(fields.count("Hộ tịch"));
  EXPECT_TRUE(fields.count("Chứng thực"));
  EXPECT_TRUE(fields.count("Đất đai"));
  EXPECT_GT(with_fee, p.procedures.size() / 5);
  EXPECT_LT(with_fee, p.procedures.size() * 4 / 5);
}

TEST(GeneratorCatalogue, ServiceRowsAreValidAndPublishedBeforeTheyApply) {
  const Province& p = SmallGiaLai();  // the catalogue does not depend on the scale
  const Time year_start = YearStart(p.year);
  std::set<std::pair<UnitIndex, ProcedureIndex>> pairs;
  std::map<int, std::size_t> by_level;
  std::size_t withdrawn_before = 0;
  std::size_t bcci_receive = 0;
  for (const ServiceRow& r : p.service_rows) {
    ASSERT_LT(r.unit, p.units.size());
    ASSERT_LT(r.procedure, p.procedures.size());
    EXPECT_TRUE(p.units[r.unit].in_catalogue);
    EXPECT_GE(r.level, 2);
    EXPECT_LE(r.level, 4);
    ++by_level[r.level];
    bcci_receive += r.bcci_receive;
    pairs.insert({r.unit, r.procedure});
    EXPECT_LE(r.published_at, StartOfLocalDay(r.valid_from) + 24h);
    if (StartOfLocalDay(r.valid_from) < year_start) {
      EXPECT_LT(r.published_at, year_start);
    }
    if (r.valid_to) {
      EXPECT_GE(*r.valid_to, r.valid_from);
      ASSERT_TRUE(r.valid_to_published_at.has_value());
      EXPECT_LE(*r.valid_to_published_at, StartOfLocalDay(*r.valid_to + std::chrono::days(1)));
      EXPECT_GE(*r.valid_to_published_at, r.published_at);
      withdrawn_before += StartOfLocalDay(*r.valid_to) < year_start;
    } else {
      EXPECT_FALSE(r.valid_to_published_at.has_value());
    }
  }
  EXPECT_GE(pairs.size(), 5000u);
  EXPECT_LE(pairs.size(), 15000u);
  EXPECT_GT(by_level[2], p.service_rows.size() / 10);
  EXPECT_GT(by_level[3] + by_level[4], p.service_rows.size() / 2);
  EXPECT_GT(bcci_receive, p.service_rows.size() / 2);
  EXPECT_LT(bcci_receive, p.service_rows.size());
  EXPECT_GE(withdrawn_before, 5u);
  // Rows are sorted by (unit, procedure, valid_from).
  EXPECT_TRUE(std::is_sorted(p.service_rows.begin(), p.service_rows.end(),
                             [](const ServiceRow& a, const ServiceRow& b) {
                               return std::tie(a.unit, a.procedure, a.valid_from) <
                                      std::tie(b.unit, b.procedure, b.valid_from);
                             }));
}

TEST(GeneratorCatalogue, UpgradedPairsHaveNonOverlappingRows) {
  const Province& p = SmallGiaLai();  // the catalogue does not depend on the scale
  const Time year_start = YearStart(p.year);
  const Time year_end = YearStart(p.year + 1);
  std::size_t upgrades = 0;
  for (std::size_t i = 1; i < p.service_rows.size(); ++i) {
    const ServiceRow& a = p.service_rows[i - 1];
    const ServiceRow& b = p.service_rows[i];
    if (a.unit != b.unit || a.procedure != b.procedure) continue;
    ++upgrades;
    ASSERT_TRUE(a.valid_to.has_value());
    EXPECT_EQ(*a.valid_to + std::chrono::days(1), b.valid_from);  // no overlap, no gap
    EXPECT_EQ(b.level, a.level + 1);
    EXPECT_LE(b.published_at, StartOfLocalDay(b.valid_from));
    EXPECT_EQ(a.valid_to_published_at, b.published_at);
    EXPECT_GE(StartOfLocalDay(b.valid_from), year_start);
    EXPECT_LT(StartOfLocalDay(b.valid_from), year_end);
  }
  EXPECT_GE(upgrades, 100u);
  EXPECT_LE(upgrades, 700u);
}

// ---------------------------------------------------------------------------------------
// Dossiers

TEST(GeneratorDossiers, RecordsKeepTheirInvariants) {
  const Province& p = GiaLai();
  std::unordered_set<std::string> codes;
  codes.reserve(p.dossiers.size());
  for (const Dossier& d : p.dossiers) {
    ASSERT_LT(d.code, p.dossier_codes.size());
    const std::string code(CodeOf(p, d));
    ASSERT_TRUE(codes.insert(code).second) << code;
    ASSERT_TRUE(code.starts_with("H21.")) << code;
    ASSERT_LT(d.unit, p.units.size());
    ASSERT_LT(d.procedure, p.procedures.size());
    ASSERT_GE(d.channel, 1);
    ASSERT_LE(d.channel, 3);
    ASSERT_LE(d.return_method, 1);
    ASSERT_GE(d.level, 2);
    ASSERT_LE(d.level, 4);
    ASSERT_LE(d.payment, 3);
    const auto steps = d.steps();
    ASSERT_FALSE(steps.empty()) << code;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      ASSERT_GE(steps[i].status, 1) << code;
      ASSERT_LE(steps[i].status, 10) << code;
      if (i > 0) {
        ASSERT_GE(steps[i].at, steps[i - 1].at + 1s) << code;
      }
    }
    ASSERT_GE(steps.front().at, d.submitted_at()) << code;
    if (d.deleted_at()) {
      ASSERT_GT(*d.deleted_at(), steps.back().at) << code;
    }
    // NgayHenTra exactly for the dossiers that were received.
    ASSERT_EQ(d.due_at().has_value(), StepTime(d, 2).has_value()) << code;
    if (d.due_at()) {
      ASSERT_GT(*d.due_at(), *StepTime(d, 2)) << code;
    }
    if (d.electronic_result) {
      ASSERT_TRUE(StepTime(d, 9).has_value()) << code;
    }
    // The code carries the local submission date.
    ASSERT_NE(code.find("-" + CompactLocalDate(LocalDay(d.submitted_at())).substr(2) + "-"),
              std::string::npos)
        << code;
  }
}

TEST(GeneratorDossiers, ReceptionsAreSpreadOverTheYearInOfficeHours) {
  const Province& p = GiaLai();
  const Time start = YearStart(p.year);
  std::array<std::size_t, 12> by_month{};
  std::size_t office_hours = 0;
  std::size_t received = 0;
  for (const Dossier& d : p.dossiers) {
    const auto r = StepTime(d, 2);
    if (!r || *r < start || *r >= YearStart(p.year + 1)) continue;
    ++received;
    ++by_month[unsigned(std::chrono::year_month_day(LocalDay(*r)).month()) - 1];
    const auto local = (*r + kLocalOffset).time_since_epoch() % 24h;
    office_hours += local >= 7h && local < 17h;
  }
  for (std::size_t month_count : by_month) EXPECT_GT(month_count, received / 30);
  EXPECT_GT(office_hours, received * 95 / 100);
}

TEST(GeneratorDossiers, ReceptionsCrossTheYearBoundariesInLocalTime) {
  const Province& p = GiaLai();
  const Time start = YearStart(p.year);
  const Time end = YearStart(p.year + 1);
  std::size_t late_previous_year = 0;  // 23:30-24:00 local on 31/12 of the previous year
  std::size_t first_second = 0;
  std::size_t last_hour = 0;
  std::size_t early_next_year = 0;
  std::size_t submitted_before_received_in = 0;
  std::size_t december_continued = 0;  // received in December before, changed in the year
  for (const Dossier& d : p.dossiers) {
    const auto r = StepTime(d, 2);
    if (!r) continue;
    late_previous_year += *r >= start - 30min && *r < start;
    first_second += *r == start;
    last_hour += *r >= end - 1h && *r < end;
    early_next_year += *r >= end && *r < end + 1h;
    submitted_before_received_in += d.submitted_at() < start && *r >= start && *r < end;
    december_continued +=
        *r < start && *r >= start - std::chrono::days(31) && d.steps().back().at >= start;
  }
  EXPECT_GE(late_previous_year, 2u);
  EXPECT_GE(first_second, 1u);
  EXPECT_GE(last_hour, 2u);
  EXPECT_GE(early_next_year, 2u);
  EXPECT_GE(submitted_before_received_in, 1u);
  EXPECT_GE(december_continued, 20u);
}

TEST(GeneratorDossiers, SeveralDossiersShareAnUpdateSecond) {
  const Province& p = GiaLai();
  std::unordered_map<std::int64_t, std::string> first_code_at;
  std::size_t shared = 0;
  for (const Dossier& d : p.dossiers) {
    const std::string code(CodeOf(p, d));
    for (const DossierStep s : d.steps()) {
      auto [it, inserted] = first_code_at.emplace(s.at.time_since_epoch().count(), code);
      shared += !inserted && it->second != code;
    }
  }
  EXPECT_GE(shared, 75u);  // at least the 25 batches of 4 received at one second
}

TEST(GeneratorDossiers, EveryLifecycleEndingIsPresent) {
  const Province& p = GiaLai();
  std::map<int, std::size_t> last_status;
  std::size_t deleted = 0;
  std::size_t online_started_at_1 = 0;
  std::size_t late = 0;
  std::size_t on_time = 0;
  std::size_t exactly_due = 0;
  std::size_t supplement = 0;
  std::size_t fee = 0;
  for (const Dossier& d : p.dossiers) {
    ++last_status[d.steps().back().status];
    deleted += d.deleted_at().has_value();
    if (d.channel == 2) online_started_at_1 += d.steps().front().status == 1;
    if (d.channel != 2 && d.steps().front().status != 3) {
      EXPECT_EQ(d.steps().front().status, 2);
    }
    if (const auto done = StepTime(d, 9)) {
      late += *done > *d.due_at();
      on_time += *done <= *d.due_at();
      exactly_due += *done == *d.due_at();
    }
    supplement += StepTime(d, 5).has_value();
    fee += StepTime(d, 6).has_value();
  }
  for (int status : {1, 3, 4, 7, 8, 9, 10}) EXPECT_GE(last_status[status], 20u) << status;
  EXPECT_GE(deleted, 50u);
  EXPECT_GE(exactly_due, 5u);
  EXPECT_GT(on_time, late * 4);
  EXPECT_GT(late, on_time / 50);
  EXPECT_GE(supplement, 100u);
  EXPECT_GE(fee, 100u);
  std::size_t online = 0;
  for (const Dossier& d : p.dossiers) online += d.channel == 2;
  EXPECT_EQ(online_started_at_1, online);
}

TEST(GeneratorDossiers, OnlineShareRisesThroughTheYear) {
  const Province& p = GiaLai();
  std::array<std::size_t, 12> counted{};
  std::array<std::size_t, 12> online{};
  for (const Dossier& d : p.dossiers) {
    const Time r = ReceptionTime(d);
    if (r < YearStart(p.year) || r >= YearStart(p.year + 1) || d.deleted_at()) continue;
    if (!Counted(d.steps().back().status)) continue;
    const auto m = unsigned(std::chrono::year_month_day(LocalDay(r)).month()) - 1;
    ++counted[m];
    online[m] += d.channel == 2;
  }
  const double january = double(online[0]) / double(counted[0]);
  const double december = double(online[11]) / double(counted[11]);
  EXPECT_GT(january, 0.10);
  EXPECT_LT(january, 0.20);
  EXPECT_GT(december, 0.28);
  EXPECT_LT(december, 0.42);
}

// ---------------------------------------------------------------------------------------
// Postal records

TEST(GeneratorPostal, EventIdsFollowRecordingTime) {
  const Province& p = GiaLai();
  for (std::size_t i = 0; i < p.postal_events.size(); ++i) {
    const PostalEvent& e = p.postal_events[i];
    ASSERT_EQ(e.id, static_cast<std::int64_t>(i) + 1);
    ASSERT_LT(e.item, p.postal_items.size());
    ASSERT_GE(e.status, 1);
    ASSERT_LE(e.status, 7);
    ASSERT_LE(e.event_time, e.recorded_at) << e.id;
    if (i > 0) {
      ASSERT_GE(e.recorded_at, p.postal_events[i - 1].recorded_at) << e.id;
    }
  }
  std::unordered_set<std::string> codes;
  std::vector<std::size_t> events_per_item(p.postal_items.size(), 0);
  for (const PostalEvent& e : p.postal_events) ++events_per_item[e.item];
  for (std::size_t i = 0; i < p.postal_items.size(); ++i) {
    const PostalItem& item = p.postal_items[i];
    EXPECT_TRUE(codes.insert(item.item_code).second) << item.item_code;
    EXPECT_EQ(item.item_code.size(), 13u);
    EXPECT_TRUE(item.item_code.ends_with("VN"));
    EXPECT_LT(item.unit, p.units.size());
    EXPECT_GE(events_per_item[i], 2u) << item.item_code;
  }
}

TEST(GeneratorPostal, EdgeCasesArePresent) {
  const Province& p = GiaLai();
  std::unordered_map<std::string_view, const Dossier*> dossiers;
  for (const Dossier& d : p.dossiers) dossiers.emplace(CodeOf(p, d), &d);
  // Current state: the event with the highest id; and whether an event with a lower id has
  // a later event time than one with a higher id.
  std::vector<const PostalEvent*> current(p.postal_items.size(), nullptr);
  std::vector<Time> latest_time(p.postal_items.size(), Time::min());
  std::vector<bool> out_of_order(p.postal_items.size(), false);
  std::vector<bool> had_cancel(p.postal_items.size(), false);
  std::vector<bool> had_failure(p.postal_items.size(), false);
  for (const PostalEvent& e : p.postal_events) {
    had_failure[e.item] = had_failure[e.item] || e.status == 5;
    if (e.event_time < latest_time[e.item]) out_of_order[e.item] = true;
    latest_time[e.item] = std::max(latest_time[e.item], e.event_time);
    had_cancel[e.item] = had_cancel[e.item] || e.status == 7;
    current[e.item] = &e;
  }
  std::size_t orphans = 0;
  std::size_t cancelled_receipts = 0;
  std::size_t cancelled_returns = 0;
  std::size_t online_with_receipt = 0;
  std::size_t late_recorded = 0;
  std::size_t cancel_overruled = 0;
  std::size_t failed_then_delivered = 0;
  std::size_t returned_to_sender = 0;
  std::set<const Dossier*> live_receipt;  // dossiers with a receipt item not cancelled
  std::set<const Dossier*> cancelled_receipt;
  for (std::size_t i = 0; i < p.postal_items.size(); ++i) {
    const PostalItem& item = p.postal_items[i];
    const auto found = dossiers.find(p.dossier_codes[item.order_number]);
    const bool cancelled = current[i]->status == 7;
    late_recorded += out_of_order[i];
    cancel_overruled += had_cancel[i] && !cancelled;
    returned_to_sender += current[i]->status == 6;
    failed_then_delivered += had_failure[i] && current[i]->status == 4;
    if (found == dossiers.end()) {
      ++orphans;
      continue;
    }
    const Dossier& d = *found->second;
    EXPECT_EQ(item.unit, d.unit);
    if (item.service == PostalService::kReceipt) {
      cancelled_receipts += cancelled;
      online_with_receipt += d.channel == 2 && !cancelled;
      (cancelled ? cancelled_receipt : live_receipt).insert(&d);
    } else {
      cancelled_returns += cancelled;
      EXPECT_TRUE(StepTime(d, 10).has_value()) << CodeOf(p, d);
    }
  }
  std::size_t only_cancelled_evidence = 0;
  for (const Dossier* d : cancelled_receipt) {
    only_cancelled_evidence += d->channel == 1 && !live_receipt.count(d);
  }
  EXPECT_GE(orphans, 5u);
  EXPECT_GE(cancelled_receipts, 50u);
  EXPECT_GE(cancelled_returns, 50u);
  EXPECT_GE(only_cancelled_evidence, 50u);
  EXPECT_GE(online_with_receipt, 10u);
  EXPECT_GE(late_recorded, 20u);
  EXPECT_GE(cancel_overruled, 3u);
  EXPECT_GE(returned_to_sender, 5u);
  EXPECT_GE(failed_then_delivered, 5u);
}

// ---------------------------------------------------------------------------------------
// Documents

TEST(GeneratorDocuments, RecordsKeepTheirInvariants) {
  const Province& p = GiaLai();
  std::unordered_set<std::string> keys;
  keys.reserve(p.documents.size());
  const std::set<std::string> transports = {"axis", "lgsp", "email", "paper"};
  const std::set<std::string> statuses = {"inbox",      "acceptance", "rejection",
                                          "processing", "done",       "fail"};
  for (const Document& d : p.documents) {
    ASSERT_LT(d.organ, p.units.size());
    const std::string id = DocumentId(p, d);
    const std::string key = id + (d.outgoing ? "|out|" : "|in|") + p.units[d.organ].code;
    ASSERT_TRUE(keys.insert(key).second) << key;
    // "<OrganId>,<YYYY/MM/DD>,<CodeNumber>/<CodeNotation>"
    ASSERT_TRUE(id.ends_with("," + SlashDate(d.promulgation_date()) + "," +
                             std::to_string(d.code_number) + "/" +
                             p.document_notations[d.notation]))
        << id;
    const auto versions = d.versions();
    ASSERT_FALSE(versions.empty());
    if (d.outgoing) {
      ASSERT_TRUE(id.starts_with(p.units[d.organ].code + ",")) << id;
      ASSERT_EQ(d.issuer, OrganRef::Unit(d.organ)) << id;
      ASSERT_TRUE(d.sent_at().has_value());
      ASSERT_FALSE(d.received_at().has_value());
      ASSERT_EQ(versions.front().updated_at, *d.sent_at());
      ASSERT_TRUE(versions.back().status == DocumentStatus::kDone ||
                  versions.back().status == DocumentStatus::kFail);
    } else {
      ASSERT_TRUE(d.received_at().has_value());
      ASSERT_FALSE(d.sent_at().has_value());
      ASSERT_EQ(versions.front().updated_at, *d.received_at());
      ASSERT_EQ(DocumentStatusName(versions.front().status), "inbox");
      // The one peer of an incoming record is its issuer.
      ASSERT_EQ(d.peer_count(), 1u) << id;
      ASSERT_EQ(d.peer(0), d.issuer) << id;
    }
    ASSERT_FALSE(d.peers().empty()) << id;
    ASSERT_TRUE(transports.count(std::string(TransportName(d.transport)))) << id;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      ASSERT_TRUE(statuses.count(std::string(DocumentStatusName(versions[i].status)))) << id;
      if (i > 0) {
        ASSERT_GT(versions[i].updated_at, versions[i - 1].updated_at);
      }
    }
    for (const Signature s : d.signatures()) {
      ASSERT_LT(s.signer, p.signers.size());
      ASSERT_FALSE(p.signers[s.signer].empty());
      ASSERT_LE(LocalDay(s.signing_time), LocalDay(versions.front().updated_at));
    }
    ASSERT_GE(d.document_type, 1);
  }
}

TEST(GeneratorDocuments, EdgeCasesArePresent) {
  const Province& p = GiaLai();
  const Time start = YearStart(p.year);
  const Time end = YearStart(p.year + 1);
  std::size_t secret = 0, paper = 0, email = 0, unsigned_docs = 0, invalid_only = 0;
  std::size_t non_state = 0, failed = 0, stuck = 0, rejected = 0, outside = 0;
  std::size_t boundary = 0, received_next_year_sent_this = 0, december_continued = 0;
  std::size_t outgoing = 0, incoming = 0;
  for (const Document& d : p.documents) {
    (d.outgoing ? outgoing : incoming) += 1;
    secret += d.secret;
    paper += TransportName(d.transport) == "paper";
    email += TransportName(d.transport) == "email";
    const auto signatures = d.signatures();
    unsigned_docs += signatures.empty() && TransportName(d.transport) != "paper";
    invalid_only += !signatures.empty() && std::none_of(signatures.begin(), signatures.end(),
                                                        [](const Signature& s) { return s.valid; });
    non_state += !d.peer_is_state_agency;
    failed += LastStatus(d) == "fail";
    stuck += !d.outgoing && d.version_count() == 1 && LastStatus(d) == "inbox";
    rejected += LastStatus(d) == "rejection";
    outside += !p.units[d.organ].in_catalogue;
    const Time t = d.outgoing ? *d.sent_at() : *d.received_at();
    boundary += (t >= start - 1h && t < start + 1h) || (t >= end - 1h && t < end + 1h);
    if (!d.outgoing) {
      received_next_year_sent_this += *d.received_at() >= end && *d.received_at() < end + 1h;
      december_continued += *d.received_at() < start && d.versions().back().updated_at >= start;
    }
  }
  const std::size_t n = p.documents.size();
  EXPECT_GT(secret, n / 200);
  EXPECT_LT(secret, n / 25);
  EXPECT_GT(paper, 0u);
  EXPECT_LT(paper, n / 10);
  EXPECT_GT(email, 0u);
  EXPECT_GT(unsigned_docs, 0u);
  EXPECT_GT(invalid_only, 0u);
  EXPECT_GT(non_state, 0u);
  EXPECT_LT(non_state, n / 5);
  EXPECT_GT(failed, 0u);
  EXPECT_GT(stuck, 0u);
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(outside, 0u);
  EXPECT_GE(boundary, 6u);
  EXPECT_GE(received_next_year_sent_this, 1u);
  EXPECT_GE(december_continued, 100u);
  EXPECT_GT(outgoing, n / 3);
  EXPECT_GT(incoming, n / 3);
}

// ---------------------------------------------------------------------------------------
// The data has something true to show: a rough, independent reading of each KPI per unit
// for the whole year, at the end of the year (not the ground truth: no catalogue timing).

struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

struct UnitKpis {
  Ratio online_services_used, online_dossiers, bcci_services_used, bcci_received, bcci_returned,
      signed_edocs, edocs_processed_online;
};

std::vector<UnitKpis> YearKpisByUnit(const Province& p) {
  const Time start = YearStart(p.year);
  const Time end = YearStart(p.year + 1);
  const auto in_year = [&](Time t) { return t >= start && t < end; };
  std::vector<UnitKpis> k(p.units.size());

  // The postal state at the end of the year.
  std::vector<const PostalEvent*> current(p.postal_items.size(), nullptr);
  for (const PostalEvent& e : p.postal_events) {
    if (e.recorded_at < end) current[e.item] = &e;
  }
  std::unordered_set<std::string_view> receipt, returned;
  for (std::size_t i = 0; i < p.postal_items.size(); ++i) {
    if (current[i] == nullptr || current[i]->status == 7) continue;
    (p.postal_items[i].service == PostalService::kReceipt ? receipt : returned)
        .insert(p.dossier_codes[p.postal_items[i].order_number]);
  }

  std::set<std::pair<UnitIndex, ProcedureIndex>> online_used, bcci_used;
  for (const Dossier& d : p.dossiers) {
    if (d.deleted_at() && *d.deleted_at() < end) continue;
    int status = 0;
    for (const DossierStep s : d.steps()) {
      if (s.at < end) status = s.status;
    }
    UnitKpis& u = k[d.unit];
    const std::string_view code = CodeOf(p, d);
    if (Counted(status) && in_year(ReceptionTime(d))) {
      const bool online = d.channel == 2;
      const bool bcci = d.channel == 3 || (d.channel == 1 && receipt.count(code));
      ++u.online_dossiers.denominator;
      u.online_dossiers.numerator += online;
      ++u.bcci_received.denominator;
      u.bcci_received.numerator += bcci;
      if (online) online_used.insert({d.unit, d.procedure});
      if (bcci) bcci_used.insert({d.unit, d.procedure});
    }
    const auto handed = StepTime(d, 10);
    if (status == 10 && handed && in_year(*handed)) {
      const bool bcci = d.return_method == 1 || returned.count(code);
      ++u.bcci_returned.denominator;
      u.bcci_returned.numerator += bcci;
      if (bcci) bcci_used.insert({d.unit, d.procedure});
    }
  }
  std::set<std::pair<UnitIndex, ProcedureIndex>> offered_online, offered_bcci;
  for (const ServiceRow& r : p.service_rows) {
    if (StartOfLocalDay(r.valid_from) >= end) continue;
    if (r.valid_to && StartOfLocalDay(*r.valid_to + std::chrono::days(1)) <= start) continue;
    if (r.level >= 3) offered_online.insert({r.unit, r.procedure});
    if (r.bcci_receive || r.bcci_return) offered_bcci.insert({r.unit, r.procedure});
  }
  for (const auto& pair : offered_online) {
    ++k[pair.first].online_services_used.denominator;
    k[pair.first].online_services_used.numerator += online_used.count(pair);
  }
  for (const auto& pair : offered_bcci) {
    ++k[pair.first].bcci_services_used.denominator;
    k[pair.first].bcci_services_used.numerator += bcci_used.count(pair);
  }

  for (const Document& d : p.documents) {
    if (d.secret) continue;
    UnitKpis& u = k[d.organ];
    if (d.outgoing) {
      if (!d.peer_is_state_agency || !in_year(*d.sent_at())) continue;
      const bool electronic =
          TransportName(d.transport) == "axis" || TransportName(d.transport) == "lgsp";
      const auto signatures = d.signatures();
      const bool signed_ok = std::any_of(signatures.begin(), signatures.end(),
                                         [](const Signature& s) { return s.valid; });
      ++u.signed_edocs.denominator;
      u.signed_edocs.numerator += electronic && signed_ok;
    } else {
      if (!in_year(*d.received_at())) continue;
      std::string_view status;
      for (const DocumentVersion v : d.versions()) {
        if (v.updated_at < end) status = DocumentStatusName(v.status);
      }
      if (status == "fail") continue;
      ++u.edocs_processed_online.denominator;
      u.edocs_processed_online.numerator += status != "inbox";
    }
  }
  return k;
}

TEST(GeneratorTargets, EachTargetIsMetBySomeUnitsAndMissedByOthers) {
  const Province& p = GiaLai();
  const std::vector<UnitKpis> kpis = YearKpisByUnit(p);
  struct Target {
    const char* name;
    Ratio UnitKpis::*ratio;
    double target;
  };
  const Target targets[] = {
      {"online_services_used", &UnitKpis::online_services_used, 0.60},
      {"online_dossiers", &UnitKpis::online_dossiers, 0.25},
      {"bcci_services_used", &UnitKpis::bcci_services_used, 0.50},
      {"bcci_received", &UnitKpis::bcci_received, 0.10},
      {"bcci_returned", &UnitKpis::bcci_returned, 0.20},
      {"signed_edocs", &UnitKpis::signed_edocs, 1.00},
      {"edocs_processed_online", &UnitKpis::edocs_processed_online, 1.00},
  };
  for (const Target& t : targets) {
    std::map<int, std::pair<int, int>> met_missed_by_level;  // level -> (met, missed)
    for (std::size_t u = 0; u < p.units.size(); ++u) {
      const Ratio& r = kpis[u].*t.ratio;
      if (r.denominator == 0) continue;
      const bool met = double(r.numerator) >= t.target * double(r.denominator);
      auto& counts = met_missed_by_level[p.units[u].level];
      (met ? counts.first : counts.second) += 1;
    }
    int met = 0, missed = 0;
    for (const auto& [level, counts] : met_missed_by_level) {
      met += counts.first;
      missed += counts.second;
    }
    EXPECT_GE(met, 5) << t.name;
    EXPECT_GE(missed, 5) << t.name;
    // Also among the district-level units, the ones dashboards show first.
    EXPECT_GE(met_missed_by_level[2].first, 1) << t.name;
    EXPECT_GE(met_missed_by_level[2].second, 1) << t.name;
  }
}

}  // namespace
}  // namespace egovkpi::sim
