#include "sql_literals.hpp"

#include <gtest/gtest.h>

namespace egovkpi::storage::detail {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(SqlLiterals, FormatsWholeSecondsInUtc) {
  const sys_seconds t = sys_days{2021y / 3 / 5} + 7h + 22min + 10s;
  EXPECT_EQ(FormatUtcTimestamp(t), "2021-03-05 07:22:10+00");
}

TEST(SqlLiterals, FormatsMicroseconds) {
  const auto t = sys_days{2021y / 12 / 31} + 23h + 59min + 59s + 250ms + 3us;
  EXPECT_EQ(FormatUtcTimestamp(t), "2021-12-31 23:59:59.250003+00");
}

TEST(SqlLiterals, FormatsTimesBefore1970) {
  const sys_seconds t = sys_days{1969y / 12 / 31} + 23h;
  EXPECT_EQ(FormatUtcTimestamp(t), "1969-12-31 23:00:00+00");
}

TEST(SqlLiterals, FormatsYearZeroAsOneBc) {
  const sys_seconds t = sys_days{year{0} / 1 / 1};
  EXPECT_EQ(FormatUtcTimestamp(t), "0001-01-01 00:00:00+00 BC");
}

TEST(SqlLiterals, TimestampSqlOfNothingIsNull) {
  EXPECT_EQ(TimestampSql(std::optional<sys_seconds>{}), "NULL");
  EXPECT_EQ(TimestampSql(sys_seconds{}), "'1970-01-01 00:00:00+00'::timestamptz");
}

TEST(SqlLiterals, ValidTextKeepsValidUtf8) {
  const std::string vietnamese = "UBND xã Ia Rsươm – Sở Thông tin và Truyền thông 𝄞";
  EXPECT_EQ(ValidText(vietnamese), vietnamese);
}

TEST(SqlLiterals, ValidTextReplacesInvalidUtf8AndDropsNul) {
  EXPECT_EQ(ValidText(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(ValidText("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ValidText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong '/'
  EXPECT_EQ(ValidText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ValidText("x\xE1\xBB"), "x\xEF\xBF\xBD\xEF\xBF\xBD");        // cut short
}

}  // namespace
}  // namespace egovkpi::storage::detail
