import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../testing/raw-socket.ts';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

let collector: TemporaryCollector;
beforeAll(async () => {
  collector = await startTemporaryCollector({
    rotateAfterMs: 200,
    limits: { dropPayloadSizeBytes: 4096, maxPayloadSizeBytes: 3000, maxHeaderBytes: 2048, maxRequestLineBytes: 1024 },
    timeouts: { headersTimeoutMs: 1000, requestTimeoutMs: 1500 },
  });
});
afterAll(async () => {
  await collector.stop();
});

const TRACKING_PATHS = ['/i', '/ice.png', '/com.snowplowanalytics.snowplow/tp2', '/r/tp2', '/com.acme/v1'];
const pathArbitrary = fc.oneof(
  fc.constantFrom(...TRACKING_PATHS, '/health', '/sink-health', '/', '/robots.txt'),
  fc.string({ maxLength: 60 }).map((text) => `/${text}`),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => `/${Buffer.from(bytes).toString('latin1')}`),
  fc.nat({ max: 3000 }).map((length) => `/i?${'q'.repeat(length)}`),
);
const queryArbitrary = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }).map((text) => `?${encodeURI(text)}`),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => `?${Buffer.from(bytes).toString('latin1')}`),
  fc.constantFrom('?nuid=%ZZ', '?u=javascript:alert(1)', '?e=pv&e=pv&&&==', '?%', '?n3pc=true&nuid='),
);
const headerArbitrary = fc.tuple(
  fc.oneof(fc.constantFrom('Cookie', 'Origin', 'X-Forwarded-For', 'Forwarded', 'SP-Anonymous', 'Content-Type', 'User-Agent', 'Referer'), fc.string({ minLength: 1, maxLength: 20 })),
  fc.oneof(fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('latin1')), fc.nat({ max: 4000 }).map((length) => 'h'.repeat(length))),
);
const contentTypeArbitrary = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=UTF-8', 'text/plain', 'multipart/form-data; boundary=', '*/*;;;;'),
  fc.string({ maxLength: 300 }),
);
const framingArbitrary = fc.constantFrom('content-length', 'wrong-content-length', 'chunked', 'broken-chunked', 'none');
const methodArbitrary = fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'), fc.stringMatching(/^[A-Z]{1,8}$/));

function buildRequest(method: string, target: string, headers: [string, string][], contentType: string, body: Uint8Array, framing: string): Buffer[] {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', `Content-Type: ${contentType}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  const payload = Buffer.from(body);
  let framed = Buffer.alloc(0);
  if (framing === 'content-length') lines.push(`Content-Length: ${payload.length}`), (framed = payload);
  if (framing === 'wrong-content-length') lines.push(`Content-Length: ${payload.length + 7}`), (framed = payload);
  if (framing === 'chunked') lines.push('Transfer-Encoding: chunked'), (framed = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]));
  if (framing === 'broken-chunked') lines.push('Transfer-Encoding: chunked'), (framed = Buffer.concat([Buffer.from('zz\r\n'), payload]));
  return [Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framed];
}

describe('fuzzing the collector with malformed requests', () => {
  it('stays up and either answers every request with a status or turns it into exactly one record', async () => {
    await fc.assert(
      fc.asyncProperty(
        methodArbitrary,
        pathArbitrary,
        queryArbitrary,
        fc.array(headerArbitrary, { maxLength: 6 }),
        contentTypeArbitrary,
        fc.uint8Array({ maxLength: 6000 }),
        framingArbitrary,
        async (method, path, query, headers, contentType, body, framing) => {
          const before = collector.collector.counters.recorded + collector.collector.counters.sizeViolations;
          const exchange = await rawExchange(collector.port, buildRequest(method, `${path}${query}`, headers, contentType, body, framing), 4000);
          const after = collector.collector.counters.recorded + collector.collector.counters.sizeViolations;
          const status = /^HTTP\/1\.1 (\d{3}) /.exec(exchange.received)?.[1];
          expect(status, `no status line for ${method} ${path.slice(0, 40)} (${framing})`).toBeDefined();
          expect(after - before).toBeLessThanOrEqual(1);
          if (after - before === 1) expect(['200', '302', '400', '404']).toContain(status);
          if (status === '200' && (path === '/i' || path === '/com.snowplowanalytics.snowplow/tp2') && ['GET', 'POST', 'HEAD'].includes(method) && query.length < 900) {
            expect(after - before, `${method} ${path} answered 200 without a record`).toBe(1);
          }
          const health = await fetch(`${collector.url}/health`);
          expect(health.status).toBe(200);
        },
      ),
      { numRuns: 250 },
    );
  }, 120_000);

  it('keeps every record it writes readable as one JSON line, whatever bytes the requests carried', async () => {
    await collector.collector.close();
    const records = await collector.records();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.schema).toBe('iglu:io.snowline/raw_record/jsonschema/1-0-0');
  });
});
