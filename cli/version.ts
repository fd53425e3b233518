export const SNOWLINE_VERSION = '0.1.0';
