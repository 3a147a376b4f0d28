// What the process's signal thread asks of the running daemon: stop (SIGINT/SIGTERM) or
// read the configuration again (SIGHUP). Signals are turned into these requests by a
// thread of main's, so no daemon code runs in a signal handler.
//
// Threading: any thread may request; RunDaemon is the one thread that waits.
#pragma once

#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace egovkpi::app {

class DaemonControl {
 public:
  enum class Request { kStop, kReload };

  void RequestStop();
  void RequestReload();

  // Blocks until a request is pending and takes it. A stop wins over a pending reload and
  // stays: once stop was requested, every call returns kStop at once. Reloads requested
  // while none was taken yet collapse into one.
  Request Wait();

  // Stopped by the next request of either kind, or already when one is pending: lets long
  // waits (for the database) end early so that Wait can take the request.
  [[nodiscard]] std::stop_token NextRequestToken();
  [[nodiscard]] bool stop_requested() const { return stop_.stop_requested(); }

 private:
  std::stop_source stop_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool reload_ = false;
  std::stop_source next_request_;  // renewed when Wait takes a reload
};

}  // namespace egovkpi::app
