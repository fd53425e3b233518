-- Redshift: the same SQL as sql/postgres/recipes/catalog.sql apart from what the dialect requires (see sql/dialect-differences.ts).
-- The catalog recipes: how pages and products perform. Page views, engaged time and reading depth come from
-- derived.page_views_source (page pings matched to their page view by the web_page entity), add-to-basket from the
-- add_to_cart self-describing event, purchases from de-duplicated order lines. A product page is /products/<sku>.

-- answers: how many visitors viewed each page, and how many times, each month
CREATE OR REPLACE VIEW recipes_catalog.uniques_and_pvs_by_page_by_month AS
SELECT CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS month_start, page_urlpath, COUNT(DISTINCT domain_userid) AS uniques, COUNT(*) AS page_views
FROM derived.page_views_source
GROUP BY CAST(DATE_TRUNC('month', start_tstamp) AS DATE), page_urlpath;

-- answers: how many visitors added each product to their basket, how often, and how many units, each month
CREATE OR REPLACE VIEW recipes_catalog.add_to_baskets_by_page_by_month AS
SELECT CAST(DATE_TRUNC('month', derived_tstamp) AS DATE) AS month_start, product_sku, product_name, COUNT(DISTINCT domain_userid) AS uniques,
  COUNT(*) AS add_to_baskets, SUM(quantity) AS units
FROM derived.add_to_cart_events
GROUP BY CAST(DATE_TRUNC('month', derived_tstamp) AS DATE), product_sku, product_name;

-- answers: how many customers bought each product, in how many orders, how many units and for how much, each month
CREATE OR REPLACE VIEW recipes_catalog.purchases_by_product_by_month AS
SELECT CAST(DATE_TRUNC('month', derived_tstamp) AS DATE) AS month_start, ti_sku, ti_name, COUNT(DISTINCT domain_userid) AS buyers,
  COUNT(DISTINCT ti_orderid) AS orders, SUM(ti_quantity) AS units, SUM(ti_price * ti_quantity) AS revenue
FROM derived.order_items
GROUP BY CAST(DATE_TRUNC('month', derived_tstamp) AS DATE), ti_sku, ti_name;

-- answers: how many visitors viewed each page, and how many times, each week
CREATE OR REPLACE VIEW recipes_catalog.uniques_and_pvs_by_page_by_week AS
SELECT CAST(DATE_TRUNC('week', start_tstamp) AS DATE) AS week_start, page_urlpath, COUNT(DISTINCT domain_userid) AS uniques, COUNT(*) AS page_views
FROM derived.page_views_source
GROUP BY CAST(DATE_TRUNC('week', start_tstamp) AS DATE), page_urlpath;

-- answers: how many visitors added each product to their basket, how often, and how many units, each week
CREATE OR REPLACE VIEW recipes_catalog.add_to_baskets_by_page_by_week AS
SELECT CAST(DATE_TRUNC('week', derived_tstamp) AS DATE) AS week_start, product_sku, product_name, COUNT(DISTINCT domain_userid) AS uniques,
  COUNT(*) AS add_to_baskets, SUM(quantity) AS units
FROM derived.add_to_cart_events
GROUP BY CAST(DATE_TRUNC('week', derived_tstamp) AS DATE), product_sku, product_name;

-- answers: how many customers bought each product, in how many orders, how many units and for how much, each week
CREATE OR REPLACE VIEW recipes_catalog.purchases_by_product_by_week AS
SELECT CAST(DATE_TRUNC('week', derived_tstamp) AS DATE) AS week_start, ti_sku, ti_name, COUNT(DISTINCT domain_userid) AS buyers,
  COUNT(DISTINCT ti_orderid) AS orders, SUM(ti_quantity) AS units, SUM(ti_price * ti_quantity) AS revenue
FROM derived.order_items
GROUP BY CAST(DATE_TRUNC('week', derived_tstamp) AS DATE), ti_sku, ti_name;

-- answers: for each product and month, its page's views and viewers next to its add-to-baskets and purchases
CREATE OR REPLACE VIEW recipes_catalog.all_product_metrics_by_month AS
WITH page_metrics AS (
  SELECT month_start, SUBSTRING(page_urlpath, 11) AS sku, uniques AS page_uniques, page_views
  FROM recipes_catalog.uniques_and_pvs_by_page_by_month
  WHERE page_urlpath LIKE '/products/%'
),
keys AS (
  SELECT month_start, sku FROM page_metrics
  UNION SELECT month_start, product_sku FROM recipes_catalog.add_to_baskets_by_page_by_month
  UNION SELECT month_start, ti_sku FROM recipes_catalog.purchases_by_product_by_month
)
SELECT
  k.month_start, k.sku,
  COALESCE(p.page_uniques, 0) AS page_uniques, COALESCE(p.page_views, 0) AS page_views,
  COALESCE(a.uniques, 0) AS basket_uniques, COALESCE(a.add_to_baskets, 0) AS add_to_baskets, COALESCE(a.units, 0) AS basket_units,
  COALESCE(b.buyers, 0) AS buyers, COALESCE(b.orders, 0) AS orders, COALESCE(b.units, 0) AS units_bought
FROM keys k
LEFT JOIN page_metrics p ON p.month_start = k.month_start AND p.sku = k.sku
LEFT JOIN recipes_catalog.add_to_baskets_by_page_by_month a ON a.month_start = k.month_start AND a.product_sku = k.sku
LEFT JOIN recipes_catalog.purchases_by_product_by_month b ON b.month_start = k.month_start AND b.ti_sku = k.sku;

-- answers: for each visitor and page, how many views, pings and seconds of engagement, and how far down they read (percent)
CREATE OR REPLACE VIEW recipes_catalog.time_and_fraction_read_per_page_per_user AS
SELECT domain_userid, page_urlpath, COUNT(*) AS page_views, SUM(page_pings) AS page_pings,
  SUM(engaged_time_s) AS engaged_time_s, MAX(vertical_percentage_scrolled) AS max_percentage_read
FROM derived.page_views_source
GROUP BY domain_userid, page_urlpath;

-- answers: how many page pings (10-second heartbeats of attention) each page received each month
CREATE OR REPLACE VIEW recipes_catalog.pings_per_page_per_month AS
SELECT CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS month_start, page_urlpath, SUM(page_pings) AS page_pings
FROM derived.page_views_source
GROUP BY CAST(DATE_TRUNC('month', start_tstamp) AS DATE), page_urlpath;

-- answers: how many page pings each page received per visitor who viewed it, each month
CREATE OR REPLACE VIEW recipes_catalog.avg_pings_per_unique_per_page_per_month AS
SELECT CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS month_start, page_urlpath, SUM(page_pings) AS page_pings,
  COUNT(DISTINCT domain_userid) AS uniques, ROUND(1.0 * SUM(page_pings) / COUNT(DISTINCT domain_userid), 2) AS avg_pings_per_unique
FROM derived.page_views_source
GROUP BY CAST(DATE_TRUNC('month', start_tstamp) AS DATE), page_urlpath;

-- answers: how many visits and visitors each page brought to the site as a landing page, each month
CREATE OR REPLACE VIEW recipes_catalog.traffic_driven_to_site_per_page_per_month AS
SELECT CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS month_start, landing_page AS page_urlpath,
  COUNT(*) AS visits, COUNT(DISTINCT domain_userid) AS uniques
FROM derived.sessions_source
WHERE landing_page IS NOT NULL AND COALESCE(refr_medium, 'direct') <> 'internal'
GROUP BY CAST(DATE_TRUNC('month', start_tstamp) AS DATE), landing_page;
