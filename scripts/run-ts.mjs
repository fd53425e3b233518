// Runs a TypeScript script (benchmarks, fixture generators) through tsx without a build step.
import { spawnSync } from 'node:child_process';
const result = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
