// The provincial public-service portal (shared/spec/upstream-api.md section 2) behind the
// LGSP envelope: the catalogue of units, procedures and service rows, paged by `trang`
// (from 1) and `so_ban_ghi`, each reply with `tong_so`. Orders are stable: units and
// procedures by code, service rows by (unit code, procedure code, HieuLucTu).
#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"
#include "lgsp_envelope.hpp"
#include "lgsp_json_writer.hpp"
#include "stable_random.hpp"

namespace egovkpi::sim {
namespace {

constexpr std::int64_t kMaxPageSize = 1000;
constexpr std::int64_t kMaxPage = 1'000'000'000;

enum VariationBit : int {
  kLevelAsText = 0,             // CapDonVi / MucDo as "2" rather than 2
  kOmitReturnFlagWhenFalse = 1  // TraKetQuaBCCI left out when false
};

// Writes item `index` of a listing; `invalid` leaves out a required field.
using RowWriter = std::function<void(JsonTextWriter&, std::uint32_t index, bool invalid)>;

// One page of `items` (in serving order) with tong_so, and the data faults: an extra
// invalid row first, then a repeat of the previous page's last row.
LgspOutcome ServePage(const LgspCall& call, const std::vector<std::uint32_t>& items,
                      const RowWriter& write_row) {
  const std::optional<std::int64_t> page = IntegerParameter(call.body, "trang", 1, kMaxPage);
  if (!page) return LgspOutcome::InvalidParameter("trang");
  const std::optional<std::int64_t> page_size =
      IntegerParameter(call.body, "so_ban_ghi", 1, kMaxPageSize);
  if (!page_size) return LgspOutcome::InvalidParameter("so_ban_ghi");

  const auto total = static_cast<std::int64_t>(items.size());
  const std::int64_t begin = std::min(total, (*page - 1) * *page_size);
  const std::int64_t end = std::min(total, begin + *page_size);
  const auto at = [&](std::int64_t i) { return items[static_cast<std::size_t>(i)]; };

  std::string members;
  JsonTextWriter writer(members);
  writer.Key("result");
  writer.BeginArray();
  if (call.faults.invalid_record && total > 0) write_row(writer, at(begin < end ? begin : 0), true);
  const std::int64_t previous_last = (*page - 1) * *page_size - 1;
  if (call.faults.duplicate_record && previous_last >= 0 && previous_last < total) {
    write_row(writer, at(previous_last), false);
  }
  for (std::int64_t i = begin; i < end; ++i) write_row(writer, at(i), false);
  writer.EndArray();
  writer.Member("tong_so", total);
  return LgspOutcome::Ok(std::move(members));
}

class PortalSystem final : public UpstreamSystem {
 public:
  PortalSystem(const Province& province, SystemCredentials credentials)
      : province_(province), gateway_(province.code, std::move(credentials)) {
    for (std::uint32_t u = 0; u < province.units.size(); ++u) {
      if (province.units[u].in_catalogue) units_.push_back(u);
    }
    std::sort(units_.begin(), units_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(province.units[a].code, a) < std::tie(province.units[b].code, b);
    });
    for (std::uint32_t p = 0; p < province.procedures.size(); ++p) procedures_.push_back(p);
    std::sort(procedures_.begin(), procedures_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(province.procedures[a].code, a) < std::tie(province.procedures[b].code, b);
    });
    for (std::uint32_t r = 0; r < province.service_rows.size(); ++r) {
      const ServiceRow& row = province.service_rows[r];
      if (row.unit >= province.units.size() || row.procedure >= province.procedures.size()) {
        throw std::invalid_argument("service row names no known unit or procedure");
      }
      rows_.push_back(r);
      row_variation_.push_back(StableHash(province.units[row.unit].code + "|" +
                                          province.procedures[row.procedure].code + "|" +
                                          CompactLocalDate(row.valid_from)));
    }
    std::sort(rows_.begin(), rows_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return RowKey(a) < RowKey(b); });

    gateway_.AddService("LayDanhMucDonVi", [this](const LgspCall& call) {
      return ServePage(call, units_, [this](JsonTextWriter& w, std::uint32_t u, bool invalid) {
        WriteUnit(w, u, invalid);
      });
    });
    gateway_.AddService("LayDanhSachTTHC", [this](const LgspCall& call) {
      return ServePage(call, procedures_, [this](JsonTextWriter& w, std::uint32_t p, bool invalid) {
        WriteProcedure(w, p, invalid);
      });
    });
    gateway_.AddService("LayDanhSachDichVuCong", [this](const LgspCall& call) {
      std::vector<std::uint32_t> listed;
      for (const std::uint32_t r : rows_) {
        if (province_.service_rows[r].published_at <= call.now) listed.push_back(r);
      }
      const Time now = call.now;
      return ServePage(call, listed, [this, now](JsonTextWriter& w, std::uint32_t r, bool invalid) {
        WriteServiceRow(w, r, now, invalid);
      });
    });
  }

  [[nodiscard]] std::string_view name() const override { return "portal"; }

  SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults) override {
    return gateway_.Handle(request, now, faults);
  }

 private:
  using RowSortKey = std::tuple<const std::string&, const std::string&, Date, std::uint32_t>;
  [[nodiscard]] RowSortKey RowKey(std::uint32_t r) const {
    const ServiceRow& row = province_.service_rows[r];
    return {province_.units[row.unit].code, province_.procedures[row.procedure].code,
            row.valid_from, r};
  }

  // An invalid unit lacks MaDonVi.
  void WriteUnit(JsonTextWriter& w, std::uint32_t index, bool invalid) const {
    const Unit& unit = province_.units[index];
    w.BeginObject();
    if (!invalid) w.Member("MaDonVi", unit.code);
    w.Member("TenDonVi", unit.name);
    w.MemberCode("CapDonVi", unit.level, Bit(StableHash(unit.code), kLevelAsText));
    w.Member("MaDonViCha", unit.parent_code);
    w.EndObject();
  }

  // An invalid procedure lacks MaTTHC.
  void WriteProcedure(JsonTextWriter& w, std::uint32_t index, bool invalid) const {
    const Procedure& procedure = province_.procedures[index];
    w.BeginObject();
    if (!invalid) w.Member("MaTTHC", procedure.code);
    w.Member("TenTTHC", procedure.name);
    w.Member("MaLinhVuc", procedure.field_code);
    w.Member("TenLinhVuc", procedure.field_name);
    w.MemberBool("CoPhiLePhi", procedure.has_fee);
    w.EndObject();
  }

  // An invalid service row lacks MucDo. HieuLucDen is served once published: before that
  // the row is open. A valid_to without a publication time is known from the start.
  void WriteServiceRow(JsonTextWriter& w, std::uint32_t index, Time now, bool invalid) const {
    const ServiceRow& row = province_.service_rows[index];
    const std::uint64_t bits = row_variation_[index];
    w.BeginObject();
    w.Member("MaDonVi", province_.units[row.unit].code);
    w.Member("MaTTHC", province_.procedures[row.procedure].code);
    if (!invalid) w.MemberCode("MucDo", row.level, Bit(bits, kLevelAsText));
    w.MemberBool("TiepNhanBCCI", row.bcci_receive);
    if (row.bcci_return || !Bit(bits, kOmitReturnFlagWhenFalse)) {
      w.MemberBool("TraKetQuaBCCI", row.bcci_return);
    }
    w.Member("HieuLucTu", CompactLocalDate(row.valid_from));
    if (row.valid_to && (!row.valid_to_published_at || *row.valid_to_published_at <= now)) {
      w.Member("HieuLucDen", CompactLocalDate(*row.valid_to));
    }
    w.EndObject();
  }

  const Province& province_;
  LgspGateway gateway_;
  std::vector<std::uint32_t> units_;          // in the catalogue, by code
  std::vector<std::uint32_t> procedures_;     // by code
  std::vector<std::uint32_t> rows_;           // by (unit code, procedure code, valid_from)
  std::vector<std::uint64_t> row_variation_;  // per service row index
};

}  // namespace

std::unique_ptr<UpstreamSystem> MakePortalSystem(const Province& province,
                                                 SystemCredentials credentials) {
  return std::make_unique<PortalSystem>(province, std::move(credentials));
}

}  // namespace egovkpi::sim
