import { createSinkForTarget, createPostgresLoader } from '../../storage/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline targets check [options]

Runs the health check of every configured storage target (storage.targets, and storage.postgresUrl when set):
reachable, credentials accepted, bucket or directory usable. Prints one line per target; exits with 1 when any
target fails, naming the target and the cause.

Options:
  --config <file>          configuration file
  -h, --help               this text

Example:
  snowline targets check --config snowline.config.yaml
`;

export const targetsCommand: Command = {
  name: 'targets',
  summary: 'check that every configured storage target is reachable and usable',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' } }, true);
    if (positionals.length !== 1 || positionals[0] !== 'check') throw new UsageError('the only sub-command is "check": snowline targets check');
    const { config } = loadConfig({ explicitFile: values.config });
    const checks: { name: string; type: string; run: () => Promise<void> }[] = config.storage.targets.map((target) => ({
      name: target.name,
      type: target.type,
      run: () => createSinkForTarget(target).healthCheck(),
    }));
    const postgresUrl = config.storage.postgresUrl;
    if (postgresUrl) {
      checks.push({
        name: 'storage.postgresUrl',
        type: 'postgres',
        run: async () => {
          const loader = await createPostgresLoader({ connectionString: postgresUrl, maxConnections: 1 });
          try {
            await loader.ping();
          } finally {
            await loader.close();
          }
        },
      });
    }
    if (checks.length === 0) {
      process.stdout.write('no storage targets configured (storage.targets is empty and storage.postgresUrl unset)\n');
      return 0;
    }
    let failures = 0;
    for (const check of checks) {
      try {
        await check.run();
        process.stdout.write(`ok    ${check.name} (${check.type})\n`);
      } catch (error) {
        failures++;
        const message = (error as Error).message;
        process.stdout.write(`FAIL  ${check.name} (${check.type}): ${message.startsWith('target "') ? message : `target "${check.name}" is not usable: ${message}`}\n`);
      }
    }
    return failures === 0 ? 0 : 1;
  },
};
