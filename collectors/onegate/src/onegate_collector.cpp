#include "egovkpi/collectors/onegate/onegate_collector.hpp"

#include <boost/json/object.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "egovkpi/collectors/local_time.hpp"

namespace egovkpi::collectors::onegate {

namespace {
constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 1000;  // the contract's bound for so_ban_ghi
}  // namespace

OnegateCollector::OnegateCollector(lgsp::LgspOptions options, int page_size)
    : client_(std::move(options)), page_size_(page_size) {
  if (page_size < kMinPageSize || page_size > kMaxPageSize) {
    throw std::invalid_argument("page size " + std::to_string(page_size) + " is outside 1..1000");
  }
}

FetchResult<DossierPage> OnegateCollector::FetchPage(const DossierCursor& cursor,
                                                     std::stop_token stop) {
  boost::json::object params;
  params["capnhat_tu"] = FormatCompactLocalTime(cursor.updated_at);
  if (!cursor.after_code.empty()) params["sau_ma_ho_so"] = cursor.after_code;
  params["so_ban_ghi"] = static_cast<std::int64_t>(page_size_);

  FetchResult<boost::json::object> reply = client_.Call("LayDanhSachHoSo", params, std::move(stop));
  if (!reply.ok()) return reply.failure();
  return ParseDossierPage(reply.value());
}

}  // namespace egovkpi::collectors::onegate
