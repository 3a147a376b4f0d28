// PortalCollector (and the LGSP envelope under it) against FakeLgspServer on 127.0.0.1:0
// serving the portal's three listings with trang/so_ban_ghi paging and tong_so: complete
// snapshots, session renewal mid-snapshot, and the fault matrix (500, 429 with
// Retry-After, slow, garbage, cut, oversize, upstream error, wrong credentials, cancel)
// plus the ways a snapshot can be incomplete (tong_so that does not add up, a missing
// page, a listing edited while paged). Short timeouts and a 1 ms backoff keep it quick.
#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "egovkpi/collectors/portal/portal_collector.hpp"
#include "fake_lgsp_server.hpp"

namespace egovkpi::collectors::portal {
namespace {

namespace json = boost::json;
using fakes::FakeLgspServer;
using fakes::LgspFault;
using std::chrono::milliseconds;

constexpr int kMaxAttempts = 3;

lgsp::LgspOptions Options(const FakeLgspServer& fake, milliseconds timeout = milliseconds(300)) {
  lgsp::LgspOptions options;
  options.http.base_url = fake.base_url();
  options.http.timeout = timeout;
  options.http.max_response_bytes = 64u * 1024u;
  options.backoff = BackoffPolicy{
      .max_attempts = kMaxAttempts, .initial_delay = milliseconds(1), .max_delay = milliseconds(1)};
  options.username = fake.options().username;
  options.password = fake.options().password;
  options.province_code = fake.options().province_code;
  return options;
}

json::object Unit(const std::string& code, int level, const std::string& parent = "H21") {
  return {
      {"MaDonVi", code}, {"TenDonVi", "UBND " + code}, {"CapDonVi", level}, {"MaDonViCha", parent}};
}

json::object Procedure(const std::string& code) {
  return {{"MaTTHC", code}, {"TenTTHC", "Thủ tục " + code}, {"CoPhiLePhi", true}};
}

json::object Row(const std::string& unit, const std::string& procedure, int level,
                 const std::string& from) {
  return {{"MaDonVi", unit},
          {"MaTTHC", procedure},
          {"MucDo", level},
          {"TiepNhanBCCI", true},
          {"HieuLucTu", from}};
}

// The portal's three listings on a FakeLgspServer: LayDanhMucDonVi, LayDanhSachTTHC and
// LayDanhSachDichVuCong, each paged by trang (from 1) and so_ban_ghi with tong_so, like
// the contract says. `tamper` may change any reply before it is sent (the listing, the
// page number and the reply are given) to play a misbehaving portal.
class FakePortal {
 public:
  using Tamper =
      std::function<void(const std::string& service, std::int64_t trang, json::object& reply)>;

  explicit FakePortal(FakeLgspServer& lgsp) {
    for (const char* service : {"LayDanhMucDonVi", "LayDanhSachTTHC", "LayDanhSachDichVuCong"}) {
      lgsp.SetService(service, [this, name = std::string(service)](const json::object& body) {
        return Serve(name, body);
      });
    }
  }

  void Set(const std::string& service, std::vector<json::object> records) {
    const std::lock_guard lock(mutex_);
    listings_[service] = std::move(records);
  }
  void SetTamper(Tamper tamper) {
    const std::lock_guard lock(mutex_);
    tamper_ = std::move(tamper);
  }
  // (service, trang) of every page served, in order.
  std::vector<std::pair<std::string, std::int64_t>> served() const {
    const std::lock_guard lock(mutex_);
    return served_;
  }

 private:
  json::object Serve(const std::string& service, const json::object& body) {
    const json::value* trang = body.if_contains("trang");
    const json::value* size = body.if_contains("so_ban_ghi");
    if (trang == nullptr || !trang->is_int64() || trang->get_int64() < 1 || size == nullptr ||
        !size->is_int64() || size->get_int64() < 1 || size->get_int64() > 1000) {
      return json::object{{"error_code", 3}, {"message", "Tham số không hợp lệ"}};
    }
    Tamper tamper;
    json::object reply;
    {
      const std::lock_guard lock(mutex_);
      const std::vector<json::object>& all = listings_[service];
      const auto total = static_cast<std::int64_t>(all.size());
      const std::int64_t begin = std::min(total, (trang->get_int64() - 1) * size->get_int64());
      const std::int64_t end = std::min(total, begin + size->get_int64());
      json::array result;
      for (std::int64_t i = begin; i < end; ++i) result.push_back(all[static_cast<std::size_t>(i)]);
      reply["result"] = std::move(result);
      reply["tong_so"] = total;
      served_.emplace_back(service, trang->get_int64());
      tamper = tamper_;
    }
    if (tamper) tamper(service, trang->get_int64(), reply);
    return reply;
  }

  mutable std::mutex mutex_;
  std::map<std::string, std::vector<json::object>> listings_;
  Tamper tamper_;
  std::vector<std::pair<std::string, std::int64_t>> served_;
};

// A small catalogue: 5 units, 3 procedures, 7 service rows (one pair upgraded: two rows).
struct PortalFixture {
  FakeLgspServer lgsp;
  FakePortal portal{lgsp};

  PortalFixture() {
    portal.Set("LayDanhMucDonVi",
               {Unit("000.00.01.H21", 1), Unit("000.00.31.H21", 2),
                Unit("000.01.31.H21", 3, "000.00.31.H21"),
                Unit("000.02.31.H21", 3, "000.00.31.H21"), Unit("000.00.32.H21", 2)});
    portal.Set("LayDanhSachTTHC",
               {Procedure("1.001612.000.00.00.H21"), Procedure("1.001193.000.00.00.H21"),
                Procedure("2.000488.000.00.00.H21")});
    portal.Set("LayDanhSachDichVuCong",
               {Row("000.00.01.H21", "1.001612.000.00.00.H21", 3, "20200207"),
                Row("000.00.31.H21", "1.001193.000.00.00.H21", 2, "20200101"),
                Row("000.00.31.H21", "1.001193.000.00.00.H21", 3, "20210701"),
                Row("000.01.31.H21", "1.001193.000.00.00.H21", 3, "20200101"),
                Row("000.02.31.H21", "1.001193.000.00.00.H21", 4, "20200101"),
                Row("000.00.32.H21", "2.000488.000.00.00.H21", 2, "20190301"),
                Row("000.00.32.H21", "1.001612.000.00.00.H21", 3, "20190301")});
  }
};

std::vector<std::string> UnitCodes(const CatalogueSnapshot& s) {
  std::vector<std::string> codes;
  for (const auto& u : s.units) codes.push_back(u.code);
  return codes;
}

void ExpectWholeCatalogue(const CatalogueSnapshot& s) {
  EXPECT_EQ(UnitCodes(s),
            (std::vector<std::string>{"000.00.01.H21", "000.00.31.H21", "000.01.31.H21",
                                      "000.02.31.H21", "000.00.32.H21"}));
  EXPECT_EQ(s.procedures.size(), 3u);
  ASSERT_EQ(s.service_rows.size(), 7u);
  EXPECT_EQ(s.service_rows[2].level, 3);
  EXPECT_EQ(s.service_rows[2].valid_from, std::chrono::year{2021} / 7 / 1);
  EXPECT_TRUE(s.rejected.empty());
  EXPECT_TRUE(s.rejected_unit_codes.empty());
  EXPECT_TRUE(s.rejected_service_row_keys.empty());
}

// Pages of a listing requested, in order.
std::vector<std::int64_t> PagesOf(const FakePortal& portal, const std::string& service) {
  std::vector<std::int64_t> pages;
  for (const auto& [name, trang] : portal.served()) {
    if (name == service) pages.push_back(trang);
  }
  return pages;
}

TEST(PortalFetchTest, ReadsEveryPageOfTheThreeListings) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), /*page_size=*/2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(snapshot.value().pages, 3 + 2 + 4);
  EXPECT_EQ(PagesOf(f.portal, "LayDanhMucDonVi"), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(PagesOf(f.portal, "LayDanhSachTTHC"), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(PagesOf(f.portal, "LayDanhSachDichVuCong"), (std::vector<std::int64_t>{1, 2, 3, 4}));

  // The parameters as the contract wants them: JSON integers beside the envelope.
  const auto bodies = f.lgsp.integration_bodies();
  ASSERT_FALSE(bodies.empty());
  EXPECT_EQ(bodies[0].at("madonvi"), "H21");
  EXPECT_TRUE(bodies[0].at("trang").is_int64());
  EXPECT_EQ(bodies[0].at("so_ban_ghi").as_int64(), 2);
  EXPECT_EQ(f.lgsp.stats().sessions_issued, 1);
}

TEST(PortalFetchTest, AListingThatFitsOnePageTakesOneCall) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 1000);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(snapshot.value().pages, 3);
}

TEST(PortalFetchTest, EmptyListingsGiveACompleteEmptySnapshot) {
  FakeLgspServer lgsp;
  FakePortal portal(lgsp);
  PortalCollector collector(Options(lgsp), 10);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  EXPECT_TRUE(snapshot.value().units.empty());
  EXPECT_TRUE(snapshot.value().service_rows.empty());
  EXPECT_EQ(snapshot.value().pages, 3);
}

TEST(PortalFetchTest, InvalidRecordsAreQuarantinedAndTheSnapshotStaysComplete) {
  PortalFixture f;
  json::object no_level = Unit("000.03.31.H21", 3, "000.00.31.H21");
  no_level.erase("CapDonVi");
  json::object no_code = Procedure("x");
  no_code.erase("MaTTHC");
  f.portal.Set("LayDanhMucDonVi", {Unit("000.00.01.H21", 1), no_level});
  f.portal.Set("LayDanhSachTTHC", {Procedure("1.001612.000.00.00.H21"), no_code});
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  const CatalogueSnapshot& s = snapshot.value();
  EXPECT_EQ(UnitCodes(s), (std::vector<std::string>{"000.00.01.H21"}));
  EXPECT_EQ(s.rejected_unit_codes, (std::vector<std::string>{"000.03.31.H21"}));
  EXPECT_EQ(s.procedures.size(), 1u);
  EXPECT_TRUE(s.rejected_procedure_codes.empty());  // no code to keep
  ASSERT_EQ(s.rejected.size(), 2u);
  EXPECT_EQ(s.rejected[0].reason, "missing_field");
  EXPECT_EQ(s.rejected[0].key, "000.03.31.H21");
  EXPECT_EQ(s.rejected[1].detail, "LayDanhSachTTHC: MaTTHC: required field is missing");
}

TEST(PortalFetchTest, ARecordServedTwiceAcrossPagesCountsOnceAndTheLaterCopyWins) {
  // Offset paging over a listing that moved: page 2 repeats page 1's last unit, changed.
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t trang, json::object& reply) {
    if (service == "LayDanhMucDonVi" && trang == 2) {
      json::object again = Unit("000.00.31.H21", 2);
      again["TenDonVi"] = "UBND thành phố Pleiku";
      reply["result"].as_array().insert(reply["result"].as_array().begin(), again);
    }
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(snapshot.value().units[1].name, "UBND thành phố Pleiku");
}

TEST(PortalFetchTest, ABadCopyOfAListedRecordIsQuarantinedButTheGoodCopyStands) {
  // As egovkpi-sim's invalid_record fault: an extra copy of a row without MucDo.
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t trang, json::object& reply) {
    if (service == "LayDanhSachDichVuCong" && trang == 1) {
      json::object bad = reply["result"].as_array()[0].as_object();
      bad.erase("MucDo");
      reply["result"].as_array().insert(reply["result"].as_array().begin(), bad);
    }
    if (service == "LayDanhMucDonVi" && trang == 2) {
      json::object bad = reply["result"].as_array()[0].as_object();
      bad.erase("MaDonVi");
      reply["result"].as_array().insert(reply["result"].as_array().begin(), bad);
    }
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  const CatalogueSnapshot& s = snapshot.value();
  EXPECT_EQ(s.units.size(), 5u);
  EXPECT_EQ(s.service_rows.size(), 7u);
  ASSERT_EQ(s.rejected.size(), 2u);
  EXPECT_TRUE(s.rejected_service_row_keys.empty());  // the valid copy stands for its key
  EXPECT_EQ(s.pages, 9);                             // no re-read needed
}

TEST(PortalFetchTest, SessionExpiryMidSnapshotReauthenticatesOnceAndLosesNothing) {
  PortalFixture f;
  f.portal.SetTamper(
      [&lgsp = f.lgsp](const std::string& service, std::int64_t trang, json::object&) {
        if (service == "LayDanhSachTTHC" && trang == 1) lgsp.ExpireSessions();
      });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  const auto stats = f.lgsp.stats();
  EXPECT_EQ(stats.sessions_issued, 2);
  EXPECT_EQ(stats.session_expired_replies, 1);
  EXPECT_EQ(stats.integration_requests, 9 + 1);  // 9 pages + the repeated call
}

TEST(PortalFetchTest, Http500OnAPageIsRetried) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  ASSERT_TRUE(collector.FetchSnapshot({}).ok());  // authenticated already
  f.lgsp.PushFault(LgspFault::HttpStatus(500));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(f.lgsp.stats().integration_requests, 9 + 9 + 1);
}

TEST(PortalFetchTest, Http500EveryTimeFailsTheSnapshotWithHttp) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  for (int i = 0; i < kMaxAttempts; ++i) f.lgsp.PushFault(LgspFault::HttpStatus(503));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kHttp);
}

TEST(PortalFetchTest, Http429RetryAfterIsHonoured) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 1000);
  ASSERT_TRUE(collector.FetchSnapshot({}).ok());

  f.lgsp.PushFault(LgspFault::HttpStatus(429, /*retry_after=*/1));
  // Only a lower bound is measured: the backoff alone would wait at most 1 ms.
  const auto started = std::chrono::steady_clock::now();
  auto snapshot = collector.FetchSnapshot({});
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  EXPECT_GE(waited, milliseconds(950));
  EXPECT_EQ(f.lgsp.stats().integration_requests, 3 + 3 + 1);
}

TEST(PortalFetchTest, SlowReplyPastTheTimeoutFailsWithTimeout) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  ASSERT_TRUE(collector.FetchSnapshot({}).ok());
  for (int i = 0; i < kMaxAttempts; ++i) f.lgsp.PushFault(LgspFault::Delay(milliseconds(1000)));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kTimeout);
}

TEST(PortalFetchTest, SlowReplyWithinTheTimeoutSucceeds) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  f.lgsp.PushFault(LgspFault::Delay(milliseconds(50)));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
}

TEST(PortalFetchTest, GarbageReplyIsRetriedThenSucceeds) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  f.lgsp.PushFault(LgspFault::InvalidJson());
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
}

TEST(PortalFetchTest, GarbageEveryTimeFailsWithParse) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  for (int i = 0; i < kMaxAttempts; ++i) f.lgsp.PushFault(LgspFault::InvalidJson());
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
}

TEST(PortalFetchTest, TruncatedReplyIsRetriedThenSucceeds) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  ASSERT_TRUE(collector.FetchSnapshot({}).ok());
  f.lgsp.PushFault(LgspFault::CutBody());
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(f.lgsp.stats().integration_requests, 9 + 9 + 1);
}

TEST(PortalFetchTest, OversizeReplyFailsWithTooLarge) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  f.lgsp.PushFault(LgspFault::Oversize(1024u * 1024u));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kTooLarge);
}

TEST(PortalFetchTest, UpstreamErrorCodeFailsWithUpstream) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp), 2);
  f.lgsp.PushFault(LgspFault::ErrorCode(99, "Lỗi hệ thống nội bộ"));
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kUpstream);
  EXPECT_NE(snapshot.failure().message.find("Lỗi hệ thống nội bộ"), std::string::npos);
}

TEST(PortalFetchTest, WrongCredentialsFailWithAuth) {
  PortalFixture f;
  lgsp::LgspOptions options = Options(f.lgsp);
  options.password = "not-the-password-42";
  PortalCollector collector(options, 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(snapshot.failure().message.find("not-the-password-42"), std::string::npos);
  EXPECT_EQ(f.lgsp.stats().integration_requests, 0);
}

TEST(PortalFetchTest, ATotalLargerThanWhatIsServedIsAnIncompleteSnapshot) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t, json::object& reply) {
    if (service == "LayDanhSachTTHC") reply["tong_so"] = 4;  // 3 served
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
  EXPECT_NE(snapshot.failure().message.find("LayDanhSachTTHC: incomplete snapshot"),
            std::string::npos)
      << snapshot.failure().message;
  // Read three times from page 1, then given up; the row listing is never asked for.
  EXPECT_EQ(PagesOf(f.portal, "LayDanhSachTTHC"), (std::vector<std::int64_t>{1, 2, 1, 2, 1, 2}));
  EXPECT_TRUE(PagesOf(f.portal, "LayDanhSachDichVuCong").empty());
}

TEST(PortalFetchTest, ATotalSmallerThanWhatIsServedIsAnIncompleteSnapshot) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t, json::object& reply) {
    if (service == "LayDanhSachDichVuCong") reply["tong_so"] = 6;  // 7 distinct rows exist
  });
  PortalCollector collector(Options(f.lgsp), 7);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
}

TEST(PortalFetchTest, AMissingPageIsAnIncompleteSnapshot) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t trang, json::object& reply) {
    if (service == "LayDanhSachDichVuCong" && trang == 3) reply["result"] = json::array{};
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
  EXPECT_NE(snapshot.failure().message.find("tong_so is 7 but 5 distinct records"),
            std::string::npos)
      << snapshot.failure().message;
}

TEST(PortalFetchTest, APageWithoutTotalFailsTheSnapshotAtOnce) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t trang, json::object& reply) {
    if (service == "LayDanhMucDonVi" && trang == 2) reply.erase("tong_so");
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
  EXPECT_EQ(PagesOf(f.portal, "LayDanhMucDonVi"), (std::vector<std::int64_t>{1, 2}));
}

TEST(PortalFetchTest, AListingEditedWhilePagedIsReadAgainFromTheFirstPage) {
  PortalFixture f;
  int edits = 0;
  f.portal.SetTamper([&](const std::string& service, std::int64_t trang, json::object& reply) {
    // The first time only, a unit appears between page 1 and page 2.
    if (service == "LayDanhMucDonVi" && trang == 2 && edits++ == 0) reply["tong_so"] = 6;
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().message;
  ExpectWholeCatalogue(snapshot.value());
  EXPECT_EQ(PagesOf(f.portal, "LayDanhMucDonVi"), (std::vector<std::int64_t>{1, 2, 1, 2, 3}));
  EXPECT_EQ(snapshot.value().pages, 2 + 9);
}

TEST(PortalFetchTest, AListingThatKeepsChangingFailsTheSnapshot) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t trang, json::object& reply) {
    if (service == "LayDanhMucDonVi" && trang == 2) reply["tong_so"] = 6;
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
  EXPECT_NE(snapshot.failure().message.find("tong_so changed from 5 to 6 at page 2"),
            std::string::npos)
      << snapshot.failure().message;
}

TEST(PortalFetchTest, AnAbsurdTotalFailsWithoutPagingThroughIt) {
  PortalFixture f;
  f.portal.SetTamper([](const std::string& service, std::int64_t, json::object& reply) {
    if (service == "LayDanhMucDonVi") reply["tong_so"] = 5'000'000'000LL;
  });
  PortalCollector collector(Options(f.lgsp), 2);
  auto snapshot = collector.FetchSnapshot({});
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kParse);
  EXPECT_EQ(PagesOf(f.portal, "LayDanhMucDonVi").size(), 1u);
}

TEST(PortalFetchTest, StopDuringASlowReplyReturnsCancelledPromptly) {
  PortalFixture f;
  PortalCollector collector(Options(f.lgsp, std::chrono::seconds(10)), 2);
  f.lgsp.PushFault(LgspFault::Delay(milliseconds(5000)));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  auto snapshot = collector.FetchSnapshot(stop.get_token());
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(PortalFetchTest, PageSizeOutsideTheContractIsRefusedAtConstruction) {
  FakeLgspServer fake;
  EXPECT_THROW(PortalCollector(Options(fake), 0), std::invalid_argument);
  EXPECT_THROW(PortalCollector(Options(fake), 1001), std::invalid_argument);
}

}  // namespace
}  // namespace egovkpi::collectors::portal
