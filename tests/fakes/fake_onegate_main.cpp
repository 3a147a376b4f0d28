// egovkpi-fake-onegate: a stand-in one-stop system for the demo until egovkpi-sim serves
// all four upstreams. It serves a backlog of dossiers of 2021, then every second receives
// new dossiers and moves older ones through their lifecycle (each change a new version with
// a later NgayCapNhat), with the applicant's personal fields filled with fake values.
// Prints "port=<n>" on its first line of output; stops on SIGINT/SIGTERM.
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#include "egovkpi/collectors/local_time.hpp"
#include "fake_lgsp_server.hpp"

namespace {

volatile sig_atomic_t g_stop = 0;

const char* const kUnits[] = {"000.00.12.H21", "000.00.31.H21", "000.30.31.H21",
                              "000.31.31.H21", "000.40.31.H21", "000.41.31.H21"};
const char* const kProcedures[] = {"1.001612.000.00.00.H21", "1.000894.000.00.00.H21",
                                   "2.000889.000.00.00.H21", "1.003003.000.00.00.H21"};

std::string Compact(std::chrono::sys_seconds utc) {
  return egovkpi::collectors::FormatCompactLocalTime(utc);
}

class Province {
 public:
  explicit Province(egovkpi::fakes::FakeLgspServer& server) : server_(server) {}

  // A new dossier received at `t`.
  void Receive(std::chrono::sys_seconds t) {
    const int n = next_++;
    char code[64];
    std::snprintf(code, sizeof code, "H21.30-%s-%05d", Compact(t).substr(2, 6).c_str(), n);
    const int channel = std::uniform_int_distribution<int>(1, 100)(rng_) <= 30 ? 2 : 1;
    boost::json::object d{{"MaHoSo", code},
                          {"MaTTHC", kProcedures[n % 4]},
                          {"TenTTHC", "Cấp giấy phép xây dựng"},
                          {"MaDonVi", kUnits[n % 6]},
                          {"KenhThucHien", n % 2 ? boost::json::value(channel)
                                                 : boost::json::value(std::to_string(channel))},
                          {"TrangThaiHoSo", 2},
                          {"NgayTiepNhan", Compact(t)},
                          {"NgayHenTra", Compact(t + std::chrono::days(10))},
                          {"NgayCapNhat", Compact(t)},
                          {"ChuHoSo", "Rơ Châm H'Linh"},
                          {"SoGiayToChuHoSo", "064195001234"},
                          {"SoDienThoai", "0905123456"},
                          {"DiaChi", "12 Hùng Vương, Pleiku"}};
    server_.UpsertDossier(d);
    open_.push_back(std::move(d));
  }

  // Moves the oldest open dossier one status forward at `t`.
  void Advance(std::chrono::sys_seconds t) {
    if (open_.empty()) return;
    auto d = open_.front();
    open_.erase(open_.begin());
    const auto status = d["TrangThaiHoSo"].as_int64();
    d["TrangThaiHoSo"] = status == 2 ? 4 : status == 4 ? 9 : 10;
    d["NgayCapNhat"] = Compact(t);
    if (status == 4) d["NgayKetThucXuLy"] = Compact(t);
    if (status == 9) d["NgayTra"] = Compact(t);
    server_.UpsertDossier(d);
    if (d["TrangThaiHoSo"].as_int64() != 10) open_.push_back(std::move(d));
  }

 private:
  egovkpi::fakes::FakeLgspServer& server_;
  std::mt19937 rng_{2021};
  std::vector<boost::json::object> open_;
  int next_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  egovkpi::fakes::FakeLgspOptions options;
  if (argc > 1) options.password = argv[1];
  egovkpi::fakes::FakeLgspServer server(options);
  Province province(server);

  // Simulated time starts on 4 January 2021, 08:00 local; one real second is one hour.
  auto now = std::chrono::sys_days(std::chrono::year(2021) / 1 / 4) + std::chrono::hours(1);
  for (int i = 0; i < 2000; ++i) province.Receive(now - std::chrono::minutes(2000 - i));

  std::cout << "port=" << server.port() << std::endl;
  signal(SIGINT, [](int) { g_stop = 1; });
  signal(SIGTERM, [](int) { g_stop = 1; });
  while (!g_stop) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    now += std::chrono::hours(1);
    for (int i = 0; i < 20; ++i) province.Receive(now + std::chrono::minutes(i));
    for (int i = 0; i < 25; ++i) province.Advance(now + std::chrono::minutes(30));
  }
  return 0;
}
