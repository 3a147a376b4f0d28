// GenerateProvince: Gia Lai in the plan year, built phase by phase (see
// generator_internal.hpp). This file holds the catalogue: units, procedures, service rows.
//
// Unit codes (MaDonVi), following the national pattern "000.NN.DD.H21":
//   departments             000.00.01.H21 .. 000.00.20.H21 (order of Departments())
//   provincial service centre 000.00.21.H21
//   units not in the catalogue 000.00.22.H21 .. 000.00.24.H21
//   district-level units    000.00.31.H21 .. 000.00.47.H21 (order of Districts())
//   communes                000.NN.DD.H21: NN = 01.. within the district, DD its district
// Procedure codes (MaTTHC): "1.00NNNN.000.00.00.H21" or "2.00NNNN...", NNNN unique.
#include "egovkpi/sim/generator.hpp"

#include <string_view>

#include "generator_internal.hpp"
#include "gia_lai_names.hpp"

namespace egovkpi::sim {
namespace gen {
namespace {

using std::chrono::days;

constexpr unsigned kServiceCentreNumber = 21;
constexpr unsigned kFirstOutsideNumber = 22;
constexpr unsigned kFirstDistrictNumber = 31;
constexpr unsigned kPleikuSlot = 0;  // Pleiku is the first of Districts()

std::string UnitCode(unsigned commune, unsigned number) {
  std::string code = "000.";
  AppendPadded(code, commune, 2);
  code += '.';
  AppendPadded(code, number, 2);
  code += ".H21";
  return code;
}

std::string Tag(unsigned commune, unsigned number) {
  std::string tag;
  AppendPadded(tag, number, 2);
  if (commune != 0) {
    tag += '.';
    AppendPadded(tag, commune, 2);
  }
  return tag;
}

// Behaviour drawn from wide ranges: a third of the units lag, a few lead.
void DrawBehaviour(Rng& rng, int level, UnitProfile& p) {
  const auto tier = [&rng] { return rng.Below(100); };

  std::uint64_t t = tier();
  p.online_ppm = t < 35   ? rng.Between32(40000, 220000)
                 : t < 85 ? rng.Between32(250000, 550000)
                          : rng.Between32(550000, 800000);
  t = tier();
  p.bcci_receive_ppm = t < 30   ? rng.Between32(0, 50000)
                       : t < 80 ? rng.Between32(60000, 200000)
                                : rng.Between32(200000, 350000);
  t = tier();
  p.bcci_return_ppm = t < 30   ? rng.Between32(20000, 120000)
                      : t < 80 ? rng.Between32(150000, 320000)
                               : rng.Between32(320000, 520000);
  t = tier();
  p.late_ppm = t < 50   ? rng.Between32(3000, 30000)
               : t < 85 ? rng.Between32(30000, 120000)
                        : rng.Between32(120000, 350000);
  p.digital_ppm = rng.Between32(450000, 950000);
  p.pair_bcci_receive_ppm = rng.Between32(600000, 980000);
  p.pair_bcci_return_ppm = rng.Between32(700000, 990000);
  p.electronic_result_ppm = rng.Between32(200000, 900000);

  p.secret_ppm = rng.Between32(8000, 22000);
  const bool clean_sender = rng.Chance(level == 3 ? 550000 : 350000);
  if (!clean_sender) {
    p.paper_ppm = rng.Between32(3000, 60000);
    p.email_ppm = rng.Between32(0, 25000);
    p.unsigned_ppm = rng.Between32(2000, 25000);
    p.invalid_signature_ppm = rng.Between32(0, 8000);
  }
  p.fast_intake = rng.Chance(level == 3 ? 500000 : 300000);
  if (!p.fast_intake) p.inbox_stuck_ppm = rng.Between32(3000, 50000);
  p.incoming_fail_ppm = rng.Between32(1000, 8000);
}

// Department weights: dossiers (driving licences, business registration, criminal records
// and land dominate) and documents, in the order of Departments().
constexpr std::uint32_t kDepartmentDossiers[20] = {100,  500,  2500, 3500, 300, 900, 1500,
                                                   4500, 800,  2500, 2500, 400, 700, 500,
                                                   1200, 1500, 100,  150,  100, 300};

void AddUnit(World& w, std::string code, std::string name, int level, std::string parent,
             bool in_catalogue, UnitProfile profile) {
  Unit unit;
  unit.code = std::move(code);
  unit.name = std::move(name);
  unit.level = level;
  unit.parent_code = std::move(parent);
  unit.in_catalogue = in_catalogue;
  w.province.units.push_back(std::move(unit));
  w.profiles.push_back(std::move(profile));
}

}  // namespace

void AppendPadded(std::string& out, std::uint64_t value, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0 && n < 24);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += digits[--n];
}

const ServiceRow* World::RowOn(const OfferedPair& pair, Date day) const {
  for (std::uint32_t r = pair.first_row; r < pair.first_row + pair.row_count; ++r) {
    const ServiceRow& row = province.service_rows[r];
    if (row.valid_from <= day && (!row.valid_to || day <= *row.valid_to)) return &row;
  }
  return nullptr;
}

std::uint64_t World::Scaled(double base) const {
  const double scaled = base * options.scale;
  return scaled > 0 ? static_cast<std::uint64_t>(scaled + 0.5) : 0;
}

void BuildUnits(World& w) {
  const std::string province = w.province.code;
  const auto rng_for = [&w](std::size_t index) {
    return Rng(w.options.seed, Purpose::kUnitProfiles, index);
  };
  w.province.units.reserve(300);
  w.profiles.reserve(300);

  const auto departments = Departments();
  for (unsigned i = 0; i < departments.size(); ++i) {
    Rng rng = rng_for(w.province.units.size());
    UnitProfile p;
    DrawBehaviour(rng, 1, p);
    p.dossier_tag = Tag(0, i + 1);
    p.abbreviation = departments[i].abbreviation;
    p.dossier_weight = kDepartmentDossiers[i];
    p.document_weight = i == 0 ? 20000 : rng.Between32(4000, 9000);
    if (i + 1 == 12) {  // Sở Thông tin và Truyền thông leads by example
      p.online_ppm = 750000;
      p.bcci_receive_ppm = 180000;
      p.bcci_return_ppm = 400000;
      p.paper_ppm = p.email_ppm = p.unsigned_ppm = p.invalid_signature_ppm = 0;
      p.fast_intake = true;
      p.inbox_stuck_ppm = 0;
    }
    AddUnit(w, UnitCode(0, i + 1), departments[i].name, 1, province, true, std::move(p));
  }

  {
    Rng rng = rng_for(w.province.units.size());
    UnitProfile p;
    DrawBehaviour(rng, 1, p);
    p.dossier_tag = Tag(0, kServiceCentreNumber);
    p.abbreviation = kServiceCentreAbbreviation;
    p.dossier_weight = 22000;
    p.document_weight = 1500;
    p.online_ppm = 420000;
    p.bcci_receive_ppm = 160000;
    p.bcci_return_ppm = 250000;
    w.service_centre = static_cast<UnitIndex>(w.province.units.size());
    AddUnit(w, UnitCode(0, kServiceCentreNumber), kServiceCentreName, 1, province, true,
            std::move(p));
  }

  w.first_district = static_cast<UnitIndex>(w.province.units.size());
  const auto districts = Districts();
  for (unsigned d = 0; d < districts.size(); ++d) {
    Rng rng = rng_for(w.province.units.size());
    UnitProfile p;
    DrawBehaviour(rng, 2, p);
    const unsigned number = kFirstDistrictNumber + d;
    p.dossier_tag = Tag(0, number);
    p.abbreviation = "UBND";
    p.dossier_weight = d == kPleikuSlot ? 14000
                       : d == 1         ? 4500
                       : d == 2         ? 3500
                                        : rng.Between32(2200, 3600);
    p.document_weight = d == kPleikuSlot ? 11000 : rng.Between32(5000, 8500);
    if (d == kPleikuSlot) p.online_ppm = 450000;
    AddUnit(w, UnitCode(0, number),
            std::string("UBND ") + districts[d].kind + " " + districts[d].name, 2, province, true,
            std::move(p));
  }
  w.pleiku = w.first_district + kPleikuSlot;

  w.first_commune = static_cast<UnitIndex>(w.province.units.size());
  for (unsigned d = 0; d < districts.size(); ++d) {
    const unsigned number = kFirstDistrictNumber + d;
    const std::string parent = UnitCode(0, number);
    unsigned n = 0;
    for (std::string_view entry : SplitList(districts[d].communes)) {
      ++n;
      const char kind = entry[0];
      const std::string_view name = entry.substr(2);
      Rng rng = rng_for(w.province.units.size());
      UnitProfile p;
      DrawBehaviour(rng, 3, p);
      p.dossier_tag = Tag(n, number);
      p.abbreviation = "UBND";
      p.dossier_weight = kind == 'p'   ? rng.Between32(500, 900)
                         : kind == 't' ? rng.Between32(400, 700)
                                       : rng.Between32(150, 400);
      p.document_weight = kind == 'p'   ? rng.Between32(350, 550)
                          : kind == 't' ? rng.Between32(300, 500)
                                        : rng.Between32(200, 400);
      const char* kind_name = kind == 'p' ? "phường" : kind == 't' ? "thị trấn" : "xã";
      AddUnit(w, UnitCode(n, number), std::string("UBND ") + kind_name + " " + std::string(name), 3,
              parent, true, std::move(p));
    }
  }

  w.first_outside = static_cast<UnitIndex>(w.province.units.size());
  const auto outside = OutsideUnits();
  for (unsigned i = 0; i < outside.size(); ++i) {
    Rng rng = rng_for(w.province.units.size());
    UnitProfile p;
    DrawBehaviour(rng, 1, p);
    p.dossier_tag = Tag(0, kFirstOutsideNumber + i);
    p.abbreviation = outside[i].abbreviation;
    p.dossier_weight = 150;
    p.document_weight = 800;
    AddUnit(w, UnitCode(0, kFirstOutsideNumber + i), outside[i].name, 1, province, false,
            std::move(p));
  }
}

void BuildProcedures(World& w) {
  const auto variants = ProcedureVariants();
  std::size_t total = 0;
  for (const FieldSpec& field : Fields()) total += static_cast<std::size_t>(field.procedures);
  w.province.procedures.reserve(total);
  w.procedure_traits.reserve(total);

  Rng rng(w.options.seed, Purpose::kProcedures, 0);
  for (const FieldSpec& field : Fields()) {
    const auto names = SplitList(field.procedure_names);
    for (int j = 0; j < field.procedures; ++j) {
      const std::size_t index = w.province.procedures.size();
      const std::size_t n = names.size();
      Procedure procedure;
      procedure.name =
          std::string(names[std::size_t(j) % n]) + variants[(std::size_t(j) / n) % variants.size()];
      // 7919 is prime to 9000: distinct numbers for up to 9,000 procedures.
      procedure.code = rng.Chance(300000) ? "2.00" : "1.00";
      AppendPadded(procedure.code, 1000 + (index * 7919 + 612) % 9000, 4);
      procedure.code += ".000.00.00.H21";
      procedure.field_code = field.code;
      procedure.field_name = field.name;
      procedure.has_fee = rng.Chance(400000);
      w.province.procedures.push_back(std::move(procedure));

      ProcedureTraits traits;
      // The first procedures of a field carry most of its dossiers.
      traits.weight = static_cast<std::uint32_t>(field.popularity * 4000 / (j + 4));
      traits.processing_days =
          static_cast<std::uint16_t>(rng.Between(field.min_days, field.max_days));
      traits.level = static_cast<std::uint8_t>(field.level);
      w.procedure_traits.push_back(traits);
      if (field.level == 1) w.province_procedures.push_back(static_cast<ProcedureIndex>(index));
    }
  }
}

namespace {

// What happens to one candidate pair.
enum class PairFate : std::uint8_t {
  kNone,             // not offered
  kOffered,          // one open row since before the year
  kUpgraded,         // level raised mid-year: two rows
  kWithdrawnInYear,  // one row ending mid-year
  kNewInYear,        // one row starting mid-year
  kWithdrawnBefore,  // one row that ended in an earlier year
};

Time OfficeSecondOf(Rng& rng, Date day) {
  return LocalInstant(day, rng.Between(8 * 3600, 17 * 3600));
}

}  // namespace

void BuildServiceRows(World& w) {
  const Date first = w.year_first_day;
  auto& rows = w.province.service_rows;
  rows.reserve(16000);
  w.offered.assign(w.province.units.size(), {});

  // Which procedures each unit may offer, with the department of each province-level one.
  std::vector<std::uint8_t> department_of(w.province.procedures.size(), 0);
  std::vector<std::uint16_t> rank_in_field(w.province.procedures.size(), 0);
  {
    std::size_t index = 0;
    for (const FieldSpec& field : Fields()) {
      for (int j = 0; j < field.procedures; ++j, ++index) {
        department_of[index] = static_cast<std::uint8_t>(field.department);
        rank_in_field[index] = static_cast<std::uint16_t>(j);
      }
    }
  }

  for (UnitIndex u = 0; u < w.first_outside; ++u) {
    const Unit& unit = w.province.units[u];
    const UnitProfile& profile = w.profiles[u];
    Rng unit_rng(w.options.seed, Purpose::kUnitOffers, u);
    const std::uint32_t district_share = unit_rng.Between32(250000, 350000);
    const std::uint32_t commune_share = unit_rng.Between32(40000, 120000);
    // Many procedures of a catalogue see no dossier all year; how many differs by unit.
    const std::uint32_t dormant_share = unit_rng.Between32(300000, 800000);
    const bool is_department = unit.level == 1 && u != w.service_centre;

    for (ProcedureIndex proc = 0; proc < w.province.procedures.size(); ++proc) {
      const ProcedureTraits& traits = w.procedure_traits[proc];
      if (traits.level != unit.level) continue;
      Rng rng(w.options.seed, Purpose::kServicePairs,
              (std::uint64_t{u} << 32) | std::uint64_t{proc});
      bool chosen = false;
      if (is_department) {
        if (department_of[proc] != u + 1) continue;
        chosen = true;
      } else if (u == w.service_centre) {
        chosen = rank_in_field[proc] < 4 || rng.Chance(100000);
      } else if (unit.level == 2) {
        chosen = rank_in_field[proc] < 3 || rng.Chance(district_share);
      } else {
        chosen = rank_in_field[proc] < 2 || rng.Chance(commune_share);
      }

      PairFate fate = PairFate::kNone;
      const std::uint64_t roll = rng.Below(kMillion);
      if (chosen) {
        fate = PairFate::kOffered;
      } else if (roll < 1500) {
        fate = PairFate::kNewInYear;
      } else if (roll < 4000) {
        fate = PairFate::kWithdrawnBefore;
      }
      if (fate == PairFate::kNone) continue;

      ServiceRow row;
      row.unit = u;
      row.procedure = proc;
      const bool has_fee = w.province.procedures[proc].has_fee;
      row.level = !rng.Chance(profile.digital_ppm)        ? 2
                  : rng.Chance(has_fee ? 450000 : 350000) ? 4
                                                          : 3;
      row.bcci_receive = rng.Chance(profile.pair_bcci_receive_ppm);
      row.bcci_return = rng.Chance(profile.pair_bcci_return_ppm);
      row.valid_from = first - days(rng.Between(12, 730));
      row.published_at = OfficeSecondOf(rng, row.valid_from - days(rng.Between(1, 15)));

      if (fate == PairFate::kOffered) {
        const std::uint64_t change = rng.Below(kMillion);
        if (row.level < 4 && change < 45000) {
          fate = PairFate::kUpgraded;
        } else if (change >= 45000 && change < 47000) {
          fate = PairFate::kWithdrawnInYear;
        }
      }

      const auto first_row = static_cast<std::uint32_t>(rows.size());
      switch (fate) {
        case PairFate::kOffered:
          rows.push_back(row);
          break;
        case PairFate::kUpgraded: {
          // The successor is published a few days before it applies; from then on the old
          // row is served with its end date.
          const Date upgrade = first + days(rng.Between(31, 333));
          ServiceRow next = row;
          next.level = row.level + 1;
          if (!next.bcci_receive && rng.Chance(300000)) next.bcci_receive = true;
          next.valid_from = upgrade;
          next.published_at = OfficeSecondOf(rng, upgrade - days(rng.Between(1, 7)));
          row.valid_to = upgrade - days(1);
          row.valid_to_published_at = next.published_at;
          rows.push_back(row);
          rows.push_back(next);
          break;
        }
        case PairFate::kWithdrawnInYear: {
          const Date last = first + days(rng.Between(60, 300));
          row.valid_to = last;
          row.valid_to_published_at = OfficeSecondOf(rng, last - days(rng.Between(0, 5)));
          rows.push_back(row);
          break;
        }
        case PairFate::kNewInYear:
          row.level = rng.Chance(has_fee ? 450000 : 350000) ? 4 : 3;
          row.valid_from = first + days(rng.Between(45, 320));
          row.published_at = OfficeSecondOf(rng, row.valid_from - days(rng.Between(1, 6)));
          rows.push_back(row);
          break;
        case PairFate::kWithdrawnBefore: {
          row.valid_from = first - days(rng.Between(800, 1200));
          row.published_at = OfficeSecondOf(rng, row.valid_from - days(rng.Between(1, 15)));
          const Date last = first - days(rng.Between(40, 330));
          row.valid_to = last;
          row.valid_to_published_at = OfficeSecondOf(rng, last - days(rng.Between(0, 10)));
          rows.push_back(row);
          break;
        }
        case PairFate::kNone:
          break;
      }
      if (fate == PairFate::kWithdrawnBefore) continue;  // no dossiers in the plan year
      OfferedPair pair;
      pair.procedure = proc;
      pair.first_row = first_row;
      pair.row_count = static_cast<std::uint32_t>(rows.size()) - first_row;
      pair.weight = static_cast<std::uint32_t>(std::uint64_t{traits.weight} *
                                               rng.Between32(500, 1500) / 1000);
      if (rank_in_field[proc] >= 2 && rng.Chance(dormant_share)) pair.weight /= 200;
      if (pair.weight == 0) pair.weight = 1;
      w.offered[u].push_back(pair);
    }
  }
}

}  // namespace gen

Province GenerateProvince(const GeneratorOptions& options) {
  Province province;
  province.code = "H21";
  province.name = "Gia Lai";
  province.year = options.year;

  gen::World world(options, province);
  // A negative or NaN scale counts as 0: the catalogue and the fixed edge cases only (the
  // records that cover the edge cases exist at every scale).
  if (!(world.options.scale > 0)) world.options.scale = 0;
  world.year_first_day = gen::MakeDate(options.year, 1, 1);
  world.year_end_day = gen::MakeDate(options.year + 1, 1, 1);

  gen::BuildUnits(world);
  gen::BuildProcedures(world);
  gen::BuildServiceRows(world);
  gen::BuildDossiersAndPostal(world);
  gen::BuildDocuments(world);
  return province;
}

}  // namespace egovkpi::sim
