// End to end against a running Snowline (collector, enrich, PostgreSQL): what the Lua tracker sends from each
// interpreter, from nginx and from the fengari runtime must arrive in atomic.events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../../test-support/snowline.ts';
import { createLuaRuntime } from '../index.ts';
import { NATIVE_INTERPRETER_NAMES, interpreterWithLuaSocket } from './interpreters.ts';
import { startLua } from './run-lua.ts';
import { startNginx, trackingSite } from './nginx.ts';
import { startSwitchableProxy } from './switchable-proxy.ts';

type Row = Record<string, unknown> & {
  event: string;
  event_id: string;
  app_id: string;
  platform: string;
  v_tracker: string;
  unstruct_event: { data: { schema: string; data: Record<string, unknown> } } | null;
};

describe('the Lua tracker against a running Snowline', () => {
  let snowline: RunningSnowline;
  beforeAll(async () => {
    snowline = await startSnowline();
  });
  afterAll(async () => {
    await snowline?.stop();
  });

  const rowsOf = (appId: string, count: number) =>
    snowline.waitForRows<Row>(`select * from atomic.events where app_id = '${appId}' order by dvce_created_tstamp, event`, count);

  for (const name of NATIVE_INTERPRETER_NAMES) {
    it(`delivers events from ${name} through LuaSocket`, async () => {
      const appId = `e2e-${name}`;
      const lua = startLua(interpreterWithLuaSocket(name).path, `
        local snowline = require('snowline')
        local emitter = assert(snowline.luasocket_emitter({ collector_url = ${JSON.stringify(snowline.collectorUrl)}, method = 'post', buffer_size = 4 }))
        local clock = 1700000000000
        local t = assert(snowline.new_tracker({ emitter = emitter, namespace = 'lua', app_id = '${appId}', platform = 'pc',
          subject = assert(snowline.new_subject({ user_id = 'player-1', screen_resolution = { 1920, 1080 } })),
          now_ms = function() clock = clock + 1000 return clock end }))
        assert(t:track_structured_event({ category = 'level', action = 'start', label = 'ice-cave', value = 3 }))
        assert(t:track_page_view({ url = 'https://game.example/shop?tab=swords', title = 'Shop' }))
        assert(t:track_screen_view({ name = 'Inventory' }))
        assert(t:track_self_describing_event({ schema = 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data = { productId = 'sword-1', price = 12.5 } }))
        local s = emitter:stats()
        print(s.sent, s.failed, s.queued)
      `);
      const { stdout, stderr } = await lua.finished();
      expect(stderr).toBe('');
      expect(stdout.trim()).toBe('4\t0\t0');
      const rows = await rowsOf(appId, 4);
      expect(rows.map((row) => row.event)).toEqual(['struct', 'page_view', 'unstruct', 'unstruct']);
      for (const row of rows) {
        expect(row).toMatchObject({ platform: 'pc', name_tracker: 'lua', v_tracker: 'lua-0.1.0', user_id: 'player-1', dvce_screenwidth: 1920 });
        expect(row.event_id).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect((rows[0]!.dvce_created_tstamp as Date).toISOString()).toBe('2023-11-14T22:13:21.000Z');
      expect(rows[0]).toMatchObject({ se_category: 'level', se_action: 'start', se_label: 'ice-cave', se_value: 3 });
      expect(rows[1]).toMatchObject({ page_urlhost: 'game.example', page_urlpath: '/shop', page_urlquery: 'tab=swords', page_title: 'Shop' });
      expect(rows[2]!.unstruct_event!.data).toMatchObject({ schema: 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0', data: { name: 'Inventory' } });
      expect(rows[3]!.unstruct_event!.data).toEqual({ schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'sword-1', price: 12.5 } });
    });
  }

  it('runs a 2013 game script unchanged apart from its require, and its events pass validation', async () => {
    const host = new URL(snowline.collectorUrl).host;
    const lua = startLua(interpreterWithLuaSocket('lua5.1').path, `
      local snowplow = require("snowline")
      local t = snowplow.newTrackerForUri("${host}")
      t:platform("cnsl")
      t:setAppId("e2e-2013")
      t:setUserId("user123")
      t:setScreenResolution(1068, 720)
      t:setColorDepth(32)
      print(t:trackStructEvent("shop", "add-to-basket", nil, "units", 2, 1369330909))
      print(t:trackScreenView("Game HUD", "23"))
      print(t:trackUnstructEvent("save-game", { save_id = "4321", level = 23 }))
    `);
    const { stdout } = await lua.finished();
    expect(stdout).toBe('true\ntrue\ntrue\n');
    const rows = await snowline.waitForRows<Row>("select * from atomic.events where app_id = 'e2e-2013' order by event, event_name", 3);
    expect(rows.map((row) => [row.event, row.event_name])).toEqual([
      ['struct', 'event'],
      ['unstruct', 'lua_event'],
      ['unstruct', 'screen_view'],
    ]);
    expect(rows[0]).toMatchObject({ platform: 'cnsl', user_id: 'user123', se_value: 2, dvce_screenheight: 720 });
    expect((rows[0]!.true_tstamp as Date).toISOString()).toBe('2013-05-23T17:41:49.000Z');
    expect(rows[1]!.unstruct_event!.data.data).toEqual({ name: 'save-game', properties: { save_id: '4321', level: 23 } });
    expect(rows[2]!.unstruct_event!.data.data).toMatchObject({ name: 'Game HUD', type: '23' });
  });

  it('delivers what nginx tracks in log_by_lua while serving', async () => {
    const nginx = await startNginx(trackingSite(snowline.collectorUrl));
    try {
      for (let i = 0; i < 12; i++) {
        const response = await fetch(`${nginx.url}/docs/${i}`, { headers: { 'User-Agent': 'e2e-nginx' } });
        expect(response.status).toBe(200);
      }
      const rows = await snowline.waitForRows<Row>("select * from atomic.events where app_id = 'site' and useragent = 'e2e-nginx'", 12);
      expect(new Set(rows.map((row) => row.page_urlpath))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => `/docs/${i}`)));
      expect(rows.every((row) => row.platform === 'srv' && row.event === 'page_view' && row.user_ipaddress === '127.0.0.1')).toBe(true);
    } finally {
      await nginx.stop();
    }
  });

  it('delivers the events of a fengari-hosted game script driven by the Node host', async () => {
    const runtime = createLuaRuntime({
      collectorUrl: snowline.collectorUrl,
      tracker: { namespace: 'fengari', appId: 'e2e-fengari', platform: 'pc', bufferSize: 5 },
      hostFunctions: { playerName: (id) => `player-${String(id)}` },
    });
    const loaded = await runtime.run(`
      local frames = 0
      function on_tick(dt_ms)
        frames = frames + 1
        if frames % 10 == 0 then
          tracker:track_timing({ category = 'frame', variable = 'tick', timing = dt_ms })
          tracker:track_structured_event({ category = 'game', action = 'tick', label = host.playerName(frames), value = frames })
        end
      end
    `);
    expect(loaded.ok).toBe(true);
    for (let frame = 1; frame <= 50; frame++) expect((await runtime.call('on_tick', 16)).ok).toBe(true);
    expect(await runtime.flush()).toMatchObject({ ok: true, values: [true, null, { sent: 10, queued: 0 }] });
    const rows = await snowline.waitForRows<Row>("select * from atomic.events where app_id = 'e2e-fengari' and event = 'struct' order by se_value", 5);
    expect(rows.map((row) => [row.se_label, row.se_value, row.name_tracker])).toEqual([10, 20, 30, 40, 50].map((n) => [`player-${n}`, n, 'fengari']));
    const timings = await snowline.waitForRows<Row>("select * from atomic.events where app_id = 'e2e-fengari' and event = 'unstruct'", 5);
    expect(timings[0]!.unstruct_event!.data).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/timing/jsonschema/1-0-0',
      data: { category: 'frame', variable: 'tick', timing: 16 },
    });
  });

  it('stops a runaway mod script with the budget, keeping what it tracked before', async () => {
    const runtime = createLuaRuntime({ collectorUrl: snowline.collectorUrl, tracker: { appId: 'e2e-runaway', bufferSize: 1 }, instructionBudget: 500_000 });
    const result = await runtime.run(`
      tracker:track_structured_event({ category = 'mod', action = 'before-the-loop' })
      while true do pcall(function() while true do end end) end
    `);
    expect(result).toMatchObject({ ok: false, kind: 'budget' });
    expect(await runtime.run("return tracker:track_structured_event({ category = 'mod', action = 'after' })")).toEqual({ ok: true, values: [true] });
    const rows = await snowline.waitForRows<Row>("select se_action from atomic.events where app_id = 'e2e-runaway' order by se_action", 2);
    expect(rows.map((row) => row.se_action)).toEqual(['after', 'before-the-loop']);
  });

  it('retries events while the collector is unreachable and stores each exactly once when it is back', async () => {
    const proxy = await startSwitchableProxy(snowline.collectorUrl);
    try {
      await proxy.down();
      const lua = startLua(interpreterWithLuaSocket('lua5.4').path, `
        local snowline = require('snowline')
        local e = assert(snowline.luasocket_emitter({ collector_url = ${JSON.stringify(proxy.url)}, method = 'post', buffer_size = 2, retry_delay_ms = 60000 }))
        local t = assert(snowline.new_tracker({ emitter = e, app_id = 'e2e-down-and-back' }))
        for i = 1, 6 do assert(t:track_structured_event({ category = 'retry', action = 'a' .. i, value = i })) end
        print('down ' .. e:stats().queued)
        io.read('*l')
        print(tostring(t:flush()) .. ' ' .. e:stats().sent)
      `);
      await lua.waitForLine('down 6');
      await proxy.up();
      lua.child.stdin.write('\n');
      const { stdout } = await lua.finished();
      expect(stdout).toContain('true 6');
      const rows = await snowline.waitForRows<Row>("select event_id, se_value from atomic.events where app_id = 'e2e-down-and-back' order by se_value", 6);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const again = await snowline.query<Row>("select event_id from atomic.events where app_id = 'e2e-down-and-back'");
      expect(rows.map((row) => row.se_value)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(again).toHaveLength(6);
      expect(new Set(again.map((row) => row.event_id)).size).toBe(6);
    } finally {
      await proxy.close();
    }
  });
});
