-- Iglu schemas of the wrappers and built-in events the tracker sends.
return {
  payload_data = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
  contexts = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
  unstruct_event = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
  screen_view = 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0',
  timing = 'iglu:com.snowplowanalytics.snowplow/timing/jsonschema/1-0-0',
}
