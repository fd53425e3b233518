// Test helper: a PostgreSQL client whose dates, timestamps and numerics come back as text, so that the comparison
// with expected rows does not depend on the test process's time zone or on float conversion by the driver.
import pg from 'pg';

const AS_TEXT = new Set([1082, 1114, 1184, 1700, 20]);

export async function connectAsText(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (AS_TEXT.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  return client;
}
