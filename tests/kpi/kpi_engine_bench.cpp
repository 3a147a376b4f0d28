// Not a test: how long the KPI engine takes on a province-scale year. Loads a synthetic
// province with generate_series into a throwaway database (EGOVKPI_TEST_PG, as the tests),
// then times KpiEngine::Compute in the situations the daemon meets:
//   first     the first computation after the backfill (every record aggregated)
//   idle      a recomputation with nothing new
//   poll      a recomputation after a typical poll (some dossiers, postal items, documents)
//   newday    the first computation of a new local day (a whole new history row set)
//   everyday  after a change on every day of the year (every day re-aggregated)
//   rebuild   every aggregate rebuilt from the records again (as after a TRUNCATE)
// and the KPI roll-up alone, and the cost the change-log triggers add to a 1,000-row upsert.
// Besides the wall time it prints the CPU time of the database backend (it runs on this
// machine): the database time, however busy the machine is with other work.
//
//   kpi_engine_bench [scale]      scale 1 (default): 250 units, ~14k service rows,
//                                 150k dossiers, ~26k postal items, 300k documents
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include <pqxx/pqxx>

#include "egovkpi/kpi/kpi_engine.hpp"
#include "egovkpi/storage/database.hpp"
#include "egovkpi/storage/migrations.hpp"
#include "support/test_database.hpp"

namespace {

using egovkpi::kpi::KpiComputation;
using egovkpi::kpi::KpiEngine;
using egovkpi::kpi::TimePoint;
using egovkpi::storage::Database;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double Timed(const std::function<void()>& fn) {
  const auto start = Clock::now();
  fn();
  return Seconds(Clock::now() - start);
}

// CPU seconds the server process `pid` has used (it runs on this machine): the database
// time of a statement, whatever else keeps the machine busy.
double BackendCpuSeconds(long pid) {
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (f == nullptr) return 0;
  char buffer[1024] = {};
  const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
  std::fclose(f);
  // Fields after the command name "(...)": state is field 3, utime 14, stime 15.
  const char* p = std::strrchr(buffer, ')');
  if (p == nullptr || n == 0) return 0;
  unsigned long utime = 0, stime = 0;
  if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) !=
      2) {
    return 0;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The synthetic province. Units: the service centre and 22 departments (level 1), 17
// districts (level 2) and 210 communes (level 3, 12-13 per district). Service rows: every
// unit offers a share of the 2,000 procedures (departments many, communes few), one in ten
// upgraded from level 2 to 3 on 1 July (two rows). Dossiers pick a service pair, a
// reception time in 2021, a channel (40% online, 10% BCCI) and a status; 1% carry a code
// the catalogue does not list. Postal items go with a fifth of the in-person dossiers and
// with the BCCI returns, 5% cancelled. Documents: half sent, half received, by any unit.
std::string LoadSql(double scale) {
  const auto n = [scale](double base) {
    return std::to_string(static_cast<long long>(base * scale));
  };
  return R"sql(
SELECT setseed(0.42);
INSERT INTO egovkpi.unit (code, name, level, parent_code)
SELECT 'S' || i, 'Sở ' || i, 1, 'H21' FROM generate_series(0, 22) i
UNION ALL SELECT 'D' || i, 'Huyện ' || i, 2, 'H21' FROM generate_series(1, 17) i
UNION ALL SELECT 'C' || i, 'Xã ' || i, 3, 'D' || (1 + i % 17) FROM generate_series(1, 210) i;

INSERT INTO egovkpi.procedure (code, name)
SELECT 'P' || i, 'Thủ tục ' || i FROM generate_series(1, 2000) i;

CREATE TEMP TABLE pairs AS
SELECT row_number() OVER () AS id, unit_code, procedure_code FROM (
  SELECT DISTINCT u.code AS unit_code, 'P' || (1 + floor(random() * 2000))::int AS procedure_code
  FROM egovkpi.unit u,
       generate_series(1, CASE u.level WHEN 1 THEN 260 WHEN 2 THEN 160 ELSE 23 END) g) p;

INSERT INTO egovkpi.service_pair (unit_code, procedure_code, valid_from, valid_to, level,
                                  bcci_receive, bcci_return)
SELECT unit_code, procedure_code, date '2020-01-01',
       CASE WHEN id % 10 = 0 THEN date '2021-06-30' END,
       CASE WHEN id % 10 = 0 THEN 2 ELSE 2 + (id % 3)::int END,
       id % 4 <> 0, id % 3 <> 0
FROM pairs
UNION ALL
SELECT unit_code, procedure_code, date '2021-07-01', NULL, 3, true, true
FROM pairs WHERE id % 10 = 0;

CREATE TEMP TABLE d AS
SELECT i, p.unit_code, p.procedure_code, r.received_at,
       CASE WHEN random() < 0.4 THEN 2 WHEN random() < 0.17 THEN 3 ELSE 1 END AS channel,
       (random() < 0.2)::int AS return_method,
       (ARRAY[1, 2, 3, 4, 5, 9, 10, 10, 10, 10])[1 + floor(random() * 10)::int] AS status
FROM generate_series(1, )sql" +
         n(150000) + R"sql() i
JOIN pairs p ON p.id = 1 + (i * 7919) % (SELECT count(*) FROM pairs)
CROSS JOIN LATERAL (SELECT timestamptz '2020-12-31 17:00+00'
                           + random() * interval '365 days' + i * interval '0 s' AS received_at) r;

INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method, status,
  submitted_at, received_at, due_at, finished_at, returned_at, updated_at, deleted)
SELECT 'H21-' || i, procedure_code, CASE WHEN i % 100 = 0 THEN 'X' || (i % 7) ELSE unit_code END,
       channel, return_method, status, received_at - interval '1 hour',
       CASE WHEN status <> 1 THEN received_at END,
       received_at + interval '10 days',
       CASE WHEN status >= 9 THEN received_at + (i % 14) * interval '1 day' END,
       CASE WHEN status = 10 THEN received_at + (i % 14 + 1) * interval '1 day' END,
       received_at + (i % 14 + 2) * interval '1 day', i % 200 = 0
FROM d;

INSERT INTO egovkpi.postal_item (item_code, order_number, service_type, unit_code, status,
  last_event_id, last_event_time, first_event_time, max_event_time)
SELECT 'EB' || i || 'VN', 'H21-' || i,
       CASE WHEN channel = 1 THEN 'NHAN_HO_SO' ELSE 'TRA_KET_QUA' END, unit_code,
       CASE WHEN i % 20 = 0 THEN 7 ELSE 4 END, i, received_at, received_at - interval '1 day',
       received_at
FROM d WHERE (channel = 1 AND i % 5 = 0) OR (return_method = 1 AND status = 10);

INSERT INTO egovkpi.document (document_id, direction, organ_id, peer_is_state_agency, secret,
  transport, status, signed_valid, sent_at, received_at, updated_at)
SELECT 'doc-' || i, CASE WHEN i % 2 = 0 THEN 'out' ELSE 'in' END,
       u.codes[1 + (i * 31) % cardinality(u.codes)],
       i % 10 <> 0, i % 97 = 0,
       (ARRAY['axis', 'lgsp', 'email', 'paper'])[1 + (i % 7) % 4],
       (ARRAY['inbox', 'acceptance', 'processing', 'done', 'fail'])[1 + (i % 11) % 5],
       i % 9 <> 0, CASE WHEN i % 2 = 0 THEN t END, CASE WHEN i % 2 = 1 THEN t END,
       t + interval '2 days'
FROM generate_series(1, )sql" +
         n(300000) + R"sql() i
CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM egovkpi.unit) u
CROSS JOIN LATERAL (SELECT timestamptz '2020-12-31 17:00+00'
                           + random() * interval '360 days' + i * interval '0 s' AS t) r;
)sql";
}

// What a poll brings: 1,000 dossiers received in the last four weeks move on (a result
// handed over today), 300 of their postal items change state, 1,000 new documents.
const char* kPollSql = R"sql(
UPDATE egovkpi.dossier SET status = 10, returned_at = timestamptz '2021-12-31 09:00+07',
                           updated_at = timestamptz '2021-12-31 09:00+07'
WHERE code IN (SELECT code FROM egovkpi.dossier
               WHERE received_at >= timestamptz '2021-12-03 00:00+07' AND status <> 10
               ORDER BY random() LIMIT 1000);
UPDATE egovkpi.postal_item SET status = 7 - status % 7
WHERE item_code IN (SELECT p.item_code FROM egovkpi.postal_item p
                    JOIN egovkpi.dossier d ON d.code = p.order_number
                    WHERE d.received_at >= timestamptz '2021-12-03 00:00+07'
                    ORDER BY random() LIMIT 300);
INSERT INTO egovkpi.document (document_id, direction, organ_id, peer_is_state_agency,
  transport, status, signed_valid, sent_at, updated_at)
SELECT 'new-' || i || '-' || random(), 'out', 'C' || (1 + i % 210), true, 'axis', 'done', true,
       timestamptz '2021-12-30 08:00+07' + i * interval '1 minute',
       timestamptz '2021-12-30 08:00+07' + i * interval '1 minute'
FROM generate_series(1, 1000) i;
)sql";

// The worst case of a poll: a change on every day of the year (e.g. a bulk correction).
const char* kEveryDaySql = R"sql(
UPDATE egovkpi.dossier SET updated_at = updated_at + interval '1 second'
WHERE code IN (SELECT 'H21-' || i FROM generate_series(1, 150000, 150) i);
)sql";

}  // namespace

int main(int argc, char** argv) {
  const double scale = argc > 1 ? std::strtod(argv[1], nullptr) : 1.0;
  try {
    egovkpi::testing::TestDatabase test_db;
    Database db(test_db.conninfo(), "bench");
    egovkpi::storage::ApplyMigrations(db);

    const double load =
        Timed([&] { db.InTransaction([&](pqxx::work& tx) { tx.exec(LoadSql(scale)); }); });
    {
      pqxx::connection c(test_db.conninfo());
      pqxx::nontransaction tx(c);
      tx.exec("VACUUM ANALYZE");
      const auto counts = tx.exec1(
          "SELECT (SELECT count(*) FROM egovkpi.unit), (SELECT count(*) FROM egovkpi.service_pair),"
          " (SELECT count(*) FROM egovkpi.dossier), (SELECT count(*) FROM egovkpi.postal_item),"
          " (SELECT count(*) FROM egovkpi.document)");
      std::printf(
          "scale %.3g: units %s service_rows %s dossiers %s postal_items %s documents %s"
          " (loaded in %.1f s)\n",
          scale, counts[0].c_str(), counts[1].c_str(), counts[2].c_str(), counts[3].c_str(),
          counts[4].c_str(), load);
    }

    const KpiEngine engine({"H21", "Gia Lai", 2021, {{"online_dossiers", 0.25}}});
    const TimePoint day1 = std::chrono::sys_days(std::chrono::year(2022) / 1 / 15);
    long backend = 0;
    db.InTransaction(
        [&](pqxx::work& tx) { backend = tx.exec1("SELECT pg_backend_pid()")[0].as<long>(); });
    std::printf("%-8s %9s %9s  %s\n", "compute", "wall s", "db cpu s", "");
    const auto compute = [&](const char* what, TimePoint now) {
      KpiComputation result;
      const double cpu = BackendCpuSeconds(backend);
      const double seconds = Timed(
          [&] { db.InTransaction([&](pqxx::work& tx) { result = engine.Compute(tx, now); }); });
      std::printf("%-8s %9.3f %9.3f  rows %zu, days re-aggregated %d\n", what, seconds,
                  BackendCpuSeconds(backend) - cpu, result.rows.size(), result.refreshed_days);
    };

    compute("first", day1);
    compute("idle", day1 + std::chrono::minutes(1));
    const double poll =
        Timed([&] { db.InTransaction([&](pqxx::work& tx) { tx.exec(kPollSql); }); });
    compute("poll", day1 + std::chrono::minutes(2));
    compute("newday", day1 + std::chrono::days(1));
    db.InTransaction([&](pqxx::work& tx) { tx.exec(kEveryDaySql); });
    compute("everyday", day1 + std::chrono::days(1) + std::chrono::minutes(1));
    db.InTransaction([&](pqxx::work& tx) {
      tx.exec0("INSERT INTO egovkpi.kpi_dirty_day VALUES ('dossier', NULL), ('document', NULL)");
    });
    compute("rebuild", day1 + std::chrono::days(1) + std::chrono::minutes(2));

    double rollup = 0;
    double rollup_cpu = BackendCpuSeconds(backend);
    db.InTransaction([&](pqxx::work& tx) {
      tx.exec0("SET LOCAL jit = off");
      tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
      tx.exec0("SET LOCAL work_mem = '64MB'");
      const std::string as_of = tx.exec1("SELECT egovkpi.kpi_as_of(now(), 2021)")[0].c_str();
      rollup = Timed([&] {
        tx.exec("SELECT count(*) FROM egovkpi.kpi_rollup('H21', 2021, " + tx.quote(as_of) + ")");
      });
    });
    rollup_cpu = BackendCpuSeconds(backend) - rollup_cpu;
    std::printf("%-8s %9.3f %9.3f  (the roll-up query alone, nothing stored)\n", "rollup", rollup,
                rollup_cpu);

    // The triggers' share of an upsert of 1,000 dossiers (the onegate collector's page).
    const char* upsert = R"sql(
      INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method,
        status, received_at, updated_at)
      SELECT 'H21-' || (1 + floor(random() * 150000))::int || '-' || g, 'P1', 'C1', 1, 0, 2,
             timestamptz '2021-06-01 03:00+00' + g * interval '1 hour',
             timestamptz '2021-06-01 03:00+00' + g * interval '1 hour'
      FROM generate_series(1, 1000) g
      ON CONFLICT (code) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at)sql";
    double with_triggers = 0;
    double without_triggers = 0;
    for (int round = 0; round < 5; ++round) {
      with_triggers += Timed([&] { db.InTransaction([&](pqxx::work& tx) { tx.exec(upsert); }); });
      without_triggers += Timed([&] {
        db.InTransaction([&](pqxx::work& tx) {
          tx.exec("SET LOCAL session_replication_role = replica");  // triggers off
          tx.exec(upsert);
        });
      });
    }
    std::printf("writes: the poll %.3f s; an upsert of 1,000 dossiers %.1f ms with the change-log"
                " triggers, %.1f ms without\n",
                poll, with_triggers / 5 * 1000, without_triggers / 5 * 1000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kpi_engine_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
