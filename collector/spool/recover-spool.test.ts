import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectorConfigSchema } from '../config.ts';
import { createCollector, listSealedFiles } from '../create-collector.ts';
import { readNdjsonDirectories } from '../testing/temporary-collector.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'snowline-recovery-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function rawRecord(index: number): string {
  return JSON.stringify({
    schema: 'iglu:io.snowline/raw_record/jsonschema/1-0-0',
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    ipAddress: '127.0.0.1',
    timestamp: 1_700_000_000_000 + index,
    encoding: 'UTF-8',
    collector: 'snowline-0.1.0',
    userAgent: null,
    refererUri: null,
    path: '/i',
    querystring: `e=pv&n=${index}`,
    body: null,
    headers: [],
    contentType: null,
    hostname: null,
    networkUserId: '11111111-2222-4333-8444-555555555555',
  });
}

describe('spool recovery at start', () => {
  it('keeps every whole record of a crashed run, seals it, and sets the torn tail aside as a bad row', async () => {
    const spoolDir = path.join(dataDir, 'raw', 'spool');
    await mkdir(spoolDir, { recursive: true });
    const whole = [rawRecord(1), rawRecord(2), rawRecord(3)];
    const torn = rawRecord(4).slice(0, 57);
    await writeFile(path.join(spoolDir, '20261129T080000000Z-crashed-000003.ndjson'), whole.join('\n') + '\n' + torn);
    await writeFile(path.join(spoolDir, '20261129T075959000Z-crashed-000002.ndjson'), rawRecord(0) + '\n');
    await writeFile(path.join(spoolDir, '20261129T080001000Z-crashed-000004.ndjson'), '');

    const announced: string[] = [];
    const collector = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir, onSealedFile: (file) => announced.push(file) });
    await collector.close();

    const sealed = await listSealedFiles(dataDir);
    expect(sealed.map((file) => path.basename(file))).toEqual([
      '20261129T075959000Z-crashed-000002.ndjson',
      '20261129T080000000Z-crashed-000003.ndjson',
    ]);
    expect(announced).toEqual(sealed);
    expect(await readFile(sealed[1]!, 'utf8')).toBe(whole.join('\n') + '\n');
    expect(await readdir(spoolDir)).toEqual([]);
    const badRows = await readNdjsonDirectories([path.join(dataDir, 'raw', 'bad')]);
    expect(badRows).toHaveLength(1);
    expect(badRows[0]).toMatchObject({
      schema: 'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0',
      data: { payload: torn, failure: { loader: 'snowline-spool-recovery' } },
    });
  });

  it('never keeps a garbled line from the middle of a file as a record', async () => {
    const spoolDir = path.join(dataDir, 'raw', 'spool');
    await mkdir(spoolDir, { recursive: true });
    await writeFile(
      path.join(spoolDir, '20261129T080000000Z-crashed-000000.ndjson'),
      [rawRecord(1), '\u0000\u0000\u0000\u0000', '{"schema":"iglu:io.snowline/raw_record/jsonschema/1-0-0"}', rawRecord(2)].join('\n') + '\n',
    );
    const collector = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir });
    await collector.close();
    const records = await readNdjsonDirectories([path.join(dataDir, 'raw', 'sealed')]);
    expect(records.map((record) => record.querystring)).toEqual(['e=pv&n=1', 'e=pv&n=2']);
    expect(await readNdjsonDirectories([path.join(dataDir, 'raw', 'bad')])).toHaveLength(2);
  });
});

describe('data directory lock', () => {
  it('refuses a second collector on the same data directory while the first runs, and allows it after close', async () => {
    const first = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir });
    await expect(createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir })).rejects.toThrow(/already used by a collector/);
    await first.close();
    const second = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir });
    await second.close();
  });

  it('takes over the lock of a collector that was killed', async () => {
    await mkdir(path.join(dataDir, 'raw'), { recursive: true });
    // A pid that cannot belong to a running process (above the kernel's pid_max of 2^22).
    await writeFile(path.join(dataDir, 'raw', 'collector.lock'), '99999999\n');
    const collector = await createCollector(collectorConfigSchema.parse({ port: 0 }), { dataDir });
    await collector.close();
  });
});
