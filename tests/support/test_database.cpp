#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <libpq-fe.h>
#include <pqxx/pqxx>

namespace egovkpi::testing {
namespace {

constexpr const char* kEnvVar = "EGOVKPI_TEST_PG";

std::atomic<int> g_counter{0};

std::string QuoteConninfoValue(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Rebuilds `conninfo` (key=value or URI) as key='value' pairs with dbname replaced.
std::string WithDatabase(const std::string& conninfo, const std::string& dbname) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error(std::string(kEnvVar) + " is not a valid libpq connection string: " +
                             message);
  }
  std::string out;
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string(o->keyword) == "dbname") continue;
    out += std::string(o->keyword) + "=" + QuoteConninfoValue(o->val) + " ";
  }
  return out + "dbname=" + QuoteConninfoValue(dbname);
}

}  // namespace

TestDatabase::TestDatabase() {
  const char* env = std::getenv(kEnvVar);
  if (env == nullptr || *env == '\0') {
    throw std::runtime_error(
        std::string(kEnvVar) +
        " is not set: it must hold the libpq connection string of a throwaway PostgreSQL "
        "server with a superuser. Start one with: eval \"$(deploy/pg-throwaway.sh)\" && "
        "export EGOVKPI_TEST_PG");
  }
  admin_conninfo_ = env;
  name_ = "egovkpi_test_" + std::to_string(::getpid()) + "_" + std::to_string(g_counter++);
  conninfo_ = WithDatabase(admin_conninfo_, name_);

  pqxx::connection admin{admin_conninfo_};
  pqxx::nontransaction tx{admin};  // CREATE DATABASE cannot run inside a transaction
  tx.exec0("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0 ENCODING 'UTF8'");
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin{admin_conninfo_};
    pqxx::nontransaction tx{admin};
    tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "TestDatabase: could not drop " << name_ << ": " << e.what() << '\n';
  }
}

}  // namespace egovkpi::testing
