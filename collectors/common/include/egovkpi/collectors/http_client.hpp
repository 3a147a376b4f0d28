// A small blocking HTTP/1.1 client for polling upstreams: one request per connection,
// a timeout on every network operation, a cap on the reply size, HTTPS with certificate
// verification (plain http only to loopback addresses). Heavy Asio/Beast headers stay in
// the .cpp file.
//
// Threading: one HttpClient serves one thread at a time. Cancel() (via the stop token
// given to Send) may come from any thread and makes the in-flight call return kCancelled.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "egovkpi/collectors/fetch_result.hpp"

namespace egovkpi::collectors {

struct HttpClientOptions {
  std::string base_url;  // scheme://host[:port][/prefix], http only for loopback hosts
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  std::size_t max_response_bytes = 64u * 1024u * 1024u;
  bool tls_verify = true;
  std::string ca_file;  // empty: system trust store
};

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string path;            // appended to the base URL's path, with its query string
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with Content-Type: application/json when non-empty
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
};

class HttpClient {
 public:
  // Fails (std::invalid_argument) on a malformed base URL or plain http to a non-loopback
  // host: that is a configuration error, caught at start-up.
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs one request. Any HTTP status is a successful FetchResult; only transport
  // problems (timeout, network, TLS, too large, cancelled) are failures.
  FetchResult<HttpResponse> Send(const HttpRequest& request, std::stop_token stop);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace egovkpi::collectors
