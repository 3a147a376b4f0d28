#include "egovkpi/collectors/onegate/dossier_parser.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <utility>

#include "egovkpi/collectors/json_fields.hpp"
#include "egovkpi/collectors/record_reader.hpp"

namespace egovkpi::collectors::onegate {
namespace {

// The applicant's personal data (upstream-api.md section 1). egovkpi needs none of it: no
// Dossier field holds it, no detail message quotes it, and quarantined payloads are stored
// without it. This is the one list of those fields.
constexpr std::array<std::string_view, 5> kPersonalFields = {"ChuHoSo", "SoGiayToChuHoSo",
                                                             "SoDienThoai", "Email", "DiaChi"};

// Reads one HoSo record field by field (see collectors/record_reader.hpp).
class DossierReader : public collectors::RecordReader {
 public:
  using RecordReader::RecordReader;

  // A yyyyMMddHHmmss local time; absent gives nullopt (and a problem when `required`).
  std::optional<TimePoint> Time(std::string_view name, bool required = false) {
    const Field<std::string> field = ReadString(record_, name);
    if (!field.present) {
      if (required) Add("missing_field", name, "required field is missing");
      return std::nullopt;
    }
    if (field.value) {
      if (std::optional<TimePoint> time = ParseCompactLocalTime(*field.value)) return time;
    }
    Add("bad_date", name, Quote(record_, name) + " is not yyyyMMddHHmmss");
    return std::nullopt;
  }

  // A code whose table is the range [low, high]; absent gives nullopt.
  std::optional<int> Code(std::string_view name, int low, int high,
                          std::string_view reason = "bad_code") {
    const Field<std::int64_t> field = ReadCode(record_, name);
    if (!field.present) return std::nullopt;
    if (field.value && *field.value >= low && *field.value <= high) {
      return static_cast<int>(*field.value);
    }
    Add(reason, name,
        Quote(record_, name) + " is not a code in " + std::to_string(low) + ".." +
            std::to_string(high));
    return std::nullopt;
  }

  bool Bool(std::string_view name) {
    const Field<bool> field = ReadBool(record_, name);
    if (field.invalid()) {
      Add("bad_code", name, Quote(record_, name) + " is not a boolean (true/false, 0/1)");
    }
    return field.value.value_or(false);
  }
};

// The record's (NgayCapNhat, MaHoSo) when both can be read, whatever else is wrong with it.
std::optional<DossierCursor> CursorOf(const boost::json::object& record) {
  Field<std::string> code = ReadString(record, "MaHoSo");
  const Field<std::string> updated = ReadString(record, "NgayCapNhat");
  if (!code.value || !updated.value) return std::nullopt;
  const std::optional<TimePoint> updated_at = ParseCompactLocalTime(*updated.value);
  if (!updated_at) return std::nullopt;
  return DossierCursor{.updated_at = *updated_at, .after_code = std::move(*code.value)};
}

// Parses one element of `result` into `page`.
void ParseElement(const boost::json::value& element, std::size_t index, DossierPage& page) {
  const boost::json::object* record = element.if_object();
  if (record == nullptr) {
    page.rejected.push_back(NotAnObject(element, "result[" + std::to_string(index) + "]"));
    return;
  }

  if (std::optional<DossierCursor> cursor = CursorOf(*record)) page.last_cursor = std::move(cursor);

  DossierReader in(*record);
  Dossier dossier;
  // Required fields first, so that a record missing one is rejected for that reason.
  dossier.code = in.RequiredString("MaHoSo");
  dossier.procedure_code = in.RequiredString("MaTTHC");
  dossier.unit_code = in.RequiredString("MaDonVi");
  const Field<std::int64_t> status = ReadCode(*record, "TrangThaiHoSo");
  if (!status.present) {
    in.Add("missing_field", "TrangThaiHoSo", "required field is missing");
  } else {
    dossier.status = in.Code("TrangThaiHoSo", 1, 10, "unknown_status").value_or(0);
  }
  const std::optional<TimePoint> updated_at = in.Time("NgayCapNhat", /*required=*/true);
  if (updated_at) dossier.updated_at = *updated_at;

  dossier.channel = in.Code("KenhThucHien", 1, 3).value_or(1);
  dossier.return_method = in.Code("HinhThuc", 0, 1).value_or(0);
  dossier.level = in.Code("MucDo", 2, 4);
  dossier.submitted_at = in.Time("NgayNopHoSo");
  dossier.received_at = in.Time("NgayTiepNhan");
  dossier.due_at = in.Time("NgayHenTra");
  dossier.finished_at = in.Time("NgayKetThucXuLy");
  dossier.returned_at = in.Time("NgayTra");
  dossier.refused_at = in.Time("NgayTuChoi");
  dossier.deleted = in.Bool("DaXoa");
  dossier.payment = in.Code("DuocThanhToanTrucTuyen", 0, 3);
  dossier.has_electronic_result = HasNonEmptyArray(*record, "DanhSachGiayToKetQua");

  if (in.valid()) {
    page.dossiers.push_back(std::move(dossier));
    return;
  }
  page.rejected.push_back(
      in.Rejection(std::move(dossier.code), SerializeWithout(*record, kPersonalFields)));
}

}  // namespace

FetchResult<DossierPage> ParseDossierPage(const boost::json::object& reply) {
  const boost::json::value* result = reply.if_contains("result");
  if (result == nullptr || !result->is_array()) {
    return ParseFailure("LayDanhSachHoSo reply: \"result\" is " +
                        std::string(result == nullptr ? "missing" : KindName(*result)) +
                        ", not an array");
  }
  const Field<bool> more = ReadBool(reply, "con_du_lieu");
  if (more.invalid()) {
    // Guessing could end paging early or loop on the same page: fail the call instead.
    return ParseFailure("LayDanhSachHoSo reply: \"con_du_lieu\" is not a boolean");
  }

  DossierPage page;
  page.more = more.value.value_or(false);
  const boost::json::array& records = result->get_array();
  page.dossiers.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ParseElement(records[i], i, page);
  return page;
}

FetchResult<DossierPage> ParseDossierPage(std::string_view json_text) {
  boost::system::error_code ec;
  const boost::json::value reply =
      boost::json::parse(boost::json::string_view(json_text.data(), json_text.size()), ec);
  // The message names the error only: the body may hold personal data.
  if (ec) return ParseFailure("LayDanhSachHoSo reply is not valid JSON: " + ec.message());
  if (!reply.is_object()) {
    return ParseFailure("LayDanhSachHoSo reply is " + std::string(KindName(reply)) +
                        ", not a JSON object");
  }
  return ParseDossierPage(reply.get_object());
}

}  // namespace egovkpi::collectors::onegate
