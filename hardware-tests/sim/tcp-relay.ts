// The host side of the library's SnowlineStreamClient: relays an emulated board's UART to a TCP server, as
//   while true; do socat FILE:/dev/ttyACM0,b115200,raw,echo=0 TCP:127.0.0.1:8080; done
// would for a real board. A connection is opened when the board starts writing and none is open, so one HTTP
// request per connection (Connection: close) and one long MQTT session both work. When the server is down, the
// bytes are lost, as they would be on the wire; the firmware's own timeouts and retries must cope.
import net from 'node:net';
import type { AvrBoard } from './avr-board.ts';

export interface TcpRelayStats {
  connections: number;
  refused: number;
  bytesToServer: number;
  bytesToBoard: number;
  bytesLost: number;
}

export interface TcpRelay {
  readonly stats: TcpRelayStats;
  /** Closes the current connection (as if the network dropped it); the next byte from the board reconnects. */
  dropConnection(): void;
  close(): Promise<void>;
}

export function relayBoardToTcp(board: AvrBoard, target: { host?: string; port: number }): TcpRelay {
  const stats: TcpRelayStats = { connections: 0, refused: 0, bytesToServer: 0, bytesToBoard: 0, bytesLost: 0 };
  let socket: net.Socket | undefined;
  let connected = false;
  let pending: Buffer[] = [];
  let closed = false;

  const open = () => {
    const opened = net.connect(target.port, target.host ?? '127.0.0.1');
    socket = opened;
    connected = false;
    opened.setNoDelay(true);
    opened.on('connect', () => {
      connected = true;
      stats.connections += 1;
      for (const chunk of pending) opened.write(chunk);
      stats.bytesToServer += pending.reduce((total, chunk) => total + chunk.length, 0);
      pending = [];
    });
    opened.on('data', (chunk: Buffer) => {
      stats.bytesToBoard += chunk.length;
      board.serial.write(chunk);
    });
    opened.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') stats.refused += 1;
    });
    opened.on('close', () => {
      if (socket === opened) socket = undefined;
      stats.bytesLost += pending.reduce((total, chunk) => total + chunk.length, 0);
      pending = [];
    });
  };

  const fromBoard = (chunk: Buffer) => {
    if (closed) return;
    if (!socket) open();
    if (connected) {
      socket!.write(chunk);
      stats.bytesToServer += chunk.length;
    } else {
      pending.push(chunk);
    }
  };
  board.serial.on('data', fromBoard);

  return {
    stats,
    dropConnection() {
      socket?.destroy();
      socket = undefined;
    },
    async close() {
      closed = true;
      board.serial.off('data', fromBoard);
      const current = socket;
      socket = undefined;
      if (current && !current.destroyed) {
        await new Promise<void>((resolve) => {
          current.once('close', () => resolve());
          current.destroy();
        });
      }
    },
  };
}
