#include "egovkpi/storage/database.hpp"

#include <regex>
#include <utility>

namespace egovkpi::storage {
namespace {

// libpq and libpqxx do not put the connection string in their messages, but a message must
// never leak a password even if a future version did: remove the whole string, and any
// `password=...` that is left.
std::string SafeMessage(std::string message, const std::string& conninfo) {
  if (!conninfo.empty()) {
    for (auto at = message.find(conninfo); at != std::string::npos;
         at = message.find(conninfo, at)) {
      message.replace(at, conninfo.size(), "<conninfo>");
    }
  }
  static const std::regex kPassword(R"((password\s*=\s*)('[^']*'|\S+))",
                                    std::regex::icase);
  message = std::regex_replace(message, kPassword, "$1***");
  static const std::regex kUriPassword(R"((postgres(ql)?://[^:/@\s]*:)[^@\s]*@)",
                                       std::regex::icase);
  message = std::regex_replace(message, kUriPassword, "$1***@");
  // One log line: libpq separates ERROR, DETAIL and HINT with newlines.
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  static const std::regex kNewlines(R"(\s*\n\s*)");
  return std::regex_replace(message, kNewlines, " ");
}

}  // namespace

Database::Database(std::string conninfo, std::string description)
    : conninfo_(std::move(conninfo)), description_(std::move(description)) {}

pqxx::connection& Database::Connection() {
  if (connection_ && !connection_->is_open()) connection_.reset();
  if (!connection_) {
    auto connection = std::make_unique<pqxx::connection>(conninfo_);
#if PQXX_VERSION_MAJOR < 7
    // libpqxx 6 would silently reopen a broken connection on its next use, losing the
    // session settings made below; 7 never does. Make 6 behave like 7: a broken connection
    // throws, and we replace it ourselves.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    connection->inhibit_reactivation(true);
#pragma GCC diagnostic pop
#endif
    // pqxx::stream_to (COPY) needs it, and every text we send is UTF-8.
    connection->set_client_encoding("UTF8");
    connection_ = std::move(connection);
  }
  return *connection_;
}

void Database::InTransaction(const std::function<void(pqxx::work&)>& fn) {
  // The transaction object lives inside the try: when anything throws, its destructor rolls
  // back before the handlers below run.
  const auto fail = [this](const char* what, const std::exception& e, bool drop) {
    if (drop || (connection_ && !connection_->is_open())) connection_.reset();
    return StorageError(description_ + ": " + what + SafeMessage(e.what(), conninfo_));
  };
  pqxx::connection* connection = nullptr;
  try {
    connection = &Connection();
  } catch (const std::exception& e) {
    connection_.reset();
    throw StorageError(description_ + ": cannot connect: " + SafeMessage(e.what(), conninfo_));
  }
  try {
    pqxx::work tx{*connection};
    fn(tx);
    tx.commit();
  } catch (const pqxx::broken_connection& e) {
    throw fail("connection lost: ", e, true);
  } catch (const pqxx::in_doubt_error& e) {
    // The connection broke during COMMIT: whether it committed is unknown. Callers treat
    // it as a failure and repeat the page: its dossier upserts and watermark are idempotent
    // (a repeated quarantine or poll_run row is the only possible trace).
    throw fail("commit outcome unknown: ", e, true);
  } catch (const StorageError&) {
    // Thrown by `fn` itself (e.g. a nested use of another Database): keep the text.
    if (connection_ && !connection_->is_open()) connection_.reset();
    throw;
  } catch (const pqxx::sql_error& e) {
    // Class 08 (connection exception) and 57P (operator intervention: the backend was
    // terminated, the server is shutting down) leave nothing worth keeping.
    const std::string& state = e.sqlstate();
    const bool gone = state.starts_with("08") || state.starts_with("57P");
    throw fail("statement failed: ", e, gone);
  } catch (const std::exception& e) {
    throw fail("", e, false);
  }
}

bool Database::Ping() {
  try {
    pqxx::nontransaction tx{Connection()};
    tx.exec1("SELECT 1");
    return true;
  } catch (const std::exception&) {
    connection_.reset();
    return false;
  }
}

}  // namespace egovkpi::storage
