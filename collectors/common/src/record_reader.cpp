#include "egovkpi/collectors/record_reader.hpp"

#include "egovkpi/collectors/json_fields.hpp"

namespace egovkpi::collectors {

void RecordReader::Add(std::string_view reason, std::string_view name, const std::string& what) {
  problems_.push_back({reason, std::string(name) + ": " + what});
}

std::string RecordReader::RequiredString(std::string_view name) {
  Field<std::string> field = ReadString(record_, name);
  if (field.value) return std::move(*field.value);
  if (field.present) {
    Add("bad_code", name, Quote(record_, name) + " is not a string");
  } else {
    Add("missing_field", name, "required field is missing");
  }
  return {};
}

RejectedRecord RecordReader::Rejection(std::string key, std::string payload,
                                       std::string detail_prefix) const {
  RejectedRecord rejected{.reason = std::string(problems_.front().reason),
                          .detail = std::move(detail_prefix),
                          .key = std::move(key),
                          .payload = std::move(payload)};
  for (std::size_t i = 0; i < problems_.size(); ++i) {
    if (i > 0) rejected.detail += "; ";
    rejected.detail += problems_[i].detail;
  }
  return rejected;
}

}  // namespace egovkpi::collectors
