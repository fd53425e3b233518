// Builds one sketch (.ino) with an Arduino library for a board: the sketch and the library with -Wall -Wextra,
// bundled core libraries (EEPROM, SPI, ...) as the IDE would, the cached core.a, LTO, then Intel HEX.
// Outputs are cached by content hash, so a repeated build of unchanged sources is a lookup.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARDUINO_UNO, boardDefines, compilerFor, LINK_FLAGS, requireAvrTools, WARNING_FLAGS, type BoardTarget } from './avr-toolchain.ts';
import { cachedDirectory, ContentHash } from './build-cache.ts';
import { buildCoreArchive, coreIncludeFlags } from './core-archive.ts';
import { measureFootprint, type Footprint } from './footprint.ts';
import { parseDiagnostics, runTool, type CompilerDiagnostic } from './run-compiler.ts';
import { resolveBundledLibraries } from './bundled-libraries.ts';
import { CODE_EXTENSIONS, hashTree, listFiles, listSources, objectName } from './source-files.ts';

export interface SketchBuildRequest {
  /** Path of the .ino file. */
  readonly sketchPath: string;
  /** Root of the Arduino library under test (the folder with library.properties and src/), if any. */
  readonly libraryDir?: string;
  readonly board?: BoardTarget;
  /** Extra -D definitions, e.g. { SNOWLINE_MAX_EVENTS: '4' }. */
  readonly defines?: Readonly<Record<string, string>>;
}

export interface SketchBuild {
  readonly elfPath: string;
  readonly hexPath: string;
  readonly footprint: Footprint;
  /** Every warning, deduplicated (a header included by several files warns once). */
  readonly warnings: readonly CompilerDiagnostic[];
  /** Warnings whose location is inside the library under test. */
  readonly libraryWarnings: readonly CompilerDiagnostic[];
  readonly sketchWarnings: readonly CompilerDiagnostic[];
  readonly bundledLibraries: readonly string[];
  readonly fromCache: boolean;
  readonly cacheKey: string;
}

interface BuildRecord {
  warnings: CompilerDiagnostic[];
  bundledLibraries: string[];
  footprint: Footprint;
}

const RECORD_FILE = 'build.json';
// Bumped when the recipe or the record format changes, so old cache entries are not reused.
const RECIPE_VERSION = '1';

export async function compileSketch(request: SketchBuildRequest): Promise<SketchBuild> {
  const board = request.board ?? ARDUINO_UNO;
  const tools = requireAvrTools();
  const sketchPath = path.resolve(request.sketchPath);
  if (!existsSync(sketchPath)) throw new Error(`sketch not found: ${sketchPath}`);
  const librarySrc = request.libraryDir ? path.join(path.resolve(request.libraryDir), 'src') : undefined;
  if (librarySrc && !existsSync(librarySrc)) throw new Error(`library has no src/ folder: ${request.libraryDir}`);
  const core = await buildCoreArchive(board, tools);
  const sketchSource = readFileSync(sketchPath, 'utf8');
  const bundled = resolveBundledLibraries([sketchPath, ...(librarySrc ? listFiles(librarySrc, CODE_EXTENSIONS) : [])]);
  const defines = Object.entries(request.defines ?? {}).map(([name, value]) => `-D${name}=${value}`);

  const hash = new ContentHash()
    .add('recipe', RECIPE_VERSION)
    .add('core', core.key)
    .add('sketch', sketchSource)
    .add('sketch-name', path.basename(sketchPath))
    .add('defines', defines.join(' '))
    .add('flags', [...WARNING_FLAGS, ...LINK_FLAGS].join(' '));
  if (librarySrc) hashTree(hash, 'library', librarySrc);
  for (const library of bundled) hashTree(hash, `bundled/${path.basename(path.dirname(library))}`, library);
  const cacheKey = hash.digest();

  const { dir, fromCache } = await cachedDirectory('sketch', cacheKey, async (buildDir) => {
    const includes = [...coreIncludeFlags(board), ...(librarySrc ? ['-I', librarySrc] : []), ...bundled.flatMap((library) => ['-I', library])];
    const common = [...boardDefines(board), ...defines, ...includes];
    // The IDE's preprocessing, minus prototype generation: Arduino.h first, then the sketch with its own line numbers.
    const sketchCpp = path.join(buildDir, `${path.basename(sketchPath)}.cpp`);
    writeFileSync(sketchCpp, `#include <Arduino.h>\n#line 1 "${sketchPath}"\n${sketchSource}`);
    const units = [
      { source: sketchCpp, warnings: WARNING_FLAGS, object: path.join(buildDir, 'sketch.o') },
      ...(librarySrc ? listSources(librarySrc) : []).map((source) => ({
        source, warnings: WARNING_FLAGS, object: path.join(buildDir, `library__${objectName(librarySrc!, source)}`),
      })),
      ...bundled.flatMap((library) => listSources(library).map((source) => ({
        source, warnings: ['-w'], object: path.join(buildDir, `bundled__${objectName(path.dirname(library), source)}`),
      }))),
    ];
    const outputs = await Promise.all(units.map(async (unit) => {
      const compiler = compilerFor(tools, unit.source)!;
      const result = await runTool(compiler.command, [...compiler.flags, ...unit.warnings, ...common, unit.source, '-o', unit.object], `compiling ${unit.source}`);
      return result.stderr;
    }));
    const elfPath = path.join(buildDir, 'firmware.elf');
    const link = await runTool(
      tools.gcc,
      [...WARNING_FLAGS, ...LINK_FLAGS, `-mmcu=${board.mcu}`, '-o', elfPath, ...units.map((unit) => unit.object), core.archivePath, '-lm'],
      `linking ${sketchPath}`,
    );
    await runTool(tools.objcopy, ['-O', 'ihex', '-R', '.eeprom', elfPath, path.join(buildDir, 'firmware.hex')], 'avr-objcopy');
    const record: BuildRecord = {
      warnings: dedupe(parseDiagnostics([...outputs, link.stderr].join('\n')).filter((diagnostic) => diagnostic.severity === 'warning')),
      bundledLibraries: bundled.map((library) => path.basename(path.dirname(library))),
      footprint: await measureFootprint(tools.size, elfPath, board.mcu),
    };
    writeFileSync(path.join(buildDir, RECORD_FILE), JSON.stringify(record, null, 2));
  });

  const record = JSON.parse(readFileSync(path.join(dir, RECORD_FILE), 'utf8')) as BuildRecord;
  const inside = (root: string | undefined) => (diagnostic: CompilerDiagnostic) =>
    root !== undefined && path.resolve(diagnostic.file).startsWith(root + path.sep);
  return {
    elfPath: path.join(dir, 'firmware.elf'),
    hexPath: path.join(dir, 'firmware.hex'),
    footprint: record.footprint,
    warnings: record.warnings,
    libraryWarnings: record.warnings.filter(inside(librarySrc ? path.dirname(librarySrc) : undefined)),
    sketchWarnings: record.warnings.filter((diagnostic) => path.resolve(diagnostic.file) === sketchPath),
    bundledLibraries: record.bundledLibraries,
    fromCache,
    cacheKey,
  };
}

function dedupe(diagnostics: CompilerDiagnostic[]): CompilerDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${path.resolve(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
