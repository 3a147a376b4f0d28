#include "egovkpi/app/daemon.hpp"

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>

#include "daemon_workers.hpp"
#include "egovkpi/config/loader.hpp"
#include "egovkpi/http/endpoint_server.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/metrics/kpi_metrics.hpp"
#include "egovkpi/storage/migrations.hpp"

namespace egovkpi::app {

namespace {

// The HTTP server keeps its socket across reloads: scrapers see no gap, and a reload never
// fails half-way for want of a port.
bool SameListenAddress(const config::HttpConfig& a, const config::HttpConfig& b) {
  return a.listen_address == b.listen_address && a.port == b.port;
}

// SIGHUP: the new file is loaded and judged completely before anything running stops, so a
// refused file leaves the running configuration as it was (egovkpi_config_last_reload_
// successful 0 says so until a good file is loaded). Secret files are read again too:
// rotating a password is a reload. Returns the plan to run, or nothing when refused.
std::optional<WorkerPlan> LoadForReload(const std::string& path, config::Config& running,
                                        metrics::DaemonMetrics& metrics) {
  spdlog::info("SIGHUP: reloading the configuration from {}", path);
  auto loaded = config::LoadConfigFile(path);
  std::optional<WorkerPlan> plan;
  if (loaded.config) {
    try {
      plan.emplace(*loaded.config);
    } catch (const std::invalid_argument& e) {
      loaded.errors.push_back({path, 0, 0, e.what()});
    }
  }
  if (!plan) {
    for (const auto& error : loaded.errors) {
      spdlog::error("configuration reload refused: {}", error.ToString());
    }
    spdlog::error("configuration reload refused: still running the previous configuration");
    metrics.RecordConfigReload(false, std::chrono::system_clock::now());
    return std::nullopt;
  }
  if (!SameListenAddress(plan->config.http, running.http)) {
    spdlog::warn("configuration reload: http.listen changed to {}:{}; it takes effect at the "
                 "next restart, /metrics stays on {}:{}",
                 plan->config.http.listen_address, plan->config.http.port,
                 running.http.listen_address, running.http.port);
    plan->config.http = running.http;
  }
  spdlog::set_level(spdlog::level::from_str(plan->config.log.level));
  running = plan->config;
  metrics.RecordConfigReload(true, std::chrono::system_clock::now());
  spdlog::info("configuration reloaded: {} sources enabled", plan->Sources().size());
  return plan;
}

}  // namespace

int RunDaemon(const std::string& config_path, const config::Config& config,
              DaemonControl& control) {
  std::optional<WorkerPlan> plan;
  try {
    plan.emplace(config);
  } catch (const std::invalid_argument& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  config::Config running = config;

  auto registry = std::make_shared<prometheus::Registry>();
  metrics::DaemonMetrics metrics(registry, kVersion, std::chrono::system_clock::now());
  metrics::KpiMetrics kpi_metrics;

  http::Routes routes;
  routes["/metrics"] = [registry, &kpi_metrics] {
    auto families = registry->Collect();
    for (auto& family : kpi_metrics.Collect()) families.push_back(std::move(family));
    return http::EndpointReply{200, "text/plain; version=0.0.4; charset=utf-8",
                               prometheus::TextSerializer().Serialize(families)};
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

  // Workers run `running`. They are (re)started whenever there are none: at start, after
  // an accepted reload, and after a request cut a start short (one waiting for the
  // database is cut short by a reload too: the new file may name another database).
  std::unique_ptr<DaemonWorkers> workers;
  for (;;) {
    if (!workers) {
      if (!plan) plan.emplace(running);  // accepted before: cannot throw now
      metrics.SetSources(plan->Sources());
      workers = DaemonWorkers::Start(std::move(*plan), metrics, kpi_metrics,
                                     control.NextRequestToken());
      plan.reset();
    }
    if (control.Wait() == DaemonControl::Request::kStop) break;
    plan = LoadForReload(config_path, running, metrics);
    // The old pollers stop before the new ones start: one poll per source at a time.
    if (plan) workers.reset();
  }
  spdlog::info("stopping: cancelling polls and closing connections");
  workers.reset();
  return 0;
}

int RunMigrations(const config::Config& config) {
  storage::Database db(config.database.ConnectionString(), config.database.Describe());
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
