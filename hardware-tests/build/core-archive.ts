// Compiles the Arduino core (and board variant) once per board and toolchain into a cached core.a.
import path from 'node:path';
import { cachedDirectory, compilerVersion, ContentHash } from './build-cache.ts';
import { ARDUINO_UNO, boardDefines, compilerFor, CORE_DIR, requireAvrTools, type AvrTools, type BoardTarget } from './avr-toolchain.ts';
import { runTool } from './run-compiler.ts';
import { hashTree, listSources, objectName } from './source-files.ts';

export interface CoreArchive {
  readonly archivePath: string;
  readonly key: string;
  readonly fromCache: boolean;
}

export function coreIncludeFlags(board: BoardTarget): string[] {
  return ['-I', CORE_DIR, '-I', board.variantDir];
}

export function coreKey(tools: AvrTools, board: BoardTarget): string {
  const hash = new ContentHash()
    .add('gcc', compilerVersion(tools.gcc))
    .add('defines', boardDefines(board).join(' '));
  hashTree(hash, 'core', CORE_DIR);
  hashTree(hash, 'variant', board.variantDir);
  return hash.digest();
}

export async function buildCoreArchive(board: BoardTarget = ARDUINO_UNO, tools: AvrTools = requireAvrTools()): Promise<CoreArchive> {
  const key = coreKey(tools, board);
  const { dir, fromCache } = await cachedDirectory('core', key, async (buildDir) => {
    const sources = [...listSources(CORE_DIR, false), ...listSources(board.variantDir)];
    const objects = await Promise.all(
      sources.map(async (source) => {
        const compiler = compilerFor(tools, source)!;
        const object = path.join(buildDir, objectName(path.dirname(CORE_DIR), source));
        await runTool(
          compiler.command,
          [...compiler.flags, '-w', ...boardDefines(board), ...coreIncludeFlags(board), source, '-o', object],
          `compiling the Arduino core (${path.basename(source)})`,
        );
        return object;
      }),
    );
    await runTool(tools.ar, ['rcs', path.join(buildDir, 'core.a'), ...objects], 'archiving the Arduino core');
  });
  return { archivePath: path.join(dir, 'core.a'), key, fromCache };
}
