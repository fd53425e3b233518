import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLuaRuntime } from '../index.ts';
import { startRecordingCollector, type RecordingCollector } from '../test/recording-collector.ts';

describe('createLuaRuntime', () => {
  let collector: RecordingCollector;
  beforeEach(async () => {
    collector = await startRecordingCollector();
  });
  afterEach(async () => {
    await collector.stop();
  });

  it('runs a script with the tracker preloaded and its events reach the collector over Node HTTP', async () => {
    const runtime = createLuaRuntime({
      collectorUrl: collector.url,
      tracker: { namespace: 'mods', appId: 'server-1', platform: 'srv', bufferSize: 2, encodeBase64: false },
    });
    const result = await runtime.run(`
      local ok1 = tracker:track_structured_event({ category = 'mod', action = 'loaded' })
      local ok2 = tracker:track_self_describing_event({ schema = 'iglu:com.acme/quest/jsonschema/1-0-0', data = { id = 7 } })
      return ok1, ok2, tracker.emitter:stats().sent
    `);
    expect(result).toEqual({ ok: true, values: [true, true, 2] });
    const [request] = collector.requests;
    expect(request?.method).toBe('POST');
    const body = JSON.parse(request!.body) as { data: Record<string, string>[] };
    expect(body.data.map((event) => [event.e, event.tna, event.aid, event.p])).toEqual([
      ['se', 'mods', 'server-1', 'srv'],
      ['ue', 'mods', 'server-1', 'srv'],
    ]);
    expect(body.data[0]!.dtm).toMatch(/^\d{13}$/);
    expect(JSON.parse(body.data[1]!.ue_pr!)).toMatchObject({ data: { schema: 'iglu:com.acme/quest/jsonschema/1-0-0', data: { id: 7 } } });
  });

  it('makes the HTTP wait look like a plain call, even inside a script coroutine', async () => {
    const runtime = createLuaRuntime({ collectorUrl: collector.url, tracker: { bufferSize: 1 } });
    const result = await runtime.run(`
      local co = coroutine.create(function(n)
        local ok = tracker:track_structured_event({ category = 'co', action = 'a' .. n })
        local again = coroutine.yield('mine')
        return ok, tracker:track_structured_event({ category = 'co', action = again })
      end)
      local _, first = coroutine.resume(co, 1)
      local _, ok1, ok2 = coroutine.resume(co, 'b')
      return first, ok1, ok2, tracker.emitter:stats().sent
    `);
    expect(result).toEqual({ ok: true, values: ['mine', true, true, 2] });
    expect(collector.requests).toHaveLength(2);
  });

  it('lets a Node game server drive mod scripts through host functions and global hooks', async () => {
    const scores: Record<string, number> = {};
    const runtime = createLuaRuntime({
      collectorUrl: collector.url,
      tracker: { appId: 'arena', bufferSize: 1, encodeBase64: false },
      hostFunctions: {
        addScore: (player, points) => {
          scores[String(player)] = (scores[String(player)] ?? 0) + Number(points);
          return scores[String(player)];
        },
        loadProfile: async (player) => ({ name: String(player), level: 12 }),
      },
    });
    const loaded = await runtime.run(`
      function on_kill(player, victim)
        local profile = host.loadProfile(player)
        local total = host.addScore(player, 10)
        tracker:track_structured_event({ category = 'combat', action = 'kill', label = victim, value = total,
          entities = { { schema = 'iglu:com.acme/player/jsonschema/1-0-0', data = profile } } })
        return total
      end
    `);
    expect(loaded.ok).toBe(true);
    expect(await runtime.call('on_kill', 'ann', 'bob')).toEqual({ ok: true, values: [10] });
    expect(await runtime.call('on_kill', 'ann', 'cy')).toEqual({ ok: true, values: [20] });
    expect(scores).toEqual({ ann: 20 });
    const events = collector.requests.map((request) => (JSON.parse(request.body) as { data: Record<string, string>[] }).data[0]!);
    expect(events.map((event) => [event.se_label ?? event.se_la, event.se_va])).toEqual([
      ['bob', '10'],
      ['cy', '20'],
    ]);
    expect(JSON.parse(events[0]!.co!).data[0]).toEqual({ schema: 'iglu:com.acme/player/jsonschema/1-0-0', data: { name: 'ann', level: 12 } });
    expect(await runtime.call('no_such_hook')).toEqual({ ok: false, kind: 'runtime', error: 'no global function named no_such_hook' });
  });

  it('stops a runaway script with the instruction budget, even one that catches errors, and keeps serving', async () => {
    const runtime = createLuaRuntime({ instructionBudget: 200_000, print: () => undefined });
    expect(await runtime.run('while true do end')).toEqual({ ok: false, kind: 'budget', error: 'instruction budget of 200000 exhausted' });
    const sneaky = await runtime.run('while true do pcall(function() while true do end end) end');
    expect(sneaky).toMatchObject({ ok: false, kind: 'budget' });
    const wrapped = await runtime.run('local f = coroutine.wrap(function() while true do xpcall(function() while true do end end, print) end end) f()');
    expect(wrapped).toMatchObject({ ok: false, kind: 'budget' });
    expect(await runtime.run('local n = 0 for i = 1, 1000 do n = n + i end return n')).toEqual({ ok: true, values: [500500] });
  });

  it('keeps io, os.execute, debug, bytecode and modules outside the allow-list out of reach', async () => {
    const runtime = createLuaRuntime({ modules: { greeting: 'return { hello = function() return "hi" end }' } });
    expect(await runtime.run('return io, os.execute, os.exit, os.getenv, debug, package, dofile, loadfile, string.dump')).toEqual({
      ok: true,
      values: [null, null, null, null, null, null, null, null, null],
    });
    expect(await runtime.run("return require('socket')")).toEqual({
      ok: false,
      kind: 'runtime',
      error: "module 'socket' is not on this sandbox's allow-list",
    });
    expect(await runtime.run("return require('greeting').hello(), type(require('snowline').new_tracker)")).toEqual({
      ok: true,
      values: ['hi', 'function'],
    });
    expect(await runtime.run("return load('\\27Lua')")).toEqual({ ok: true, values: [null, "attempt to load a binary chunk (mode is 't')"] });
    expect(await runtime.run("return string.rep('x', 1e9)")).toMatchObject({ ok: false, kind: 'runtime' });
    expect(await runtime.run('this is not lua')).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it('sends print to the host and never rejects on a script error', async () => {
    const lines: string[] = [];
    const runtime = createLuaRuntime({ print: (line) => lines.push(line) });
    expect(await runtime.run("print('a', 1, nil, true) error('boom')", 'mod.lua')).toEqual({
      ok: false,
      kind: 'runtime',
      error: 'mod.lua:1: boom',
    });
    expect(lines).toEqual(['a\t1\tnil\ttrue']);
  });

  it('runs a 2013 script with the 2013 API, sending one GET per event over Node HTTP', async () => {
    const runtime = createLuaRuntime();
    const host = new URL(collector.url).host;
    const result = await runtime.run(`
      local snowplow = require("snowline")
      local t = snowplow.newTrackerForUri("${host}")
      t:setAppId("old-mod")
      return t:trackStructEvent("shop", "buy"), t:trackScreenView("HUD")
    `);
    expect(result).toEqual({ ok: true, values: [true, true] });
    expect(collector.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
    expect(collector.requests[0]!.url).toMatch(/^\/i\?stm=\d{13}&e=se&se_ca=shop&se_ac=buy&eid=[0-9a-f-]{36}&dtm=\d{13}&tv=lua-0\.1\.0-compat2013&aid=old-mod&p=pc$/);
  });

  it('reports a script that yields outside of any coroutine instead of waiting forever', async () => {
    const runtime = createLuaRuntime();
    expect(await runtime.run('coroutine.yield(1) return 2')).toEqual({ ok: false, kind: 'runtime', error: 'the script yielded outside of a coroutine' });
    expect(await runtime.run('return 3')).toEqual({ ok: true, values: [3] });
  });

  it('keeps events the collector did not take and sends them on flush', async () => {
    collector.answerWith([503]);
    const runtime = createLuaRuntime({ collectorUrl: collector.url, tracker: { bufferSize: 1 } });
    const tracked = await runtime.run("return tracker:track_structured_event({ category = 'c', action = 'a' }), tracker.emitter:stats().queued");
    expect(tracked).toEqual({ ok: true, values: [true, 1] });
    const flushed = await runtime.flush();
    expect(flushed).toMatchObject({ ok: true, values: [true, null, { queued: 0, sent: 1, retried: 1, dropped: 0 }] });
    expect(collector.requests).toHaveLength(2);
    expect(collector.requests[0]!.body).toBe(collector.requests[1]!.body.replace(/"stm":"\d+"/, collector.requests[0]!.body.match(/"stm":"\d+"/)![0]));
  });
});
