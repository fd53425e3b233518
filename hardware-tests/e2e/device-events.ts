// Reads what the devices produced from atomic.events, with the device entity unpacked, and checks the properties
// every scenario ends with: one row per event, the device entity, device timestamps that never go back within a
// boot, and sequence numbers 1, 2, 3 ... without gap or repeat.
import { expect } from 'vitest';

export interface DeviceEventRow {
  event_id: string;
  app_id: string | null;
  platform: string | null;
  event: string | null;
  se_category: string | null;
  se_action: string | null;
  se_label: string | null;
  se_property: string | null;
  se_value: number | null;
  dvce_created_tstamp: Date | null;
  dvce_sent_tstamp: Date | null;
  collector_tstamp: Date;
  v_tracker: string | null;
  device_id: string;
  boot_id: string;
  sequence: number;
  firmware_version: string | null;
  uptime_ms: number | null;
  dropped_total: number | null;
  transport: string | null;
}

/** Every event that carries the device entity, oldest first per device, boot and sequence. */
export const DEVICE_EVENTS_SQL = `
  select e.event_id::text, e.app_id, e.platform, e.event, e.se_category, e.se_action, e.se_label, e.se_property,
         e.se_value::float8 as se_value, e.dvce_created_tstamp, e.dvce_sent_tstamp, e.collector_tstamp, e.v_tracker,
         d->'data'->>'deviceId' as device_id, d->'data'->>'bootId' as boot_id,
         (d->'data'->>'sequence')::float8 as sequence, d->'data'->>'firmwareVersion' as firmware_version,
         (d->'data'->>'uptimeMs')::float8 as uptime_ms, (d->'data'->>'droppedTotal')::float8 as dropped_total,
         d->'data'->>'transport' as transport
    from atomic.events e
    cross join lateral jsonb_array_elements(coalesce(e.contexts->'data', '[]'::jsonb)) d
   where d->>'schema' like 'iglu:io.snowline/device/jsonschema/1-%'`;

export function deviceEventsQuery(filter = ''): string {
  return `${DEVICE_EVENTS_SQL} ${filter ? `and ${filter}` : ''} order by device_id, boot_id, sequence`;
}

export function groupByDeviceAndBoot(rows: readonly DeviceEventRow[]): Map<string, DeviceEventRow[]> {
  const groups = new Map<string, DeviceEventRow[]>();
  for (const row of rows) {
    const key = `${row.device_id}|${row.boot_id}`;
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.sequence - b.sequence);
  return groups;
}

/**
 * The invariants of a device's event stream in atomic.events: event ids unique (nothing duplicated), sequence
 * numbers of each boot 1..n with no gap (nothing lost), device uptimes that never go backwards within a boot, and
 * (unless `dtmInOrder: false`) dvce_created_tstamp in the same order.
 */
export function expectCompleteDeviceStreams(rows: readonly DeviceEventRow[], options: { dtmInOrder?: boolean } = {}): void {
  expect(new Set(rows.map((row) => row.event_id)).size, 'event ids are unique').toBe(rows.length);
  for (const [key, group] of groupByDeviceAndBoot(rows)) {
    expect({ stream: key, sequences: group.map((row) => row.sequence) }).toEqual({
      stream: key,
      sequences: group.map((_, index) => index + 1),
    });
    for (let index = 1; index < group.length; index++) {
      const previous = group[index - 1]!;
      const current = group[index]!;
      // The device's own clock: uptime when tracked never goes back within a boot.
      expect(current.uptime_ms!, `${key}: uptimeMs of seq ${current.sequence}`).toBeGreaterThanOrEqual(previous.uptime_ms!);
      // The bridge's dtm is its receive time minus the device-measured time the event waited. It keeps the
      // device's order only when device ms are wall-clock ms: true for a real board, and for an emulated one only
      // while the emulation keeps pace with the wall clock, which a loaded CI machine cannot promise for events
      // that waited through retransmissions. Scenarios whose events are delivered at once ask for the check.
      if (options.dtmInOrder !== false && previous.dvce_created_tstamp && current.dvce_created_tstamp) {
        expect(current.dvce_created_tstamp.getTime(), `${key}: dvce_created_tstamp of seq ${current.sequence}`)
          .toBeGreaterThanOrEqual(previous.dvce_created_tstamp.getTime());
      }
    }
  }
}
