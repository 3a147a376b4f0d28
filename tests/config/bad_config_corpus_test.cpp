// Every file in bad/ is a configuration the loader must refuse. Its first lines state the
// errors it must produce, one per line:
//   # expect: <line>:<col>: <substring of the message>
// ({dir} in the substring stands for the file's directory). The loader must report exactly
// these errors, all of them in one load: it never stops at the first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config_test_support.hpp"
#include "egovkpi/config/loader.hpp"

namespace egovkpi::config {
namespace {

using testing::Dump;
using testing::FakeEnvironment;

struct ExpectedError {
  int line = 0;
  int column = 0;
  std::string substring;
};

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(EGOVKPI_BAD_CONFIG_DIR)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<ExpectedError> ReadExpectations(const std::filesystem::path& file) {
  const std::string dir = std::filesystem::absolute(file).parent_path().lexically_normal().string();
  const std::string marker = "# expect: ";
  std::vector<ExpectedError> expected;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line) && line.rfind(marker, 0) == 0) {
    ExpectedError error;
    std::size_t consumed = 0;
    const std::string rest = line.substr(marker.size());
    error.line = std::stoi(rest, &consumed);
    const std::size_t column_start = consumed + 1;
    error.column = std::stoi(rest.substr(column_start), &consumed);
    error.substring = rest.substr(column_start + consumed + 2);  // skip ": "
    for (std::size_t at = error.substring.find("{dir}"); at != std::string::npos;
         at = error.substring.find("{dir}")) {
      error.substring.replace(at, 5, dir);
    }
    expected.push_back(error);
  }
  return expected;
}

class BadConfigCorpus : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(BadConfigCorpus, ReportsExactlyTheExpectedErrors) {
  const std::filesystem::path& file = GetParam();
  const std::vector<ExpectedError> expected = ReadExpectations(file);
  ASSERT_FALSE(expected.empty()) << file << " has no '# expect:' line";

  // The only variable the corpus may rely on; anything else is unset.
  const LoadResult result =
      LoadConfigFile(file, FakeEnvironment({{"EGOVKPI_TEST_PASSWORD", "corpus-secret"}}));

  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.errors.size(), expected.size()) << Dump(result);
  std::vector<bool> used(result.errors.size(), false);
  for (const ExpectedError& want : expected) {
    bool found = false;
    for (std::size_t i = 0; i < result.errors.size() && !found; ++i) {
      const ConfigError& error = result.errors[i];
      if (used[i] || error.line != want.line || error.column != want.column ||
          error.message.find(want.substring) == std::string::npos) {
        continue;
      }
      used[i] = true;
      found = true;
      EXPECT_EQ(error.file, file.string());
    }
    EXPECT_TRUE(found) << "missing " << want.line << ':' << want.column << ": " << want.substring
                       << "\ngot:\n"
                       << Dump(result);
  }
}

// Test names are the file names:
// "BadFiles/BadConfigCorpus.ReportsExactlyTheExpectedErrors/bad_sslmode".
std::string CaseName(const ::testing::TestParamInfo<std::filesystem::path>& case_info) {
  std::string name = case_info.param.stem().string();
  std::replace_if(
      name.begin(), name.end(),
      [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(BadFiles, BadConfigCorpus, ::testing::ValuesIn(CorpusFiles()), CaseName);

TEST(BadConfigCorpusContent, HoldsAtLeastFifteenFiles) { EXPECT_GE(CorpusFiles().size(), 15u); }

}  // namespace
}  // namespace egovkpi::config
