// One PostgreSQL connection that reconnects explicitly: after a failure the connection is
// dropped and the next use opens a new one (libpqxx 6 would reconnect silently, 7 would
// not; doing it ourselves behaves the same on both).
//
// Threading: one Database per thread; not shared.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <pqxx/pqxx>

namespace egovkpi::storage {

// A database operation failed (connection lost, statement error). The message is safe to
// log: it never contains the connection string.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database {
 public:
  // `conninfo` may hold a password and is never logged; `description` is what logs show.
  Database(std::string conninfo, std::string description);

  // Runs `fn` in one transaction and commits it. Connects first if needed. On any failure
  // the transaction is rolled back, a broken connection is dropped, and StorageError is
  // thrown.
  void InTransaction(const std::function<void(pqxx::work&)>& fn);

  // Round trip `SELECT 1`; false (and the connection dropped) when it fails.
  bool Ping();

  [[nodiscard]] const std::string& description() const { return description_; }

 private:
  pqxx::connection& Connection();

  std::string conninfo_;
  std::string description_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace egovkpi::storage
