#include "lgsp_json_writer.hpp"

#include <charconv>
#include <cstring>

namespace egovkpi::sim {
namespace {

// True when one of the 8 bytes of `word` is a control character, '"' or '\\' (bit tricks
// from "Bit Twiddling Hacks": a zero byte of x shows in (x - 0x01..) & ~x & 0x80..).
bool NeedsEscape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t control = (word - kOnes * 0x20) & ~word;
  const std::uint64_t zero_quote = (quote - kOnes) & ~quote;
  const std::uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
  return ((control | zero_quote | zero_backslash) & kHighs) != 0;
}

// Appends `text` escaped, without quotes.
void AppendEscapedBody(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the pending run of bytes that need no escape
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!NeedsEscape(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    ++i;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(run, i - 1 - run));
    run = i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(text.substr(run));
}

void AppendInt(std::string& out, std::int64_t value) {
  char text[24];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  out.append(text, end);
}

}  // namespace

void JsonTextWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
}

void JsonTextWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
}

void JsonTextWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
}

void JsonTextWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
}

void JsonTextWriter::String(std::string_view value) {
  Separate();
  out_.push_back('"');
  AppendEscapedBody(out_, value);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonTextWriter::StringParts(std::initializer_list<std::string_view> parts) {
  Separate();
  out_.push_back('"');
  for (const std::string_view part : parts) AppendEscapedBody(out_, part);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonTextWriter::TrustedString(std::string_view value) {
  Separate();
  out_.push_back('"');
  out_.append(value);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonTextWriter::Int(std::int64_t value) {
  Separate();
  AppendInt(out_, value);
  need_comma_ = true;
}

void JsonTextWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  need_comma_ = true;
}

void JsonTextWriter::Code(std::int64_t value, bool as_text) {
  Separate();
  if (as_text) out_.push_back('"');
  AppendInt(out_, value);
  if (as_text) out_.push_back('"');
  need_comma_ = true;
}

std::string JsonQuoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  AppendEscapedBody(out, text);
  out.push_back('"');
  return out;
}

}  // namespace egovkpi::sim
