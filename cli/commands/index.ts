import type { Command } from '../command.ts';

/** A sub-command, loaded only when it runs (or for `--help`), so each command pays only for the modules it uses. */
export interface CommandEntry {
  readonly name: string;
  load(): Promise<Command>;
}

/** Every `snowline` sub-command, in the order `snowline --help` lists them. */
export const commands: readonly CommandEntry[] = [
  { name: 'start', load: async () => (await import('./start.ts')).startCommand },
  { name: 'query', load: async () => (await import('./query.ts')).queryCommand },
  { name: 'sql', load: async () => (await import('./sql.ts')).sqlCommand },
  { name: 'micro', load: async () => (await import('./micro.ts')).microCommand },
  { name: 'collector', load: async () => (await import('./collector.ts')).collectorCommand },
  { name: 'bridge', load: async () => (await import('./bridge.ts')).bridgeCommand },
  { name: 'lua', load: async () => (await import('./lua.ts')).luaCommand },
  { name: 'pixel', load: async () => (await import('./pixel.ts')).pixelCommand },
  { name: 'enrich', load: async () => (await import('./enrich.ts')).enrichCommand },
  { name: 'replay', load: async () => (await import('./replay.ts')).replayCommand },
  { name: 'load', load: async () => (await import('./load.ts')).loadCommand },
  { name: 'targets', load: async () => (await import('./targets.ts')).targetsCommand },
];
