// Secrets come from a file or an injected environment, never from the config file, and
// never appear in an error message.
#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"
#include "egovkpi/config/loader.hpp"

namespace egovkpi::config {
namespace {

using testing::Dump;
using testing::FakeEnvironment;
using testing::Load;
using testing::ScratchDirectory;

constexpr const char* kSecret = "Tr0ub4dor&3-s3cr3t";

void ExpectSecretNowhere(const LoadResult& result) {
  for (const ConfigError& error : result.errors) {
    EXPECT_EQ(error.ToString().find(kSecret), std::string::npos) << error.ToString();
  }
}

TEST(Secrets, ReadsThePasswordFromAFileRelativeToTheConfigAndStripsTheNewline) {
  const ScratchDirectory dir;
  dir.Write("secrets/db-password", std::string(kSecret) + "\n");
  const LoadResult result =
      Load("[database]\npassword_file = \"secrets/db-password\"\n", FakeEnvironment(), dir.path());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(result.config->database.password, kSecret);
}

TEST(Secrets, StripsAWindowsLineEndingToo) {
  const ScratchDirectory dir;
  const auto file = dir.Write("pw", std::string(kSecret) + "\r\n");
  const LoadResult result =
      Load("[database]\npassword_file = \"" + file.string() + "\"\n", FakeEnvironment());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(result.config->database.password, kSecret);
}

TEST(Secrets, KeepsInnerSpacesAndAFileWithoutNewline) {
  const ScratchDirectory dir;
  dir.Write("pw", " a b ");
  const LoadResult result =
      Load("[database]\npassword_file = \"pw\"\n", FakeEnvironment(), dir.path());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(result.config->database.password, " a b ");
}

TEST(Secrets, ReadsThePasswordFromTheInjectedEnvironment) {
  const LoadResult result = Load("[database]\npassword_env = \"EGOVKPI_DB_PASSWORD\"\n",
                                 FakeEnvironment({{"EGOVKPI_DB_PASSWORD", kSecret}}));
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(result.config->database.password, kSecret);
}

TEST(Secrets, FillsTheCredentialsOfEachSourceKind) {
  const ScratchDirectory dir;
  dir.Write("onegate", "onegate-pw\n");
  dir.Write("edoc", "edoc-key\n");
  const LoadResult result =
      Load(R"(
[sources.onegate]
enabled = true
base_url = "http://127.0.0.1:8081/lgsp/onegate"
username = "egovkpi"
password_file = "onegate"
[sources.portal]
enabled = true
base_url = "http://127.0.0.1:8081/lgsp/portal"
username = "portal-user"
password_env = "PORTAL_PW"
[sources.postal]
enabled = true
base_url = "http://127.0.0.1:8082"
customer_key = "ck"
secret_key_env = "POSTAL_SK"
[sources.edoc]
enabled = true
base_url = "http://127.0.0.1:8083"
api_key_file = "edoc"
)",
           FakeEnvironment({{"PORTAL_PW", "portal-pw"}, {"POSTAL_SK", "sk"}}), dir.path());
  ASSERT_TRUE(result.config.has_value()) << Dump(result);
  const SourcesConfig& sources = result.config->sources;
  EXPECT_EQ(sources.onegate.credentials.id, "egovkpi");
  EXPECT_EQ(sources.onegate.credentials.secret, "onegate-pw");
  EXPECT_EQ(sources.portal.credentials.id, "portal-user");
  EXPECT_EQ(sources.portal.credentials.secret, "portal-pw");
  EXPECT_EQ(sources.postal.credentials.id, "ck");
  EXPECT_EQ(sources.postal.credentials.secret, "sk");
  EXPECT_EQ(sources.edoc.credentials.id, "");
  EXPECT_EQ(sources.edoc.credentials.secret, "edoc-key");
}

TEST(Secrets, ADisabledSourceNeverConsultsTheEnvironmentOrItsFiles) {
  int lookups = 0;
  const EnvLookup counting = [&lookups](const std::string&) -> std::optional<std::string> {
    ++lookups;
    return std::nullopt;
  };
  const LoadResult result = Load(R"([sources.onegate]
enabled = false
password_env = "EGOVKPI_ONEGATE_PASSWORD"
[sources.edoc]
api_key_file = "no-such-file"
ca_file = "no-such-ca.pem"
)",
                                 counting);
  EXPECT_TRUE(result.config.has_value()) << Dump(result);
  EXPECT_EQ(lookups, 0);
  EXPECT_EQ(result.config->sources.onegate.credentials.secret, "");
}

TEST(Secrets, AnEmptySecretFileIsAnErrorNamingTheFile) {
  const ScratchDirectory dir;
  const auto file = dir.Write("empty", "\n");
  const LoadResult result =
      Load("[database]\npassword_file = \"empty\"\n", FakeEnvironment(), dir.path());
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].message, "database.password_file: cannot read secret from \"" +
                                          file.string() + "\": the file is empty");
}

TEST(Secrets, AnEmptyEnvironmentVariableIsAnError) {
  const LoadResult result =
      Load("[database]\npassword_env = \"PW\"\n", FakeEnvironment({{"PW", ""}}));
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result);
  EXPECT_EQ(result.errors[0].message, "database.password_env: environment variable PW is empty");
}

TEST(Secrets, NeverAppearInErrorMessages) {
  const ScratchDirectory dir;
  dir.Write("pw", kSecret);
  // A huge file that starts with the secret: refused, and not quoted.
  dir.Write("huge", std::string(kSecret) + std::string(std::size_t{100} * 1024, 'x'));
  const LoadResult result =
      Load(R"([database]
password_file = "pw"
port = 0
[sources.onegate]
enabled = true
password = "Tr0ub4dor&3-s3cr3t"
password_env = "Tr0ub4dor&3-s3cr3t"
[sources.portal]
enabled = true
password_file = "huge"
[sources.postal]
enabled = true
secret_key_env = "POSTAL_SK"
max_attempts = 99
[sources.edoc]
enabled = true
api_key_file = "pw"
api_key_env = "EDOC_KEY"
)",
           FakeEnvironment({{"POSTAL_SK", kSecret}, {"EDOC_KEY", kSecret}}), dir.path());
  EXPECT_FALSE(result.config.has_value());
  EXPECT_GE(result.errors.size(), 10u) << Dump(result);
  ExpectSecretNowhere(result);
  // The refusals still say what is wrong and where.
  const std::string dump = Dump(result);
  EXPECT_NE(dump.find("test.toml:6:1: sources.onegate.password: unknown key: secrets are never "
                      "read from the config file"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find("sources.onegate.password_env: is not an environment variable name"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find((dir.path() / "huge").string() + "\": larger than 64KiB"), std::string::npos)
      << dump;
}

}  // namespace
}  // namespace egovkpi::config
