// The VNPost API's access (shared/spec/upstream-api.md section 3): POST /oauth/token with
// {customerKey, secretKey} for an access token, then calls with
// `Authorization: Bearer <token>`. HTTP 401 on a call means the token expired: a new one
// is fetched once and the call repeated. Transient failures (timeouts, cut connections,
// 429 and 5xx, a body that is not whole JSON) are retried with backoff, honouring
// Retry-After.
//
// Threading: used by one poller thread at a time.
#pragma once

#include <boost/json/object.hpp>
#include <random>
#include <stop_token>
#include <string>

#include "egovkpi/collectors/fetch_result.hpp"
#include "egovkpi/collectors/http_client.hpp"
#include "egovkpi/collectors/retry.hpp"

namespace egovkpi::collectors::postal {

struct VnpostOptions {
  HttpClientOptions http;
  BackoffPolicy backoff;
  std::string customer_key;  // customerKey
  std::string secret_key;    // secretKey: only ever sent in the token request's body
};

class VnpostClient {
 public:
  // Throws std::invalid_argument on a bad base URL (see HttpClient).
  explicit VnpostClient(VnpostOptions options);

  // GET `path_and_query` (appended to the base URL) with the bearer token, getting a token
  // first when there is none. On HTTP 200 returns the reply, which must be a JSON object.
  // Failures: kAuth (keys refused by /oauth/token, a 403, or a 401 right after a fresh
  // token), kParse (reply not a JSON object), transport and HTTP failures after retries.
  // Messages never contain the keys or the token.
  FetchResult<boost::json::object> Get(const std::string& path_and_query, std::stop_token stop);

 private:
  FetchResult<std::string> RequestToken(std::stop_token stop);

  VnpostOptions options_;
  HttpClient http_;
  std::mt19937_64 rng_;
  std::string token_;  // empty until a token was issued, and after a 401
};

}  // namespace egovkpi::collectors::postal
