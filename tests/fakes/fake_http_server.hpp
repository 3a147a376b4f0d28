// A fault-injecting HTTP/1.1 server for tests: it listens on 127.0.0.1 on a free port,
// runs its own thread and answers every request through a handler whose reply can be
// delayed, cut mid-body or replaced by raw bytes. It is a fault injector, not a real
// server: one request per connection, the connection is closed after each reply.
//
// Threading: the handler runs on the server's thread, one call at a time (connections are
// served concurrently, but their handler calls never overlap). Anything it shares with
// the test thread needs its own synchronisation. The destructor stops the server
// cleanly even while a client is mid-request or a delayed reply is pending.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace egovkpi::fakes {

struct FakeRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent, e.g. "/lgsp/auth"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Value of the first header called `name` (ASCII case-insensitive); empty when absent.
  [[nodiscard]] std::string Header(std::string_view name) const;
};

struct FakeReply {
  int status = 200;
  std::string body;
  // Extra headers. Content-Length and Connection: close are always added; Content-Type
  // defaults to application/json unless given here.
  std::vector<std::pair<std::string, std::string>> headers;
  // Wait this long after reading the request before answering.
  std::chrono::milliseconds delay{0};
  // Send the headers with the full Content-Length, then half of the body, then close.
  bool cut_mid_body = false;
  // When set, send exactly these bytes (nothing else) and close; an empty string closes
  // the connection without answering. status/body/headers/cut_mid_body are ignored.
  std::optional<std::string> raw;

  static FakeReply Json(std::string body, int status = 200) {
    FakeReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }
};

// Certificate chain and private key (PEM) for serving HTTPS instead of plain HTTP.
struct FakeTlsIdentity {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

class FakeHttpServer {
 public:
  using Handler = std::function<FakeReply(const FakeRequest&)>;

  // Starts listening at once (std::system_error when it cannot bind).
  explicit FakeHttpServer(Handler handler);
  // The same over TLS: every connection starts with a server TLS handshake.
  FakeHttpServer(Handler handler, FakeTlsIdentity tls);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "http://127.0.0.1:<port>" (or https:// when serving TLS).
  [[nodiscard]] std::string base_url() const;
  // Requests read completely and passed to the handler so far.
  [[nodiscard]] std::size_t requests_handled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace egovkpi::fakes
