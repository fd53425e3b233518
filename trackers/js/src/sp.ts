// Entry point of dist/sp.js. The async snippet defines a global function (any name, listed in
// `GlobalSnowplowNamespace`) that queues its calls in `.q`; this replaces each with the real command function
// and runs what was queued, in order.
import { createCommandFunction, type CommandFunction } from './browser/commands.ts';

type SnippetWindow = Window & { GlobalSnowplowNamespace?: string[] } & Record<string, CommandFunction | undefined>;

const page = window as unknown as SnippetWindow;
for (const name of page.GlobalSnowplowNamespace ?? ['snowplow']) {
  const queued = page[name]?.q ?? [];
  const commandFunction = createCommandFunction({});
  page[name] = commandFunction;
  // Each queued entry is the `arguments` of a call: iterable, so it spreads as it is.
  for (const args of queued) commandFunction(...(args as Parameters<CommandFunction>));
}
