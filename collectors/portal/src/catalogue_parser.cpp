#include "egovkpi/collectors/portal/catalogue_parser.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_code.hpp>
#include <optional>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"
#include "egovkpi/collectors/record_reader.hpp"

namespace egovkpi::collectors::portal {
namespace {

namespace json = boost::json;

// Reads one catalogue record field by field (see collectors/record_reader.hpp).
class CatalogueRecordReader : public collectors::RecordReader {
 public:
  using RecordReader::RecordReader;

  // Optional text (names, parent codes); "" when absent.
  std::string OptionalString(std::string_view name) {
    Field<std::string> field = ReadString(record_, name);
    if (field.invalid()) Add("bad_code", name, Quote(record_, name) + " is not a string");
    return field.value ? std::move(*field.value) : std::string();
  }

  // A required code whose table is [low, high].
  int RequiredCode(std::string_view name, int low, int high) {
    const Field<std::int64_t> field = ReadCode(record_, name);
    if (!field.present) {
      Add("missing_field", name, "required field is missing");
      return 0;
    }
    if (field.value && *field.value >= low && *field.value <= high) {
      return static_cast<int>(*field.value);
    }
    Add("bad_code", name,
        Quote(record_, name) + " is not a code in " + std::to_string(low) + ".." +
            std::to_string(high));
    return 0;
  }

  // Absent is false.
  bool Bool(std::string_view name) {
    const Field<bool> field = ReadBool(record_, name);
    if (field.invalid()) {
      Add("bad_code", name, Quote(record_, name) + " is not a boolean (true/false, 0/1)");
    }
    return field.value.value_or(false);
  }

  // A yyyyMMdd day; absent gives nullopt (and a problem when `required`).
  std::optional<LocalDate> Date(std::string_view name, bool required) {
    const Field<std::string> field = ReadString(record_, name);
    if (!field.present) {
      if (required) Add("missing_field", name, "required field is missing");
      return std::nullopt;
    }
    if (field.value) {
      if (std::optional<LocalDate> date = ParseCompactDate(*field.value)) return date;
    }
    Add("bad_date", name, Quote(record_, name) + " is not yyyyMMdd");
    return std::nullopt;
  }
};

// What one record of a listing came to: a valid record, or problems with whatever key
// could be read.
template <typename Record, typename Key>
struct Parsed {
  Record record;
  std::optional<Key> key;  // the typed key, when readable (valid records always have it)
  std::string key_text;    // RejectedRecord::key; empty when none could be read
};

Parsed<CatalogueUnit, std::string> ParseUnit(const json::object& record,
                                             CatalogueRecordReader& in) {
  Parsed<CatalogueUnit, std::string> out;
  out.record.code = in.RequiredString("MaDonVi");
  out.record.level = in.RequiredCode("CapDonVi", 1, 3);
  out.record.name = in.OptionalString("TenDonVi");
  out.record.parent_code = in.OptionalString("MaDonViCha");
  if (Field<std::string> code = ReadString(record, "MaDonVi"); code.value) {
    out.key = *code.value;
    out.key_text = std::move(*code.value);
  }
  return out;
}

Parsed<CatalogueProcedure, std::string> ParseProcedure(const json::object& record,
                                                       CatalogueRecordReader& in) {
  Parsed<CatalogueProcedure, std::string> out;
  out.record.code = in.RequiredString("MaTTHC");
  out.record.name = in.OptionalString("TenTTHC");
  out.record.field_code = in.OptionalString("MaLinhVuc");
  out.record.field_name = in.OptionalString("TenLinhVuc");
  out.record.has_fee = in.Bool("CoPhiLePhi");
  if (Field<std::string> code = ReadString(record, "MaTTHC"); code.value) {
    out.key = *code.value;
    out.key_text = std::move(*code.value);
  }
  return out;
}

Parsed<ServiceRow, ServiceRowKey> ParseServiceRow(const json::object& record,
                                                  CatalogueRecordReader& in) {
  Parsed<ServiceRow, ServiceRowKey> out;
  ServiceRow& row = out.record;
  // Required fields first, so that a record missing one is rejected for that reason.
  row.unit_code = in.RequiredString("MaDonVi");
  row.procedure_code = in.RequiredString("MaTTHC");
  row.level = in.RequiredCode("MucDo", 2, 4);
  const std::optional<LocalDate> from = in.Date("HieuLucTu", /*required=*/true);
  if (from) row.valid_from = *from;
  row.valid_to = in.Date("HieuLucDen", /*required=*/false);
  if (from && row.valid_to && *row.valid_to < *from) {
    in.Add("bad_date", "HieuLucDen",
           Quote(record, "HieuLucDen") + " is before HieuLucTu " + Quote(record, "HieuLucTu"));
  }
  row.bcci_receive = in.Bool("TiepNhanBCCI");
  row.bcci_return = in.Bool("TraKetQuaBCCI");

  const Field<std::string> unit = ReadString(record, "MaDonVi");
  const Field<std::string> procedure = ReadString(record, "MaTTHC");
  if (unit.value && procedure.value) {
    const Field<std::string> from_text = ReadString(record, "HieuLucTu");
    out.key_text = *unit.value + "|" + *procedure.value + "|" + from_text.value.value_or("");
    if (from) out.key = ServiceRowKey{*unit.value, *procedure.value, *from};
  }
  return out;
}

template <typename Record, typename Key, typename ParseRecord>
FetchResult<CataloguePage<Record, Key>> ParsePage(std::string_view service,
                                                  const json::object& reply,
                                                  ParseRecord parse_record) {
  const std::string name(service);
  const json::value* result = reply.if_contains("result");
  if (result == nullptr || !result->is_array()) {
    return ParseFailure(name + " reply: \"result\" is " +
                        std::string(result == nullptr ? "missing" : KindName(*result)) +
                        ", not an array");
  }
  // The total decides whether a snapshot is complete: without it there is no snapshot.
  const Field<std::int64_t> total = ReadCode(reply, "tong_so");
  if (!total.value || *total.value < 0) {
    return ParseFailure(name + " reply: \"tong_so\" is " +
                        (total.present ? Quote(reply, "tong_so") : std::string("missing")) +
                        ", not a count of records");
  }

  CataloguePage<Record, Key> page;
  page.total = *total.value;
  const json::array& records = result->get_array();
  page.records.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json::object* record = records[i].if_object();
    if (record == nullptr) {
      page.rejected.push_back(RejectedRecord{.reason = "not_an_object",
                                             .detail = name + ": result[" + std::to_string(i) +
                                                       "] is " + std::string(KindName(records[i])),
                                             .key = {},
                                             .payload = json::serialize(records[i])});
      continue;
    }
    CatalogueRecordReader in(*record);
    auto parsed = parse_record(*record, in);
    if (in.valid()) {
      page.records.push_back(std::move(parsed.record));
      continue;
    }
    // The catalogue holds no personal data, so the record is kept whole.
    page.rejected.push_back(
        in.Rejection(std::move(parsed.key_text), json::serialize(*record), name + ": "));
    if (parsed.key) page.rejected_keys.push_back(std::move(*parsed.key));
  }
  return page;
}

// Decodes a reply's JSON text; the error names the failure only.
FetchResult<json::object> Decode(std::string_view service, std::string_view json_text) {
  boost::system::error_code ec;
  json::value reply = json::parse(json::string_view(json_text.data(), json_text.size()), ec);
  if (ec) return ParseFailure(std::string(service) + " reply is not valid JSON: " + ec.message());
  if (!reply.is_object()) {
    return ParseFailure(std::string(service) + " reply is " + std::string(KindName(reply)) +
                        ", not a JSON object");
  }
  return std::move(reply.get_object());
}

}  // namespace

FetchResult<UnitPage> ParseUnitPage(const json::object& reply) {
  return ParsePage<CatalogueUnit, std::string>(kUnitService, reply, ParseUnit);
}

FetchResult<ProcedurePage> ParseProcedurePage(const json::object& reply) {
  return ParsePage<CatalogueProcedure, std::string>(kProcedureService, reply, ParseProcedure);
}

FetchResult<ServiceRowPage> ParseServiceRowPage(const json::object& reply) {
  return ParsePage<ServiceRow, ServiceRowKey>(kServiceRowService, reply, ParseServiceRow);
}

FetchResult<UnitPage> ParseUnitPage(std::string_view json_text) {
  FetchResult<json::object> reply = Decode(kUnitService, json_text);
  if (!reply.ok()) return reply.failure();
  return ParseUnitPage(reply.value());
}

FetchResult<ProcedurePage> ParseProcedurePage(std::string_view json_text) {
  FetchResult<json::object> reply = Decode(kProcedureService, json_text);
  if (!reply.ok()) return reply.failure();
  return ParseProcedurePage(reply.value());
}

FetchResult<ServiceRowPage> ParseServiceRowPage(std::string_view json_text) {
  FetchResult<json::object> reply = Decode(kServiceRowService, json_text);
  if (!reply.ok()) return reply.failure();
  return ParseServiceRowPage(reply.value());
}

}  // namespace egovkpi::collectors::portal
