// The daemon as a whole: metrics and HTTP endpoints first (so a broken database is visible
// at once), then the schema, then one scheduler per enabled source. Runs until stop is
// requested; a reload request re-reads the configuration file and restarts the schedulers
// with it (the HTTP endpoints and the metrics' counters stay).
#pragma once

#include <string>

#include "egovkpi/app/daemon_control.hpp"
#include "egovkpi/config/config.hpp"

namespace egovkpi::app {

inline constexpr const char* kVersion = "0.1.0";

// Runs `config`, loaded from `config_path`, until `control` requests stop; returns the
// process exit status. Start-up faults (the HTTP port cannot be bound) are logged and give a
// non-zero status. A reload whose file is refused keeps the running configuration.
int RunDaemon(const std::string& config_path, const config::Config& config,
              DaemonControl& control);

// Applies the schema migrations once (the `migrate` command); returns the exit status.
int RunMigrations(const config::Config& config);

}  // namespace egovkpi::app
