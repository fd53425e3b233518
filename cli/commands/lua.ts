import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLuaRuntime, type LuaTrackerOptions } from '../../trackers/lua/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';

const HELP = `Usage: snowline lua run <script.lua> [options]

Runs a Lua script (a game script, a mod, a test of your tracking) inside Node on fengari, sandboxed: no io,
no os.execute, \`require\` only of the Snowline tracker and modules given with --module, and an instruction
budget so that a runaway script stops. The global \`tracker\` sends to --collector over Node's HTTP; what is
still queued when the script ends is flushed, and the emitter's counters are printed on standard error.

Options:
  --collector <url>        collector URL (default http://127.0.0.1:8080)
  --app-id <id>            app id of the tracker (aid)
  --namespace <name>       tracker namespace (tna)
  --platform <p>           platform: pc (default), mob, srv, app, tv, cnsl, iot, web, headset
  --method post|get        POST batches (default) or one GET per event
  --buffer-size <n>        events per POST batch (default 10)
  --budget <instructions>  Lua instructions the script may run (default 50000000)
  --module <name>=<file>   allow \`require("<name>")\` of this file (repeatable)
  -h, --help               this text

Exit codes: 0 the script ran and every event was sent; 1 the script failed or stopped at the budget, or
events could not be sent; 2 usage error.

Example:
  snowline lua run game.lua --collector http://127.0.0.1:8080 --app-id my-game --namespace client
`;

function parseWholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${option} must be a whole number above 0, got "${value}"`);
  return number;
}

async function readModules(specs: string[]): Promise<Record<string, string>> {
  const modules: Record<string, string> = {};
  for (const spec of specs) {
    const separator = spec.indexOf('=');
    if (separator < 1) throw new UsageError(`--module must be <name>=<file>, got "${spec}"`);
    const file = spec.slice(separator + 1);
    modules[spec.slice(0, separator)] = await readFile(file, 'utf8').catch((error: Error) => {
      throw new UsageError(`--module ${spec}: cannot read ${file}: ${error.message}`);
    });
  }
  return modules;
}

export const luaCommand: Command = {
  name: 'lua',
  summary: 'run a Lua script on fengari with the tracker preloaded (sandboxed, instruction budget)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        collector: { type: 'string', default: 'http://127.0.0.1:8080' },
        'app-id': { type: 'string' },
        namespace: { type: 'string' },
        platform: { type: 'string' },
        method: { type: 'string' },
        'buffer-size': { type: 'string' },
        budget: { type: 'string' },
        module: { type: 'string', multiple: true, default: [] },
      },
      true,
    );
    const [action, scriptFile, ...extra] = positionals;
    if (action !== 'run' || scriptFile === undefined || extra.length > 0) {
      throw new UsageError('usage: snowline lua run <script.lua> [options]');
    }
    if (values.method !== undefined && values.method !== 'post' && values.method !== 'get') {
      throw new UsageError(`--method must be post or get, got "${values.method}"`);
    }
    if (!/^https?:\/\//.test(values.collector)) throw new UsageError(`--collector must be an http(s) URL, got "${values.collector}"`);
    const instructionBudget = parseWholeNumber(values.budget, '--budget');
    const bufferSize = parseWholeNumber(values['buffer-size'], '--buffer-size');
    const source = await readFile(scriptFile, 'utf8').catch((error: Error) => {
      throw new UsageError(`cannot read ${scriptFile}: ${error.message}`);
    });
    const tracker: LuaTrackerOptions = {
      appId: values['app-id'],
      namespace: values.namespace,
      platform: values.platform,
      method: values.method as 'post' | 'get' | undefined,
      bufferSize,
    };
    const runtime = createLuaRuntime({
      collectorUrl: values.collector,
      tracker,
      instructionBudget,
      modules: await readModules(values.module),
    });
    const result = await runtime.run(source, path.basename(scriptFile));
    if (!result.ok) process.stderr.write(`snowline lua: ${result.kind === 'budget' ? 'stopped: ' : ''}${result.error}\n`);
    const flushed = await runtime.flush();
    if (!flushed.ok) {
      process.stderr.write(`snowline lua: ${flushed.error}\n`);
      return 1;
    }
    const [sentAll, message, stats] = flushed.values as [boolean, string | null, Record<string, unknown> | undefined];
    if (stats) process.stderr.write(`snowline lua: events sent ${stats.sent}, queued ${stats.queued}, refused ${stats.failed}, dropped ${stats.dropped}\n`);
    if (!sentAll) process.stderr.write(`snowline lua: ${message}\n`);
    return result.ok && sentAll ? 0 : 1;
  },
};
