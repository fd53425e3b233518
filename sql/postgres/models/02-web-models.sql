-- Web models: orders, page views and sessions, as live views (*_source) over atomic.events. The derived tables
-- derived.page_views and derived.sessions hold the same rows, kept up to date by the incremental refresh.
-- Page pings are sent every 10 seconds (the tracker's heartbeat): engaged time counts the distinct 10-second
-- windows in which a page view sent a ping.

-- answers: one row per order, the first time it was tracked (a re-sent transaction is counted once)
CREATE OR REPLACE VIEW derived.orders AS
SELECT tr_orderid, domain_userid, domain_sessionid, derived_tstamp, tr_total, tr_tax, tr_shipping, tr_currency
FROM (
  SELECT w.*, ROW_NUMBER() OVER (PARTITION BY tr_orderid ORDER BY derived_tstamp, event_id) AS occurrence
  FROM derived.web_events w
  WHERE event = 'transaction' AND tr_orderid IS NOT NULL
) tracked
WHERE occurrence = 1;

-- answers: one row per order line (order and SKU), the first time it was tracked
CREATE OR REPLACE VIEW derived.order_items AS
SELECT ti_orderid, ti_sku, ti_name, ti_category, ti_price, ti_quantity, domain_userid, derived_tstamp
FROM (
  SELECT w.*, ROW_NUMBER() OVER (PARTITION BY ti_orderid, ti_sku ORDER BY derived_tstamp, event_id) AS occurrence
  FROM derived.web_events w
  WHERE event = 'transaction_item' AND ti_orderid IS NOT NULL AND ti_sku IS NOT NULL
) tracked
WHERE occurrence = 1;

-- answers: one row per page view with its engaged time (from page pings) and how far down the page the reader scrolled
CREATE OR REPLACE VIEW derived.page_views_source AS
WITH views AS (
  SELECT
    page_view_id, domain_sessionid, domain_userid, page_urlpath, page_title, derived_tstamp, doc_height, br_viewheight,
    ROW_NUMBER() OVER (PARTITION BY page_view_id ORDER BY derived_tstamp, event_id) AS occurrence
  FROM derived.web_events
  WHERE event = 'page_view' AND page_view_id IS NOT NULL
),
pings AS (
  SELECT
    page_view_id,
    COUNT(*) AS page_pings,
    COUNT(DISTINCT FLOOR(EXTRACT(EPOCH FROM derived_tstamp) / 10)) * 10 AS engaged_time_s,
    MAX(pp_yoffset_max) AS max_yoffset,
    MAX(derived_tstamp) AS last_ping_tstamp
  FROM derived.web_events
  WHERE event = 'page_ping' AND page_view_id IS NOT NULL
  GROUP BY page_view_id
)
SELECT
  v.page_view_id,
  v.domain_sessionid,
  v.domain_userid,
  ROW_NUMBER() OVER (PARTITION BY v.domain_sessionid ORDER BY v.derived_tstamp, v.page_view_id) AS page_view_in_session_index,
  v.page_urlpath,
  v.page_title,
  v.derived_tstamp AS start_tstamp,
  COALESCE(p.last_ping_tstamp, v.derived_tstamp) AS end_tstamp,
  CAST(COALESCE(p.page_pings, 0) AS INTEGER) AS page_pings,
  CAST(COALESCE(p.engaged_time_s, 0) AS INTEGER) AS engaged_time_s,
  COALESCE(p.max_yoffset, 0) AS max_yoffset,
  v.doc_height,
  v.br_viewheight,
  CASE WHEN v.doc_height > 0 THEN LEAST(100, (100 * (COALESCE(p.max_yoffset, 0) + COALESCE(v.br_viewheight, 0))) / v.doc_height) END AS vertical_percentage_scrolled
FROM views v
LEFT JOIN pings p ON p.page_view_id = v.page_view_id
WHERE v.occurrence = 1;

-- answers: one row per session (domain_sessionid): when, how long, how engaged, where from, what device, what was bought
CREATE OR REPLACE VIEW derived.sessions_source AS
SELECT
  s.domain_sessionid,
  s.domain_userid,
  s.domain_sessionidx,
  s.network_userid,
  s.user_id,
  s.app_id,
  s.start_tstamp,
  s.end_tstamp,
  CAST(s.start_tstamp AS DATE) AS start_day,
  CAST(FLOOR(EXTRACT(EPOCH FROM s.end_tstamp)) - FLOOR(EXTRACT(EPOCH FROM s.start_tstamp)) AS INTEGER) AS duration_s,
  CAST(s.events AS INTEGER) AS events,
  CAST(s.page_views AS INTEGER) AS page_views,
  CAST(s.page_pings AS INTEGER) AS page_pings,
  CAST(s.distinct_pages AS INTEGER) AS distinct_pages,
  CAST(COALESCE(g.engaged_time_s, 0) AS INTEGER) AS engaged_time_s,
  s.domain_sessionidx = 1 AS is_new,
  s.page_views = 1 AND s.page_pings = 0 AS is_bounce,
  s.landing_page,
  s.exit_page,
  s.refr_medium,
  s.refr_source,
  s.refr_term,
  s.refr_urlhost,
  s.mkt_medium,
  s.mkt_source,
  s.mkt_campaign,
  s.mkt_term,
  s.mkt_content,
  s.geo_country,
  s.br_lang,
  s.br_family,
  s.os_family,
  s.dvce_ismobile,
  CAST(COALESCE(p.transactions, 0) AS INTEGER) AS transactions,
  COALESCE(p.revenue, 0) AS revenue
FROM (
  -- One pass over the session's events: the first event gives ids, place and device; the first and last page
  -- views (page views sort before other events in landing_rank and exit_rank) give landing page, referrer and exit page.
  SELECT
    domain_sessionid,
    MAX(CASE WHEN event_rank = 1 THEN domain_userid END) AS domain_userid,
    MAX(CASE WHEN event_rank = 1 THEN domain_sessionidx END) AS domain_sessionidx,
    MAX(CASE WHEN event_rank = 1 THEN network_userid END) AS network_userid,
    MAX(user_id) AS user_id,
    MAX(CASE WHEN event_rank = 1 THEN app_id END) AS app_id,
    MIN(derived_tstamp) AS start_tstamp,
    MAX(derived_tstamp) AS end_tstamp,
    COUNT(*) AS events,
    SUM(CASE WHEN event = 'page_view' THEN 1 ELSE 0 END) AS page_views,
    SUM(CASE WHEN event = 'page_ping' THEN 1 ELSE 0 END) AS page_pings,
    COUNT(DISTINCT CASE WHEN event = 'page_view' THEN page_urlpath END) AS distinct_pages,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN page_urlpath END) AS landing_page,
    MAX(CASE WHEN exit_rank = 1 AND event = 'page_view' THEN page_urlpath END) AS exit_page,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN refr_medium END) AS refr_medium,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN refr_source END) AS refr_source,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN refr_term END) AS refr_term,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN refr_urlhost END) AS refr_urlhost,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN mkt_medium END) AS mkt_medium,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN mkt_source END) AS mkt_source,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN mkt_campaign END) AS mkt_campaign,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN mkt_term END) AS mkt_term,
    MAX(CASE WHEN landing_rank = 1 AND event = 'page_view' THEN mkt_content END) AS mkt_content,
    MAX(CASE WHEN event_rank = 1 THEN geo_country END) AS geo_country,
    MAX(CASE WHEN event_rank = 1 THEN br_lang END) AS br_lang,
    MAX(CASE WHEN event_rank = 1 THEN br_family END) AS br_family,
    MAX(CASE WHEN event_rank = 1 THEN os_family END) AS os_family,
    BOOL_OR(CASE WHEN event_rank = 1 THEN dvce_ismobile END) AS dvce_ismobile
  FROM (
    SELECT
      w.*,
      ROW_NUMBER() OVER (PARTITION BY domain_sessionid ORDER BY derived_tstamp, event_id) AS event_rank,
      ROW_NUMBER() OVER (PARTITION BY domain_sessionid ORDER BY CASE WHEN event = 'page_view' THEN 0 ELSE 1 END, derived_tstamp, event_id) AS landing_rank,
      ROW_NUMBER() OVER (PARTITION BY domain_sessionid ORDER BY CASE WHEN event = 'page_view' THEN 0 ELSE 1 END, derived_tstamp DESC, event_id DESC) AS exit_rank
    FROM derived.web_events w
  ) ranked
  GROUP BY domain_sessionid
) s
LEFT JOIN (
  SELECT domain_sessionid, SUM(engaged_time_s) AS engaged_time_s
  FROM derived.page_views_source
  GROUP BY domain_sessionid
) g ON g.domain_sessionid = s.domain_sessionid
LEFT JOIN (
  SELECT domain_sessionid, COUNT(*) AS transactions, SUM(tr_total) AS revenue
  FROM derived.orders
  GROUP BY domain_sessionid
) p ON p.domain_sessionid = s.domain_sessionid;

CREATE TABLE IF NOT EXISTS derived.page_views (
  page_view_id VARCHAR(36) NOT NULL,
  domain_sessionid VARCHAR(128) NOT NULL,
  domain_userid VARCHAR(128),
  page_view_in_session_index BIGINT,
  page_urlpath VARCHAR(3000),
  page_title VARCHAR(2000),
  start_tstamp TIMESTAMP,
  end_tstamp TIMESTAMP,
  page_pings INTEGER,
  engaged_time_s INTEGER,
  max_yoffset INTEGER,
  doc_height INTEGER,
  br_viewheight INTEGER,
  vertical_percentage_scrolled INTEGER
);

CREATE TABLE IF NOT EXISTS derived.sessions (
  domain_sessionid VARCHAR(128) NOT NULL,
  domain_userid VARCHAR(128),
  domain_sessionidx INTEGER,
  network_userid VARCHAR(128),
  user_id VARCHAR(255),
  app_id VARCHAR(255),
  start_tstamp TIMESTAMP,
  end_tstamp TIMESTAMP,
  start_day DATE,
  duration_s INTEGER,
  events INTEGER,
  page_views INTEGER,
  page_pings INTEGER,
  distinct_pages INTEGER,
  engaged_time_s INTEGER,
  is_new BOOLEAN,
  is_bounce BOOLEAN,
  landing_page VARCHAR(3000),
  exit_page VARCHAR(3000),
  refr_medium VARCHAR(25),
  refr_source VARCHAR(50),
  refr_term VARCHAR(255),
  refr_urlhost VARCHAR(255),
  mkt_medium VARCHAR(255),
  mkt_source VARCHAR(255),
  mkt_campaign VARCHAR(255),
  mkt_term VARCHAR(255),
  mkt_content VARCHAR(500),
  geo_country CHAR(2),
  br_lang VARCHAR(255),
  br_family VARCHAR(50),
  os_family VARCHAR(50),
  dvce_ismobile BOOLEAN,
  transactions INTEGER,
  revenue DOUBLE PRECISION
);
