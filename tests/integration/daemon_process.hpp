// Runs the real egovkpi binary as a child process for integration tests: writes its
// configuration, starts it, waits on its /metrics, stops it with a signal.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace egovkpi::testing {

// Result of running a command to completion.
struct CommandResult {
  int exit_status = -1;  // -1 when killed by a signal
  std::string output;    // stdout and stderr together
};

// Runs argv[0] with arguments, capturing its output.
CommandResult RunCommand(const std::vector<std::string>& argv);

// A TCP port that was free a moment ago on 127.0.0.1.
std::uint16_t FreeLoopbackPort();

// libpq connection string -> the [database] section of an egovkpi config.
std::string DatabaseSection(const std::string& conninfo);

// A child process (argv[0] searched in PATH) whose output is appended to a log file; killed
// with SIGKILL if it still runs when the object goes away.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends `signal` and waits for the exit; returns the exit status (-1: killed by signal,
  // -2: still running after `timeout`, then killed).
  int Stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  [[nodiscard]] bool Running();
  // Sends `signal` without waiting (e.g. SIGHUP).
  void Signal(int signal);

 private:
  pid_t pid_ = -1;
};

// The real egovkpi binary: `binary run --config <config_file>`, output to `log_file`.
class DaemonProcess : public ChildProcess {
 public:
  DaemonProcess(const std::string& binary, const std::filesystem::path& config_file,
                const std::filesystem::path& log_file)
      : ChildProcess({binary, "run", "--config", config_file.string()}, log_file) {}
};

// GET http://127.0.0.1:<port><path>: the body of a 200 reply; nothing otherwise.
std::optional<std::string> HttpGet(std::uint16_t port, const std::string& path);
// The status of GET http://127.0.0.1:<port><path>; 0 when the server does not answer.
int HttpStatus(std::uint16_t port, const std::string& path);

// The value of the sample whose name and labels are exactly `series` (e.g.
// `egovkpi_source_up{source="onegate"}`) in a Prometheus text exposition.
std::optional<double> SampleValue(const std::string& exposition, const std::string& series);

}  // namespace egovkpi::testing
