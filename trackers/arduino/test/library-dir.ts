import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The library root (library.properties, src/, examples/). */
export const SNOWLINE_LIBRARY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
