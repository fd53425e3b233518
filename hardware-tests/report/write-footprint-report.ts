// `npm run hardware:report`: builds every Arduino example, prints the footprint table and writes it into
// docs/hardware.md between the footprint markers. Exits non-zero when an example is over its budget or the
// library has compiler warnings, so the report cannot quietly record a regression.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { footprintTable, measureFootprints } from './footprint-report.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/hardware.md');
const START = '<!-- footprint-table:start -->';
const END = '<!-- footprint-table:end -->';

const report = await measureFootprints();
const table = footprintTable(report);
process.stdout.write(`${table}\n`);

const doc = readFileSync(DOC, 'utf8');
const start = doc.indexOf(START);
const end = doc.indexOf(END);
if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} … ${END} section`);
const measuredOn = `Measured by \`npm run hardware:report\` on ${new Date().toISOString().slice(0, 10)}.`;
writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${table}\n\n${measuredOn}\n${doc.slice(end)}`);
process.stdout.write(`written to ${path.relative(process.cwd(), DOC)}\n`);

const over = report.examples.filter((row) => row.withinBudget === false).map((row) => row.example);
const warned = report.examples.filter((row) => row.libraryWarnings > 0).map((row) => row.example);
if (over.length > 0) process.stderr.write(`over the footprint budget: ${over.join(', ')}\n`);
if (warned.length > 0) process.stderr.write(`library warnings when building: ${warned.join(', ')}\n`);
process.exitCode = over.length > 0 || warned.length > 0 ? 1 : 0;
