// The daemon as a whole: metrics and HTTP endpoints first (so a broken database is visible
// at once), then the schema, then one scheduler per enabled source. Runs until `stop`.
#pragma once

#include <stop_token>
#include <string>

#include "egovkpi/config/config.hpp"

namespace egovkpi::app {

inline constexpr const char* kVersion = "0.1.0";

// Blocks until `stop` is requested; returns the process exit status. Start-up faults (the
// HTTP port cannot be bound) are logged and give a non-zero status.
int RunDaemon(const config::Config& config, std::stop_token stop);

// Applies the schema migrations once (the `migrate` command); returns the exit status.
int RunMigrations(const config::Config& config);

}  // namespace egovkpi::app
