#include "egovkpi/storage/postal_store.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sql_literals.hpp"

namespace egovkpi::storage {
namespace {

using collectors::TimePoint;
using collectors::postal::PostalEvent;
using detail::IntSql;
using detail::TextSql;
using detail::TimestampSql;

// Rows per statement: keeps one statement's text to a few hundred kilobytes.
constexpr std::size_t kRowsPerStatement = 1000;

constexpr const char* kItemInsert =
    "INSERT INTO egovkpi.postal_item AS p (item_code, order_number, service_type, unit_code,"
    " status, last_event_id, last_event_time, first_event_time, max_event_time) VALUES ";

// The current state moves only to a higher Id; the time bounds only widen. The WHERE
// leaves a row untouched (updated_at included) when nothing of the above would change,
// e.g. for an event applied twice.
constexpr const char* kItemConflict =
    " ON CONFLICT (item_code) DO UPDATE SET"
    " order_number = CASE WHEN EXCLUDED.last_event_id > p.last_event_id"
    "   THEN EXCLUDED.order_number ELSE p.order_number END,"
    " service_type = CASE WHEN EXCLUDED.last_event_id > p.last_event_id"
    "   THEN EXCLUDED.service_type ELSE p.service_type END,"
    " unit_code = CASE WHEN EXCLUDED.last_event_id > p.last_event_id"
    "   THEN EXCLUDED.unit_code ELSE p.unit_code END,"
    " status = CASE WHEN EXCLUDED.last_event_id > p.last_event_id"
    "   THEN EXCLUDED.status ELSE p.status END,"
    " last_event_time = CASE WHEN EXCLUDED.last_event_id > p.last_event_id"
    "   THEN EXCLUDED.last_event_time ELSE p.last_event_time END,"
    " last_event_id = GREATEST(p.last_event_id, EXCLUDED.last_event_id),"
    " first_event_time = LEAST(p.first_event_time, EXCLUDED.first_event_time),"
    " max_event_time = GREATEST(p.max_event_time, EXCLUDED.max_event_time),"
    " updated_at = now()"
    " WHERE EXCLUDED.last_event_id > p.last_event_id"
    "    OR EXCLUDED.first_event_time < p.first_event_time"
    "    OR EXCLUDED.max_event_time > p.max_event_time";

// What the events of one span say about one item.
struct ItemSummary {
  const PostalEvent* newest = nullptr;  // the highest Id; on a tie the first served
  TimePoint first_event_time;
  TimePoint max_event_time;
};

// One summary per ItemCode, in ItemCode order (so concurrent writers lock rows in the same
// order). A multi-row INSERT ... ON CONFLICT must not touch one row twice.
std::map<std::string, ItemSummary> SummarizeByItem(std::span<const PostalEvent> events) {
  std::map<std::string, ItemSummary> items;
  for (const PostalEvent& e : events) {
    auto [it, inserted] =
        items.try_emplace(e.item_code, ItemSummary{&e, e.event_time, e.event_time});
    if (inserted) continue;
    ItemSummary& s = it->second;
    if (e.id > s.newest->id) s.newest = &e;
    s.first_event_time = std::min(s.first_event_time, e.event_time);
    s.max_event_time = std::max(s.max_event_time, e.event_time);
  }
  return items;
}

std::string ItemRow(const pqxx::transaction_base& tx, const ItemSummary& s) {
  const PostalEvent& e = *s.newest;
  std::string row = "(";
  row += TextSql(tx, e.item_code) + ",";
  row += TextSql(tx, e.order_number) + ",";
  row += TextSql(tx, collectors::postal::ToString(e.service_type)) + ",";
  row += (e.unit_code ? TextSql(tx, *e.unit_code) : std::string("NULL")) + ",";
  row += IntSql(e.status) + ",";
  row += IntSql(e.id) + ",";
  row += TimestampSql(e.event_time) + ",";
  row += TimestampSql(s.first_event_time) + ",";
  row += TimestampSql(s.max_event_time) + ")";
  return row;
}

// last_event_id of the stored items among `items`, before this span is applied.
std::map<std::string, std::int64_t> StoredLastIds(pqxx::work& tx,
                                                  const std::vector<const std::string*>& items) {
  std::map<std::string, std::int64_t> stored;
  for (std::size_t begin = 0; begin < items.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(items.size(), begin + kRowsPerStatement);
    std::string sql =
        "SELECT item_code, last_event_id FROM egovkpi.postal_item WHERE item_code IN (";
    for (std::size_t i = begin; i < end; ++i) {
      if (i != begin) sql += ',';
      sql += TextSql(tx, *items[i]);
    }
    sql += ")";
    for (const auto& row : tx.exec(sql)) {
      stored.emplace(row[0].as<std::string>(), row[1].as<std::int64_t>());
    }
  }
  return stored;
}

}  // namespace

int ApplyPostalEvents(pqxx::work& tx, std::span<const PostalEvent> events) {
  const std::map<std::string, ItemSummary> items = SummarizeByItem(events);
  std::vector<const std::string*> codes;
  std::vector<const ItemSummary*> rows;
  codes.reserve(items.size());
  rows.reserve(items.size());
  for (const auto& [code, summary] : items) {
    codes.push_back(&code);
    rows.push_back(&summary);
  }

  // Counted before writing: afterwards every event's Id is at most its item's stored one.
  const std::map<std::string, std::int64_t> stored = StoredLastIds(tx, codes);
  std::set<std::pair<std::string_view, std::int64_t>> counted;
  int fresh = 0;
  for (const PostalEvent& e : events) {
    const auto known = stored.find(e.item_code);
    if (known != stored.end() && e.id <= known->second) continue;
    if (counted.emplace(e.item_code, e.id).second) ++fresh;
  }

  for (std::size_t begin = 0; begin < rows.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(rows.size(), begin + kRowsPerStatement);
    std::string sql = kItemInsert;
    for (std::size_t i = begin; i < end; ++i) {
      if (i != begin) sql += ',';
      sql += ItemRow(tx, *rows[i]);
    }
    sql += kItemConflict;
    tx.exec0(sql);
  }
  return fresh;
}

}  // namespace egovkpi::storage
