#include "egovkpi/collectors/fetch_result.hpp"

namespace egovkpi::collectors {

std::string_view ToString(FailureReason reason) {
  switch (reason) {
    case FailureReason::kTimeout:
      return "timeout";
    case FailureReason::kNetwork:
      return "network";
    case FailureReason::kHttp:
      return "http";
    case FailureReason::kTooLarge:
      return "too_large";
    case FailureReason::kAuth:
      return "auth";
    case FailureReason::kParse:
      return "parse";
    case FailureReason::kUpstream:
      return "upstream";
    case FailureReason::kCancelled:
      return "cancelled";
  }
  return "unknown";  // not reached for a valid enumerator
}

bool FetchFailure::IsTransient() const {
  // Following upstream-api.md "General rules": 429/5xx, timeouts, broken connections and a
  // body that is not valid JSON as a whole (cut short) may well succeed on a second try.
  // kHttp counts as transient because 429 and 5xx are what reaches it in practice; a 404
  // retried a few times costs little. The others would fail the same way again:
  //  - kTooLarge: the same reply is as large on the next try;
  //  - kAuth: the credentials stay wrong (an expired session/token is renewed before this);
  //  - kUpstream: an application error code is the upstream's considered answer;
  //  - kCancelled: the daemon is stopping, retrying would only delay it.
  switch (reason) {
    case FailureReason::kTimeout:
    case FailureReason::kNetwork:
    case FailureReason::kHttp:
    case FailureReason::kParse:
      return true;
    case FailureReason::kTooLarge:
    case FailureReason::kAuth:
    case FailureReason::kUpstream:
    case FailureReason::kCancelled:
      return false;
  }
  return false;
}

FetchFailure ParseFailure(std::string message) {
  return FetchFailure{FailureReason::kParse, std::move(message), std::nullopt};
}

}  // namespace egovkpi::collectors
