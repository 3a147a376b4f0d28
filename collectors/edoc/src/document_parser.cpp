#include "egovkpi/collectors/edoc/document_parser.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <limits>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"
#include "egovkpi/collectors/record_reader.hpp"

namespace egovkpi::collectors::edoc {
namespace {

namespace json = boost::json;

// The document exchange carries no applicant data, but a signature names the official who
// signed (SignerCN). egovkpi needs no name, so quarantined payloads are stored without it.
constexpr std::string_view kSignerName = "SignerCN";

// The record as JSON text for the quarantine, each signature without its signer's name. A
// signature that is not an object might be a bare name: only null, booleans and numbers are
// kept as they are.
std::string QuarantinePayload(const json::object& record) {
  const json::value* signatures = record.if_contains("Signatures");
  if (signatures == nullptr || !signatures->is_array()) return json::serialize(record);
  json::array cleaned(record.storage());
  cleaned.reserve(signatures->get_array().size());
  for (const json::value& signature : signatures->get_array()) {
    if (const json::object* fields = signature.if_object()) {
      json::object kept(record.storage());
      for (const json::key_value_pair& member : *fields) {
        if (!EqualsIgnoringAsciiCase(member.key(), kSignerName)) {
          kept.emplace(member.key(), member.value());
        }
      }
      cleaned.emplace_back(std::move(kept));
    } else if (signature.is_null() || signature.is_bool() || signature.is_number()) {
      cleaned.push_back(signature);
    } else {
      cleaned.emplace_back(nullptr);
    }
  }
  json::object copy = record;
  copy["Signatures"] = std::move(cleaned);  // replaces in place: the served order is kept
  return json::serialize(copy);
}

// Reads one document record field by field (see collectors/record_reader.hpp).
class DocumentReader : public collectors::RecordReader {
 public:
  using RecordReader::RecordReader;

  // A word of the contract's table for `name`, read by `parse`; absent gives nullopt (and a
  // problem when `required`).
  template <typename Enum>
  std::optional<Enum> Word(std::string_view name, std::optional<Enum> (*parse)(std::string_view),
                           std::string_view words, std::string_view reason = "bad_code",
                           bool required = false) {
    const Field<std::string> field = ReadString(record_, name);
    if (!field.present) {
      if (required) Add("missing_field", name, "required field is missing");
      return std::nullopt;
    }
    // A number is read as its digits by ReadString and fails the lookup like any other word.
    if (field.value) {
      if (std::optional<Enum> value = parse(*field.value)) return value;
    }
    Add(reason, name, Quote(record_, name) + " is not one of " + std::string(words));
    return std::nullopt;
  }

  // An RFC 3339 time; absent gives nullopt (and a problem when `required`).
  std::optional<TimePoint> Time(std::string_view name, bool required = false) {
    const Field<std::string> field = ReadString(record_, name);
    if (!field.present) {
      if (required) Add("missing_field", name, "required field is missing");
      return std::nullopt;
    }
    if (field.value) {
      if (std::optional<TimePoint> time = ParseIso8601(*field.value)) return time;
    }
    Add("bad_date", name, Quote(record_, name) + " is not an RFC 3339 time");
    return std::nullopt;
  }

  // A YYYY/MM/DD date; absent gives nullopt.
  std::optional<std::chrono::year_month_day> Date(std::string_view name) {
    const Field<std::string> field = ReadString(record_, name);
    if (!field.present) return std::nullopt;
    if (field.value) {
      if (const std::optional<TimePoint> midnight = ParseSlashDate(*field.value)) {
        // Local midnight back to its calendar day.
        return std::chrono::year_month_day{
            std::chrono::floor<std::chrono::days>(*midnight + kLocalUtcOffset)};
      }
    }
    Add("bad_date", name, Quote(record_, name) + " is not YYYY/MM/DD");
    return std::nullopt;
  }

  // A non-negative integer that fits an SQL integer; absent gives nullopt.
  std::optional<int> Integer(std::string_view name) {
    const Field<std::int64_t> field = ReadCode(record_, name);
    if (!field.present) return std::nullopt;
    if (field.value && *field.value >= 0 && *field.value <= std::numeric_limits<int>::max()) {
      return static_cast<int>(*field.value);
    }
    Add("bad_code", name, Quote(record_, name) + " is not a non-negative integer");
    return std::nullopt;
  }

  bool Bool(std::string_view name) {
    const Field<bool> field = ReadBool(record_, name);
    if (field.invalid()) {
      Add("bad_code", name, Quote(record_, name) + " is not a boolean (true/false, 0/1)");
    }
    return field.value.value_or(false);
  }

  // Signatures: true when at least one has Valid true. Each must be an object whose Kind,
  // when given, is a word of the table and whose Valid, when given, is a boolean.
  bool HasValidSignature() {
    constexpr std::string_view name = "Signatures";
    const json::value* value = record_.if_contains(name);
    if (value == nullptr || value->is_null()) return false;
    if (const json::string* text = value->if_string(); text != nullptr && text->empty()) {
      return false;  // "" means absent
    }
    const json::array* signatures = value->if_array();
    if (signatures == nullptr) {
      Add("bad_code", name, Quote(*value) + " is not an array");
      return false;
    }
    bool any_valid = false;
    for (std::size_t i = 0; i < signatures->size(); ++i) {
      const std::string at = std::string(name) + "[" + std::to_string(i) + "]";
      const json::object* signature = (*signatures)[i].if_object();
      if (signature == nullptr) {
        // Not quoted: a bare string here could be a signer's name.
        Add("bad_code", at,
            std::string("is ") + std::string(KindName((*signatures)[i])) + ", not an object");
        continue;
      }
      const Field<std::string> kind = ReadString(*signature, "Kind");
      if (kind.present &&
          (!kind.value || (*kind.value != "personal" && *kind.value != "organization"))) {
        Add("bad_code", at + ".Kind",
            Quote(*signature, "Kind") + " is not one of personal, organization");
      }
      const Field<bool> valid = ReadBool(*signature, "Valid");
      if (valid.invalid()) {
        Add("bad_code", at + ".Valid", Quote(*signature, "Valid") + " is not a boolean");
      }
      any_valid = any_valid || valid.value.value_or(false);
    }
    return any_valid;
  }
};

// Parses one element of `data` into `page`.
void ParseElement(const json::value& element, std::size_t index, DocumentPage& page) {
  const json::object* record = element.if_object();
  if (record == nullptr) {
    page.rejected.push_back(NotAnObject(element, "data[" + std::to_string(index) + "]"));
    return;
  }

  DocumentReader in(*record);
  Document document;
  // Required fields first, so that a record missing one is rejected for that reason.
  document.document_id = in.RequiredString("DocumentId");
  document.direction =
      in.Word("Direction", ParseDirection, "out, in", "bad_code", /*required=*/true)
          .value_or(Direction::kOut);
  document.organ_id = in.RequiredString("OrganId");
  const std::optional<TimePoint> updated_at = in.Time("UpdatedAt", /*required=*/true);
  if (updated_at) document.updated_at = *updated_at;

  document.peer_is_state_agency = in.Bool("PeerIsStateAgency");
  document.secret = in.Bool("Secret");
  document.transport = in.Word("Transport", ParseTransport, "axis, lgsp, email, paper");
  document.has_valid_signature = in.HasValidSignature();
  document.status =
      in.Word("Status", ParseDocumentStatus, "inbox, acceptance, rejection, processing, done, fail",
              "unknown_status");
  document.document_type = in.Integer("DocumentType");
  document.promulgation_date = in.Date("PromulgationDate");
  document.sent_at = in.Time("SentAt");
  document.received_at = in.Time("ReceivedAt");

  if (in.valid()) {
    if (!page.newest_updated_at || *page.newest_updated_at < document.updated_at) {
      page.newest_updated_at = document.updated_at;
    }
    page.documents.push_back(std::move(document));
    return;
  }
  page.rejected.push_back(
      in.Rejection(std::move(document.document_id), QuarantinePayload(*record)));
}

}  // namespace

FetchResult<DocumentPage> ParseDocumentPage(const boost::json::object& reply) {
  const json::value* data = reply.if_contains("data");
  if (data == nullptr || !data->is_array()) {
    return ParseFailure("edocs reply: \"data\" is " +
                        std::string(data == nullptr ? "missing" : KindName(*data)) +
                        ", not an array");
  }
  DocumentPage page;
  // The last page says so with null; absent and "" mean the same (general rules). Anything
  // else cannot be sent back as a cursor: guessing could end paging early, so fail instead.
  if (const json::value* cursor = reply.if_contains("nextCursor");
      cursor != nullptr && !cursor->is_null()) {
    const json::string* text = cursor->if_string();
    if (text == nullptr) {
      return ParseFailure("edocs reply: \"nextCursor\" is " + std::string(KindName(*cursor)) +
                          ", not a string or null");
    }
    if (text->size() > kMaxCursorBytes) {
      return ParseFailure("edocs reply: \"nextCursor\" is " + std::to_string(text->size()) +
                          " bytes long, over " + std::to_string(kMaxCursorBytes));
    }
    if (!text->empty()) page.next_cursor = std::string(text->data(), text->size());
  }

  const json::array& records = data->get_array();
  page.documents.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ParseElement(records[i], i, page);
  return page;
}

FetchResult<DocumentPage> ParseDocumentPage(std::string_view json_text) {
  boost::system::error_code ec;
  const json::value reply = json::parse(json::string_view(json_text.data(), json_text.size()), ec);
  // The message names the error only, never the body.
  if (ec) return ParseFailure("edocs reply is not valid JSON: " + ec.message());
  if (!reply.is_object()) {
    return ParseFailure("edocs reply is " + std::string(KindName(reply)) + ", not a JSON object");
  }
  return ParseDocumentPage(reply.get_object());
}

}  // namespace egovkpi::collectors::edoc
