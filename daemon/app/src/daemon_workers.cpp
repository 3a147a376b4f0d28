#include "daemon_workers.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "egovkpi/app/edoc_poller.hpp"
#include "egovkpi/app/onegate_poller.hpp"
#include "egovkpi/app/portal_poller.hpp"
#include "egovkpi/app/postal_poller.hpp"
#include "egovkpi/collectors/retry.hpp"
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

// Waits for the database and applies the migrations; false when `stop` came first.
bool PrepareSchema(storage::Database& db, std::chrono::milliseconds max_backoff,
                   metrics::DaemonMetrics& metrics, std::stop_token stop) {
  std::chrono::milliseconds backoff = std::chrono::seconds(1);
  bool logged = false;
  for (;;) {
    if (stop.stop_requested()) return false;
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

WorkerPlan::WorkerPlan(const config::Config& from)
    : config(from),
      pollers(MakePollers(from)),
      engine(kpi::KpiPlan{from.province.code, from.province.name, from.kpi.plan_year,
                          from.kpi.targets}) {}

std::vector<metrics::SourceSetting> WorkerPlan::Sources() const {
  std::vector<metrics::SourceSetting> sources;
  for (const auto& p : pollers) sources.push_back({p.poller->source(), p.schedule.interval});
  return sources;
}

std::unique_ptr<DaemonWorkers> DaemonWorkers::Start(WorkerPlan plan,
                                                    metrics::DaemonMetrics& metrics,
                                                    metrics::KpiMetrics& kpi_metrics,
                                                    std::stop_token stop) {
  auto schema_db = OpenDatabase(plan.config.database);
  if (!PrepareSchema(schema_db, plan.config.database.reconnect_max_backoff, metrics, stop)) {
    return nullptr;
  }
  // A request that came while the migrations ran: starting threads now would only delay it.
  if (stop.stop_requested()) return nullptr;
  return std::unique_ptr<DaemonWorkers>(
      new DaemonWorkers(std::move(plan), std::move(schema_db), metrics, kpi_metrics));
}

DaemonWorkers::DaemonWorkers(WorkerPlan plan, storage::Database schema_db,
                             metrics::DaemonMetrics& metrics, metrics::KpiMetrics& kpi_metrics)
    : monitor_(std::move(schema_db), plan.config.database.reconnect_max_backoff, metrics),
      kpi_scheduler_(std::move(plan.engine), OpenDatabase(plan.config.database),
                     plan.config.kpi.compute_interval, metrics, kpi_metrics) {
  metrics.SetKpiComputeInterval(plan.config.kpi.compute_interval);
  for (auto& p : plan.pollers) {
    schedulers_.push_back(std::make_unique<PollScheduler>(
        std::move(p.poller), p.schedule, OpenDatabase(plan.config.database), metrics,
        [this] { kpi_scheduler_.NotifyNewData(); }));
  }
}

DaemonWorkers::~DaemonWorkers() { schedulers_.clear(); }

}  // namespace egovkpi::app
