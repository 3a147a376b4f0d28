// Helpers shared by the config tests: injected environments, scratch directories and
// readable dumps of load results. Tests never read or change the process environment.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "egovkpi/config/loader.hpp"

namespace egovkpi::config::testing {

inline EnvLookup FakeEnvironment(std::map<std::string, std::string> variables = {}) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

// Every error on its own line, for assertion messages.
inline std::string Dump(const LoadResult& result) {
  std::string text;
  for (const ConfigError& error : result.errors) text += error.ToString() + '\n';
  return text;
}

// Loads a document given as text; relative paths resolve against `base_dir`.
inline LoadResult Load(std::string_view toml, const EnvLookup& env = FakeEnvironment(),
                       const std::filesystem::path& base_dir = "/nonexistent") {
  return LoadConfigString(toml, "test.toml", base_dir, env);
}

// A fresh directory under the system's temporary directory, removed with its content.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "egovkpi-config-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Writes `content` to `relative` (creating folders) and returns the full path.
  std::filesystem::path Write(const std::filesystem::path& relative,
                              std::string_view content) const {
    const std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace egovkpi::config::testing
