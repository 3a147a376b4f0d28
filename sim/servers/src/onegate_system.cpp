// The one-stop system (shared/spec/upstream-api.md section 1) behind the LGSP envelope:
// service LayDanhSachHoSo pages through the current version of every dossier at `now`,
// ordered by (NgayCapNhat, MaHoSo).
//
// Index: every version time of every dossier (its steps' times and its deletion time), as
// (time, rank of MaHoSo in byte order, time of the dossier's next version), sorted once at
// construction. A page is a lower_bound plus a forward scan that skips versions not
// current at `now` (their next version is visible too) and stops at the first version
// after `now`. The scan reads the index only; the dossier itself is read for the records
// served. A dossier has a handful of versions, so the scan touches a few entries per record.
#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/upstream_system.hpp"
#include "fake_applicant.hpp"
#include "lgsp_envelope.hpp"
#include "lgsp_json_writer.hpp"
#include "stable_random.hpp"

namespace egovkpi::sim {
namespace {

constexpr std::int64_t kMaxPageSize = 1000;

// Bits of a dossier's variation (StableHash of MaHoSo): how this upstream happens to send
// that dossier's fields, the same on every version.
enum VariationBit : int {
  kChannelAsText = 0,
  kOmitChannelWhenInPerson = 1,
  kReturnMethodAsText = 2,
  kOmitReturnMethodWhenInPerson = 3,
  kLevelAsText = 4,
  kStatusAsText = 5,
  kDeletedAsNumber = 6,
  kPaymentAsText = 7,
  kEmptyResultListWhenNone = 8,
};

// CompactLocal text (yyyyMMddHHmmss) with the date part computed once per local day and
// kept: a page formats up to 7,000 times, mostly of a few days. One per request.
class CompactTimeText {
 public:
  CompactTimeText() {
    for (Entry& e : cache_) e.day = std::numeric_limits<std::int64_t>::min();
  }

  std::string_view operator()(Time t) {
    constexpr std::int64_t kDay = 86400;
    const std::int64_t local = (t + kLocalOffset).time_since_epoch().count();
    const std::int64_t day = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
    Entry& entry = cache_[static_cast<std::size_t>(day) % kSlots];
    if (entry.day != day) {
      const std::string text = CompactLocal(StartOfLocalDay(Date(std::chrono::days(day))));
      text.copy(entry.date, sizeof entry.date);
      entry.day = day;
    }
    std::copy(std::begin(entry.date), std::end(entry.date), text_);
    const std::int64_t second = local - day * kDay;
    const auto two = [&](std::size_t pos, std::int64_t value) {
      text_[pos] = static_cast<char>('0' + value / 10);
      text_[pos + 1] = static_cast<char>('0' + value % 10);
    };
    two(8, second / 3600);
    two(10, second / 60 % 60);
    two(12, second % 60);
    return {text_, sizeof text_};
  }

 private:
  static constexpr std::size_t kSlots = 1024;
  struct Entry {
    std::int64_t day;
    char date[8];
  };
  std::array<Entry, kSlots> cache_;
  char text_[14];
};

// Per-request scratch space reused across the records of a page.
struct PageScratch {
  CompactTimeText time_text;
  FakeApplicant applicant;
};

// A dossier as it stands at some `now`, from its visible steps only.
struct DossierView {
  std::uint8_t status = 0;
  bool deleted = false;
  bool processed = false;  // a visible step with status 9 or 10
  Time updated;            // NgayCapNhat
  std::optional<Time> received, refused, finished, returned;  // first step 2, 3, 9, 10
};

std::optional<DossierView> ViewAt(const Dossier& dossier, Time now) {
  DossierView view;
  bool any = false;
  const auto first = [](std::optional<Time>& slot, Time at) {
    if (!slot || at < *slot) slot = at;
  };
  for (const DossierStep step : dossier.steps()) {
    if (step.at > now) continue;
    if (!any || step.at >= view.updated) {
      view.updated = step.at;
      view.status = step.status;
    }
    any = true;
    switch (step.status) {
      case 2:
        first(view.received, step.at);
        break;
      case 3:
        first(view.refused, step.at);
        break;
      case 9:
        first(view.finished, step.at);
        break;
      case 10:
        first(view.returned, step.at);
        break;
      default:
        break;
    }
    view.processed = view.processed || step.status == 9 || step.status == 10;
  }
  if (!any) return std::nullopt;  // not submitted yet at `now`
  if (const std::optional<Time> deleted = dossier.deleted_at(); deleted && *deleted <= now) {
    view.deleted = true;
    view.updated = std::max(view.updated, *deleted);
  }
  return view;
}

class OnegateSystem final : public UpstreamSystem {
 public:
  OnegateSystem(const Province& province, SystemCredentials credentials)
      : province_(province), gateway_(province.code, std::move(credentials)) {
    const std::size_t count = province.dossiers.size();
    if (count >= std::numeric_limits<std::uint32_t>::max()) {
      throw std::invalid_argument("too many dossiers for the one-stop index");
    }
    by_code_.resize(count);
    for (std::uint32_t d = 0; d < count; ++d) {
      const Dossier& dossier = province.dossiers[d];
      if (dossier.code >= province.dossier_codes.size()) {
        throw std::invalid_argument("dossier " + std::to_string(d) + " has no code");
      }
      if (dossier.unit >= province.units.size() ||
          dossier.procedure >= province.procedures.size()) {
        throw std::invalid_argument("dossier " + std::string(CodeOf(dossier)) +
                                    " names no known unit or procedure");
      }
      by_code_[d] = d;
    }
    std::sort(by_code_.begin(), by_code_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return CodeOf(province.dossiers[a]) < CodeOf(province.dossiers[b]);
    });

    // Every (time, rank, next time, index), with absolute times first.
    struct Absolute {
      std::int64_t at, next;
      std::uint32_t rank, index;
    };
    std::vector<Absolute> all;
    std::vector<std::int64_t> times;
    base_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    for (std::uint32_t rank = 0; rank < count; ++rank) {
      const Dossier& dossier = province.dossiers[by_code_[rank]];
      if (dossier.step_count() == 0) continue;  // never submitted: never served
      times.clear();
      std::int64_t submitted = Seconds(dossier.step(0).at);
      for (const DossierStep step : dossier.steps()) {
        times.push_back(Seconds(step.at));
        submitted = std::min(submitted, Seconds(step.at));
      }
      // A deletion before the first step is invisible: the dossier does not exist yet,
      // and once it does its steps are newer versions.
      const std::optional<Time> deleted = dossier.deleted_at();
      if (deleted && Seconds(*deleted) >= submitted) times.push_back(Seconds(*deleted));
      std::sort(times.begin(), times.end());
      times.erase(std::unique(times.begin(), times.end()), times.end());
      base_ = std::min(base_, times.front());
      last = std::max(last, times.back());
      for (std::size_t i = 0; i < times.size(); ++i) {
        all.push_back(
            {times[i], i + 1 < times.size() ? times[i + 1] : kNeverAbsolute, rank, by_code_[rank]});
      }
    }
    if (all.empty()) base_ = 0;
    if (!all.empty() && last - base_ >= kNever) {
      throw std::invalid_argument("dossier times span more than the one-stop index holds");
    }
    versions_.reserve(all.size());
    for (const Absolute& a : all) {
      versions_.push_back(
          {Relative(a.at), a.next == kNeverAbsolute ? kNever : Relative(a.next), a.rank, a.index});
    }
    std::sort(versions_.begin(), versions_.end(), [](const Version& a, const Version& b) {
      return std::tie(a.at, a.rank) < std::tie(b.at, b.rank);
    });

    gateway_.AddService("LayDanhSachHoSo",
                        [this](const LgspCall& call) { return ListDossiers(call); });
  }

  [[nodiscard]] std::string_view name() const override { return "onegate"; }

  SimReply Handle(const SimRequest& request, Time now, const DataFaults& faults) override {
    return gateway_.Handle(request, now, faults);
  }

 private:
  static constexpr std::int64_t kNeverAbsolute = std::numeric_limits<std::int64_t>::max();
  static constexpr std::uint32_t kNever = std::numeric_limits<std::uint32_t>::max();

  // 16 bytes: a province-scale year (750,000 versions) is 12 MB of index. Times are
  // seconds after base_.
  struct Version {
    std::uint32_t at;
    std::uint32_t next;   // the dossier's next version, kNever for the last
    std::uint32_t rank;   // of the dossier's MaHoSo among all codes
    std::uint32_t index;  // into Province::dossiers
  };

  static std::int64_t Seconds(Time t) { return t.time_since_epoch().count(); }
  [[nodiscard]] std::uint32_t Relative(std::int64_t seconds) const {
    return static_cast<std::uint32_t>(seconds - base_);
  }
  // `t` on the index's scale, clamped to [-1, kNever - 1] (before or within the index).
  [[nodiscard]] std::int64_t Scaled(Time t) const {
    return std::clamp<std::int64_t>(Seconds(t) - base_, -1, std::int64_t{kNever} - 1);
  }

  [[nodiscard]] const Dossier& DossierOf(std::uint32_t rank) const {
    return province_.dossiers[by_code_[rank]];
  }

  // MaHoSo of `dossier`.
  [[nodiscard]] std::string_view CodeOf(const Dossier& dossier) const {
    return province_.dossier_codes[dossier.code];
  }

  // True when `version` is its dossier's newest version at `now` (on the index's scale).
  static bool IsCurrent(const Version& version, std::int64_t now) {
    return version.at <= now && version.next > now;
  }

  // First rank whose code is > `code` (byte order).
  [[nodiscard]] std::uint32_t RankAfter(std::string_view code) const {
    const auto it = std::upper_bound(
        by_code_.begin(), by_code_.end(), code,
        [&](std::string_view c, std::uint32_t d) { return c < CodeOf(province_.dossiers[d]); });
    return static_cast<std::uint32_t>(it - by_code_.begin());
  }

  // The rank of the dossier called `code`, if any.
  [[nodiscard]] std::optional<std::uint32_t> RankOf(std::string_view code) const {
    const std::uint32_t after = RankAfter(code);
    if (after == 0 || CodeOf(DossierOf(after - 1)) != code) return std::nullopt;
    return after - 1;
  }

  LgspOutcome ListDossiers(const LgspCall& call) const {
    const std::optional<std::string_view> since_text =
        OptionalStringParameter(call.body, "capnhat_tu");
    const std::optional<Time> since = since_text ? ParseCompactLocal(*since_text) : std::nullopt;
    if (!since) return LgspOutcome::InvalidParameter("capnhat_tu");
    const std::optional<std::string_view> after =
        OptionalStringParameter(call.body, "sau_ma_ho_so");
    if (!after) return LgspOutcome::InvalidParameter("sau_ma_ho_so");
    const std::optional<std::int64_t> page_size =
        IntegerParameter(call.body, "so_ban_ghi", 1, kMaxPageSize);
    if (!page_size) return LgspOutcome::InvalidParameter("so_ban_ghi");

    const std::int64_t now = Scaled(call.now);
    const std::int64_t from_at = Scaled(*since);
    const std::uint32_t from_rank = from_at < 0 || after->empty() ? 0 : RankAfter(*after);
    auto it = std::lower_bound(versions_.begin(), versions_.end(), from_at,
                               [&](const Version& v, std::int64_t at) {
                                 return std::tie(v.at, v.rank) < std::tie(at, from_rank);
                               });
    std::vector<std::uint32_t> page;  // dossier indices
    page.reserve(static_cast<std::size_t>(*page_size));
    bool more = false;
    for (; it != versions_.end() && it->at <= now; ++it) {
      if (!IsCurrent(*it, now)) continue;
      if (static_cast<std::int64_t>(page.size()) == *page_size) {
        more = true;
        break;
      }
      page.push_back(it->index);
    }
    std::string members;
    members.reserve(page.size() * 900 + 64);
    JsonTextWriter writer(members);
    writer.Key("result");
    writer.BeginArray();
    PageScratch scratch;
    if (call.faults.invalid_record) WriteInvalidRecord(writer, scratch, page, *since, call.now);
    if (call.faults.duplicate_record && !after->empty()) {
      // The previous page's last record, when it is still current.
      if (const std::optional<std::uint32_t> rank = RankOf(*after)) {
        const std::optional<DossierView> view = ViewAt(DossierOf(*rank), call.now);
        if (view && view->updated == *since) {
          WriteRecord(writer, scratch, by_code_[*rank], *view);
        }
      }
    }
    // The records of a page are scattered over memory: while writing record i, ask for the
    // dossier of record i + 2k, and for the code of record i + k (whose dossier was asked
    // for k records ago), rather than waiting for each in turn. (Written inline: GCC drops a
    // helper function whose only effect is a prefetch as a pure call.)
    constexpr std::size_t kAhead = 8;
    const Dossier* const dossiers = province_.dossiers.data();
    for (std::size_t i = 0; i < page.size(); ++i) {
      if (i + 2 * kAhead < page.size()) __builtin_prefetch(dossiers + page[i + 2 * kAhead]);
      if (i + kAhead < page.size()) {
        __builtin_prefetch(CodeOf(dossiers[page[i + kAhead]]).data());
      }
      WriteRecord(writer, scratch, page[i], *ViewAt(province_.dossiers[page[i]], call.now));
    }
    writer.EndArray();
    writer.MemberBool("con_du_lieu", more);
    return LgspOutcome::Ok(std::move(members));
  }

  // An extra record that fails validation (no MaHoSo) but is otherwise plausible, personal
  // data included. It carries no cursor: first in the page, and its NgayCapNhat is not
  // after any real record of the page.
  void WriteInvalidRecord(JsonTextWriter& writer, PageScratch& scratch,
                          const std::vector<std::uint32_t>& page, Time since, Time now) const {
    std::optional<std::uint32_t> base;  // dossier index
    if (!page.empty()) {
      base = page.front();
    } else if (!by_code_.empty() && ViewAt(DossierOf(0), now)) {
      base = by_code_[0];
    }
    if (!base) {
      // Nothing to imitate: a bare record with a status and personal data only.
      writer.BeginObject();
      writer.MemberCode("TrangThaiHoSo", 2, false);
      writer.MemberDigits("NgayCapNhat", scratch.time_text(since));
      WriteApplicant(writer, scratch, "invalid/" + province_.code);
      writer.EndObject();
      return;
    }
    DossierView view = *ViewAt(province_.dossiers[*base], now);
    if (page.empty()) view.updated = since;
    WriteRecord(writer, scratch, *base, view, /*invalid=*/true);
  }

  void WriteApplicant(JsonTextWriter& writer, PageScratch& scratch, std::string_view key) const {
    FakeApplicant& applicant = scratch.applicant;
    FillFakeApplicant(key, province_.name, applicant);
    writer.Member("ChuHoSo", applicant.name);
    writer.Member("SoGiayToChuHoSo", applicant.id_number);
    writer.Member("SoDienThoai", applicant.phone);
    writer.Member("Email", applicant.email);
    writer.Member("DiaChi", applicant.address);
  }

  void WriteRecord(JsonTextWriter& writer, PageScratch& scratch, std::uint32_t index,
                   const DossierView& view, bool invalid = false) const {
    const auto time = [&](std::string_view key, Time t) {
      writer.MemberDigits(key, scratch.time_text(t));
    };
    const Dossier& d = province_.dossiers[index];
    const std::string_view code = CodeOf(d);
    const Procedure& procedure = province_.procedures[d.procedure];
    const std::uint64_t bits = StableHash(code);
    writer.BeginObject();
    if (!invalid) writer.Member("MaHoSo", code);
    writer.Member("MaTTHC", procedure.code);
    writer.Member("TenTTHC", procedure.name);
    writer.Member("MaDonVi", province_.units[d.unit].code);
    if (!(d.channel == 1 && Bit(bits, kOmitChannelWhenInPerson))) {
      writer.MemberCode("KenhThucHien", d.channel, Bit(bits, kChannelAsText));
    }
    if (!(d.return_method == 0 && Bit(bits, kOmitReturnMethodWhenInPerson))) {
      writer.MemberCode("HinhThuc", d.return_method, Bit(bits, kReturnMethodAsText));
    }
    writer.MemberCode("MucDo", d.level, Bit(bits, kLevelAsText));
    writer.MemberCode("TrangThaiHoSo", view.status, Bit(bits, kStatusAsText));
    time("NgayNopHoSo", d.submitted_at());
    if (view.received) time("NgayTiepNhan", *view.received);
    // Shown once received (province.hpp), exactly the rule the truth applies.
    if (const std::optional<Time> due = d.due_at(); view.received && due) {
      time("NgayHenTra", *due);
    }
    if (view.finished) time("NgayKetThucXuLy", *view.finished);
    if (view.returned) time("NgayTra", *view.returned);
    if (view.refused) time("NgayTuChoi", *view.refused);
    time("NgayCapNhat", view.updated);
    if (Bit(bits, kDeletedAsNumber)) {
      writer.Member("DaXoa", std::int64_t{view.deleted ? 1 : 0});
    } else {
      writer.MemberBool("DaXoa", view.deleted);
    }
    writer.MemberCode("DuocThanhToanTrucTuyen", d.payment, Bit(bits, kPaymentAsText));
    if (d.electronic_result && view.processed) {
      writer.Key("DanhSachGiayToKetQua");
      writer.BeginArray();
      writer.BeginObject();
      writer.Key("TenGiayTo");
      writer.StringParts({"Kết quả giải quyết: ", procedure.name});
      writer.Key("DuongDan");
      writer.StringParts({"https://dichvucong.gialai.gov.vn/ketqua/", code, ".pdf"});
      writer.EndObject();
      writer.EndArray();
    } else if (Bit(bits, kEmptyResultListWhenNone)) {
      writer.Key("DanhSachGiayToKetQua");
      writer.BeginArray();
      writer.EndArray();
    }
    // The invalid extra record is someone else's application: another applicant.
    if (invalid) {
      WriteApplicant(writer, scratch, "invalid/" + std::string(code));
    } else {
      WriteApplicant(writer, scratch, code);
    }
    writer.EndObject();
  }

  const Province& province_;
  LgspGateway gateway_;
  std::vector<std::uint32_t> by_code_;  // dossier indices in MaHoSo byte order
  std::int64_t base_ = 0;               // seconds of the earliest version
  std::vector<Version> versions_;       // ascending (at, rank)
};

}  // namespace

std::unique_ptr<UpstreamSystem> MakeOnegateSystem(const Province& province,
                                                  SystemCredentials credentials) {
  return std::make_unique<OnegateSystem>(province, std::move(credentials));
}

}  // namespace egovkpi::sim
