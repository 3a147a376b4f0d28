// Reading one untrusted upstream record field by field, noting every problem instead of
// stopping at the first. A record with no problem is valid; otherwise it is rejected with
// the first problem's reason and every problem in the detail. Each collector's parser
// derives its reader from this one and adds the fields of its contract.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "egovkpi/collectors/rejected_record.hpp"

namespace egovkpi::collectors {

class RecordReader {
 public:
  explicit RecordReader(const boost::json::object& record) : record_(record) {}

  [[nodiscard]] bool valid() const { return problems_.empty(); }

  // Notes a problem with field `name`; `reason` is one of kRejectReasons.
  void Add(std::string_view reason, std::string_view name, const std::string& what);

  // A required code carried as a string (numbers accepted): missing_field when absent,
  // bad_code when not a string.
  std::string RequiredString(std::string_view name);

  // The rejection of this record (call only when !valid()): the first problem's reason, the
  // detail `detail_prefix` followed by every problem.
  [[nodiscard]] RejectedRecord Rejection(std::string key, std::string payload,
                                         std::string detail_prefix = {}) const;

 protected:
  const boost::json::object& record_;

 private:
  struct Problem {
    std::string_view reason;  // a kRejectReasons entry (static storage)
    std::string detail;
  };
  std::vector<Problem> problems_;
};

}  // namespace egovkpi::collectors
