// Builds library-host-scenarios.cpp with the Arduino library's real sources for the host (g++), against the
// library's own host stand-in for the Arduino core (trackers/arduino/test/host/Arduino.h), cached by content hash.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTool } from '../../test-support/require-tool.ts';
import { cachedDirectory, compilerVersion, ContentHash } from '../build/build-cache.ts';
import { parseDiagnostics, runTool, type CompilerDiagnostic } from '../build/run-compiler.ts';
import { hashTree, listSources } from '../build/source-files.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS_SOURCE = path.join(here, 'library-host-scenarios.cpp');
const LIBRARY_DIR = path.resolve(here, '../../trackers/arduino');
const HOST_CORE_DIR = path.join(LIBRARY_DIR, 'test/host');

export interface HostBuild {
  readonly executable: string;
  /** g++ -Wall -Wextra warnings, located in the library's sources. */
  readonly libraryWarnings: readonly CompilerDiagnostic[];
}

export async function buildLibraryHostScenarios(): Promise<HostBuild> {
  const gxx = requireTool('g++', 'g++');
  const librarySrc = path.join(LIBRARY_DIR, 'src');
  const hash = new ContentHash().add('scenarios', readFileSync(SCENARIOS_SOURCE)).add('g++', compilerVersion(gxx));
  hashTree(hash, 'library', librarySrc);
  hashTree(hash, 'host-core', HOST_CORE_DIR, false);
  const { dir } = await cachedDirectory('library-host', hash.digest(), async (buildDir) => {
    const { stderr } = await runTool(gxx, [
      '-std=gnu++11', '-Wall', '-Wextra', '-O1', `-I${HOST_CORE_DIR}`, `-I${librarySrc}`,
      '-o', path.join(buildDir, 'library-host-scenarios'), SCENARIOS_SOURCE, ...listSources(librarySrc),
    ], 'host build of the Arduino library (g++)');
    writeFileSync(path.join(buildDir, 'warnings.json'), JSON.stringify(parseDiagnostics(stderr).filter((d) => d.severity === 'warning')));
  });
  const warnings = JSON.parse(readFileSync(path.join(dir, 'warnings.json'), 'utf8')) as CompilerDiagnostic[];
  return {
    executable: path.join(dir, 'library-host-scenarios'),
    libraryWarnings: warnings.filter((warning) => path.resolve(warning.file).startsWith(LIBRARY_DIR + path.sep)),
  };
}

export interface ScenarioOutput {
  /** Labelled byte dumps, in order. */
  readonly bytes: Map<string, Buffer>;
  /** Labelled tracker/client states. */
  readonly states: Map<string, Record<string, number | boolean>>;
  /** Other labelled lines. */
  readonly values: Map<string, string>;
}

export async function runHostScenario(executable: string, scenario: string): Promise<ScenarioOutput> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(executable, [scenario], { encoding: 'utf8', timeout: 10_000 }, (error, out, err) => (error ? reject(new Error(`${scenario}: ${error.message}\n${err}`)) : resolve(out)));
  });
  const output: ScenarioOutput = { bytes: new Map(), states: new Map(), values: new Map() };
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [kind, label = '', value = ''] = line.split('\t');
    if (kind === 'bytes') output.bytes.set(label, Buffer.from(value, 'hex'));
    else if (kind === 'state') output.states.set(label, JSON.parse(value) as Record<string, number | boolean>);
    else if (kind === 'value') output.values.set(label, value);
    else throw new Error(`${scenario}: unexpected output line ${JSON.stringify(line)}`);
  }
  return output;
}
