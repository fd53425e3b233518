import { fileURLToPath } from 'node:url';

/** An embedded Iglu registry with the test schemas (com.acme/user, com.acme/viewed_product). */
export const TEST_IGLU_REGISTRY = fileURLToPath(new URL('./iglu', import.meta.url));
