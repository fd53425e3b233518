// Through LuaSocket on every native interpreter, against a server that records the requests as received.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_INTERPRETER_NAMES, interpreterWithLuaSocket } from './interpreters.ts';
import { startRecordingCollector, type RecordingCollector } from './recording-collector.ts';
import { startLua } from './run-lua.ts';

const PAYLOAD_DATA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';

function decodeBody(body: string): { schema: string; data: Record<string, unknown>[] } {
  return JSON.parse(body) as { schema: string; data: Record<string, unknown>[] };
}

describe.each(NATIVE_INTERPRETER_NAMES)('LuaSocket emitter on %s', (name) => {
  let collector: RecordingCollector;
  beforeEach(async () => {
    collector = await startRecordingCollector();
  });
  afterEach(async () => {
    await collector.stop();
  });

  it('POSTs a batch as payload_data JSON and GETs /i with stm first', async () => {
    const lua = startLua(interpreterWithLuaSocket(name).path, `
      local snowline = require('snowline')
      local post = assert(snowline.luasocket_emitter({ collector_url = ${JSON.stringify(collector.url)}, method = 'post', buffer_size = 3 }))
      local t = assert(snowline.new_tracker({ emitter = post, namespace = 'wire', app_id = 'game', encode_base64 = false,
        subject = assert(snowline.new_subject({ user_id = 'player "1"' })), now_ms = function() return 1700000000123 end }))
      assert(t:track_structured_event({ category = 'shop', action = 'buy', value = 2.5 }))
      assert(t:track_screen_view({ name = 'Inventory', id = '0b3c2a1e-5f6d-4c7b-8a9e-0f1d2c3b4a59' }))
      assert(t:track_page_view({ url = 'https://game.example/level?x=1&y=2', title = 'Level 1' }))
      local get = assert(snowline.luasocket_emitter({ collector_url = ${JSON.stringify(collector.url)}, method = 'get' }))
      local g = assert(snowline.new_tracker({ emitter = get, app_id = 'game', platform = 'cnsl', now_ms = function() return 1700000000999 end }))
      assert(g:track_structured_event({ category = 'a b', action = 'é&=' }))
      print(post:stats().sent, get:stats().sent)
    `);
    const { code, stdout, stderr } = await lua.finished();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('3\t1');
    const [batch, single] = collector.requests;
    expect(collector.requests).toHaveLength(2);
    expect(batch?.method).toBe('POST');
    expect(batch?.url).toBe('/com.snowplowanalytics.snowplow/tp2');
    expect(batch?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(Number(batch?.headers['content-length'])).toBe(Buffer.byteLength(batch?.body ?? ''));
    const body = decodeBody(batch!.body);
    expect(body.schema).toBe(PAYLOAD_DATA);
    expect(body.data.map((event) => event.e)).toEqual(['se', 'ue', 'pv']);
    for (const event of body.data) {
      for (const value of Object.values(event)) expect(typeof value).toBe('string');
      expect(event).toMatchObject({ tna: 'wire', aid: 'game', p: 'pc', uid: 'player "1"', dtm: '1700000000123' });
      expect(event.stm).toMatch(/^\d{13}$/);
      expect(event.eid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(body.data[0]).toMatchObject({ se_ca: 'shop', se_ac: 'buy', se_va: '2.5' });
    expect(JSON.parse(body.data[1]!.ue_pr as string)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: {
        schema: 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0',
        data: { name: 'Inventory', id: '0b3c2a1e-5f6d-4c7b-8a9e-0f1d2c3b4a59' },
      },
    });
    expect(body.data[2]).toMatchObject({ url: 'https://game.example/level?x=1&y=2', page: 'Level 1' });
    expect(single?.method).toBe('GET');
    expect(single?.url).toMatch(
      /^\/i\?stm=\d{13}&e=se&se_ca=a%20b&se_ac=%C3%A9%26%3D&eid=[0-9a-f-]{36}&dtm=1700000000999&tv=lua-0\.1\.0&aid=game&p=cnsl$/,
    );
  });

  it('keeps events while the collector is down and sends each exactly once when it is back', async () => {
    await collector.stop();
    const lua = startLua(interpreterWithLuaSocket(name).path, `
      local snowline = require('snowline')
      local e = assert(snowline.luasocket_emitter({ collector_url = ${JSON.stringify(collector.url)}, method = 'post',
        buffer_size = 1, retry_delay_ms = 60000, timeout_ms = 2000 }))
      local t = assert(snowline.new_tracker({ emitter = e, app_id = 'retry' }))
      for i = 1, 5 do assert(t:track_structured_event({ category = 'retry', action = 'a' .. i })) end
      local function report(label, ok, message)
        local s = e:stats()
        print(label .. ' ' .. tostring(ok) .. ' queued ' .. s.queued .. ' sent ' .. s.sent .. ' retried ' .. s.retried .. ' dropped ' .. s.dropped)
      end
      report('down', true)
      io.read('*l')
      report('503', t:flush())
      io.read('*l')
      report('back', t:flush())
    `);
    await lua.waitForLine('down true queued 5 sent 0 retried 1 dropped 0');
    await collector.restart();
    collector.answerWith([503]);
    lua.child.stdin.write('\n');
    await lua.waitForLine('503 false queued 5 sent 0 retried 2 dropped 0');
    lua.child.stdin.write('\n');
    const { code, stdout } = await lua.finished();
    expect(code).toBe(0);
    expect(stdout).toContain('back true queued 0 sent 5 retried 2 dropped 0');
    expect(collector.requests).toHaveLength(2);
    const retried = decodeBody(collector.requests[0]!.body).data;
    const delivered = decodeBody(collector.requests[1]!.body).data;
    expect(delivered.map((event) => event.se_ac)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(new Set(delivered.map((event) => event.eid)).size).toBe(5);
    expect(delivered.map((event) => event.eid)).toEqual(retried.map((event) => event.eid));
  });
});
