#include "fake_applicant.hpp"

#include <array>
#include <cstdint>

#include "stable_random.hpp"

namespace egovkpi::sim {
namespace {

struct Name {
  std::string_view text;
  std::string_view ascii;  // for the e-mail address
};

// Kinh family, middle and given names, and Jrai/Bahnar names as common in Gia Lai.
constexpr std::array kFamilies{
    Name{"Nguyễn", "nguyen"}, Name{"Trần", "tran"},   Name{"Lê", "le"},       Name{"Phạm", "pham"},
    Name{"Hoàng", "hoang"},   Name{"Huỳnh", "huynh"}, Name{"Phan", "phan"},   Name{"Vũ", "vu"},
    Name{"Võ", "vo"},         Name{"Đặng", "dang"},   Name{"Bùi", "bui"},     Name{"Đỗ", "do"},
    Name{"Hồ", "ho"},         Name{"Ngô", "ngo"},     Name{"Dương", "duong"}, Name{"Lý", "ly"}};
constexpr std::array kMiddles{Name{"Văn", "van"},   Name{"Thị", "thi"},     Name{"Hữu", "huu"},
                              Name{"Minh", "minh"}, Name{"Thanh", "thanh"}, Name{"Ngọc", "ngoc"},
                              Name{"Đức", "duc"},   Name{"Quang", "quang"}, Name{"Thu", "thu"},
                              Name{"Xuân", "xuan"}};
constexpr std::array kGivens{
    Name{"An", "an"},     Name{"Bình", "binh"},   Name{"Cường", "cuong"}, Name{"Dũng", "dung"},
    Name{"Hà", "ha"},     Name{"Hải", "hai"},     Name{"Hạnh", "hanh"},   Name{"Hiền", "hien"},
    Name{"Hùng", "hung"}, Name{"Hương", "huong"}, Name{"Khánh", "khanh"}, Name{"Lan", "lan"},
    Name{"Linh", "linh"}, Name{"Long", "long"},   Name{"Mai", "mai"},     Name{"Nam", "nam"},
    Name{"Nga", "nga"},   Name{"Phúc", "phuc"},   Name{"Quân", "quan"},   Name{"Sơn", "son"},
    Name{"Thảo", "thao"}, Name{"Trang", "trang"}, Name{"Tuấn", "tuan"},   Name{"Yến", "yen"}};
constexpr std::array kEthnicFamilies{
    Name{"Ksor", "ksor"},    Name{"Rơ Mah", "romah"}, Name{"Siu", "siu"},   Name{"Nay", "nay"},
    Name{"Rơ Lan", "rolan"}, Name{"Kpă", "kpa"},      Name{"Đinh", "dinh"}, Name{"Puih", "puih"}};
constexpr std::array kEthnicGivens{Name{"Blơi", "bloi"}, Name{"Hyưn", "hyun"}, Name{"Kly", "kly"},
                                   Name{"Đeh", "deh"},   Name{"Phơn", "phon"}, Name{"Hlim", "hlim"},
                                   Name{"Thuk", "thuk"}, Name{"Byưr", "byur"}};

constexpr std::array<std::string_view, 12> kPhonePrefixes{"32", "35", "36", "37", "38", "39",
                                                          "86", "96", "97", "98", "88", "91"};
constexpr std::array<std::string_view, 4> kMailDomains{"gmail.com", "gmail.com", "yahoo.com",
                                                       "outlook.com"};
constexpr std::array<std::string_view, 10> kStreets{
    "Hùng Vương",       "Trần Hưng Đạo", "Lê Lợi",  "Phạm Văn Đồng",       "Quang Trung",
    "Nguyễn Tất Thành", "Trường Chinh",  "Lê Duẩn", "Cách Mạng Tháng Tám", "Wừu"};
// Localities with streets (wards, towns) and villages in communes.
constexpr std::array<std::string_view, 8> kTownLocalities{
    "phường Tây Sơn, thành phố Pleiku", "phường Hội Thương, thành phố Pleiku",
    "phường Yên Đỗ, thành phố Pleiku",  "phường Ia Kring, thành phố Pleiku",
    "phường An Bình, thị xã An Khê",    "phường Cheo Reo, thị xã Ayun Pa",
    "thị trấn Chư Sê, huyện Chư Sê",    "thị trấn Kbang, huyện Kbang"};
constexpr std::array<std::string_view, 6> kVillages{"làng Plei Ring, xã Ia Rsươm, huyện Krông Pa",
                                                    "làng Ia Lâm, xã Ia Dơk, huyện Đức Cơ",
                                                    "thôn 3, xã Ia Hrú, huyện Chư Pưh",
                                                    "làng Kon Jốp, xã Đak Sơmei, huyện Đak Đoa",
                                                    "thôn Plei Bông, xã Ia Băng, huyện Chư Prông",
                                                    "làng Bông Pim, xã Ayun, huyện Mang Yang"};

template <typename Array>
const auto& Pick(const Array& array, std::uint64_t& state) {
  return array[SplitMix64(state) % array.size()];
}

void AppendDigits(std::string& out, std::uint64_t& state, int count) {
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + SplitMix64(state) % 10));
}

}  // namespace

FakeApplicant MakeFakeApplicant(std::string_view key, std::string_view province_name) {
  FakeApplicant applicant;
  FillFakeApplicant(key, province_name, applicant);
  return applicant;
}

void FillFakeApplicant(std::string_view key, std::string_view province_name, FakeApplicant& a) {
  std::uint64_t state = StableHash(key);
  a.name.clear();
  a.email.clear();
  const Name* given = nullptr;
  const Name* family = nullptr;
  if (SplitMix64(state) % 5 == 0) {
    family = &Pick(kEthnicFamilies, state);
    given = &Pick(kEthnicGivens, state);
    a.name.append(family->text).append(" ").append(given->text);
  } else {
    family = &Pick(kFamilies, state);
    const Name& middle = Pick(kMiddles, state);
    given = &Pick(kGivens, state);
    a.name.append(family->text).append(" ").append(middle.text).append(" ").append(given->text);
  }

  // Citizen identity card: province of birth (064 is Gia Lai), century and sex, year, serial.
  const std::uint64_t birth_year = 1950 + SplitMix64(state) % 55;
  const bool female = Bit(SplitMix64(state), 0);
  a.id_number.assign("064");
  a.id_number.push_back(static_cast<char>('0' + (birth_year >= 2000 ? 2 : 0) + (female ? 1 : 0)));
  a.id_number.push_back(static_cast<char>('0' + birth_year / 10 % 10));
  a.id_number.push_back(static_cast<char>('0' + birth_year % 10));
  AppendDigits(a.id_number, state, 6);

  const std::string_view prefix = Pick(kPhonePrefixes, state);
  a.phone.clear();
  a.phone.push_back('0');
  a.phone.append(prefix);
  AppendDigits(a.phone, state, 7);

  a.email.append(given->ascii).append(family->ascii);
  a.email.push_back(static_cast<char>('0' + birth_year / 10 % 10));
  a.email.push_back(static_cast<char>('0' + birth_year % 10));
  a.email.append("@").append(Pick(kMailDomains, state));

  a.address.clear();
  if (Bit(SplitMix64(state), 0)) {
    const std::uint64_t number = 1 + SplitMix64(state) % 250;
    a.address.append("Số ");
    if (number >= 100) a.address.push_back(static_cast<char>('0' + number / 100));
    if (number >= 10) a.address.push_back(static_cast<char>('0' + number / 10 % 10));
    a.address.push_back(static_cast<char>('0' + number % 10));
    a.address.append(" đường ").append(Pick(kStreets, state)).append(", ");
    a.address.append(Pick(kTownLocalities, state));
  } else {
    a.address.append(Pick(kVillages, state));
  }
  a.address.append(", tỉnh ").append(province_name);
}

}  // namespace egovkpi::sim
