// DatabaseConfig's libpq connection string and log-safe description, and ConfigError's
// rendering.
#include <gtest/gtest.h>

#include <chrono>

#include "egovkpi/config/config.hpp"
#include "egovkpi/config/loader.hpp"

namespace egovkpi::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(DatabaseConnectionString, QuotesEveryValueAndOmitsAnEmptyPassword) {
  const DatabaseConfig database;
  EXPECT_EQ(database.ConnectionString(),
            "host='127.0.0.1' port='5432' dbname='egovkpi' user='egovkpi' sslmode='prefer' "
            "connect_timeout='10'");
}

TEST(DatabaseConnectionString, IncludesANonEmptyPassword) {
  DatabaseConfig database;
  database.password = "pw";
  EXPECT_NE(database.ConnectionString().find(" password='pw' "), std::string::npos)
      << database.ConnectionString();
}

TEST(DatabaseConnectionString, EscapesQuotesAndBackslashes) {
  DatabaseConfig database;
  database.host = "/run/postgresql";
  database.dbname = "kpi db";
  database.user = "o'brien";
  database.password = R"(a'b\c d)";
  EXPECT_EQ(database.ConnectionString(),
            R"(host='/run/postgresql' port='5432' dbname='kpi db' user='o\'brien' )"
            R"(password='a\'b\\c d' sslmode='prefer' connect_timeout='10')");
}

TEST(DatabaseConnectionString, RoundsTheConnectTimeoutUpToWholeSecondsAtLeastOne) {
  DatabaseConfig database;
  database.connect_timeout = milliseconds(1500);
  EXPECT_NE(database.ConnectionString().find("connect_timeout='2'"), std::string::npos);
  database.connect_timeout = milliseconds(1);
  EXPECT_NE(database.ConnectionString().find("connect_timeout='1'"), std::string::npos);
  database.connect_timeout = milliseconds(0);
  EXPECT_NE(database.ConnectionString().find("connect_timeout='1'"), std::string::npos);
  database.connect_timeout = seconds(45);
  EXPECT_NE(database.ConnectionString().find("connect_timeout='45'"), std::string::npos);
}

TEST(DatabaseDescribe, GivesUserHostPortAndDatabaseWithoutThePassword) {
  DatabaseConfig database;
  database.host = "db.example";
  database.port = 6432;
  database.password = "hunter2";
  EXPECT_EQ(database.Describe(), "egovkpi@db.example:6432/egovkpi");
}

TEST(DatabaseDescribe, BracketsAnIpv6Host) {
  DatabaseConfig database;
  database.host = "::1";
  EXPECT_EQ(database.Describe(), "egovkpi@[::1]:5432/egovkpi");
}

TEST(ConfigErrorToString, GivesFileLineColumnAndMessage) {
  const ConfigError error{"/etc/egovkpi/egovkpi.toml", 12, 5, "database.port: boom"};
  EXPECT_EQ(error.ToString(), "/etc/egovkpi/egovkpi.toml:12:5: database.port: boom");
}

TEST(ConfigErrorToString, OmitsThePositionWhenThereIsNone) {
  const ConfigError error{"egovkpi.toml", 0, 0, "cannot read the configuration file"};
  EXPECT_EQ(error.ToString(), "egovkpi.toml: cannot read the configuration file");
}

}  // namespace
}  // namespace egovkpi::config
