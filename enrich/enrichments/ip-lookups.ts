// IP lookups in MaxMind-format databases with the `maxmind` reader (reference: snowplow-modern.md §4.2 step 18):
// City → geo_*, ISP → ip_isp/ip_organization, Domain → ip_domain, Connection-Type → ip_netspeed. A lookup that
// finds nothing, or an address that is not an IP, leaves the fields empty: it never fails the event.

import { isIP } from 'node:net';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { Enrichment } from '../pipeline/enrichment.ts';
import type { EnrichmentsConfig } from './config.ts';

interface CityRecord {
  country?: { iso_code?: string };
  subdivisions?: { iso_code?: string; names?: Record<string, string> }[];
  city?: { names?: Record<string, string> };
  postal?: { code?: string };
  location?: { latitude?: number; longitude?: number; time_zone?: string };
}

interface IspRecord {
  isp?: string;
  organization?: string;
  autonomous_system_organization?: string;
}

type AnyReader = Reader<Response>;

/** Database strings are clipped to their column (a long city name must not turn the event into a bad row). */
function clip(value: string | undefined, maxLength: number): string | null {
  return value === undefined || value === '' ? null : value.slice(0, maxLength);
}

async function openDatabase(path: string | null): Promise<AnyReader | null> {
  if (path === null) return null;
  return maxmind.open<Response>(path, { watchForUpdates: false });
}

function lookup<T>(reader: AnyReader | null, ip: string): T | null {
  if (reader === null) return null;
  try {
    return (reader.get(ip) as T | null) ?? null;
  } catch {
    return null;
  }
}

export async function ipLookupsEnrichment(config: EnrichmentsConfig['ipLookups']): Promise<Enrichment> {
  const [geo, isp, domain, connectionType] = await Promise.all([
    openDatabase(config.geoDatabasePath),
    openDatabase(config.ispDatabasePath),
    openDatabase(config.domainDatabasePath),
    openDatabase(config.connectionTypeDatabasePath),
  ]);
  return {
    identifier: 'ip_lookups',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-1',
    apply(event, context) {
      // The collector's address, not a tracker's `ip` override, unless the collector recorded none (2013 rule).
      const ip = isIP(context.raw.payload.ipAddress) !== 0 ? context.raw.payload.ipAddress : event.user_ipaddress;
      if (ip === null || isIP(ip) === 0) return null;
      const city = lookup<CityRecord>(geo, ip);
      if (city !== null) {
        const subdivision = city.subdivisions?.[0];
        event.geo_country = clip(city.country?.iso_code, 2);
        event.geo_region = clip(subdivision?.iso_code, 3);
        event.geo_region_name = clip(subdivision?.names?.en, 100);
        event.geo_city = clip(city.city?.names?.en, 75);
        event.geo_zipcode = clip(city.postal?.code, 15);
        event.geo_latitude = city.location?.latitude ?? null;
        event.geo_longitude = city.location?.longitude ?? null;
        event.geo_timezone = clip(city.location?.time_zone, 64);
      }
      const ispRecord = lookup<IspRecord>(isp, ip);
      if (ispRecord !== null) {
        event.ip_isp = clip(ispRecord.isp, 100);
        event.ip_organization = clip(ispRecord.organization ?? ispRecord.autonomous_system_organization, 100);
      }
      const domainRecord = lookup<{ domain?: string }>(domain, ip);
      if (domainRecord !== null) event.ip_domain = clip(domainRecord.domain, 100);
      const connection = lookup<{ connection_type?: string }>(connectionType, ip);
      if (connection !== null) event.ip_netspeed = clip(connection.connection_type, 100);
      return null;
    },
  };
}
