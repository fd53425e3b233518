-- Device models for IoT events (the Snowline device entity iglu:io.snowline/device/jsonschema/1-0-0 that the
-- firmware bridge attaches: deviceId, bootId, firmwareVersion, uptimeMs). A device is "silent" when 30 minutes pass
-- without an event from it (a sensor reporting every 15 minutes missed at least one report); it "rebooted" when its
-- boot id changed between two events, or, for devices that send no boot id, when its uptime went down (a 32-bit
-- millisecond uptime also wraps after 49.7 days, which the boot id tells apart from a reboot).

-- answers: how many events each device sent each day, and when it was first and last heard from that day
CREATE OR REPLACE VIEW derived.device_daily_source AS
SELECT
  device_id,
  CAST(derived_tstamp AS DATE) AS day,
  CAST(COUNT(*) AS INTEGER) AS events,
  MIN(derived_tstamp) AS first_tstamp,
  MAX(derived_tstamp) AS last_tstamp
FROM derived.device_events
GROUP BY device_id, CAST(derived_tstamp AS DATE);

-- answers: each silence longer than 30 minutes and each reboot, per device
CREATE OR REPLACE VIEW derived.device_uptime_gaps_source AS
SELECT
  device_id,
  previous_tstamp AS gap_start_tstamp,
  derived_tstamp AS gap_end_tstamp,
  CAST(FLOOR(EXTRACT(EPOCH FROM derived_tstamp)) - FLOOR(EXTRACT(EPOCH FROM previous_tstamp)) AS INTEGER) AS gap_s,
  rebooted
FROM (
  SELECT
    device_id, derived_tstamp, previous_tstamp,
    CASE WHEN boot_id IS NOT NULL AND previous_boot_id IS NOT NULL THEN boot_id <> previous_boot_id
      ELSE COALESCE(uptime_ms < previous_uptime_ms, FALSE) END AS rebooted
  FROM (
    SELECT
      device_id, derived_tstamp, boot_id, uptime_ms,
      LAG(derived_tstamp) OVER (PARTITION BY device_id ORDER BY derived_tstamp, event_id) AS previous_tstamp,
      LAG(boot_id) OVER (PARTITION BY device_id ORDER BY derived_tstamp, event_id) AS previous_boot_id,
      LAG(uptime_ms) OVER (PARTITION BY device_id ORDER BY derived_tstamp, event_id) AS previous_uptime_ms
    FROM derived.device_events
  ) consecutive
) compared
WHERE previous_tstamp IS NOT NULL
  AND (FLOOR(EXTRACT(EPOCH FROM derived_tstamp)) - FLOOR(EXTRACT(EPOCH FROM previous_tstamp)) > 1800 OR rebooted);

-- answers: each device's first and last event, event count, active days, current firmware, silences and reboots
CREATE OR REPLACE VIEW derived.devices_source AS
WITH latest AS (
  SELECT device_id, firmware_version, uptime_ms
  FROM (
    SELECT device_id, firmware_version, uptime_ms,
      ROW_NUMBER() OVER (PARTITION BY device_id ORDER BY derived_tstamp DESC, event_id DESC) AS recency
    FROM derived.device_events
  ) ranked
  WHERE recency = 1
),
totals AS (
  SELECT device_id, MIN(derived_tstamp) AS first_seen_tstamp, MAX(derived_tstamp) AS last_seen_tstamp,
    COUNT(*) AS events, COUNT(DISTINCT CAST(derived_tstamp AS DATE)) AS active_days
  FROM derived.device_events
  GROUP BY device_id
),
gaps AS (
  SELECT device_id,
    SUM(CASE WHEN gap_s > 1800 THEN 1 ELSE 0 END) AS silences,
    SUM(CASE WHEN rebooted THEN 1 ELSE 0 END) AS reboots,
    MAX(CASE WHEN gap_s > 1800 THEN gap_s END) AS longest_silence_s
  FROM derived.device_uptime_gaps_source
  GROUP BY device_id
)
SELECT
  t.device_id,
  t.first_seen_tstamp,
  t.last_seen_tstamp,
  CAST(t.events AS INTEGER) AS events,
  CAST(t.active_days AS INTEGER) AS active_days,
  l.firmware_version,
  l.uptime_ms AS last_uptime_ms,
  CAST(COALESCE(g.silences, 0) AS INTEGER) AS silences,
  CAST(COALESCE(g.reboots, 0) AS INTEGER) AS reboots,
  g.longest_silence_s
FROM totals t
JOIN latest l ON l.device_id = t.device_id
LEFT JOIN gaps g ON g.device_id = t.device_id;

CREATE TABLE IF NOT EXISTS derived.device_daily (
  device_id VARCHAR(128) NOT NULL,
  day DATE NOT NULL,
  events INTEGER,
  first_tstamp TIMESTAMP,
  last_tstamp TIMESTAMP
);

CREATE TABLE IF NOT EXISTS derived.device_uptime_gaps (
  device_id VARCHAR(128) NOT NULL,
  gap_start_tstamp TIMESTAMP,
  gap_end_tstamp TIMESTAMP,
  gap_s INTEGER,
  rebooted BOOLEAN
);

CREATE TABLE IF NOT EXISTS derived.devices (
  device_id VARCHAR(128) NOT NULL,
  first_seen_tstamp TIMESTAMP,
  last_seen_tstamp TIMESTAMP,
  events INTEGER,
  active_days INTEGER,
  firmware_version VARCHAR(128),
  last_uptime_ms BIGINT,
  silences INTEGER,
  reboots INTEGER,
  longest_silence_s INTEGER
);
