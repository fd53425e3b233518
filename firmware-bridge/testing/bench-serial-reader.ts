// Benchmark baseline: a process that only reads a serial port with serialport and splits it into lines — the
// least any bridge must do. Prints "listening" once the port is open.
//   bench-serial-reader.ts <path> [baudRate] [readIntervalMs]
// With readIntervalMs it reads as the bridge does (on the event loop, paced: serial/event-loop-io-binding.ts).
import { SerialPort } from 'serialport';
import { withEventLoopIo } from '../serial/event-loop-io-binding.ts';

const [path, baudRate, readIntervalMs] = process.argv.slice(2);
const binding = readIntervalMs === undefined ? SerialPort.binding : withEventLoopIo(SerialPort.binding, { readIntervalMs: Number(readIntervalMs) });
const port = new SerialPort({ path: path!, baudRate: Number(baudRate ?? 115200), autoOpen: false, binding } as ConstructorParameters<typeof SerialPort>[0]);
let lines = 0;
let partial = '';
port.on('data', (chunk: Buffer) => {
  const text = partial + chunk.toString('latin1');
  const parts = text.split('\n');
  partial = parts.pop()!;
  lines += parts.length;
});
port.open((error) => {
  if (error) throw error;
  process.stdout.write('listening\n');
});
process.once('SIGTERM', () => {
  process.stderr.write(`serial reader: ${lines} lines\n`);
  port.close(() => process.exit(0));
});
