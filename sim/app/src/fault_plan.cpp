#include "egovkpi/sim/fault_plan.hpp"

namespace egovkpi::sim {

namespace {
constexpr std::pair<Fault, std::string_view> kNames[] = {
    {Fault::kHttp500, "http_500"},
    {Fault::kHttp429, "http_429"},
    {Fault::kSlow, "slow"},
    {Fault::kCutBody, "cut_body"},
    {Fault::kMalformedJson, "malformed_json"},
    {Fault::kInvalidRecord, "invalid_record"},
    {Fault::kDuplicateRecord, "duplicate_record"},
    {Fault::kExpireSession, "expire_session"},
};

bool IsTransport(Fault fault) {
  return fault == Fault::kHttp500 || fault == Fault::kHttp429 || fault == Fault::kSlow ||
         fault == Fault::kCutBody || fault == Fault::kMalformedJson;
}
}  // namespace

std::string_view FaultName(Fault fault) {
  for (const auto& [f, name] : kNames) {
    if (f == fault) return name;
  }
  return "unknown";
}

std::optional<Fault> FaultFromName(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

FaultPlan::FaultPlan(RandomFaults random, std::chrono::milliseconds slow_delay)
    : random_(std::move(random)),
      random_modes_(random_.modes.begin(), random_.modes.end()),
      slow_delay_(slow_delay),
      state_(random_.seed) {}

// splitmix64: the same seed gives the same fault sequence on every platform.
std::uint64_t FaultPlan::NextRandom() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void FaultPlan::Script(const std::string& system, Fault fault, int count) {
  for (int i = 0; i < count; ++i) scripted_[system].push_back(fault);
}

void FaultPlan::ClearScripts() { scripted_.clear(); }

FaultDecision FaultPlan::Next(const std::string& system, bool is_auth_request) {
  std::optional<Fault> fault;
  auto& queue = scripted_[system];
  if (!queue.empty() && (!is_auth_request || IsTransport(queue.front()))) {
    fault = queue.front();
    queue.pop_front();
  } else if (!random_modes_.empty() && random_.rate > 0) {
    const double draw = static_cast<double>(NextRandom() >> 11) * 0x1.0p-53;
    if (draw < random_.rate) {
      const Fault candidate = random_modes_[NextRandom() % random_modes_.size()];
      if (!is_auth_request || IsTransport(candidate)) fault = candidate;
    }
  }
  FaultDecision decision;
  if (!fault) return decision;
  ++injected_[system][std::string(FaultName(*fault))];
  switch (*fault) {
    case Fault::kInvalidRecord:
      decision.data.invalid_record = true;
      break;
    case Fault::kDuplicateRecord:
      decision.data.duplicate_record = true;
      break;
    case Fault::kExpireSession:
      decision.data.expire_session = true;
      break;
    default:
      decision.transport = fault;
  }
  return decision;
}

std::map<std::string, std::vector<std::string>> FaultPlan::pending() const {
  std::map<std::string, std::vector<std::string>> result;
  for (const auto& [system, queue] : scripted_) {
    for (Fault f : queue) result[system].emplace_back(FaultName(f));
  }
  return result;
}

}  // namespace egovkpi::sim
