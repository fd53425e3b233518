// The bridge on a saturated 115,200-baud serial line: its CPU use against a process that only reads the port and
// splits lines. The line is a socat pty pair paced to 11,520 bytes/s (8N1) of valid event frames. What is counted is
// the CPU of the measured process alone (all its threads, user + system, from /proc/<pid>/stat): the paced writer
// and the recording collector run in this process and are not counted.
import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { bridgeConfigSchema, encodeEventFrame } from '../../firmware-bridge/index.ts';
import { openPtyPair } from '../../test-support/pty-pair.ts';
import { startRecordingCollector } from '../../firmware-bridge/testing/recording-collector.ts';
import { startChildServer } from '../lib/child-process.ts';
import type { BenchScenario } from '../scenario.ts';

const BYTES_PER_SECOND = 115_200 / 10;
/** The bridge's default serialPorts[].readIntervalMs (from its config schema), for the reader that reads as the bridge does. */
const BRIDGE_READ_INTERVAL_MS = bridgeConfigSchema.parse({ serialPorts: [{ path: 'x' }] }).serialPorts[0]!.readIntervalMs;
const CLOCK_TICKS_PER_SECOND = 100;

function cpuTimes(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND };
}

/** Writes event frames to `port` at the line rate for `durationMs`; returns the frames written. */
async function saturate(port: SerialPort, durationMs: number, startSeq: number): Promise<number> {
  const started = Date.now();
  let budget = 0;
  let seq = startSeq;
  let frames = 0;
  let last = started;
  while (Date.now() - started < durationMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = Date.now();
    budget += ((now - last) / 1000) * BYTES_PER_SECOND;
    last = now;
    let chunk = '';
    for (;;) {
      const frame = encodeEventFrame({
        deviceId: 'bench-line', bootId: 1, seq, createdUptimeMs: now - started, sentUptimeMs: now - started, droppedTotal: 0,
        payload: `e=se&se_ca=bench&se_ac=saturate&se_va=${seq}&aid=bench&tv=snowline-arduino-0.1.0&fw=1.0.0`,
      });
      if (frame.length > budget) break;
      budget -= frame.length;
      chunk += frame;
      seq++;
      frames++;
    }
    if (chunk) port.write(chunk, 'latin1');
  }
  return frames;
}

const scenario: BenchScenario = {
  name: 'bridge-serial',
  summary: 'Firmware bridge on a 115,200-baud line saturated with event frames (pty pair, paced): CPU of one core against a process that only reads and splits lines.',
  async run({ durationMs, tmpDir, log }) {
    const measure = async (name: string, start: (bridgePath: string) => Promise<{ pid: number; stop(): Promise<void> }>) => {
      const pty = await openPtyPair();
      const child = await start(pty.hostPath);
      const device = new SerialPort({ path: pty.devicePath, baudRate: 115200, autoOpen: false });
      await new Promise<void>((resolve, reject) => device.open((error) => (error ? reject(error) : resolve())));
      // The bridge answers each frame with an ACK line: counting them shows that it keeps up with the line.
      let acks = 0;
      device.on('data', (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 0x0a) acks++;
      });
      try {
        log(`${name}: warm-up`);
        const warmUpFrames = await saturate(device, 1000, 1);
        const before = cpuTimes(child.pid);
        const wallBefore = Date.now();
        log(`${name}: ${durationMs / 1000} s of saturated line`);
        const frames = await saturate(device, durationMs, 1_000_000);
        const after = cpuTimes(child.pid);
        const wallSeconds = (Date.now() - wallBefore) / 1000;
        // ACKs of the last frames come up to a read interval + a group-commit window later (not counted as CPU time).
        const acksBeforeDrain = acks;
        await new Promise((resolve) => setTimeout(resolve, 500));
        const userPercent = ((after.user - before.user) / wallSeconds) * 100;
        const systemPercent = ((after.system - before.system) / wallSeconds) * 100;
        log(`${name}: ${userPercent.toFixed(1)} % user + ${systemPercent.toFixed(1)} % system; ${acks} ACK lines (${acksBeforeDrain} before the line stopped)`);
        return { cpuPercent: userPercent + systemPercent, framesPerSecond: frames / (durationMs / 1000), acks, framesWritten: warmUpFrames + frames };
      } finally {
        await new Promise<void>((resolve) => device.close(() => resolve()));
        await child.stop();
        await pty.close();
      }
    };
    const baseline = await measure('serial reader', (bridgePath) => startChildServer('firmware-bridge/testing/bench-serial-reader.ts', [bridgePath, '115200']));
    const pacedReader = await measure('serial reader, paced event-loop reads', (bridgePath) =>
      startChildServer('firmware-bridge/testing/bench-serial-reader.ts', [bridgePath, '115200', String(BRIDGE_READ_INTERVAL_MS)]),
    );
    const collector = await startRecordingCollector();
    const dataDir = mkdtempSync(path.join(tmpDir, 'bridge-'));
    let snowline: { cpuPercent: number; framesPerSecond: number; acks: number; framesWritten: number };
    try {
      snowline = await measure('bridge', (bridgePath) =>
        startChildServer('firmware-bridge/testing/bridge-process.ts', [JSON.stringify({ serialPorts: [{ path: bridgePath }] }), collector.url, dataDir]),
      );
    } finally {
      await collector.close();
    }
    const forwarded = collector.events().length;
    return {
      comparisons: [
        {
          metric: 'CPU of one core, 115,200-baud line saturated with frames',
          unit: '%',
          baseline: { name: 'serialport reader, split lines only', value: baseline.cpuPercent },
          snowline: { name: 'bridge: decode, dedupe, fsync, ACK, forward', value: snowline.cpuPercent },
          higherIsBetter: false,
        },
      ],
      figures: [
        { metric: 'bridge CPU on a saturated 115,200-baud line', unit: '% of one core', value: snowline.cpuPercent, note: 'aim: under 5 %' },
        {
          metric: 'serial reader that reads as the bridge does (event loop, paced), split lines only',
          unit: '% of one core',
          value: pacedReader.cpuPercent,
          note: 'the floor of the bridge\'s own read path',
        },
        { metric: 'frames per second on the line', unit: 'frames/s', value: snowline.framesPerSecond },
        { metric: 'frames acknowledged by the bridge (warm-up and run)', unit: 'frames', value: snowline.acks, note: `of ${snowline.framesWritten} written` },
        { metric: 'events forwarded to the collector during the run', unit: 'events', value: forwarded },
      ],
    };
  },
};

export default scenario;
