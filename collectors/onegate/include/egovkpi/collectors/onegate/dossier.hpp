// A dossier (HoSo) of the one-stop system as egovkpi keeps it: only the fields the KPIs
// need. The applicant's personal data (ChuHoSo, SoGiayToChuHoSo, SoDienThoai, Email,
// DiaChi) is dropped by the parser and has no field here.
#pragma once

#include <optional>
#include <string>

#include "egovkpi/collectors/local_time.hpp"

namespace egovkpi::collectors::onegate {

struct Dossier {
  std::string code;            // MaHoSo
  std::string procedure_code;  // MaTTHC
  std::string unit_code;       // MaDonVi
  int channel = 1;             // KenhThucHien: 1 in person, 2 online, 3 BCCI (absent = 1)
  int return_method = 0;       // HinhThuc: 0 in person/electronic, 1 BCCI (absent = 0)
  std::optional<int> level;    // MucDo 2/3/4, informational
  int status = 0;              // TrangThaiHoSo 1..10
  std::optional<TimePoint> submitted_at;  // NgayNopHoSo
  std::optional<TimePoint> received_at;   // NgayTiepNhan
  std::optional<TimePoint> due_at;        // NgayHenTra
  std::optional<TimePoint> finished_at;   // NgayKetThucXuLy
  std::optional<TimePoint> returned_at;   // NgayTra
  std::optional<TimePoint> refused_at;    // NgayTuChoi
  TimePoint updated_at;                   // NgayCapNhat
  bool deleted = false;                   // DaXoa
  std::optional<int> payment;             // DuocThanhToanTrucTuyen 0..3
  bool has_electronic_result = false;     // DanhSachGiayToKetQua non-empty

  bool operator==(const Dossier&) const = default;
};

// The keyset paging position: the next call asks for dossiers after this one.
struct DossierCursor {
  TimePoint updated_at;     // capnhat_tu
  std::string after_code;   // sau_ma_ho_so; empty on the very first call

  bool operator==(const DossierCursor&) const = default;
};

// Watermark text stored in egovkpi.source_watermark: "yyyyMMddHHmmss|MaHoSo".
std::string EncodeCursor(const DossierCursor& cursor);
std::optional<DossierCursor> DecodeCursor(std::string_view text);

}  // namespace egovkpi::collectors::onegate
