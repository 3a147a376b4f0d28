#include "egovkpi/report/report_format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace egovkpi::report {
namespace {

constexpr std::string_view kDash = "\xE2\x80\x94";  // — (U+2014)
constexpr auto kLocalOffset = std::chrono::hours(7);

bool IsCombiningMark(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F);
}

std::string DateIso(LocalDate day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string DateVietnamese(LocalDate day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buffer;
}

// "2021-09-15T10:30:00+07:00" (whole seconds; the as-of time is a record's time).
std::string LocalIso(TimePoint t) {
  const auto local = std::chrono::floor<std::chrono::seconds>(t) + kLocalOffset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d+07:00", DateIso(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

// Shortest text that reads back as the same double ("0.875", "1").
std::string Number(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// Tenths of a percent (per mille) -> "87,5%".
std::string PerMille(long long per_mille) {
  return std::to_string(per_mille / 10) + "," + std::to_string(per_mille % 10) + "%";
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
  return out;
}

std::string ScopeTitle(const ReportHeading& heading) {
  if (heading.scope == "province") return "Toàn tỉnh " + heading.unit_name;
  if (!heading.unit_name.empty()) return heading.unit_name;
  if (heading.scope == "level") return "Theo cấp hành chính";
  if (heading.scope == "district") return "Theo huyện (gồm các xã)";
  return "Theo cơ quan, đơn vị";
}

void Pad(std::string& line, std::string_view text, std::size_t width, bool right) {
  const std::size_t used = DisplayWidth(text);
  const std::string padding(width > used ? width - used : 0, ' ');
  if (right) line += padding;
  line += text;
  if (!right) line += padding;
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07u;
    } else if (lead >= 0xE0) {
      length = 3;
      code = lead & 0x0Fu;
    } else if (lead >= 0xC2 && lead < 0xE0) {
      length = 2;
      code = lead & 0x1Fu;
    }
    bool valid = lead < 0x80 || length > 1;
    if (valid && i + length > utf8.size()) valid = false;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0u) != 0x80u) valid = false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (!valid) {
      ++width;  // a stray byte: one column, as terminals show a replacement
      ++i;
      continue;
    }
    if (!IsCombiningMark(code)) ++width;
    i += length;
  }
  return width;
}

std::string FormatPercent(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0 || numerator < 0) return std::string(kDash);
  // round(1000 n / d) half up, in integers.
  const long long per_mille = (numerator * 2000 + denominator) / (2 * denominator);
  return PerMille(per_mille);
}

std::string FormatTargetPercent(std::optional<double> target) {
  if (!target || !std::isfinite(*target) || *target < 0) return std::string(kDash);
  return PerMille(std::llround(*target * 1000.0));
}

std::string FormatMet(std::optional<bool> met) {
  if (!met) return std::string(kDash);
  return *met ? "Đạt" : "Không đạt";
}

std::string PeriodTitle(const std::string& period, LocalDate start) {
  const std::chrono::year_month_day ymd{start};
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  if (period == "quarter") {
    return "Quý " + std::to_string((month - 1) / 3 + 1) + "/" + std::to_string(year);
  }
  if (period == "month") return "Tháng " + std::to_string(month) + "/" + std::to_string(year);
  return "Năm " + std::to_string(year);
}

std::string HeadingLine(const ReportHeading& heading) {
  std::string line = "Báo cáo chỉ tiêu chính quyền điện tử ";
  line += kDash;
  line += ' ';
  line += PeriodTitle(heading.period, heading.period_start);
  const auto period_end = std::chrono::system_clock::time_point(heading.period_end) - kLocalOffset;
  if (heading.as_of < period_end) {
    const auto as_of_day = std::chrono::floor<std::chrono::days>(heading.as_of + kLocalOffset);
    line += " (đến " + DateVietnamese(as_of_day) + ")";
  }
  line += ' ';
  line += kDash;
  line += ' ';
  line += ScopeTitle(heading);
  return line;
}

std::string FormatTable(const ReportHeading& heading, const std::vector<ReportRow>& rows) {
  bool several_units = false;
  for (const auto& row : rows) {
    if (row.unit != rows.front().unit || row.scope != rows.front().scope) several_units = true;
  }
  struct Column {
    std::string title;
    bool right;
  };
  std::vector<Column> columns = {{"Chỉ tiêu", false}};
  if (several_units) columns.push_back({"Đơn vị", false});
  columns.push_back({"Kết quả", true});
  columns.push_back({"Mục tiêu", true});
  columns.push_back({"Đánh giá", false});
  columns.push_back({"Tử số/Mẫu số", true});

  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string> line = {row.kpi_name};
    if (several_units) line.push_back(row.unit_name.empty() ? row.unit : row.unit_name);
    line.push_back(FormatPercent(row.numerator, row.denominator));
    line.push_back(FormatTargetPercent(row.target));
    line.push_back(FormatMet(row.met));
    line.push_back(std::to_string(row.numerator) + "/" + std::to_string(row.denominator));
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    widths[c] = DisplayWidth(columns[c].title);
    for (const auto& line : cells) widths[c] = std::max(widths[c], DisplayWidth(line[c]));
  }

  const auto render = [&](const std::vector<std::string>& values) {
    std::string line;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) line += "  ";
      // The last column's trailing spaces would only pad the line.
      const bool last = c + 1 == columns.size();
      Pad(line, values[c], last && !columns[c].right ? 0 : widths[c], columns[c].right);
    }
    return line + "\n";
  };

  std::string out = HeadingLine(heading) + "\n\n";
  std::vector<std::string> titles;
  std::vector<std::string> rules;
  std::size_t total = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    titles.push_back(columns[c].title);
    total += widths[c] + (c > 0 ? 2 : 0);
  }
  out += render(titles);
  out += std::string(total, '-') + "\n";
  for (const auto& line : cells) out += render(line);
  if (rows.empty()) out += "(không có số liệu)\n";
  return out;
}

std::string FormatCsv(const std::vector<ReportRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  out +=
      "kpi,kpi_name,scope,unit,unit_name,period,period_start,period_end,numerator,denominator,"
      "ratio,target,met\r\n";
  for (const auto& row : rows) {
    out += CsvField(row.kpi) + ',' + CsvField(row.kpi_name) + ',' + CsvField(row.scope) + ',' +
           CsvField(row.unit) + ',' + CsvField(row.unit_name) + ',' + CsvField(row.period) + ',' +
           DateIso(row.period_start) + ',' + DateIso(row.period_end) + ',' +
           std::to_string(row.numerator) + ',' + std::to_string(row.denominator) + ',' +
           (row.ratio ? Number(*row.ratio) : "") + ',' + (row.target ? Number(*row.target) : "") +
           ',' + (row.met ? (*row.met ? "true" : "false") : "") + "\r\n";
  }
  return out;
}

std::string FormatJson(const std::vector<ReportRow>& rows) {
  std::string out = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    out += i == 0 ? "\n  {" : ",\n  {";
    out += "\"kpi\": " + JsonString(row.kpi);
    out += ", \"kpi_name\": " + JsonString(row.kpi_name);
    out += ", \"scope\": " + JsonString(row.scope);
    out += ", \"unit\": " + JsonString(row.unit);
    out += ", \"unit_name\": " + JsonString(row.unit_name);
    out += ", \"period\": " + JsonString(row.period);
    out += ", \"period_start\": " + JsonString(DateIso(row.period_start));
    out += ", \"period_end\": " + JsonString(DateIso(row.period_end));
    out += ", \"numerator\": " + std::to_string(row.numerator);
    out += ", \"denominator\": " + std::to_string(row.denominator);
    out += ", \"ratio\": " + (row.ratio ? Number(*row.ratio) : std::string("null"));
    out += ", \"target\": " + (row.target ? Number(*row.target) : std::string("null"));
    out += ", \"met\": " + std::string(row.met ? (*row.met ? "true" : "false") : "null");
    out += ", \"as_of\": " + JsonString(LocalIso(row.as_of));
    out += "}";
  }
  out += rows.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace egovkpi::report
