#include "egovkpi/config/config.hpp"

#include <algorithm>
#include <string_view>

namespace egovkpi::config {
namespace {

// libpq keyword/value syntax: single quotes, with ' and \ escaped by a backslash.
void AppendParameter(std::string& out, std::string_view keyword, std::string_view value) {
  if (!out.empty()) out += ' ';
  out += keyword;
  out += "='";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
}

}  // namespace

std::string DatabaseConfig::ConnectionString() const {
  // libpq takes whole seconds; round up so a sub-second setting never becomes "no timeout"
  // (libpq reads 0 as "wait forever").
  const auto timeout_seconds = std::max<std::chrono::seconds::rep>(
      1, std::chrono::ceil<std::chrono::seconds>(connect_timeout).count());
  std::string out;
  AppendParameter(out, "host", host);
  AppendParameter(out, "port", std::to_string(port));
  AppendParameter(out, "dbname", dbname);
  AppendParameter(out, "user", user);
  if (!password.empty()) AppendParameter(out, "password", password);
  AppendParameter(out, "sslmode", sslmode);
  AppendParameter(out, "connect_timeout", std::to_string(timeout_seconds));
  return out;
}

std::string DatabaseConfig::Describe() const {
  // An IPv6 literal gets brackets so the port stays readable.
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out = user + '@';
  out += ipv6 ? '[' + host + ']' : host;
  out += ':' + std::to_string(port) + '/' + dbname;
  return out;
}

}  // namespace egovkpi::config
