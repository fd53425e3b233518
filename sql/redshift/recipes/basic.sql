-- Redshift: the same SQL as sql/postgres/recipes/basic.sql apart from what the dialect requires (see sql/dialect-differences.ts).
-- The basic recipes (the 2013 cookbook's bread-and-butter queries) on today's columns: a visitor is a
-- domain_userid, a visit is a domain_sessionid, times are derived_tstamp (the device's clock corrected for its
-- skew). Per-visit recipes read derived.sessions_source, so a visit is defined once. Unlike 2013 the views are
-- not limited to the last 31 days: filter on the day column.

-- answers: how many distinct visitors and visits were seen each day
CREATE OR REPLACE VIEW recipes_basic.uniques_and_visits_by_day AS
SELECT CAST(derived_tstamp AS DATE) AS day, COUNT(DISTINCT domain_userid) AS uniques, COUNT(DISTINCT domain_sessionid) AS visits
FROM derived.web_events
GROUP BY CAST(derived_tstamp AS DATE);

-- answers: how many pages were viewed each day (a page view counted once even if its event was sent twice)
CREATE OR REPLACE VIEW recipes_basic.page_views_by_day AS
SELECT CAST(start_tstamp AS DATE) AS day, COUNT(*) AS page_views
FROM derived.page_views_source
GROUP BY CAST(start_tstamp AS DATE);

-- answers: how many events of each type arrived each day, from every platform (web, IoT, ...)
CREATE OR REPLACE VIEW recipes_basic.events_by_day AS
SELECT CAST(derived_tstamp AS DATE) AS day, event, COUNT(*) AS events
FROM atomic.events
GROUP BY CAST(derived_tstamp AS DATE), event;

-- answers: how many visits looked at 1, 2, 3... distinct pages
CREATE OR REPLACE VIEW recipes_basic.pages_per_visit AS
SELECT distinct_pages, COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY distinct_pages;

-- answers: what share of each day's visits bounced (one page view, no page pings)
CREATE OR REPLACE VIEW recipes_basic.bounce_rate_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, SUM(CASE WHEN is_bounce THEN 1 ELSE 0 END) AS bounces,
  ROUND(1.0 * SUM(CASE WHEN is_bounce THEN 1 ELSE 0 END) / COUNT(*), 4) AS bounce_rate
FROM derived.sessions_source
GROUP BY start_day;

-- answers: what share of each day's visits were a visitor's first
CREATE OR REPLACE VIEW recipes_basic.fraction_new_visits_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, SUM(CASE WHEN is_new THEN 1 ELSE 0 END) AS new_visits,
  ROUND(1.0 * SUM(CASE WHEN is_new THEN 1 ELSE 0 END) / COUNT(*), 4) AS fraction_new
FROM derived.sessions_source
GROUP BY start_day;

-- answers: how long visits lasted on average each day (first to last event, seconds)
CREATE OR REPLACE VIEW recipes_basic.avg_visit_duration_by_day AS
SELECT start_day AS day, COUNT(*) AS visits, ROUND(AVG(1.0 * duration_s), 1) AS avg_duration_s
FROM derived.sessions_source
GROUP BY start_day;

-- answers: how many visitors use each browser language
CREATE OR REPLACE VIEW recipes_basic.visitors_by_language AS
SELECT br_lang, COUNT(DISTINCT domain_userid) AS uniques
FROM derived.web_events
GROUP BY br_lang;

-- answers: how many visits and visitors came from each country
CREATE OR REPLACE VIEW recipes_basic.visits_by_country AS
SELECT geo_country, COUNT(*) AS visits, COUNT(DISTINCT domain_userid) AS uniques
FROM derived.sessions_source
GROUP BY geo_country;

-- answers: how many visits were first visits and how many came from returning visitors
CREATE OR REPLACE VIEW recipes_basic.new_vs_returning AS
SELECT CASE WHEN is_new THEN 'new' ELSE 'returning' END AS visit_type, COUNT(*) AS visits,
  ROUND(1.0 * COUNT(*) / (SELECT COUNT(*) FROM derived.sessions_source), 4) AS fraction
FROM derived.sessions_source
GROUP BY CASE WHEN is_new THEN 'new' ELSE 'returning' END;

-- answers: how many visitors came back for a 1st, 2nd, 3rd... visit
CREATE OR REPLACE VIEW recipes_basic.behavior_frequency AS
SELECT domain_sessionidx, COUNT(DISTINCT domain_userid) AS uniques
FROM derived.sessions_source
GROUP BY domain_sessionidx;

-- answers: how many days passed between a visit and the same visitor's previous one
CREATE OR REPLACE VIEW recipes_basic.behavior_recency AS
SELECT
  CASE WHEN days_since < 6 THEN CAST(days_since AS VARCHAR(8)) WHEN days_since <= 10 THEN '6-10' WHEN days_since <= 25 THEN '11-25' ELSE '26+' END AS days_since_previous_visit,
  CASE WHEN days_since < 6 THEN days_since WHEN days_since <= 10 THEN 6 WHEN days_since <= 25 THEN 7 ELSE 8 END AS bucket_order,
  COUNT(*) AS visits
FROM (
  SELECT start_day - LAG(start_day) OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS days_since
  FROM derived.sessions_source
) visits_after_the_first
WHERE days_since IS NOT NULL
GROUP BY 1, 2;

-- answers: how many visits lasted 0-10 s, 11-30 s, ... 1801 s or more
CREATE OR REPLACE VIEW recipes_basic.engagement_visit_duration AS
SELECT
  CASE WHEN duration_s <= 10 THEN '0-10s' WHEN duration_s <= 30 THEN '11-30s' WHEN duration_s <= 60 THEN '31-60s'
    WHEN duration_s <= 120 THEN '61-120s' WHEN duration_s <= 180 THEN '121-180s' WHEN duration_s <= 240 THEN '181-240s'
    WHEN duration_s <= 300 THEN '241-300s' WHEN duration_s <= 600 THEN '301-600s' WHEN duration_s <= 1200 THEN '601-1200s'
    WHEN duration_s <= 1800 THEN '1201-1800s' ELSE '1801s+' END AS visit_duration,
  CASE WHEN duration_s <= 10 THEN 1 WHEN duration_s <= 30 THEN 2 WHEN duration_s <= 60 THEN 3 WHEN duration_s <= 120 THEN 4
    WHEN duration_s <= 180 THEN 5 WHEN duration_s <= 240 THEN 6 WHEN duration_s <= 300 THEN 7 WHEN duration_s <= 600 THEN 8
    WHEN duration_s <= 1200 THEN 9 WHEN duration_s <= 1800 THEN 10 ELSE 11 END AS bucket_order,
  COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY 1, 2;

-- answers: how many visits had 1, 2, 3... page views
CREATE OR REPLACE VIEW recipes_basic.engagement_page_views_per_visit AS
SELECT page_views, COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY page_views;

-- answers: how many visits used each browser family
CREATE OR REPLACE VIEW recipes_basic.technology_browser AS
SELECT br_family, COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY br_family;

-- answers: how many visits used each operating system family
CREATE OR REPLACE VIEW recipes_basic.technology_os AS
SELECT os_family, COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY os_family;

-- answers: how many visits came from mobile devices and how many from desktops
CREATE OR REPLACE VIEW recipes_basic.technology_mobile AS
SELECT CASE WHEN dvce_ismobile THEN 'mobile' WHEN NOT dvce_ismobile THEN 'desktop' ELSE 'unknown' END AS device_class, COUNT(*) AS visits
FROM derived.sessions_source
GROUP BY 1;
