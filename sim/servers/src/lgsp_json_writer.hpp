// Writes JSON text straight into a string: the one-stop system serves up to 1,000 dossiers
// per page, and building a JSON DOM for each would cost more than the lookup itself.
// Keys are trusted ASCII literals; string values are escaped (UTF-8 passes through).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace egovkpi::sim {

// Appends to `out`. Commas are placed by the writer; the caller keeps the nesting right.
// Starting without BeginObject writes a bare member list ("a":1,"b":2), which the LGSP
// envelope places after its own error_code and message.
class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // Inline: a page of dossiers writes some 25,000 keys.
  void Key(std::string_view key) {
    if (need_comma_) out_.push_back(',');
    out_.push_back('"');
    out_.append(key);
    out_.push_back('"');
    out_.push_back(':');
    need_comma_ = false;
  }

  void String(std::string_view value);
  // One string value made of `parts` one after the other (no temporary string).
  void StringParts(std::initializer_list<std::string_view> parts);
  // A string that needs no escaping (digits, times, ASCII codes): written as is.
  void TrustedString(std::string_view value);
  void Int(std::int64_t value);
  void Bool(bool value);
  // A code the upstream sends sometimes as a number, sometimes as a string ("2" or 2).
  void Code(std::int64_t value, bool as_text);

  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Member(std::string_view key, const char* value) {
    Key(key);
    String(value);
  }
  void Member(std::string_view key, std::int64_t value) {
    Key(key);
    Int(value);
  }
  void MemberDigits(std::string_view key, std::string_view digits) {
    Key(key);
    TrustedString(digits);
  }
  void MemberBool(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }
  void MemberCode(std::string_view key, std::int64_t value, bool as_text) {
    Key(key);
    Code(value, as_text);
  }

 private:
  void Separate() {
    if (need_comma_) out_.push_back(',');
  }

  std::string& out_;
  bool need_comma_ = false;
};

// `text` as a JSON string literal, quotes included.
std::string JsonQuoted(std::string_view text);

}  // namespace egovkpi::sim
