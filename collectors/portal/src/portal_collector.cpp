#include "egovkpi/collectors/portal/portal_collector.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace egovkpi::collectors::portal {
namespace {

constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 1000;  // the contract's bound for so_ban_ghi
// A province's catalogue has thousands of records; a tong_so far beyond that is garbage
// that would otherwise make us page (and hold) without end.
constexpr std::int64_t kMaxListedRecords = 1'000'000;
// Reads of one listing per snapshot: a listing edited while we page is read again.
constexpr int kMaxListingReads = 3;

const std::string& KeyOf(const CatalogueUnit& unit) { return unit.code; }
const std::string& KeyOf(const CatalogueProcedure& procedure) { return procedure.code; }
ServiceRowKey KeyOf(const ServiceRow& row) { return row.Key(); }

FetchFailure Failure(FailureReason reason, std::string message) {
  return FetchFailure{reason, std::move(message), std::nullopt};
}

// A whole listing: distinct records, the rejected ones, the keys of listed-but-rejected
// records that no valid record has.
template <typename Record, typename Key>
struct Listing {
  std::vector<Record> records;
  std::vector<Key> rejected_keys;
  std::vector<RejectedRecord> rejected;
};

// One read of a listing from page 1: complete, or why not.
template <typename Record, typename Key>
struct ListingRead {
  std::optional<Listing<Record, Key>> listing;
  std::string incomplete;  // set when `listing` is empty
};

template <typename Record, typename Key>
using PageParser = FetchResult<CataloguePage<Record, Key>> (*)(const boost::json::object&);

template <typename Record, typename Key>
FetchResult<ListingRead<Record, Key>> ReadListingOnce(lgsp::LgspClient& client,
                                                      std::string_view service,
                                                      PageParser<Record, Key> parse, int page_size,
                                                      int& pages, const std::stop_token& stop) {
  const std::string name(service);
  Listing<Record, Key> listing;
  std::map<Key, std::size_t> position;  // key -> index in listing.records
  std::set<Key> rejected_keys;
  std::size_t keyless_rejected = 0;
  std::optional<std::int64_t> total;
  std::int64_t last_page = 1;

  for (std::int64_t trang = 1; trang <= last_page; ++trang) {
    if (stop.stop_requested()) return Failure(FailureReason::kCancelled, "stopping");
    boost::json::object params;
    params["trang"] = trang;
    params["so_ban_ghi"] = static_cast<std::int64_t>(page_size);
    FetchResult<boost::json::object> reply = client.Call(name, params, stop);
    if (!reply.ok()) return reply.failure();
    FetchResult<CataloguePage<Record, Key>> parsed = parse(reply.value());
    if (!parsed.ok()) return parsed.failure();
    CataloguePage<Record, Key>& page = parsed.value();
    ++pages;

    if (!total) {
      if (page.total > kMaxListedRecords) {
        return Failure(FailureReason::kParse, name + ": tong_so " + std::to_string(page.total) +
                                                  " is beyond any catalogue (limit " +
                                                  std::to_string(kMaxListedRecords) + ")");
      }
      total = page.total;
      last_page = std::max<std::int64_t>(1, (page.total + page_size - 1) / page_size);
    } else if (page.total != *total) {
      return ListingRead<Record, Key>{
          std::nullopt, "tong_so changed from " + std::to_string(*total) + " to " +
                            std::to_string(page.total) + " at page " + std::to_string(trang)};
    }

    // A record served again (the listing moved under offset paging) replaces the earlier
    // copy: the later read is the newer one.
    for (Record& record : page.records) {
      const auto [at, inserted] = position.try_emplace(KeyOf(record), listing.records.size());
      if (inserted) {
        listing.records.push_back(std::move(record));
      } else {
        listing.records[at->second] = std::move(record);
      }
    }
    keyless_rejected += page.rejected.size() - page.rejected_keys.size();
    for (Key& key : page.rejected_keys) rejected_keys.insert(std::move(key));
    for (RejectedRecord& r : page.rejected) listing.rejected.push_back(std::move(r));
  }

  // A rejected record whose key a valid record also has is that record served badly once
  // (it is quarantined all the same); the valid copy stands for the key.
  for (const Key& key : rejected_keys) {
    if (!position.contains(key)) listing.rejected_keys.push_back(key);
  }
  const std::size_t keyed = listing.records.size() + listing.rejected_keys.size();
  const auto wanted = static_cast<std::size_t>(*total);
  if (keyed > wanted || keyed + keyless_rejected < wanted) {
    return ListingRead<Record, Key>{
        std::nullopt, "tong_so is " + std::to_string(wanted) + " but " + std::to_string(keyed) +
                          " distinct records and " + std::to_string(keyless_rejected) +
                          " rejected ones without a key were read over " +
                          std::to_string(last_page) + " pages"};
  }
  return ListingRead<Record, Key>{std::move(listing), {}};
}

template <typename Record, typename Key>
FetchResult<Listing<Record, Key>> ReadListing(lgsp::LgspClient& client, std::string_view service,
                                              PageParser<Record, Key> parse, int page_size,
                                              int& pages, const std::stop_token& stop) {
  std::string incomplete;
  for (int read = 1; read <= kMaxListingReads; ++read) {
    FetchResult<ListingRead<Record, Key>> result =
        ReadListingOnce(client, service, parse, page_size, pages, stop);
    if (!result.ok()) return result.failure();
    if (result.value().listing) return std::move(*result.value().listing);
    incomplete = std::move(result.value().incomplete);
  }
  return Failure(FailureReason::kParse, std::string(service) + ": incomplete snapshot after " +
                                            std::to_string(kMaxListingReads) +
                                            " reads: " + incomplete);
}

}  // namespace

PortalCollector::PortalCollector(lgsp::LgspOptions options, int page_size)
    : client_(std::move(options)), page_size_(page_size) {
  if (page_size < kMinPageSize || page_size > kMaxPageSize) {
    throw std::invalid_argument("page size " + std::to_string(page_size) + " is outside 1..1000");
  }
}

// By value like every fetch of the collectors: a stop token is a cheap shared handle.
FetchResult<CatalogueSnapshot> PortalCollector::FetchSnapshot(
    std::stop_token stop) {  // NOLINT(performance-unnecessary-value-param)
  CatalogueSnapshot snapshot;
  const auto take_rejected = [&snapshot](std::vector<RejectedRecord>& rejected) {
    for (RejectedRecord& r : rejected) snapshot.rejected.push_back(std::move(r));
  };

  auto units = ReadListing<CatalogueUnit, std::string>(client_, kUnitService, &ParseUnitPage,
                                                       page_size_, snapshot.pages, stop);
  if (!units.ok()) return units.failure();
  snapshot.units = std::move(units.value().records);
  snapshot.rejected_unit_codes = std::move(units.value().rejected_keys);
  take_rejected(units.value().rejected);

  auto procedures = ReadListing<CatalogueProcedure, std::string>(
      client_, kProcedureService, &ParseProcedurePage, page_size_, snapshot.pages, stop);
  if (!procedures.ok()) return procedures.failure();
  snapshot.procedures = std::move(procedures.value().records);
  snapshot.rejected_procedure_codes = std::move(procedures.value().rejected_keys);
  take_rejected(procedures.value().rejected);

  auto rows = ReadListing<ServiceRow, ServiceRowKey>(
      client_, kServiceRowService, &ParseServiceRowPage, page_size_, snapshot.pages, stop);
  if (!rows.ok()) return rows.failure();
  snapshot.service_rows = std::move(rows.value().records);
  snapshot.rejected_service_row_keys = std::move(rows.value().rejected_keys);
  take_rejected(rows.value().rejected);

  return snapshot;
}

}  // namespace egovkpi::collectors::portal
