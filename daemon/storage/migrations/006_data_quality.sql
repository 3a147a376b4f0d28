-- 006_data_quality: the data-quality findings (issue 4): records the sources disagree about,
-- listed one row per finding in the view egovkpi.data_quality_finding and counted per check
-- in the metric egovkpi_data_quality_findings{check} (CountDataQualityFindings).
--
-- The view is computed when read: it stores nothing and needs no refresh. Every check is an
-- anti-join or semi-join on an indexed key (unit and dossier primary keys, the service_pair
-- primary key's (unit_code, procedure_code) prefix, postal_item.order_number), so one read
-- costs a few scans of the record tables, not a nested loop.
--
-- Columns:
--   check_id    one of the fixed ids below (the `check` label of the metric; not named
--               "check", a reserved word users would have to quote)
--   source      onegate | postal | edoc: the source of the record the finding is about
--   record_key  MaHoSo (onegate), ItemCode (postal), DocumentId (edoc)
--   unit_code   the record's unit (MaDonVi, UnitCode, OrganId); NULL when the record has none
--   detail      a short text saying what is wrong
--   found_time  the record's own time (see each check), not when the finding was computed
--
-- Dossiers marked deleted (DaXoa) count nowhere in the KPIs and are never findings. Status
-- does not matter except where a check says so.
--
-- The checks:
--   unknown_unit
--     a dossier whose unit_code, a postal item whose unit_code (when it has one) or a
--     document whose organ_id is not in egovkpi.unit. A unit the catalogue listed once and
--     later withdrew is still known (kpi.md: every unit ever listed gets its rows). Such
--     records count in the province scope only (kpi.md, "Scopes").
--     found_time: dossier reception time (NgayTiepNhan, else NgayNopHoSo, else NgayCapNhat);
--     postal item: EventTime of its first event; document: SentAt (out) or ReceivedAt (in),
--     else UpdatedAt.
--   online_with_postal_receipt
--     a dossier with KenhThucHien = 2 (online) that has a postal item of type NHAN_HO_SO whose
--     current status is not 7 (cancelled). kpi.md counts it as online only. One row per
--     dossier; detail names the items. found_time: the dossier's reception time.
--   bcci_return_without_postal_item
--     a dossier with HinhThuc = 1 (return via BCCI) whose result was returned
--     (TrangThaiHoSo = 10) and that has no postal item of type TRA_KET_QUA with a current
--     status other than 7. Dossiers not yet returned are not findings: VNPost only gets the
--     item when the result is handed over. A cancelled item does not count as a return.
--     found_time: NgayTra, else NgayCapNhat.
--   postal_return_without_bcci_flag
--     the reverse: a postal item of type TRA_KET_QUA, current status not 7, whose dossier
--     (OrderNumber = MaHoSo, stored and not deleted) has HinhThuc = 0. kpi.md counts the
--     dossier as returned via BCCI. Items whose dossier is not stored are not findings (the
--     dossier may not have been polled yet). found_time: EventTime of the item's first event.
--   no_service_pair
--     a dossier whose (unit_code, procedure_code) has no row at all in egovkpi.service_pair
--     (whatever its validity or withdrawal): the unit never offered that procedure. A
--     dossier of an unknown unit is also reported here (each check stands alone).
--     found_time: the dossier's reception time.
--   dates_out_of_order
--     a dossier with NgayTiepNhan < NgayNopHoSo, or NgayKetThucXuLy before its reception
--     time (NgayTiepNhan, else NgayNopHoSo), or NgayTra < NgayKetThucXuLy (each pair only
--     when both are present; equal times are in order). One row per dossier; detail names
--     the pairs. found_time: the dossier's reception time, else NgayCapNhat.

CREATE VIEW egovkpi.data_quality_finding AS
-- unknown_unit: dossiers
SELECT 'unknown_unit'::text AS check_id, 'onegate'::text AS source, d.code AS record_key,
       d.unit_code, 'MaDonVi không có trong danh mục / unit not in catalogue'::text AS detail,
       COALESCE(d.received_at, d.submitted_at, d.updated_at) AS found_time
FROM egovkpi.dossier d
WHERE NOT d.deleted
  AND NOT EXISTS (SELECT FROM egovkpi.unit u WHERE u.code = d.unit_code)
UNION ALL
-- unknown_unit: postal items
SELECT 'unknown_unit', 'postal', p.item_code, p.unit_code,
       'UnitCode không có trong danh mục / unit not in catalogue',
       p.first_event_time
FROM egovkpi.postal_item p
WHERE p.unit_code IS NOT NULL
  AND NOT EXISTS (SELECT FROM egovkpi.unit u WHERE u.code = p.unit_code)
UNION ALL
-- unknown_unit: documents
SELECT 'unknown_unit', 'edoc', doc.document_id, doc.organ_id,
       'OrganId không có trong danh mục / unit not in catalogue (' || doc.direction || ')',
       COALESCE(CASE doc.direction WHEN 'out' THEN doc.sent_at ELSE doc.received_at END,
                doc.updated_at)
FROM egovkpi.document doc
WHERE NOT EXISTS (SELECT FROM egovkpi.unit u WHERE u.code = doc.organ_id)
UNION ALL
-- online_with_postal_receipt
SELECT 'online_with_postal_receipt', 'onegate', d.code, d.unit_code,
       'hồ sơ trực tuyến có bưu gửi NHAN_HO_SO / online dossier with postal receipt item ' ||
         items.codes,
       COALESCE(d.received_at, d.submitted_at, d.updated_at)
FROM (SELECT p.order_number, string_agg(p.item_code, ', ' ORDER BY p.item_code) AS codes
      FROM egovkpi.postal_item p
      WHERE p.service_type = 'NHAN_HO_SO' AND p.status <> 7
      GROUP BY p.order_number) items
JOIN egovkpi.dossier d ON d.code = items.order_number
WHERE NOT d.deleted AND d.channel = 2
UNION ALL
-- bcci_return_without_postal_item
SELECT 'bcci_return_without_postal_item', 'onegate', d.code, d.unit_code,
       'HinhThuc = 1 nhưng không có bưu gửi TRA_KET_QUA / BCCI return with no postal return item',
       COALESCE(d.returned_at, d.updated_at)
FROM egovkpi.dossier d
WHERE NOT d.deleted AND d.return_method = 1 AND d.status = 10
  AND NOT EXISTS (SELECT FROM egovkpi.postal_item p
                  WHERE p.order_number = d.code AND p.service_type = 'TRA_KET_QUA'
                    AND p.status <> 7)
UNION ALL
-- postal_return_without_bcci_flag
SELECT 'postal_return_without_bcci_flag', 'postal', p.item_code,
       COALESCE(p.unit_code, d.unit_code),
       'bưu gửi TRA_KET_QUA nhưng hồ sơ ' || d.code ||
         ' có HinhThuc = 0 / postal return item, dossier not marked BCCI return',
       p.first_event_time
FROM egovkpi.postal_item p
JOIN egovkpi.dossier d ON d.code = p.order_number
WHERE p.service_type = 'TRA_KET_QUA' AND p.status <> 7
  AND NOT d.deleted AND d.return_method = 0
UNION ALL
-- no_service_pair
SELECT 'no_service_pair', 'onegate', d.code, d.unit_code,
       'đơn vị không cung cấp TTHC ' || d.procedure_code ||
         ' / no service pair for procedure at unit',
       COALESCE(d.received_at, d.submitted_at, d.updated_at)
FROM egovkpi.dossier d
WHERE NOT d.deleted
  AND NOT EXISTS (SELECT FROM egovkpi.service_pair s
                  WHERE s.unit_code = d.unit_code AND s.procedure_code = d.procedure_code)
UNION ALL
-- dates_out_of_order
SELECT 'dates_out_of_order', 'onegate', d.code, d.unit_code,
       'thứ tự ngày sai / dates out of order: ' ||
         concat_ws(', ',
           CASE WHEN d.received_at < d.submitted_at
                THEN 'NgayTiepNhan < NgayNopHoSo' END,
           CASE WHEN d.finished_at < COALESCE(d.received_at, d.submitted_at)
                THEN 'NgayKetThucXuLy < NgayTiepNhan' END,
           CASE WHEN d.returned_at < d.finished_at
                THEN 'NgayTra < NgayKetThucXuLy' END),
       COALESCE(d.received_at, d.submitted_at, d.updated_at)
FROM egovkpi.dossier d
WHERE NOT d.deleted
  AND (d.received_at < d.submitted_at
       OR d.finished_at < COALESCE(d.received_at, d.submitted_at)
       OR d.returned_at < d.finished_at);

COMMENT ON VIEW egovkpi.data_quality_finding IS
  'One row per data-quality finding; the checks are defined in migration 006_data_quality.sql';

-- Analysts and Grafana read it; the view reads the tables with its owner's rights.
GRANT SELECT ON egovkpi.data_quality_finding TO egovkpi_reader, egovkpi_writer;
