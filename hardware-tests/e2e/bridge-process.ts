// Runs the firmware bridge as its own process, so a test can kill it with SIGKILL: what `snowline bridge` does,
// without depending on the CLI. usage: node --import tsx bridge-process.ts <config.json> <collectorUrl> <dataDir>
// Prints "ready" on stdout once started; log lines go to stderr.
import { readFileSync } from 'node:fs';
import { createBridge } from '../../firmware-bridge/index.ts';

const [configPath, collectorUrl, dataDir] = process.argv.slice(2);
if (!configPath || !collectorUrl || !dataDir) {
  process.stderr.write('usage: bridge-process.ts <config.json> <collectorUrl> <dataDir>\n');
  process.exit(2);
}
const bridge = createBridge(JSON.parse(readFileSync(configPath, 'utf8')), {
  collectorUrl,
  dataDir,
  log: (message) => process.stderr.write(`${message}\n`),
});
await bridge.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void bridge.close().then(() => process.exit(0));
});
