// Reads full snapshots of the portal's catalogue through the LGSP client: every page
// (`trang` from 1, `so_ban_ghi` records each) of LayDanhMucDonVi, LayDanhSachTTHC and
// LayDanhSachDichVuCong. The caller (the daemon's poller) stores a snapshot in one
// transaction; a snapshot that could not be read completely is a failure and is never
// handed out, so it changes nothing.
//
// A listing is complete when every page up to ceil(tong_so / so_ban_ghi) was read, every
// page gave the same tong_so, and the records add up to it. Records are counted by key,
// so a record served twice (offset paging over a listing that moves) counts once; a
// rejected record without a readable key counts as one of its own. Complete means: the
// records with a key are at most tong_so, and together with the keyless ones at least
// tong_so. A listing that fails this (it changed while paged, or a page came short) is
// read again from page 1, up to three reads in all, before the snapshot fails with kParse.
//
// Threading: used by one poller thread at a time.
#pragma once

#include <stop_token>

#include "egovkpi/collectors/lgsp/lgsp_client.hpp"
#include "egovkpi/collectors/portal/catalogue.hpp"
#include "egovkpi/collectors/portal/catalogue_parser.hpp"

namespace egovkpi::collectors::portal {

class PortalCollector {
 public:
  // `page_size` is so_ban_ghi, 1..1000 (std::invalid_argument otherwise).
  PortalCollector(lgsp::LgspOptions options, int page_size);

  // One complete snapshot of the three listings. Failures: those of the LGSP client
  // (after its retries), kParse for a reply that is not a page of the listing or a listing
  // that stays incomplete (or claims more than a million records), kCancelled when `stop`
  // fires.
  FetchResult<CatalogueSnapshot> FetchSnapshot(std::stop_token stop);

 private:
  lgsp::LgspClient client_;
  int page_size_;
};

}  // namespace egovkpi::collectors::portal
