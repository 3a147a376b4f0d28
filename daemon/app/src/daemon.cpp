#include "egovkpi/app/daemon.hpp"

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <memory>
#include <vector>

#include "egovkpi/app/database_monitor.hpp"
#include "egovkpi/app/onegate_poller.hpp"
#include "egovkpi/app/poll_scheduler.hpp"
#include "egovkpi/collectors/retry.hpp"
#include "egovkpi/http/endpoint_server.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/storage/migrations.hpp"

namespace egovkpi::app {

namespace {

storage::Database OpenDatabase(const config::DatabaseConfig& db) {
  return storage::Database(db.ConnectionString(), db.Describe());
}

collectors::lgsp::LgspOptions LgspOptionsFor(const config::SourceConfig& source,
                                             const config::ProvinceConfig& province) {
  collectors::lgsp::LgspOptions options;
  options.http.base_url = source.base_url;
  options.http.timeout = source.timeout;
  options.http.max_response_bytes = source.max_response_bytes;
  options.http.tls_verify = source.tls_verify;
  options.http.ca_file = source.ca_file;
  options.backoff.max_attempts = source.max_attempts;
  options.username = source.credentials.id;
  options.password = source.credentials.secret;
  options.province_code = province.code;
  return options;
}

PollSchedule ScheduleFor(const config::SourceConfig& source) {
  return {source.interval, source.retry_interval, source.jitter};
}

// Waits for the database and applies the migrations; false when stopped first.
bool PrepareSchema(storage::Database& db, std::chrono::milliseconds max_backoff,
                   metrics::DaemonMetrics& metrics, std::stop_token stop) {
  std::chrono::milliseconds backoff = std::chrono::seconds(1);
  bool logged = false;
  for (;;) {
    try {
      const int applied = storage::ApplyMigrations(db);
      metrics.SetDatabaseUp(true);
      spdlog::info("database {}: schema up to date ({} migrations applied)", db.description(),
                   applied);
      return true;
    } catch (const storage::StorageError& e) {
      metrics.SetDatabaseUp(false);
      if (!logged) {
        spdlog::error("database {} not ready: {}; retrying with backoff", db.description(),
                      e.what());
        logged = true;
      }
    }
    if (!collectors::SleepFor(backoff, stop)) return false;
    backoff = std::min(backoff * 2, max_backoff);
  }
}

}  // namespace

int RunDaemon(const config::Config& config, std::stop_token stop) {
  std::vector<std::string> sources;
  if (config.sources.onegate.enabled) sources.emplace_back("onegate");
  for (const auto& [name, source] : {std::pair{"portal", &config.sources.portal},
                                     std::pair{"postal", &config.sources.postal},
                                     std::pair{"edoc", &config.sources.edoc}}) {
    if (source->enabled) {
      spdlog::warn("source {} is enabled but this version has no collector for it; ignored",
                   name);
    }
  }

  auto registry = std::make_shared<prometheus::Registry>();
  metrics::DaemonMetrics metrics(registry, kVersion, sources);

  http::Routes routes;
  routes["/metrics"] = [registry] {
    return http::EndpointReply{200, "text/plain; version=0.0.4; charset=utf-8",
                               prometheus::TextSerializer().Serialize(registry->Collect())};
  };
  routes["/healthz"] = [&metrics] {
    if (metrics.DatabaseUp()) return http::EndpointReply{200, "text/plain", "ok\n"};
    return http::EndpointReply{503, "text/plain", "database unreachable\n"};
  };
  std::unique_ptr<http::EndpointServer> server;
  try {
    server = std::make_unique<http::EndpointServer>(config.http.listen_address,
                                                    config.http.port, std::move(routes));
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  spdlog::info("egovkpi {} serving /metrics and /healthz on {}:{}", kVersion,
               config.http.listen_address, server->port());

  auto schema_db = OpenDatabase(config.database);
  if (!PrepareSchema(schema_db, config.database.reconnect_max_backoff, metrics, stop)) {
    return 0;
  }
  DatabaseMonitor monitor(std::move(schema_db), config.database.reconnect_max_backoff, metrics);

  std::vector<std::unique_ptr<PollScheduler>> schedulers;
  if (config.sources.onegate.enabled) {
    const auto& source = config.sources.onegate;
    auto collector = std::make_unique<collectors::onegate::OnegateCollector>(
        LgspOptionsFor(source, config.province), source.page_size);
    const auto plan_start = collectors::ParseIsoLocalDate(
        std::to_string(config.kpi.plan_year) + "-01-01");
    auto poller = std::make_unique<OnegatePoller>(std::move(collector),
                                                  OpenDatabase(config.database), *plan_start);
    schedulers.push_back(std::make_unique<PollScheduler>(
        std::move(poller), ScheduleFor(source), OpenDatabase(config.database), metrics));
  }

  std::mutex mutex;
  std::condition_variable_any stopped;
  std::unique_lock lock(mutex);
  stopped.wait(lock, stop, [] { return false; });
  spdlog::info("stopping: cancelling polls and closing connections");
  schedulers.clear();
  return 0;
}

int RunMigrations(const config::Config& config) {
  auto db = OpenDatabase(config.database);
  try {
    const int applied = storage::ApplyMigrations(db);
    spdlog::info("database {}: {} migrations applied, schema up to date", db.description(),
                 applied);
    return 0;
  } catch (const storage::StorageError& e) {
    spdlog::error("database {}: {}", db.description(), e.what());
    return 1;
  }
}

}  // namespace egovkpi::app
