#include "egovkpi/app/daemon_control.hpp"

namespace egovkpi::app {

void DaemonControl::RequestStop() {
  stop_.request_stop();
  std::lock_guard lock(mutex_);
  next_request_.request_stop();
}

void DaemonControl::RequestReload() {
  {
    std::lock_guard lock(mutex_);
    reload_ = true;
    next_request_.request_stop();
  }
  wake_.notify_one();
}

DaemonControl::Request DaemonControl::Wait() {
  std::unique_lock lock(mutex_);
  // The stop_token overload wakes on request_stop() without a notify of ours.
  wake_.wait(lock, stop_.get_token(), [this] { return reload_; });
  if (stop_.stop_requested()) return Request::kStop;
  reload_ = false;
  next_request_ = std::stop_source();
  return Request::kReload;
}

std::stop_token DaemonControl::NextRequestToken() {
  std::lock_guard lock(mutex_);
  if (stop_.stop_requested()) next_request_.request_stop();
  return next_request_.get_token();
}

}  // namespace egovkpi::app
