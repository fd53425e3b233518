import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from './postgres.ts';

describe('temporary PostgreSQL', () => {
  let postgres: TemporaryPostgres;
  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('answers queries on 127.0.0.1 and a free port', async () => {
    const rows = await postgres.query<{ answer: number }>('select 41 + 1 as answer');
    expect(rows[0]?.answer).toBe(42);
    expect(postgres.url).toMatch(/^postgres:\/\/test@127\.0\.0\.1:\d+\/postgres$/);
  });
});
