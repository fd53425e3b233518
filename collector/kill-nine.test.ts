import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCollectorPayload } from '../enrich/index.ts';
import { collectorConfigSchema } from './config.ts';
import { createCollector } from './create-collector.ts';
import { startCollectorProcess } from './testing/collector-process.ts';

const ROUNDS = 20;
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'snowline-kill9-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function sealedLines(directory: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of (await readdir(directory)).sort()) {
    const text = await readFile(path.join(directory, name), 'utf8');
    expect(text.endsWith('\n'), `${name} ends with a whole record`).toBe(true);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines;
}

describe('kill -9 during load', () => {
  it(`loses no answered event and duplicates none over ${ROUNDS} rounds of SIGKILL at random moments`, async () => {
    const dataDir = path.join(workDir, 'data');
    // Small rotation limits so kills also land around sealing.
    await writeFile(path.join(workDir, 'snowline.config.json'), JSON.stringify({ collector: { rotateAfterMs: 50, rotateAfterBytes: 20_000 } }));
    const acknowledged = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const running = await startCollectorProcess(dataDir, workDir);
      let stop = false;
      const clients = Array.from({ length: 6 }, async (_, client) => {
        for (let index = 0; !stop; index++) {
          const marker = `r${round}c${client}n${index}`;
          try {
            const post = index % 3 === 0;
            const response = post
              ? await fetch(`${running.url}/com.snowplowanalytics.snowplow/tp2`, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'pv', aid: marker }] }),
                })
              : await fetch(`${running.url}/i?e=pv&aid=${marker}`);
            if (response.status === 200) acknowledged.add(marker);
          } catch {
            return;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 80 + Math.floor(Math.random() * 250)));
      running.child.kill('SIGKILL');
      await running.exited;
      stop = true;
      await Promise.all(clients);
    }
    // A last start recovers the spool of the last killed run; closing seals everything.
    const collector = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir });
    await collector.close();

    const lines = await sealedLines(path.join(dataDir, 'raw', 'sealed'));
    const seen = new Map<string, number>();
    for (const line of lines) {
      const decoded = decodeCollectorPayload(line);
      expect(decoded.ok, line.slice(0, 80)).toBe(true);
      if (!decoded.ok) continue;
      const payload = decoded.payload;
      const marker = payload.body !== null ? /"aid":"([^"]+)"/.exec(payload.body)![1]! : /aid=([^&]+)/.exec(payload.querystring)![1]!;
      seen.set(marker, (seen.get(marker) ?? 0) + 1);
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5);
    const missing = [...acknowledged].filter((marker) => !seen.has(marker));
    const duplicated = [...seen].filter(([, count]) => count > 1).map(([marker]) => marker);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(await readdir(path.join(dataDir, 'raw', 'spool'))).toEqual([]);
  }, 120_000);
});
