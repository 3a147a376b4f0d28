// The fault-injecting HTTP/1.1 server of egovkpi-sim and of the tests' fake upstreams: it
// listens on 127.0.0.1 (a given port, or a free one), runs its own thread and answers
// every request through a handler whose reply can be delayed, cut mid-body or replaced by
// raw bytes. One request per connection: the connection is closed after each reply.
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

namespace egovkpi::sim {

struct SimRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent, e.g. "/lgsp/auth"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Value of the first header called `name` (ASCII case-insensitive); empty when absent.
  [[nodiscard]] std::string Header(std::string_view name) const;
};

struct SimReply {
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

  static SimReply Json(std::string body, int status = 200) {
    SimReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }
};

// Certificate chain and private key (PEM) for serving HTTPS instead of plain HTTP.
struct SimTlsIdentity {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

class SimHttpServer {
 public:
  using Handler = std::function<SimReply(const SimRequest&)>;

  // Starts listening at once on 127.0.0.1:`port` (0: a free port); std::system_error when
  // it cannot bind.
  explicit SimHttpServer(Handler handler, std::uint16_t port = 0);
  // The same over TLS: every connection starts with a server TLS handshake.
  SimHttpServer(Handler handler, SimTlsIdentity tls);
  ~SimHttpServer();
  SimHttpServer(const SimHttpServer&) = delete;
  SimHttpServer& operator=(const SimHttpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "http://127.0.0.1:<port>" (or https:// when serving TLS).
  [[nodiscard]] std::string base_url() const;
  // Requests read completely and passed to the handler so far.
  [[nodiscard]] std::size_t requests_handled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace egovkpi::sim
