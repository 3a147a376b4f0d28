// Fetches pages of changed dossiers from the one-stop system (LayDanhSachHoSo) through the
// LGSP client. The caller (the daemon's poller) owns the cursor and stores each page with
// its new cursor in one transaction.
#pragma once

#include <stop_token>

#include "egovkpi/collectors/lgsp/lgsp_client.hpp"
#include "egovkpi/collectors/onegate/dossier_parser.hpp"

namespace egovkpi::collectors::onegate {

class OnegateCollector {
 public:
  OnegateCollector(lgsp::LgspOptions options, int page_size);

  // One page of dossiers changed at or after `cursor`.
  FetchResult<DossierPage> FetchPage(const DossierCursor& cursor, std::stop_token stop);

 private:
  lgsp::LgspClient client_;
  int page_size_;
};

}  // namespace egovkpi::collectors::onegate
