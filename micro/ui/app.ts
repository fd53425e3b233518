// The inspector: a live list of events over server-sent events, filters, a detail view with enriched fields,
// entities and the raw request, bad rows with their reasons, and a dashboard of charts.
import { barChart, rankingChart } from './charts.ts';

interface Summary {
  seq: number;
  kind: 'good' | 'bad';
  receivedAt: string;
  event: string | null;
  schema: string | null;
  appId: string | null;
  userId: string | null;
  deviceId: string | null;
  pageUrl: string | null;
  reason?: string | null;
}

const API = '/micro';
const MAX_ROWS = 500;
const summaries: Summary[] = [];
let selectedSeq: number | undefined;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function filters(): Record<string, string> {
  const form = new FormData(byId<HTMLFormElement>('filters'));
  return Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value).trim().toLowerCase()]).filter(([, value]) => value !== ''));
}

function matches(summary: Summary, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => String(summary[key as keyof Summary] ?? '').toLowerCase().includes(value));
}

function timeOf(iso: string): string {
  return iso.slice(11, 23);
}

function eventRow(summary: Summary, fresh: boolean): HTMLTableRowElement {
  const row = element('tr');
  row.dataset.seq = String(summary.seq);
  if (fresh) row.classList.add('fresh');
  if (summary.seq === selectedSeq) row.classList.add('selected');
  row.append(
    element('td', timeOf(summary.receivedAt)),
    Object.assign(element('td'), { innerHTML: `<span class="badge ${summary.kind}">${summary.kind}</span>` }),
    element('td', summary.event ?? ''),
    element('td', summary.schema ?? ''),
    element('td', summary.appId ?? ''),
    element('td', summary.deviceId ?? summary.userId ?? ''),
  );
  row.addEventListener('click', () => void showDetail(summary.seq, summary.kind === 'bad' && currentTab() === 'bad' ? 'bad-detail' : 'detail'));
  return row;
}

function badRow(summary: Summary): HTMLTableRowElement {
  const row = element('tr');
  row.dataset.seq = String(summary.seq);
  const type = (summary.schema ?? '').replace(/^iglu:com\.snowplowanalytics\.snowplow\.badrows\//, '').replace(/\/jsonschema.*$/, '');
  row.append(element('td', timeOf(summary.receivedAt)), element('td', type), element('td', summary.appId ?? ''), element('td', summary.reason ?? '', 'reason'));
  row.addEventListener('click', () => void showDetail(summary.seq, 'bad-detail'));
  return row;
}

function renderLists(freshSeq?: number): void {
  const wanted = filters();
  const body = byId<HTMLTableElement>('events').tBodies[0]!;
  body.replaceChildren(...summaries.filter((summary) => matches(summary, wanted)).map((summary) => eventRow(summary, summary.seq === freshSeq)));
  const badBody = byId<HTMLTableElement>('bad-rows').tBodies[0]!;
  badBody.replaceChildren(...summaries.filter((summary) => summary.kind === 'bad').map(badRow));
}

function keyValueTable(entries: Array<[string, unknown]>, offending: ReadonlySet<string> = new Set()): HTMLTableElement {
  const table = element('table');
  for (const [key, value] of entries) {
    const row = element('tr');
    if (offending.has(key)) row.classList.add('offending');
    row.append(element('td', key), element('td', typeof value === 'object' ? JSON.stringify(value) : String(value)));
    table.append(row);
  }
  return table;
}

function pre(value: unknown): HTMLPreElement {
  return element('pre', JSON.stringify(value, null, 2));
}

/** Field names that a bad row's failure messages point at (tracker-protocol and schema violations name them). */
function offendingFields(failure: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'field' || key === 'fieldName') && typeof value === 'string') names.add(value);
        // Schema violations point at the parameter with a JSON path: `$.vid`.
        if (key === 'path' && typeof value === 'string' && value.startsWith('$.')) names.add(value.slice(2).split(/[.[]/)[0]!);
        visit(value);
      }
    }
  };
  visit(failure);
  return names;
}

function reasons(failure: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of ['expectation', 'error', 'message']) if (typeof record[key] === 'string') out.push(record[key] as string);
      for (const value of Object.values(record)) if (typeof value === 'object') visit(value);
    }
  };
  visit(failure);
  return [...new Set(out)];
}

async function showDetail(seq: number, panelId: 'detail' | 'bad-detail'): Promise<void> {
  selectedSeq = seq;
  const panel = byId<HTMLElement>(panelId);
  panel.hidden = false;
  panel.replaceChildren(element('p', 'loading…'));
  const response = await fetch(`${API}/event/${seq}`);
  const detail = (await response.json()) as Record<string, any>;
  if (!response.ok) {
    panel.replaceChildren(element('p', detail.error ?? 'not found', 'reason'));
    return;
  }
  const parts: HTMLElement[] = [];
  if (detail.summary.kind === 'good') {
    parts.push(element('h2', `${detail.eventType} ${detail.schema ?? ''}`));
    const event = detail.event as Record<string, unknown>;
    const fields = Object.entries(event).filter(([key, value]) => value !== null && !key.startsWith('contexts_') && !key.startsWith('unstruct_event_'));
    parts.push(element('h3', 'enriched fields'), keyValueTable(fields));
    const entities = Object.entries(event).filter(([key]) => key.startsWith('contexts_') || key.startsWith('unstruct_event_'));
    parts.push(element('h3', 'entities and self-describing event'), ...(entities.length ? [pre(Object.fromEntries(entities))] : [element('p', 'none')]));
  } else {
    const failure = detail.badRow.data.failure;
    parts.push(element('h2', detail.summary.schema.replace(/^iglu:/, '')));
    parts.push(element('h3', 'reason'), ...reasons(failure).map((text) => element('p', text, 'reason')));
    const offending = offendingFields(failure);
    if (detail.rawEvent) parts.push(element('h3', 'request parameters (offending fields marked)'), keyValueTable(Object.entries(detail.rawEvent.parameters), offending));
    parts.push(element('h3', 'bad row'), pre(detail.badRow));
  }
  if (detail.rawEvent) parts.push(element('h3', 'raw request'), pre(detail.rawEvent));
  panel.replaceChildren(...parts);
  renderLists();
}

function currentTab(): string {
  return document.querySelector<HTMLButtonElement>('nav button.active')?.dataset.tab ?? 'live';
}

function card(title: string, content: Element | string, empty = false): HTMLElement {
  const box = element('div', undefined, 'card');
  box.append(element('h2', title), empty ? element('p', 'nothing yet') : typeof content === 'string' ? element('div', content, 'big') : content);
  return box;
}

async function renderDashboard(): Promise<void> {
  const stats = (await (await fetch(`${API}/stats`)).json()) as Record<string, any>;
  const perMinute = stats.eventsPerMinute as Array<{ minute: string; good: number; bad: number }>;
  const perDay = stats.perDay as Array<{ day: string; pageViews: number; uniqueUsers: number }>;
  const devices = stats.devices as Array<{ deviceId: string; events: number; lastSeen: string }>;
  const deviceTable = keyValueTable(devices.map((device) => [device.deviceId, `${device.events} events, last seen ${device.lastSeen.replace('T', ' ').slice(0, 19)}`]));
  byId('cards').replaceChildren(
    card('Events per minute (last hour)', barChart(perMinute.map((bucket) => bucket.minute), [
      { name: 'good', color: '#1a7f4b', values: perMinute.map((bucket) => bucket.good) },
      { name: 'bad', color: '#c4322f', values: perMinute.map((bucket) => bucket.bad) },
    ], 'events per minute')),
    card('Page views per day', barChart(perDay.map((day) => day.day.slice(5)), [{ name: 'page views', color: '#2459d6', values: perDay.map((day) => day.pageViews) }], 'page views per day')),
    card('Unique users per day', barChart(perDay.map((day) => day.day.slice(5)), [{ name: 'users', color: '#7a5af8', values: perDay.map((day) => day.uniqueUsers) }], 'unique users per day')),
    card('Top pages', rankingChart(stats.topPages.map((row: any) => ({ label: row.page, value: row.pageViews })), 'top pages'), stats.topPages.length === 0),
    card('Top referrers', rankingChart(stats.topReferrers.map((row: any) => ({ label: row.referrer, value: row.events })), 'top referrers'), stats.topReferrers.length === 0),
    card('Events per device', rankingChart(devices.map((device) => ({ label: device.deviceId, value: device.events })), 'events per device'), devices.length === 0),
    card('Devices last seen', devices.length ? deviceTable : element('p', 'no device events yet')),
    card('Bad-row rate', `${(stats.totals.badRate * 100).toFixed(1)} %  (${stats.totals.bad} of ${stats.totals.total})`),
  );
}

function updateCounts(): void {
  const good = summaries.filter((summary) => summary.kind === 'good').length;
  byId('counts').textContent = `${summaries.length} events · ${good} good · ${summaries.length - good} bad`;
}

function connect(): void {
  const source = new EventSource(`${API}/stream`);
  const status = byId('connection');
  source.onopen = () => {
    status.textContent = 'live';
    status.classList.remove('offline');
  };
  source.onerror = () => {
    status.textContent = 'reconnecting…';
    status.classList.add('offline');
  };
  const onRecord = (message: MessageEvent<string>) => {
    const summary = JSON.parse(message.data) as Summary;
    summaries.unshift(summary);
    if (summaries.length > MAX_ROWS) summaries.length = MAX_ROWS;
    renderLists(summary.seq);
    updateCounts();
    if (currentTab() === 'dashboard') void renderDashboard();
  };
  source.addEventListener('good', onRecord as EventListener);
  source.addEventListener('bad', onRecord as EventListener);
}

async function start(): Promise<void> {
  for (const button of document.querySelectorAll<HTMLButtonElement>('nav button')) {
    button.addEventListener('click', () => {
      document.querySelectorAll('nav button, .tab').forEach((node) => node.classList.remove('active'));
      button.classList.add('active');
      byId(button.dataset.tab!).classList.add('active');
      if (button.dataset.tab === 'dashboard') void renderDashboard();
    });
  }
  byId<HTMLFormElement>('filters').addEventListener('input', () => renderLists());
  const recent = (await (await fetch(`${API}/recent?limit=${MAX_ROWS}`)).json()) as Summary[];
  summaries.push(...recent);
  renderLists();
  updateCounts();
  connect();
}

void start();
