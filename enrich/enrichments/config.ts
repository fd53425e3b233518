import { z } from 'zod';

// The `enrich.enrichments` section: one object per enrichment, each with `enabled` and its parameters
// (the equivalents of Snowplow's enrichment JSON files; docs/enrich.md has an example of each).

const uaParser = z
  .object({
    enabled: z.boolean().default(true).describe('Parse the user agent with ua-parser-js 1.x.'),
    cacheSize: z.number().int().min(0).default(10_000).describe('Distinct user agents whose parse is kept (LRU); 0 disables the cache.'),
    fillAtomicFields: z.boolean().default(true).describe('Fill the deprecated `br_*`, `os_*`, `dvce_type`, `dvce_ismobile` columns.'),
    addContext: z.boolean().default(true).describe('Add the `ua_parser_context` entity to `derived_contexts`.'),
  })
  .strict();

const refererParser = z
  .object({
    enabled: z.boolean().default(true).describe('Classify the referrer into `refr_medium`, `refr_source`, `refr_term`.'),
    databasePath: z.string().min(1).nullable().default(null).describe('A referer database in the referer-parser JSON or YAML layout, used instead of the one shipped with Snowline.'),
    internalDomains: z.array(z.string().min(1)).default([]).describe('Referrer hosts counted as `internal` besides the page host itself.'),
  })
  .strict();

const campaignAttribution = z
  .object({
    enabled: z.boolean().default(true).describe('Fill `mkt_*` from page URL query parameters.'),
    mktMedium: z.array(z.string().min(1)).default(['utm_medium']).describe('Parameters for `mkt_medium`, first present wins.'),
    mktSource: z.array(z.string().min(1)).default(['utm_source']).describe('Parameters for `mkt_source`.'),
    mktTerm: z.array(z.string().min(1)).default(['utm_term']).describe('Parameters for `mkt_term`.'),
    mktContent: z.array(z.string().min(1)).default(['utm_content']).describe('Parameters for `mkt_content`.'),
    mktCampaign: z.array(z.string().min(1)).default(['utm_campaign']).describe('Parameters for `mkt_campaign`.'),
    clickIds: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe('Extra click-id parameters and their network, added to gclid → Google, msclkid → Microsoft, dclid → DoubleClick.'),
  })
  .strict();

const anonIp = z
  .object({
    enabled: z.boolean().default(false).describe('Anonymise `user_ipaddress` (after IP lookups, which use the full address).'),
    anonOctets: z.number().int().min(1).max(4).default(1).describe('IPv4: how many trailing octets become `x`.'),
    anonSegments: z.number().int().min(1).max(8).nullable().default(null).describe('IPv6: how many trailing segments become `x` (null: as many as anonOctets).'),
  })
  .strict();

const ipLookups = z
  .object({
    enabled: z.boolean().default(false).describe('Look the IP address up in MaxMind-format databases.'),
    geoDatabasePath: z.string().min(1).nullable().default(null).describe('GeoIP2/GeoLite2 City database (`.mmdb`): `geo_*` fields.'),
    ispDatabasePath: z.string().min(1).nullable().default(null).describe('GeoIP2 ISP database: `ip_isp`, `ip_organization`.'),
    domainDatabasePath: z.string().min(1).nullable().default(null).describe('GeoIP2 Domain database: `ip_domain`.'),
    connectionTypeDatabasePath: z.string().min(1).nullable().default(null).describe('GeoIP2 Connection-Type database: `ip_netspeed`.'),
  })
  .strict();

const eventFingerprint = z
  .object({
    enabled: z.boolean().default(true).describe('Fill `event_fingerprint` with a hash of the raw parameters.'),
    hashAlgorithm: z.enum(['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512']).default('MD5').describe('Hash of the fingerprint.'),
    excludeParameters: z.array(z.string()).default(['cv', 'eid', 'nuid', 'stm']).describe('Parameters left out of the hash (those that differ between duplicates).'),
  })
  .strict();

const cookieExtractor = z
  .object({
    enabled: z.boolean().default(false).describe('Add an `org.ietf/http_cookie` entity per listed cookie found in `Cookie` headers.'),
    cookies: z.array(z.string().min(1)).default(['sp']).describe('Cookie names to extract.'),
  })
  .strict();

const httpHeaderExtractor = z
  .object({
    enabled: z.boolean().default(false).describe('Add an `org.ietf/http_header` entity per request header whose name matches.'),
    headersPattern: z.string().default('.*').describe('Regular expression (case-insensitive) on header names.'),
  })
  .strict();

const crossNavigation = z
  .object({
    enabled: z.boolean().default(false).describe('Add the `cross_navigation` entity for `_sp` links (the `refr_domain_userid`/`refr_dvce_tstamp` columns are always filled).'),
  })
  .strict();

const botDetection = z
  .object({
    enabled: z.boolean().default(false).describe('Add the `com.iab.snowplow/spiders_and_robots` entity.'),
    useIsbotList: z.boolean().default(true).describe('Classify user agents with the `isbot` pattern list.'),
    excludeUseragents: z.array(z.string().min(1)).default([]).describe('User-agent substrings that mark a robot.'),
    includeUseragents: z.array(z.string().min(1)).default([]).describe('User-agent substrings that mark a browser even if a list says robot.'),
    ipRanges: z.array(z.string().min(1)).default([]).describe('IPv4/IPv6 CIDR ranges whose addresses are robots.'),
  })
  .strict();

const piiField = z
  .object({
    field: z.enum(['contexts', 'derived_contexts', 'unstruct_event']).describe('JSON field holding the value.'),
    schemaCriterion: z.string().regex(/^iglu:[^/]+\/[^/]+\/[^/]+\/([0-9]+|\*)-([0-9]+|\*)-([0-9]+|\*)$/).describe('Which entities, e.g. `iglu:com.acme/user/jsonschema/1-*-*`.'),
    jsonPath: z.string().regex(/^\$(\.[A-Za-z0-9_$-]+|\[\*\]|\[\d+\])+$/).describe('Path inside the entity `data`, e.g. `$.email` or `$.emails[*]`.'),
  })
  .strict();

const piiPseudonymization = z
  .object({
    enabled: z.boolean().default(false).describe('Replace personal data with salted hashes.'),
    fields: z.array(z.string().min(1)).default([]).describe('Atomic string fields to hash, e.g. `user_id`, `user_ipaddress`.'),
    jsonFields: z.array(piiField).default([]).describe('Values inside entities or the self-describing event to hash.'),
    hashFunction: z.enum(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']).default('SHA-256').describe('Hash function.'),
    salt: z.string().default('').describe('Salt prepended to every value before hashing (better set from the environment).'),
    emitEvent: z.boolean().default(false).describe('Also emit a `pii_transformation` event holding the original values, linked by `parent_event`.'),
    anonymousOnly: z.boolean().default(false).describe('Only pseudonymise requests sent with the `SP-Anonymous` header.'),
  })
  .strict();

const javascript = z
  .object({
    enabled: z.boolean().default(false).describe('Run a user function `process(event, params, headers)` on every event.'),
    scriptPath: z.string().min(1).nullable().default(null).describe('File defining `function process(event, params, headers)`.'),
    script: z.string().min(1).nullable().default(null).describe('The script inline instead of a file.'),
    timeoutMs: z.number().int().min(1).max(10_000).default(200).describe('Time limit of one call; beyond it the event becomes an enrichment failure.'),
    parameters: z.record(z.string(), z.unknown()).default({}).describe('Passed to `process` as `params`.'),
  })
  .strict();

export const enrichmentsConfigSchema = z
  .object({
    uaParser: uaParser.default(uaParser.parse({})),
    refererParser: refererParser.default(refererParser.parse({})),
    campaignAttribution: campaignAttribution.default(campaignAttribution.parse({})),
    anonIp: anonIp.default(anonIp.parse({})),
    ipLookups: ipLookups.default(ipLookups.parse({})),
    eventFingerprint: eventFingerprint.default(eventFingerprint.parse({})),
    cookieExtractor: cookieExtractor.default(cookieExtractor.parse({})),
    httpHeaderExtractor: httpHeaderExtractor.default(httpHeaderExtractor.parse({})),
    crossNavigation: crossNavigation.default(crossNavigation.parse({})),
    botDetection: botDetection.default(botDetection.parse({})),
    piiPseudonymization: piiPseudonymization.default(piiPseudonymization.parse({})),
    javascript: javascript.default(javascript.parse({})),
  })
  .strict();

export type EnrichmentsConfig = z.infer<typeof enrichmentsConfigSchema>;
