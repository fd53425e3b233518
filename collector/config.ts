import { z } from 'zod';

// The `collector` section of snowline.config.json. Units are in the names; every option is described so that
// docs/collector.md can be generated from this schema (collector/docs/generate-options-table.ts).

const cookieSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Set the network user id cookie on every non-anonymous response.'),
    name: z.string().min(1).regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/).default('sp').describe('Name of the network user id cookie.'),
    expirationDays: z.number().positive().default(365).describe('Cookie `Expires` is now plus this many days, re-issued on every hit.'),
    domains: z.array(z.string().min(1)).default([]).describe('Cookie domains: the first one that the request `Origin` host equals or ends with `.<domain>` is used.'),
    fallbackDomain: z.string().min(1).nullable().default(null).describe('Cookie domain when no configured domain matches the `Origin` (no `Domain=` attribute when null).'),
    secure: z.boolean().default(true).describe('Add the `Secure` attribute.'),
    httpOnly: z.boolean().default(true).describe('Add the `HttpOnly` attribute.'),
    sameSite: z.enum(['None', 'Lax', 'Strict']).nullable().default('None').describe('`SameSite` attribute (null: not sent).'),
    clientCookieName: z.string().min(1).nullable().default(null).describe('Name of a second cookie with the same value but without `HttpOnly`, readable by page scripts (null: not sent).'),
  })
  .strict();

const doNotTrackCookieSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Honour a do-not-track cookie: answer normally, record nothing, set no cookie.'),
    name: z.string().default('').describe('Name of the do-not-track cookie.'),
    valuePattern: z.string().default('').describe('Regular expression the whole cookie value must match for the request to be ignored.'),
  })
  .strict();

const cookieBounceSchema = z
  .object({
    enabled: z.boolean().default(false).describe('For pixel requests without the cookie, redirect once to the same URL with `<name>=true` to test whether third-party cookies stick.'),
    name: z.string().min(1).default('n3pc').describe('Query parameter that marks the bounced request.'),
    fallbackNetworkUserId: z.string().uuid().default('00000000-0000-4000-a000-000000000000').describe('Network user id used when the bounced request still carries no cookie.'),
    forwardedProtocolHeader: z.string().min(1).nullable().default(null).describe('Header (e.g. `X-Forwarded-Proto`) that gives the scheme of the bounce URL behind a TLS-terminating proxy.'),
  })
  .strict();

const corsSchema = z
  .object({
    allowedOrigins: z.array(z.string().min(1)).nullable().default(null).describe('Origins (`scheme://host[:port]`) answered with `Access-Control-Allow-Origin: <origin>` and credentials; null echoes every origin. Others get `*` without credentials.'),
    allowedHeaders: z.array(z.string().min(1)).default(['Content-Type', 'SP-Anonymous']).describe('`Access-Control-Allow-Headers` of preflight answers.'),
    maxAgeSeconds: z.number().int().min(0).default(3600).describe('`Access-Control-Max-Age` of preflight answers.'),
  })
  .strict();

const redirectSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Serve `GET /r/tp2?u=<url>` click redirects (404 `redirects disabled` otherwise; the event is recorded either way).'),
    allowedHosts: z.array(z.string().min(1)).default([]).describe('Hosts a redirect may go to, compared exactly; empty denies every target (400).'),
  })
  .strict();

const crossDomainSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Serve `/crossdomain.xml`.'),
    domains: z.array(z.string().min(1)).default(['*']).describe('`allow-access-from` domains of `/crossdomain.xml`.'),
    secure: z.boolean().default(true).describe('`secure` attribute of `/crossdomain.xml` entries.'),
  })
  .strict();

const rootResponseSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Answer `GET /` with the configured response (404 otherwise).'),
    statusCode: z.number().int().min(200).max(599).default(302).describe('Status of the root response.'),
    headers: z.record(z.string(), z.string()).default({}).describe('Headers of the root response, e.g. `{"Location": "https://example.com"}`.'),
    body: z.string().default('').describe('Body of the root response.'),
  })
  .strict();

const limitsSchema = z
  .object({
    dropPayloadSizeBytes: z.number().int().positive().default(2 * 1024 * 1024).describe('A request body above this is answered 413 and nothing is recorded.'),
    maxPayloadSizeBytes: z.number().int().positive().default(1024 * 1024).describe('A raw record above this becomes a `size_violation` bad row (HTTP 200).'),
    maxRequestLineBytes: z.number().int().positive().default(20480).describe('Longest request target (path and query string); longer is 400.'),
    maxHeaderBytes: z.number().int().positive().default(40960).describe('Largest total size of the request headers; larger is 400.'),
  })
  .strict();

const timeoutsSchema = z
  .object({
    headersTimeoutMs: z.number().int().positive().default(10_000).describe('A client must send all request headers within this time (slow-loris guard).'),
    requestTimeoutMs: z.number().int().positive().default(30_000).describe('A client must send the whole request, body included, within this time.'),
    idleTimeoutMs: z.number().int().positive().default(5_000).describe('A keep-alive connection with no request in flight is closed after this time.'),
    responseTimeoutMs: z.number().int().positive().default(30_000).describe('A request not answered within this time (e.g. a stalled disk) gets 408.'),
  })
  .strict();

const backpressureSchema = z
  .object({
    maxUnshippedBytes: z.number().int().positive().default(1024 * 1024 * 1024).describe('High-water mark on spooled plus sealed-but-unshipped raw bytes; above it tracking requests get 503 and `/sink-health` fails.'),
    minFreeDiskBytes: z.number().int().min(0).default(256 * 1024 * 1024).describe('Below this much free space on the data disk, tracking requests get 503 and `/sink-health` fails.'),
    retryAfterSeconds: z.number().int().positive().default(10).describe('`Retry-After` of 503 answers.'),
    checkIntervalMs: z.number().int().positive().default(1000).describe('How often free disk space is measured.'),
  })
  .strict();

const s3SinkSchema = z
  .object({
    type: z.literal('s3'),
    bucket: z.string().min(1).describe('Bucket of the raw archive.'),
    prefix: z.string().default('raw/').describe('Key prefix; objects are `<prefix><yyyy>/<mm>/<dd>/<hostId>/<sealed name>.gz`.'),
    region: z.string().default('us-east-1').describe('AWS region.'),
    endpoint: z.string().url().nullable().default(null).describe('Endpoint of an S3-compatible store (null: AWS).'),
    forcePathStyle: z.boolean().default(false).describe('Path-style URLs (needed by most S3-compatible stores).'),
    checksumsWhenRequiredOnly: z.boolean().default(false).describe('Send and check checksums only when the API requires them (needed by s3rver and other S3-compatible stores that mishandle aws-chunked uploads).'),
    maxAttempts: z.number().int().positive().default(8).describe('Upload attempts per file before it waits for the next round.'),
    initialBackoffMs: z.number().int().positive().default(200).describe('First retry delay; doubles per attempt.'),
    maxBackoffMs: z.number().int().positive().default(30_000).describe('Longest retry delay.'),
  })
  .strict()
  .describe('Gzip each sealed file and upload it; the local copy is deleted only after the upload is confirmed, unless a `local` sink is also configured. Credentials come from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`).');

const rawSinkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local') }).strict().describe('Keep sealed files in `<dataDir>/raw/sealed/` (needed by in-process enrich).'),
  s3SinkSchema,
  z.object({ type: z.literal('stdout') }).strict().describe('Write the records of each sealed file to standard output as NDJSON, for piping.'),
]);

export const collectorConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('Address the collector listens on.'),
    port: z.number().int().min(0).max(65535).default(8080).describe('TCP port of the collector (0: a random free port).'),
    hostId: z.string().regex(/^[a-z0-9]+$/).nullable().default(null).describe('Id of this collector in sealed-file names and S3 keys (lower-case letters and digits; null: derived from the machine host name).'),
    /** Sealed spool files are handed to enrich after at most this long. */
    rotateAfterMs: z.number().int().positive().default(1000).describe('Seal the open spool file after this many ms (when it holds records).'),
    rotateAfterBytes: z.number().int().positive().default(64 * 1024 * 1024).describe('Seal the open spool file once it reaches this size.'),
    concurrentSyncs: z.number().int().min(1).max(16).default(3).describe('How many spool fsyncs may overlap (each covers the batches written before it). Overlapping fsyncs complete together on most disks; each one holds a libuv thread-pool thread (4 by default, `UV_THREADPOOL_SIZE`), so leave one free for other file work.'),
    paths: z.record(z.string().regex(/^\/[^/]+\/[^/]+$/), z.string().regex(/^\/[^/]+\/[^/]+$/)).default({}).describe('Path aliases, e.g. `{"/com.acme/t": "/com.snowplowanalytics.snowplow/tp2"}`; the target is what the raw record holds. Two-segment paths only.'),
    cookie: cookieSchema.default(cookieSchema.parse({})).describe('Network user id cookie.'),
    doNotTrackCookie: doNotTrackCookieSchema.default(doNotTrackCookieSchema.parse({})).describe('Do-not-track cookie.'),
    cookieBounce: cookieBounceSchema.default(cookieBounceSchema.parse({})).describe('Cookie bounce.'),
    cors: corsSchema.default(corsSchema.parse({})).describe('CORS.'),
    redirect: redirectSchema.default(redirectSchema.parse({})).describe('Click redirects.'),
    crossDomain: crossDomainSchema.default(crossDomainSchema.parse({})).describe('Flash cross-domain policy.'),
    rootResponse: rootResponseSchema.default(rootResponseSchema.parse({})).describe('Response to `GET /`.'),
    trustedProxies: z.array(z.string().min(1)).default([]).describe('Addresses or CIDR ranges (e.g. `10.0.0.0/8`) whose `X-Forwarded-For` / `Forwarded` headers are believed; everyone else is identified by the socket address.'),
    limits: limitsSchema.default(limitsSchema.parse({})).describe('Size limits.'),
    timeouts: timeoutsSchema.default(timeoutsSchema.parse({})).describe('Timeouts.'),
    backpressure: backpressureSchema.default(backpressureSchema.parse({})).describe('High-water marks.'),
    sinks: z.array(rawSinkSchema).min(1).default([{ type: 'local' }]).describe('Where sealed raw files go: `local`, `s3`, `stdout` (several allowed).'),
    shutdownDeadlineMs: z.number().int().positive().default(10_000).describe('On SIGTERM, in-flight requests get this long before the spool is sealed and the process exits.'),
  })
  .strict();

export type CollectorConfig = z.infer<typeof collectorConfigSchema>;
export type CollectorConfigInput = z.input<typeof collectorConfigSchema>;
export type RawSinkConfig = CollectorConfig['sinks'][number];
export type S3SinkConfig = Extract<RawSinkConfig, { type: 's3' }>;
