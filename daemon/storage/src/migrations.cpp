#include "egovkpi/storage/migrations.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "embedded_migrations.hpp"

namespace egovkpi::storage {
namespace {

// Key of the transaction-level advisory lock that serializes migrations of one database:
// the ASCII bytes of "egovkpi1" as a bigint.
constexpr long long kMigrationLockKey = 0x65676f766b706931LL;

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> list;
    for (const auto& embedded : detail::EmbeddedMigrations()) {
      list.push_back(Migration{embedded.version, embedded.name, embedded.sql});
    }
    std::sort(list.begin(), list.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return list;
  }();
  return migrations;
}

int ApplyMigrations(Database& db) {
  int applied = 0;
  db.InTransaction([&applied](pqxx::work& tx) {
    applied = 0;  // InTransaction does not retry, but keep the count true to this attempt
    // First statement: until commit, every other migrating session waits here, and then
    // sees what this one recorded (READ COMMITTED takes a new snapshot per statement).
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
    tx.exec0("CREATE SCHEMA IF NOT EXISTS egovkpi");
    tx.exec0(
        "CREATE TABLE IF NOT EXISTS egovkpi.schema_migration ("
        " version integer PRIMARY KEY,"
        " name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");

    std::set<int> done;
    for (const auto& row : tx.exec("SELECT version FROM egovkpi.schema_migration")) {
      done.insert(row[0].as<int>());
    }
    for (const auto& migration : Migrations()) {
      if (done.contains(migration.version)) continue;
      try {
        tx.exec(migration.sql);
      } catch (const pqxx::sql_error& e) {
        throw std::runtime_error("migration " + std::to_string(migration.version) + "_" +
                                 migration.name + " failed: " + e.what());
      }
      tx.exec0("INSERT INTO egovkpi.schema_migration (version, name) VALUES (" +
               std::to_string(migration.version) + ", " + tx.quote(migration.name) + ")");
      ++applied;
    }
  });
  return applied;
}

}  // namespace egovkpi::storage
