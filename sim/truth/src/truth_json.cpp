// TruthToJson: written by hand so the bytes are fixed (key order, one row per line, which
// keeps a diff of two truth files readable); Boost.JSON only escapes the strings.
#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <string>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/truth.hpp"

namespace egovkpi::sim {
namespace {

void AppendString(std::string& out, std::string_view text) {
  out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
}

void AppendField(std::string& out, std::string_view key, std::string_view text) {
  AppendString(out, key);
  out += ':';
  AppendString(out, text);
}

void AppendField(std::string& out, std::string_view key, std::int64_t number) {
  AppendString(out, key);
  out += ':';
  out += std::to_string(number);
}

}  // namespace

std::string TruthToJson(const Truth& truth) {
  std::string out = "{";
  AppendField(out, "as_of", Rfc3339Utc(truth.as_of));
  out += ",\"rows\":[";
  for (std::size_t i = 0; i < truth.rows.size(); ++i) {
    const KpiTruth& row = truth.rows[i];
    out += i == 0 ? "\n{" : ",\n{";
    AppendField(out, "kpi", row.kpi);
    out += ',';
    AppendField(out, "scope", row.scope);
    out += ',';
    AppendField(out, "unit", row.unit);
    out += ',';
    AppendField(out, "period", row.period);
    out += ',';
    AppendField(out, "period_start", IsoDate(row.period_start));
    out += ',';
    AppendField(out, "period_end", IsoDate(row.period_end));
    out += ',';
    AppendField(out, "numerator", row.numerator);
    out += ',';
    AppendField(out, "denominator", row.denominator);
    out += '}';
  }
  out += truth.rows.empty() ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace egovkpi::sim
