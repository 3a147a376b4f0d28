// The malformed replies every collector's page parser is tested against (the fault matrix of
// shared/notes/style.md): each must give a kParse failure with a short, non-empty message.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "egovkpi/collectors/fetch_result.hpp"

namespace egovkpi::collectors::test_support {

template <class Page>
void ExpectParseFailure(const FetchResult<Page>& result) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().reason, FailureReason::kParse);
  EXPECT_FALSE(result.failure().message.empty());
  EXPECT_LT(result.failure().message.size(), 200U);
}

// Bytes that are no JSON at all (binary, an HTML error page from a proxy, empty, blank),
// plus two in the contract's own envelope: one holding invalid UTF-8, and a valid page
// followed by text.
inline std::vector<std::string> GarbageReplies(std::string invalid_utf8_page,
                                               std::string page_with_trailing_text) {
  return {std::string("\x00\xff\xfe\x7f garbage", 12),
          "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
          "",
          "   ",
          std::move(invalid_utf8_page),
          std::move(page_with_trailing_text)};
}

// Valid JSON whose top level is not an object: `record` inside an array, a string, a
// number, null.
inline std::vector<std::string> NonObjectReplies(const std::string& record) {
  return {"[" + record + "]", "\"ok\"", "0", "null"};
}

}  // namespace egovkpi::collectors::test_support
