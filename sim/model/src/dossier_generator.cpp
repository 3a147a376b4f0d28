// Dossiers of the one-stop system and the VNPost items that carry them.
//
// Each dossier is a pure function of (seed, its plan number): it is planned once to learn
// when it was submitted, the plans are sorted by that time (MaHoSo numbers dossiers per unit
// and day in submission order), and it is planned again to be written out with its postal
// items. Planning twice costs little and keeps memory at one small key per dossier.
#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include "egovkpi/sim/time_format.hpp"
#include "generator_internal.hpp"

namespace egovkpi::sim::gen {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

// Dossier volumes: the province's year, before scaling.
constexpr double kDossiersPerYear = 150000;

constexpr MonthFactors kDossierMonths = {1050, 700,  1100, 1000, 1000, 1050,
                                         1000, 1000, 950,  1050, 1050, 1150};

enum class ReceiptItem : std::uint8_t {
  kNone,
  kDelivered,        // collected from the applicant and delivered to the desk
  kCancelled,        // ordered, then cancelled: not a BCCI receipt
  kCancelOverruled,  // cancelled, but a pickup recorded later has the highest Id
};
enum class ResultItem : std::uint8_t { kNone, kDelivered, kCancelled };

struct Plan {
  UnitIndex unit = 0;
  ProcedureIndex procedure = 0;
  std::uint8_t channel = 1;
  std::uint8_t return_method = 0;
  std::uint8_t level = 2;
  std::uint8_t payment = 0;
  bool electronic_result = false;
  Time received;   // at the desk (NgayTiepNhan), or when refused / submitted if never received
  Time submitted;  // NgayNopHoSo
  std::optional<Time> due;
  std::array<DossierStep, kMaxDossierSteps> steps{};
  int step_count = 0;
  std::optional<Time> deleted;
  ReceiptItem receipt = ReceiptItem::kNone;
  ResultItem result_item = ResultItem::kNone;

  [[nodiscard]] Time Last() const { return steps[std::size_t(step_count) - 1].at; }
  // Steps are strictly increasing: a step that would not be is moved one second later.
  void Add(Time at, std::uint8_t status) {
    if (std::size_t(step_count) == steps.size()) throw std::logic_error("too many steps");
    if (step_count > 0 && at <= Last()) at = Last() + 1s;
    steps[std::size_t(step_count++)] = {at, status};
  }
  [[nodiscard]] std::optional<Time> StepTime(std::uint8_t status) const {
    for (int i = 0; i < step_count; ++i) {
      if (steps[std::size_t(i)].status == status) return steps[std::size_t(i)].at;
    }
    return std::nullopt;
  }
};

// A dossier that must exist for the edge cases to be covered at any scale.
struct Special {
  UnitIndex unit = 0;
  Time received;
  std::optional<Time> submitted;        // online, submitted at this exact time
  std::optional<std::uint8_t> channel;  // forced channel
  ReceiptItem receipt = ReceiptItem::kNone;
};

std::chrono::seconds OnlineDelay(Rng& rng) {
  const std::uint64_t roll = rng.Below(100);
  if (roll < 30) return rng.Seconds(5 * kMinute, 4 * kHour);
  if (roll < 80) return rng.Seconds(4 * kHour, 2 * kDay);
  return rng.Seconds(2 * kDay, 5 * kDay);
}

class DossierPlanner {
 public:
  explicit DossierPlanner(const World& world) : w_(world) {
    normal_ = w_.Scaled(kDossiersPerYear);
    units_.Reserve(w_.province.units.size());
    for (const UnitProfile& p : w_.profiles) units_.Add(p.dossier_weight);
    year_days_ = OfficeDays(w_.year_first_day, w_.year_end_day, kDossierMonths);
    const int year = YearOf(w_.year_first_day);
    december_ = OfficeDays(MakeDate(year - 1, 12, 1), w_.year_first_day, kDossierMonths);
    pairs_.resize(w_.province.units.size());
    for (std::size_t u = 0; u < w_.offered.size(); ++u) {
      for (const OfferedPair& pair : w_.offered[u]) pairs_[u].Add(pair.weight);
    }
    MakeSpecials(year);
  }

  [[nodiscard]] std::size_t Count() const { return normal_ + specials_.size(); }

  [[nodiscard]] Plan Make(std::size_t i) const {
    if (i < normal_) {
      Rng rng(w_.options.seed, Purpose::kDossierPlans, i);
      Plan p;
      p.unit = static_cast<UnitIndex>(units_.Pick(rng));
      const Date day = year_days_.Pick(rng);
      p.received = OfficeInstant(rng, day);
      const ServiceRow* row = PickRow(rng, p, day, false);
      Lifecycle(rng, p, row, Special{});
      return p;
    }
    const std::size_t k = i - normal_;
    const Special& s = specials_[k];
    Rng rng(w_.options.seed, Purpose::kDossierSpecials, k);
    Plan p;
    p.unit = s.unit;
    p.received = s.received;
    const ServiceRow* row = PickRow(rng, p, LocalDay(s.received), s.channel == 2);
    Lifecycle(rng, p, row, s);
    return p;
  }

 private:
  // The pair (and its row in force on `day`) a dossier is for; the procedure goes to `p`.
  const ServiceRow* PickRow(Rng& rng, Plan& p, Date day, bool online) const {
    const auto& offered = w_.offered[p.unit];
    if (offered.empty()) {  // a unit outside the catalogue: any common province procedure
      const auto& procs = w_.province_procedures;
      p.procedure = procs[rng.Below(std::min<std::size_t>(procs.size(), 300))];
      return nullptr;
    }
    const auto fits = [online](const ServiceRow* row) {
      return row != nullptr && (!online || row->level >= 3);
    };
    for (int attempt = 0; attempt < 8; ++attempt) {
      const OfferedPair& pair = offered[pairs_[p.unit].Pick(rng)];
      const ServiceRow* row = w_.RowOn(pair, day);
      if (fits(row)) {
        p.procedure = pair.procedure;
        return row;
      }
    }
    for (const OfferedPair& pair : offered) {
      const ServiceRow* row = w_.RowOn(pair, day);
      if (fits(row)) {
        p.procedure = pair.procedure;
        return row;
      }
    }
    // Nothing fits (a unit with no online pair asked for an online dossier): the first pair
    // in force, else no row at all.
    p.procedure = offered.front().procedure;
    for (const OfferedPair& pair : offered) {
      if (const ServiceRow* row = w_.RowOn(pair, day)) {
        p.procedure = pair.procedure;
        return row;
      }
    }
    return nullptr;
  }

  void Lifecycle(Rng& rng, Plan& p, const ServiceRow* row, const Special& forced) const {
    const UnitProfile& profile = w_.profiles[p.unit];
    const ProcedureTraits& traits = w_.procedure_traits[p.procedure];
    const bool has_fee = w_.province.procedures[p.procedure].has_fee;
    p.level = row ? static_cast<std::uint8_t>(row->level) : (rng.Chance(300000) ? 3 : 2);
    const bool pair_receives_bcci = row ? row->bcci_receive : true;
    const bool pair_returns_bcci = row ? row->bcci_return : true;
    const Time received = p.received;

    if (forced.channel) {
      p.channel = *forced.channel;
    } else {
      // Online use grows through the year: 0.6x the unit's rate in January, 1.4x in December.
      const std::uint64_t month = MonthOf(LocalDay(received));
      const std::uint64_t trend = 600 + 800 * (month - 1) / 11;
      const std::uint64_t online =
          std::min<std::uint64_t>(950000, profile.online_ppm * trend / 1000);
      if ((p.level >= 3 && rng.Chance(online)) || rng.Chance(1000)) {
        p.channel = 2;  // the 0.1% include online dossiers of level-2 pairs (data quality)
      } else if (pair_receives_bcci && rng.Chance(profile.bcci_receive_ppm)) {
        if (rng.Chance(600000)) {
          p.channel = 3;
          if (rng.Chance(900000)) p.receipt = ReceiptItem::kDelivered;
        } else {  // recorded as in person: only the postal item says BCCI
          p.channel = 1;
          p.receipt = rng.Chance(10000) ? ReceiptItem::kCancelOverruled : ReceiptItem::kDelivered;
        }
      } else {
        p.channel = 1;
        if (rng.Chance(6000)) p.receipt = ReceiptItem::kCancelled;
      }
    }
    if (forced.receipt != ReceiptItem::kNone) p.receipt = forced.receipt;
    p.return_method = pair_returns_bcci && rng.Chance(profile.bcci_return_ppm) ? 1 : 0;
    p.payment = !has_fee ? 3 : (p.channel == 2 && p.level == 4) ? (rng.Chance(650000) ? 1 : 2) : 0;

    // Submission and intake.
    if (p.channel == 2) {
      p.submitted = forced.submitted ? *forced.submitted : received - OnlineDelay(rng);
      if (!forced.submitted && !forced.channel && rng.Chance(20000)) {  // never received
        p.submitted = received;
        p.Add(received, 1);
        return Finish(rng, p);
      }
      p.Add(p.submitted, 1);
      if (!forced.submitted && !forced.channel && rng.Chance(30000)) {  // refused at intake
        p.Add(received, 3);
        return Finish(rng, p);
      }
    } else {
      p.submitted = received;
      if (!forced.channel && rng.Chance(5000)) {  // refused at the desk
        p.Add(received, 3);
        return Finish(rng, p);
      }
    }
    p.Add(received, 2);
    p.due = LocalInstant(AddWorkingDays(LocalDay(received), traits.processing_days), 17, 0, 0);
    p.Add(InOfficeHours(rng, received + rng.Seconds(5 * kMinute, kDay)), 4);

    const std::uint64_t outcome = rng.Below(kMillion);
    if (outcome < 10000) {  // withdrawn by the applicant
      p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(kHour, 10 * kDay)), 7);
      return Finish(rng, p);
    }
    if (outcome < 15000) {  // processing stopped
      p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(kDay, 20 * kDay)), 8);
      return Finish(rng, p);
    }
    if (outcome < 25000) {  // never finished
      if (rng.Chance(500000))
        p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(2 * kDay, 10 * kDay)), 5);
      return Finish(rng, p);
    }
    if (rng.Chance(60000)) {  // supplement requested, then processing again
      p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(kDay, 5 * kDay)), 5);
      p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(kDay, 12 * kDay)), 4);
    }
    if (has_fee && rng.Chance(40000))
      p.Add(InOfficeHours(rng, p.Last() + rng.Seconds(kHour, 3 * kDay)), 6);

    // Staff work in office hours; a dossier finished on time stays on time (its rare evening
    // signature is kept rather than moved past the promised date).
    const bool late = rng.Chance(profile.late_ppm);
    const Time earliest = p.Last() + 60s;
    Time finished;
    if (!late && earliest <= *p.due) {
      if (rng.Chance(3000)) {
        finished = *p.due;  // finished exactly on the promised second
      } else {
        finished = earliest + rng.Seconds(0, (*p.due - earliest).count());
        const Time office = InOfficeHours(rng, finished);
        if (office <= *p.due) finished = office;
      }
    } else {
      finished = InOfficeHours(rng, std::max(*p.due, p.Last()) + rng.Seconds(kHour, 15 * kDay));
    }
    p.Add(finished, 9);
    p.electronic_result = rng.Chance(profile.electronic_result_ppm);
    if (rng.Chance(30000)) return Finish(rng, p);  // processed, not yet collected

    p.Add(
        InOfficeHours(rng, p.Last() + (p.return_method == 1 ? rng.Seconds(kHour, 2 * kDay)
                                                            : rng.Seconds(10 * kMinute, 7 * kDay))),
        10);
    const std::uint64_t item = rng.Below(kMillion);
    if (p.return_method == 1) {
      p.result_item = item < 850000   ? ResultItem::kDelivered
                      : item < 900000 ? ResultItem::kCancelled
                                      : ResultItem::kNone;
    } else {  // a postal return the one-stop record does not mention, or a cancelled one
      p.result_item = item < 30000   ? ResultItem::kDelivered
                      : item < 40000 ? ResultItem::kCancelled
                                     : ResultItem::kNone;
    }
    Finish(rng, p);
  }

  static void Finish(Rng& rng, Plan& p) {
    if (rng.Chance(3000)) p.deleted = p.Last() + rng.Seconds(kHour, 30 * kDay);
  }

  // The edge cases, in a fixed order (their count depends on the scale only).
  void MakeSpecials(int year) {
    const UnitIndex centre = w_.service_centre;
    const UnitIndex pleiku = w_.pleiku;
    const auto at = [](int y, unsigned m, unsigned d, int h, int mi, int s) {
      return LocalInstant(MakeDate(y, m, d), h, mi, s);
    };
    const auto online = [&](UnitIndex unit, Time received, std::optional<Time> submitted) {
      Special s;
      s.unit = unit;
      s.received = received;
      s.channel = 2;
      s.submitted = submitted ? submitted : received - 40min;
      specials_.push_back(s);
    };
    // Received in the last minutes of the previous year (local), later versions in the year.
    online(centre, at(year - 1, 12, 31, 23, 30, 0), std::nullopt);
    online(pleiku, at(year - 1, 12, 31, 23, 45, 10), std::nullopt);
    online(centre, at(year - 1, 12, 31, 23, 59, 59), std::nullopt);
    // The first second of the year, and one submitted last year but received this year.
    online(pleiku, at(year, 1, 1, 0, 0, 0), std::nullopt);
    online(centre, at(year, 1, 4, 7, 45, 0), at(year - 1, 12, 31, 23, 59, 30));
    // The last hour of the year.
    online(centre, at(year, 12, 31, 23, 0, 0), std::nullopt);
    online(pleiku, at(year, 12, 31, 23, 30, 0), std::nullopt);
    online(centre, at(year, 12, 31, 23, 59, 59), std::nullopt);
    // Early on 1 January of the next year: not in the year, whatever UTC says.
    online(pleiku, at(year + 1, 1, 1, 0, 0, 0), std::nullopt);
    online(centre, at(year + 1, 1, 1, 0, 0, 1), std::nullopt);
    online(pleiku, at(year + 1, 1, 1, 0, 20, 0), std::nullopt);
    online(centre, at(year + 1, 1, 3, 8, 0, 0), at(year, 12, 31, 23, 40, 0));

    // Received in December of the previous year, processed and returned in the year.
    const std::uint64_t december = std::max<std::uint64_t>(30, w_.Scaled(450));
    for (std::uint64_t k = 0; k < december; ++k) {
      Rng rng(w_.options.seed, Purpose::kDossierSpecials, 1000000 + k);
      Special s;
      s.unit = static_cast<UnitIndex>(units_.Pick(rng));
      s.received = OfficeInstant(rng, december_.Pick(rng));
      specials_.push_back(s);
    }
    // Batches delivered by the postman: several dossiers received at the same second.
    for (std::uint64_t g = 0; g < 25; ++g) {
      Rng rng(w_.options.seed, Purpose::kDossierSpecials, 2000000 + g);
      const Time when = OfficeInstant(rng, year_days_.Pick(rng));
      for (int m = 0; m < 4; ++m) {
        Special s;
        s.unit = g % 2 == 0 ? centre : pleiku;
        s.received = when;
        s.channel = 3;
        s.receipt = ReceiptItem::kDelivered;
        specials_.push_back(s);
      }
    }
    // Online dossiers that also have a BCCI receipt item (a data-quality finding).
    const std::uint64_t contradictory = std::max<std::uint64_t>(10, w_.Scaled(15));
    for (std::uint64_t k = 0; k < contradictory; ++k) {
      Rng rng(w_.options.seed, Purpose::kDossierSpecials, 3000000 + k);
      Special s;
      s.unit = k % 2 == 0 ? centre : pleiku;
      s.received = OfficeInstant(rng, year_days_.Pick(rng));
      s.channel = 2;
      s.receipt = ReceiptItem::kDelivered;
      specials_.push_back(s);
    }
  }

  const World& w_;
  std::uint64_t normal_ = 0;
  WeightedPicker units_;
  DayPicker year_days_;
  DayPicker december_;
  std::vector<WeightedPicker> pairs_;  // by unit, over w_.offered[unit]
  std::vector<Special> specials_;
};

// How many postal items carry an order number that names no dossier.
std::uint64_t OrphanCount(const World& w) { return 8 + w.Scaled(12); }

struct PostalEventDraft {
  Time at;
  std::uint8_t status;
};

// Postal items and their events; ids are given once all events are known.
class PostalBuilder {
 public:
  PostalBuilder(World& w, std::size_t expected_events) : w_(w) {
    serial_offset_ = Rng(w.options.seed, Purpose::kPostal, ~0ULL).Below(100000000);
    events_.reserve(expected_events);
  }

  void ForDossier(const Plan& p, CodeIndex code, std::uint64_t stream) {
    if (p.receipt == ReceiptItem::kNone && p.result_item == ResultItem::kNone) return;
    Rng rng(w_.options.seed, Purpose::kPostal, stream);
    std::array<PostalEventDraft, 8> e{};
    int n = 0;
    switch (p.receipt) {
      case ReceiptItem::kNone:
        break;
      case ReceiptItem::kDelivered:
        n = Journey(rng, e, true);
        Shift(e, n, p.received - rng.Seconds(5 * kMinute, 3 * kHour) - Since(e, n));
        Record(NewItem(code, PostalService::kReceipt, p.unit), e, n, rng, true);
        break;
      case ReceiptItem::kCancelled: {
        const Time created = p.received - rng.Seconds(2 * kDay, 4 * kDay);
        e[0] = {created, 1};
        e[1] = {created + rng.Seconds(kHour, kDay), 7};
        Record(NewItem(code, PostalService::kReceipt, p.unit), e, 2, rng, false);
        break;
      }
      case ReceiptItem::kCancelOverruled: {
        // Picked up, cancelled by mistake, and the pickup reaches the tracking system only
        // after the cancellation: the pickup has the highest Id, so the item is not
        // cancelled (and the cancellation, with a lower Id, has the later EventTime).
        const Time created = p.received - rng.Seconds(3 * kDay, 5 * kDay);
        const Time picked = created + rng.Seconds(kHour, 5 * kHour);
        const Time cancelled = picked + rng.Seconds(kHour, 3 * kHour);
        const std::uint32_t item = NewItem(code, PostalService::kReceipt, p.unit);
        Push(item, 1, created, created + rng.Seconds(0, 300));
        Push(item, 7, cancelled, cancelled + rng.Seconds(0, 300));
        Push(item, 2, picked, cancelled + rng.Seconds(kHour, 6 * kHour));
        break;
      }
    }
    if (p.result_item != ResultItem::kNone) {
      const Time handed_over = *p.StepTime(10);
      const Time created = handed_over + rng.Seconds(0, 2 * kHour);
      if (p.result_item == ResultItem::kDelivered) {
        n = Journey(rng, e, false);
        Shift(e, n, created);
        Record(NewItem(code, PostalService::kReturn, p.unit), e, n, rng, true);
      } else {
        e[0] = {created, 1};
        e[1] = {created + rng.Seconds(kHour, 5 * kHour), 7};
        Record(NewItem(code, PostalService::kReturn, p.unit), e, 2, rng, false);
      }
    }
  }

  // Items whose OrderNumber names no dossier: sequence 0000 is never given.
  void Orphans(const DayPicker& office_days) {
    const std::uint64_t count = OrphanCount(w_);
    for (std::uint64_t k = 0; k < count; ++k) {
      Rng rng(w_.options.seed, Purpose::kOrphanItems, k);
      const auto unit = static_cast<UnitIndex>(rng.Below(w_.first_outside));
      const Date day = office_days.Pick(rng);
      const std::chrono::year_month_day ymd(day);
      std::string order = "H21." + w_.profiles[unit].dossier_tag + "-";
      AppendPadded(order, unsigned(int(ymd.year()) % 100), 2);
      AppendPadded(order, unsigned(ymd.month()), 2);
      AppendPadded(order, unsigned(ymd.day()), 2);
      order += "-0000";
      const CodeIndex order_code = w_.province.dossier_codes.Add(order);
      const bool receipt = rng.Chance(500000);
      std::array<PostalEventDraft, 8> e{};
      const int n = Journey(rng, e, receipt);
      Shift(e, n, OfficeInstant(rng, day));
      Record(NewItem(order_code, receipt ? PostalService::kReceipt : PostalService::kReturn, unit),
             e, n, rng, true);
    }
  }

  // Ids follow recorded_at (then item and event time, for ties).
  void Finish() {
    std::sort(events_.begin(), events_.end(), [](const PostalEvent& a, const PostalEvent& b) {
      if (a.recorded_at != b.recorded_at) return a.recorded_at < b.recorded_at;
      if (a.item != b.item) return a.item < b.item;
      if (a.event_time != b.event_time) return a.event_time < b.event_time;
      return a.status < b.status;
    });
    std::int64_t id = 0;
    for (PostalEvent& event : events_) event.id = ++id;
    w_.province.postal_events = std::move(events_);
  }

 private:
  // Offsets from the order's creation of a typical journey (receipt: from the applicant to
  // the desk; return: from the desk to the applicant), sometimes with a failed delivery.
  static int Journey(Rng& rng, std::array<PostalEventDraft, 8>& e, bool receipt) {
    int n = 0;
    Time t{};
    const auto step = [&](std::int64_t lo, std::int64_t hi, std::uint8_t status) {
      t += rng.Seconds(lo, hi);
      e[std::size_t(n++)] = {t, status};
    };
    e[std::size_t(n++)] = {t, 1};
    step(receipt ? 10 * kMinute : 30 * kMinute, receipt ? kDay : 6 * kHour, 2);
    step(receipt ? 30 * kMinute : 2 * kHour, receipt ? 6 * kHour : kDay, 3);
    if (rng.Chance(receipt ? 30000 : 50000)) {
      step(kHour, receipt ? 5 * kHour : 3 * kDay, 5);
      if (!receipt && rng.Chance(200000)) {
        step(kDay, 5 * kDay, 6);  // returned to the sender
        return n;
      }
      step(3 * kHour, kDay, 3);
    }
    step(receipt ? kHour : 2 * kHour, receipt ? 20 * kHour : 3 * kDay, 4);
    return n;
  }
  static std::chrono::seconds Since(const std::array<PostalEventDraft, 8>& e, int n) {
    return e[std::size_t(n) - 1].at - e[0].at;
  }
  static void Shift(std::array<PostalEventDraft, 8>& e, int n, Time start) {
    const auto offset = start - e[0].at;
    for (int i = 0; i < n; ++i) e[std::size_t(i)].at += offset;
  }

  std::uint32_t NewItem(CodeIndex order, PostalService service, UnitIndex unit) {
    // S10 item number: two letters, eight digits, a check digit, "VN". 48271 is prime to
    // 10^8, so serials are distinct for the first 10^8 items.
    const std::uint64_t serial = (counter_++ * 48271 + serial_offset_) % 100000000;
    static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    std::string code = service == PostalService::kReceipt ? "EB" : "EC";
    AppendPadded(code, serial, 8);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (code[std::size_t(2 + i)] - '0') * kWeights[i];
    int check = 11 - sum % 11;
    if (check == 10) check = 0;
    if (check == 11) check = 5;
    code += static_cast<char>('0' + check);
    code += "VN";

    PostalItem item;
    item.item_code = std::move(code);
    item.order_number = order;
    item.service = service;
    item.unit = unit;
    w_.province.postal_items.push_back(std::move(item));
    return static_cast<std::uint32_t>(w_.province.postal_items.size() - 1);
  }

  void Push(std::uint32_t item, std::uint8_t status, Time at, Time recorded) {
    PostalEvent event;
    event.item = item;
    event.status = status;
    event.event_time = at;
    event.recorded_at = recorded;
    events_.push_back(event);
  }

  // Events reach the tracking system within five minutes (their order is kept: events of
  // an item are at least ten minutes apart); one item in a hundred has an event recorded
  // hours late, after the next one.
  void Record(std::uint32_t item, const std::array<PostalEventDraft, 8>& e, int n, Rng& rng,
              bool may_be_late) {
    int late = -1;
    if (may_be_late && n >= 3 && rng.Chance(10000)) late = static_cast<int>(rng.Between(0, n - 2));
    for (int i = 0; i < n; ++i) {
      const PostalEventDraft& d = e[std::size_t(i)];
      const Time recorded = i == late ? e[std::size_t(i) + 1].at + rng.Seconds(kHour, 6 * kHour)
                                      : d.at + rng.Seconds(0, 300);
      Push(item, d.status, d.at, recorded);
    }
  }

  World& w_;
  std::vector<PostalEvent> events_;
  std::uint64_t counter_ = 0;
  std::uint64_t serial_offset_ = 0;
};

}  // namespace

void BuildDossiersAndPostal(World& w) {
  const DossierPlanner planner(w);
  const std::size_t count = planner.Count();

  struct Key {
    Time submitted;
    std::uint32_t plan;
  };
  std::vector<Key> keys;
  keys.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    keys.push_back({planner.Make(i).submitted, static_cast<std::uint32_t>(i)});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.submitted != b.submitted ? a.submitted < b.submitted : a.plan < b.plan;
  });

  auto& dossiers = w.province.dossiers;
  dossiers.reserve(count);
  // Codes are at most 21 bytes ("H21.31.05-210305-0001"); the orphans' order numbers follow.
  const std::size_t codes = count + OrphanCount(w);
  w.province.dossier_codes.Reserve(codes, codes * 21);
  // About 28 items and 110 events per 100 dossiers.
  w.province.postal_items.reserve(count * 3 / 10);
  PostalBuilder postal(w, count * 6 / 5);

  // MaHoSo: "H21.<unit>-<yymmdd>-<nnnn>", numbered per unit and local submission day.
  struct DayCounter {
    Date day;
    std::uint32_t next = 0;
  };
  std::vector<DayCounter> counters(w.province.units.size());
  std::string code;

  for (const Key& key : keys) {
    const Plan p = planner.Make(key.plan);
    const Date day = LocalDay(p.submitted);
    DayCounter& counter = counters[p.unit];
    if (counter.next == 0 || counter.day != day) {
      counter.day = day;
      counter.next = 0;
    }
    const std::chrono::year_month_day ymd(day);
    code = "H21.";
    code += w.profiles[p.unit].dossier_tag;
    code += '-';
    AppendPadded(code, unsigned(int(ymd.year()) % 100), 2);
    AppendPadded(code, unsigned(ymd.month()), 2);
    AppendPadded(code, unsigned(ymd.day()), 2);
    code += '-';
    AppendPadded(code, ++counter.next, 4);
    Dossier d;
    d.code = w.province.dossier_codes.Add(code);
    d.unit = p.unit;
    d.procedure = p.procedure;
    d.channel = p.channel;
    d.return_method = p.return_method;
    d.level = p.level;
    d.payment = p.payment;
    d.electronic_result = p.electronic_result && p.StepTime(9).has_value();
    d.set_submitted_at(p.submitted);
    d.set_due_at(p.due);
    for (int s = 0; s < p.step_count; ++s) {
      d.AddStep(p.steps[std::size_t(s)].at, p.steps[std::size_t(s)].status);
    }
    d.set_deleted_at(p.deleted);
    postal.ForDossier(p, d.code, key.plan);
    dossiers.push_back(d);
  }

  postal.Orphans(OfficeDays(w.year_first_day, w.year_end_day, kDossierMonths));
  postal.Finish();
}

}  // namespace egovkpi::sim::gen
