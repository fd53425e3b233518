-- Redshift: the same SQL as sql/postgres/recipes/customer.sql apart from what the dialect requires (see sql/dialect-differences.ts).
-- The customer recipes on today's columns: a customer is a domain_userid (see the id_map views to stitch it to
-- network_userid, user_id, IP address and fingerprint). Every "by month" view has a "by week" twin (weeks start
-- on Monday). Orders come from derived.orders, where a re-sent transaction counts once.

-- answers: which domain_userid goes with which network_userid (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_domain_to_network AS
SELECT DISTINCT domain_userid, network_userid
FROM atomic.events
WHERE domain_userid IS NOT NULL AND network_userid IS NOT NULL;

-- answers: which domain_userid goes with which user_id (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_domain_to_user AS
SELECT DISTINCT domain_userid, user_id
FROM atomic.events
WHERE domain_userid IS NOT NULL AND user_id IS NOT NULL;

-- answers: which domain_userid goes with which user_ipaddress (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_domain_to_ipaddress AS
SELECT DISTINCT domain_userid, user_ipaddress
FROM atomic.events
WHERE domain_userid IS NOT NULL AND user_ipaddress IS NOT NULL;

-- answers: which domain_userid goes with which user_fingerprint (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_domain_to_fingerprint AS
SELECT DISTINCT domain_userid, user_fingerprint
FROM atomic.events
WHERE domain_userid IS NOT NULL AND user_fingerprint IS NOT NULL;

-- answers: which network_userid goes with which user_id (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_network_to_user AS
SELECT DISTINCT network_userid, user_id
FROM atomic.events
WHERE network_userid IS NOT NULL AND user_id IS NOT NULL;

-- answers: which network_userid goes with which user_ipaddress (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_network_to_ipaddress AS
SELECT DISTINCT network_userid, user_ipaddress
FROM atomic.events
WHERE network_userid IS NOT NULL AND user_ipaddress IS NOT NULL;

-- answers: which network_userid goes with which user_fingerprint (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_network_to_fingerprint AS
SELECT DISTINCT network_userid, user_fingerprint
FROM atomic.events
WHERE network_userid IS NOT NULL AND user_fingerprint IS NOT NULL;

-- answers: which user_id goes with which user_ipaddress (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_user_to_ipaddress AS
SELECT DISTINCT user_id, user_ipaddress
FROM atomic.events
WHERE user_id IS NOT NULL AND user_ipaddress IS NOT NULL;

-- answers: which user_id goes with which user_fingerprint (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_user_to_fingerprint AS
SELECT DISTINCT user_id, user_fingerprint
FROM atomic.events
WHERE user_id IS NOT NULL AND user_fingerprint IS NOT NULL;

-- answers: which user_ipaddress goes with which user_fingerprint (identity stitching)
CREATE OR REPLACE VIEW recipes_customer.id_map_ipaddress_to_fingerprint AS
SELECT DISTINCT user_ipaddress, user_fingerprint
FROM atomic.events
WHERE user_ipaddress IS NOT NULL AND user_fingerprint IS NOT NULL;

-- answers: how much each customer spent each month (sum of order totals)
CREATE OR REPLACE VIEW recipes_customer.clv_total_transaction_value_by_user_by_month AS
SELECT domain_userid, CAST(DATE_TRUNC('month', derived_tstamp) AS DATE) AS month_start, COUNT(*) AS orders, SUM(tr_total) AS total_value
FROM derived.orders
GROUP BY domain_userid, CAST(DATE_TRUNC('month', derived_tstamp) AS DATE);

-- answers: how many customers were active on 1, 2, 3... distinct days each month
CREATE OR REPLACE VIEW recipes_customer.engagement_users_by_days_p_month_on_site AS
SELECT month_start, days_active, COUNT(*) AS users
FROM (
  SELECT domain_userid, CAST(DATE_TRUNC('month', derived_tstamp) AS DATE) AS month_start, COUNT(DISTINCT CAST(derived_tstamp AS DATE)) AS days_active
  FROM derived.web_events
  GROUP BY domain_userid, CAST(DATE_TRUNC('month', derived_tstamp) AS DATE)
) user_days
GROUP BY month_start, days_active;

-- answers: how many customers made 1, 2, 3... visits each month
CREATE OR REPLACE VIEW recipes_customer.engagement_users_by_visits_per_month AS
SELECT month_start, visits, COUNT(*) AS users
FROM (
  SELECT domain_userid, CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS month_start, COUNT(*) AS visits
  FROM derived.sessions_source
  GROUP BY domain_userid, CAST(DATE_TRUNC('month', start_tstamp) AS DATE)
) user_visits
GROUP BY month_start, visits;

-- answers: which month each customer was first seen in (cohort by first touch)
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_month_first_touch_website AS
SELECT domain_userid, CAST(DATE_TRUNC('month', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.web_events
GROUP BY domain_userid;

-- answers: which month each customer signed up in (first structured event with action sign-up)
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_month_signed_up AS
SELECT domain_userid, CAST(DATE_TRUNC('month', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.web_events
WHERE se_action = 'sign-up'
GROUP BY domain_userid;

-- answers: which month each customer first bought something in
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_month_first_transact AS
SELECT domain_userid, CAST(DATE_TRUNC('month', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.orders
GROUP BY domain_userid;

-- answers: which paid channel (campaign medium and source of the first visit, '(none)' without one) acquired each customer, and in which month
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_paid_channel_acquired_by_month AS
SELECT domain_userid, CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS cohort, COALESCE(mkt_medium, '(none)') AS mkt_medium, COALESCE(mkt_source, '(none)') AS mkt_source
FROM (
  SELECT s.*, ROW_NUMBER() OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS visit_order
  FROM derived.sessions_source s
) visits
WHERE visit_order = 1;

-- answers: which referrer (medium and source of the first visit's landing page, 'direct' without one) acquired each customer, and in which month
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_refr_channel_acquired_by_month AS
SELECT domain_userid, CAST(DATE_TRUNC('month', start_tstamp) AS DATE) AS cohort, COALESCE(refr_medium, 'direct') AS refr_medium, COALESCE(refr_source, 'direct') AS refr_source
FROM (
  SELECT s.*, ROW_NUMBER() OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS visit_order
  FROM derived.sessions_source s
) visits
WHERE visit_order = 1;

-- answers: in which months each customer was active
CREATE OR REPLACE VIEW recipes_customer.retention_by_user_by_month AS
SELECT DISTINCT domain_userid, CAST(DATE_TRUNC('month', derived_tstamp) AS DATE) AS month_start
FROM derived.web_events;

-- answers: of the customers who first seen in a month, how many (and what fraction) were active in each later month
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_month_first_touch AS
SELECT c.cohort, r.month_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_month_first_touch_website c
JOIN recipes_customer.retention_by_user_by_month r ON r.domain_userid = c.domain_userid AND r.month_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_month_first_touch_website GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.month_start;

-- answers: of the customers who signed up in a month, how many (and what fraction) were active in each later month
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_month_signed_up AS
SELECT c.cohort, r.month_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_month_signed_up c
JOIN recipes_customer.retention_by_user_by_month r ON r.domain_userid = c.domain_userid AND r.month_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_month_signed_up GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.month_start;

-- answers: of the customers who first bought in a month, how many (and what fraction) were active in each later month
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_month_first_transact AS
SELECT c.cohort, r.month_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_month_first_transact c
JOIN recipes_customer.retention_by_user_by_month r ON r.domain_userid = c.domain_userid AND r.month_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_month_first_transact GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.month_start;

-- answers: of the customers acquired through a channel, how many (and what fraction) were active in each month
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_month_by_paid_channel_acquired AS
SELECT c.mkt_medium, c.mkt_source, r.month_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_paid_channel_acquired_by_month c
JOIN recipes_customer.retention_by_user_by_month r ON r.domain_userid = c.domain_userid
JOIN (SELECT mkt_medium, mkt_source, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_paid_channel_acquired_by_month GROUP BY mkt_medium, mkt_source) z
  ON z.mkt_medium = c.mkt_medium AND z.mkt_source = c.mkt_source
GROUP BY c.mkt_medium, c.mkt_source, r.month_start;

-- answers: of the customers acquired through a channel, how many (and what fraction) were active in each month
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_month_by_refr_acquired AS
SELECT c.refr_medium, c.refr_source, r.month_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_refr_channel_acquired_by_month c
JOIN recipes_customer.retention_by_user_by_month r ON r.domain_userid = c.domain_userid
JOIN (SELECT refr_medium, refr_source, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_refr_channel_acquired_by_month GROUP BY refr_medium, refr_source) z
  ON z.refr_medium = c.refr_medium AND z.refr_source = c.refr_source
GROUP BY c.refr_medium, c.refr_source, r.month_start;

-- answers: how much each customer spent each week (sum of order totals)
CREATE OR REPLACE VIEW recipes_customer.clv_total_transaction_value_by_user_by_week AS
SELECT domain_userid, CAST(DATE_TRUNC('week', derived_tstamp) AS DATE) AS week_start, COUNT(*) AS orders, SUM(tr_total) AS total_value
FROM derived.orders
GROUP BY domain_userid, CAST(DATE_TRUNC('week', derived_tstamp) AS DATE);

-- answers: how many customers were active on 1, 2, 3... distinct days each week
CREATE OR REPLACE VIEW recipes_customer.engagement_users_by_days_p_week_on_site AS
SELECT week_start, days_active, COUNT(*) AS users
FROM (
  SELECT domain_userid, CAST(DATE_TRUNC('week', derived_tstamp) AS DATE) AS week_start, COUNT(DISTINCT CAST(derived_tstamp AS DATE)) AS days_active
  FROM derived.web_events
  GROUP BY domain_userid, CAST(DATE_TRUNC('week', derived_tstamp) AS DATE)
) user_days
GROUP BY week_start, days_active;

-- answers: how many customers made 1, 2, 3... visits each week
CREATE OR REPLACE VIEW recipes_customer.engagement_users_by_visits_per_week AS
SELECT week_start, visits, COUNT(*) AS users
FROM (
  SELECT domain_userid, CAST(DATE_TRUNC('week', start_tstamp) AS DATE) AS week_start, COUNT(*) AS visits
  FROM derived.sessions_source
  GROUP BY domain_userid, CAST(DATE_TRUNC('week', start_tstamp) AS DATE)
) user_visits
GROUP BY week_start, visits;

-- answers: which week each customer was first seen in (cohort by first touch)
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_week_first_touch_website AS
SELECT domain_userid, CAST(DATE_TRUNC('week', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.web_events
GROUP BY domain_userid;

-- answers: which week each customer signed up in (first structured event with action sign-up)
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_week_signed_up AS
SELECT domain_userid, CAST(DATE_TRUNC('week', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.web_events
WHERE se_action = 'sign-up'
GROUP BY domain_userid;

-- answers: which week each customer first bought something in
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_week_first_transact AS
SELECT domain_userid, CAST(DATE_TRUNC('week', MIN(derived_tstamp)) AS DATE) AS cohort
FROM derived.orders
GROUP BY domain_userid;

-- answers: which paid channel (campaign medium and source of the first visit, '(none)' without one) acquired each customer, and in which week
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_paid_channel_acquired_by_week AS
SELECT domain_userid, CAST(DATE_TRUNC('week', start_tstamp) AS DATE) AS cohort, COALESCE(mkt_medium, '(none)') AS mkt_medium, COALESCE(mkt_source, '(none)') AS mkt_source
FROM (
  SELECT s.*, ROW_NUMBER() OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS visit_order
  FROM derived.sessions_source s
) visits
WHERE visit_order = 1;

-- answers: which referrer (medium and source of the first visit's landing page, 'direct' without one) acquired each customer, and in which week
CREATE OR REPLACE VIEW recipes_customer.cohort_dfn_by_refr_channel_acquired_by_week AS
SELECT domain_userid, CAST(DATE_TRUNC('week', start_tstamp) AS DATE) AS cohort, COALESCE(refr_medium, 'direct') AS refr_medium, COALESCE(refr_source, 'direct') AS refr_source
FROM (
  SELECT s.*, ROW_NUMBER() OVER (PARTITION BY domain_userid ORDER BY start_tstamp, domain_sessionid) AS visit_order
  FROM derived.sessions_source s
) visits
WHERE visit_order = 1;

-- answers: in which weeks each customer was active
CREATE OR REPLACE VIEW recipes_customer.retention_by_user_by_week AS
SELECT DISTINCT domain_userid, CAST(DATE_TRUNC('week', derived_tstamp) AS DATE) AS week_start
FROM derived.web_events;

-- answers: of the customers who first seen in a week, how many (and what fraction) were active in each later week
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_week_first_touch AS
SELECT c.cohort, r.week_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_week_first_touch_website c
JOIN recipes_customer.retention_by_user_by_week r ON r.domain_userid = c.domain_userid AND r.week_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_week_first_touch_website GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.week_start;

-- answers: of the customers who signed up in a week, how many (and what fraction) were active in each later week
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_week_signed_up AS
SELECT c.cohort, r.week_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_week_signed_up c
JOIN recipes_customer.retention_by_user_by_week r ON r.domain_userid = c.domain_userid AND r.week_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_week_signed_up GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.week_start;

-- answers: of the customers who first bought in a week, how many (and what fraction) were active in each later week
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_week_first_transact AS
SELECT c.cohort, r.week_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_week_first_transact c
JOIN recipes_customer.retention_by_user_by_week r ON r.domain_userid = c.domain_userid AND r.week_start >= c.cohort
JOIN (SELECT cohort, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_week_first_transact GROUP BY cohort) z ON z.cohort = c.cohort
GROUP BY c.cohort, r.week_start;

-- answers: of the customers acquired through a channel, how many (and what fraction) were active in each week
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_week_by_paid_channel_acquired AS
SELECT c.mkt_medium, c.mkt_source, r.week_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_paid_channel_acquired_by_week c
JOIN recipes_customer.retention_by_user_by_week r ON r.domain_userid = c.domain_userid
JOIN (SELECT mkt_medium, mkt_source, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_paid_channel_acquired_by_week GROUP BY mkt_medium, mkt_source) z
  ON z.mkt_medium = c.mkt_medium AND z.mkt_source = c.mkt_source
GROUP BY c.mkt_medium, c.mkt_source, r.week_start;

-- answers: of the customers acquired through a channel, how many (and what fraction) were active in each week
CREATE OR REPLACE VIEW recipes_customer.cohort_retention_by_week_by_refr_acquired AS
SELECT c.refr_medium, c.refr_source, r.week_start, COUNT(*) AS uniques, ROUND(1.0 * COUNT(*) / MAX(z.cohort_size), 4) AS fraction_retained
FROM recipes_customer.cohort_dfn_by_refr_channel_acquired_by_week c
JOIN recipes_customer.retention_by_user_by_week r ON r.domain_userid = c.domain_userid
JOIN (SELECT refr_medium, refr_source, COUNT(*) AS cohort_size FROM recipes_customer.cohort_dfn_by_refr_channel_acquired_by_week GROUP BY refr_medium, refr_source) z
  ON z.refr_medium = c.refr_medium AND z.refr_source = c.refr_source
GROUP BY c.refr_medium, c.refr_source, r.week_start;
