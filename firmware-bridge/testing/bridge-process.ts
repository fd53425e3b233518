// The bridge in a process of its own, for tests that kill it (-9) mid-stream:
//   node --import tsx firmware-bridge/testing/bridge-process.ts '<bridge config JSON>' <collectorUrl> <dataDir>
// Prints "ready" once started; SIGTERM closes it cleanly.
import { createBridge } from '../create-bridge.ts';

const [configJson, collectorUrl, dataDir] = process.argv.slice(2);
if (!configJson || !collectorUrl || !dataDir) {
  process.stderr.write('usage: bridge-process.ts <config JSON> <collectorUrl> <dataDir>\n');
  process.exit(2);
}
const bridge = createBridge(JSON.parse(configJson), { collectorUrl, dataDir, log: (message) => process.stderr.write(`${message}\n`) });
await bridge.start();
process.stdout.write('ready, listening\n');
process.once('SIGTERM', () => {
  void bridge.close().then(() => process.exit(0));
});
