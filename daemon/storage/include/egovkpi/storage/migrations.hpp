// Versioned schema migrations (daemon/storage/migrations/NNN_name.sql, embedded in the
// binary at build time). Applying is idempotent, runs in one transaction, and takes a
// transaction-level advisory lock so two processes starting at once apply each migration
// exactly once.
#pragma once

#include <string>
#include <vector>

#include "egovkpi/storage/database.hpp"

namespace egovkpi::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// All migrations in version order.
const std::vector<Migration>& Migrations();

// Applies the missing migrations; returns how many were applied (0 when up to date).
int ApplyMigrations(Database& db);

}  // namespace egovkpi::storage
