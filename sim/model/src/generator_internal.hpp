// Internals of GenerateProvince, shared by its phases (units, procedures and service rows in
// generator.cpp; dossiers and postal records in dossier_generator.cpp; documents in
// document_generator.cpp). Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar.hpp"
#include "egovkpi/sim/generator.hpp"
#include "egovkpi/sim/province.hpp"
#include "random.hpp"

namespace egovkpi::sim::gen {

// How a unit behaves: what the catalogue does not say but the records show. Rates are in
// ppm. They are spread widely on purpose, so that every target of the plan is met by some
// units and missed by others.
struct UnitProfile {
  std::string dossier_tag;   // the unit's part of MaHoSo: "12" (department), "31.05" (commune)
  std::string abbreviation;  // the issuer's part of CodeNotation: "STTTT", "UBND"

  // One-stop desk.
  std::uint32_t dossier_weight = 0;         // share of the province's dossiers
  std::uint32_t digital_ppm = 0;            // share of its service pairs at level 3 or 4
  std::uint32_t online_ppm = 0;             // online submission on level 3/4 pairs, mid-year
  std::uint32_t bcci_receive_ppm = 0;       // received via BCCI where the pair allows it
  std::uint32_t bcci_return_ppm = 0;        // result returned via BCCI where the pair allows it
  std::uint32_t pair_bcci_receive_ppm = 0;  // pairs flagged TiepNhanBCCI
  std::uint32_t pair_bcci_return_ppm = 0;   // pairs flagged TraKetQuaBCCI
  std::uint32_t late_ppm = 0;               // processed after NgayHenTra
  std::uint32_t electronic_result_ppm = 0;

  // Document exchange.
  std::uint32_t document_weight = 0;  // share of the documents it issues
  std::uint32_t secret_ppm = 0;
  std::uint32_t paper_ppm = 0;  // non-secret outgoing sent on paper
  std::uint32_t email_ppm = 0;
  std::uint32_t unsigned_ppm = 0;  // sent electronically without a signature
  std::uint32_t invalid_signature_ppm = 0;
  std::uint32_t inbox_stuck_ppm = 0;  // incoming never taken out of the inbox
  std::uint32_t incoming_fail_ppm = 0;
  bool fast_intake = false;  // takes incoming documents in within minutes
};

// What the generator keeps about a procedure besides the catalogue record.
struct ProcedureTraits {
  std::uint32_t weight = 0;           // relative dossier volume
  std::uint16_t processing_days = 1;  // working days between reception and NgayHenTra
  std::uint8_t level = 1;             // 1 province, 2 district, 3 commune
};

// A service pair that can receive dossiers in the plan year: its rows are
// province.service_rows[first_row, first_row + row_count), in valid_from order.
struct OfferedPair {
  ProcedureIndex procedure = 0;
  std::uint32_t first_row = 0;
  std::uint32_t row_count = 0;
  std::uint32_t weight = 0;
};

// Everything the phases share. Built in order: units (with profiles), procedures, service
// rows, dossiers with their postal records, documents.
struct World {
  World(const GeneratorOptions& generator_options, Province& generated)
      : options(generator_options), province(generated) {}

  GeneratorOptions options;
  Province& province;

  Date year_first_day;  // 1 January of the plan year, local
  Date year_end_day;    // 1 January of the next year (exclusive)

  std::vector<UnitProfile> profiles;                // by UnitIndex
  std::vector<ProcedureTraits> procedure_traits;    // by ProcedureIndex
  std::vector<std::vector<OfferedPair>> offered;    // by UnitIndex
  std::vector<ProcedureIndex> province_procedures;  // level 1, in catalogue order

  UnitIndex service_centre = 0;
  UnitIndex pleiku = 0;
  UnitIndex first_district = 0;  // districts are [first_district, first_district + 17)
  UnitIndex first_commune = 0;   // communes are [first_commune, first_outside)
  UnitIndex first_outside = 0;   // units not in the catalogue, to the end

  // The row of `pair` in force on local day `day`, or nullptr.
  [[nodiscard]] const ServiceRow* RowOn(const OfferedPair& pair, Date day) const;
  // Volume of `base` records multiplied by options.scale, rounded.
  [[nodiscard]] std::uint64_t Scaled(double base) const;
};

void BuildUnits(World& world);
void BuildProcedures(World& world);
void BuildServiceRows(World& world);
void BuildDossiersAndPostal(World& world);
void BuildDocuments(World& world);

// Appends `value` in decimal, zero-padded to `width` digits.
void AppendPadded(std::string& out, std::uint64_t value, int width);

}  // namespace egovkpi::sim::gen
