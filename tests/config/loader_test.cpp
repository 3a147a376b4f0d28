// Loading valid values into the typed config, the value syntaxes (durations, sizes, listen
// addresses), and how errors are collected and ordered.
#include "egovkpi/config/loader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "config_test_support.hpp"

namespace egovkpi::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Dump;
using testing::FakeEnvironment;
using testing::Load;

Config LoadValid(std::string_view toml, const EnvLookup& env = FakeEnvironment()) {
  LoadResult result = Load(toml, env);
  EXPECT_TRUE(result.errors.empty()) << Dump(result);
  return result.config.value_or(Config{});
}

TEST(Loader, ReadsEverySectionIntoTheTypedConfig) {
  const Config config = LoadValid(R"(
[province]
code = "H01"
name = "Hà Nội"
timezone = "Asia/Ho_Chi_Minh"

[database]
host = "db.example"
port = 6432
dbname = "kpi"
user = "collector"
password_env = "DB_PASSWORD"
sslmode = "verify-full"
connect_timeout = "3s"
reconnect_max_backoff = "2m"

[http]
listen = "0.0.0.0:9100"

[sources.onegate]
enabled = true
base_url = "https://lgsp.example/onegate"
username = "egovkpi"
password_env = "ONEGATE_PASSWORD"
interval = "1h30m"
retry_interval = "45s"
jitter = 0
page_size = 250
timeout = "2500ms"
max_response_bytes = "512KiB"
max_attempts = 7
tls_verify = false

[sources.postal]
enabled = true
base_url = "http://127.0.0.1:8082"
customer_key = "customer-1"
secret_key_env = "POSTAL_KEY"
max_response_bytes = 2048

[sources.edoc]
enabled = true
base_url = "http://127.0.0.1:8083"
api_key_env = "EDOC_KEY"
jitter = 0.5

[kpi]
plan_year = 2022
compute_interval = "30s"

[kpi.targets]
online_dossiers = 0.3
signed_edocs = 1
on_time_dossiers = 0

[log]
level = "debug"
)",
                                  FakeEnvironment({{"DB_PASSWORD", "db-pw"},
                                                   {"ONEGATE_PASSWORD", "onegate-pw"},
                                                   {"POSTAL_KEY", "postal-key"},
                                                   {"EDOC_KEY", "edoc-key"}}));
  EXPECT_EQ(config.province.code, "H01");
  EXPECT_EQ(config.province.name, "Hà Nội");
  EXPECT_EQ(config.database.host, "db.example");
  EXPECT_EQ(config.database.port, 6432);
  EXPECT_EQ(config.database.dbname, "kpi");
  EXPECT_EQ(config.database.user, "collector");
  EXPECT_EQ(config.database.password, "db-pw");
  EXPECT_EQ(config.database.sslmode, "verify-full");
  EXPECT_EQ(config.database.connect_timeout, seconds(3));
  EXPECT_EQ(config.database.reconnect_max_backoff, minutes(2));
  EXPECT_EQ(config.http.listen_address, "0.0.0.0");
  EXPECT_EQ(config.http.port, 9100);

  const SourceConfig& onegate = config.sources.onegate;
  EXPECT_TRUE(onegate.enabled);
  EXPECT_EQ(onegate.base_url, "https://lgsp.example/onegate");
  EXPECT_EQ(onegate.credentials.id, "egovkpi");
  EXPECT_EQ(onegate.credentials.secret, "onegate-pw");
  EXPECT_EQ(onegate.interval, minutes(90));
  EXPECT_EQ(onegate.retry_interval, seconds(45));
  EXPECT_EQ(onegate.jitter, 0.0);
  EXPECT_EQ(onegate.page_size, 250);
  EXPECT_EQ(onegate.timeout, milliseconds(2500));
  EXPECT_EQ(onegate.max_response_bytes, 512u * 1024u);
  EXPECT_EQ(onegate.max_attempts, 7);
  EXPECT_FALSE(onegate.tls_verify);

  EXPECT_FALSE(config.sources.portal.enabled);
  EXPECT_EQ(config.sources.postal.credentials.id, "customer-1");
  EXPECT_EQ(config.sources.postal.credentials.secret, "postal-key");
  EXPECT_EQ(config.sources.postal.max_response_bytes, 2048u);
  EXPECT_EQ(config.sources.edoc.credentials.id, "");
  EXPECT_EQ(config.sources.edoc.credentials.secret, "edoc-key");
  EXPECT_DOUBLE_EQ(config.sources.edoc.jitter, 0.5);

  EXPECT_EQ(config.kpi.plan_year, 2022);
  EXPECT_EQ(config.kpi.compute_interval, seconds(30));
  EXPECT_DOUBLE_EQ(config.kpi.targets.at("online_dossiers"), 0.3);
  EXPECT_DOUBLE_EQ(config.kpi.targets.at("signed_edocs"), 1.0);
  EXPECT_DOUBLE_EQ(config.kpi.targets.at("on_time_dossiers"), 0.0);
  EXPECT_DOUBLE_EQ(config.kpi.targets.at("bcci_received"), 0.10);  // default kept
  EXPECT_EQ(config.kpi.targets.size(), 8u);
  EXPECT_EQ(config.log.level, "debug");
}

TEST(Loader, AcceptsInlineTablesAndDottedKeys) {
  const Config config = LoadValid(R"(
database = { host = "db.example", port = 5433 }
sources.portal.page_size = 10
)");
  EXPECT_EQ(config.database.host, "db.example");
  EXPECT_EQ(config.database.port, 5433);
  EXPECT_EQ(config.sources.portal.page_size, 10);
}

TEST(Loader, ReadsAnIpv6ListenAddressWithoutItsBrackets) {
  const Config config = LoadValid("[http]\nlisten = \"[::1]:9464\"\n");
  EXPECT_EQ(config.http.listen_address, "::1");
  EXPECT_EQ(config.http.port, 9464);
}

TEST(Loader, AcceptsPortZeroToListenOnAFreePort) {
  const Config config = LoadValid("[http]\nlisten = \"127.0.0.1:0\"\n");
  EXPECT_EQ(config.http.port, 0);
}

struct DurationCase {
  const char* text;
  milliseconds expected;
};

class ValidDuration : public ::testing::TestWithParam<DurationCase> {};

TEST_P(ValidDuration, IsReadToMilliseconds) {
  const Config config =
      LoadValid(std::string("[sources.onegate]\ntimeout = \"") + GetParam().text + "\"\n");
  EXPECT_EQ(config.sources.onegate.timeout, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, ValidDuration,
    ::testing::Values(DurationCase{"250ms", milliseconds(250)}, DurationCase{"30s", seconds(30)},
                      DurationCase{"5m", minutes(5)}, DurationCase{"1h30m", minutes(90)},
                      DurationCase{"2d", hours(48)},
                      DurationCase{"1d2h3m4s5ms",
                                   hours(26) + minutes(3) + seconds(4) + milliseconds(5)},
                      DurationCase{"90s", seconds(90)}, DurationCase{"30d", hours(720)}));

class MalformedDuration : public ::testing::TestWithParam<const char*> {};

TEST_P(MalformedDuration, IsRefusedAtItsPosition) {
  const LoadResult result =
      Load(std::string("[sources.onegate]\ninterval = \"") + GetParam() + "\"\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_EQ(result.errors[0].column, 12);
  EXPECT_NE(result.errors[0].message.find("is not a duration (use e.g. \"30s\", \"5m\", \"1h\")"),
            std::string::npos)
      << result.errors[0].message;
}

INSTANTIATE_TEST_SUITE_P(Loader, MalformedDuration,
                         ::testing::Values("", "5", "s", "5x", "1.5h", "-5s", "5 s", " 5s", "5S",
                                           "30m1h", "1h1h", "1m30", "1hh"));

TEST(Loader, RefusesDurationsAboveThirtyDays) {
  const LoadResult result = Load("[sources.onegate]\ninterval = \"31d\"\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_NE(result.errors[0].message.find("must be at most 30d"), std::string::npos);
  // Far beyond what 64 bits of milliseconds hold: still "too large", not a crash.
  const LoadResult huge = Load("[sources.onegate]\ninterval = \"99999999999999999999999d\"\n");
  ASSERT_EQ(huge.errors.size(), 1u) << Dump(huge);
  EXPECT_NE(huge.errors[0].message.find("must be at most 30d"), std::string::npos);
}

struct SizeCase {
  const char* toml_value;
  std::size_t expected;
};

class ValidSize : public ::testing::TestWithParam<SizeCase> {};

TEST_P(ValidSize, IsReadToBytes) {
  const Config config = LoadValid(std::string("[sources.edoc]\nmax_response_bytes = ") +
                                  GetParam().toml_value + "\n");
  EXPECT_EQ(config.sources.edoc.max_response_bytes, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, ValidSize,
    ::testing::Values(SizeCase{"\"64MiB\"", 64u << 20}, SizeCase{"\"512KiB\"", 512u << 10},
                      SizeCase{"\"1GiB\"", 1u << 30}, SizeCase{"\"1KiB\"", 1024},
                      SizeCase{"\"1000000\"", 1000000}, SizeCase{"\"1000000B\"", 1000000},
                      SizeCase{"1000000", 1000000}));

class MalformedSize : public ::testing::TestWithParam<const char*> {};

TEST_P(MalformedSize, IsRefused) {
  const LoadResult result =
      Load(std::string("[sources.edoc]\nmax_response_bytes = ") + GetParam() + "\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_EQ(result.errors[0].column, 22);
}

INSTANTIATE_TEST_SUITE_P(Loader, MalformedSize,
                         ::testing::Values("\"64MB\"", "\"64 MiB\"", "\"MiB\"", "\"1.5MiB\"",
                                           "\"\"", "\"1023\"", "\"2GiB\"", "-1", "0", "1.5",
                                           "\"99999999999999999999999GiB\""));

TEST(Loader, AcceptsIntegerZeroAndOneAsTargets) {
  const Config config = LoadValid("[kpi.targets]\nonline_dossiers = 0\nsigned_edocs = 1\n");
  EXPECT_EQ(config.kpi.targets.at("online_dossiers"), 0.0);
  EXPECT_EQ(config.kpi.targets.at("signed_edocs"), 1.0);
}

TEST(Loader, RefusesANegativeTarget) {
  const LoadResult result = Load("[kpi.targets]\nonline_dossiers = -0.1\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_NE(result.errors[0].message.find("out of range (0..1)"), std::string::npos);
}

TEST(Loader, ReportsThreeDistinctErrorsAsThreeErrors) {
  const LoadResult result = Load(R"([database]
port = 0
[sources.portal]
page_size = 0
[log]
level = "chatty"
)");
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 3u) << Dump(result);
  EXPECT_NE(result.errors[0].message.find("database.port"), std::string::npos);
  EXPECT_NE(result.errors[1].message.find("sources.portal.page_size"), std::string::npos);
  EXPECT_NE(result.errors[2].message.find("log.level"), std::string::npos);
}

TEST(Loader, SortsErrorsByPositionWhateverTheOrderOfChecks) {
  // The missing base_url is found after the table is read, the unknown key at the end:
  // the list still follows the file.
  const LoadResult result = Load(R"([log]
level = "chatty"
[sources.edoc]
enabled = true
api_key_env = "EDOC_KEY"
colour = "blue"
[database]
port = 0
)",
                                 FakeEnvironment({{"EDOC_KEY", "k"}}));
  ASSERT_EQ(result.errors.size(), 4u) << Dump(result);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_EQ(result.errors[1].line, 3);
  EXPECT_NE(result.errors[1].message.find("base_url is required"), std::string::npos);
  EXPECT_EQ(result.errors[2].line, 6);
  EXPECT_EQ(result.errors[3].line, 8);
}

TEST(Loader, ReportsUnknownKeysAtEveryLevel) {
  const LoadResult result = Load(R"(top = 1
[database]
hots = "x"
[sources.onegate]
usernme = "x"
[kpi.targets.extra]
[log.sinks]
)");
  ASSERT_EQ(result.errors.size(), 5u) << Dump(result);
  EXPECT_EQ(result.errors[0].message, "top: unknown key");
  EXPECT_EQ(result.errors[1].message, "database.hots: unknown key (did you mean \"host\"?)");
  EXPECT_EQ(result.errors[2].message,
            "sources.onegate.usernme: unknown key (did you mean \"username\"?)");
  EXPECT_NE(result.errors[3].message.find("kpi.targets.extra: unknown KPI id"), std::string::npos);
  EXPECT_EQ(result.errors[4].message, "log.sinks: unknown table");
}

TEST(Loader, ChecksValuesOfADisabledSourceToo) {
  const LoadResult result = Load("[sources.portal]\nenabled = false\npage_size = 5000\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_NE(result.errors[0].message.find("sources.portal.page_size"), std::string::npos);
}

TEST(Loader, RequiresTheUserNameOfAnEnabledLgspSource) {
  const LoadResult result = Load(R"([sources.portal]
enabled = true
base_url = "http://127.0.0.1:8081/lgsp/portal"
password_env = "P"
)",
                                 FakeEnvironment({{"P", "p"}}));
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].ToString(),
            "test.toml:1:1: sources.portal: username is required when the source is enabled");
}

TEST(Loader, ResolvesARelativeCaFileAgainstTheConfigDirectory) {
  const testing::ScratchDirectory dir;
  dir.Write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const LoadResult result = Load(R"([sources.edoc]
enabled = true
base_url = "https://edoc.example"
api_key_env = "K"
ca_file = "certs/ca.pem"
)",
                                 FakeEnvironment({{"K", "k"}}), dir.path());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(result.config->sources.edoc.ca_file, (dir.path() / "certs/ca.pem").string());
}

TEST(Loader, RefusesADirectoryAsCaFile) {
  const testing::ScratchDirectory dir;
  dir.Write("certs/ca.pem", "x");
  const LoadResult result = Load(R"([sources.edoc]
enabled = true
base_url = "https://edoc.example"
api_key_env = "K"
ca_file = "certs"
)",
                                 FakeEnvironment({{"K", "k"}}), dir.path());
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_NE(result.errors[0].message.find("it is a directory"), std::string::npos);
}

TEST(Loader, ReportsASyntaxErrorWithTomlPosition) {
  const LoadResult result = Load("[database]\nport = 5432\nhost = \"unterminated\n");
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].line, 3);
  EXPECT_GT(result.errors[0].column, 0);
  EXPECT_EQ(result.errors[0].message.rfind("syntax error: ", 0), 0u);
}

TEST(LoadConfigFile, ReportsAnUnreadableFileAsOneErrorWithoutPosition) {
  const testing::ScratchDirectory dir;
  const std::filesystem::path missing = dir.path() / "missing.toml";
  const LoadResult result = LoadConfigFile(missing, FakeEnvironment());
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 0);
  EXPECT_EQ(result.errors[0].ToString(),
            missing.string() + ": cannot read the configuration file: No such file or directory");
}

TEST(LoadConfigFile, NamesTheFileInEveryError) {
  const testing::ScratchDirectory dir;
  const auto file = dir.Write("egovkpi.toml", "[log]\nlevel = \"loud\"\n");
  const LoadResult result = LoadConfigFile(file, FakeEnvironment());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(
      result.errors[0].ToString(),
      file.string() + ":2:9: log.level: \"loud\" is not one of trace, debug, info, warn, error");
}

TEST(ProcessEnvironment, ReportsAnUnsetVariableAsAbsent) {
  EXPECT_FALSE(ProcessEnvironment()("EGOVKPI_CONFIG_TEST_NEVER_SET_7F3A").has_value());
}

}  // namespace
}  // namespace egovkpi::config
