// Formatting of the KPI report (`egovkpi report`): rows of egovkpi.kpi_latest -> an aligned
// Vietnamese table for a terminal, CSV for spreadsheets (UTF-8 with a BOM, RFC 4180), or
// JSON. Pure functions: no database, no clock, no locale; safe on any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace egovkpi::report {

using TimePoint = std::chrono::system_clock::time_point;
// A local (UTC+07:00) calendar day.
using LocalDate = std::chrono::sys_days;

// One row of egovkpi.kpi_latest (shared/spec/kpi.md, "What users see").
struct ReportRow {
  std::string kpi;        // e.g. online_dossiers
  std::string kpi_name;   // Vietnamese name of the plan
  std::string scope;      // province, level, district, agency
  std::string unit;       // province code, tinh/huyen/xa, or a MaDonVi
  std::string unit_name;  // may be empty (a unit the catalogue never named)
  std::string period;     // year, quarter, month
  LocalDate period_start{};  // inclusive
  LocalDate period_end{};    // exclusive
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> ratio;   // absent when denominator is 0
  std::optional<double> target;  // absent when the plan sets none
  std::optional<bool> met;       // absent without a ratio or a target
  TimePoint as_of{};
  TimePoint computed_at{};
};

// What the table's heading says: the period, and the scope with its unit when the report
// shows one unit (unit_name empty: every unit of the scope).
struct ReportHeading {
  std::string period;  // year, quarter, month
  LocalDate period_start{};
  LocalDate period_end{};
  TimePoint as_of{};
  std::string scope;
  std::string unit_name;
};

// Columns a string takes on a terminal: one per code point, except combining marks (0).
// Vietnamese in NFC ("ộ" is one code point of three bytes) counts one per letter.
// Invalid UTF-8 bytes count one each.
std::size_t DisplayWidth(std::string_view utf8);

// "87,5%": the ratio numerator/denominator as a percent rounded half up to one decimal,
// with the Vietnamese decimal comma; "—" when the denominator is 0. Exact integer
// arithmetic, so 7/8 is always 87,5%.
std::string FormatPercent(std::int64_t numerator, std::int64_t denominator);
// A target ratio (0..1) as a percent with one decimal ("80,0%"); "—" when absent.
std::string FormatTargetPercent(std::optional<double> target);
// "Đạt", "Không đạt", or "—".
std::string FormatMet(std::optional<bool> met);

// "Năm 2021", "Quý 3/2021", "Tháng 9/2021".
std::string PeriodTitle(const std::string& period, LocalDate start);
// "Báo cáo chỉ tiêu chính quyền điện tử — Năm 2021 (đến 15/09/2021) — Toàn tỉnh Gia Lai".
// "(đến …)" names the as-of day when the as-of time is before the period's end.
std::string HeadingLine(const ReportHeading& heading);

// The heading, then a table with the columns Chỉ tiêu, Đơn vị (only when the rows hold
// more than one unit), Kết quả, Mục tiêu, Đánh giá, Tử số/Mẫu số, aligned by DisplayWidth;
// numbers right-aligned. Rows appear in the given order. Ends with a newline.
std::string FormatTable(const ReportHeading& heading, const std::vector<ReportRow>& rows);

// A UTF-8 BOM, the header row "kpi,kpi_name,scope,unit,unit_name,period,period_start,
// period_end,numerator,denominator,ratio,target,met", then one record per row; CRLF line
// ends, fields quoted as RFC 4180 needs (comma, quote, CR or LF inside). Dates YYYY-MM-DD,
// ratio and target as plain decimals (shortest exact form), met true/false; empty when
// absent.
std::string FormatCsv(const std::vector<ReportRow>& rows);

// A JSON array of objects with the CSV's keys plus as_of (ISO 8601 local time with
// +07:00); null when absent; numbers as numbers. Ends with a newline.
std::string FormatJson(const std::vector<ReportRow>& rows);

}  // namespace egovkpi::report
