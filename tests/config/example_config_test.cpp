// config/egovkpi.example.toml is the documentation of every key: it must load as is, give
// exactly the defaults of config.hpp, and mention every key the loader knows.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "config_test_support.hpp"
#include "egovkpi/config/config.hpp"
#include "egovkpi/config/loader.hpp"

namespace egovkpi::config {
namespace {

using testing::Dump;
using testing::FakeEnvironment;

std::string ReadExample() {
  std::ifstream in(EGOVKPI_EXAMPLE_CONFIG);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void ExpectSameSource(const SourceConfig& actual, const SourceConfig& expected,
                      const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(actual.enabled, expected.enabled);
  EXPECT_EQ(actual.base_url, expected.base_url);
  EXPECT_EQ(actual.credentials.id, expected.credentials.id);
  EXPECT_EQ(actual.credentials.secret, expected.credentials.secret);
  EXPECT_EQ(actual.interval, expected.interval);
  EXPECT_EQ(actual.retry_interval, expected.retry_interval);
  EXPECT_DOUBLE_EQ(actual.jitter, expected.jitter);
  EXPECT_EQ(actual.page_size, expected.page_size);
  EXPECT_EQ(actual.timeout, expected.timeout);
  EXPECT_EQ(actual.max_response_bytes, expected.max_response_bytes);
  EXPECT_EQ(actual.max_attempts, expected.max_attempts);
  EXPECT_EQ(actual.tls_verify, expected.tls_verify);
  EXPECT_EQ(actual.ca_file, expected.ca_file);
}

void ExpectSameConfig(const Config& actual, const Config& expected) {
  EXPECT_EQ(actual.province.code, expected.province.code);
  EXPECT_EQ(actual.province.name, expected.province.name);
  EXPECT_EQ(actual.province.timezone, expected.province.timezone);
  EXPECT_EQ(actual.database.host, expected.database.host);
  EXPECT_EQ(actual.database.port, expected.database.port);
  EXPECT_EQ(actual.database.dbname, expected.database.dbname);
  EXPECT_EQ(actual.database.user, expected.database.user);
  EXPECT_EQ(actual.database.password, expected.database.password);
  EXPECT_EQ(actual.database.sslmode, expected.database.sslmode);
  EXPECT_EQ(actual.database.connect_timeout, expected.database.connect_timeout);
  EXPECT_EQ(actual.database.reconnect_max_backoff, expected.database.reconnect_max_backoff);
  EXPECT_EQ(actual.http.listen_address, expected.http.listen_address);
  EXPECT_EQ(actual.http.port, expected.http.port);
  ExpectSameSource(actual.sources.onegate, expected.sources.onegate, "onegate");
  ExpectSameSource(actual.sources.portal, expected.sources.portal, "portal");
  ExpectSameSource(actual.sources.postal, expected.sources.postal, "postal");
  ExpectSameSource(actual.sources.edoc, expected.sources.edoc, "edoc");
  EXPECT_EQ(actual.kpi.plan_year, expected.kpi.plan_year);
  EXPECT_EQ(actual.kpi.compute_interval, expected.kpi.compute_interval);
  EXPECT_EQ(actual.kpi.targets, expected.kpi.targets);
  EXPECT_EQ(actual.log.level, expected.log.level);
}

TEST(ExampleConfig, LoadsWithoutErrorsInAnEmptyEnvironment) {
  const LoadResult result = LoadConfigFile(EGOVKPI_EXAMPLE_CONFIG, FakeEnvironment());
  EXPECT_TRUE(result.errors.empty()) << Dump(result);
  EXPECT_TRUE(result.config.has_value());
}

TEST(ExampleConfig, GivesExactlyTheDefaults) {
  const LoadResult result = LoadConfigFile(EGOVKPI_EXAMPLE_CONFIG, FakeEnvironment());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  ExpectSameConfig(*result.config, Config{});
}

TEST(ExampleConfig, EmptyFileGivesTheSameDefaults) {
  const LoadResult result = testing::Load("");
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  ExpectSameConfig(*result.config, Config{});
}

// Every key of the schema, by table, as the example must show it (set or commented out).
std::set<std::string> SchemaKeys() {
  std::set<std::string> keys = {
      "province.code",
      "province.name",
      "province.timezone",
      "database.host",
      "database.port",
      "database.dbname",
      "database.user",
      "database.password_file",
      "database.password_env",
      "database.sslmode",
      "database.connect_timeout",
      "database.reconnect_max_backoff",
      "http.listen",
      "kpi.plan_year",
      "kpi.compute_interval",
      "kpi.targets.online_services_used",
      "kpi.targets.online_dossiers",
      "kpi.targets.bcci_services_used",
      "kpi.targets.bcci_received",
      "kpi.targets.bcci_returned",
      "kpi.targets.signed_edocs",
      "kpi.targets.edocs_processed_online",
      "kpi.targets.on_time_dossiers",
      "log.level",
  };
  const std::map<std::string, std::vector<std::string>> source_keys = {
      {"onegate", {"username", "password_file", "password_env"}},
      {"portal", {"username", "password_file", "password_env"}},
      {"postal", {"customer_key", "secret_key_file", "secret_key_env"}},
      {"edoc", {"api_key_file", "api_key_env"}},
  };
  for (const auto& [source, specific] : source_keys) {
    const std::string prefix = "sources." + source + ".";
    for (const char* common :
         {"enabled", "base_url", "interval", "retry_interval", "jitter", "page_size", "timeout",
          "max_response_bytes", "max_attempts", "tls_verify", "ca_file"}) {
      keys.insert(prefix + common);
    }
    for (const std::string& key : specific) keys.insert(prefix + key);
  }
  return keys;
}

TEST(ExampleConfig, DocumentsEveryKeyWithAComment) {
  const std::regex header(R"(^\[([a-z_.]+)\].*)");
  const std::regex key_line(R"(^#? ?([a-z_]+) = [^#]*# \S.*)");
  std::set<std::string> documented;
  std::string table;
  std::istringstream lines(ReadExample());
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_match(line, match, header)) {
      table = match[1];
    } else if (std::regex_match(line, match, key_line)) {
      documented.insert(table + "." + std::string(match[1]));
    }
  }
  EXPECT_EQ(documented, SchemaKeys());
}

// Uncommenting every example line must give only the errors of setting both halves of
// each secret pair: a misspelt commented-out key would show up as "unknown key".
TEST(ExampleConfig, CommentedOutKeysAreKnownToTheLoader) {
  const std::regex commented(R"(^# ([a-z_]+ = .*))");
  std::string uncommented;
  std::istringstream lines(ReadExample());
  for (std::string line; std::getline(lines, line);) {
    uncommented += std::regex_replace(line, commented, "$1") + '\n';
  }
  const LoadResult result = testing::Load(uncommented);
  ASSERT_EQ(result.errors.size(), 5u) << Dump(result);  // database + four sources
  for (const ConfigError& error : result.errors) {
    EXPECT_NE(error.message.find("are mutually exclusive"), std::string::npos) << error.ToString();
  }
}

}  // namespace
}  // namespace egovkpi::config
