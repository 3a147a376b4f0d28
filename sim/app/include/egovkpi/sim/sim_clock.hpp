// The simulated "now": frozen at an as-of time (tests), or running from a start time at a
// speed in simulated seconds per real second (the demo: 86400 plays a day per second).
#pragma once

#include <chrono>

#include "egovkpi/sim/province.hpp"

namespace egovkpi::sim {

class SimClock {
 public:
  static SimClock Frozen(Time at) { return SimClock(at, 0.0); }
  static SimClock Running(Time start, double speed) { return SimClock(start, speed); }

  [[nodiscard]] Time Now() const {
    if (speed_ == 0.0) return start_;
    const std::chrono::duration<double> real = std::chrono::steady_clock::now() - started_;
    return start_ + std::chrono::seconds(static_cast<long long>(real.count() * speed_));
  }
  [[nodiscard]] bool frozen() const { return speed_ == 0.0; }
  [[nodiscard]] double speed() const { return speed_; }

 private:
  SimClock(Time start, double speed)
      : start_(start), speed_(speed), started_(std::chrono::steady_clock::now()) {}

  Time start_;
  double speed_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace egovkpi::sim
