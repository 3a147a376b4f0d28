#include "egovkpi/collectors/local_time.hpp"

#include <gtest/gtest.h>

namespace egovkpi::collectors {
namespace {

using namespace std::chrono_literals;

TimePoint Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return TimePoint{std::chrono::sys_days{std::chrono::year{y} / m / d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

TEST(LocalTime, ParsesCompactLocalTimeAsUtcPlusSeven) {
  EXPECT_EQ(ParseCompactLocalTime("20210101000000"), Utc(2020, 12, 31, 17));
  EXPECT_EQ(ParseCompactLocalTime("20210305142210"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseCompactLocalTime("20211231235959"), Utc(2021, 12, 31, 16, 59, 59));
}

TEST(LocalTime, AcceptsLeapDayOfLeapYears) {
  EXPECT_EQ(ParseCompactLocalTime("20200229120000"), Utc(2020, 2, 29, 5));
  EXPECT_EQ(ParseCompactLocalTime("20000229000000"), Utc(2000, 2, 28, 17));
  EXPECT_EQ(ParseCompactLocalDate("20240229"), Utc(2024, 2, 28, 17));
}

TEST(LocalTime, RejectsLeapDayOfCommonYears) {
  EXPECT_EQ(ParseCompactLocalTime("20210229000000"), std::nullopt);
  EXPECT_EQ(ParseCompactLocalTime("19000229000000"), std::nullopt);  // century, not /400
  EXPECT_EQ(ParseCompactLocalDate("20230229"), std::nullopt);
}

TEST(LocalTime, RejectsDatesThatDoNotExist) {
  for (const char* text : {"20210230000000", "20210431000000", "20210001000000", "20211301000000",
                           "20210100000000", "20210132000000", "00000101000000"}) {
    EXPECT_EQ(ParseCompactLocalTime(text), std::nullopt) << text;
  }
}

TEST(LocalTime, RejectsTimesOfDayOutOfRange) {
  EXPECT_NE(ParseCompactLocalTime("20210305235959"), std::nullopt);
  for (const char* text : {"20210305240000", "20210305126000", "20210305125960"}) {
    EXPECT_EQ(ParseCompactLocalTime(text), std::nullopt) << text;
  }
}

TEST(LocalTime, RejectsCompactTimeOfWrongLengthOrWithNonDigits) {
  for (const char* text :
       {"", "2021030514221", "202103051422100", "2021030514221a", "+0210305142210",
        "2021030514221 ", " 20210305142210", "2021-03-05 14:2", "20210305", "２0210305142210"}) {
    EXPECT_EQ(ParseCompactLocalTime(text), std::nullopt) << text;
  }
}

TEST(LocalTime, FormatsCompactLocalTime) {
  EXPECT_EQ(FormatCompactLocalTime(Utc(2020, 12, 31, 17)), "20210101000000");
  EXPECT_EQ(FormatCompactLocalTime(Utc(2021, 3, 5, 7, 22, 10)), "20210305142210");
  EXPECT_EQ(FormatCompactLocalTime(Utc(5, 1, 1, 17)), "00050102000000");
}

TEST(LocalTime, CompactLocalTimeRoundTrips) {
  for (const char* text :
       {"20210305142210", "20200229235959", "19991231170000", "00010101000000", "99991231235959"}) {
    const auto parsed = ParseCompactLocalTime(text);
    ASSERT_NE(parsed, std::nullopt) << text;
    EXPECT_EQ(FormatCompactLocalTime(*parsed), text);
  }
}

TEST(LocalTime, ParsesIso8601WithOffset) {
  EXPECT_EQ(ParseIso8601("2021-03-05T14:22:10+07:00"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-03-05T07:22:10Z"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-03-05T07:22:10+00:00"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-03-04T20:52:10-10:30"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-01-01T00:30:00+07:00"), Utc(2020, 12, 31, 17, 30));
  EXPECT_EQ(ParseIso8601("2021-03-05t07:22:10z"), Utc(2021, 3, 5, 7, 22, 10));  // RFC 3339
}

TEST(LocalTime, TruncatesIso8601FractionalSeconds) {
  EXPECT_EQ(ParseIso8601("2021-03-05T14:22:10.999+07:00"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-03-05T07:22:10.5Z"), Utc(2021, 3, 5, 7, 22, 10));
  EXPECT_EQ(ParseIso8601("2021-03-05T07:22:10.123456789012Z"), Utc(2021, 3, 5, 7, 22, 10));
}

TEST(LocalTime, RejectsMalformedIso8601) {
  for (const char* text :
       {"", "2021-03-05T14:22:10", "2021-03-05 14:22:10Z", "2021-03-05T14:22:10+0700",
        "2021-03-05T14:22:10+07", "2021-03-05T14:22:10.Z", "2021-03-05T14:22:10+24:00",
        "2021-03-05T14:22:10+07:60", "2021-03-05T14:22:10Zx", "2021-03-05T14:22Z",
        "2021-02-29T14:22:10Z", "2021-03-05T24:00:00Z", "2021/03/05T14:22:10Z",
        "2021-03-05T14:22:10 +07:00", "2021-3-05T14:22:10Z", "2021-03-05"}) {
    EXPECT_EQ(ParseIso8601(text), std::nullopt) << text;
  }
}

TEST(LocalTime, ParsesDatesAsLocalMidnight) {
  const TimePoint midnight = Utc(2021, 3, 4, 17);
  EXPECT_EQ(ParseCompactLocalDate("20210305"), midnight);
  EXPECT_EQ(ParseSlashDate("2021/03/05"), midnight);
  EXPECT_EQ(ParseIsoLocalDate("2021-03-05"), midnight);
}

TEST(LocalTime, RejectsMalformedDates) {
  for (const char* text : {"2021/3/5", "2021-03-05", "2021/02/29", "2021/03/05 ", "20210305"}) {
    EXPECT_EQ(ParseSlashDate(text), std::nullopt) << text;
  }
  for (const char* text : {"2021-3-5", "2021/03/05", "2021-02-29", "2021-13-01", "20210305"}) {
    EXPECT_EQ(ParseIsoLocalDate(text), std::nullopt) << text;
  }
  for (const char* text : {"2021035", "202103051", "2021-0305", "20211301", "20210230"}) {
    EXPECT_EQ(ParseCompactLocalDate(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace egovkpi::collectors
