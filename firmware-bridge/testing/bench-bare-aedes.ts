// Benchmark baseline: a bare aedes broker (no auth, no bridge) on 127.0.0.1:<port>. Prints "listening".
import net from 'node:net';
import { Aedes } from 'aedes';

const port = Number(process.argv[2]);
const broker = await Aedes.createBroker();
const server = net.createServer(broker.handle as (socket: net.Socket) => void);
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.once('SIGTERM', () => broker.close(() => server.close(() => process.exit(0))));
