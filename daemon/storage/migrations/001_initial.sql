-- 001_initial: the normalized records of the four upstream systems, the pollers' state and
-- audit trail, the quarantine, and the two access roles.
--
-- Runs inside ApplyMigrations' transaction, after it has created the schema `egovkpi` and
-- the table egovkpi.schema_migration. All times are timestamptz; all codes are text.
-- Personal data of applicants has no column anywhere (upstream-api.md section 1).

-- Catalogue (portal): units, procedures and which unit offers which procedure. Rows are
-- never deleted: a row missing from a complete snapshot gets withdrawn_at (audit only; the
-- KPIs follow the validity dates). The API names no required field for units and
-- procedures besides their codes, so the rest may be NULL.
CREATE TABLE egovkpi.unit (
  code          text PRIMARY KEY,                -- MaDonVi
  name          text,                            -- TenDonVi
  level         smallint,                        -- CapDonVi: 1 province, 2 district, 3 commune
  parent_code   text,                            -- MaDonViCha
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  withdrawn_at  timestamptz
);
CREATE INDEX unit_parent_code_idx ON egovkpi.unit (parent_code);

CREATE TABLE egovkpi.procedure (
  code          text PRIMARY KEY,                -- MaTTHC
  name          text,                            -- TenTTHC
  field_code    text,                            -- MaLinhVuc
  field_name    text,                            -- TenLinhVuc
  has_fee       boolean NOT NULL DEFAULT false,  -- CoPhiLePhi
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  withdrawn_at  timestamptz
);

CREATE TABLE egovkpi.service_pair (
  unit_code      text NOT NULL,                  -- MaDonVi
  procedure_code text NOT NULL,                  -- MaTTHC
  valid_from     date NOT NULL,                  -- HieuLucTu (local date, inclusive)
  valid_to       date,                           -- HieuLucDen (local date, inclusive; NULL = open)
  level          smallint NOT NULL,              -- MucDo 2/3/4
  bcci_receive   boolean NOT NULL DEFAULT false, -- TiepNhanBCCI
  bcci_return    boolean NOT NULL DEFAULT false, -- TraKetQuaBCCI
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  withdrawn_at   timestamptz,
  PRIMARY KEY (unit_code, procedure_code, valid_from)
);

-- One-stop system: the newest version of each dossier (upserts keep the greatest
-- updated_at). Only the fields the KPIs need.
CREATE TABLE egovkpi.dossier (
  code                  text PRIMARY KEY,        -- MaHoSo
  procedure_code        text NOT NULL,           -- MaTTHC
  unit_code             text NOT NULL,           -- MaDonVi
  channel               smallint NOT NULL,       -- KenhThucHien: 1 in person, 2 online, 3 BCCI
  return_method         smallint NOT NULL,       -- HinhThuc: 0 in person/electronic, 1 BCCI
  level                 smallint,                -- MucDo (informational)
  status                smallint NOT NULL,       -- TrangThaiHoSo 1..10
  submitted_at          timestamptz,             -- NgayNopHoSo
  received_at           timestamptz,             -- NgayTiepNhan
  due_at                timestamptz,             -- NgayHenTra
  finished_at           timestamptz,             -- NgayKetThucXuLy
  returned_at           timestamptz,             -- NgayTra
  refused_at            timestamptz,             -- NgayTuChoi
  updated_at            timestamptz NOT NULL,    -- NgayCapNhat
  deleted               boolean NOT NULL DEFAULT false,  -- DaXoa
  payment               smallint,                -- DuocThanhToanTrucTuyen 0..3
  has_electronic_result boolean NOT NULL DEFAULT false,  -- DanhSachGiayToKetQua non-empty
  ingested_at           timestamptz NOT NULL DEFAULT now()  -- when this version was stored
);
-- Reception time (kpi.md): NgayTiepNhan, else NgayNopHoSo. The KPI queries filter on this
-- expression, alone or per unit (and procedure, for the per-pair KPIs).
CREATE INDEX dossier_reception_idx
  ON egovkpi.dossier ((COALESCE(received_at, submitted_at)));
CREATE INDEX dossier_unit_reception_idx
  ON egovkpi.dossier (unit_code, (COALESCE(received_at, submitted_at)));
CREATE INDEX dossier_unit_procedure_idx ON egovkpi.dossier (unit_code, procedure_code);
CREATE INDEX dossier_returned_at_idx ON egovkpi.dossier (returned_at);
CREATE INDEX dossier_finished_at_idx ON egovkpi.dossier (finished_at);
-- The as-of time needs max(updated_at).
CREATE INDEX dossier_updated_at_idx ON egovkpi.dossier (updated_at);

-- Postal (VNPost BCCI): the current state of each item = its event with the highest Id.
CREATE TABLE egovkpi.postal_item (
  item_code        text PRIMARY KEY,             -- ItemCode
  order_number     text NOT NULL,                -- OrderNumber = MaHoSo
  service_type     text NOT NULL,                -- NHAN_HO_SO | TRA_KET_QUA
  unit_code        text,                         -- UnitCode
  status           smallint NOT NULL,            -- StatusCode of the newest event (7 = cancelled)
  last_event_id    bigint NOT NULL,              -- Id of the newest event
  last_event_time  timestamptz NOT NULL,         -- EventTime of that event
  first_event_time timestamptz NOT NULL,         -- earliest EventTime seen for the item
  updated_at       timestamptz NOT NULL DEFAULT now()  -- when this row was last written
);
CREATE INDEX postal_item_order_number_idx ON egovkpi.postal_item (order_number);
CREATE INDEX postal_item_last_event_time_idx ON egovkpi.postal_item (last_event_time);

-- Documents (EDXML): unique by (DocumentId, Direction, OrganId).
CREATE TABLE egovkpi.document (
  document_id         text NOT NULL,             -- DocumentId
  direction           text NOT NULL,             -- out | in
  organ_id            text NOT NULL,             -- OrganId
  peer_is_state_agency boolean NOT NULL DEFAULT false,  -- PeerIsStateAgency
  secret              boolean NOT NULL DEFAULT false,   -- Secret
  transport           text,                      -- axis | lgsp | email | paper
  status              text,                      -- inbox | acceptance | rejection | processing | done | fail
  signed_valid        boolean NOT NULL DEFAULT false,   -- at least one signature with Valid true
  document_type       integer,                   -- DocumentType
  promulgation_date   date,                      -- PromulgationDate
  sent_at             timestamptz,               -- SentAt
  received_at         timestamptz,               -- ReceivedAt
  updated_at          timestamptz NOT NULL,      -- UpdatedAt
  PRIMARY KEY (document_id, direction, organ_id)
);
CREATE INDEX document_organ_sent_at_idx ON egovkpi.document (organ_id, sent_at);
CREATE INDEX document_organ_received_at_idx ON egovkpi.document (organ_id, received_at);
CREATE INDEX document_updated_at_idx ON egovkpi.document (updated_at);

-- Where each source's next poll starts; committed with the page it follows.
CREATE TABLE egovkpi.source_watermark (
  source     text PRIMARY KEY,                   -- onegate | portal | postal | edoc
  watermark  text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Audit trail: one row per poll.
CREATE TABLE egovkpi.poll_run (
  id             bigserial PRIMARY KEY,
  source         text NOT NULL,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz NOT NULL,
  ok             boolean NOT NULL,
  failure_reason text,                           -- NULL when ok
  message        text,
  records        bigint NOT NULL DEFAULT 0,
  rejected       bigint NOT NULL DEFAULT 0,
  pages          integer NOT NULL DEFAULT 0
);
CREATE INDEX poll_run_source_started_at_idx ON egovkpi.poll_run (source, started_at);

-- Records that failed validation, with the applicant's personal fields already removed.
CREATE TABLE egovkpi.quarantine (
  id             bigserial PRIMARY KEY,
  source         text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  reason         text NOT NULL,
  detail         text,
  record_key     text,
  payload        jsonb,
  -- The same bad record served twice (the source changed while we paged, or a page re-read
  -- after a commit whose outcome was lost) is kept once: inserts skip a known fingerprint.
  fingerprint    text GENERATED ALWAYS AS (
                   md5(source || '|' || reason || '|' || coalesce(record_key, '') || '|' ||
                       coalesce(payload::text, ''))) STORED UNIQUE
);
CREATE INDEX quarantine_source_quarantined_at_idx
  ON egovkpi.quarantine (source, quarantined_at);

-- A payload that PostgreSQL's own JSON parser accepts is stored as that JSON; anything else
-- (cut short, not JSON at all) as a JSON string, so a bad payload never fails its page.
CREATE FUNCTION egovkpi.jsonb_or_string(payload text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN
  RETURN payload::jsonb;
EXCEPTION WHEN others THEN
  RETURN to_jsonb(payload);
END
$fn$;

-- Roles. They are cluster-wide, not per database: a DBA may pre-create them (then nothing
-- happens here); otherwise the migrating user needs CREATEROLE. They are NOLOGIN groups: grant
-- them to the daemon's login role (egovkpi_writer) and to analysts/Grafana (egovkpi_reader).
-- Two databases of one cluster migrating at once may race to create them: the loser's
-- unique_violation / duplicate_object is ignored.
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'egovkpi_writer') THEN
    BEGIN
      CREATE ROLE egovkpi_writer NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'egovkpi_reader') THEN
    BEGIN
      CREATE ROLE egovkpi_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$roles$;

-- Grants are explicit, per object. Every later migration grants on what it creates (no
-- ALTER DEFAULT PRIVILEGES: they would depend on which user runs the migration).
GRANT USAGE ON SCHEMA egovkpi TO egovkpi_writer, egovkpi_reader;

GRANT SELECT ON egovkpi.schema_migration TO egovkpi_writer, egovkpi_reader;

GRANT SELECT, INSERT, UPDATE, DELETE ON
  egovkpi.unit, egovkpi.procedure, egovkpi.service_pair, egovkpi.dossier,
  egovkpi.postal_item, egovkpi.document, egovkpi.source_watermark, egovkpi.poll_run,
  egovkpi.quarantine
  TO egovkpi_writer;
GRANT USAGE ON SEQUENCE egovkpi.poll_run_id_seq, egovkpi.quarantine_id_seq TO egovkpi_writer;
GRANT EXECUTE ON FUNCTION egovkpi.jsonb_or_string(text) TO egovkpi_writer;

-- Analysts and Grafana read everything except quarantined raw payloads.
GRANT SELECT ON
  egovkpi.unit, egovkpi.procedure, egovkpi.service_pair, egovkpi.dossier,
  egovkpi.postal_item, egovkpi.document, egovkpi.source_watermark, egovkpi.poll_run
  TO egovkpi_reader;
GRANT SELECT (id, source, quarantined_at, reason, detail, record_key, fingerprint)
  ON egovkpi.quarantine TO egovkpi_reader;
