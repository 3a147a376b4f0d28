// The schema of the configuration file: which tables and keys exist, their types and
// limits. The mechanics (positions, types, unknown keys, secrets) live in config_reader.
#include "egovkpi/config/loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "config_reader.hpp"
#include "file_access.hpp"
#include "value_parsers.hpp"

// Debian's libtomlplusplus is built with exceptions (symbols in toml::v3::ex): parse()
// throws toml::parse_error, and a build without exceptions would not link against it.
static_assert(TOML_EXCEPTIONS, "egovkpi::config expects toml++ with exceptions");

namespace egovkpi::config {
namespace {

using detail::Quote;
using detail::TableReader;

constexpr Duration kPositive = Duration(1);
constexpr Duration kMinInterval = std::chrono::seconds(1);
constexpr std::size_t kMaxConfigFileBytes = std::size_t{1024} * 1024;
constexpr std::string_view kTimezone = "Asia/Ho_Chi_Minh";

constexpr std::array<std::string_view, 6> kSslModes = {"disable", "allow",     "prefer",
                                                       "require", "verify-ca", "verify-full"};
constexpr std::array<std::string_view, 5> kLogLevels = {"trace", "debug", "info", "warn", "error"};
// shared/spec/kpi.md
constexpr std::array<std::string_view, 8> kKpiIds = {
    "online_services_used", "online_dossiers", "bcci_services_used",     "bcci_received",
    "bcci_returned",        "signed_edocs",    "edocs_processed_online", "on_time_dossiers"};

struct SourceSchema {
  std::string_view name;
  std::string_view id_key;  // empty: the source authenticates with its secret alone
  std::string_view secret;  // "<secret>_file" / "<secret>_env"
  SourceConfig SourcesConfig::*member;
};

constexpr std::array<SourceSchema, 4> kSources = {{
    {"onegate", "username", "password", &SourcesConfig::onegate},
    {"portal", "username", "password", &SourcesConfig::portal},
    {"postal", "customer_key", "secret_key", &SourcesConfig::postal},
    {"edoc", "", "api_key", &SourcesConfig::edoc},
}};

bool IsAlphanumeric(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// "http://" or "https://" followed by at least a host, no whitespace.
bool IsHttpUrl(std::string_view url) {
  for (const std::string_view scheme :
       {std::string_view("http://"), std::string_view("https://")}) {
    if (url.substr(0, scheme.size()) != scheme) continue;
    const std::string_view rest = url.substr(scheme.size());
    return !rest.empty() && rest.front() != '/' &&
           rest.find_first_of(" \t\r\n") == std::string_view::npos;
  }
  return false;
}

void ReadProvince(TableReader table, ProvinceConfig& out) {
  std::string code;
  if (table.ReadNonEmptyString("code", code)) {
    if (IsAlphanumeric(code)) {
      out.code = std::move(code);
    } else {
      table.ErrorAt("code", Quote(code) + " must contain only letters and digits");
    }
  }
  table.ReadString("name", out.name);
  std::string timezone;
  if (table.ReadString("timezone", timezone)) {
    if (timezone == kTimezone) {
      out.timezone = std::move(timezone);
    } else {
      table.ErrorAt("timezone", Quote(timezone) + " is not supported: only " + Quote(kTimezone) +
                                    " is accepted (every upstream system uses it)");
    }
  }
  table.ReportUnknownKeys();
}

void ReadDatabase(TableReader table, DatabaseConfig& out) {
  table.ReadNonEmptyString("host", out.host);
  table.ReadInteger("port", 1, 65535, out.port);
  table.ReadNonEmptyString("dbname", out.dbname);
  table.ReadNonEmptyString("user", out.user);
  table.ReadSecret("password", /*consult=*/true, out.password);
  table.ReadChoice("sslmode", kSslModes, out.sslmode);
  table.ReadDuration("connect_timeout", kPositive, out.connect_timeout);
  table.ReadDuration("reconnect_max_backoff", kPositive, out.reconnect_max_backoff);
  table.ReportUnknownKeys();
}

void ReadHttp(TableReader table, HttpConfig& out) {
  std::string listen;
  if (table.ReadString("listen", listen)) {
    std::string problem;
    if (const auto address = detail::ParseListenAddress(listen, problem)) {
      out.listen_address = address->host;
      out.port = address->port;
    } else {
      table.ErrorAt("listen", Quote(listen) + " is not a listen address: " + problem +
                                  " (use \"host:port\", e.g. \"127.0.0.1:9464\" or "
                                  "\"[::1]:9464\")");
    }
  }
  table.ReportUnknownKeys();
}

void ReadSource(TableReader table, const SourceSchema& schema, SourceConfig& out) {
  table.ReadBool("enabled", out.enabled);
  // A disabled source may keep its settings without its secret or CA file being present:
  // files and the environment are only consulted for enabled sources.
  const bool enabled = out.enabled;
  std::string url;
  if (table.ReadString("base_url", url)) {
    if (IsHttpUrl(url)) {
      out.base_url = std::move(url);
    } else {
      table.ErrorAt("base_url", Quote(url) + " must start with http:// or https:// and a host");
    }
  }
  if (!schema.id_key.empty()) table.ReadNonEmptyString(schema.id_key, out.credentials.id);
  const bool has_secret = table.ReadSecret(schema.secret, enabled, out.credentials.secret);
  table.ReadDuration("interval", kMinInterval, out.interval);
  table.ReadDuration("retry_interval", kMinInterval, out.retry_interval);
  table.ReadNumber("jitter", 0.0, 0.5, out.jitter);
  table.ReadInteger("page_size", 1, 1000, out.page_size);
  table.ReadDuration("timeout", kPositive, out.timeout);
  table.ReadSize("max_response_bytes", std::size_t{1} << 10, std::size_t{1} << 30,
                 out.max_response_bytes);
  table.ReadInteger("max_attempts", 1, 20, out.max_attempts);
  table.ReadBool("tls_verify", out.tls_verify);
  table.ReadFilePath("ca_file", enabled, out.ca_file);

  if (enabled) {
    if (!table.Contains("base_url")) table.Error("base_url is required when the source is enabled");
    if (!schema.id_key.empty() && !table.Contains(schema.id_key)) {
      table.Error(std::string(schema.id_key) + " is required when the source is enabled");
    }
    if (!has_secret) {
      const std::string secret(schema.secret);
      table.Error(secret + "_file or " + secret + "_env is required when the source is enabled");
    }
  }
  table.ReportUnknownKeys();
}

void ReadSources(TableReader table, SourcesConfig& out) {
  for (const SourceSchema& schema : kSources) {
    ReadSource(table.SubTable(schema.name), schema, out.*schema.member);
  }
  table.ReportUnknownKeys("source");
}

void ReadKpi(TableReader table, KpiConfig& out) {
  table.ReadInteger("plan_year", 2000, 2100, out.plan_year);
  table.ReadDuration("compute_interval", kMinInterval, out.compute_interval);
  TableReader targets = table.SubTable("targets");
  for (const std::string_view id : kKpiIds) {
    double target = 0;
    if (targets.ReadNumber(id, 0.0, 1.0, target)) out.targets[std::string(id)] = target;
  }
  targets.ReportUnknownKeys("KPI id");
  table.ReportUnknownKeys();
}

void ReadLog(TableReader table, LogConfig& out) {
  table.ReadChoice("level", kLogLevels, out.level);
  table.ReportUnknownKeys();
}

void ReadConfig(TableReader root, Config& out) {
  ReadProvince(root.SubTable("province"), out.province);
  ReadDatabase(root.SubTable("database"), out.database);
  ReadHttp(root.SubTable("http"), out.http);
  ReadSources(root.SubTable("sources"), out.sources);
  ReadKpi(root.SubTable("kpi"), out.kpi);
  ReadLog(root.SubTable("log"), out.log);
  root.ReportUnknownKeys();
}

}  // namespace

std::string ConfigError::ToString() const {
  if (line == 0) return file + ": " + message;
  return file + ':' + std::to_string(line) + ':' + std::to_string(column) + ": " + message;
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // getenv races only with setenv/putenv, which egovkpi never calls.
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

LoadResult LoadConfigFile(const std::filesystem::path& path, const EnvLookup& env) {
  std::string text;
  std::string problem;
  if (!detail::ReadSmallFile(path, kMaxConfigFileBytes, text, problem)) {
    LoadResult result;
    result.errors.push_back(
        ConfigError{path.string(), 0, 0, "cannot read the configuration file: " + problem});
    return result;
  }
  std::error_code ignored;
  std::filesystem::path base_dir = std::filesystem::absolute(path, ignored).parent_path();
  if (base_dir.empty()) base_dir = path.parent_path();
  return LoadConfigString(text, path.string(), base_dir, env);
}

LoadResult LoadConfigString(std::string_view toml, const std::string& file_name,
                            const std::filesystem::path& base_dir, const EnvLookup& env) {
  detail::ConfigReader reader(file_name, base_dir, env);
  Config config;
  try {
    const toml::table root = toml::parse(toml, std::string_view(file_name));
    ReadConfig(TableReader(reader, &root, ""), config);
  } catch (const toml::parse_error& error) {
    // toml++ stops at the first syntax error: nothing after it can be checked.
    reader.Error(error.source(), "syntax error: " + std::string(error.description()));
  }
  LoadResult result;
  result.errors = reader.TakeSortedErrors();
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

}  // namespace egovkpi::config
