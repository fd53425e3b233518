import { commands } from './commands/index.ts';
import { UsageError } from './command.ts';
import { SNOWLINE_VERSION } from './version.ts';

async function mainHelp(): Promise<string> {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  const width = Math.max(...loaded.map((command) => command.name.length));
  const lines = loaded.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    `snowline ${SNOWLINE_VERSION}: behavioural analytics you run yourself (trackers → collector → enrich → storage → SQL)`,
    '',
    'Usage: snowline <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `snowline <command> --help` for the options of a command.',
    'Quick start: `snowline start`, then send a page view to http://127.0.0.1:8080/i?e=pv&url=https%3A%2F%2Fexample.com',
    'and look at it with `snowline query "select event, page_url from atomic.events"`.',
    '',
  ].join('\n');
}

/** Runs the `snowline` command line; returns the process exit code. */
export async function runCli(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${SNOWLINE_VERSION}\n`);
    return 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    process.stderr.write(`snowline: unknown command "${name}"\n\n${await mainHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`snowline ${name}: ${error.message}\nRun \`snowline ${name} --help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`snowline ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
