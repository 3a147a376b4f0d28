#include <gtest/gtest.h>

#include "egovkpi/collectors/onegate/dossier.hpp"

namespace egovkpi::collectors::onegate {
namespace {

TEST(DossierCursor, EncodesAsLocalTimeBarCode) {
  const DossierCursor cursor{.updated_at = *ParseCompactLocalTime("20210305142210"),
                             .after_code = "H21.30-210305-0042"};
  EXPECT_EQ(EncodeCursor(cursor), "20210305142210|H21.30-210305-0042");
  EXPECT_EQ(DecodeCursor("20210305142210|H21.30-210305-0042"), cursor);
}

TEST(DossierCursor, RoundTripsEmptyCodeOfTheFirstCall) {
  const DossierCursor cursor{.updated_at = *ParseCompactLocalTime("20210101000000"),
                             .after_code = ""};
  EXPECT_EQ(EncodeCursor(cursor), "20210101000000|");
  EXPECT_EQ(DecodeCursor(EncodeCursor(cursor)), cursor);
}

TEST(DossierCursor, KeepsBarsInsideTheCode) {
  const auto cursor = DecodeCursor("20210305142210|H21|30||x");
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(cursor->after_code, "H21|30||x");
  EXPECT_EQ(EncodeCursor(*cursor), "20210305142210|H21|30||x");
}

TEST(DossierCursor, RejectsMalformedCursors) {
  for (const char* text : {"", "|", "20210305142210", "2021030514221|x", "20210230000000|x",
                           "|H21.30-210305-0042", " 20210305142210|x", "2021-03-05T14:22:10Z|x"}) {
    EXPECT_EQ(DecodeCursor(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace egovkpi::collectors::onegate
