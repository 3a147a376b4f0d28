// The document exchange system's HTTP envelope (shared/spec/upstream-api.md section 4): a
// GET with the API key in the X-API-Key header, a JSON object back. HTTP 401 (or 403) is a
// wrong key; transient failures (timeouts, cut connections, 429/5xx, a body that is not
// whole JSON) are retried with backoff, honouring Retry-After.
//
// Threading: used by one poller thread at a time; the stop token may fire from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <random>
#include <stop_token>
#include <string>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/http_client.hpp"
#include "egovkpi/collectors/retry.hpp"

namespace egovkpi::collectors::edoc {

struct EdocOptions {
  HttpClientOptions http;  // base_url is the system's, e.g. https://vbdh.gialai.gov.vn
  BackoffPolicy backoff;
  std::string api_key;  // sent only in the X-API-Key header; never in a message
};

class EdocClient {
 public:
  // Fails (std::invalid_argument) like HttpClient on a bad base URL.
  explicit EdocClient(EdocOptions options);

  // GET `path` (relative to the base URL, with its query string, already percent-encoded)
  // and decode the reply. Failures: kAuth (HTTP 401/403, not retried), kHttp (another
  // status), kParse (reply not a JSON object), transport failures, each after retries when
  // transient.
  FetchResult<boost::json::object> GetJson(const std::string& path, std::stop_token stop);

 private:
  EdocOptions options_;
  HttpClient http_;
  std::mt19937_64 rng_;
};

}  // namespace egovkpi::collectors::edoc
