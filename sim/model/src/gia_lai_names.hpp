// Data only: the real names the generator gives Gia Lai's units (departments, the 17
// district-level units and their 220 communes as of 2021) and a realistic vocabulary for
// procedures (fields, names) and documents (notations, external agencies, signers).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace egovkpi::sim::gen {

struct DepartmentName {
  const char* name;
  const char* abbreviation;  // issuer part of document notations, e.g. "QĐ-STTTT"
};

struct DistrictName {
  const char* kind;  // "thành phố", "thị xã", "huyện"
  const char* name;
  // Its communes, '|'-separated, each "<kind>:<name>" with kind p (phường), t (thị trấn)
  // or x (xã).
  const char* communes;
};

struct OutsideUnitName {
  const char* name;
  const char* abbreviation;
};

// One field (lĩnh vực) and the procedures of one level in it.
struct FieldSpec {
  const char* code;  // MaLinhVuc (ASCII)
  const char* name;  // TenLinhVuc
  int level;         // 1 province, 2 district, 3 commune
  int department;    // for level 1: the department (1..20) that offers it; else 0
  int procedures;    // how many procedures to make
  int popularity;    // relative dossier volume of the field
  int min_days;      // processing time in working days
  int max_days;
  const char* procedure_names;  // '|'-separated; the most common first
};

struct ExternalAgency {
  const char* code;  // a central ministry or another province
  const char* abbreviation;
};

// In this order they get numbers 01..20 in unit codes.
std::span<const DepartmentName> Departments();
inline constexpr const char* kServiceCentreName = "Trung tâm Phục vụ hành chính công tỉnh";
inline constexpr const char* kServiceCentreAbbreviation = "TTPVHCC";
// In this order they get numbers 31..47 in unit codes.
std::span<const DistrictName> Districts();
// Agencies that receive dossiers and documents but are not in the province's catalogue.
std::span<const OutsideUnitName> OutsideUnits();
std::span<const FieldSpec> Fields();
// Suffixes that turn a field's base names into further procedures ("" first).
std::span<const char* const> ProcedureVariants();
std::span<const ExternalAgency> ExternalAgencies();
// Short personal names (at most 15 bytes of UTF-8, so they stay in std::string's buffer).
std::span<const char* const> SignerNames();

// Splits a '|'-separated list.
std::vector<std::string_view> SplitList(std::string_view list);

}  // namespace egovkpi::sim::gen
