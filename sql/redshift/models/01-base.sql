-- Base views of the analytics layer (Redshift): the only place that reads JSON (contexts, unstruct_event), so
-- that every model above them is the same SQL in PostgreSQL and Redshift. In Redshift the JSON columns are
-- VARCHAR text as COPY loads them from the enriched TSV; an entity is found by walking the contexts array with
-- JSON_EXTRACT_ARRAY_ELEMENT_TEXT over positions 0-9 (events carry fewer than ten entities). Redshift's JSON
-- functions return '' for a missing key where PostgreSQL returns NULL: NULLIF(…, '') keeps the meaning the same.
CREATE SCHEMA IF NOT EXISTS derived;
CREATE SCHEMA IF NOT EXISTS recipes_basic;
CREATE SCHEMA IF NOT EXISTS recipes_customer;
CREATE SCHEMA IF NOT EXISTS recipes_catalog;
CREATE SCHEMA IF NOT EXISTS cubes_visits;
CREATE SCHEMA IF NOT EXISTS cubes_pages;
CREATE SCHEMA IF NOT EXISTS cubes_ecomm;

-- answers: every entity attached to an event (event_id, the entity's schema and its data as JSON text)
CREATE OR REPLACE VIEW derived.event_entities AS
WITH entity_positions AS (
  SELECT 0 AS position UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
  UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9
),
entities AS (
  SELECT e.event_id, p.position, JSON_EXTRACT_ARRAY_ELEMENT_TEXT(JSON_EXTRACT_PATH_TEXT(e.contexts, 'data'), p.position) AS entity
  FROM atomic.events e
  JOIN entity_positions p ON p.position < JSON_ARRAY_LENGTH(JSON_EXTRACT_PATH_TEXT(e.contexts, 'data'))
  WHERE e.contexts IS NOT NULL
)
SELECT event_id, position, JSON_EXTRACT_PATH_TEXT(entity, 'schema') AS entity_schema, JSON_EXTRACT_PATH_TEXT(entity, 'data') AS entity_data
FROM entities;

-- answers: every web event with its page view id (the web_page entity in contexts), the columns the models use
CREATE OR REPLACE VIEW derived.web_events AS
SELECT
  e.event_id, e.event, e.app_id, e.collector_tstamp, e.derived_tstamp,
  e.domain_userid, e.domain_sessionid, e.domain_sessionidx, e.network_userid, e.user_id,
  e.page_urlpath, e.page_title, e.refr_medium, e.refr_source, e.refr_term, e.refr_urlhost,
  e.mkt_medium, e.mkt_source, e.mkt_campaign, e.mkt_term, e.mkt_content,
  e.geo_country, e.br_lang, e.br_family, e.os_family, e.dvce_ismobile,
  e.pp_yoffset_max, e.br_viewheight, e.doc_height,
  e.se_category, e.se_action,
  e.tr_orderid, e.tr_total, e.tr_tax, e.tr_shipping, e.tr_currency,
  e.ti_orderid, e.ti_sku, e.ti_name, e.ti_category, e.ti_price, e.ti_quantity,
  w.page_view_id
FROM atomic.events e
LEFT JOIN (
  SELECT event_id, MIN(NULLIF(JSON_EXTRACT_PATH_TEXT(entity_data, 'id'), '')) AS page_view_id
  FROM derived.event_entities
  WHERE entity_schema LIKE 'iglu:com.snowplowanalytics.snowplow/web_page/%'
  GROUP BY event_id
) w ON w.event_id = e.event_id
WHERE e.domain_sessionid IS NOT NULL;

-- answers: every add_to_cart self-describing event with its product fields
CREATE OR REPLACE VIEW derived.add_to_cart_events AS
SELECT
  event_id, derived_tstamp, domain_userid, domain_sessionid, page_urlpath,
  JSON_EXTRACT_PATH_TEXT(unstruct_event, 'data', 'data', 'sku') AS product_sku,
  JSON_EXTRACT_PATH_TEXT(unstruct_event, 'data', 'data', 'name') AS product_name,
  CAST(NULLIF(JSON_EXTRACT_PATH_TEXT(unstruct_event, 'data', 'data', 'quantity'), '') AS INTEGER) AS quantity
FROM atomic.events
WHERE event = 'unstruct'
  AND JSON_EXTRACT_PATH_TEXT(unstruct_event, 'data', 'schema') LIKE 'iglu:com.snowplowanalytics.snowplow/add_to_cart/%';

-- answers: every event that carries the Snowline device entity, with the device id, firmware, boot id and uptime
CREATE OR REPLACE VIEW derived.device_events AS
SELECT
  e.event_id, e.event, e.app_id, e.collector_tstamp, e.derived_tstamp, e.se_category, e.se_action, e.se_value,
  NULLIF(JSON_EXTRACT_PATH_TEXT(d.entity_data, 'deviceId'), '') AS device_id,
  NULLIF(JSON_EXTRACT_PATH_TEXT(d.entity_data, 'firmwareVersion'), '') AS firmware_version,
  CAST(NULLIF(JSON_EXTRACT_PATH_TEXT(d.entity_data, 'bootId'), '') AS BIGINT) AS boot_id,
  CAST(NULLIF(JSON_EXTRACT_PATH_TEXT(d.entity_data, 'uptimeMs'), '') AS BIGINT) AS uptime_ms
FROM atomic.events e
JOIN (
  SELECT event_id, entity_data, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY position) AS match_order
  FROM derived.event_entities
  WHERE entity_schema LIKE 'iglu:io.snowline/device/%'
) d ON d.event_id = e.event_id AND d.match_order = 1;
