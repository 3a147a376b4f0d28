-- 003_postal: the newest EventTime over all of a postal item's events.
--
-- kpi.md's as-of time is the greatest EventTime of every stored postal event. An item's
-- current state is its event with the highest Id, which need not carry its latest
-- EventTime (a lower Id can hold a later time), and last_event_time keeps only that
-- event's. max_event_time keeps the greatest over all of the item's events, so the KPI
-- engine reads the as-of contribution of postal events as max(max_event_time), by index.

ALTER TABLE egovkpi.postal_item ADD COLUMN max_event_time timestamptz;
-- Rows written before this migration knew only two of their events' times.
UPDATE egovkpi.postal_item SET max_event_time = GREATEST(last_event_time, first_event_time);
ALTER TABLE egovkpi.postal_item ALTER COLUMN max_event_time SET NOT NULL;
CREATE INDEX postal_item_max_event_time_idx ON egovkpi.postal_item (max_event_time);

-- Table privileges cover every column, this one included; restated so that this migration
-- says by itself who may use what it adds (the same grants as 001).
GRANT SELECT, INSERT, UPDATE, DELETE ON egovkpi.postal_item TO egovkpi_writer;
GRANT SELECT ON egovkpi.postal_item TO egovkpi_reader;
