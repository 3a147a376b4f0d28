-- 005_kpi: the KPI engine's storage (shared/spec/kpi.md): the KPI names, the results of
-- each day's last computation with the targets that applied, the views users query, and
-- the aggregates that keep a recomputation from rescanning every record.
--
-- How a computation works (daemon/kpi/README.md tells it for users):
-- 1. Statement triggers on dossier, postal_item and document append the local days whose
--    counts a write may have changed to kpi_dirty_day (nothing more: ingest stays cheap).
-- 2. kpi_refresh_facts() re-aggregates only those days from the records (found through
--    their time indexes) into the day tables, then those days' months into the month
--    tables, and empties the log.
-- 3. kpi_rollup() sums the month rows into quarters and the year, and units into
--    districts, levels and the province. The month of the as-of time is summed from its
--    day rows, and the as-of day itself from its records (times after the as-of time do
--    not count). Its cost grows with units x months, not with the number of records.
-- 4. The engine (daemon/kpi) upserts the rows into kpi_result under the local day of the
--    computation; kpi_latest shows the newest computation, kpi_history each day's last.
--
-- Local time is UTC+07:00 with no daylight saving: the conversions below add or subtract
-- seven hours and need no time-zone database.

-- Local calendar day of an instant, and the instant of local midnight that starts a day.
CREATE FUNCTION egovkpi.kpi_local_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((t AT TIME ZONE 'UTC') + interval '7 hours')::date;

CREATE FUNCTION egovkpi.kpi_local_midnight(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (d::timestamp - interval '7 hours') AT TIME ZONE 'UTC';

-- The as-of time needs the newest EventTime of every stored postal event. 003_postal keeps
-- it per item in max_event_time (an item's highest Id need not carry its latest time);
-- this only guards a database where that column is missing, and kpi_as_of() also reads
-- last_event_time, so such a database still sees each item's current event.
ALTER TABLE egovkpi.postal_item ADD COLUMN IF NOT EXISTS max_event_time timestamptz;

-- Re-aggregating one day of documents needs their times across all agencies (001 indexes
-- them per agency only).
CREATE INDEX document_sent_at_idx ON egovkpi.document (sent_at);
CREATE INDEX document_received_at_idx ON egovkpi.document (received_at);

-- The eight KPIs, named as the plan names them. sort_order is also the KPI's position in
-- kpi_result's numerators and denominators.
CREATE TABLE egovkpi.kpi_definition (
  kpi        text PRIMARY KEY,
  name       text NOT NULL,
  sort_order smallint NOT NULL UNIQUE CHECK (sort_order > 0)
);
INSERT INTO egovkpi.kpi_definition (kpi, name, sort_order) VALUES
  ('online_services_used',
   'Tỷ lệ TTHC cung cấp trực tuyến mức độ 3, 4 có phát sinh hồ sơ', 1),
  ('online_dossiers',
   'Tỷ lệ hồ sơ TTHC được xử lý trực tuyến mức độ 3 và 4', 2),
  ('bcci_services_used',
   'Tỷ lệ TTHC đã triển khai có phát sinh hồ sơ tiếp nhận hoặc trả kết quả giải quyết qua dịch vụ BCCI', 3),
  ('bcci_received',
   'Tỷ lệ hồ sơ TTHC được tiếp nhận qua dịch vụ BCCI', 4),
  ('bcci_returned',
   'Tỷ lệ kết quả giải quyết TTHC được trả qua dịch vụ BCCI', 5),
  ('signed_edocs',
   'Tỷ lệ văn bản trao đổi giữa các cơ quan hành chính nhà nước dưới dạng điện tử (được ký số)', 6),
  ('edocs_processed_online',
   'Tỷ lệ văn bản, hồ sơ công việc được xử lý trên môi trường mạng', 7),
  ('on_time_dossiers',
   'Tỷ lệ hồ sơ giải quyết đúng hạn', 8);

-- One computation per local day: the day's last one replaces the earlier ones.
CREATE TABLE egovkpi.kpi_snapshot (
  snapshot_date date PRIMARY KEY,        -- local day of computed_at
  province_code text NOT NULL,
  province_name text NOT NULL,
  plan_year     integer NOT NULL,
  as_of         timestamptz NOT NULL,
  computed_at   timestamptz NOT NULL
);
CREATE INDEX kpi_snapshot_computed_at_idx ON egovkpi.kpi_snapshot (computed_at);

-- The targets configured when the snapshot was computed (a KPI without a row has none).
CREATE TABLE egovkpi.kpi_snapshot_target (
  snapshot_date date NOT NULL REFERENCES egovkpi.kpi_snapshot ON DELETE CASCADE,
  kpi           text NOT NULL REFERENCES egovkpi.kpi_definition,
  target        double precision NOT NULL CHECK (target >= 0),
  PRIMARY KEY (snapshot_date, kpi)
);

-- Each snapshot's values: one row per scope x unit x reported period holding every KPI's
-- numerator and denominator, in kpi_definition.sort_order (a row per KPI would make eight
-- times the rows to write each computation and to keep each day). The views give one row
-- per KPI.
CREATE TABLE egovkpi.kpi_result (
  snapshot_date date NOT NULL REFERENCES egovkpi.kpi_snapshot ON DELETE CASCADE,
  scope         text NOT NULL CHECK (scope IN ('province', 'level', 'district', 'agency')),
  unit          text NOT NULL,           -- province code, tinh/huyen/xa, or a MaDonVi
  period        text NOT NULL CHECK (period IN ('year', 'quarter', 'month')),
  period_start  date NOT NULL,           -- local day, inclusive
  period_end    date NOT NULL,           -- local day, exclusive
  numerators    bigint[] NOT NULL,
  denominators  bigint[] NOT NULL
                CHECK (cardinality(denominators) = cardinality(numerators)),
  PRIMARY KEY (snapshot_date, scope, unit, period, period_start)
);

-- What users query (kpi.md, "What users see"). unit_name: the province's name, the level's
-- Vietnamese name, or the unit's TenDonVi. ratio is NULL without a denominator; met is NULL
-- without a ratio or without a target.
CREATE VIEW egovkpi.kpi_history AS
SELECT v.kpi, v.kpi_name, v.scope, v.unit, v.unit_name, v.period, v.period_start,
       v.period_end, v.numerator, v.denominator,
       CASE WHEN v.denominator > 0
            THEN v.numerator::double precision / v.denominator END AS ratio,
       v.target,
       CASE WHEN v.denominator > 0 AND v.target IS NOT NULL
            THEN v.numerator::double precision / v.denominator >= v.target END AS met,
       v.as_of, v.computed_at, v.snapshot_date
FROM (
  SELECT d.kpi, d.name AS kpi_name, r.scope, r.unit,
         CASE r.scope
           WHEN 'province' THEN s.province_name
           WHEN 'level' THEN CASE r.unit WHEN 'tinh' THEN 'Cấp tỉnh'
                                         WHEN 'huyen' THEN 'Cấp huyện'
                                         WHEN 'xa' THEN 'Cấp xã' END
           ELSE u.name
         END AS unit_name,
         r.period, r.period_start, r.period_end,
         r.numerators[d.sort_order] AS numerator, r.denominators[d.sort_order] AS denominator,
         t.target, s.as_of, s.computed_at, r.snapshot_date
  FROM egovkpi.kpi_result r
  JOIN egovkpi.kpi_snapshot s ON s.snapshot_date = r.snapshot_date
  JOIN egovkpi.kpi_definition d ON d.sort_order <= cardinality(r.numerators)
  LEFT JOIN egovkpi.kpi_snapshot_target t
    ON t.snapshot_date = r.snapshot_date AND t.kpi = d.kpi
  LEFT JOIN egovkpi.unit u ON r.scope IN ('district', 'agency') AND u.code = r.unit
) v;

CREATE VIEW egovkpi.kpi_latest AS
SELECT kpi, kpi_name, scope, unit, unit_name, period, period_start, period_end, numerator,
       denominator, ratio, target, met, as_of, computed_at
FROM egovkpi.kpi_history
WHERE snapshot_date = (SELECT snapshot_date FROM egovkpi.kpi_snapshot
                       ORDER BY computed_at DESC, snapshot_date DESC LIMIT 1);

-- Aggregates per local day and per month (a month row is keyed by its first day and sums
-- the month's day rows). Every column counts what kpi.md counts on that day or month.
-- Dossiers by MaDonVi: `received` is D (not deleted, status 2 or 4..10, by reception time),
-- `returned` the results returned (status 10, by NgayTra), `finished` the dossiers with a
-- promised date processed then (status 9 or 10, by NgayKetThucXuLy).
CREATE TABLE egovkpi.kpi_dossier_day (
  day              date NOT NULL,
  unit_code        text NOT NULL,
  received         integer NOT NULL,
  received_online  integer NOT NULL,
  received_bcci    integer NOT NULL,
  returned         integer NOT NULL,
  returned_bcci    integer NOT NULL,
  finished         integer NOT NULL,
  finished_on_time integer NOT NULL,
  PRIMARY KEY (day, unit_code)
);
CREATE TABLE egovkpi.kpi_dossier_month (LIKE egovkpi.kpi_dossier_day);
ALTER TABLE egovkpi.kpi_dossier_month RENAME COLUMN day TO month;
ALTER TABLE egovkpi.kpi_dossier_month ADD PRIMARY KEY (month, unit_code);

-- Per unit and procedure with a use: the earliest time of an online dossier of D, and of
-- a BCCI use (received via BCCI in D, or a result returned via BCCI). Earliest times, not
-- counts, so that "used up to the as-of time" is exact inside a day or a month.
CREATE TABLE egovkpi.kpi_pair_day (
  day             date NOT NULL,
  unit_code       text NOT NULL,
  procedure_code  text NOT NULL,
  first_online_at timestamptz,
  first_bcci_at   timestamptz,
  PRIMARY KEY (day, unit_code, procedure_code)
);
CREATE TABLE egovkpi.kpi_pair_month (LIKE egovkpi.kpi_pair_day);
ALTER TABLE egovkpi.kpi_pair_month RENAME COLUMN day TO month;
ALTER TABLE egovkpi.kpi_pair_month ADD PRIMARY KEY (month, unit_code, procedure_code);

-- Documents by OrganId: `sent` counts signed_edocs' denominator (by SentAt), `received`
-- edocs_processed_online's (by ReceivedAt).
CREATE TABLE egovkpi.kpi_document_day (
  day                date NOT NULL,
  unit_code          text NOT NULL,
  sent               integer NOT NULL,
  sent_signed        integer NOT NULL,
  received           integer NOT NULL,
  received_processed integer NOT NULL,
  PRIMARY KEY (day, unit_code)
);
CREATE TABLE egovkpi.kpi_document_month (LIKE egovkpi.kpi_document_day);
ALTER TABLE egovkpi.kpi_document_month RENAME COLUMN day TO month;
ALTER TABLE egovkpi.kpi_document_month ADD PRIMARY KEY (month, unit_code);

-- Days whose aggregates are stale, appended by the triggers below (NULL: every day, e.g.
-- after a TRUNCATE, or data stored before this migration). Append-only, no key: a writer
-- never waits on another, and kpi_refresh_facts() takes them all under a lock that makes
-- writers wait until it commits, so no change is ever missed.
CREATE TABLE egovkpi.kpi_dirty_day (
  source text NOT NULL CHECK (source IN ('dossier', 'document')),
  day    date
);
INSERT INTO egovkpi.kpi_dirty_day (source, day) VALUES ('dossier', NULL), ('document', NULL);

-- The counted dossier events with their time in [lo, hi), one row per dossier and kind:
--   'received' a dossier of D at its reception time (NgayTiepNhan, else NgayNopHoSo);
--              online: KenhThucHien 2; bcci: KenhThucHien 3, or 1 (absent) with a live
--              NHAN_HO_SO postal item. Online wins over any postal record.
--   'returned' a result returned at NgayTra; bcci: HinhThuc 1 or a live TRA_KET_QUA item.
--   'finished' processed with a promised date, at NgayKetThucXuLy; on_time: not after it.
-- A postal item is live unless its current status is 7 (cancelled). Status, deletion and
-- postal state are the stored (newest) versions.
CREATE FUNCTION egovkpi.kpi_dossier_events(lo timestamptz, hi timestamptz)
RETURNS TABLE (unit_code text, procedure_code text, event_at timestamptz, kind text,
               online boolean, bcci boolean, on_time boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT d.unit_code, d.procedure_code, COALESCE(d.received_at, d.submitted_at), 'received',
         d.channel = 2,
         d.channel = 3 OR (d.channel = 1 AND EXISTS (
           SELECT FROM egovkpi.postal_item p
           WHERE p.order_number = d.code AND p.service_type = 'NHAN_HO_SO' AND p.status <> 7)),
         false
  FROM egovkpi.dossier d
  WHERE COALESCE(d.received_at, d.submitted_at) >= lo
    AND COALESCE(d.received_at, d.submitted_at) < hi
    AND NOT d.deleted AND d.status IN (2, 4, 5, 6, 7, 8, 9, 10)
  UNION ALL
  SELECT d.unit_code, d.procedure_code, d.returned_at, 'returned', false,
         d.return_method = 1 OR EXISTS (
           SELECT FROM egovkpi.postal_item p
           WHERE p.order_number = d.code AND p.service_type = 'TRA_KET_QUA' AND p.status <> 7),
         false
  FROM egovkpi.dossier d
  WHERE d.returned_at >= lo AND d.returned_at < hi AND NOT d.deleted AND d.status = 10
  UNION ALL
  SELECT d.unit_code, d.procedure_code, d.finished_at, 'finished', false, false,
         d.finished_at <= d.due_at
  FROM egovkpi.dossier d
  WHERE d.finished_at >= lo AND d.finished_at < hi AND NOT d.deleted
    AND d.status IN (9, 10) AND d.due_at IS NOT NULL
$fn$;

-- The counted document events with their time in [lo, hi), secret documents excluded:
--   'sent'     Direction out to a state agency, at SentAt; hit: sent over the axis or the
--              LGSP with at least one valid signature.
--   'received' Direction in, Status not fail, at ReceivedAt; hit: Status acceptance,
--              rejection, processing or done.
CREATE FUNCTION egovkpi.kpi_document_events(lo timestamptz, hi timestamptz)
RETURNS TABLE (unit_code text, event_at timestamptz, kind text, hit boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  -- One pass over the table (a bitmap OR of the two time indexes for a short range).
  SELECT organ_id,
         CASE direction WHEN 'out' THEN sent_at ELSE received_at END,
         CASE direction WHEN 'out' THEN 'sent' ELSE 'received' END,
         CASE direction
           WHEN 'out' THEN COALESCE(transport IN ('axis', 'lgsp'), false) AND signed_valid
           ELSE COALESCE(status IN ('acceptance', 'rejection', 'processing', 'done'), false)
         END
  FROM egovkpi.document
  WHERE NOT secret
    AND ((direction = 'out' AND peer_is_state_agency AND sent_at >= lo AND sent_at < hi)
         OR (direction = 'in' AND status IS DISTINCT FROM 'fail'
             AND received_at >= lo AND received_at < hi))
$fn$;

-- Day rows of the events in [lo, hi).
CREATE FUNCTION egovkpi.kpi_dossier_days(lo timestamptz, hi timestamptz)
RETURNS SETOF egovkpi.kpi_dossier_day
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT egovkpi.kpi_local_day(e.event_at), e.unit_code,
         count(*) FILTER (WHERE e.kind = 'received')::integer,
         count(*) FILTER (WHERE e.kind = 'received' AND e.online)::integer,
         count(*) FILTER (WHERE e.kind = 'received' AND e.bcci)::integer,
         count(*) FILTER (WHERE e.kind = 'returned')::integer,
         count(*) FILTER (WHERE e.kind = 'returned' AND e.bcci)::integer,
         count(*) FILTER (WHERE e.kind = 'finished')::integer,
         count(*) FILTER (WHERE e.kind = 'finished' AND e.on_time)::integer
  FROM egovkpi.kpi_dossier_events(lo, hi) e
  GROUP BY 1, 2
$fn$;

CREATE FUNCTION egovkpi.kpi_document_days(lo timestamptz, hi timestamptz)
RETURNS SETOF egovkpi.kpi_document_day
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT egovkpi.kpi_local_day(e.event_at), e.unit_code,
         count(*) FILTER (WHERE e.kind = 'sent')::integer,
         count(*) FILTER (WHERE e.kind = 'sent' AND e.hit)::integer,
         count(*) FILTER (WHERE e.kind = 'received')::integer,
         count(*) FILTER (WHERE e.kind = 'received' AND e.hit)::integer
  FROM egovkpi.kpi_document_events(lo, hi) e
  GROUP BY 1, 2
$fn$;

CREATE FUNCTION egovkpi.kpi_pair_days(lo timestamptz, hi timestamptz)
RETURNS SETOF egovkpi.kpi_pair_day
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT egovkpi.kpi_local_day(e.event_at), e.unit_code, e.procedure_code,
         min(e.event_at) FILTER (WHERE e.online), min(e.event_at) FILTER (WHERE e.bcci)
  FROM egovkpi.kpi_dossier_events(lo, hi) e
  WHERE e.online OR e.bcci
  GROUP BY 1, 2, 3
$fn$;

-- Month rows of the day rows in [first_day, last_day).
CREATE FUNCTION egovkpi.kpi_dossier_months(first_day date, last_day date)
RETURNS SETOF egovkpi.kpi_dossier_month
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT date_trunc('month', day::timestamp)::date, unit_code, sum(received)::integer,
         sum(received_online)::integer, sum(received_bcci)::integer, sum(returned)::integer,
         sum(returned_bcci)::integer, sum(finished)::integer, sum(finished_on_time)::integer
  FROM egovkpi.kpi_dossier_day
  WHERE day >= first_day AND day < last_day
  GROUP BY 1, 2
$fn$;

CREATE FUNCTION egovkpi.kpi_pair_months(first_day date, last_day date)
RETURNS SETOF egovkpi.kpi_pair_month
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT date_trunc('month', day::timestamp)::date, unit_code, procedure_code,
         min(first_online_at), min(first_bcci_at)
  FROM egovkpi.kpi_pair_day
  WHERE day >= first_day AND day < last_day
  GROUP BY 1, 2, 3
$fn$;

CREATE FUNCTION egovkpi.kpi_document_months(first_day date, last_day date)
RETURNS SETOF egovkpi.kpi_document_month
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT date_trunc('month', day::timestamp)::date, unit_code, sum(sent)::integer,
         sum(sent_signed)::integer, sum(received)::integer, sum(received_processed)::integer
  FROM egovkpi.kpi_document_day
  WHERE day >= first_day AND day < last_day
  GROUP BY 1, 2
$fn$;

-- Brings the aggregates up to date with the records: re-aggregates the days logged in
-- kpi_dirty_day from the records (a run of consecutive days at a time, or all of them when
-- the log says so), then the months of those days from the day rows, and empties the log.
-- Returns how many days were re-aggregated, -1 for all of them.
-- The EXCLUSIVE lock waits for the writers that logged a day to commit, and makes writers
-- that would log one wait until the caller's transaction ends: every logged change is
-- visible here, and none is emptied from the log unseen.
-- Each statement is planned for its own time range (a generic plan cached for a run of a
-- few days would be a poor one for "every day", and the reverse).
CREATE FUNCTION egovkpi.kpi_refresh_facts() RETURNS integer
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $fn$
DECLARE
  src text;
  everything boolean;
  span record;
  lo timestamptz;
  hi timestamptz;
  refreshed integer := 0;
BEGIN
  LOCK TABLE egovkpi.kpi_dirty_day IN EXCLUSIVE MODE;
  FOREACH src IN ARRAY ARRAY['dossier', 'document'] LOOP
    everything := EXISTS (SELECT FROM egovkpi.kpi_dirty_day WHERE source = src AND day IS NULL);
    IF everything THEN
      refreshed := -1;
      IF src = 'dossier' THEN
        TRUNCATE egovkpi.kpi_dossier_day, egovkpi.kpi_pair_day,
                 egovkpi.kpi_dossier_month, egovkpi.kpi_pair_month;
      ELSE
        TRUNCATE egovkpi.kpi_document_day, egovkpi.kpi_document_month;
      END IF;
    END IF;
    -- Days, from the records: runs [first_day, last_day] of consecutive logged days.
    FOR span IN
      SELECT '-infinity'::date AS first_day, 'infinity'::date AS last_day WHERE everything
      UNION ALL
      SELECT min(day), max(day)
      FROM (SELECT day, day - (row_number() OVER (ORDER BY day))::integer AS grp
            FROM (SELECT DISTINCT day FROM egovkpi.kpi_dirty_day
                  WHERE source = src AND day IS NOT NULL) d) g
      WHERE NOT everything
      GROUP BY grp
    LOOP
      lo := egovkpi.kpi_local_midnight(span.first_day);
      hi := egovkpi.kpi_local_midnight(span.last_day + 1);
      IF refreshed >= 0 THEN
        refreshed := refreshed + (span.last_day - span.first_day + 1);
      END IF;
      IF src = 'dossier' THEN
        IF NOT everything THEN
          DELETE FROM egovkpi.kpi_dossier_day WHERE day BETWEEN span.first_day AND span.last_day;
          DELETE FROM egovkpi.kpi_pair_day WHERE day BETWEEN span.first_day AND span.last_day;
        END IF;
        INSERT INTO egovkpi.kpi_dossier_day SELECT * FROM egovkpi.kpi_dossier_days(lo, hi);
        INSERT INTO egovkpi.kpi_pair_day SELECT * FROM egovkpi.kpi_pair_days(lo, hi);
      ELSE
        IF NOT everything THEN
          DELETE FROM egovkpi.kpi_document_day WHERE day BETWEEN span.first_day AND span.last_day;
        END IF;
        INSERT INTO egovkpi.kpi_document_day SELECT * FROM egovkpi.kpi_document_days(lo, hi);
      END IF;
    END LOOP;
    -- Months, from the day rows: [first_day, last_day) is one month, or every month.
    FOR span IN
      SELECT '-infinity'::date AS first_day, 'infinity'::date AS last_day WHERE everything
      UNION ALL
      SELECT m AS first_day, (m + interval '1 month')::date AS last_day
      FROM (SELECT DISTINCT date_trunc('month', day::timestamp)::date AS m
            FROM egovkpi.kpi_dirty_day WHERE source = src AND day IS NOT NULL) d
      WHERE NOT everything
    LOOP
      IF src = 'dossier' THEN
        DELETE FROM egovkpi.kpi_dossier_month
        WHERE month >= span.first_day AND month < span.last_day;
        DELETE FROM egovkpi.kpi_pair_month
        WHERE month >= span.first_day AND month < span.last_day;
        INSERT INTO egovkpi.kpi_dossier_month
          SELECT * FROM egovkpi.kpi_dossier_months(span.first_day, span.last_day);
        INSERT INTO egovkpi.kpi_pair_month
          SELECT * FROM egovkpi.kpi_pair_months(span.first_day, span.last_day);
      ELSE
        DELETE FROM egovkpi.kpi_document_month
        WHERE month >= span.first_day AND month < span.last_day;
        INSERT INTO egovkpi.kpi_document_month
          SELECT * FROM egovkpi.kpi_document_months(span.first_day, span.last_day);
      END IF;
    END LOOP;
  END LOOP;
  DELETE FROM egovkpi.kpi_dirty_day;
  RETURN refreshed;
END
$fn$;

-- The as-of time (kpi.md): the earliest of `now`, the end of the plan year and the newest
-- record time stored from any source (NgayCapNhat, EventTime, UpdatedAt), counted or not.
CREATE FUNCTION egovkpi.kpi_as_of(now timestamptz, plan_year integer) RETURNS timestamptz
LANGUAGE sql STABLE AS $fn$
  SELECT LEAST(now, egovkpi.kpi_local_midnight(make_date(plan_year + 1, 1, 1)),
               GREATEST((SELECT max(updated_at) FROM egovkpi.dossier),
                        (SELECT max(max_event_time) FROM egovkpi.postal_item),
                        (SELECT max(last_event_time) FROM egovkpi.postal_item),
                        (SELECT max(updated_at) FROM egovkpi.document)))
$fn$;

-- Every KPI for every scope and unit and every period of the plan year that starts at or
-- before `as_of`, from the aggregates (kpi_refresh_facts() first). A time counts in a
-- period when start <= t < end and t <= as_of; a validity row when it overlaps
-- [start, min(end, as_of)]. Records of units the catalogue never listed count in the
-- province scope only.
--
-- Periods are sets of months, as 12-bit masks (bit m: month m + 1 of the plan year), and
-- a count lands in a period when its month's bit is in the period's mask. A service pair
-- gets a mask of the months in which it is offered (one of its rows' counted days fall in
-- the month) and one of the months in which it is used; it is offered in a period when
-- its mask shares a bit with the period's, and used likewise. The months of a period
-- split its counted time, so "offered in a month of P" is "offered in P", and so for
-- "used".
CREATE FUNCTION egovkpi.kpi_rollup(province_code text, plan_year integer, as_of timestamptz)
RETURNS TABLE (scope text, unit text, period text, period_start date, period_end date,
               numerators bigint[], denominators bigint[])
LANGUAGE sql STABLE AS $fn$
WITH bounds AS (
  SELECT make_date(plan_year, 1, 1) AS year_start,
         make_date(plan_year + 1, 1, 1) AS year_end,
         egovkpi.kpi_local_day(as_of) AS as_of_day,
         date_trunc('month', egovkpi.kpi_local_day(as_of)::timestamp)::date AS as_of_month
),
periods AS (
  SELECT p.period, p.period_start, p.period_end, p.months
  FROM bounds b,
       LATERAL (
         SELECT 'year' AS period, b.year_start AS period_start, b.year_end AS period_end,
                4095 AS months
         UNION ALL
         SELECT 'quarter', (b.year_start + make_interval(months => 3 * q))::date,
                (b.year_start + make_interval(months => 3 * q + 3))::date, 7 << (3 * q)
         FROM generate_series(0, 3) q
         UNION ALL
         SELECT 'month', (b.year_start + make_interval(months => m))::date,
                (b.year_start + make_interval(months => m + 1))::date, 1 << m
         FROM generate_series(0, 11) m) p
  WHERE p.period_start <= b.as_of_day
),
-- Counts per unit and month of the plan year: in the as-of month the day rows before the
-- as-of day, and the as-of day counted from its records up to and including the as-of
-- time; before it the month rows.
dossier_months AS (
  SELECT f.unit_code, date_part('month', f.day)::integer - 1 AS month,
         sum(f.received) AS received, sum(f.received_online) AS received_online,
         sum(f.received_bcci) AS received_bcci, sum(f.returned) AS returned,
         sum(f.returned_bcci) AS returned_bcci, sum(f.finished) AS finished,
         sum(f.finished_on_time) AS finished_on_time
  FROM (SELECT d.* FROM egovkpi.kpi_dossier_day d, bounds b
        WHERE d.day >= GREATEST(b.as_of_month, b.year_start)
          AND d.day < LEAST(b.as_of_day, b.year_end)
        UNION ALL
        SELECT m.* FROM egovkpi.kpi_dossier_month m, bounds b
        WHERE m.month >= b.year_start AND m.month < LEAST(b.as_of_month, b.year_end)
        UNION ALL
        SELECT d.* FROM bounds b,
             egovkpi.kpi_dossier_days(egovkpi.kpi_local_midnight(b.as_of_day),
                                      as_of + interval '1 microsecond') d
        WHERE d.day >= b.year_start AND d.day < b.year_end) f
  GROUP BY 1, 2
),
document_months AS (
  SELECT f.unit_code, date_part('month', f.day)::integer - 1 AS month,
         sum(f.sent) AS sent, sum(f.sent_signed) AS sent_signed,
         sum(f.received) AS received, sum(f.received_processed) AS received_processed
  FROM (SELECT d.* FROM egovkpi.kpi_document_day d, bounds b
        WHERE d.day >= GREATEST(b.as_of_month, b.year_start)
          AND d.day < LEAST(b.as_of_day, b.year_end)
        UNION ALL
        SELECT m.* FROM egovkpi.kpi_document_month m, bounds b
        WHERE m.month >= b.year_start AND m.month < LEAST(b.as_of_month, b.year_end)
        UNION ALL
        SELECT d.* FROM bounds b,
             egovkpi.kpi_document_days(egovkpi.kpi_local_midnight(b.as_of_day),
                                       as_of + interval '1 microsecond') d
        WHERE d.day >= b.year_start AND d.day < b.year_end) f
  GROUP BY 1, 2
),
-- Service pairs. A row's counted days run from its first valid day to its last, clipped to
-- the plan year and to the as-of day; it is offered in each month they touch.
pair_offers AS (
  SELECT unit_code, procedure_code,
         COALESCE(bit_or(months) FILTER (WHERE online), 0) AS online_months,
         COALESCE(bit_or(months) FILTER (WHERE bcci), 0) AS bcci_months
  FROM (SELECT s.unit_code, s.procedure_code, s.level IN (3, 4) AS online,
               s.bcci_receive OR s.bcci_return AS bcci,
               (1 << date_part('month', r.last_day)::integer)
               - (1 << (date_part('month', r.first_day)::integer - 1)) AS months
        FROM egovkpi.service_pair s, bounds b,
             LATERAL (SELECT GREATEST(s.valid_from, b.year_start) AS first_day,
                             LEAST(s.valid_to, b.as_of_day, b.year_end - 1) AS last_day) r
        WHERE (s.level IN (3, 4) OR s.bcci_receive OR s.bcci_return)
          AND r.first_day <= r.last_day) r
  GROUP BY 1, 2
),
-- A month's earliest use tells whether the pair was used in it up to the as-of time.
pair_uses AS (
  SELECT u.unit_code, u.procedure_code,
         COALESCE(bit_or(1 << (date_part('month', u.month)::integer - 1))
                    FILTER (WHERE u.first_online_at <= as_of), 0) AS online_months,
         COALESCE(bit_or(1 << (date_part('month', u.month)::integer - 1))
                    FILTER (WHERE u.first_bcci_at <= as_of), 0) AS bcci_months
  FROM egovkpi.kpi_pair_month u, bounds b
  WHERE u.month >= b.year_start AND u.month <= b.as_of_day AND u.month < b.year_end
  GROUP BY 1, 2
),
-- Pairs of a unit with the same masks count together.
pair_groups AS (
  SELECT o.unit_code, o.online_months AS online_offered,
         COALESCE(u.online_months, 0) AS online_used, o.bcci_months AS bcci_offered,
         COALESCE(u.bcci_months, 0) AS bcci_used, count(*) AS pairs
  FROM pair_offers o
  LEFT JOIN pair_uses u USING (unit_code, procedure_code)
  GROUP BY 1, 2, 3, 4, 5
),
pair_counts AS (
  SELECT g.unit_code, p.period, p.period_start,
         sum(g.pairs) FILTER (WHERE g.online_offered & p.months <> 0) AS online_offered,
         sum(g.pairs) FILTER (WHERE g.online_offered & p.months <> 0
                                AND g.online_used & p.months <> 0) AS online_used,
         sum(g.pairs) FILTER (WHERE g.bcci_offered & p.months <> 0) AS bcci_offered,
         sum(g.pairs) FILTER (WHERE g.bcci_offered & p.months <> 0
                                AND g.bcci_used & p.months <> 0) AS bcci_used
  FROM pair_groups g CROSS JOIN periods p
  GROUP BY 1, 2, 3
),
-- Every count of a unit in a period (unit_code as the records carry it, known or not).
unit_counts AS (
  SELECT unit_code, period, period_start,
         sum(online_offered) AS online_offered, sum(online_used) AS online_used,
         sum(bcci_offered) AS bcci_offered, sum(bcci_used) AS bcci_used,
         sum(received) AS received, sum(received_online) AS received_online,
         sum(received_bcci) AS received_bcci, sum(returned) AS returned,
         sum(returned_bcci) AS returned_bcci, sum(finished) AS finished,
         sum(finished_on_time) AS finished_on_time, sum(sent) AS sent,
         sum(sent_signed) AS sent_signed, sum(doc_received) AS doc_received,
         sum(doc_received_processed) AS doc_received_processed
  FROM (
    SELECT unit_code, period, period_start, online_offered, online_used, bcci_offered,
           bcci_used, 0 AS received, 0 AS received_online, 0 AS received_bcci, 0 AS returned,
           0 AS returned_bcci, 0 AS finished, 0 AS finished_on_time, 0 AS sent,
           0 AS sent_signed, 0 AS doc_received, 0 AS doc_received_processed
    FROM pair_counts
    UNION ALL
    SELECT m.unit_code, p.period, p.period_start, 0, 0, 0, 0, m.received, m.received_online,
           m.received_bcci, m.returned, m.returned_bcci, m.finished, m.finished_on_time,
           0, 0, 0, 0
    FROM dossier_months m JOIN periods p ON p.months & (1 << m.month) <> 0
    UNION ALL
    SELECT m.unit_code, p.period, p.period_start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           m.sent, m.sent_signed, m.received, m.received_processed
    FROM document_months m JOIN periods p ON p.months & (1 << m.month) <> 0
  ) c
  GROUP BY 1, 2, 3
),
-- Which scope units a catalogued unit counts in, besides the province (which takes every
-- unit_code, catalogued or not).
members AS (
  SELECT 'level' AS scope,
         CASE u.level WHEN 1 THEN 'tinh' WHEN 2 THEN 'huyen' ELSE 'xa' END AS unit,
         u.code AS member
  FROM egovkpi.unit u WHERE u.level IN (1, 2, 3)
  UNION ALL
  SELECT 'district', d.code, d.code FROM egovkpi.unit d WHERE d.level = 2
  UNION ALL
  SELECT 'district', d.code, c.code
  FROM egovkpi.unit d JOIN egovkpi.unit c ON c.parent_code = d.code AND c.code <> d.code
  WHERE d.level = 2
  UNION ALL
  SELECT 'agency', u.code, u.code FROM egovkpi.unit u
),
scope_units AS (
  SELECT 'province' AS scope, province_code AS unit
  UNION ALL
  SELECT 'level', l FROM unnest(ARRAY['tinh', 'huyen', 'xa']) l
  UNION ALL
  SELECT DISTINCT scope, unit FROM members WHERE scope IN ('district', 'agency')
),
scope_counts AS (
  SELECT 'province' AS scope, province_code AS unit, c.period, c.period_start,
         sum(c.online_offered) AS online_offered, sum(c.online_used) AS online_used,
         sum(c.bcci_offered) AS bcci_offered, sum(c.bcci_used) AS bcci_used,
         sum(c.received) AS received, sum(c.received_online) AS received_online,
         sum(c.received_bcci) AS received_bcci, sum(c.returned) AS returned,
         sum(c.returned_bcci) AS returned_bcci, sum(c.finished) AS finished,
         sum(c.finished_on_time) AS finished_on_time, sum(c.sent) AS sent,
         sum(c.sent_signed) AS sent_signed, sum(c.doc_received) AS doc_received,
         sum(c.doc_received_processed) AS doc_received_processed
  FROM unit_counts c
  GROUP BY 3, 4
  UNION ALL
  SELECT m.scope, m.unit, c.period, c.period_start,
         sum(c.online_offered), sum(c.online_used), sum(c.bcci_offered), sum(c.bcci_used),
         sum(c.received), sum(c.received_online), sum(c.received_bcci), sum(c.returned),
         sum(c.returned_bcci), sum(c.finished), sum(c.finished_on_time), sum(c.sent),
         sum(c.sent_signed), sum(c.doc_received), sum(c.doc_received_processed)
  FROM unit_counts c JOIN members m ON m.member = c.unit_code
  GROUP BY 1, 2, 3, 4
)
-- Numerators and denominators in kpi_definition.sort_order.
SELECT su.scope, su.unit, p.period, p.period_start, p.period_end,
       ARRAY[COALESCE(c.online_used, 0), COALESCE(c.received_online, 0),
             COALESCE(c.bcci_used, 0), COALESCE(c.received_bcci, 0),
             COALESCE(c.returned_bcci, 0), COALESCE(c.sent_signed, 0),
             COALESCE(c.doc_received_processed, 0), COALESCE(c.finished_on_time, 0)]::bigint[],
       ARRAY[COALESCE(c.online_offered, 0), COALESCE(c.received, 0),
             COALESCE(c.bcci_offered, 0), COALESCE(c.received, 0),
             COALESCE(c.returned, 0), COALESCE(c.sent, 0),
             COALESCE(c.doc_received, 0), COALESCE(c.finished, 0)]::bigint[]
FROM scope_units su
CROSS JOIN periods p
LEFT JOIN scope_counts c
  ON c.scope = su.scope AND c.unit = su.unit AND c.period = p.period
 AND c.period_start = p.period_start
$fn$;

-- The triggers: which local days a write may have changed. A dossier counts on its
-- reception, return and finish days; a postal item changes the BCCI counts of its
-- dossier's reception and return days; a document counts on its SentAt or ReceivedAt day.
-- Statement triggers read the statement's changed rows as `changed_rows`: the new rows of
-- an INSERT, the old rows of a DELETE, and for an UPDATE both (one trigger each), so a
-- record that moved to another day, unit or procedure refreshes both places.
CREATE FUNCTION egovkpi.kpi_log_dossier_days() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO egovkpi.kpi_dirty_day (source, day) VALUES ('dossier', NULL);
  ELSE
    INSERT INTO egovkpi.kpi_dirty_day (source, day)
    SELECT DISTINCT 'dossier', egovkpi.kpi_local_day(v.t)
    FROM changed_rows d,
         LATERAL (VALUES (COALESCE(d.received_at, d.submitted_at)), (d.returned_at),
                         (d.finished_at)) v(t)
    WHERE v.t IS NOT NULL;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION egovkpi.kpi_log_postal_days() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO egovkpi.kpi_dirty_day (source, day) VALUES ('dossier', NULL);
  ELSE
    INSERT INTO egovkpi.kpi_dirty_day (source, day)
    SELECT DISTINCT 'dossier', egovkpi.kpi_local_day(v.t)
    FROM (SELECT DISTINCT order_number FROM changed_rows) p
    JOIN egovkpi.dossier d ON d.code = p.order_number,
         LATERAL (VALUES (COALESCE(d.received_at, d.submitted_at)), (d.returned_at)) v(t)
    WHERE v.t IS NOT NULL;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION egovkpi.kpi_log_document_days() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO egovkpi.kpi_dirty_day (source, day) VALUES ('document', NULL);
  ELSE
    INSERT INTO egovkpi.kpi_dirty_day (source, day)
    SELECT DISTINCT 'document', egovkpi.kpi_local_day(v.t)
    FROM changed_rows d, LATERAL (VALUES (d.sent_at), (d.received_at)) v(t)
    WHERE v.t IS NOT NULL;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER dossier_kpi_insert AFTER INSERT ON egovkpi.dossier
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_dossier_days();
CREATE TRIGGER dossier_kpi_update_old AFTER UPDATE ON egovkpi.dossier
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_dossier_days();
CREATE TRIGGER dossier_kpi_update_new AFTER UPDATE ON egovkpi.dossier
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_dossier_days();
CREATE TRIGGER dossier_kpi_delete AFTER DELETE ON egovkpi.dossier
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_dossier_days();
CREATE TRIGGER dossier_kpi_truncate AFTER TRUNCATE ON egovkpi.dossier
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_dossier_days();

CREATE TRIGGER postal_item_kpi_insert AFTER INSERT ON egovkpi.postal_item
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_postal_days();
CREATE TRIGGER postal_item_kpi_update_old AFTER UPDATE ON egovkpi.postal_item
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_postal_days();
CREATE TRIGGER postal_item_kpi_update_new AFTER UPDATE ON egovkpi.postal_item
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_postal_days();
CREATE TRIGGER postal_item_kpi_delete AFTER DELETE ON egovkpi.postal_item
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_postal_days();
CREATE TRIGGER postal_item_kpi_truncate AFTER TRUNCATE ON egovkpi.postal_item
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_postal_days();

CREATE TRIGGER document_kpi_insert AFTER INSERT ON egovkpi.document
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_document_days();
CREATE TRIGGER document_kpi_update_old AFTER UPDATE ON egovkpi.document
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_document_days();
CREATE TRIGGER document_kpi_update_new AFTER UPDATE ON egovkpi.document
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_document_days();
CREATE TRIGGER document_kpi_delete AFTER DELETE ON egovkpi.document
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_document_days();
CREATE TRIGGER document_kpi_truncate AFTER TRUNCATE ON egovkpi.document
  FOR EACH STATEMENT EXECUTE FUNCTION egovkpi.kpi_log_document_days();

-- Grants (as 001: explicit, per object). The daemon computes and writes; analysts and
-- Grafana read the results and the views. The triggers run as the writer storing records.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  egovkpi.kpi_snapshot, egovkpi.kpi_snapshot_target, egovkpi.kpi_result
  TO egovkpi_writer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON
  egovkpi.kpi_dossier_day, egovkpi.kpi_pair_day, egovkpi.kpi_document_day,
  egovkpi.kpi_dossier_month, egovkpi.kpi_pair_month, egovkpi.kpi_document_month,
  egovkpi.kpi_dirty_day
  TO egovkpi_writer;
GRANT SELECT ON egovkpi.kpi_definition, egovkpi.kpi_latest, egovkpi.kpi_history
  TO egovkpi_writer;
GRANT EXECUTE ON FUNCTION
  egovkpi.kpi_local_day(timestamptz), egovkpi.kpi_local_midnight(date),
  egovkpi.kpi_dossier_events(timestamptz, timestamptz),
  egovkpi.kpi_document_events(timestamptz, timestamptz),
  egovkpi.kpi_dossier_days(timestamptz, timestamptz),
  egovkpi.kpi_document_days(timestamptz, timestamptz),
  egovkpi.kpi_pair_days(timestamptz, timestamptz),
  egovkpi.kpi_dossier_months(date, date), egovkpi.kpi_pair_months(date, date),
  egovkpi.kpi_document_months(date, date),
  egovkpi.kpi_refresh_facts(), egovkpi.kpi_as_of(timestamptz, integer),
  egovkpi.kpi_rollup(text, integer, timestamptz)
  TO egovkpi_writer;

GRANT SELECT ON
  egovkpi.kpi_definition, egovkpi.kpi_snapshot, egovkpi.kpi_snapshot_target,
  egovkpi.kpi_result, egovkpi.kpi_latest, egovkpi.kpi_history
  TO egovkpi_reader;
GRANT EXECUTE ON FUNCTION egovkpi.kpi_local_day(timestamptz), egovkpi.kpi_local_midnight(date)
  TO egovkpi_reader;
