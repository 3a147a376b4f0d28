// Loading and validating the TOML configuration. Loading never stops at the first problem:
// it collects every error (syntax, unknown key, wrong type, out of range, unreadable secret)
// with its position so an operator fixes the file in one pass.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/config/config.hpp"

namespace egovkpi::config {

struct ConfigError {
  std::string file;
  int line = 0;    // 1-based; 0 when the error has no position (e.g. unreadable file)
  int column = 0;  // 1-based
  std::string message;

  // "file:line:col: message" (or "file: message" without a position).
  [[nodiscard]] std::string ToString() const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when errors is empty
  std::vector<ConfigError> errors;
};

// Looks up an environment variable; injectable so tests never touch the process
// environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnvironment();

// Relative secret-file paths are resolved against the config file's directory.
LoadResult LoadConfigFile(const std::filesystem::path& path,
                          const EnvLookup& env = ProcessEnvironment());
LoadResult LoadConfigString(std::string_view toml, const std::string& file_name,
                            const std::filesystem::path& base_dir,
                            const EnvLookup& env = ProcessEnvironment());

// Exit status for a refused configuration (check-config and daemon start-up).
inline constexpr int kConfigErrorExitStatus = 2;

}  // namespace egovkpi::config
