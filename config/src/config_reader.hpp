// Typed, error-collecting access to a parsed TOML document. Internal to egovkpi::config.
//
// ConfigReader owns what one load shares (file name, base directory, environment, the error
// list). TableReader reads one table: every accessor marks its key as known, reports a
// wrong type or an out-of-range value as an error at the value's position and leaves the
// output untouched (so the default stays), and ReportUnknownKeys() then flags every key
// nobody asked for. Nothing here throws on bad input.
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/config/config.hpp"
#include "egovkpi/config/loader.hpp"

namespace egovkpi::config::detail {

class ConfigReader {
 public:
  ConfigReader(std::string file_name, std::filesystem::path base_dir, const EnvLookup& env);

  void Error(const toml::source_region& where, std::string message);
  // Errors ordered by position (stable for errors at the same position).
  [[nodiscard]] std::vector<ConfigError> TakeSortedErrors();

  // Relative paths are taken relative to the config file's directory.
  [[nodiscard]] std::filesystem::path ResolvePath(std::string_view path) const;
  [[nodiscard]] std::optional<std::string> LookupEnv(const std::string& name) const;

 private:
  std::string file_name_;
  std::filesystem::path base_dir_;
  const EnvLookup& env_;
  std::vector<ConfigError> errors_;
};

class TableReader {
 public:
  // `table` may be null (the section is absent): every read then finds nothing. `path` is
  // the dotted name used in messages ("sources.onegate"; empty for the root).
  TableReader(ConfigReader& reader, const toml::table* table, std::string path);

  [[nodiscard]] bool present() const { return table_ != nullptr; }
  [[nodiscard]] const std::string& path() const { return path_; }
  // Whether `key` is set, whatever its type or value.
  [[nodiscard]] bool Contains(std::string_view key) const {
    return table_ != nullptr && table_->contains(key);
  }

  // Each Read* returns true when the key is present and valid, and only then writes `out`.
  bool ReadString(std::string_view key, std::string& out);
  bool ReadNonEmptyString(std::string_view key, std::string& out);
  bool ReadBool(std::string_view key, bool& out);
  bool ReadInteger(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t& out);
  template <typename Int>
  bool ReadInteger(std::string_view key, std::int64_t min, std::int64_t max, Int& out) {
    std::int64_t value = 0;
    if (!ReadInteger(key, min, max, value)) return false;
    out = static_cast<Int>(value);
    return true;
  }
  // Integer or floating point, within [min, max].
  bool ReadNumber(std::string_view key, double min, double max, double& out);
  // A duration string within [min, kMaxDuration].
  bool ReadDuration(std::string_view key, Duration min, Duration& out);
  // A size string or an integer number of bytes within [min, max].
  bool ReadSize(std::string_view key, std::size_t min, std::size_t max, std::size_t& out);
  bool ReadChoice(std::string_view key, std::span<const std::string_view> choices,
                  std::string& out);
  // A file path, resolved against the config file's directory; when `check_readable`, the
  // file must open and be a regular file.
  bool ReadFilePath(std::string_view key, bool check_readable, std::string& out);

  // The secret `<name>_file` / `<name>_env` (the two are mutually exclusive). Returns
  // whether one of them is set. When `consult` is false only the keys are validated:
  // neither the file nor the environment is touched. Messages name the file or the
  // variable, never the secret.
  bool ReadSecret(std::string_view name, bool consult, std::string& out);

  // The sub-table `key`; a reader over nothing when it is absent or not a table (the
  // latter is reported).
  TableReader SubTable(std::string_view key);

  // "<path>: message" at this table's position.
  void Error(std::string_view message);
  // "<path>.<key>: message" at the value's position.
  void ErrorAt(std::string_view key, std::string_view message);

  // Reports every key no accessor asked for. `noun` names what the keys of this table are
  // ("key", "source", "KPI id"); for anything but "key" the known names are listed.
  void ReportUnknownKeys(std::string_view noun = "key");

  static constexpr Duration kMaxDuration = std::chrono::hours(24 * 30);

 private:
  const toml::node* Find(std::string_view key);  // marks `key` as known
  [[nodiscard]] std::string KeyPath(std::string_view key) const;
  void TypeError(std::string_view key, const toml::node& node, std::string_view expected);
  bool ReadSecretFile(std::string_view key, const toml::node& node, bool consult, std::string& out);
  bool ReadSecretEnv(std::string_view key, const toml::node& node, bool consult, std::string& out);

  ConfigReader& reader_;
  const toml::table* table_;
  std::string path_;
  std::vector<std::string> known_keys_;
  std::vector<std::string> secret_names_;  // "password" for password_file/password_env
};

}  // namespace egovkpi::config::detail
