import { describe, expect, it } from 'vitest';
import { rawExchange } from '../testing/raw-socket.ts';
import { useTemporaryCollector } from '../testing/temporary-collector.ts';

const start = useTemporaryCollector();

const TP2 = '/com.snowplowanalytics.snowplow/tp2';

describe('size limits', () => {
  it('answers 413 to a body above dropPayloadSizeBytes and records nothing, whether declared or chunked', async () => {
    const running = await start({ limits: { dropPayloadSizeBytes: 1000, maxPayloadSizeBytes: 900 } });
    const declared = await fetch(`${running.url}${TP2}?aid=declared`, { method: 'POST', body: 'x'.repeat(1001) });
    expect(declared.status).toBe(413);
    const chunked = await rawExchange(running.port, [
      `POST ${TP2}?aid=chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `258\r\n${'y'.repeat(600)}\r\n`,
      { pauseMs: 20 },
      `258\r\n${'y'.repeat(600)}\r\n`,
      '0\r\n\r\n',
    ]);
    expect(chunked.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(await running.records()).toEqual([]);
  });

  it('turns a raw record above maxPayloadSizeBytes into a size_violation bad row and still answers 200', async () => {
    const running = await start({ limits: { dropPayloadSizeBytes: 100_000, maxPayloadSizeBytes: 5000 } });
    const response = await fetch(`${running.url}${TP2}?aid=oversized`, { method: 'POST', body: 'z'.repeat(6000) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(await running.records()).toEqual([]);
    const [badRow] = await running.badRows();
    expect(badRow).toMatchObject({
      schema: 'iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0',
      data: {
        processor: { artifact: 'snowline-collector', version: '0.1.0' },
        failure: { maximumAllowedSizeBytes: 5000, expectation: expect.stringMatching(/^oversized collector payload: Payload exceeds max size of 5000\. Actual length: \d+$/) },
      },
    });
    const data = badRow!.data as { failure: { actualSizeBytes: number }; payload: string };
    expect(data.failure.actualSizeBytes).toBeGreaterThan(6000);
    expect(data.payload).toHaveLength(500);
  });

  it('answers 400 to a request target or headers above their limits', async () => {
    const running = await start({ limits: { maxRequestLineBytes: 200, maxHeaderBytes: 1000 } });
    expect((await fetch(`${running.url}/i?aid=${'a'.repeat(300)}`)).status).toBe(400);
    expect((await fetch(`${running.url}/i?aid=bigheader`, { headers: { 'X-Big': 'b'.repeat(1100) } })).status).toBe(400);
    const huge = await rawExchange(running.port, [`GET /i HTTP/1.1\r\nHost: x\r\nX-Huge: ${'h'.repeat(5000)}\r\n\r\n`]);
    expect(huge.received).toMatch(/^HTTP\/1\.1 400 /);
    expect(await running.records()).toEqual([]);
    expect((await fetch(`${running.url}/i?aid=fine`)).status).toBe(200);
  });
});

describe('timeouts', () => {
  it('closes a slow-loris connection that never finishes its headers', async () => {
    const running = await start({ timeouts: { headersTimeoutMs: 400, requestTimeoutMs: 800 } });
    const drip = Array.from({ length: 40 }, (_, index) => [`X-Drip-${index}: 1\r\n`, { pauseMs: 100 }]).flat();
    const exchange = await rawExchange(running.port, ['GET /i HTTP/1.1\r\nHost: x\r\n', ...drip], 5000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(3000);
    expect(exchange.received).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it('closes a connection whose body arrives too slowly', async () => {
    const running = await start({ timeouts: { headersTimeoutMs: 400, requestTimeoutMs: 800 } });
    const drip = Array.from({ length: 40 }, () => ['a', { pauseMs: 100 }]).flat();
    const exchange = await rawExchange(running.port, [`POST ${TP2} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n`, ...drip], 5000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(3000);
    expect(await running.records()).toEqual([]);
  });

  it('closes an idle keep-alive connection after idleTimeoutMs', async () => {
    const running = await start({ timeouts: { idleTimeoutMs: 300 } });
    const exchange = await rawExchange(running.port, ['GET /i?aid=idle HTTP/1.1\r\nHost: x\r\n\r\n'], 3000);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(2000);
  });
});
