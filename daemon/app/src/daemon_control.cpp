#include "egovkpi/app/daemon_control.hpp"

namespace egovkpi::app {

void DaemonControl::RequestStop() { stop_.request_stop(); }

void DaemonControl::RequestReload() {
  {
    std::lock_guard lock(mutex_);
    reload_ = true;
  }
  wake_.notify_one();
}

DaemonControl::Request DaemonControl::Wait() {
  std::unique_lock lock(mutex_);
  // The stop_token overload wakes on request_stop() without a notify of ours.
  wake_.wait(lock, stop_.get_token(), [this] { return reload_; });
  if (stop_.stop_requested()) return Request::kStop;
  reload_ = false;
  return Request::kReload;
}

}  // namespace egovkpi::app
