// HttpClient against SimHttpServer on 127.0.0.1:0: request shape, reply size cap, broken
// replies, timeouts, cancellation, URL rules and TLS verification.
#include "egovkpi/collectors/http_client.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "egovkpi/sim/http_server.hpp"

namespace egovkpi::collectors {
namespace {

using sim::SimHttpServer;
using sim::SimReply;
using sim::SimRequest;
using std::chrono::milliseconds;

constexpr milliseconds kShortTimeout(300);

HttpClientOptions Options(const std::string& base_url, milliseconds timeout = kShortTimeout) {
  HttpClientOptions options;
  options.base_url = base_url;
  options.timeout = timeout;
  return options;
}

HttpRequest Post(std::string path, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::move(path);
  request.body = std::move(body);
  return request;
}

HttpRequest Get(std::string path) {
  HttpRequest request;
  request.path = std::move(path);
  return request;
}

// Records the last request the fake received.
class Recorder {
 public:
  SimHttpServer::Handler Answer(SimReply reply) {
    return [this, reply](const SimRequest& request) {
      const std::lock_guard lock(mutex_);
      last_ = request;
      return reply;
    };
  }
  SimRequest last() const {
    const std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  mutable std::mutex mutex_;
  SimRequest last_;
};

TEST(HttpClientTest, SendsHostUserAgentContentTypeAndJoinsThePathPrefix) {
  Recorder recorder;
  SimHttpServer server(recorder.Answer(SimReply::Json(R"({"ok":true})")));
  HttpClient client(Options(server.base_url() + "/lgsp/"));

  const auto result = client.Send(Post("/auth", R"({"a":1})"), {});
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.value().status, 200);
  EXPECT_EQ(result.value().body, R"({"ok":true})");
  EXPECT_FALSE(result.value().retry_after.has_value());

  const SimRequest seen = recorder.last();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/lgsp/auth");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.Header("User-Agent"), "egovkpi/0.1");
  EXPECT_EQ(seen.Header("Content-Type"), "application/json");
}

TEST(HttpClientTest, GetWithoutBodyHasNoContentTypeAndKeepsTheQuery) {
  Recorder recorder;
  SimHttpServer server(recorder.Answer(SimReply::Json("{}")));
  HttpClient client(Options(server.base_url()));

  HttpRequest request = Get("/bcci/tracking?lastId=5&limit=10");
  request.headers.emplace_back("Authorization", "Bearer t0k");
  const auto result = client.Send(request, {});
  ASSERT_TRUE(result.ok()) << result.failure().message;
  const SimRequest seen = recorder.last();
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, "/bcci/tracking?lastId=5&limit=10");
  EXPECT_EQ(seen.Header("Content-Type"), "");
  EXPECT_EQ(seen.Header("Authorization"), "Bearer t0k");
}

TEST(HttpClientTest, AnyHttpStatusIsASuccessfulExchange) {
  SimHttpServer server([](const SimRequest&) { return SimReply::Json("nope", 404); });
  HttpClient client(Options(server.base_url()));
  const auto result = client.Send(Get("/x"), {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().status, 404);
  EXPECT_EQ(result.value().body, "nope");
}

TEST(HttpClientTest, ReadsRetryAfterInSecondsAndIgnoresHttpDates) {
  std::atomic<int> calls{0};
  SimHttpServer server([&calls](const SimRequest&) {
    SimReply reply = SimReply::Json("{}", 503);
    reply.headers.emplace_back("Retry-After", calls++ == 0 ? "7" : "Fri, 31 Dec 1999 23:59:59 GMT");
    return reply;
  });
  HttpClient client(Options(server.base_url()));

  const auto seconds = client.Send(Get("/"), {});
  ASSERT_TRUE(seconds.ok());
  EXPECT_EQ(seconds.value().status, 503);
  EXPECT_EQ(seconds.value().retry_after, std::chrono::seconds(7));

  const auto date = client.Send(Get("/"), {});
  ASSERT_TRUE(date.ok());
  EXPECT_FALSE(date.value().retry_after.has_value());
}

TEST(HttpClientTest, ReplyOverTheSizeCapIsTooLarge) {
  SimHttpServer server(
      [](const SimRequest&) { return SimReply::Json(std::string(100'000, 'x')); });
  HttpClientOptions options = Options(server.base_url());
  options.max_response_bytes = 10'000;
  HttpClient client(options);
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kTooLarge);
}

TEST(HttpClientTest, ReplyExactlyAtTheSizeCapIsAccepted) {
  SimHttpServer server(
      [](const SimRequest&) { return SimReply::Json(std::string(10'000, 'x')); });
  HttpClientOptions options = Options(server.base_url());
  options.max_response_bytes = 10'000;
  HttpClient client(options);
  const auto result = client.Send(Get("/"), {});
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.value().body.size(), 10'000u);
}

TEST(HttpClientTest, BodyCutShortIsANetworkFailure) {
  SimHttpServer server([](const SimRequest&) {
    SimReply reply = SimReply::Json(R"({"error_code":0,"result":[1,2,3,4,5,6,7,8]})");
    reply.cut_mid_body = true;
    return reply;
  });
  HttpClient client(Options(server.base_url()));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
}

TEST(HttpClientTest, GarbageInsteadOfHttpIsANetworkFailure) {
  SimHttpServer server([](const SimRequest&) {
    SimReply reply;
    reply.raw = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
    return reply;
  });
  HttpClient client(Options(server.base_url()));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
}

TEST(HttpClientTest, ConnectionClosedWithoutAnswerIsANetworkFailure) {
  SimHttpServer server([](const SimRequest&) {
    SimReply reply;
    reply.raw = "";
    return reply;
  });
  HttpClient client(Options(server.base_url()));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
}

TEST(HttpClientTest, ConnectionRefusedIsANetworkFailure) {
  std::string base_url;
  {
    SimHttpServer server([](const SimRequest&) { return SimReply::Json("{}"); });
    base_url = server.base_url();
  }  // nothing listens on that port any more
  HttpClient client(Options(base_url));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
}

TEST(HttpClientTest, SlowReplyTimesOut) {
  SimHttpServer server([](const SimRequest&) {
    SimReply reply = SimReply::Json("{}");
    reply.delay = milliseconds(3000);
    return reply;
  });
  HttpClient client(Options(server.base_url()));
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2500));
}

TEST(HttpClientTest, StopDuringASlowReplyCancelsPromptly) {
  SimHttpServer server([](const SimRequest&) {
    SimReply reply = SimReply::Json("{}");
    reply.delay = milliseconds(5000);
    return reply;
  });
  HttpClient client(Options(server.base_url(), std::chrono::seconds(10)));
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(100));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.Send(Get("/"), stop.get_token());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(2000));
}

TEST(HttpClientTest, AlreadyStoppedTokenCancelsWithoutConnecting) {
  SimHttpServer server([](const SimRequest&) { return SimReply::Json("{}"); });
  HttpClient client(Options(server.base_url()));
  std::stop_source stop;
  stop.request_stop();
  const auto result = client.Send(Get("/"), stop.get_token());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kCancelled);
  EXPECT_EQ(server.requests_handled(), 0u);
}

TEST(HttpClientTest, ServerStopsCleanlyWhileAClientIsMidRequest) {
  auto server = std::make_unique<SimHttpServer>([](const SimRequest&) {
    SimReply reply = SimReply::Json("{}");
    reply.delay = milliseconds(10'000);
    return reply;
  });
  HttpClient client(Options(server->base_url(), std::chrono::seconds(10)));
  std::jthread killer([&server] {
    std::this_thread::sleep_for(milliseconds(100));
    server.reset();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(5000));
}

TEST(HttpClientTest, PlainHttpToANonLoopbackHostIsRefusedAtConstruction) {
  EXPECT_THROW(HttpClient(Options("http://example.com")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("http://10.1.2.3:8080/api")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("http://[2001:db8::1]/")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("http://localhost.example.com/")), std::invalid_argument);
}

TEST(HttpClientTest, PlainHttpToLoopbackHostsIsAllowed) {
  EXPECT_NO_THROW(HttpClient(Options("http://127.0.0.1:8080")));
  EXPECT_NO_THROW(HttpClient(Options("http://127.45.0.9/x")));
  EXPECT_NO_THROW(HttpClient(Options("http://localhost:1234/lgsp")));
  EXPECT_NO_THROW(HttpClient(Options("http://[::1]:8080")));
  EXPECT_NO_THROW(HttpClient(Options("https://example.com/api")));
}

TEST(HttpClientTest, MalformedBaseUrlsAreRefused) {
  EXPECT_THROW(HttpClient(Options("")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("127.0.0.1:8080")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("ftp://127.0.0.1/")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("https://user:pw@example.com/")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("https:///nohost")), std::invalid_argument);
  EXPECT_THROW(HttpClient(Options("https://example.com:99999/")), std::invalid_argument);
}

TEST(HttpClientTest, RefusalOfABaseUrlWithCredentialsDoesNotQuoteThem) {
  try {
    HttpClient client(Options("https://egovkpi:hunter2@example.com/"));
    FAIL() << "constructed";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

// --- TLS -------------------------------------------------------------------------------

// A throwaway self-signed certificate for DNS name "localhost" only, valid from yesterday
// to tomorrow, generated at test time so no key material lives in the repository.
sim::SimTlsIdentity MakeSelfSignedLocalhost() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());

  auto pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
  };
  sim::SimTlsIdentity identity;
  identity.certificate_chain_pem = pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert); });
  identity.private_key_pem = pem(
      [&](BIO* bio) { PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); });
  X509_free(cert);
  EVP_PKEY_free(key);
  return identity;
}

class HttpClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    identity_ = MakeSelfSignedLocalhost();
    ASSERT_FALSE(identity_.certificate_chain_pem.empty());
    ca_file_ = std::filesystem::temp_directory_path() /
               ("egovkpi-test-ca-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca_file_) << identity_.certificate_chain_pem;
    server_ = std::make_unique<SimHttpServer>(
        [](const SimRequest&) { return SimReply::Json(R"({"tls":true})"); }, identity_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(ca_file_);
  }

  HttpClientOptions TlsOptions(const std::string& host, const std::string& ca_file) const {
    HttpClientOptions options =
        Options("https://" + host + ":" + std::to_string(server_->port()), milliseconds(2000));
    options.ca_file = ca_file;
    return options;
  }

  sim::SimTlsIdentity identity_;
  std::filesystem::path ca_file_;
  std::unique_ptr<SimHttpServer> server_;
};

TEST_F(HttpClientTlsTest, SelfSignedCertificateFailsVerificationAgainstTheSystemStore) {
  HttpClient client(TlsOptions("localhost", ""));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
  EXPECT_NE(result.failure().message.find("TLS handshake"), std::string::npos)
      << result.failure().message;
  EXPECT_NE(result.failure().message.find("certificate verify failed"), std::string::npos)
      << result.failure().message;
}

TEST_F(HttpClientTlsTest, TrustedCertificateWithMatchingNameSucceeds) {
  HttpClient client(TlsOptions("localhost", ca_file_.string()));
  const auto result = client.Send(Get("/"), {});
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.value().status, 200);
  EXPECT_EQ(result.value().body, R"({"tls":true})");
}

TEST_F(HttpClientTlsTest, TrustedCertificateForAnotherNameFailsHostNameVerification) {
  // The certificate names DNS:localhost only, not the IP address 127.0.0.1.
  HttpClient client(TlsOptions("127.0.0.1", ca_file_.string()));
  const auto result = client.Send(Get("/"), {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kNetwork);
  EXPECT_NE(result.failure().message.find("certificate verify failed"), std::string::npos)
      << result.failure().message;
}

TEST_F(HttpClientTlsTest, VerificationCanBeSwitchedOff) {
  HttpClientOptions options = TlsOptions("127.0.0.1", "");
  options.tls_verify = false;
  HttpClient client(options);
  const auto result = client.Send(Get("/"), {});
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.value().status, 200);
}

TEST_F(HttpClientTlsTest, MissingCaFileIsAConfigurationError) {
  EXPECT_THROW(HttpClient(TlsOptions("localhost", "/nonexistent/ca.pem")), std::invalid_argument);
}

}  // namespace
}  // namespace egovkpi::collectors
