// egovkpi-sim: the province's four upstream systems, simulated, with their ground truth and
// faults on demand. This file only parses the command line and wires the pieces.
#include <pthread.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/sim/generator.hpp"
#include "egovkpi/sim/http_server.hpp"
#include "egovkpi/sim/sim_service.hpp"
#include "egovkpi/sim/time_format.hpp"
#include "egovkpi/sim/truth.hpp"

namespace {

using namespace egovkpi::sim;

constexpr const char* kUsage = R"(usage: egovkpi-sim [serve|truth|stats] [options]

commands:
  serve (default)    serve the four upstream systems, /truth and /control on one port
  truth              print the ground truth as JSON (at --as-of, default the end of the year)
  stats              print how many records the generated province has

data:
  --seed N           generator seed (default 2021)
  --scale X          multiply dossiers, postal items and documents (default 1)
  --year Y           plan year (default 2021)
clock (default: frozen at the end of the year):
  --as-of T          frozen at T
  --start T          running from T ...
  --speed X          ... at X simulated seconds per real second (86400: a day per second)
  T is 2021-12-31, 2021-12-31T23:00:00 (local, UTC+07:00) or RFC 3339 (2021-12-31T16:00:00Z)
faults:
  --faults LIST      random faults: all, or some of http_500,http_429,slow,cut_body,
                     malformed_json,invalid_record,duplicate_record,expire_session
  --fault-rate R     share of requests that get one (default 0.05 with --faults)
  --fault-seed N     (default 1)
  --slow-ms N        delay of slow replies (default 5000)
serving:
  --port N           port on 127.0.0.1 (default 8480; 0 picks a free one)
  --onegate-user U   --onegate-password P     one-stop system (LGSP) credentials
  --portal-user U    --portal-password P      portal (LGSP) credentials
  --postal-key K     --postal-secret S        VNPost customerKey / secretKey
  --edoc-key K                                document exchange API key
  (every credential defaults to "egovkpi")
)";

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "egovkpi-sim: " << message << "\n\n" << kUsage;
  std::exit(64);
}

Time ParseTimeFlag(std::string_view flag, const std::string& value) {
  auto t = ParseCommandLineTime(value);
  if (!t) Fail(std::string(flag) + ": '" + value + "' is not a time");
  return *t;
}

double ParseNumber(std::string_view flag, const std::string& value) {
  try {
    std::size_t used = 0;
    const double number = std::stod(value, &used);
    if (used == value.size()) return number;
  } catch (const std::exception&) {
  }
  Fail(std::string(flag) + ": '" + value + "' is not a number");
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = "serve";
  GeneratorOptions generator;
  std::optional<Time> as_of;
  std::optional<Time> start;
  double speed = 0;
  RandomFaults random;
  std::optional<double> fault_rate;
  long slow_ms = 5000;
  long port = 8480;
  SimCredentials credentials;

  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && !args[0].starts_with("-")) {
    command = args[0];
    args.erase(args.begin());
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= args.size()) Fail("missing value after " + flag);
    const std::string& value = args[++i];
    if (flag == "--seed") {
      generator.seed = static_cast<std::uint64_t>(ParseNumber(flag, value));
    } else if (flag == "--scale") {
      generator.scale = ParseNumber(flag, value);
      if (generator.scale <= 0 || generator.scale > 100) Fail("--scale must be in (0, 100]");
    } else if (flag == "--year") {
      generator.year = static_cast<int>(ParseNumber(flag, value));
    } else if (flag == "--as-of") {
      as_of = ParseTimeFlag(flag, value);
    } else if (flag == "--start") {
      start = ParseTimeFlag(flag, value);
    } else if (flag == "--speed") {
      speed = ParseNumber(flag, value);
      if (speed <= 0) Fail("--speed must be positive");
    } else if (flag == "--faults") {
      std::string_view list = value;
      while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view name = list.substr(0, comma);
        if (name == "all") {
          random.modes.insert(std::begin(kAllFaults), std::end(kAllFaults));
        } else if (auto fault = FaultFromName(name)) {
          random.modes.insert(*fault);
        } else {
          Fail("--faults: unknown fault '" + std::string(name) + "'");
        }
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
    } else if (flag == "--fault-rate") {
      fault_rate = ParseNumber(flag, value);
      if (*fault_rate < 0 || *fault_rate > 1) Fail("--fault-rate must be in [0, 1]");
    } else if (flag == "--fault-seed") {
      random.seed = static_cast<std::uint64_t>(ParseNumber(flag, value));
    } else if (flag == "--slow-ms") {
      slow_ms = static_cast<long>(ParseNumber(flag, value));
    } else if (flag == "--port") {
      port = static_cast<long>(ParseNumber(flag, value));
      if (port < 0 || port > 65535) Fail("--port must be 0..65535");
    } else if (flag == "--onegate-user") {
      credentials.onegate.id = value;
    } else if (flag == "--onegate-password") {
      credentials.onegate.secret = value;
    } else if (flag == "--portal-user") {
      credentials.portal.id = value;
    } else if (flag == "--portal-password") {
      credentials.portal.secret = value;
    } else if (flag == "--postal-key") {
      credentials.postal.id = value;
    } else if (flag == "--postal-secret") {
      credentials.postal.secret = value;
    } else if (flag == "--edoc-key") {
      credentials.edoc.secret = value;
    } else {
      Fail("unknown option " + flag);
    }
  }
  if (start.has_value() != (speed > 0)) Fail("--start and --speed go together");
  if (start && as_of) Fail("--as-of and --start exclude each other");
  random.rate = fault_rate.value_or(random.modes.empty() ? 0.0 : 0.05);

  const auto generation_began = std::chrono::steady_clock::now();
  const Province province = GenerateProvince(generator);
  const std::chrono::duration<double> generation = std::chrono::steady_clock::now() - generation_began;
  const Time end_of_year = StartOfLocalDay(std::chrono::sys_days(std::chrono::year(generator.year + 1) / 1 / 1));

  if (command == "stats") {
    std::printf("units %zu\nprocedures %zu\nservice_rows %zu\ndossiers %zu\npostal_items %zu\n"
                "postal_events %zu\ndocuments %zu\ngenerated_in_seconds %.2f\n",
                province.units.size(), province.procedures.size(), province.service_rows.size(),
                province.dossiers.size(), province.postal_items.size(),
                province.postal_events.size(), province.documents.size(), generation.count());
    return 0;
  }
  if (command == "truth") {
    std::cout << TruthToJson(ComputeTruth(province, as_of.value_or(end_of_year))) << '\n';
    return 0;
  }
  if (command != "serve") Fail("unknown command " + command);

  // Signals are taken by sigwait below, never by a handler on a random thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const SimClock clock = start ? SimClock::Running(*start, speed) : SimClock::Frozen(as_of.value_or(end_of_year));
  SimService service(province, clock, FaultPlan(random, std::chrono::milliseconds(slow_ms)),
                     credentials);
  std::unique_ptr<SimHttpServer> server;
  try {
    server = std::make_unique<SimHttpServer>(
        [&service](const SimRequest& request) { return service.Handle(request); },
        static_cast<std::uint16_t>(port));
  } catch (const std::exception& e) {
    std::cerr << "egovkpi-sim: cannot listen on 127.0.0.1:" << port << ": " << e.what() << '\n';
    return 1;
  }
  std::cout << "port=" << server->port() << '\n'
            << "egovkpi-sim: " << province.name << " " << generator.year << ", "
            << province.dossiers.size() << " dossiers, " << province.documents.size()
            << " documents (generated in " << generation.count() << " s)\n"
            << "  clock: " << (clock.frozen() ? "frozen at " : "running from ")
            << Rfc3339Utc(clock.Now()) << (clock.frozen() ? "" : " at speed " + std::to_string(speed)) << '\n'
            << "  http://127.0.0.1:" << server->port()
            << "/{onegate,portal,postal,edoc}  /truth  /control/faults  /control/clock\n"
            << std::flush;
  int signal = 0;
  sigwait(&signals, &signal);
  return 0;
}
