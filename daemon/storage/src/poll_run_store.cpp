#include "egovkpi/storage/poll_run_store.hpp"

#include "sql_literals.hpp"

namespace egovkpi::storage {

void RecordPollRun(pqxx::work& tx, const PollRun& run) {
  using namespace detail;
  tx.exec0(
      "INSERT INTO egovkpi.poll_run (source, started_at, finished_at, ok, failure_reason,"
      " message, records, rejected, pages) VALUES (" +
      TextSql(tx, run.source) + "," + TimestampSql(run.started_at) + "," +
      TimestampSql(run.finished_at) + "," + BoolSql(run.ok) + "," +
      NullableTextSql(tx, run.failure_reason) + "," + NullableTextSql(tx, run.message) + "," +
      IntSql(run.records) + "," + IntSql(run.rejected) + "," + IntSql(run.pages) + ")");
}

}  // namespace egovkpi::storage
