// Regenerates the options section of docs/collector.md from the config schema:
//   node scripts/run-ts.mjs collector/docs/write-collector-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectorOptionsMarkdown } from './collector-options-table.ts';

export const COLLECTOR_DOC = fileURLToPath(new URL('../../docs/collector.md', import.meta.url));
const BEGIN = '<!-- BEGIN OPTIONS: generated from collector/config.ts by collector/docs/write-collector-doc.ts -->';
const END = '<!-- END OPTIONS -->';

/** The document with its options section replaced by a fresh rendering of the schema. */
export function withGeneratedOptions(document: string): string {
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`docs/collector.md lacks the markers ${BEGIN} … ${END}`);
  return `${document.slice(0, begin + BEGIN.length)}\n${collectorOptionsMarkdown()}\n${document.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(COLLECTOR_DOC, withGeneratedOptions(readFileSync(COLLECTOR_DOC, 'utf8')));
  process.stdout.write(`wrote ${COLLECTOR_DOC}\n`);
}
