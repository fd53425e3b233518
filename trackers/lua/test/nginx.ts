// Starts nginx with the Lua module from a throw-away prefix (every temp path and the pid inside it, daemon
// off, one worker, 127.0.0.1 and a free port), for tests and the bench. Stops it with SIGQUIT by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../test-support/ports.ts';
import { requireTool } from '../../../test-support/require-tool.ts';
import { luaTrackerDir } from '../index.ts';

const MODULE_DIRS = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules'];

export interface RunningNginx {
  readonly url: string;
  readonly prefix: string;
  errorLog(): string;
  stop(): Promise<void>;
}

function moduleDir(): string {
  const found = MODULE_DIRS.find((dir) => existsSync(path.join(dir, 'ngx_http_lua_module.so')));
  if (!found) {
    throw new Error('the nginx Lua module is not installed; install it with: apt-get install -y --no-install-recommends libnginx-mod-http-lua');
  }
  return found;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (existsSync(file)) resolve();
      else if (Date.now() > deadline) reject(new Error(`nginx wrote no ${file} within ${timeoutMs} ms`));
      else setTimeout(check, 25);
    };
    check();
  });
}

class PortTaken extends Error {}

/**
 * `httpBlock` is placed inside `http { }`; `{{PORT}}` in it is replaced by the listening port. Another process
 * may take the free port before nginx binds it (then nginx retries for seconds and exits, while the port answers
 * for someone else): readiness is nginx's pid file, written only once it has bound, and a taken port is retried.
 */
export async function startNginx(httpBlock: string): Promise<RunningNginx> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNginxOnce(httpBlock);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt >= 3) throw error;
    }
  }
}

async function startNginxOnce(httpBlock: string): Promise<RunningNginx> {
  const nginx = requireTool('nginx', 'nginx libnginx-mod-http-lua', ['/usr/sbin/nginx']);
  const modules = moduleDir();
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'snowline-nginx-'));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${path.join(prefix, name)};`)
    .join('\n  ');
  const runningAsRoot = process.getuid?.() === 0;
  const config = `
load_module ${modules}/ndk_http_module.so;
load_module ${modules}/ngx_http_lua_module.so;
${runningAsRoot ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} info;
events { worker_connections 1024; }
http {
  access_log off;
  ${temp}
  ${httpBlock.includes('lua_package_path') ? '' : `lua_package_path '${luaTrackerDir}/?.lua;;';`}
  ${httpBlock.replaceAll('{{PORT}}', String(port))}
}
`;
  const configFile = path.join(prefix, 'nginx.conf');
  writeFileSync(configFile, config);
  const child: ChildProcess = spawn(nginx, ['-p', prefix, '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    const file = path.join(prefix, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  try {
    await Promise.race([
      waitForFile(path.join(prefix, 'nginx.pid'), 15_000).then(() => waitForPort(port, 10_000)),
      exited.then(() => {
        const log = `${stderr}\n${errorLog()}`;
        if (log.includes('Address already in use')) throw new PortTaken(`port ${port} was taken before nginx bound it`);
        throw new Error(`nginx exited at start:\n${log}`);
      }),
    ]);
  } catch (error) {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    errorLog,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGQUIT');
        const killer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

const EXAMPLE_CONFIG = path.join(luaTrackerDir, 'examples/nginx.conf');

/** The README's example (examples/nginx.conf) as it is, pointed at this collector, port and Lua folder. */
export function trackingSite(collectorUrl: string, options: { timeoutMs?: number; flushIntervalMs?: number } = {}): string {
  const example = readFileSync(EXAMPLE_CONFIG, 'utf8');
  const replacements: [string, string][] = [
    ["'/usr/local/share/snowline/trackers/lua/?.lua;;'", `'${luaTrackerDir}/?.lua;;'`],
    ["collector_url = 'http://127.0.0.1:8080'", `collector_url = '${collectorUrl}'`],
    ['listen 127.0.0.1:8000;', 'listen 127.0.0.1:{{PORT}};'],
    ['flush_interval_ms = 100', `flush_interval_ms = ${options.flushIntervalMs ?? 100}`],
    ['timeout_ms = 2000', `timeout_ms = ${options.timeoutMs ?? 2000}`],
  ];
  let site = example;
  for (const [from, to] of replacements) {
    if (!site.includes(from)) throw new Error(`${EXAMPLE_CONFIG} no longer contains ${from}`);
    site = site.replace(from, to);
  }
  return site;
}
