// Name and version of this enrich build: `v_etl` of every event and the processor of every bad row.
export const ENRICH_ARTIFACT = 'snowline';
export const ENRICH_VERSION = '0.1.0';
export const ETL_VERSION = `${ENRICH_ARTIFACT}-${ENRICH_VERSION}`;
