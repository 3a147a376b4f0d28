// The ServiceType words and the lastId watermark text.
#include "egovkpi/collectors/postal/postal_event.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace egovkpi::collectors::postal {
namespace {

TEST(PostalServiceType, UsesTheContractWords) {
  EXPECT_EQ(ToString(ServiceType::kReceipt), "NHAN_HO_SO");
  EXPECT_EQ(ToString(ServiceType::kReturn), "TRA_KET_QUA");
  EXPECT_EQ(ParseServiceType("NHAN_HO_SO"), ServiceType::kReceipt);
  EXPECT_EQ(ParseServiceType("TRA_KET_QUA"), ServiceType::kReturn);
}

TEST(PostalServiceType, RefusesAnythingElse) {
  for (const char* text : {"", "nhan_ho_so", "Tra_Ket_Qua", " NHAN_HO_SO", "NHAN_HO_SO ",
                           "NHANHOSO", "GUI_HANG", "1"}) {
    EXPECT_EQ(ParseServiceType(text), std::nullopt) << text;
  }
}

TEST(PostalLastId, RoundTripsAsDecimal) {
  for (const std::int64_t id : {std::int64_t{0}, std::int64_t{42}, std::int64_t{1} << 40,
                                std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(DecodeLastId(EncodeLastId(id)), id);
  }
  EXPECT_EQ(EncodeLastId(1007), "1007");
}

TEST(PostalLastId, RefusesMalformedText) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "abc", "9223372036854775808",
                           "99999999999999999999"}) {
    EXPECT_EQ(DecodeLastId(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace egovkpi::collectors::postal
