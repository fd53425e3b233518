import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `snowline <name>` sub-command. Each lives in its own file under cli/commands/ and is listed in index.ts. */
export interface Command {
  readonly name: string;
  /** One line for `snowline --help`. */
  readonly summary: string;
  /** The full text of `snowline <name> --help`: usage line, options, examples. */
  readonly help: string;
  run(args: string[]): Promise<number>;
}

/** A user mistake on the command line: printed with the command's usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that reports unknown or malformed options as a UsageError naming the option. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses a TCP port option, naming the option when the value is not a port. */
export function parsePort(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${option} must be a port number from 0 to 65535, got "${value}"`);
  }
  return port;
}
