#include "egovkpi/collectors/postal/tracking_parser.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_code.hpp>
#include <optional>
#include <string>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"
#include "egovkpi/collectors/record_reader.hpp"

namespace egovkpi::collectors::postal {
namespace {

namespace json = boost::json;

// The event fields of the contract (upstream-api.md section 3), none of them personal.
// A quarantined payload keeps only these: VNPost's order records also carry the sender's
// and receiver's names, addresses and phones, and an allowlist cannot miss one of those
// the way a denylist could.
constexpr std::array<std::string_view, 8> kContractFields = {
    "Id",       "ItemCode",   "OrderNumber", "ServiceType",
    "UnitCode", "StatusCode", "StatusName",  "EventTime"};

// The record with only the contract's fields, in the order served.
std::string ContractFieldsOnly(const json::object& record) {
  json::object kept(record.storage());
  for (const json::key_value_pair& member : record) {
    const std::string_view key = member.key();
    if (std::find(kContractFields.begin(), kContractFields.end(), key) != kContractFields.end()) {
      kept.emplace(member.key(), member.value());
    }
  }
  return json::serialize(kept);
}

// An event Id: an integer >= 0, as a JSON integer or a string of digits.
std::optional<std::int64_t> ReadableId(const json::object& record) {
  const Field<std::int64_t> id = ReadCode(record, "Id");
  if (!id.value || *id.value < 0) return std::nullopt;
  return id.value;
}

// Reads one event field by field (see collectors/record_reader.hpp).
class EventReader : public collectors::RecordReader {
 public:
  using RecordReader::RecordReader;

  std::int64_t Id() {
    const Field<std::int64_t> field = ReadCode(record_, "Id");
    if (!field.present) {
      Add("missing_field", "Id", "required field is missing");
    } else if (!field.value || *field.value < 0) {
      Add("bad_code", "Id", Quote(record_, "Id") + " is not an integer >= 0");
    } else {
      return *field.value;
    }
    return 0;
  }

  std::optional<std::string> OptionalString(std::string_view name) {
    Field<std::string> field = ReadString(record_, name);
    if (field.invalid()) Add("bad_code", name, Quote(record_, name) + " is not a string");
    return std::move(field.value);
  }

  ServiceType Service() {
    const Field<std::string> field = ReadString(record_, "ServiceType");
    if (!field.present) {
      Add("missing_field", "ServiceType", "required field is missing");
      return ServiceType::kReceipt;
    }
    if (field.value) {
      if (const std::optional<ServiceType> type = ParseServiceType(*field.value)) return *type;
    }
    Add("bad_code", "ServiceType",
        Quote(record_, "ServiceType") + " is not NHAN_HO_SO or TRA_KET_QUA");
    return ServiceType::kReceipt;
  }

  int Status() {
    const Field<std::int64_t> field = ReadCode(record_, "StatusCode");
    if (!field.present) {
      Add("missing_field", "StatusCode", "required field is missing");
    } else if (field.value && *field.value >= kMinStatus && *field.value <= kMaxStatus) {
      return static_cast<int>(*field.value);
    } else {
      Add("unknown_status", "StatusCode",
          Quote(record_, "StatusCode") + " is not a code in " + std::to_string(kMinStatus) + ".." +
              std::to_string(kMaxStatus));
    }
    return kMinStatus;
  }

  TimePoint EventTime() {
    const Field<std::string> field = ReadString(record_, "EventTime");
    if (!field.present) {
      Add("missing_field", "EventTime", "required field is missing");
      return {};
    }
    if (field.value) {
      if (const std::optional<TimePoint> time = ParseIso8601(*field.value)) return *time;
    }
    Add("bad_date", "EventTime", Quote(record_, "EventTime") + " is not ISO 8601 with an offset");
    return {};
  }
};

// Parses one element of `items` into `page`.
void ParseElement(const json::value& element, std::size_t index, TrackingPage& page) {
  const json::object* record = element.if_object();
  if (record == nullptr) {
    page.rejected.push_back(NotAnObject(element, "items[" + std::to_string(index) + "]"));
    return;
  }

  const std::optional<std::int64_t> readable_id = ReadableId(*record);
  if (readable_id) page.last_id = std::max(page.last_id, *readable_id);

  EventReader in(*record);
  PostalEvent event;
  // Required fields first, so that a record missing one is rejected for that reason.
  event.id = in.Id();
  event.item_code = in.RequiredString("ItemCode");
  event.order_number = in.RequiredString("OrderNumber");
  event.service_type = in.Service();
  event.status = in.Status();
  event.event_time = in.EventTime();
  event.unit_code = in.OptionalString("UnitCode");

  if (in.valid()) {
    page.events.push_back(std::move(event));
    return;
  }
  page.rejected.push_back(
      in.Rejection(readable_id ? EncodeLastId(*readable_id) : std::move(event.item_code),
                   ContractFieldsOnly(*record)));
}

}  // namespace

FetchResult<TrackingPage> ParseTrackingPage(const boost::json::object& reply) {
  const json::value* items = reply.if_contains("items");
  if (items == nullptr || !items->is_array()) {
    return ParseFailure("tracking reply: \"items\" is " +
                        std::string(items == nullptr ? "missing" : KindName(*items)) +
                        ", not an array");
  }
  const Field<std::int64_t> last_id = ReadCode(reply, "lastId");
  if (!last_id.value || *last_id.value < 0) {
    // Without it the next call could skip events or read the same page forever.
    return ParseFailure("tracking reply: \"lastId\" is " +
                        (last_id.present ? Quote(reply, "lastId") : std::string("missing")) +
                        ", not an integer >= 0");
  }

  TrackingPage page;
  page.last_id = *last_id.value;
  const json::array& records = items->get_array();
  page.items = records.size();
  page.events.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ParseElement(records[i], i, page);
  return page;
}

FetchResult<TrackingPage> ParseTrackingPage(std::string_view json_text) {
  boost::system::error_code ec;
  const json::value reply = json::parse(json::string_view(json_text.data(), json_text.size()), ec);
  // The message names the error only, never the body.
  if (ec) return ParseFailure("tracking reply is not valid JSON: " + ec.message());
  if (!reply.is_object()) {
    return ParseFailure("tracking reply is " + std::string(KindName(reply)) +
                        ", not a JSON object");
  }
  return ParseTrackingPage(reply.get_object());
}

}  // namespace egovkpi::collectors::postal
