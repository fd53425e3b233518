import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

function directoryWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('gives the embedded defaults when there is no file', () => {
    const { config, file } = loadConfig({ cwd: directoryWith({}), env: {} });
    expect(file).toBeUndefined();
    expect(config.dataDir).toBe('./data');
    expect(config.collector.port).toBe(8080);
    expect(config.collector.host).toBe('127.0.0.1');
    expect(Object.isFrozen(config.collector)).toBe(true);
  });

  it('reads snowline.config.yaml from the working directory', () => {
    const cwd = directoryWith({ 'snowline.config.yaml': 'collector:\n  port: 9999\n' });
    expect(loadConfig({ cwd, env: {} }).config.collector.port).toBe(9999);
  });

  it('names an unknown key and where it is', () => {
    const cwd = directoryWith({ 'snowline.config.json': '{"collector":{"prot":9999}}' });
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/collector\.prot: unknown key/);
  });

  it('names a key whose value has the wrong type', () => {
    const cwd = directoryWith({ 'snowline.config.json': '{"collector":{"port":"eighty"}}' });
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/collector\.port: .*number/);
  });

  it('reports a file that does not parse', () => {
    const cwd = directoryWith({ 'snowline.config.json': '{"collector":' });
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/cannot parse .*snowline\.config\.json/);
  });

  it('lets command-line overrides and then the environment win over the file', () => {
    const cwd = directoryWith({ 'snowline.config.json': '{"collector":{"port":1234}}' });
    const { config } = loadConfig({
      cwd,
      overrides: { 'collector.port': 4321 },
      env: { SNOWLINE_POSTGRES_URL: 'postgres://u@127.0.0.1:5/db' },
    });
    expect(config.collector.port).toBe(4321);
    expect(config.storage.postgresUrl).toBe('postgres://u@127.0.0.1:5/db');
  });

  it('fails when an explicitly named file is missing', () => {
    expect(() => loadConfig({ explicitFile: 'nope.json', cwd: directoryWith({}), env: {} })).toThrow(/does not exist/);
  });
});
