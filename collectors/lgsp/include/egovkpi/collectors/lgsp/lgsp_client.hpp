// The provincial integration platform (LGSP) envelope shared by the one-stop system and
// the public-service portal (shared/spec/upstream-api.md sections 1 and 2): POST /auth for
// a session, POST /integration with {session, madonvi, service, ...params}. An expired
// session (error_code 2) is renewed once and the call repeated; transient failures are
// retried with backoff.
//
// Threading: used by one poller thread at a time.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <random>
#include <stop_token>
#include <string>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/http_client.hpp"
#include "egovkpi/collectors/retry.hpp"

namespace egovkpi::collectors::lgsp {

struct LgspOptions {
  HttpClientOptions http;
  BackoffPolicy backoff;
  std::string username;
  std::string password;
  std::string province_code;  // sent as `madonvi`
};

class LgspClient {
 public:
  explicit LgspClient(LgspOptions options);

  // Calls `service` with `params` merged into the envelope. On success returns the whole
  // reply object (error_code 0). Failures: kAuth (wrong credentials), kUpstream (another
  // error_code), kParse (reply not a JSON object), transport failures after retries.
  FetchResult<boost::json::object> Call(const std::string& service,
                                        const boost::json::object& params,
                                        std::stop_token stop);

 private:
  FetchResult<std::string> Authenticate(std::stop_token stop);
  FetchResult<boost::json::object> PostJson(const std::string& path,
                                            const boost::json::object& body,
                                            std::stop_token stop);

  LgspOptions options_;
  HttpClient http_;
  std::mt19937_64 rng_;
  std::string session_;  // empty until authenticated
};

}  // namespace egovkpi::collectors::lgsp
