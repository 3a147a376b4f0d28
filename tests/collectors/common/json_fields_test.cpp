#include "egovkpi/collectors/json_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace egovkpi::collectors {
namespace {

boost::json::object Object(std::string_view json) { return boost::json::parse(json).as_object(); }

TEST(JsonFields, ReadsStringsAndPrintsIntegersInDecimal) {
  const auto record = Object(R"({"s": "Sở Tư pháp", "i": 21, "n": -3, "u": 18446744073709551615})");
  EXPECT_EQ(ReadString(record, "s").value, "Sở Tư pháp");
  EXPECT_EQ(ReadString(record, "i").value, "21");
  EXPECT_EQ(ReadString(record, "n").value, "-3");
  EXPECT_EQ(ReadString(record, "u").value, "18446744073709551615");
}

TEST(JsonFields, MissingNullAndEmptyStringAreAbsent) {
  const auto record = Object(R"({"null": null, "empty": ""})");
  for (const char* name : {"missing", "null", "empty"}) {
    EXPECT_FALSE(ReadString(record, name).present) << name;
    EXPECT_FALSE(ReadCode(record, name).present) << name;
    EXPECT_FALSE(ReadBool(record, name).present) << name;
    EXPECT_FALSE(ReadString(record, name).invalid()) << name;
  }
}

TEST(JsonFields, RejectsStringsOfOtherKinds) {
  const auto record = Object(R"({"d": 1.5, "b": true, "a": ["x"], "o": {"x": 1}})");
  for (const char* name : {"d", "b", "a", "o"}) {
    EXPECT_TRUE(ReadString(record, name).invalid()) << name;
  }
}

TEST(JsonFields, ReadsCodeFromIntegerOrDigitString) {
  const auto record =
      Object(R"({"n": 2, "s": "2", "z": "007", "neg": -1, "big": "9223372036854775807"})");
  EXPECT_EQ(ReadCode(record, "n").value, 2);
  EXPECT_EQ(ReadCode(record, "s").value, 2);
  EXPECT_EQ(ReadCode(record, "z").value, 7);
  EXPECT_EQ(ReadCode(record, "neg").value, -1);  // an integer; its table rejects it
  EXPECT_EQ(ReadCode(record, "big").value, INT64_MAX);
}

TEST(JsonFields, RejectsCodesThatAreNotPlainDigits) {
  const auto record = Object(R"({
    "space_before": " 2", "space_after": "2 ", "minus": "-2", "plus": "+2", "decimal": "2.0",
    "double": 2.0, "bool": true, "array": [2], "object": {"v": 2}, "word": "hai",
    "overflow": "9223372036854775808", "huge": 18446744073709551615, "fullwidth": "２"})");
  for (const auto& member : record) {
    const Field<std::int64_t> code = ReadCode(record, member.key());
    EXPECT_TRUE(code.invalid()) << member.key();
  }
}

TEST(JsonFields, ReadsBoolForms) {
  const auto record = Object(R"({"t": true, "f": false, "one": 1, "zero": 0, "s1": "1",
                                 "s0": "0", "st": "true", "sf": "false"})");
  for (const char* name : {"t", "one", "s1", "st"})
    EXPECT_EQ(ReadBool(record, name).value, true) << name;
  for (const char* name : {"f", "zero", "s0", "sf"})
    EXPECT_EQ(ReadBool(record, name).value, false) << name;
}

TEST(JsonFields, RejectsOtherBoolForms) {
  const auto record = Object(R"({"two": 2, "minus": -1, "yes": "yes", "upper": "TRUE",
                                 "spaced": " 1", "double": 1.0, "array": [], "object": {}})");
  for (const auto& member : record) {
    EXPECT_TRUE(ReadBool(record, member.key()).invalid()) << member.key();
  }
}

TEST(JsonFields, DetectsNonEmptyArrays) {
  const auto record = Object(R"({"full": [{}], "empty": [], "null": null, "string": "x"})");
  EXPECT_TRUE(HasNonEmptyArray(record, "full"));
  EXPECT_FALSE(HasNonEmptyArray(record, "empty"));
  EXPECT_FALSE(HasNonEmptyArray(record, "null"));
  EXPECT_FALSE(HasNonEmptyArray(record, "string"));
  EXPECT_FALSE(HasNonEmptyArray(record, "missing"));
}

TEST(JsonFields, SerializesWithoutDroppedFieldsInServedOrder) {
  const auto record = Object(R"({"c": 1, "ChuHoSo": "Nguyễn Văn A", "a": "Đà Lạt", "b": [1, 2]})");
  EXPECT_EQ(SerializeWithout(record, {"ChuHoSo"}), R"({"c":1,"a":"Đà Lạt","b":[1,2]})");
  EXPECT_EQ(SerializeWithout(record, {}),
            R"({"c":1,"ChuHoSo":"Nguyễn Văn A","a":"Đà Lạt","b":[1,2]})");
  EXPECT_EQ(record.size(), 4U);  // the record itself is untouched
}

TEST(JsonFields, SerializeWithoutMatchesNamesIgnoringAsciiCase) {
  const auto record = Object(R"({"email": "a@example.vn", "EMAIL": "b@example.vn", "keep": 1})");
  constexpr std::string_view kDropped[] = {"Email"};
  EXPECT_EQ(SerializeWithout(record, kDropped), R"({"keep":1})");
}

}  // namespace
}  // namespace egovkpi::collectors
