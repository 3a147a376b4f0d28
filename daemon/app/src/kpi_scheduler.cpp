#include "egovkpi/app/kpi_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "egovkpi/collectors/retry.hpp"
#include "egovkpi/storage/data_quality_store.hpp"

namespace egovkpi::app {

namespace {

// Polls of several sources finishing together should cause one computation, not four.
constexpr std::chrono::milliseconds kMinSpacing = std::chrono::seconds(1);

metrics::KpiSnapshot SnapshotOf(const kpi::KpiComputation& computation,
                                const kpi::KpiPlan& plan,
                                std::map<std::string, std::int64_t> data_quality) {
  metrics::KpiSnapshot snapshot;
  snapshot.province_code = plan.province_code;
  snapshot.province_name = plan.province_name;
  snapshot.kpi_names = computation.kpi_names;
  for (const auto& row : computation.rows) {
    if (!row.current) continue;
    snapshot.samples.push_back(
        {row.kpi, row.scope, row.unit, row.period, row.numerator, row.denominator});
  }
  snapshot.targets = plan.targets;
  for (const auto& unit : computation.units) {
    snapshot.units.push_back({unit.code, unit.name, unit.level, unit.parent});
  }
  snapshot.as_of = computation.as_of;
  snapshot.computed_at = computation.computed_at;
  snapshot.data_quality = std::move(data_quality);
  return snapshot;
}

}  // namespace

KpiScheduler::KpiScheduler(kpi::KpiEngine engine, storage::Database database,
                           std::chrono::milliseconds interval, metrics::DaemonMetrics& metrics,
                           metrics::KpiMetrics& kpi_metrics)
    : engine_(std::move(engine)),
      database_(std::move(database)),
      interval_(interval),
      metrics_(metrics),
      kpi_metrics_(kpi_metrics),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

KpiScheduler::~KpiScheduler() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void KpiScheduler::NotifyNewData() {
  {
    std::lock_guard lock(mutex_);
    new_data_ = true;
  }
  wake_.notify_one();
}

bool KpiScheduler::ComputeOnce() {
  try {
    kpi::KpiComputation computation;
    std::map<std::string, std::int64_t> data_quality;
    const auto started = std::chrono::steady_clock::now();
    // Commit right after Compute: record writers wait on its lock until then.
    database_.InTransaction([&](pqxx::work& tx) {
      computation = engine_.Compute(tx, std::chrono::system_clock::now());
    });
    database_.InTransaction(
        [&](pqxx::work& tx) { data_quality = storage::CountDataQualityFindings(tx); });
    kpi_metrics_.Publish(SnapshotOf(computation, engine_.plan(), std::move(data_quality)));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    spdlog::debug("KPIs computed: {} rows, {} days refreshed, {:.3f}s with data-quality counts",
                  computation.rows.size(),
                  computation.refreshed_days, took.count());
    return true;
  } catch (const storage::StorageError& e) {
    metrics_.SetDatabaseUp(false);
    last_error_ = e.what();
    return false;
  }
}

void KpiScheduler::Run(std::stop_token stop) {
  bool was_ok = false;
  bool first = true;
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mutex_);
      new_data_ = false;
    }
    const bool ok = ComputeOnce();
    if (ok && (first || !was_ok)) spdlog::info("KPIs computed and published");
    if (!ok && (first || was_ok)) {
      spdlog::warn("KPI computation failed: {}; /metrics keeps the last result", last_error_);
    }
    first = false;
    was_ok = ok;
    if (!collectors::SleepFor(kMinSpacing, stop)) return;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_ - kMinSpacing, [this] { return new_data_; });
  }
}

}  // namespace egovkpi::app
