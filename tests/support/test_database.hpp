// A fresh, empty PostgreSQL database for one test (or one integration run), dropped again
// when the object goes away.
//
// The server comes from the environment variable EGOVKPI_TEST_PG: the libpq connection
// string (key=value or URI) of a throwaway server where that user is a superuser, e.g. as
// printed by deploy/pg-throwaway.sh. Without it the constructor throws, so every test that
// needs a database fails loudly instead of being skipped silently.
//
// Each instance creates `egovkpi_test_<pid>_<n>`, so tests may run in parallel processes.
// Not thread-safe per instance; instances may be created from several threads.
#pragma once

#include <string>

namespace egovkpi::testing {

class TestDatabase {
 public:
  // Throws std::runtime_error when EGOVKPI_TEST_PG is missing or the database cannot be
  // created.
  TestDatabase();
  // Drops the database WITH (FORCE): open connections to it are terminated.
  ~TestDatabase();

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Connection string for the new database (the server's, with dbname replaced).
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  // Its name.
  [[nodiscard]] const std::string& name() const { return name_; }
  // EGOVKPI_TEST_PG as given: the server's maintenance database, superuser.
  [[nodiscard]] const std::string& admin_conninfo() const { return admin_conninfo_; }

 private:
  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace egovkpi::testing
