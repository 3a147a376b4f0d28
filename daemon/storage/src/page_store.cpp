#include "egovkpi/storage/page_store.hpp"

#include <algorithm>
#include <vector>

#include "sql_literals.hpp"

namespace egovkpi::storage {
namespace {

using collectors::RejectedRecord;
using collectors::onegate::Dossier;
using detail::BoolSql;
using detail::IntSql;
using detail::NullableTextSql;
using detail::TextSql;
using detail::TimestampSql;

// Rows per INSERT statement: keeps one statement's text to a few hundred kilobytes.
constexpr std::size_t kRowsPerStatement = 1000;

constexpr const char* kDossierInsert =
    "INSERT INTO egovkpi.dossier (code, procedure_code, unit_code, channel, return_method,"
    " level, status, submitted_at, received_at, due_at, finished_at, returned_at, refused_at,"
    " updated_at, deleted, payment, has_electronic_result) VALUES ";

// Only a strictly newer version replaces the stored one: the same version served twice, or
// an older one arriving late, changes nothing (and is not counted).
constexpr const char* kDossierConflict =
    " ON CONFLICT (code) DO UPDATE SET"
    " procedure_code = EXCLUDED.procedure_code,"
    " unit_code = EXCLUDED.unit_code,"
    " channel = EXCLUDED.channel,"
    " return_method = EXCLUDED.return_method,"
    " level = EXCLUDED.level,"
    " status = EXCLUDED.status,"
    " submitted_at = EXCLUDED.submitted_at,"
    " received_at = EXCLUDED.received_at,"
    " due_at = EXCLUDED.due_at,"
    " finished_at = EXCLUDED.finished_at,"
    " returned_at = EXCLUDED.returned_at,"
    " refused_at = EXCLUDED.refused_at,"
    " updated_at = EXCLUDED.updated_at,"
    " deleted = EXCLUDED.deleted,"
    " payment = EXCLUDED.payment,"
    " has_electronic_result = EXCLUDED.has_electronic_result,"
    " ingested_at = now()"
    " WHERE egovkpi.dossier.updated_at < EXCLUDED.updated_at";

std::string DossierRow(const pqxx::transaction_base& tx, const Dossier& d) {
  std::string row = "(";
  row += TextSql(tx, d.code) + ",";
  row += TextSql(tx, d.procedure_code) + ",";
  row += TextSql(tx, d.unit_code) + ",";
  row += IntSql(d.channel) + ",";
  row += IntSql(d.return_method) + ",";
  row += IntSql(d.level) + ",";
  row += IntSql(d.status) + ",";
  row += TimestampSql(d.submitted_at) + ",";
  row += TimestampSql(d.received_at) + ",";
  row += TimestampSql(d.due_at) + ",";
  row += TimestampSql(d.finished_at) + ",";
  row += TimestampSql(d.returned_at) + ",";
  row += TimestampSql(d.refused_at) + ",";
  row += TimestampSql(d.updated_at) + ",";
  row += BoolSql(d.deleted) + ",";
  row += IntSql(d.payment) + ",";
  row += BoolSql(d.has_electronic_result) + ")";
  return row;
}

// One version per code, the newest; among equal versions the first one served (the same
// rule as against the stored row, where an equal version changes nothing). A multi-row
// INSERT ... ON CONFLICT must not touch one row twice. Sorted by code, so concurrent
// writers lock rows in the same order.
std::vector<const Dossier*> NewestPerCode(std::span<const Dossier> dossiers) {
  std::vector<const Dossier*> sorted;
  sorted.reserve(dossiers.size());
  for (const auto& d : dossiers) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Dossier* a, const Dossier* b) {
    if (a->code != b->code) return a->code < b->code;
    return a->updated_at > b->updated_at;
  });
  const auto end = std::unique(sorted.begin(), sorted.end(), [](const Dossier* a, const Dossier* b) {
    return a->code == b->code;
  });
  sorted.erase(end, sorted.end());
  return sorted;
}

}  // namespace

std::optional<std::string> LoadWatermark(pqxx::transaction_base& tx, const std::string& source) {
  const auto result =
      tx.exec("SELECT watermark FROM egovkpi.source_watermark WHERE source = " + TextSql(tx, source));
  if (result.empty()) return std::nullopt;
  return result[0][0].as<std::string>();
}

void SaveWatermark(pqxx::work& tx, const std::string& source, const std::string& watermark) {
  tx.exec0(
      "INSERT INTO egovkpi.source_watermark (source, watermark, updated_at) VALUES (" +
      TextSql(tx, source) + ", " + TextSql(tx, watermark) +
      ", now()) ON CONFLICT (source) DO UPDATE SET watermark = EXCLUDED.watermark,"
      " updated_at = EXCLUDED.updated_at");
}

int UpsertDossiers(pqxx::work& tx, std::span<const Dossier> dossiers) {
  const auto rows = NewestPerCode(dossiers);
  std::size_t changed = 0;
  for (std::size_t begin = 0; begin < rows.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(rows.size(), begin + kRowsPerStatement);
    std::string sql = kDossierInsert;
    for (std::size_t i = begin; i < end; ++i) {
      if (i != begin) sql += ',';
      sql += DossierRow(tx, *rows[i]);
    }
    sql += kDossierConflict;
    changed += tx.exec0(sql).affected_rows();
  }
  return static_cast<int>(changed);
}

void QuarantineRecords(pqxx::work& tx, const std::string& source,
                       std::span<const collectors::RejectedRecord> rejected) {
  const std::string source_sql = TextSql(tx, source);
  for (std::size_t begin = 0; begin < rejected.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(rejected.size(), begin + kRowsPerStatement);
    std::string sql =
        "INSERT INTO egovkpi.quarantine (source, reason, detail, record_key, payload) VALUES ";
    for (std::size_t i = begin; i < end; ++i) {
      const RejectedRecord& r = rejected[i];
      if (i != begin) sql += ',';
      sql += "(" + source_sql + "," + TextSql(tx, r.reason) + "," +
             NullableTextSql(tx, r.detail) + "," + NullableTextSql(tx, r.key) + ",";
      // Not valid JSON (e.g. a record cut short) is kept as a JSON string.
      sql += r.payload.empty() ? std::string("NULL")
                               : "egovkpi.jsonb_or_string(" + TextSql(tx, r.payload) + ")";
      sql += ")";
    }
    tx.exec0(sql + " ON CONFLICT (fingerprint) DO NOTHING");
  }
}

}  // namespace egovkpi::storage
