#include "config_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>
#include <utility>

#include "file_access.hpp"
#include "value_parsers.hpp"

namespace egovkpi::config::detail {
namespace {

// A secret is a password or a key: anything larger is a wrong path, not a secret.
constexpr std::size_t kMaxSecretBytes = std::size_t{64} * 1024;

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

bool IsBareKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Shortest text that reads back as the same double: 1.0000001 stays 1.0000001.
std::string FormatNumber(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return error == std::errc() ? std::string(buffer.data(), end) : std::string("?");
}

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace

ConfigReader::ConfigReader(std::string file_name, std::filesystem::path base_dir,
                           const EnvLookup& env)
    : file_name_(std::move(file_name)), base_dir_(std::move(base_dir)), env_(env) {}

void ConfigReader::Error(const toml::source_region& where, std::string message) {
  errors_.push_back(ConfigError{file_name_, static_cast<int>(where.begin.line),
                                static_cast<int>(where.begin.column), std::move(message)});
}

std::vector<ConfigError> ConfigReader::TakeSortedErrors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::move(errors_);
}

std::filesystem::path ConfigReader::ResolvePath(std::string_view path) const {
  std::filesystem::path resolved(path);
  if (resolved.is_relative()) resolved = base_dir_ / resolved;
  return resolved.lexically_normal();
}

std::optional<std::string> ConfigReader::LookupEnv(const std::string& name) const {
  if (!env_) return std::nullopt;
  return env_(name);
}

TableReader::TableReader(ConfigReader& reader, const toml::table* table, std::string path)
    : reader_(reader), table_(table), path_(std::move(path)) {}

const toml::node* TableReader::Find(std::string_view key) {
  known_keys_.emplace_back(key);
  return table_ == nullptr ? nullptr : table_->get(key);
}

std::string TableReader::KeyPath(std::string_view key) const {
  std::string path = path_;
  if (!path.empty()) path += '.';
  path += IsBareKey(key) ? std::string(key) : Quote(key);
  return path;
}

void TableReader::TypeError(std::string_view key, const toml::node& node,
                            std::string_view expected) {
  reader_.Error(node.source(), KeyPath(key) + ": expected " + std::string(expected) + ", got " +
                                   std::string(TypeName(node)));
}

void TableReader::Error(std::string_view message) {
  const std::string prefix = path_.empty() ? std::string() : path_ + ": ";
  reader_.Error(table_ != nullptr ? table_->source() : toml::source_region{},
                prefix + std::string(message));
}

void TableReader::ErrorAt(std::string_view key, std::string_view message) {
  const toml::node* node = table_ == nullptr ? nullptr : table_->get(key);
  reader_.Error(node != nullptr ? node->source() : toml::source_region{},
                KeyPath(key) + ": " + std::string(message));
}

bool TableReader::ReadString(std::string_view key, std::string& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  const auto* value = node->as_string();
  if (value == nullptr) {
    TypeError(key, *node, "a string");
    return false;
  }
  out = value->get();
  return true;
}

bool TableReader::ReadNonEmptyString(std::string_view key, std::string& out) {
  std::string value;
  if (!ReadString(key, value)) return false;
  if (value.empty()) {
    ErrorAt(key, "must not be empty");
    return false;
  }
  out = std::move(value);
  return true;
}

bool TableReader::ReadBool(std::string_view key, bool& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  const auto* value = node->as_boolean();
  if (value == nullptr) {
    TypeError(key, *node, "a boolean (true or false)");
    return false;
  }
  out = value->get();
  return true;
}

bool TableReader::ReadInteger(std::string_view key, std::int64_t min, std::int64_t max,
                              std::int64_t& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  const auto* value = node->as_integer();
  if (value == nullptr) {
    TypeError(key, *node, "an integer");
    return false;
  }
  const std::int64_t number = value->get();
  if (number < min || number > max) {
    ErrorAt(key, std::to_string(number) + " is out of range (" + std::to_string(min) + ".." +
                     std::to_string(max) + ")");
    return false;
  }
  out = number;
  return true;
}

bool TableReader::ReadNumber(std::string_view key, double min, double max, double& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  double number = 0;
  if (const auto* integer = node->as_integer()) {
    number = static_cast<double>(integer->get());
  } else if (const auto* floating = node->as_floating_point()) {
    number = floating->get();
  } else {
    TypeError(key, *node, "a number");
    return false;
  }
  if (!(number >= min && number <= max)) {  // also rejects nan
    ErrorAt(key, FormatNumber(number) + " is out of range (" + FormatNumber(min) + ".." +
                     FormatNumber(max) + ")");
    return false;
  }
  out = number;
  return true;
}

bool TableReader::ReadDuration(std::string_view key, Duration min, Duration& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  const auto* text = node->as_string();
  if (text == nullptr) {
    TypeError(key, *node, "a duration string such as \"30s\"");
    return false;
  }
  const std::optional<Duration> duration = ParseDuration(text->get());
  const std::string shown = Quote(text->get());
  if (!duration) {
    ErrorAt(key, shown + " is not a duration (use e.g. \"30s\", \"5m\", \"1h\")");
    return false;
  }
  if (*duration < min || duration->count() <= 0) {
    ErrorAt(key, min <= Duration(1) ? shown + " must be greater than 0"
                                    : shown + " must be at least " + FormatDuration(min));
    return false;
  }
  if (*duration > kMaxDuration) {
    ErrorAt(key, shown + " must be at most " + FormatDuration(kMaxDuration));
    return false;
  }
  out = *duration;
  return true;
}

bool TableReader::ReadSize(std::string_view key, std::size_t min, std::size_t max,
                           std::size_t& out) {
  const toml::node* node = Find(key);
  if (node == nullptr) return false;
  std::optional<std::size_t> size;
  std::string shown;
  if (const auto* integer = node->as_integer()) {
    const std::int64_t number = integer->get();
    size = number < 0 ? 0 : static_cast<std::size_t>(number);
    shown = std::to_string(number);
  } else if (const auto* text = node->as_string()) {
    size = ParseSize(text->get());
    shown = Quote(text->get());
    if (!size) {
      ErrorAt(key, shown + " is not a size (use e.g. \"512KiB\", \"64MiB\" or a number of bytes)");
      return false;
    }
  } else {
    TypeError(key, *node, "a size such as \"64MiB\" or a number of bytes");
    return false;
  }
  if (*size < min || *size > max) {
    ErrorAt(key, shown + " is out of range (" + FormatSize(min) + ".." + FormatSize(max) + ")");
    return false;
  }
  out = *size;
  return true;
}

bool TableReader::ReadChoice(std::string_view key, std::span<const std::string_view> choices,
                             std::string& out) {
  std::string value;
  if (!ReadString(key, value)) return false;
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    std::string listed;
    for (const std::string_view choice : choices) {
      if (!listed.empty()) listed += ", ";
      listed += choice;
    }
    ErrorAt(key, Quote(value) + " is not one of " + listed);
    return false;
  }
  out = std::move(value);
  return true;
}

bool TableReader::ReadFilePath(std::string_view key, bool check_readable, std::string& out) {
  std::string value;
  if (!ReadNonEmptyString(key, value)) return false;
  const std::filesystem::path path = reader_.ResolvePath(value);
  std::string problem;
  if (check_readable && !CheckReadable(path, problem)) {
    ErrorAt(key, "cannot read " + Quote(path.string()) + ": " + problem);
    return false;
  }
  out = path.string();
  return true;
}

bool TableReader::ReadSecret(std::string_view name, bool consult, std::string& out) {
  secret_names_.emplace_back(name);
  const std::string file_key = std::string(name) + "_file";
  const std::string env_key = std::string(name) + "_env";
  const toml::node* file_node = Find(file_key);
  const toml::node* env_node = Find(env_key);
  if (file_node != nullptr && env_node != nullptr) {
    ErrorAt(env_key, file_key + " and " + env_key + " are mutually exclusive; set only one");
  } else if (file_node != nullptr) {
    ReadSecretFile(file_key, *file_node, consult, out);
  } else if (env_node != nullptr) {
    ReadSecretEnv(env_key, *env_node, consult, out);
  }
  return file_node != nullptr || env_node != nullptr;
}

bool TableReader::ReadSecretFile(std::string_view key, const toml::node& node, bool consult,
                                 std::string& out) {
  const auto* text = node.as_string();
  if (text == nullptr) {
    TypeError(key, node, "a file path");
    return false;
  }
  if (text->get().empty()) {
    ErrorAt(key, "must not be empty");
    return false;
  }
  if (!consult) return false;
  const std::filesystem::path path = reader_.ResolvePath(text->get());
  std::string content;
  std::string problem;
  if (ReadSmallFile(path, kMaxSecretBytes, content, problem)) {
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
      content.pop_back();
    }
    if (!content.empty()) {
      out = std::move(content);
      return true;
    }
    problem = "the file is empty";
  }
  // The message names the file and the reason, never what the file holds.
  ErrorAt(key, "cannot read secret from " + Quote(path.string()) + ": " + problem);
  return false;
}

bool TableReader::ReadSecretEnv(std::string_view key, const toml::node& node, bool consult,
                                std::string& out) {
  const auto* text = node.as_string();
  if (text == nullptr) {
    TypeError(key, node, "an environment variable name");
    return false;
  }
  const std::string& name = text->get();
  if (!IsEnvironmentVariableName(name)) {
    // Not echoed: a value that is no variable name may well be the secret itself.
    ErrorAt(key, "is not an environment variable name (letters, digits and _)");
    return false;
  }
  if (!consult) return false;
  std::optional<std::string> value = reader_.LookupEnv(name);
  if (!value) {
    ErrorAt(key, "environment variable " + name + " is not set");
    return false;
  }
  if (value->empty()) {
    ErrorAt(key, "environment variable " + name + " is empty");
    return false;
  }
  out = std::move(*value);
  return true;
}

TableReader TableReader::SubTable(std::string_view key) {
  const toml::node* node = Find(key);
  const toml::table* table = node == nullptr ? nullptr : node->as_table();
  if (node != nullptr && table == nullptr) TypeError(key, *node, "a table");
  return TableReader(reader_, table, KeyPath(key));
}

void TableReader::ReportUnknownKeys(std::string_view noun) {
  if (table_ == nullptr) return;
  for (auto&& [key, node] : *table_) {
    const std::string_view name = key.str();
    if (std::find(known_keys_.begin(), known_keys_.end(), name) != known_keys_.end()) continue;
    std::string message = KeyPath(name) + ": unknown ";
    if (noun != "key") {
      message += std::string(noun) + " (known: " + Join(known_keys_) + ")";
    } else if (std::find(secret_names_.begin(), secret_names_.end(), name) != secret_names_.end()) {
      message += "key: secrets are never read from the config file; use " + std::string(name) +
                 "_file or " + std::string(name) + "_env";
    } else {
      message += node.is_table() ? "table" : "key";
      if (const auto closest = ClosestMatch(name, known_keys_)) {
        message += " (did you mean " + Quote(*closest) + "?)";
      }
    }
    reader_.Error(key.source(), std::move(message));
  }
}

}  // namespace egovkpi::config::detail
