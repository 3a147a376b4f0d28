// egovkpi: polls the province's e-government systems, stores their records in PostgreSQL
// and exposes the plan's targets as Prometheus metrics. This file only parses the command
// line, loads the configuration and turns signals into a stop request.
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "egovkpi/app/daemon.hpp"
#include "egovkpi/config/loader.hpp"
#include "egovkpi/report/report_command.hpp"

namespace {

constexpr const char* kDefaultConfig = "/etc/egovkpi/egovkpi.toml";

constexpr const char* kUsage = R"(usage: egovkpi [COMMAND] [--config FILE]

commands:
  run              poll the sources and serve /metrics (default); SIGHUP reloads FILE
  migrate          apply the database schema migrations and exit
  check-config F   validate the configuration file F and exit (status 2 when refused)
  report [OPTIONS] print the KPI table of a period and scope (egovkpi report --help)
  version          print the version

--config FILE defaults to /etc/egovkpi/egovkpi.toml.
)";

std::optional<egovkpi::config::Config> Load(const std::string& path) {
  auto result = egovkpi::config::LoadConfigFile(path);
  for (const auto& error : result.errors) std::cerr << error.ToString() << '\n';
  return result.config;
}

void ConfigureLogging(const egovkpi::config::Config& config) {
  spdlog::set_level(spdlog::level::from_str(config.log.level));
  // systemd's journal adds its own time stamps; keep the level and message.
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
}

sigset_t DaemonSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// Blocks SIGINT/SIGTERM/SIGHUP in this thread and every thread started later. Called first
// thing: a SIGHUP sent right after `systemctl start` (its default action ends the process)
// must wait for the signal thread instead.
void BlockDaemonSignals() {
  const sigset_t signals = DaemonSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A peer closing a socket must give an error code, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

// Turns the blocked signals into requests to the daemon from a dedicated thread, so no code
// runs in a signal handler.
std::jthread StartSignalThread(egovkpi::app::DaemonControl& control) {
  return std::jthread([signals = DaemonSignals(), &control] {
    for (;;) {
      int signal = 0;
      if (sigwait(&signals, &signal) != 0) continue;
      if (signal == SIGHUP) {
        control.RequestReload();
        continue;
      }
      spdlog::info("received {}, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
      control.RequestStop();
      return;
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  // `report` has options of its own: everything but the command word goes to it.
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config") {
      ++i;
    } else if (args[i] == "report") {
      std::vector<std::string_view> report_args(args.begin(), args.end());
      report_args.erase(report_args.begin() + static_cast<std::ptrdiff_t>(i));
      return egovkpi::report::RunReportCommand(report_args, kDefaultConfig, std::cout,
                                               std::cerr);
    } else if (args[i].empty() || args[i][0] != '-') {
      break;
    }
  }
  std::string command = "run";
  std::string config_path = kDefaultConfig;
  std::vector<std::string_view> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (args[i] == "--version") {
      command = "version";
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::cerr << "egovkpi: unknown option " << args[i] << "\n" << kUsage;
      return 64;
    } else {
      positional.push_back(args[i]);
    }
  }
  if (!positional.empty()) command = positional.front();

  if (command == "version") {
    std::cout << "egovkpi " << egovkpi::app::kVersion << '\n';
    return 0;
  }
  if (command == "check-config") {
    if (positional.size() == 2) config_path = positional[1];
    if (!Load(config_path)) return egovkpi::config::kConfigErrorExitStatus;
    std::cout << config_path << ": ok\n";
    return 0;
  }
  if (command != "run" && command != "migrate") {
    std::cerr << "egovkpi: unknown command " << command << "\n" << kUsage;
    return 64;
  }

  if (command == "run") BlockDaemonSignals();
  auto config = Load(config_path);
  if (!config) return egovkpi::config::kConfigErrorExitStatus;
  ConfigureLogging(*config);
  if (command == "migrate") return egovkpi::app::RunMigrations(*config);

  egovkpi::app::DaemonControl control;
  auto signal_thread = StartSignalThread(control);
  const int status = egovkpi::app::RunDaemon(config_path, *config, control);
  // RunDaemon gave up on its own (a start-up fault): nobody will signal the waiting thread.
  if (!control.stop_requested()) signal_thread.detach();
  spdlog::info("stopped");
  return status;
}
