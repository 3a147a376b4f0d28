// Typed configuration of the egovkpi daemon. Values are plain data: loading and validation
// live in loader.hpp. Every field carries the default that config/egovkpi.example.toml
// documents; keep the two in step.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace egovkpi::config {

using Duration = std::chrono::milliseconds;

struct ProvinceConfig {
  std::string code = "H21";
  std::string name = "Gia Lai";
  // Only Asia/Ho_Chi_Minh (UTC+07:00, no DST) is supported: every upstream uses it.
  std::string timezone = "Asia/Ho_Chi_Minh";
};

struct DatabaseConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5432;
  std::string dbname = "egovkpi";
  std::string user = "egovkpi";
  // Read from password_file or password_env; empty means none (trust/peer auth).
  std::string password;
  std::string sslmode = "prefer";
  Duration connect_timeout = std::chrono::seconds(10);
  // Reconnection after the database drops backs off exponentially up to this.
  Duration reconnect_max_backoff = std::chrono::seconds(60);

  // libpq connection string. Contains the password: never log it, use Describe().
  [[nodiscard]] std::string ConnectionString() const;
  // "user@host:port/dbname", safe to log.
  [[nodiscard]] std::string Describe() const;
};

struct HttpConfig {
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 9464;
};

// Credentials of one upstream. `id` is the user name / customer key (may be empty for
// API-key systems); `secret` is the password / secret key / API key, read from a file or
// the environment, never from the config file itself.
struct Credentials {
  std::string id;
  std::string secret;
};

// One upstream system. Sources are "onegate", "portal", "postal" and "edoc".
struct SourceConfig {
  bool enabled = false;
  std::string base_url;
  Credentials credentials;
  Duration interval = std::chrono::minutes(5);
  Duration retry_interval = std::chrono::seconds(30);
  // Each wait is the interval scaled by a random factor in [1 - jitter, 1 + jitter].
  double jitter = 0.1;
  int page_size = 1000;
  // Applies to each network operation (connect, TLS handshake, write, read) separately.
  Duration timeout = std::chrono::seconds(30);
  std::size_t max_response_bytes = 64u * 1024u * 1024u;
  // Attempts per request before the poll fails (transient errors only).
  int max_attempts = 4;
  bool tls_verify = true;
  std::string ca_file;  // empty: the system's trust store
};

struct SourcesConfig {
  SourceConfig onegate;
  SourceConfig portal;
  SourceConfig postal;
  SourceConfig edoc;
};

struct KpiConfig {
  int plan_year = 2021;
  Duration compute_interval = std::chrono::minutes(1);
  // KPI id -> target ratio in [0, 1]. A KPI without an entry has no target.
  std::map<std::string, double> targets = {
      {"online_services_used", 0.60}, {"online_dossiers", 0.25},
      {"bcci_services_used", 0.50},   {"bcci_received", 0.10},
      {"bcci_returned", 0.20},        {"signed_edocs", 1.00},
      {"edocs_processed_online", 1.00},
  };
};

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error
};

struct Config {
  ProvinceConfig province;
  DatabaseConfig database;
  HttpConfig http;
  SourcesConfig sources;
  KpiConfig kpi;
  LogConfig log;
};

}  // namespace egovkpi::config
