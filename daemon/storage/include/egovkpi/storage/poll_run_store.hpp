// The audit trail of polls (egovkpi.poll_run): one row per poll with its outcome.
#pragma once

#include <chrono>
#include <string>

#include "egovkpi/storage/database.hpp"

namespace egovkpi::storage {

struct PollRun {
  std::string source;
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point finished_at;
  bool ok = false;
  std::string failure_reason;  // empty when ok
  std::string message;         // safe to store: no secrets, no personal data
  long long records = 0;       // stored
  long long rejected = 0;      // quarantined
  int pages = 0;
};

void RecordPollRun(pqxx::work& tx, const PollRun& run);

}  // namespace egovkpi::storage
