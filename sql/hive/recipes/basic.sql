-- The basic recipes in HiveQL, over the atomic.events external table (events-table.sql). Same definitions as
-- sql/postgres/recipes/basic.sql: a visitor is a domain_userid, a visit a domain_sessionid, times are
-- derived_tstamp, a page view is counted once per page view id (the web_page entity). Written in the part of
-- HiveQL that Hive, Athena, Spark SQL and DuckDB share (no GROUP BY positions, no CTEs in views, no datediff),
-- so `snowline query --files` runs these very views with DuckDB over the enriched files.
CREATE DATABASE IF NOT EXISTS recipes_basic;

-- answers: every web event with its page view id, taken from the web_page entity in contexts
CREATE VIEW IF NOT EXISTS recipes_basic.web_events AS
SELECT
  event_id, event, derived_tstamp, domain_userid, domain_sessionid, domain_sessionidx, page_urlpath,
  geo_country, br_lang, br_family, os_family, dvce_ismobile,
  regexp_extract(contexts, 'web_page/jsonschema/[^"]+","data":[{]"id":"([^"]+)"', 1) AS page_view_id
FROM atomic.events
WHERE domain_sessionid IS NOT NULL;

-- answers: one row per page view (the first event of each page view id)
CREATE VIEW IF NOT EXISTS recipes_basic.page_views AS
SELECT page_view_id, domain_sessionid, domain_userid, page_urlpath, derived_tstamp AS start_tstamp
FROM (
  SELECT w.*, ROW_NUMBER() OVER (PARTITION BY page_view_id ORDER BY derived_tstamp, event_id) AS occurrence
  FROM recipes_basic.web_events w
  WHERE event = 'page_view' AND page_view_id IS NOT NULL AND page_view_id <> ''
) views
WHERE occurrence = 1;

-- answers: one row per visit: start, duration, page views, pings, whether new or a bounce, and its first event's device and place
CREATE VIEW IF NOT EXISTS recipes_basic.sessions AS
SELECT
  f.domain_sessionid, f.domain_userid, f.domain_sessionidx, t.start_tstamp, to_date(t.start_tstamp) AS start_day,
  CAST(floor(unix_timestamp(t.start_tstamp) / 86400) AS INT) AS start_day_number,
  unix_timestamp(t.end_tstamp) - unix_timestamp(t.start_tstamp) AS duration_s,
  t.page_views, t.page_pings, t.distinct_pages,
  CASE WHEN f.domain_sessionidx = 1 THEN 1 ELSE 0 END AS is_new,
  CASE WHEN t.page_views = 1 AND t.page_pings = 0 THEN 1 ELSE 0 END AS is_bounce,
  f.geo_country, f.br_family, f.os_family, f.dvce_ismobile
FROM (
  SELECT w.*, ROW_NUMBER() OVER (PARTITION BY domain_sessionid ORDER BY derived_tstamp, event_id) AS event_rank
  FROM recipes_basic.web_events w
) f
JOIN (
  SELECT
    domain_sessionid, MIN(derived_tstamp) AS start_tstamp, MAX(derived_tstamp) AS end_tstamp,
    SUM(CASE WHEN event = 'page_view' THEN 1 ELSE 0 END) AS page_views,
    SUM(CASE WHEN event = 'page_ping' THEN 1 ELSE 0 END) AS page_pings,
    COUNT(DISTINCT CASE WHEN event = 'page_view' THEN page_urlpath END) AS distinct_pages
  FROM recipes_basic.web_events
  GROUP BY domain_sessionid
) t ON t.domain_sessionid = f.domain_sessionid
WHERE f.event_rank = 1;

-- answers: how many distinct visitors and visits were seen each day
CREATE VIEW IF NOT EXISTS recipes_basic.uniques_and_visits_by_day AS
SELECT to_date(derived_tstamp) AS day, COUNT(DISTINCT domain_userid) AS uniques, COUNT(DISTINCT domain_sessionid) AS visits
FROM recipes_basic.web_events
GROUP BY to_date(derived_tstamp);

-- answers: how many pages were viewed each day (a page view counted once even if its event was sent twice)
CREATE VIEW IF NOT EXISTS recipes_basic.page_views_by_day AS
SELECT to_date(start_tstamp) AS day, COUNT(*) AS page_views
FROM recipes_basic.page_views
GROUP BY to_date(start_tstamp);

-- answers: how many events of each type arrived each day, from every platform (web, IoT, ...)
CREATE VIEW IF NOT EXISTS recipes_basic.events_by_day AS
SELECT to_date(derived_tstamp) AS day, event, COUNT(*) AS events
FROM atomic.events
GROUP BY to_date(derived_tstamp), event;

-- answers: how many visits looked at 1, 2, 3... distinct pages
CREATE VIEW IF NOT EXISTS recipes_basic.pages_per_visit AS
SELECT distinct_pages, COUNT(*) AS visits
FROM recipes_basic.sessions
GROUP BY distinct_pages;

-- answers: what share of each day's visits bounced (one page view, no page pings)
CREATE VIEW IF NOT EXISTS recipes_basic.bounce_rate_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, SUM(is_bounce) AS bounces, ROUND(SUM(is_bounce) / COUNT(*), 4) AS bounce_rate
FROM recipes_basic.sessions
GROUP BY start_day;

-- answers: what share of each day's visits were a visitor's first
CREATE VIEW IF NOT EXISTS recipes_basic.fraction_new_visits_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, SUM(is_new) AS new_visits, ROUND(SUM(is_new) / COUNT(*), 4) AS fraction_new
FROM recipes_basic.sessions
GROUP BY start_day;

-- answers: how long visits lasted on average each day (first to last event, seconds)
CREATE VIEW IF NOT EXISTS recipes_basic.avg_visit_duration_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, ROUND(AVG(duration_s), 1) AS avg_duration_s
FROM recipes_basic.sessions
GROUP BY start_day;

-- answers: how many visitors use each browser language
CREATE VIEW IF NOT EXISTS recipes_basic.visitors_by_language AS
SELECT br_lang, COUNT(DISTINCT domain_userid) AS uniques
FROM recipes_basic.web_events
GROUP BY br_lang;

-- answers: how many visits and visitors came from each country
CREATE VIEW IF NOT EXISTS recipes_basic.visits_by_country AS
SELECT geo_country, COUNT(*) AS visits, COUNT(DISTINCT domain_userid) AS uniques
FROM recipes_basic.sessions
GROUP BY geo_country;

-- answers: how many visits were first visits and how many came from returning visitors
CREATE VIEW IF NOT EXISTS recipes_basic.new_vs_returning AS
SELECT s.visit_type, COUNT(*) AS visits, ROUND(COUNT(*) / MAX(a.all_visits), 4) AS fraction
FROM (SELECT CASE WHEN is_new = 1 THEN 'new' ELSE 'returning' END AS visit_type FROM recipes_basic.sessions) s
CROSS JOIN (SELECT COUNT(*) AS all_visits FROM recipes_basic.sessions) a
GROUP BY s.visit_type;

-- answers: how many visitors came back for a 1st, 2nd, 3rd... visit
CREATE VIEW IF NOT EXISTS recipes_basic.behavior_frequency AS
SELECT domain_sessionidx, COUNT(DISTINCT domain_userid) AS uniques
FROM recipes_basic.sessions
GROUP BY domain_sessionidx;

-- answers: how many days passed between a visit and the same visitor's previous one
CREATE VIEW IF NOT EXISTS recipes_basic.behavior_recency AS
SELECT days_since_previous_visit, bucket_order, COUNT(*) AS visits
FROM (
  SELECT
    CASE WHEN days_since < 6 THEN CAST(days_since AS STRING) WHEN days_since <= 10 THEN '6-10' WHEN days_since <= 25 THEN '11-25' ELSE '26+' END AS days_since_previous_visit,
    CASE WHEN days_since < 6 THEN days_since WHEN days_since <= 10 THEN 6 WHEN days_since <= 25 THEN 7 ELSE 8 END AS bucket_order
  FROM (
    SELECT start_day_number - LAG(start_day_number) OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS days_since
    FROM recipes_basic.sessions
  ) gaps
  WHERE days_since IS NOT NULL
) buckets
GROUP BY days_since_previous_visit, bucket_order;

-- answers: how many visits lasted 0-10 s, 11-30 s, ... 1801 s or more
CREATE VIEW IF NOT EXISTS recipes_basic.engagement_visit_duration AS
SELECT visit_duration, bucket_order, COUNT(*) AS visits
FROM (
  SELECT
    CASE WHEN duration_s <= 10 THEN '0-10s' WHEN duration_s <= 30 THEN '11-30s' WHEN duration_s <= 60 THEN '31-60s'
      WHEN duration_s <= 120 THEN '61-120s' WHEN duration_s <= 180 THEN '121-180s' WHEN duration_s <= 240 THEN '181-240s'
      WHEN duration_s <= 300 THEN '241-300s' WHEN duration_s <= 600 THEN '301-600s' WHEN duration_s <= 1200 THEN '601-1200s'
      WHEN duration_s <= 1800 THEN '1201-1800s' ELSE '1801s+' END AS visit_duration,
    CASE WHEN duration_s <= 10 THEN 1 WHEN duration_s <= 30 THEN 2 WHEN duration_s <= 60 THEN 3 WHEN duration_s <= 120 THEN 4
      WHEN duration_s <= 180 THEN 5 WHEN duration_s <= 240 THEN 6 WHEN duration_s <= 300 THEN 7 WHEN duration_s <= 600 THEN 8
      WHEN duration_s <= 1200 THEN 9 WHEN duration_s <= 1800 THEN 10 ELSE 11 END AS bucket_order
  FROM recipes_basic.sessions
) buckets
GROUP BY visit_duration, bucket_order;

-- answers: how many visits had 1, 2, 3... page views
CREATE VIEW IF NOT EXISTS recipes_basic.engagement_page_views_per_visit AS
SELECT page_views, COUNT(*) AS visits
FROM recipes_basic.sessions
GROUP BY page_views;

-- answers: how many visits used each browser family
CREATE VIEW IF NOT EXISTS recipes_basic.technology_browser AS
SELECT br_family, COUNT(*) AS visits
FROM recipes_basic.sessions
GROUP BY br_family;

-- answers: how many visits used each operating system family
CREATE VIEW IF NOT EXISTS recipes_basic.technology_os AS
SELECT os_family, COUNT(*) AS visits
FROM recipes_basic.sessions
GROUP BY os_family;

-- answers: how many visits came from mobile devices and how many from desktops
CREATE VIEW IF NOT EXISTS recipes_basic.technology_mobile AS
SELECT device_class, COUNT(*) AS visits
FROM (
  SELECT CASE WHEN dvce_ismobile = 1 THEN 'mobile' WHEN dvce_ismobile = 0 THEN 'desktop' ELSE 'unknown' END AS device_class
  FROM recipes_basic.sessions
) classes
GROUP BY device_class;
