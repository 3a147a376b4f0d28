// OnegateCollector (and the LGSP envelope under it) against FakeLgspServer on
// 127.0.0.1:0: keyset paging, session renewal and the fault matrix (500, 429 with
// Retry-After, slow, cut, oversize, invalid JSON, upstream error, cancel, wrong
// credentials). Short timeouts and a 1 ms backoff keep the suite to a few seconds.
#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "egovkpi/collectors/onegate/onegate_collector.hpp"
#include "fake_lgsp_server.hpp"

namespace egovkpi::collectors::onegate {
namespace {

using fakes::FakeLgspOptions;
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

boost::json::object DossierJson(const std::string& code, const std::string& updated) {
  return boost::json::object{
      {"MaHoSo", code},
      {"MaTTHC", "1.001612.000.00.00.H21"},
      {"TenTTHC", "Cấp giấy phép xây dựng"},
      {"MaDonVi", "H21.30"},
      {"KenhThucHien", 2},
      {"TrangThaiHoSo", "4"},
      {"NgayTiepNhan", "20210305080000"},
      {"NgayCapNhat", updated},
      {"ChuHoSo", "Nguyễn Văn A"},
  };
}

// Seven dossiers, five of them changed in the same second: with a page size of 2 the tie
// spans three pages, so only the MaHoSo tie-break keeps the paging exact.
std::vector<boost::json::object> SevenDossiers() {
  return {
      DossierJson("H21.30-210305-0001", "20210305090000"),
      DossierJson("H21.30-210305-0007", "20210305100000"),
      DossierJson("H21.30-210305-0003", "20210305100000"),
      DossierJson("H21.30-210305-0005", "20210305100000"),
      DossierJson("H21.30-210305-0002", "20210305100000"),
      DossierJson("H21.30-210305-0004", "20210305100000"),
      DossierJson("H21.30-210305-0006", "20210305110000"),
  };
}

const std::vector<std::string> kPagingOrder = {
    "H21.30-210305-0001", "H21.30-210305-0002", "H21.30-210305-0003", "H21.30-210305-0004",
    "H21.30-210305-0005", "H21.30-210305-0007", "H21.30-210305-0006"};

DossierCursor Start() { return DossierCursor{TimePoint{}, ""}; }

// Pages until con_du_lieu is false; `between_pages` runs after each page.
std::vector<std::string> ReadAll(OnegateCollector& collector,
                                 const std::function<void(int)>& between_pages = {}) {
  std::vector<std::string> codes;
  DossierCursor cursor = Start();
  for (int page_number = 1; page_number < 100; ++page_number) {
    auto page = collector.FetchPage(cursor, {});
    if (!page.ok()) {
      ADD_FAILURE() << "page " << page_number << ": " << page.failure().message;
      break;
    }
    for (const Dossier& d : page.value().dossiers) codes.push_back(d.code);
    EXPECT_TRUE(page.value().rejected.empty());
    if (!page.value().more) break;
    if (!page.value().last_cursor) {
      ADD_FAILURE() << "page " << page_number << " says more but has no cursor";
      break;
    }
    cursor = *page.value().last_cursor;
    if (between_pages) between_pages(page_number);
  }
  return codes;
}

TEST(OnegateFetchTest, PagingAcrossEqualUpdateTimesReadsEveryRecordExactlyOnce) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), /*page_size=*/2);

  EXPECT_EQ(ReadAll(collector), kPagingOrder);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.sessions_issued, 1);  // authenticated lazily, once
  EXPECT_EQ(stats.pages_served, 4);

  // The parameters as the contract wants them: a compact local time, the tie-break code
  // only after the first page, the page size as a JSON integer.
  const auto bodies = fake.integration_bodies();
  ASSERT_EQ(bodies.size(), 4u);
  EXPECT_EQ(bodies[0].at("service"), "LayDanhSachHoSo");
  EXPECT_EQ(bodies[0].at("madonvi"), "H21");
  EXPECT_EQ(bodies[0].at("capnhat_tu"), "19700101070000");
  EXPECT_FALSE(bodies[0].contains("sau_ma_ho_so"));
  EXPECT_TRUE(bodies[0].at("so_ban_ghi").is_int64());
  EXPECT_EQ(bodies[0].at("so_ban_ghi").as_int64(), 2);
  EXPECT_EQ(bodies[1].at("capnhat_tu"), "20210305100000");
  EXPECT_EQ(bodies[1].at("sau_ma_ho_so"), "H21.30-210305-0002");
}

TEST(OnegateFetchTest, CursorTimeIsInclusiveAndTheCodeBreaksTies) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 2);
  const TimePoint tie = *ParseCompactLocalTime("20210305100000");

  auto from_time = collector.FetchPage(DossierCursor{tie, ""}, {});
  ASSERT_TRUE(from_time.ok()) << from_time.failure().message;
  ASSERT_EQ(from_time.value().dossiers.size(), 2u);
  EXPECT_EQ(from_time.value().dossiers[0].code, "H21.30-210305-0002");
  EXPECT_EQ(from_time.value().dossiers[1].code, "H21.30-210305-0003");
  EXPECT_TRUE(from_time.value().more);

  auto after_code = collector.FetchPage(DossierCursor{tie, "H21.30-210305-0005"}, {});
  ASSERT_TRUE(after_code.ok()) << after_code.failure().message;
  ASSERT_EQ(after_code.value().dossiers.size(), 2u);
  EXPECT_EQ(after_code.value().dossiers[0].code, "H21.30-210305-0007");
  EXPECT_EQ(after_code.value().dossiers[1].code, "H21.30-210305-0006");
  EXPECT_FALSE(after_code.value().more);
}

TEST(OnegateFetchTest, ParsedDossiersCarryTheContractFields) {
  FakeLgspServer fake;
  fake.SetDossiers({DossierJson("H21.30-210305-0001", "20210305090000")});
  OnegateCollector collector(Options(fake), 10);
  auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  ASSERT_EQ(page.value().dossiers.size(), 1u);
  const Dossier& d = page.value().dossiers[0];
  EXPECT_EQ(d.code, "H21.30-210305-0001");
  EXPECT_EQ(d.unit_code, "H21.30");
  EXPECT_EQ(d.channel, 2);
  EXPECT_EQ(d.status, 4);
  EXPECT_EQ(FormatCompactLocalTime(d.updated_at), "20210305090000");
  EXPECT_FALSE(page.value().more);
}

TEST(OnegateFetchTest, CodesSentAsStringsWorkTheSame) {
  FakeLgspOptions options;
  options.codes_as_strings = true;
  FakeLgspServer fake(options);
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 3);
  EXPECT_EQ(ReadAll(collector), kPagingOrder);
}

TEST(OnegateFetchTest, SessionExpiryMidPagingReauthenticatesOnceAndLosesNothing) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 2);

  const auto codes = ReadAll(collector, [&fake](int page_number) {
    if (page_number == 2) fake.ExpireSessions();
  });
  EXPECT_EQ(codes, kPagingOrder);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.sessions_issued, 2);
  EXPECT_EQ(stats.session_expired_replies, 1);
  EXPECT_EQ(stats.integration_requests, 5);  // 4 pages + the repeated call
}

TEST(OnegateFetchTest, SessionExpiredTwiceInARowIsAnUpstreamError) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 2);
  fake.PushFault(LgspFault::ErrorCode(2, "Phiên làm việc hết hạn"));
  fake.PushFault(LgspFault::ErrorCode(2, "Phiên làm việc hết hạn"));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kUpstream);
  EXPECT_EQ(fake.stats().sessions_issued, 2);
}

TEST(OnegateFetchTest, Http500ThenSuccessIsRetried) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::HttpStatus(500));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().dossiers.size(), 7u);
  EXPECT_EQ(fake.stats().integration_requests, 2);
}

TEST(OnegateFetchTest, Http500OnAuthenticationIsRetriedToo) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::HttpStatus(503).On(LgspFault::Endpoint::kAuth));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(fake.stats().auth_requests, 2);
}

TEST(OnegateFetchTest, Http500EveryTimeFailsWithHttpAfterMaxAttempts) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(LgspFault::HttpStatus(500));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kHttp);
  EXPECT_EQ(fake.stats().integration_requests, kMaxAttempts);
}

TEST(OnegateFetchTest, Http429RetryAfterIsHonoured) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  ASSERT_TRUE(collector.FetchPage(Start(), {}).ok());  // authenticated already

  fake.PushFault(LgspFault::HttpStatus(429, /*retry_after=*/1));
  // Only a lower bound is measured: the backoff alone would wait at most 1 ms.
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(Start(), {});
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_GE(waited, milliseconds(950));
  EXPECT_EQ(fake.stats().integration_requests, 3);
}

TEST(OnegateFetchTest, SlowResponsePastTheTimeoutFailsWithTimeoutAfterMaxAttempts) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(LgspFault::Delay(milliseconds(1000)));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTimeout);
  EXPECT_EQ(fake.stats().integration_requests, kMaxAttempts);
}

TEST(OnegateFetchTest, SlowResponseWithinTheTimeoutSucceeds) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::Delay(milliseconds(50)));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(fake.stats().integration_requests, 1);
}

TEST(OnegateFetchTest, WrongCredentialsFailWithAuthAndNoRetry) {
  FakeLgspServer fake;
  lgsp::LgspOptions options = Options(fake);
  options.password = "not-the-password-42";
  OnegateCollector collector(options, 10);
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kAuth);
  EXPECT_EQ(page.failure().message.find("not-the-password-42"), std::string::npos);
  const auto stats = fake.stats();
  EXPECT_EQ(stats.auth_requests, 1);
  EXPECT_EQ(stats.wrong_credentials, 1);
  EXPECT_EQ(stats.integration_requests, 0);
}

TEST(OnegateFetchTest, OversizeBodyFailsWithTooLargeAndNoRetry) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::Oversize(1024u * 1024u));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kTooLarge);
  EXPECT_EQ(fake.stats().integration_requests, 1);
}

TEST(OnegateFetchTest, ConnectionCutMidBodyIsRetriedThenSucceeds) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::CutBody());
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().dossiers.size(), 7u);
  EXPECT_EQ(fake.stats().integration_requests, 2);
}

TEST(OnegateFetchTest, InvalidJsonReplyIsRetriedThenSucceeds) {
  FakeLgspServer fake;
  fake.SetDossiers(SevenDossiers());
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::InvalidJson());
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_TRUE(page.ok()) << page.failure().message;
  EXPECT_EQ(page.value().dossiers.size(), 7u);
  EXPECT_EQ(fake.stats().integration_requests, 2);
}

TEST(OnegateFetchTest, InvalidJsonEveryTimeFailsWithParse) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake), 10);
  for (int i = 0; i < kMaxAttempts; ++i) fake.PushFault(LgspFault::InvalidJson());
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kParse);
}

TEST(OnegateFetchTest, UpstreamErrorCodeFailsWithUpstreamAndItsMessage) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::ErrorCode(99, "Lỗi hệ thống nội bộ"));
  const auto page = collector.FetchPage(Start(), {});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kUpstream);
  EXPECT_NE(page.failure().message.find("99"), std::string::npos);
  EXPECT_NE(page.failure().message.find("Lỗi hệ thống nội bộ"), std::string::npos);
  EXPECT_EQ(fake.stats().integration_requests, 1);
}

TEST(OnegateFetchTest, StopDuringASlowResponseReturnsCancelledPromptly) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake, std::chrono::seconds(10)), 10);
  fake.PushFault(LgspFault::Delay(milliseconds(5000)));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(Start(), stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(OnegateFetchTest, StopDuringARetryWaitReturnsCancelledPromptly) {
  FakeLgspServer fake;
  OnegateCollector collector(Options(fake), 10);
  fake.PushFault(LgspFault::HttpStatus(429, /*retry_after=*/60));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(150));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto page = collector.FetchPage(Start(), stop.get_token());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(OnegateFetchTest, PlainHttpToANonLoopbackHostIsRefusedAtConstruction) {
  FakeLgspServer fake;
  lgsp::LgspOptions options = Options(fake);
  options.http.base_url = "http://lgsp.gialai.gov.vn/api";
  EXPECT_THROW(OnegateCollector(options, 10), std::invalid_argument);
}

TEST(OnegateFetchTest, PageSizeOutsideTheContractIsRefusedAtConstruction) {
  FakeLgspServer fake;
  EXPECT_THROW(OnegateCollector(Options(fake), 0), std::invalid_argument);
  EXPECT_THROW(OnegateCollector(Options(fake), 1001), std::invalid_argument);
}

}  // namespace
}  // namespace egovkpi::collectors::onegate
