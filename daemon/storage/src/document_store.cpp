#include "egovkpi/storage/document_store.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "sql_literals.hpp"

namespace egovkpi::storage {
namespace {

using collectors::edoc::Document;
using detail::BoolSql;
using detail::IntSql;
using detail::TextSql;
using detail::TimestampSql;

// Rows per INSERT statement: keeps one statement's text to a few hundred kilobytes.
constexpr std::size_t kRowsPerStatement = 1000;

constexpr const char* kDocumentInsert =
    "INSERT INTO egovkpi.document (document_id, direction, organ_id, peer_is_state_agency,"
    " secret, transport, status, signed_valid, document_type, promulgation_date, sent_at,"
    " received_at, updated_at) VALUES ";

// Only a strictly newer version replaces the stored one: the same version served twice (a
// page re-read from the inclusive watermark), or an older one arriving late, changes nothing
// and is not counted.
constexpr const char* kDocumentConflict =
    " ON CONFLICT (document_id, direction, organ_id) DO UPDATE SET"
    " peer_is_state_agency = EXCLUDED.peer_is_state_agency,"
    " secret = EXCLUDED.secret,"
    " transport = EXCLUDED.transport,"
    " status = EXCLUDED.status,"
    " signed_valid = EXCLUDED.signed_valid,"
    " document_type = EXCLUDED.document_type,"
    " promulgation_date = EXCLUDED.promulgation_date,"
    " sent_at = EXCLUDED.sent_at,"
    " received_at = EXCLUDED.received_at,"
    " updated_at = EXCLUDED.updated_at"
    " WHERE egovkpi.document.updated_at < EXCLUDED.updated_at";

std::string DateSql(const std::optional<std::chrono::year_month_day>& date) {
  if (!date) return "NULL";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "'%04d-%02u-%02u'::date", static_cast<int>(date->year()),
                static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
  return buffer;
}

template <typename Enum>
std::string WordSql(const std::optional<Enum>& value) {
  // The words are the contract's fixed lower-case ASCII words: no quoting needed.
  return value ? "'" + std::string(collectors::edoc::ToString(*value)) + "'" : std::string("NULL");
}

std::string DocumentRow(const pqxx::transaction_base& tx, const Document& d) {
  std::string row = "(";
  row += TextSql(tx, d.document_id) + ",";
  row += "'" + std::string(collectors::edoc::ToString(d.direction)) + "',";
  row += TextSql(tx, d.organ_id) + ",";
  row += BoolSql(d.peer_is_state_agency) + ",";
  row += BoolSql(d.secret) + ",";
  row += WordSql(d.transport) + ",";
  row += WordSql(d.status) + ",";
  row += BoolSql(d.has_valid_signature) + ",";
  row += IntSql(d.document_type) + ",";
  row += DateSql(d.promulgation_date) + ",";
  row += TimestampSql(d.sent_at) + ",";
  row += TimestampSql(d.received_at) + ",";
  row += TimestampSql(d.updated_at) + ")";
  return row;
}

auto KeyOf(const Document& d) { return std::tie(d.document_id, d.direction, d.organ_id); }

// One version per key, the newest; among equal versions the first one served (the same
// rule as against the stored row, where an equal version changes nothing). A multi-row
// INSERT ... ON CONFLICT must not touch one row twice. Sorted by key, so concurrent writers
// lock rows in the same order.
std::vector<const Document*> NewestPerKey(std::span<const Document> documents) {
  std::vector<const Document*> sorted;
  sorted.reserve(documents.size());
  for (const auto& d : documents) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Document* a, const Document* b) {
    if (KeyOf(*a) != KeyOf(*b)) return KeyOf(*a) < KeyOf(*b);
    return a->updated_at > b->updated_at;
  });
  const auto end =
      std::unique(sorted.begin(), sorted.end(),
                  [](const Document* a, const Document* b) { return KeyOf(*a) == KeyOf(*b); });
  sorted.erase(end, sorted.end());
  return sorted;
}

}  // namespace

int UpsertDocuments(pqxx::work& tx, std::span<const Document> documents) {
  const auto rows = NewestPerKey(documents);
  std::size_t changed = 0;
  for (std::size_t begin = 0; begin < rows.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(rows.size(), begin + kRowsPerStatement);
    std::string sql = kDocumentInsert;
    for (std::size_t i = begin; i < end; ++i) {
      if (i != begin) sql += ',';
      sql += DocumentRow(tx, *rows[i]);
    }
    sql += kDocumentConflict;
    changed += tx.exec0(sql).affected_rows();
  }
  return static_cast<int>(changed);
}

}  // namespace egovkpi::storage
