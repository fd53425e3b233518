-- Incremental refresh of the derived tables (Redshift), run as one transaction.
-- Late-arriving events: every session (and device) that has an event with a collector_tstamp after
-- (last high-water mark - lookback_hours) is rebuilt whole from all of its events, so events that reach the
-- warehouse up to lookback_hours after later events were already refreshed are still counted. Events loaded
-- later than that are only picked up by a full refresh (`snowline sql refresh --full`, which clears the mark).
UPDATE derived.refresh_state
SET window_start_tstamp = COALESCE(DATEADD(hour, -lookback_hours, high_water_tstamp), CAST('1970-01-01' AS TIMESTAMP))
WHERE model = 'derived';

DELETE FROM derived.refresh_sessions;

INSERT INTO derived.refresh_sessions
SELECT DISTINCT e.domain_sessionid
FROM atomic.events e
JOIN derived.refresh_state s ON s.model = 'derived'
WHERE e.domain_sessionid IS NOT NULL AND e.collector_tstamp > s.window_start_tstamp;

DELETE FROM derived.page_views WHERE domain_sessionid IN (SELECT domain_sessionid FROM derived.refresh_sessions);

INSERT INTO derived.page_views
SELECT * FROM derived.page_views_source WHERE domain_sessionid IN (SELECT domain_sessionid FROM derived.refresh_sessions);

DELETE FROM derived.sessions WHERE domain_sessionid IN (SELECT domain_sessionid FROM derived.refresh_sessions);

INSERT INTO derived.sessions
SELECT * FROM derived.sessions_source WHERE domain_sessionid IN (SELECT domain_sessionid FROM derived.refresh_sessions);

DELETE FROM derived.refresh_devices;

INSERT INTO derived.refresh_devices
SELECT DISTINCT d.device_id
FROM derived.device_events d
JOIN derived.refresh_state s ON s.model = 'derived'
WHERE d.collector_tstamp > s.window_start_tstamp;

DELETE FROM derived.device_daily WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

INSERT INTO derived.device_daily
SELECT * FROM derived.device_daily_source WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

DELETE FROM derived.device_uptime_gaps WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

INSERT INTO derived.device_uptime_gaps
SELECT * FROM derived.device_uptime_gaps_source WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

DELETE FROM derived.devices WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

INSERT INTO derived.devices
SELECT * FROM derived.devices_source WHERE device_id IN (SELECT device_id FROM derived.refresh_devices);

UPDATE derived.refresh_state
SET high_water_tstamp = COALESCE((SELECT MAX(collector_tstamp) FROM atomic.events), high_water_tstamp),
    refreshed_at = GETDATE()
WHERE model = 'derived';
