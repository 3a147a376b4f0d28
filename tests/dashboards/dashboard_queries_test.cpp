// Every query of every Grafana dashboard (grafana/dashboards/*.json) runs against live data
// and returns some: the real daemon fed by egovkpi-sim (frozen as-of 2021-09-15) stores into
// a real PostgreSQL, a real Prometheus scrapes it every second and evaluates the shipped
// alert rules. Each Prometheus target runs as an instant and as a range query, each SQL
// target as a login role that is only a member of egovkpi_reader, as Grafana's would be.
// Variables are resolved the way Grafana resolves them on load (the current value, else
// the first option after the variable's regex and sort; "All" as every value), then
// substituted. An error or an empty result fails, naming the dashboard, panel and query.
//
// The type check (grafana/typecheck/check.sh, ctest dashboard_typecheck) covers the JSON
// structure; this test covers what tsc cannot see: the query strings.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include "daemon_process.hpp"
#include "egovkpi/collectors/http_client.hpp"
#include "egovkpi/sim/generator.hpp"
#include "egovkpi/sim/http_server.hpp"
#include "egovkpi/sim/sim_service.hpp"
#include "egovkpi/sim/time_format.hpp"
#include "support/test_database.hpp"

namespace egovkpi::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kPrometheusUid = "egovkpi-prometheus";
constexpr const char* kPostgresUid = "egovkpi-postgres";
// Values Grafana gives its built-in variables for a "last 5 minutes" dashboard range; the
// range queries below use the same window.
constexpr int kRangeSeconds = 300;
constexpr int kStepSeconds = 15;
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kBuiltins = {{
    {"__rate_interval", "1m"},
    {"__interval", "15s"},
    {"__interval_ms", "15000"},
    {"__range", "5m"},
    {"__range_s", "300"},
    {"__range_ms", "300000"},
    {"__auto_interval", "15s"},
    {"__dashboard", "egovkpi"},
}};

// ------------------------------------------------------------------ processes and HTTP

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A Prometheus HTTP API reply: the parsed body, or why there is none.
struct ApiReply {
  std::optional<json::value> data;  // the "data" member of a "success" reply
  std::string error;
};

class PrometheusApi {
 public:
  explicit PrometheusApi(std::uint16_t port) : port_(port) {}

  ApiReply Get(const std::string& path_and_query) const {
    collectors::HttpClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.timeout = 30s;
    collectors::HttpClient client(options);
    collectors::HttpRequest request;
    request.path = path_and_query;
    auto reply = client.Send(request, std::stop_token{});
    if (!reply.ok()) return {std::nullopt, "no reply from Prometheus"};
    json::value body;
    try {
      body = json::parse(reply.value().body);
    } catch (const std::exception&) {
      return {std::nullopt, "HTTP " + std::to_string(reply.value().status) + ": " +
                                reply.value().body.substr(0, 300)};
    }
    const auto* object = body.if_object();
    if (object == nullptr || !object->contains("status") || object->at("status") != "success") {
      return {std::nullopt, "HTTP " + std::to_string(reply.value().status) + ": " +
                                json::serialize(body).substr(0, 500)};
    }
    return {object->at("data"), ""};
  }

  ApiReply Instant(const std::string& query) const {
    return Get("/api/v1/query?query=" + UrlEncode(query));
  }
  ApiReply Range(const std::string& query) const {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return Get("/api/v1/query_range?query=" + UrlEncode(query) +
               "&start=" + std::to_string(now - kRangeSeconds) + "&end=" + std::to_string(now) +
               "&step=" + std::to_string(kStepSeconds));
  }

  // Number of series (vector, matrix) or 1 for a scalar/string; nothing on error.
  static std::size_t ResultSize(const json::value& data) {
    const auto& result = data.at("result");
    if (result.is_array()) return result.as_array().size();
    return 1;
  }

 private:
  std::uint16_t port_;
};

// ------------------------------------------------------------------ variables

// One option of a variable, as Grafana's variable picker holds it.
struct VariableOption {
  std::string text;
  std::string value;
};

struct ResolvedVariable {
  std::string datasource_type;  // "prometheus", "sql" or "" (custom, constant)
  bool multi_or_all = false;    // multi or includeAll: values are formatted as lists
  std::vector<VariableOption> selected;
};

// A JavaScript regex literal ("/.../flags" or a bare pattern) as a std::regex, with the
// index of each named group ((?<name>...) is not ECMAScript-3 syntax std::regex knows).
struct JsRegex {
  std::regex regex;
  std::map<std::string, std::size_t> groups;
};

JsRegex ParseJsRegex(std::string literal) {
  auto flags = std::regex::ECMAScript;
  if (literal.size() >= 2 && literal.front() == '/') {
    const auto end = literal.rfind('/');
    const std::string suffix = literal.substr(end + 1);
    if (suffix.find('i') != std::string::npos) flags |= std::regex::icase;
    literal = literal.substr(1, end - 1);
  }
  JsRegex out;
  std::string pattern;
  std::size_t group = 0;
  for (std::size_t i = 0; i < literal.size(); ++i) {
    const char c = literal[i];
    if (c == '\\' && i + 1 < literal.size()) {
      pattern += literal.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '(') {
      if (literal.compare(i, 3, "(?<") == 0 && literal.compare(i, 4, "(?<=") != 0 &&
          literal.compare(i, 4, "(?<!") != 0) {
        const auto close = literal.find('>', i);
        out.groups[literal.substr(i + 3, close - i - 3)] = ++group;
        pattern += '(';
        i = close;
        continue;
      }
      if (literal.compare(i, 2, "(?") != 0) ++group;
    }
    pattern += c;
  }
  out.regex = std::regex(pattern, flags);
  return out;
}

// Grafana's metricNamesToVariableValues: the regex picks value/text (named groups "value"
// and "text", else the first group), drops what does not match; then unique by value.
std::vector<VariableOption> ApplyRegex(const std::vector<VariableOption>& found,
                                       const std::string& regex_literal) {
  std::vector<VariableOption> out;
  std::set<std::string> seen;
  std::optional<JsRegex> regex;
  if (!regex_literal.empty()) regex = ParseJsRegex(regex_literal);
  for (auto option : found) {
    if (regex) {
      std::smatch m;
      if (!std::regex_search(option.value, m, regex->regex)) continue;
      const auto value_group = regex->groups.find("value");
      const auto text_group = regex->groups.find("text");
      if (value_group != regex->groups.end() || text_group != regex->groups.end()) {
        const std::string value =
            value_group != regex->groups.end() ? m[value_group->second].str() : "";
        const std::string text =
            text_group != regex->groups.end() ? m[text_group->second].str() : "";
        option.value = value.empty() ? text : value;
        option.text = text.empty() ? value : text;
      } else if (m.size() > 1) {
        option.value = option.text = m[1].str();
      }
    }
    if (seen.insert(option.value).second) out.push_back(option);
  }
  return out;
}

// Grafana's sortVariableValues for the orders a dashboard may use here.
std::vector<VariableOption> SortOptions(std::vector<VariableOption> options, int sort) {
  if (sort == 0) return options;
  const int type = (sort + 1) / 2;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  if (type == 1) {
    std::stable_sort(options.begin(), options.end(),
                     [](const auto& a, const auto& b) { return a.text < b.text; });
  } else if (type == 3) {
    std::stable_sort(options.begin(), options.end(),
                     [&](const auto& a, const auto& b) { return lower(a.text) < lower(b.text); });
  } else {
    throw std::runtime_error("variable sort " + std::to_string(sort) + " is not supported here");
  }
  if (sort % 2 == 0) std::reverse(options.begin(), options.end());
  return options;
}

std::string JsonString(const json::value& v, std::string_view key) {
  const auto* object = v.if_object();
  if (object == nullptr || !object->contains(key)) return "";
  const auto& member = object->at(key);
  if (member.is_string()) return std::string(member.as_string());
  return "";
}

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array() && !v.as_array().empty() && v.as_array()[0].is_string()) {
    return std::string(v.as_array()[0].as_string());
  }
  return "";
}

std::string RegexEscape(const std::string& value) {
  static const std::string kSpecial = "\\^$.|?*+()[]{}";
  std::string out;
  for (char c : value) {
    if (kSpecial.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string SqlQuote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Grafana's formatting of a variable's value in a query of the given data source type.
std::string FormatValue(const ResolvedVariable& v, const std::string& target_type,
                        const std::string& format) {
  if (v.selected.empty()) throw std::runtime_error("variable without a value");
  if (format == "text") {
    std::string out;
    for (const auto& o : v.selected) out += (out.empty() ? "" : " + ") + o.text;
    return out;
  }
  if (!format.empty() && format != "raw") {
    throw std::runtime_error("variable format :" + format + " is not supported here");
  }
  if (format == "raw" && v.selected.size() == 1) return v.selected[0].value;
  if (target_type == "sql") {
    if (!v.multi_or_all) {
      std::string out;
      for (char c : v.selected[0].value) out += c == '\'' ? std::string("''") : std::string(1, c);
      return out;
    }
    std::string out;
    for (const auto& o : v.selected) out += (out.empty() ? "" : ",") + SqlQuote(o.value);
    return out;
  }
  if (!v.multi_or_all) return v.selected[0].value;
  if (v.selected.size() == 1) return RegexEscape(v.selected[0].value);
  std::string out;
  for (const auto& o : v.selected) out += (out.empty() ? "" : "|") + RegexEscape(o.value);
  return "(" + out + ")";
}

// Substitutes $var, ${var}, ${var:format} and [[var]] as Grafana does. `repeat_var` is
// the panel's repeat variable: each repeated panel gets one value, here the first.
std::string Interpolate(const std::string& query,
                        const std::map<std::string, ResolvedVariable>& variables,
                        const std::string& target_type, const std::string& repeat_var = "") {
  static const std::regex kVariable(R"(\$\{(\w+)(?::(\w+))?\}|\$(\w+)|\[\[(\w+)\]\])");
  std::string out;
  auto begin = query.cbegin();
  for (std::sregex_iterator it(query.begin(), query.end(), kVariable), end; it != end; ++it) {
    const auto& m = *it;
    out.append(begin, m[0].first);
    begin = m[0].second;
    const std::string name = m[1].matched ? m[1].str() : m[3].matched ? m[3].str() : m[4].str();
    const std::string format = m[2].str();
    if (std::all_of(name.begin(), name.end(), ::isdigit)) {
      out += m[0].str();  // $1 in label_replace and the like: not a variable
      continue;
    }
    if (auto b = std::find_if(kBuiltins.begin(), kBuiltins.end(),
                              [&](const auto& builtin) { return builtin.first == name; });
        b != kBuiltins.end()) {
      out += b->second;
      continue;
    }
    auto v = variables.find(name);
    if (v == variables.end()) {
      throw std::runtime_error("unknown variable $" + name);
    }
    if (name == repeat_var) {
      ResolvedVariable one = v->second;
      one.selected.resize(1);
      one.multi_or_all = false;
      out += FormatValue(one, target_type, format);
    } else {
      out += FormatValue(v->second, target_type, format);
    }
  }
  out.append(begin, query.cend());
  return out;
}

// ------------------------------------------------------------------ the checker

// Where a query comes from, for failure messages.
struct QuerySite {
  std::string dashboard;
  std::string panel;  // panel title, or "variable <name>"
  std::string ref;    // refId
};

std::ostream& operator<<(std::ostream& out, const QuerySite& s) {
  return out << s.dashboard << " / \"" << s.panel << "\"" << (s.ref.empty() ? "" : " / ") << s.ref;
}

class DashboardChecker {
 public:
  DashboardChecker(const PrometheusApi& prometheus, std::string reader_conninfo)
      : prometheus_(prometheus), reader_(std::move(reader_conninfo)) {}

  void Check(const fs::path& file) {
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const json::value dashboard = json::parse(text);
    const std::string name = file.filename().string() + " (" + JsonString(dashboard, "title") + ")";
    const std::size_t targets_before = targets_found_;

    variables_.clear();
    if (const auto* templating = dashboard.as_object().if_contains("templating")) {
      if (const auto* list = templating->as_object().if_contains("list")) {
        for (const auto& variable : list->as_array()) ResolveVariable(name, variable);
      }
    }
    for (const auto& panel : dashboard.at("panels").as_array()) CheckPanel(name, panel);
    EXPECT_GT(targets_found_, targets_before) << name << " has no query at all";
  }

  struct Totals {
    std::size_t targets_found = 0;       // panel targets and query variables
    std::size_t targets_checked = 0;     // of those, run against their data source
    std::size_t queries_run = 0;         // a Prometheus target runs twice: instant and range
    std::size_t variables_resolved = 0;  // variables that got a value
  };
  [[nodiscard]] Totals Count() const {
    return {targets_found_, targets_checked_, queries_run_, variables_resolved_};
  }

 private:
  static std::string DatasourceUid(const json::value& holder) {
    const auto* object = holder.if_object();
    if (object == nullptr) return "";
    const auto* ds = object->if_contains("datasource");
    if (ds == nullptr) return "";
    if (ds->is_string()) return std::string(ds->as_string());
    return JsonString(*ds, "uid");
  }

  void ResolveVariable(const std::string& dashboard, const json::value& variable) {
    const std::string name = JsonString(variable, "name");
    const std::string type = JsonString(variable, "type");
    const QuerySite site{dashboard, "variable " + name, ""};
    ResolvedVariable resolved;
    const auto& object = variable.as_object();
    resolved.multi_or_all = (object.contains("multi") && object.at("multi") == true) ||
                            (object.contains("includeAll") && object.at("includeAll") == true);
    std::vector<VariableOption> options;
    std::string query_text;
    if (const auto* q = object.if_contains("query")) {
      query_text = q->is_string() ? std::string(q->as_string()) : JsonString(*q, "query");
    }
    try {
      if (type == "custom") {
        // "text : value,text : value" (Grafana's custom variable syntax).
        std::stringstream items(query_text);
        std::string item;
        while (std::getline(items, item, ',')) {
          auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(' '));
            s.erase(s.find_last_not_of(' ') + 1);
            return s;
          };
          const auto colon = item.find(" : ");
          if (colon == std::string::npos) {
            options.push_back({trim(item), trim(item)});
          } else {
            options.push_back({trim(item.substr(0, colon)), trim(item.substr(colon + 3))});
          }
        }
      } else if (type == "constant" || type == "textbox") {
        options.push_back({query_text, query_text});
      } else if (type == "query") {
        const std::string uid = DatasourceUid(variable);
        ++targets_found_;
        if (uid == kPrometheusUid) {
          resolved.datasource_type = "prometheus";
          options = PrometheusVariable(site, Interpolate(query_text, variables_, "prometheus"));
        } else if (uid == kPostgresUid) {
          resolved.datasource_type = "sql";
          options = SqlVariable(site, Interpolate(query_text, variables_, "sql"));
        } else {
          ADD_FAILURE() << site << ": unknown data source uid \"" << uid << "\"";
        }
        ++targets_checked_;
        options = ApplyRegex(options, JsonString(variable, "regex"));
        const int sort =
            object.contains("sort") ? static_cast<int>(object.at("sort").as_int64()) : 0;
        options = SortOptions(options, sort);
        EXPECT_FALSE(options.empty()) << site << ": no option left after the regex ("
                                      << JsonString(variable, "regex") << ") from: " << query_text;
      } else {
        ADD_FAILURE() << site << ": variable type " << type << " is not supported by this test";
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << site << ": " << e.what();
    }
    // The current value when it is among the options, "All" as every option, else the
    // first option (what Grafana selects on load).
    std::string current_value;
    if (const auto* current = object.if_contains("current")) {
      if (const auto* v = current->as_object().if_contains("value")) current_value = Text(*v);
    }
    if (current_value == "$__all") {
      resolved.selected = options;
    } else {
      for (const auto& o : options) {
        if (o.value == current_value) resolved.selected = {o};
      }
      if (resolved.selected.empty() && !options.empty()) resolved.selected = {options.front()};
    }
    if (!resolved.selected.empty()) ++variables_resolved_;
    std::cout << "  variable " << name << " = " << resolved.selected.size() << " value(s)"
              << (resolved.selected.empty() ? ""
                                            : ", first \"" + resolved.selected[0].text + "\" (" +
                                                  resolved.selected[0].value + ")")
              << "\n";
    variables_[name] = std::move(resolved);
  }

  std::vector<VariableOption> PrometheusVariable(const QuerySite& site, const std::string& query) {
    static const std::regex kLabelValues(R"(^\s*label_values\((?:(.*),\s*)?(\w+)\s*\)\s*$)");
    static const std::regex kQueryResult(R"(^\s*query_result\((.*)\)\s*$)");
    std::vector<VariableOption> out;
    std::smatch m;
    ++queries_run_;
    if (std::regex_match(query, m, kLabelValues)) {
      std::string path = "/api/v1/label/" + m[2].str() + "/values";
      if (m[1].matched) path += "?match[]=" + UrlEncode(m[1].str());
      const auto reply = prometheus_.Get(path);
      if (!reply.data) {
        ADD_FAILURE() << site << ": " << query << ": " << reply.error;
        return out;
      }
      for (const auto& v : reply.data->as_array()) {
        out.push_back({std::string(v.as_string()), std::string(v.as_string())});
      }
    } else if (std::regex_match(query, m, kQueryResult)) {
      const auto reply = prometheus_.Instant(m[1].str());
      if (!reply.data) {
        ADD_FAILURE() << site << ": " << query << ": " << reply.error;
        return out;
      }
      // Grafana's text of each series: name{label="value",...} value timestamp_ms.
      for (const auto& series : reply.data->at("result").as_array()) {
        const auto& metric = series.at("metric").as_object();
        std::string text = JsonString(metric, "__name__") + "{";
        bool first = true;
        for (const auto& [label, value] : metric) {
          if (label == "__name__") continue;
          text += (first ? "" : ",") + std::string(label) + "=\"" + std::string(value.as_string()) +
                  "\"";
          first = false;
        }
        const auto& sample = series.at("value").as_array();
        text += "} " + std::string(sample[1].as_string()) + " " +
                std::to_string(static_cast<long long>(sample[0].to_number<double>() * 1000));
        out.push_back({text, text});
      }
    } else {
      ADD_FAILURE() << site << ": only label_values() and query_result() are supported: " << query;
    }
    EXPECT_FALSE(out.empty()) << site << ": no values from " << query;
    return out;
  }

  std::vector<VariableOption> SqlVariable(const QuerySite& site, const std::string& query) {
    std::vector<VariableOption> out;
    const auto rows = RunSql(site, query);
    if (!rows) return out;
    // Columns __text and __value when present, else the first column for both.
    int text_col = -1;
    int value_col = -1;
    for (pqxx::row::size_type c = 0; c < rows->columns(); ++c) {
      const std::string column = rows->column_name(c);
      if (column == "__text") text_col = static_cast<int>(c);
      if (column == "__value") value_col = static_cast<int>(c);
    }
    if (text_col < 0) text_col = value_col >= 0 ? value_col : 0;
    if (value_col < 0) value_col = text_col;
    for (const auto& row : *rows) {
      out.push_back({row[text_col].c_str(), row[value_col].c_str()});
    }
    return out;
  }

  std::optional<pqxx::result> RunSql(const QuerySite& site, const std::string& query) {
    ++queries_run_;
    try {
      pqxx::connection c(reader_);
      pqxx::read_transaction tx(c);
      auto rows = tx.exec(query);
      EXPECT_GT(rows.size(), 0u) << site << ": no rows from\n" << query;
      return rows;
    } catch (const std::exception& e) {
      ADD_FAILURE() << site << ": " << e.what() << "\n" << query;
      return std::nullopt;
    }
  }

  void CheckPanel(const std::string& dashboard, const json::value& panel) {
    const std::string title = JsonString(panel, "title");
    const std::string repeat = JsonString(panel, "repeat");
    if (const auto* targets = panel.as_object().if_contains("targets")) {
      for (const auto& target : targets->as_array()) {
        ++targets_found_;
        const QuerySite site{dashboard, title, JsonString(target, "refId")};
        std::string uid = DatasourceUid(target);
        if (uid.empty()) uid = DatasourceUid(panel);
        try {
          if (uid == kPrometheusUid) {
            const std::string expr =
                Interpolate(JsonString(target, "expr"), variables_, "prometheus", repeat);
            CheckPrometheus(site, expr);
          } else if (uid == kPostgresUid) {
            RunSql(site, Interpolate(JsonString(target, "rawSql"), variables_, "sql", repeat));
          } else {
            ADD_FAILURE() << site << ": unknown data source uid \"" << uid << "\"";
            continue;
          }
          ++targets_checked_;
        } catch (const std::exception& e) {
          ADD_FAILURE() << site << ": " << e.what();
        }
      }
    }
    // Panels of a collapsed row sit inside it.
    if (const auto* nested = panel.as_object().if_contains("panels")) {
      for (const auto& inner : nested->as_array()) CheckPanel(dashboard, inner);
    }
  }

  void CheckPrometheus(const QuerySite& site, const std::string& expr) {
    for (const bool range : {false, true}) {
      ++queries_run_;
      const auto reply = range ? prometheus_.Range(expr) : prometheus_.Instant(expr);
      const char* kind = range ? "range query" : "instant query";
      if (!reply.data) {
        ADD_FAILURE() << site << ": " << kind << " failed: " << reply.error << "\n  " << expr;
      } else if (PrometheusApi::ResultSize(*reply.data) == 0) {
        ADD_FAILURE() << site << ": " << kind << " returned nothing\n  " << expr;
      }
    }
  }

  const PrometheusApi& prometheus_;
  std::string reader_;
  std::map<std::string, ResolvedVariable> variables_;
  std::size_t targets_found_ = 0;
  std::size_t targets_checked_ = 0;
  std::size_t queries_run_ = 0;
  std::size_t variables_resolved_ = 0;
};

// ------------------------------------------------------------------ the environment

const sim::Province& Province() {
  static const sim::Province province =
      sim::GenerateProvince({.seed = 11, .scale = 0.05, .year = 2021});
  return province;
}

class DashboardQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("egovkpi-dashboards-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "prometheus-data");
    std::ofstream(dir_ / "secret") << "egovkpi\n";
  }
  void TearDown() override {
    prometheus_.reset();
    daemon_.reset();
    if (HasFailure()) {
      for (const char* log : {"daemon.log", "prometheus.log"}) {
        std::ifstream in(dir_ / log);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        std::cerr << "--- " << log << " (last 3000 bytes) ---\n"
                  << text.substr(text.size() > 3000 ? text.size() - 3000 : 0) << "\n";
      }
    }
    fs::remove_all(dir_);
  }

  void StartSimulatorAndDaemon() {
    service_ = std::make_unique<sim::SimService>(
        Province(), sim::SimClock::Frozen(*sim::ParseCommandLineTime("2021-09-15T12:00:00")),
        sim::FaultPlan(), sim::SimCredentials{});
    server_ = std::make_unique<sim::SimHttpServer>(
        [this](const sim::SimRequest& r) { return service_->Handle(r); });
    daemon_port_ = FreeLoopbackPort();
    std::ofstream config(dir_ / "egovkpi.toml");
    config << "[province]\ncode = \"H21\"\n\n"
           << DatabaseSection(db_.conninfo()) << "\n[http]\nlisten = \"127.0.0.1:" << daemon_port_
           << "\"\n\n";
    auto source = [&](const char* name, const std::string& credentials) {
      config
          << "[sources." << name << "]\nenabled = true\nbase_url = \"" << server_->base_url() << "/"
          << name << "\"\n"
          << credentials
          << "interval = \"1s\"\nretry_interval = \"1s\"\ntimeout = \"2s\"\npage_size = 1000\n\n";
    };
    source("onegate", "username = \"egovkpi\"\npassword_file = \"secret\"\n");
    source("portal", "username = \"egovkpi\"\npassword_file = \"secret\"\n");
    source("postal", "customer_key = \"egovkpi\"\nsecret_key_file = \"secret\"\n");
    source("edoc", "api_key_file = \"secret\"\n");
    config << "[kpi]\nplan_year = 2021\ncompute_interval = \"1s\"\n\n[log]\nlevel = \"info\"\n";
    config.close();
    daemon_ =
        std::make_unique<DaemonProcess>(EGOVKPI_BINARY, dir_ / "egovkpi.toml", dir_ / "daemon.log");
  }

  void StartPrometheus() {
    prometheus_port_ = FreeLoopbackPort();
    std::ofstream config(dir_ / "prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n";
    // The shipped rules with `for: 0s`: the test cannot wait the hours they wait, and the
    // dashboards' alert panels must be seen with alerts in them, not only their fallbacks.
    std::ifstream shipped(EGOVKPI_RULES_FILE);
    ASSERT_TRUE(shipped) << "cannot read " << EGOVKPI_RULES_FILE;
    const std::string text((std::istreambuf_iterator<char>(shipped)), {});
    const fs::path rules = dir_ / "egovkpi-rules.yml";
    std::ofstream(rules) << std::regex_replace(text, std::regex("(\n *)for: [^\n]*"),
                                               "$1for: 0s");
    config << "rule_files:\n  - " << rules.string() << "\n";
    config << "scrape_configs:\n  - job_name: egovkpi\n    static_configs:\n"
           << "      - targets: ['127.0.0.1:" << daemon_port_ << "']\n";
    config.close();
    prometheus_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "prometheus", "--config.file=" + (dir_ / "prometheus.yml").string(),
            "--storage.tsdb.path=" + (dir_ / "prometheus-data").string(),
            "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port_),
            "--log.level=warn"},
        dir_ / "prometheus.log");
  }

  // Polls `query` on Prometheus until it returns a sample satisfying `ok`.
  void WaitForPrometheus(const PrometheusApi& api, const std::string& query,
                         std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last;
    while (std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(prometheus_->Running()) << "prometheus exited";
      ASSERT_TRUE(daemon_->Running()) << "the daemon exited";
      const auto reply = api.Instant(query);
      if (reply.data && PrometheusApi::ResultSize(*reply.data) > 0) return;
      last = reply.data ? "empty result" : reply.error;
      std::this_thread::sleep_for(500ms);
    }
    FAIL() << "Prometheus never answered " << query << " (last: " << last << ")";
  }

  void WaitForKpiRows(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        pqxx::connection c(db_.conninfo());
        pqxx::read_transaction tx(c);
        if (tx.exec1("SELECT count(*) FROM egovkpi.kpi_latest")[0].as<long>() > 0) return;
      } catch (const pqxx::sql_error&) {
        // the schema is not there yet
      }
      std::this_thread::sleep_for(500ms);
    }
    FAIL() << "egovkpi.kpi_latest stayed empty";
  }

  // A login role that is only a member of egovkpi_reader, as grafana/provisioning expects.
  // Roles are cluster-wide: another test run may have created it already.
  std::string ReaderConninfo() {
    pqxx::connection c(db_.conninfo());
    pqxx::work tx(c);
    tx.exec0(
        "DO $$ BEGIN CREATE ROLE egovkpi_grafana_test LOGIN; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    tx.exec0("ALTER ROLE egovkpi_grafana_test NOSUPERUSER NOCREATEDB NOCREATEROLE");
    tx.exec0("GRANT egovkpi_reader TO egovkpi_grafana_test");
    tx.commit();
    std::string conninfo = db_.conninfo() + " user=egovkpi_grafana_test";
    pqxx::connection reader(conninfo);
    pqxx::read_transaction check(reader);
    const auto roles = check.exec(
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user");
    EXPECT_EQ(roles.size(), 1u);
    EXPECT_EQ(roles[0][0].as<std::string>(), "egovkpi_reader");
    EXPECT_FALSE(
        check.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].as<bool>());
    return conninfo;
  }

  TestDatabase db_;
  fs::path dir_;
  std::unique_ptr<sim::SimService> service_;
  std::unique_ptr<sim::SimHttpServer> server_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::unique_ptr<ChildProcess> prometheus_;
  std::uint16_t daemon_port_ = 0;
  std::uint16_t prometheus_port_ = 0;
};

TEST_F(DashboardQueries, EveryQueryOfEveryDashboardReturnsData) {
  StartSimulatorAndDaemon();
  ASSERT_NO_FATAL_FAILURE(StartPrometheus());
  const PrometheusApi api(prometheus_port_);

  // A healthy daemon: every source has stored its backfill, and the KPIs were computed
  // afterwards and scraped, with a few more scrapes so rates have samples to work on.
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(api, "up{job=\"egovkpi\"} == 1", 60s));
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(
      api, "count(egovkpi_source_last_success_timestamp_seconds > 0) == 4", 120s));
  ASSERT_NO_FATAL_FAILURE(WaitForKpiRows(60s));
  const auto backfilled = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(
      api, "egovkpi_kpi_last_computed_timestamp_seconds > " + std::to_string(backfilled + 2), 60s));
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(api, "egovkpi_kpi_ratio", 30s));
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(
      api, "count_over_time(egovkpi_kpi_last_computed_timestamp_seconds[1m]) >= 5", 30s));
  // The rules loaded, and the province misses targets in the simulated data: the alert
  // panels have alerts to show.
  const auto rules = api.Get("/api/v1/rules");
  ASSERT_TRUE(rules.data) << rules.error;
  EXPECT_FALSE(rules.data->at("groups").as_array().empty())
      << "Prometheus loaded no rule group from " << EGOVKPI_RULES_FILE;
  ASSERT_NO_FATAL_FAILURE(WaitForPrometheus(
      api, R"(ALERTS{alertstate="firing", alertname="EgovkpiProvinceKpiTargetMissed"})", 30s));

  DashboardChecker checker(api, ReaderConninfo());
  // EGOVKPI_DASHBOARD_DIR in the environment checks other dashboards (one being written).
  const char* env_dir = std::getenv(  // NOLINT(concurrency-mt-unsafe): nothing sets it
      "EGOVKPI_DASHBOARD_DIR");
  const fs::path dashboard_dir = env_dir != nullptr ? env_dir : EGOVKPI_DASHBOARD_DIR;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dashboard_dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), env_dir != nullptr ? 1u : 4u)
      << "dashboards missing from " << dashboard_dir;
  for (const auto& file : files) {
    std::cout << file.filename().string() << "\n";
    checker.Check(file);
  }

  const auto totals = checker.Count();
  std::cout << files.size() << " dashboards: " << totals.targets_found
            << " queries found (targets and query variables), " << totals.targets_checked
            << " checked, " << totals.queries_run << " queries run (" << totals.variables_resolved
            << " variables resolved)\n";
  EXPECT_EQ(totals.targets_checked, totals.targets_found) << "some queries were skipped";
  EXPECT_GE(totals.queries_run, totals.targets_found);
}

}  // namespace
}  // namespace egovkpi::testing
