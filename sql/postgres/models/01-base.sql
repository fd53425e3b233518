-- Base views of the analytics layer (PostgreSQL): the only place that reads JSON (contexts, unstruct_event),
-- so that every model above them is the same SQL in PostgreSQL and Redshift.
CREATE SCHEMA IF NOT EXISTS derived;
CREATE SCHEMA IF NOT EXISTS recipes_basic;
CREATE SCHEMA IF NOT EXISTS recipes_customer;
CREATE SCHEMA IF NOT EXISTS recipes_catalog;
CREATE SCHEMA IF NOT EXISTS cubes_visits;
CREATE SCHEMA IF NOT EXISTS cubes_pages;
CREATE SCHEMA IF NOT EXISTS cubes_ecomm;

-- answers: every web event with its page view id (the web_page entity in contexts), the columns the models use
CREATE OR REPLACE VIEW derived.web_events AS
SELECT
  event_id, event, app_id, collector_tstamp, derived_tstamp,
  domain_userid, domain_sessionid, domain_sessionidx, network_userid, user_id,
  page_urlpath, page_title, refr_medium, refr_source, refr_term, refr_urlhost,
  mkt_medium, mkt_source, mkt_campaign, mkt_term, mkt_content,
  geo_country, br_lang, br_family, os_family, dvce_ismobile,
  pp_yoffset_max, br_viewheight, doc_height,
  se_category, se_action,
  tr_orderid, tr_total, tr_tax, tr_shipping, tr_currency,
  ti_orderid, ti_sku, ti_name, ti_category, ti_price, ti_quantity,
  jsonb_path_query_first(contexts, '$.data[*] ? (@.schema starts with "iglu:com.snowplowanalytics.snowplow/web_page/").data.id') #>> '{}' AS page_view_id
FROM atomic.events
WHERE domain_sessionid IS NOT NULL;

-- answers: every add_to_cart self-describing event with its product fields
CREATE OR REPLACE VIEW derived.add_to_cart_events AS
SELECT
  event_id, derived_tstamp, domain_userid, domain_sessionid, page_urlpath,
  jsonb_extract_path_text(unstruct_event, 'data', 'data', 'sku') AS product_sku,
  jsonb_extract_path_text(unstruct_event, 'data', 'data', 'name') AS product_name,
  CAST(jsonb_extract_path_text(unstruct_event, 'data', 'data', 'quantity') AS INTEGER) AS quantity
FROM atomic.events
WHERE event = 'unstruct'
  AND jsonb_extract_path_text(unstruct_event, 'data', 'schema') LIKE 'iglu:com.snowplowanalytics.snowplow/add_to_cart/%';

-- answers: every event that carries the Snowline device entity, with the device id, firmware, boot id and uptime
CREATE OR REPLACE VIEW derived.device_events AS
SELECT
  event_id, event, app_id, collector_tstamp, derived_tstamp, se_category, se_action, se_value,
  device ->> 'deviceId' AS device_id,
  device ->> 'firmwareVersion' AS firmware_version,
  CAST(device ->> 'bootId' AS BIGINT) AS boot_id,
  CAST(device ->> 'uptimeMs' AS BIGINT) AS uptime_ms
FROM (
  SELECT e.*, jsonb_path_query_first(e.contexts, '$.data[*] ? (@.schema starts with "iglu:io.snowline/device/").data') AS device
  FROM atomic.events e
  WHERE e.contexts IS NOT NULL
) with_device
WHERE device IS NOT NULL;
