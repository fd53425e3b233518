import packageJson from '../package.json' with { type: 'json' };

export const SNOWLINE_COLLECTOR_VERSION: string = packageJson.version;

/** The `collector` field of raw records; enrich turns it into `v_collector`. */
export const COLLECTOR_NAME = `snowline-${SNOWLINE_COLLECTOR_VERSION}`;
