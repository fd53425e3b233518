-- Redshift: the same SQL as sql/postgres/models/04-refresh-state.sql apart from what the dialect requires (see sql/dialect-differences.ts).
-- Bookkeeping of the incremental refresh (see refresh.sql): one row holding the collector_tstamp high-water mark
-- of the last refresh and the lookback window, in hours, that each refresh re-reads behind it.
CREATE TABLE IF NOT EXISTS derived.refresh_state (
  model VARCHAR(64) NOT NULL PRIMARY KEY,
  lookback_hours INTEGER NOT NULL,
  high_water_tstamp TIMESTAMP,
  window_start_tstamp TIMESTAMP,
  refreshed_at TIMESTAMP
);

INSERT INTO derived.refresh_state (model, lookback_hours)
SELECT 'derived', 6
WHERE NOT EXISTS (SELECT 1 FROM derived.refresh_state WHERE model = 'derived');

CREATE TABLE IF NOT EXISTS derived.refresh_sessions (domain_sessionid VARCHAR(128) NOT NULL);

CREATE TABLE IF NOT EXISTS derived.refresh_devices (device_id VARCHAR(128) NOT NULL);
