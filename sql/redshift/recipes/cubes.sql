-- Redshift: the same SQL as sql/postgres/recipes/cubes.sql apart from what the dialect requires (see sql/dialect-differences.ts).
-- The cubes: wide, one-row-per-thing views for BI tools to slice. A visit is a domain_sessionid; entry and exit
-- pages are the first and last page views by derived_tstamp. cubes_ecomm.transactions_with_visits joins each
-- order to the visit it was made in by domain_sessionid (the 2013 view compared a column with itself).

-- answers: one row per visit: who, where, when, how long, how many events and pages, how many orders
CREATE OR REPLACE VIEW cubes_visits.basic AS
SELECT domain_sessionid, domain_userid, domain_sessionidx, network_userid, user_id, geo_country, start_tstamp, end_tstamp,
  duration_s, events, page_views, distinct_pages, transactions
FROM derived.sessions_source;

-- answers: one row per visit: the campaign and the external referrer it came from
CREATE OR REPLACE VIEW cubes_visits.referer_basic AS
SELECT domain_sessionid, mkt_medium, mkt_source, mkt_campaign, mkt_term, mkt_content,
  CASE WHEN refr_medium <> 'internal' THEN refr_medium END AS refr_medium,
  CASE WHEN refr_medium <> 'internal' THEN refr_source END AS refr_source,
  CASE WHEN refr_medium <> 'internal' THEN refr_term END AS refr_term,
  CASE WHEN refr_medium <> 'internal' THEN refr_urlhost END AS refr_urlhost
FROM derived.sessions_source;

-- answers: one row per visit with its referer columns
CREATE OR REPLACE VIEW cubes_visits.referer AS
SELECT b.*, r.mkt_medium, r.mkt_source, r.mkt_campaign, r.mkt_term, r.mkt_content, r.refr_medium, r.refr_source, r.refr_term, r.refr_urlhost
FROM cubes_visits.basic b
LEFT JOIN cubes_visits.referer_basic r ON r.domain_sessionid = b.domain_sessionid;

-- answers: one row per visit: the page it entered on and the page it left from
CREATE OR REPLACE VIEW cubes_visits.entry_and_exit_pages AS
SELECT domain_sessionid, landing_page AS entry_page, exit_page
FROM derived.sessions_source;

-- answers: one row per visit with referer, entry page and exit page
CREATE OR REPLACE VIEW cubes_visits.referer_entries_and_exits AS
SELECT r.*, x.entry_page, x.exit_page
FROM cubes_visits.referer r
LEFT JOIN cubes_visits.entry_and_exit_pages x ON x.domain_sessionid = r.domain_sessionid;

-- answers: one row per page, visit and day: events, page views, pings, scroll extremes and document size
CREATE OR REPLACE VIEW cubes_pages.pages_basic AS
SELECT domain_sessionid, domain_userid, page_urlpath, CAST(derived_tstamp AS DATE) AS day, COUNT(*) AS events,
  SUM(CASE WHEN event = 'page_view' THEN 1 ELSE 0 END) AS page_views,
  SUM(CASE WHEN event = 'page_ping' THEN 1 ELSE 0 END) AS page_pings,
  MAX(pp_yoffset_max) AS max_yoffset, MAX(doc_height) AS doc_height, MAX(br_viewheight) AS br_viewheight
FROM derived.web_events
WHERE page_urlpath IS NOT NULL
GROUP BY domain_sessionid, domain_userid, page_urlpath, CAST(derived_tstamp AS DATE);

-- answers: one row per visit and page: how many times the page was viewed in the visit and when first
CREATE OR REPLACE VIEW cubes_pages.views_by_session AS
SELECT domain_sessionid, domain_userid, page_urlpath, COUNT(*) AS page_views, MIN(start_tstamp) AS first_view_tstamp
FROM derived.page_views_source
GROUP BY domain_sessionid, domain_userid, page_urlpath;

-- answers: one row per visit and page that was pinged: pings, engaged seconds and deepest scroll
CREATE OR REPLACE VIEW cubes_pages.pings_by_session AS
SELECT domain_sessionid, page_urlpath, SUM(page_pings) AS page_pings, SUM(engaged_time_s) AS engaged_time_s,
  MAX(vertical_percentage_scrolled) AS max_percentage_read
FROM derived.page_views_source
WHERE page_pings > 0
GROUP BY domain_sessionid, page_urlpath;

-- answers: one row per visit and page, views and pings together, with the visit's start and landing page
CREATE OR REPLACE VIEW cubes_pages.complete AS
SELECT v.domain_sessionid, v.domain_userid, v.page_urlpath, v.page_views, v.first_view_tstamp,
  COALESCE(p.page_pings, 0) AS page_pings, COALESCE(p.engaged_time_s, 0) AS engaged_time_s, p.max_percentage_read,
  s.start_tstamp AS visit_start_tstamp, s.landing_page
FROM cubes_pages.views_by_session v
LEFT JOIN cubes_pages.pings_by_session p ON p.domain_sessionid = v.domain_sessionid AND p.page_urlpath = v.page_urlpath
JOIN derived.sessions_source s ON s.domain_sessionid = v.domain_sessionid;

-- answers: one row per order (counted once even when re-sent)
CREATE OR REPLACE VIEW cubes_ecomm.transactions_basic AS
SELECT tr_orderid, domain_userid, domain_sessionid, derived_tstamp, tr_total, tr_tax, tr_shipping, tr_currency
FROM derived.orders;

-- answers: one row per order: how many lines and units it had
CREATE OR REPLACE VIEW cubes_ecomm.transactions_items_basic AS
SELECT ti_orderid, COUNT(*) AS item_lines, SUM(ti_quantity) AS units
FROM derived.order_items
GROUP BY ti_orderid;

-- answers: one row per order with its line and unit counts
CREATE OR REPLACE VIEW cubes_ecomm.transactions AS
SELECT t.*, COALESCE(i.item_lines, 0) AS item_lines, COALESCE(i.units, 0) AS units
FROM cubes_ecomm.transactions_basic t
LEFT JOIN cubes_ecomm.transactions_items_basic i ON i.ti_orderid = t.tr_orderid;

-- answers: one row per order with the visit it was made in (landing page, referer, device)
CREATE OR REPLACE VIEW cubes_ecomm.transactions_with_visits AS
SELECT t.*, v.domain_sessionidx, v.start_tstamp AS visit_start_tstamp, v.landing_page, v.refr_medium, v.refr_source,
  v.mkt_medium, v.mkt_source, v.mkt_campaign, v.geo_country, v.br_family, v.dvce_ismobile
FROM cubes_ecomm.transactions t
JOIN derived.sessions_source v ON v.domain_sessionid = t.domain_sessionid;
