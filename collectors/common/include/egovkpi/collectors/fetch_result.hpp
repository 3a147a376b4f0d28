// Outcome types shared by every collector. Upstream faults are values, not exceptions:
// a fetch returns either its payload or a FetchFailure with a reason from a fixed set
// (the `reason` label of egovkpi_source_poll_failures_total).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace egovkpi::collectors {

enum class FailureReason {
  kTimeout,    // an operation exceeded its timeout
  kNetwork,    // connect refused, reset, cut mid-body, TLS failure
  kHttp,       // HTTP status that is neither success nor handled (5xx, 429, 404...)
  kTooLarge,   // reply body over max_response_bytes
  kAuth,       // wrong credentials
  kParse,      // reply is not the JSON the contract promises
  kUpstream,   // the upstream answered with an application error code
  kCancelled,  // the daemon is stopping
};

inline constexpr FailureReason kAllFailureReasons[] = {
    FailureReason::kTimeout, FailureReason::kNetwork,  FailureReason::kHttp,
    FailureReason::kTooLarge, FailureReason::kAuth,    FailureReason::kParse,
    FailureReason::kUpstream, FailureReason::kCancelled};

std::string_view ToString(FailureReason reason);

struct FetchFailure {
  FailureReason reason = FailureReason::kNetwork;
  std::string message;  // for logs; never contains credentials or personal data
  // Set from a 429/503 Retry-After header: wait at least this long before retrying.
  std::optional<std::chrono::seconds> retry_after;

  // Transient failures are retried with backoff; the others end the poll at once.
  [[nodiscard]] bool IsTransient() const;
};

// A reply that is not what the contract promises (kParse).
FetchFailure ParseFailure(std::string message);

template <typename T>
class FetchResult {
 public:
  FetchResult(T value) : v_(std::move(value)) {}               // NOLINT: implicit by design
  FetchResult(FetchFailure failure) : v_(std::move(failure)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  [[nodiscard]] T& value() { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const { return std::get<0>(v_); }
  [[nodiscard]] const FetchFailure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, FetchFailure> v_;
};

}  // namespace egovkpi::collectors
