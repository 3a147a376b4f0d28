// Plausible, entirely fake personal data of a dossier's applicant (ChuHoSo and friends),
// derived from a key (the dossier code) so that every version of a dossier shows the same
// person. It exists so that clients can be tested for never storing or logging it.
#pragma once

#include <string>
#include <string_view>

namespace egovkpi::sim {

struct FakeApplicant {
  std::string name;       // ChuHoSo, e.g. "Nguyễn Thị Hạnh", "Ksor Blơi"
  std::string id_number;  // SoGiayToChuHoSo: 12 digits (citizen identity card)
  std::string phone;      // SoDienThoai: 10 digits starting with 0
  std::string email;      // Email
  std::string address;    // DiaChi, ending with "tỉnh <province_name>"
};

FakeApplicant MakeFakeApplicant(std::string_view key, std::string_view province_name);
// The same into `out`, reusing its strings' storage (for writing many records).
void FillFakeApplicant(std::string_view key, std::string_view province_name, FakeApplicant& out);

}  // namespace egovkpi::sim
