// Small SVG charts for the dashboard: no charting library, no CDN, so the inspector works offline.

const NS = 'http://www.w3.org/2000/svg';

function svg(width: number, height: number, label: string): SVGSVGElement {
  const element = document.createElementNS(NS, 'svg');
  element.setAttribute('viewBox', `0 0 ${width} ${height}`);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  return element;
}

function add(parent: Element, name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

/** Stacked vertical bars, one per label. */
export function barChart(labels: readonly string[], series: readonly Series[], label: string): SVGSVGElement {
  const width = 600;
  const height = 180;
  const chart = svg(width, height, label);
  const totals = labels.map((_, index) => series.reduce((sum, item) => sum + (item.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotHeight = height - 30;
  // A few bars stay bar-shaped instead of filling the whole width.
  const barWidth = Math.min(width / Math.max(1, labels.length), 40);
  labels.forEach((text, index) => {
    let y = plotHeight;
    for (const item of series) {
      const value = item.values[index] ?? 0;
      const barHeight = (value / max) * (plotHeight - 10);
      y -= barHeight;
      const bar = add(chart, 'rect', { x: index * barWidth + 1, y, width: Math.max(1, barWidth - 2), height: barHeight, fill: item.color, class: 'bar' });
      add(bar, 'title', {}, `${text}: ${value} ${item.name}`);
    }
    const every = Math.ceil(labels.length / 8);
    if (index % every === 0) add(chart, 'text', { x: index * barWidth + 2, y: height - 12, 'font-size': 11, fill: '#667085' }, text);
  });
  add(chart, 'text', { x: width - 4, y: 12, 'font-size': 11, fill: '#667085', 'text-anchor': 'end' }, `max ${max}`);
  return chart;
}

/** Horizontal bars with their labels, for top-N lists. */
export function rankingChart(rows: ReadonlyArray<{ label: string; value: number }>, label: string): SVGSVGElement {
  const rowHeight = 22;
  const width = 600;
  const chart = svg(width, Math.max(rowHeight, rows.length * rowHeight), label);
  const max = Math.max(1, ...rows.map((row) => row.value));
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    add(chart, 'rect', { x: 0, y: y + 3, width: Math.max(2, (row.value / max) * (width * 0.55)), height: rowHeight - 6, fill: '#2459d6', class: 'bar' });
    add(chart, 'text', { x: width * 0.57, y: y + 15, 'font-size': 12, fill: '#1d2330' }, `${row.value}  ${row.label.slice(0, 60)}`);
  });
  return chart;
}
