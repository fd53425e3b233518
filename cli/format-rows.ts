// Renders query results for the terminal (table), for programs (json) and for spreadsheets (csv).

export type OutputFormat = 'table' | 'json' | 'csv';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvCell(value: unknown): string {
  const text = cellText(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatRows(columns: readonly string[], rows: readonly Record<string, unknown>[], format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
    return `${lines.join('\r\n')}\r\n`;
  }
  const cells = rows.map((row) => columns.map((column) => cellText(row[column]).replace(/\s+/g, ' ')));
  const widths = columns.map((column, index) => Math.min(60, Math.max(column.length, ...cells.map((line) => line[index]!.length))));
  const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const header = columns.map((column, index) => clip(column, widths[index]!)).join(' | ');
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const body = cells.map((line) => line.map((text, index) => clip(text, widths[index]!)).join(' | '));
  return `${[header, rule, ...body].join('\n')}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}
