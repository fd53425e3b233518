// Snowline's collector alone, with its durable spool on, for the HTTP benchmarks: argv = port, data directory.
import { collectorConfigSchema, createCollector } from '../../collector/index.ts';

const port = Number(process.argv[2] ?? 0);
const dataDir = process.argv[3] ?? './data-bench';
const collector = await createCollector(collectorConfigSchema.parse({ port, host: '127.0.0.1' }), { dataDir });
await collector.listen();
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void collector.close().then(() => process.exit(0));
});
