#include "egovkpi/storage/catalogue_store.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql_literals.hpp"

namespace egovkpi::storage {
namespace {

using collectors::portal::CatalogueProcedure;
using collectors::portal::CatalogueSnapshot;
using collectors::portal::CatalogueUnit;
using collectors::portal::LocalDate;
using collectors::portal::ServiceRow;
using collectors::portal::ServiceRowKey;
using detail::BoolSql;
using detail::IntSql;
using detail::NullableTextSql;
using detail::TextSql;
using detail::TimestampSql;

// Rows per statement: keeps one statement's text to a few hundred kilobytes.
constexpr std::size_t kRowsPerStatement = 1000;

// A catalogue table as this file writes it: key columns, then data columns, in the order
// of the value tuples built below.
struct CatalogueTable {
  std::string_view name;
  std::span<const std::string_view> key;
  std::span<const std::string_view> data;
};

constexpr std::string_view kCodeKey[] = {"code"};
constexpr std::string_view kUnitData[] = {"name", "level", "parent_code"};
constexpr std::string_view kProcedureData[] = {"name", "field_code", "field_name", "has_fee"};
constexpr std::string_view kServicePairKey[] = {"unit_code", "procedure_code", "valid_from"};
constexpr std::string_view kServicePairData[] = {"valid_to", "level", "bcci_receive",
                                                 "bcci_return"};

constexpr CatalogueTable kUnitTable{"egovkpi.unit", kCodeKey, kUnitData};
constexpr CatalogueTable kProcedureTable{"egovkpi.procedure", kCodeKey, kProcedureData};
constexpr CatalogueTable kServicePairTable{"egovkpi.service_pair", kServicePairKey,
                                           kServicePairData};

// `pattern` with every "@" replaced by each name in turn, joined by `separator`:
// Each({"a", "b"}, "t.@ = s.@", " AND ") is "t.a = s.a AND t.b = s.b".
std::string Each(std::span<const std::string_view> names, std::string_view pattern,
                 std::string_view separator) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += separator;
    for (const char c : pattern) {
      if (c == '@') {
        out += name;
      } else {
        out += c;
      }
    }
  }
  return out;
}

std::vector<std::string_view> Columns(const CatalogueTable& table) {
  std::vector<std::string_view> columns(table.key.begin(), table.key.end());
  columns.insert(columns.end(), table.data.begin(), table.data.end());
  return columns;
}

// '2021-07-01'::date, the day as given (a local calendar day, stored as a date).
std::string DateSql(const LocalDate& date) {
  char buffer[48];
  const int n =
      std::snprintf(buffer, sizeof buffer, "'%04d-%02u-%02u'::date", static_cast<int>(date.year()),
                    static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::string DateSql(const std::optional<LocalDate>& date) {
  return date ? DateSql(*date) : std::string("NULL::date");
}

// Value tuples "(key..., data...)" with explicit types where a column of NULLs would
// otherwise be read as text.
std::string UnitTuple(const pqxx::transaction_base& tx, const CatalogueUnit& u) {
  return "(" + TextSql(tx, u.code) + "," + NullableTextSql(tx, u.name) + "," + IntSql(u.level) +
         "::smallint," + NullableTextSql(tx, u.parent_code) + ")";
}

std::string ProcedureTuple(const pqxx::transaction_base& tx, const CatalogueProcedure& p) {
  return "(" + TextSql(tx, p.code) + "," + NullableTextSql(tx, p.name) + "," +
         NullableTextSql(tx, p.field_code) + "," + NullableTextSql(tx, p.field_name) + "," +
         BoolSql(p.has_fee) + ")";
}

std::string ServiceRowTuple(const pqxx::transaction_base& tx, const ServiceRow& r) {
  return "(" + TextSql(tx, r.unit_code) + "," + TextSql(tx, r.procedure_code) + "," +
         DateSql(r.valid_from) + "," + DateSql(r.valid_to) + "," + IntSql(r.level) + "::smallint," +
         BoolSql(r.bcci_receive) + "," + BoolSql(r.bcci_return) + ")";
}

// Upserts `tuples` (distinct by key) into `table`, counting new rows and rows whose data
// changed or that come back from a withdrawal.
void Upsert(pqxx::work& tx, const CatalogueTable& table, const std::vector<std::string>& tuples,
            const std::string& seen_sql, CatalogueTableChanges& changes) {
  const std::string name(table.name);
  const std::string columns = Each(Columns(table), "@", ", ");
  // Every CTE sees the table as it was before the statement: `before` compares the stored
  // rows with the listed ones while `upsert` writes them.
  const std::string first_key = "t." + std::string(table.key.front());
  std::string before = "SELECT " + first_key + " IS NULL AS is_new, ";
  before += first_key + " IS NOT NULL AND (" + Each(table.data, "t.@ IS DISTINCT FROM s.@", " OR ");
  before += " OR t.withdrawn_at IS NOT NULL) AS is_changed FROM s LEFT JOIN " + name + " t ON ";
  before += Each(table.key, "t.@ = s.@", " AND ");
  const std::string upsert =
      "INSERT INTO " + name + " (" + columns + ", first_seen_at, last_seen_at) SELECT " + columns +
      ", " + seen_sql + ", " + seen_sql + " FROM s ON CONFLICT (" + Each(table.key, "@", ", ") +
      ") DO UPDATE SET " + Each(table.data, "@ = EXCLUDED.@", ", ") +
      ", last_seen_at = EXCLUDED.last_seen_at, withdrawn_at = NULL RETURNING 1";

  for (std::size_t begin = 0; begin < tuples.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(tuples.size(), begin + kRowsPerStatement);
    std::string sql = "WITH s (" + columns + ") AS (VALUES ";
    for (std::size_t i = begin; i < end; ++i) {
      if (i != begin) sql += ',';
      sql += tuples[i];
    }
    sql += "), before AS (";
    sql += before;
    sql += "), upsert AS (";
    sql += upsert;
    sql +=
        ") SELECT count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE is_changed),"
        " (SELECT count(*) FROM upsert) FROM before";
    const pqxx::row counts = tx.exec1(sql);
    changes.inserted += counts[0].as<int>();
    changes.updated += counts[1].as<int>();
  }
}

// Marks the stored rows that `listed_keys` (a query giving the key columns of every
// record the snapshot lists, valid or not) does not name as withdrawn at `seen_sql`.
void Withdraw(pqxx::work& tx, const CatalogueTable& table, const std::string& listed_keys,
              const std::string& seen_sql, CatalogueTableChanges& changes) {
  const std::string key = "(" + Each(table.key, "@", ", ") + ")";
  const pqxx::result withdrawn =
      tx.exec0("UPDATE " + std::string(table.name) + " SET withdrawn_at = " + seen_sql +
               " WHERE withdrawn_at IS NULL AND " + key + " NOT IN (" + listed_keys + ")");
  changes.withdrawn += static_cast<int>(withdrawn.affected_rows());
}

// ARRAY['a','b']::text[] (an empty ARRAY[] needs its type, which the cast gives).
template <typename Strings>
std::string TextArraySql(const pqxx::transaction_base& tx, const Strings& items) {
  std::string out = "ARRAY[";
  bool first = true;
  for (const std::string& item : items) {
    if (!first) out += ',';
    out += TextSql(tx, item);
    first = false;
  }
  return out + "]::text[]";
}

std::string DateArraySql(const std::vector<LocalDate>& items) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    out += DateSql(items[i]);
  }
  return out + "]::date[]";
}

// Units or procedures: upserts the records by code (the last copy of a code wins), then
// withdraws what is stored but neither among them nor among the rejected codes.
template <typename Record>
void ApplyCodedTable(pqxx::work& tx, const CatalogueTable& table,
                     const std::vector<Record>& records,
                     const std::vector<std::string>& rejected_codes,
                     std::string (*tuple)(const pqxx::transaction_base&, const Record&),
                     const std::string& seen_sql, CatalogueTableChanges& changes) {
  std::map<std::string, const Record*> by_code;  // sorted: rows are locked in key order
  for (const Record& r : records) by_code[r.code] = &r;
  std::vector<std::string> tuples;
  tuples.reserve(by_code.size());
  std::set<std::string> listed;
  for (const auto& [code, record] : by_code) {
    tuples.push_back(tuple(tx, *record));
    listed.insert(code);
  }
  listed.insert(rejected_codes.begin(), rejected_codes.end());

  Upsert(tx, table, tuples, seen_sql, changes);
  Withdraw(tx, table, "SELECT unnest(" + TextArraySql(tx, listed) + ")", seen_sql, changes);
}

void ApplyServiceRows(pqxx::work& tx, const CatalogueSnapshot& snapshot,
                      const std::string& seen_sql, CatalogueTableChanges& changes) {
  std::map<ServiceRowKey, const ServiceRow*> by_key;
  for (const ServiceRow& r : snapshot.service_rows) by_key[r.Key()] = &r;
  std::vector<std::string> tuples;
  tuples.reserve(by_key.size());
  std::set<ServiceRowKey> listed;
  for (const auto& [key, row] : by_key) {
    tuples.push_back(ServiceRowTuple(tx, *row));
    listed.insert(key);
  }
  listed.insert(snapshot.rejected_service_row_keys.begin(),
                snapshot.rejected_service_row_keys.end());

  std::vector<std::string> units;
  std::vector<std::string> procedures;
  std::vector<LocalDate> valid_from;
  for (const ServiceRowKey& key : listed) {
    units.push_back(key.unit_code);
    procedures.push_back(key.procedure_code);
    valid_from.push_back(key.valid_from);
  }

  Upsert(tx, kServicePairTable, tuples, seen_sql, changes);
  Withdraw(tx, kServicePairTable,
           "SELECT * FROM unnest(" + TextArraySql(tx, units) + ", " + TextArraySql(tx, procedures) +
               ", " + DateArraySql(valid_from) + ")",
           seen_sql, changes);
}

}  // namespace

CatalogueChanges ApplyCatalogueSnapshot(pqxx::work& tx, const CatalogueSnapshot& snapshot,
                                        std::chrono::system_clock::time_point seen_at) {
  const std::string seen_sql = TimestampSql(seen_at);
  CatalogueChanges changes;
  ApplyCodedTable<CatalogueUnit>(tx, kUnitTable, snapshot.units, snapshot.rejected_unit_codes,
                                 &UnitTuple, seen_sql, changes.units);
  ApplyCodedTable<CatalogueProcedure>(tx, kProcedureTable, snapshot.procedures,
                                      snapshot.rejected_procedure_codes, &ProcedureTuple, seen_sql,
                                      changes.procedures);
  ApplyServiceRows(tx, snapshot, seen_sql, changes.service_rows);
  return changes;
}

}  // namespace egovkpi::storage
