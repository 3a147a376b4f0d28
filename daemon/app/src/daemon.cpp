#include "egovkpi/app/daemon.hpp"

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <memory>
#include <vector>

#include "egovkpi/app/database_monitor.hpp"
#include "egovkpi/app/edoc_poller.hpp"
#include "egovkpi/app/kpi_scheduler.hpp"
#include "egovkpi/app/onegate_poller.hpp"
#include "egovkpi/app/poll_scheduler.hpp"
#include "egovkpi/app/portal_poller.hpp"
#include "egovkpi/app/postal_poller.hpp"
#include "egovkpi/collectors/retry.hpp"
#include "egovkpi/http/endpoint_server.hpp"
#include "egovkpi/metrics/daemon_metrics.hpp"
#include "egovkpi/metrics/kpi_metrics.hpp"
#include "egovkpi/storage/migrations.hpp"

namespace egovkpi::app {

namespace {

storage::Database OpenDatabase(const config::DatabaseConfig& db) {
  return storage::Database(db.ConnectionString(), db.Describe());
}

collectors::HttpClientOptions HttpOptionsFor(const config::SourceConfig& source) {
  return {source.base_url, source.timeout, source.max_response_bytes, source.tls_verify,
          source.ca_file};
}

collectors::lgsp::LgspOptions LgspOptionsFor(const config::SourceConfig& source,
                                             const config::ProvinceConfig& province) {
  collectors::lgsp::LgspOptions options;
  options.http = HttpOptionsFor(source);
  options.backoff.max_attempts = source.max_attempts;
  options.username = source.credentials.id;
  options.password = source.credentials.secret;
  options.province_code = province.code;
  return options;
}

// Where the first poll of a time-watermarked source starts: the plan year's first day.
collectors::TimePoint PlanYearStart(const config::KpiConfig& kpi) {
  return *collectors::ParseIsoLocalDate(std::to_string(kpi.plan_year) + "-01-01");
}

PollSchedule ScheduleFor(const config::SourceConfig& source) {
  return {source.interval, source.retry_interval, source.jitter};
}

struct ScheduledPoller {
  std::unique_ptr<SourcePoller> poller;
  PollSchedule schedule;
};

// One poller per enabled source. Constructors throw std::invalid_argument on a
// configuration the loader could not judge (e.g. plain http to a remote host): a start-up
// fault.
std::vector<ScheduledPoller> MakePollers(const config::Config& config) {
  const auto& sources = config.sources;
  std::vector<ScheduledPoller> pollers;
  if (sources.portal.enabled) {
    pollers.push_back({std::make_unique<PortalPoller>(
                           std::make_unique<collectors::portal::PortalCollector>(
                               LgspOptionsFor(sources.portal, config.province),
                               sources.portal.page_size),
                           OpenDatabase(config.database)),
                       ScheduleFor(sources.portal)});
  }
  if (sources.onegate.enabled) {
    pollers.push_back({std::make_unique<OnegatePoller>(
                           std::make_unique<collectors::onegate::OnegateCollector>(
                               LgspOptionsFor(sources.onegate, config.province),
                               sources.onegate.page_size),
                           OpenDatabase(config.database), PlanYearStart(config.kpi)),
                       ScheduleFor(sources.onegate)});
  }
  if (sources.postal.enabled) {
    collectors::postal::VnpostOptions options;
    options.http = HttpOptionsFor(sources.postal);
    options.backoff.max_attempts = sources.postal.max_attempts;
    options.customer_key = sources.postal.credentials.id;
    options.secret_key = sources.postal.credentials.secret;
    pollers.push_back({std::make_unique<PostalPoller>(
                           std::make_unique<collectors::postal::PostalCollector>(
                               std::move(options), sources.postal.page_size),
                           OpenDatabase(config.database)),
                       ScheduleFor(sources.postal)});
  }
  if (sources.edoc.enabled) {
    collectors::edoc::EdocOptions options;
    options.http = HttpOptionsFor(sources.edoc);
    options.backoff.max_attempts = sources.edoc.max_attempts;
    options.api_key = sources.edoc.credentials.secret;
    pollers.push_back({std::make_unique<EdocPoller>(
                           std::make_unique<collectors::edoc::EdocCollector>(
                               std::move(options), sources.edoc.page_size),
                           OpenDatabase(config.database), PlanYearStart(config.kpi)),
                       ScheduleFor(sources.edoc)});
  }
  return pollers;
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
  std::vector<ScheduledPoller> pollers;
  try {
    pollers = MakePollers(config);
  } catch (const std::invalid_argument& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  std::vector<std::string> sources;
  for (const auto& p : pollers) sources.push_back(p.poller->source());

  // Validate the plan (targets, year) before anything starts.
  std::optional<kpi::KpiEngine> engine;
  try {
    engine.emplace(kpi::KpiPlan{config.province.code, config.province.name,
                                config.kpi.plan_year, config.kpi.targets});
  } catch (const std::invalid_argument& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }

  auto registry = std::make_shared<prometheus::Registry>();
  metrics::DaemonMetrics metrics(registry, kVersion, sources);
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

  auto schema_db = OpenDatabase(config.database);
  if (!PrepareSchema(schema_db, config.database.reconnect_max_backoff, metrics, stop)) {
    return 0;
  }
  DatabaseMonitor monitor(std::move(schema_db), config.database.reconnect_max_backoff, metrics);

  // Declared before the poll schedulers: they notify it, so it must outlive them.
  KpiScheduler kpi_scheduler(std::move(*engine), OpenDatabase(config.database),
                             config.kpi.compute_interval, metrics, kpi_metrics);
  std::vector<std::unique_ptr<PollScheduler>> schedulers;
  for (auto& p : pollers) {
    schedulers.push_back(std::make_unique<PollScheduler>(
        std::move(p.poller), p.schedule, OpenDatabase(config.database), metrics,
        [&kpi_scheduler] { kpi_scheduler.NotifyNewData(); }));
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
